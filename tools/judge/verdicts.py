"""Turning a judge's verdict lines into judgment rows.

A verdict line reads ``N V [field:w|ok|na ...] [#cause] why``: N the record's number in the
batch, V the overall verdict (``r`` right, ``p`` partly, ``w`` wrong), then per-field overrides
by short name (see ``kinds.FIELDS``), an optional cause tag, and a short reason in the judge's
own words. A field not named is ``ok`` when the record fills it and ``na`` when it is empty.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from .kinds import FIELDS, field_value, judgment_key, key_values

__all__ = ["JUDGE", "VERSION", "Verdict", "build_judgment", "parse_verdict"]

VERSION = "judge/1"
JUDGE = "helper-judge"

_OVERALL = {"r": "right", "p": "partly", "w": "wrong"}
_FIELD = {"w": "wrong", "wrong": "wrong", "ok": "ok", "na": "na"}

Verdict = tuple[int, str, dict[str, str], str | None, str]


def parse_verdict(line: str, kind: str) -> Verdict:
    """Parse one verdict line; raise ValueError saying what is wrong with it."""
    parts = line.split()
    if len(parts) < 2:
        raise ValueError(f"verdict line {line!r}: write 'N r|p|w [field:w ...] [#cause] why'")
    try:
        number = int(parts[0])
    except ValueError as exc:
        raise ValueError(f"verdict line {line!r}: the first word must be the record number") from exc
    overall = _OVERALL.get(parts[1].lower())
    if overall is None:
        raise ValueError(f"verdict line {line!r}: the verdict must be r, p or w, not {parts[1]!r}")
    names = FIELDS[kind]
    fields: dict[str, str] = {}
    cause: str | None = None
    rest = parts[2:]
    while rest:
        word = rest[0]
        if word.startswith("#") and cause is None:
            cause = word[1:]
        elif ":" in word and word.split(":", 1)[0] in names:
            short, value = word.split(":", 1)
            if value not in _FIELD:
                raise ValueError(f"verdict line {line!r}: field verdict must be w, ok or na, not {value!r}")
            fields[names[short]] = _FIELD[value]
        else:
            break
        rest = rest[1:]
    why = " ".join(rest)
    if not why and overall != "right":
        raise ValueError(f"verdict line {line!r}: say briefly why the record is not right")
    return number, overall, fields, cause, why


def build_judgment(
    record: Mapping[str, Any],
    verdict: Verdict,
    *,
    set_name: str,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """Return the judgment row for a record: key values, verdicts, reason, judge, date, version."""
    _, overall, overrides, cause, why = verdict
    kind = str(record["kind"])
    fields: dict[str, str] = {}
    for name in FIELDS[kind].values():
        default = "na" if field_value(record, name) in (None, "", []) else "ok"
        fields[name] = overrides.get(name, default)
    if overall == "right" and "wrong" in fields.values():
        raise ValueError(f"record {verdict[0]}: a right record cannot have a wrong field ({fields})")
    _, article_id, start, end, _ = judgment_key(record)
    return {
        "set": set_name,
        "kind": kind,
        "article_id": article_id,
        "start": start,
        "end": end,
        "key": key_values(record),
        "fields": fields,
        "verdict": overall,
        "cause": cause,
        "why": why,
        "judge": JUDGE,
        "date": (today or dt.date.today()).isoformat(),
        "tool": VERSION,
    }
