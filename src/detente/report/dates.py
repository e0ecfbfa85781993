"""Dates as a reader says them: "Friday 16 May", "over the weekend of 10–11 May", "Thursday 15 or
Friday 16 May", and the reports' disagreements said once ("reports differ: 15 or 16 May")."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from detente.records import Conflict, Event, Story


def parse_day(value: str | None) -> dt.date | None:
    """A contract date as a day (its first day for a month or a year), or None."""
    if not value:
        return None
    padded = value + "-01-01" if len(value) == 4 else value + "-01" if len(value) == 7 else value
    try:
        return dt.date.fromisoformat(padded[:10])
    except ValueError:
        return None


def say_date(value: str | None, year: int | None = None, weekday: bool = True) -> str:
    """A date as a reader says it: "Friday 16 May", "16 May 2022", "May 2025", "2022".

    The year is left out when it is `year` (the briefing's own year)."""
    if not value:
        return ""
    d = parse_day(value)
    if d is None:
        return value
    tail = "" if year == d.year else f" {d.year}"
    if len(value) == 4:
        return str(d.year)
    if len(value) == 7:
        return f"{d.strftime('%B')}{tail}"
    head = f"{d.strftime('%A')} " if weekday and year == d.year else ""
    return f"{head}{d.day} {d.strftime('%B')}{tail}"


def say_when(date: str | None, date_end: str | None = None, year: int | None = None) -> str:
    """A date with its preposition: "on Friday 16 May", "from 10 to 11 May", "in March 2022"."""
    if not date:
        return ""
    if date_end and date_end != date and len(date) == 10:
        lo, hi = parse_day(date), parse_day(date_end)
        if lo and hi and lo.year == hi.year and lo.month == hi.month:
            tail = "" if year == hi.year else f" {hi.year}"
            if lo.weekday() == 5 and (hi - lo).days == 1:
                return f"over the weekend of {lo.day}–{hi.day} {hi.strftime('%B')}{tail}"
            return f"between {lo.day} and {hi.day} {hi.strftime('%B')}{tail}"
        return f"between {say_date(date, year, False)} and {say_date(date_end, year, False)}"
    return ("on " if len(date) == 10 else "in ") + say_date(date, year)


def say_choices(values: Sequence[str], field: str, year: int | None = None) -> str:
    """Two or more reported values joined as a reader says them: "15 or 16 May"."""
    if field == "date":
        days = [parse_day(v) for v in values]
        if all(d is not None and len(v) == 10 for d, v in zip(days, values, strict=True)):
            known = [d for d in days if d is not None]
            if len({(d.year, d.month) for d in known}) == 1:
                tail = "" if year == known[0].year else f" {known[0].year}"
                nums = [str(d.day) for d in sorted(known)]
                return f"{', '.join(nums[:-1])} or {nums[-1]} {known[0].strftime('%B')}{tail}"
        shown = [say_date(v, year, False) for v in values]
    elif field == "outcome":
        shown = ["held" if v == "occurred" else "not held" for v in values]
    else:
        shown = [f"{int(v):,}" if v.isdigit() else v for v in values]
    return ", ".join(shown[:-1]) + " or " + shown[-1] if len(shown) > 1 else "".join(shown)


def differ(conflicts: Sequence[Conflict], year: int | None = None) -> str:
    """The reports' disagreements, once, in words: "reports differ: 15 or 16 May"."""
    parts = []
    for c in conflicts:
        if c.field == "outcome":  # "held" in one report, "not held" in another: said by the hedge
            continue
        values = [str(v["value"]) for v in c.values]
        what = "" if c.field in ("date", "place", "outcome") else f"{c.field.removeprefix('count of ')} "
        parts.append(f"{what}{say_choices(values, c.field, year)}")
    return f"reports differ: {'; '.join(parts)}" if parts else ""


_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_EITHER = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\s+or\s+(" + "|".join(_WEEKDAYS) + r")\b")


def either_day(story: Story, events: Sequence[Event], year: int | None = None) -> str:
    """ "on Thursday 15 or Friday 16 May" when a report of the story's day gives two days ("on
    Thursday or Friday") and the day was resolved from the first; "" otherwise."""
    day = parse_day(story.date) if story.date and len(story.date) == 10 else None
    if day is None:
        return ""
    for e in events:
        found = _EITHER.search(e.evidence)
        if not found or e.date != story.date or _WEEKDAYS[day.weekday()] != found.group(1):
            continue
        gap = (_WEEKDAYS.index(found.group(2)) - day.weekday()) % 7 or 7
        other = day + dt.timedelta(days=gap)
        tail = "" if year == other.year else f" {other.year}"
        if other.month != day.month:
            return f"on {say_date(story.date, year)} or {say_date(other.isoformat(), year)}"
        return f"on {found.group(1)} {day.day} or {found.group(2)} {other.day} {other.strftime('%B')}{tail}"
    return ""


def best_date(story: Story, events: Sequence[Event]) -> str | None:
    """The story's date, or a more precise one its events give inside it ("March 2022" in "2022")."""
    date = story.date
    if date and len(date) < 10:
        finer = sorted(
            {e.date for e in events if e.date and len(e.date) > len(date) and e.date.startswith(date)}
        )
        if len(finer) == 1:
            return finer[0]
    return date
