"""What is judged for each kind of record: the key values and the fields given a verdict.

A judgment never stores article text. Values that are spans of the article (a quote's words,
a position's topic, a role's title) enter the key only as a short hash, so a judgment still matches the same
record in a later export without carrying the outlet's words.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["FIELDS", "KINDS", "field_value", "judgment_key", "key_values", "name_value", "text_hash"]

Record = Mapping[str, Any]


_NAME_WORDS = 6
"""Longer than this, a name is a description copied from the article, kept only as a hash."""


def text_hash(text: str | None) -> str | None:
    """Return a short stable hash of a text span, or None for no text."""
    if text is None:
        return None
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def _ref(record: Record, name: str) -> dict[str, Any] | None:
    ref = record.get(name)
    if not isinstance(ref, Mapping):
        return None
    return {"actor_id": ref.get("actor_id"), "name": ref.get("name")}


def _place(record: Record) -> str | None:
    place = record.get("place")
    if isinstance(place, Mapping):
        name = place.get("name")
        return str(name) if name is not None else None
    return None


def _parties(record: Record) -> list[str]:
    parties = record.get("parties") or []
    return sorted(str(p.get("actor_id") or p.get("name")) for p in parties if isinstance(p, Mapping))


def _event_key(r: Record) -> dict[str, Any]:
    return {
        "type": r.get("type"),
        "status": r.get("status"),
        "source": _ref(r, "source"),
        "target": _ref(r, "target"),
        "date": r.get("date"),
        "place": _place(r),
    }


def name_value(name: str | None) -> str | None:
    """A party's or speaker's name as a key value: a name as is, a long description (a span of
    the article, "the deal negotiated through …") only as a hash, like any other text."""
    if name is None or len(name.split()) <= _NAME_WORDS:
        return name
    return "#" + (text_hash(name) or "")


def _quote_key(r: Record) -> dict[str, Any]:
    return {
        "speaker": name_value(r.get("speaker")),
        "actor_id": r.get("actor_id"),
        "text_hash": text_hash(r.get("text")),
        "direct": r.get("direct"),
    }


def _position_key(r: Record) -> dict[str, Any]:
    return {
        "party": name_value(r.get("party")),
        "actor_id": r.get("actor_id"),
        "issue": r.get("issue"),
        "stance": r.get("stance"),
        "topic_hash": text_hash(r.get("topic")),
    }


def _role_key(r: Record) -> dict[str, Any]:
    return {
        "person": r.get("person"),
        "actor_id": r.get("actor_id"),
        "role_hash": text_hash(r.get("role")),
        "affiliation": r.get("affiliation"),
    }


def _story_key(r: Record) -> dict[str, Any]:
    return {
        "type": r.get("type"),
        "status": r.get("status"),
        "parties": _parties(r),
        "date": r.get("date"),
        "place": _place(r),
        "event_ids": sorted(r.get("event_ids") or []),
    }


KINDS: dict[str, Callable[[Record], dict[str, Any]]] = {
    "event": _event_key,
    "quote": _quote_key,
    "position": _position_key,
    "role": _role_key,
    "story": _story_key,
}

# The fields that get a verdict, with the short names used on a verdict line.
FIELDS: dict[str, dict[str, str]] = {
    "event": {
        "type": "type",
        "src": "source",
        "tgt": "target",
        "status": "status",
        "date": "date",
        "place": "place",
    },
    "quote": {"speaker": "speaker", "text": "text"},
    "position": {"party": "party", "issue": "issue", "stance": "stance"},
    "role": {"person": "person", "role": "role", "aff": "affiliation"},
    "story": {
        "events": "events",
        "type": "type",
        "status": "status",
        "parties": "parties",
        "date": "date",
        "place": "place",
    },
}


def field_value(record: Record, field: str) -> Any:
    """Return the value of a judged field, None when the record leaves it empty."""
    if field == "place":
        return _place(record)
    if field == "parties":
        return _parties(record) or None
    if field == "events":
        return record.get("event_ids") or None
    return record.get(field)


def key_values(record: Record) -> dict[str, Any]:
    """Return the judged field values of a record (its key, without the location)."""
    kind = str(record.get("kind"))
    if kind not in KINDS:
        raise ValueError(f"cannot judge records of kind {kind!r}; judged kinds: {', '.join(KINDS)}")
    return KINDS[kind](record)


def _location(record: Record) -> tuple[Any, Any, Any]:
    if record.get("kind") == "story":
        ids = sorted(record.get("event_ids") or [])
        return (ids[0].rsplit("-e", 1)[0] if ids else None, None, None)
    return (record.get("article_id"), record.get("start"), record.get("end"))


def judgment_key(record: Record) -> tuple[Any, ...]:
    """Return the hashable key that ties a record to its judgment: location plus values."""
    import json

    article_id, start, end = _location(record)
    values = json.dumps(key_values(record), sort_keys=True)
    return (record.get("kind"), article_id, start, end, values)
