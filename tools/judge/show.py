"""Printing a record for a judge: its sentence, the sentence before, and its fields compactly."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .store import Export

__all__ = ["context_before", "describe", "show_record"]

_ENDS = ".!?\n"
_MAX_CONTEXT = 300


def context_before(text: str, start: int) -> str:
    """Return the sentence (or line) that precedes offset ``start`` in ``text``."""
    head = text[:start].rstrip()
    if not head:
        return ""
    # Skip the boundary that closes the previous sentence, then find the one before it.
    cut = max(head.rfind(ch, 0, len(head) - 1) for ch in _ENDS)
    before = head[cut + 1 :].strip()
    if len(before) > _MAX_CONTEXT:
        before = "…" + before[-_MAX_CONTEXT:]
    return before


def _ref(ref: Any) -> str:
    if not isinstance(ref, Mapping):
        return "-"
    return f"{ref.get('name')} [{ref.get('actor_id')} {ref.get('country') or ''}/{ref.get('sector') or ''}]"


def _place(place: Any) -> str:
    if not isinstance(place, Mapping):
        return "-"
    return f"{place.get('name')} ({place.get('country') or '?'})"


def _event_line(r: Mapping[str, Any]) -> str:
    date = r.get("date") or "-"
    if r.get("date_end"):
        date += f"..{r['date_end']}"
    if r.get("date_text"):
        date += f" <{r['date_text']}>"
    return (
        f"{r.get('type')}/{r.get('mode') or '-'} cameo {r.get('cameo')} {str(r.get('status')).upper()} | "
        f"src {_ref(r.get('source'))} -> tgt {_ref(r.get('target'))} | trig <{r.get('trigger')}> | "
        f"date {date} | place {_place(r.get('place'))}"
    )


def describe(record: Mapping[str, Any]) -> str:
    """Return the judged fields of a record on one line."""
    kind = record.get("kind")
    if kind == "event":
        return _event_line(record)
    if kind == "quote":
        direct = "direct" if record.get("direct") else "indirect"
        return (
            f"speaker {record.get('speaker')} [{record.get('actor_id')} {record.get('country') or ''}] "
            f"{direct} cue <{record.get('cue')}> | text «{record.get('text')}»"
        )
    if kind == "position":
        return (
            f"party {record.get('party')} [{record.get('actor_id')} {record.get('country') or ''}/"
            f"{record.get('sector') or ''}] | issue {record.get('issue')} | stance {record.get('stance')} | "
            f"topic «{record.get('topic')}»"
        )
    if kind == "role":
        return (
            f"person {record.get('person')} [{record.get('actor_id')}] | role «{record.get('role')}» | "
            f"aff {record.get('affiliation')} ({record.get('country') or ''}/{record.get('sector') or ''})"
        )
    if kind == "story":
        parties = ", ".join(_ref(p) for p in record.get("parties") or [])
        date = record.get("date") or "-"
        if record.get("date_end"):
            date += f"..{record['date_end']}"
        return (
            f"{record.get('type')}/{record.get('mode') or '-'} {str(record.get('status')).upper()} | "
            f"parties {parties or '-'} | date {date} | place {_place(record.get('place'))} | "
            f"{len(record.get('event_ids') or [])} events, {record.get('sources')} sources, "
            f"conflicts {[c.get('field') for c in record.get('conflicts') or []]}"
        )
    return str(dict(record))


def _sentence(export: Export, record: Mapping[str, Any]) -> tuple[str, str]:
    text = export.texts.get(str(record.get("article_id")), "")
    start, end = record.get("start"), record.get("end")
    if isinstance(start, int) and isinstance(end, int) and text:
        return context_before(text, start), text[start:end]
    return "", str(record.get("evidence") or "")


def show_record(
    export: Export, record: Mapping[str, Any], number: int | None = None, *, events: int = 3
) -> str:
    """Return the text a judge reads for one record (for a story, its first events too)."""
    label = f"[{number}] " if number is not None else ""
    if record.get("kind") == "story":
        lines = [f"{label}story {record.get('id')}", f"  {describe(record)}"]
        for event_id in (record.get("event_ids") or [])[:events]:
            event = export.events.get(str(event_id))
            if event is None:
                lines.append(f"    ({event_id}: not in this export)")
                continue
            before, sentence = _sentence(export, event)
            lines.append(f"    {event_id}: {_event_line(event)}")
            lines.append(f"      SENT: {sentence}")
        return "\n".join(lines)
    before, sentence = _sentence(export, record)
    return "\n".join(
        [
            f"{label}{record.get('kind')} {record.get('article_id')} {record.get('start')}-{record.get('end')}",
            f"  before: {before}",
            f"  SENT: {sentence}",
            f"  {describe(record)}",
        ]
    )
