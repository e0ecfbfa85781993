"""Drafts and the records they become: one `Event` per source, repeats within a sentence dropped.

A `Draft` is what the trigger finder hands on: the trigger's tokens, its lexicon coding and
the parties read from the parse. Pairing, status, date and place finish it; `to_events` then
writes the records, and `SentenceEvents` keeps one of each (type, source, target, status) per
sentence ("A met B" and a two-sided "B met A" are one meeting).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from detente.lexicon.triggers import Lexeme
from detente.records import ActorRef, Event, Place

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from detente.extract.dates import DateValue


@dataclass(slots=True)
class Draft:
    """An event found but not yet finished: its trigger, coding and arguments."""

    trigger: list[Token]
    lex: Lexeme
    sources: list[ActorRef]
    targets: list[ActorRef]
    anchor: Token  # the token whose clause gives status, date and place
    inferred: bool = False


@dataclass(frozen=True, slots=True)
class Sides:
    """Who faces whom in one event, and whether the pairing was inferred rather than read."""

    sources: list[ActorRef]
    targets: list[ActorRef]
    inferred: bool = False


def to_events(
    article_id: str,
    d: Draft,
    lex: Lexeme,
    sides: Sides,
    status: str,
    date: DateValue | None,
    place: Place | None,
    sent: Span,
    n: int,
    attributed_to: ActorRef | None = None,
) -> Iterator[Event]:
    """The records of a finished draft: one per source (each facing the first target), numbered from `n`."""
    sources, targets = sides.sources, sides.targets
    trigger = " ".join(t.text for t in sorted(d.trigger, key=lambda t: t.i))
    confidence = 0.5 if sides.inferred else 0.8 if (sources and (targets or d.lex.no_target)) else 0.6
    pairs = (
        [(s, targets[0] if targets else None) for s in sources]
        if sources
        else [(None, t) for t in targets[:1]]
    )
    evidence, start, end = sentence_span(sent)
    for k, (src, tgt) in enumerate(pairs):
        yield Event(
            id=f"{article_id}-e{n + k}",
            article_id=article_id,
            type=lex.type,
            mode=lex.mode,
            cameo=lex.cameo,
            status=status,  # type: ignore[arg-type]
            source=src,
            target=tgt,
            trigger=trigger,
            date=date.date if date else None,
            date_end=date.date_end if date else None,
            date_precision=date.precision if date else None,
            date_text=date.text if date else None,
            place=place,
            evidence=evidence,
            start=start,
            end=end,
            confidence=confidence,
            attributed_to=attributed_to,
        )


class SentenceEvents:
    """The events of one sentence without repeats (a two-sided one read either way round)."""

    def __init__(self) -> None:
        self.seen: set[tuple[str, str, str, str]] = set()

    def is_new(self, ev: Event, sym: bool) -> bool:
        """Whether `ev` is not yet among the sentence's events; it is then counted as seen."""
        key = (ev.type, ref_key(ev.source), ref_key(ev.target), ev.status)
        rkey = (ev.type, ref_key(ev.target), ref_key(ev.source), ev.status)
        if key in self.seen or (sym and rkey in self.seen):
            return False
        self.seen.add(key)
        return True


def sentence_span(sent: Span) -> tuple[str, int, int]:
    """A sentence's text without surrounding whitespace, with matching offsets."""
    text = sent.text
    stripped = text.strip()
    start = sent.start_char + len(text) - len(text.lstrip())
    return stripped, start, start + len(stripped)


def dedupe(refs: list[ActorRef]) -> list[ActorRef]:
    """The refs without repeats of one party, in order."""
    out: list[ActorRef] = []
    for r in refs:
        if all(ref_key(r) != ref_key(o) for o in out):
            out.append(r)
    return out


def ref_key(ref: ActorRef | None) -> str:
    """What makes two refs one party: the actor, else the country, else the name."""
    if ref is None:
        return ""
    return ref.actor_id or ref.country or ref.name
