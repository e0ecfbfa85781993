"""Short forms for views that hold a story without its events (the web's story list): the date
in words and one sentence per story, both written by the realiser (`report/realise.py`)."""

from __future__ import annotations

from detente.records import ActorRef, Story
from detente.report.realise import parse_day, realise


def day(value: str | None) -> str:
    """A contract date as words with its year: "16 May 2025", "May 2025", "2025"."""
    if not value:
        return ""
    d = parse_day(value)
    if d is None:
        return value
    if len(value) == 4:
        return str(d.year)
    if len(value) == 7:
        return d.strftime("%B %Y")
    return f"{d.day} {d.strftime('%B %Y')}"


def names(parties: tuple[ActorRef, ...]) -> tuple[str, str]:
    """The two sides' display names ("" when a side is missing)."""
    a = parties[0].name if parties else ""
    b = parties[1].name if len(parties) > 1 else ""
    return a, b


def story_sentence(story: Story, with_date: bool = True) -> str:
    """One sentence for a story from its own record (no events): type, parties, state, place, date."""
    return realise(story, (), with_date=with_date).text
