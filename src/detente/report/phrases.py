"""Sentences written from structured facts — the briefing never pastes an article's sentence.

"Russia and Ukraine held talks in Istanbul on 16 May 2025"; "Vladimir Putin rejected a
proposal from Ukraine"; "Russia and Ukraine are due to exchange prisoners".
"""

from __future__ import annotations

import datetime as dt

from detente.records import ActorRef, Story

# Per type (and mode): verb phrases for occurred, planned, negated, hypothetical; {a} and {b}
# are the parties ("{ab}" both, for two-sided types).
_PHRASES: dict[str, tuple[str, str, str, str]] = {
    "CONSULT": ("{ab} held talks", "{ab} are due to meet", "{ab} did not meet", "{ab} might meet"),
    "CONSULT/visit": (
        "{a} travelled{to}",
        "{a} is expected to travel{to}",
        "{a} did not travel{to}",
        "{a} might travel{to}",
    ),
    "CONSULT/phone": (
        "{ab} spoke by phone",
        "{ab} are due to speak by phone",
        "{ab} did not speak",
        "{ab} might speak",
    ),
    "CONSULT/third-party": (
        "{a} mediated{with}",
        "{a} is due to mediate{with}",
        "{a} did not mediate{with}",
        "{a} might mediate{with}",
    ),
    "AGREE": (
        "{ab} reached an agreement or offer",
        "{ab} are expected to agree",
        "{ab} did not agree",
        "{ab} might agree",
    ),
    "SUPPORT": (
        "{ab} signed or endorsed a text",
        "{ab} are due to sign",
        "{ab} did not sign",
        "{ab} might sign",
    ),
    "CONCEDE": (
        "{a} made a concession{to}",
        "{a} is expected to concede{to}",
        "{a} made no concession{to}",
        "{a} might concede{to}",
    ),
    "COOPERATE": (
        "{ab} cooperated",
        "{ab} plan to cooperate",
        "{ab} did not cooperate",
        "{ab} might cooperate",
    ),
    "AID": (
        "{a} gave aid{to}",
        "{a} is due to give aid{to}",
        "{a} gave no aid{to}",
        "{a} might give aid{to}",
    ),
    "RETREAT": (
        "{ab} carried out a withdrawal or release",
        "{ab} are due to withdraw or release",
        "{ab} did not withdraw",
        "{ab} might withdraw",
    ),
    "RETREAT/release": (
        "{ab} exchanged or released prisoners",
        "{ab} are due to exchange prisoners",
        "{ab} did not exchange prisoners",
        "{ab} might exchange prisoners",
    ),
    "RETREAT/return": (
        "{ab} returned bodies or people",
        "{ab} are due to return bodies or people",
        "{ab} did not return them",
        "{ab} might return them",
    ),
    "RETREAT/ceasefire": (
        "{ab} declared a truce",
        "{ab} are due to declare a truce",
        "{ab} declared no truce",
        "{ab} might declare a truce",
    ),
    "REQUEST": (
        "{a} made demands{of}",
        "{a} is expected to make demands{of}",
        "{a} made no demand{of}",
        "{a} might make demands{of}",
    ),
    "REJECT": (
        "{a} rejected a proposal{from}",
        "{a} is expected to reject a proposal{from}",
        "{a} did not reject it",
        "{a} might reject a proposal{from}",
    ),
    "ACCUSE": (
        "{a} accused or criticised{b}",
        "{a} is expected to accuse{b}",
        "{a} did not accuse{b}",
        "{a} might accuse{b}",
    ),
    "THREATEN": (
        "{a} threatened{b}",
        "{a} is expected to threaten{b}",
        "{a} did not threaten{b}",
        "{a} might threaten{b}",
    ),
    "PROTEST": (
        "protests took place against{b}",
        "protests are planned against{b}",
        "no protests took place",
        "protests might follow",
    ),
    "SANCTION": (
        "{a} cut ties or imposed penalties on{b}",
        "{a} plans penalties on{b}",
        "{a} imposed no penalties",
        "{a} might impose penalties",
    ),
    "MOBILIZE": (
        "{a} deployed forces",
        "{a} is due to deploy forces",
        "{a} did not deploy forces",
        "{a} might deploy forces",
    ),
    "COERCE": (
        "{a} seized, detained or restricted{b}",
        "{a} plans to restrict{b}",
        "{a} did not restrict{b}",
        "{a} might restrict{b}",
    ),
    "ASSAULT": (
        "{a} attacked{b}",
        "{a} is expected to attack{b}",
        "{a} did not attack{b}",
        "{a} might attack{b}",
    ),
}
_STATUS = {"occurred": 0, "planned": 1, "negated": 2, "hypothetical": 3}


def day(value: str | None) -> str:
    """A contract date as words: "16 May 2025", "May 2025", "2025"."""
    if not value:
        return ""
    parts = value.split("-")
    try:
        if len(parts) == 3:
            d = dt.date.fromisoformat(value)
            return f"{d.day} {d.strftime('%B %Y')}"
        if len(parts) == 2:
            return dt.date(int(parts[0]), int(parts[1]), 1).strftime("%B %Y")
    except ValueError:
        return value
    return value


def names(parties: tuple[ActorRef, ...]) -> tuple[str, str]:
    """The two sides' display names ("" when a side is missing)."""
    a = parties[0].name if parties else ""
    b = parties[1].name if len(parties) > 1 else ""
    return _tidy(a), _tidy(b)


def _tidy(name: str) -> str:
    return name[:1].upper() + name[1:] if name.lower().startswith("the ") else name


def story_sentence(story: Story, with_date: bool = True) -> str:
    """One sentence for a story event: who, what (by type, mode and status), where and when."""
    a, b = names(story.parties)
    key = (
        f"{story.type}/{story.mode}"
        if story.mode and f"{story.type}/{story.mode}" in _PHRASES
        else story.type
    )
    template = _PHRASES.get(key, _PHRASES["CONSULT"])[_STATUS.get(story.status, 0)]
    ab = f"{a} and {b}" if a and b else a or b or "The parties"
    place = story.place.name if story.place else ""
    text = template.format(
        a=a or "One side",
        ab=ab,
        b=f" {b}" if b else "",
        to=f" to {place}" if place and "/visit" in key else (f" to {b}" if b else ""),
        of=f" of {b}" if b else "",
        **{"from": f" from {b}" if b else "", "with": f" with {b}" if b else ""},
    )
    if not b:  # one party: the verbs agree with it
        text = text.replace(" are ", " is ").replace(" plan to ", " plans to ")
    if place and "/visit" not in key:
        text += f" in {place}"
    if with_date and story.date:
        when = day(story.date)
        if story.date_end and story.date_end != story.date:
            when += f" to {day(story.date_end)}"
        text += f" on {when}" if len(story.date) == 10 else f" in {when}"
    return text[:1].upper() + text[1:]
