"""Finishing an event: pairing its parties, its status, date and place, and the records it becomes.

`EventFinisher` is the second half of `events.EventReader`: the reader finds triggers and
their arguments as drafts; the finisher decides who faces whom ("A and B met" pairs them; "A
and B will meet C" gives each of them C; a one-sided talk gets the other main party), turns
an un-happened offer into a refusal, reads date and place around the trigger, and emits one
event per source.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from detente.codes import is_state_code
from detente.extract.dates import DateMention
from detente.extract.events.attach import event_date, event_place
from detente.extract.parties import Parties
from detente.extract.status import status_of
from detente.lexicon.triggers import Lexeme, Lexicon
from detente.records import ActorRef, Article, Event

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from detente.extract.dateline import Dateline
    from detente.extract.places import PlaceMention

# Words of an offer another party can answer: "rejected the proposal" answers its maker.
OFFERS = frozenset(
    {"propose", "proposal", "offer", "plan", "initiative", "idea", "draft", "suggest", "suggestion"}
)
# Verbs whose object is whom the subjects meet, not what they discuss.
_MEET_WHOM = frozenset({"meet", "host", "receive", "visit", "join", "call", "phone"})


@dataclass(slots=True)
class Draft:
    """An event found but not yet finished: its trigger, coding and arguments."""

    trigger: list[Token]
    lex: Lexeme
    sources: list[ActorRef]
    targets: list[ActorRef]
    anchor: Token  # the token whose clause gives status, date and place
    status: str | None = None
    place_hint: list[Token] = field(default_factory=list)
    inferred: bool = False


class EventFinisher:
    """Turns drafts into events; mixed into `EventReader`, whose state it reads."""

    doc: Doc
    article: Article
    parties: Parties
    lex: Lexicon
    published: dt.date | None
    dates: list[DateMention]
    places: list[PlaceMention]
    place_at: dict[int, PlaceMention]
    dateline: Dateline | None
    last_offer: ActorRef | None

    def _subject(self, verb: Token) -> Token | None:
        """The verb's subject; `EventReader` knows how to find it."""
        raise NotImplementedError

    def _finish(self, d: Draft, sent: Span, n: int) -> Iterator[Event]:
        sources, targets, inferred = d.sources, d.targets, d.inferred
        if d.lex.mode == "release" and not sources and len(targets) == 1 and self.parties.dyad:
            # "Israeli hostages will be released": by the other main party
            by = [p for p in self.parties.dyad if different_sides(p, targets[0], self.parties)]
            if len(by) == 1:
                sources, inferred = by, True
        if d.lex.mode == "release" and not d.lex.sym and len(sources) >= 2 and not targets:
            # "They agreed to hand over the bodies": a mutual release, one side to the other.
            sources, targets = sources[:1], sources[1:2]
        elif d.lex.sym:
            # Two-sided: conjoined subjects pair up first ("Putin and Zelensky will discuss X").
            everyone = dedupe(sources) if len(sources) >= 2 else dedupe(sources + targets)
            if len(sources) >= 2 and targets and d.anchor.lemma_.lower() in _MEET_WHOM:
                pass  # "A and B will meet C": each of them meets C
            elif len(everyone) >= 2:
                sources, targets = everyone[:1], everyone[1:2]
            elif len(everyone) == 1 and self.parties.dyad and not d.lex.no_target:
                other = next((p for p in self.parties.dyad if p.country != everyone[0].country), None)
                sources, targets = everyone, [other] if other else []
                inferred = inferred or other is not None
        if (
            not sources
            and not targets
            and d.lex.sym
            and self.parties.dyad
            and d.anchor.pos_ in ("VERB", "AUX")
        ):
            # "a deal is to be signed", "the officials will speak again": the two main parties.
            passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in d.anchor.children)
            subj = self._subject(d.anchor)
            generic = subj is not None and subj.pos_ == "NOUN" and not self.parties.resolve(subj)
            if passive or generic:
                sources, targets = [self.parties.dyad[0]], [self.parties.dyad[1]]
                inferred = True
        if not sources and not targets:
            return
        offer = self.last_offer
        if (
            sources
            and not targets
            and offer is not None
            and self._answers_an_offer(d)
            and all(different_sides(offer, s, self.parties) for s in sources)
        ):
            # "Morocco rejected the proposal": the one the envoy made two sentences before
            targets, inferred = [offer], True
        if sources and not targets and not d.lex.no_target and d.lex.implicit_target:
            targets = self._implicit_target(d, sources)
            inferred = inferred or bool(targets)
        status = d.status or status_of(d.anchor)
        lex = d.lex
        if status == "negated" and lex.type in ("AGREE", "SUPPORT", "CONCEDE") and sources:
            # "will not recognise", "did not accept": a refusal, and it happened.
            lex = Lexeme(type="REJECT", cameo="120", sym=lex.sym)
            status = "occurred"
        date = event_date(
            d.anchor,
            sent,
            status,
            self.dates,
            self.published,
            lambda t: self.lex.verb(t.lemma_.lower()) is not None,
        )
        if (
            status == "occurred"
            and date is not None
            and self.published is not None
            and date.date > self.published.isoformat()
            and date.precision == "day"
        ):
            status = "planned"
        place = event_place(
            self.doc,
            d.anchor,
            {t.i for t in d.trigger},
            d.lex.no_target,
            sent,
            self.places,
            self._party_tokens(sources, targets),
        )
        if (
            place is None
            and self.dateline is not None
            and sent.start_char <= self.dateline.end < sent.end_char
        ):
            place = self.dateline.place  # "GENEVA — The leaders agreed …": the lead happened there
        trigger = " ".join(t.text for t in sorted(d.trigger, key=lambda t: t.i))
        confidence = 0.5 if inferred else 0.8 if (sources and (targets or d.lex.no_target)) else 0.6
        pairs = (
            [(s, targets[0] if targets else None) for s in sources]
            if sources
            else [(None, t) for t in targets[:1]]
        )
        evidence, start, end = sentence_span(sent)
        for k, (src, tgt) in enumerate(pairs):
            yield Event(
                id=f"{self.article.id}-e{n + k}",
                article_id=self.article.id,
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
            )

    def _answers_an_offer(self, d: Draft) -> bool:
        """A rejection or acceptance of "the proposal", "this plan", "the offer"."""
        if d.lex.type not in ("REJECT", "AGREE") or d.anchor.pos_ not in ("VERB", "AUX"):
            return False
        return any(
            c.dep_ in ("dobj", "nsubjpass")
            and c.lemma_.lower() in OFFERS
            and any(g.lower_ in ("the", "this", "that", "such") for g in c.children)
            for c in d.anchor.children
        )

    def _party_tokens(self, sources: Sequence[ActorRef], targets: Sequence[ActorRef]) -> set[int]:
        """Tokens of mentions of the event's own parties (a capital that is a party is no place)."""
        ids = {r.actor_id for r in (*sources, *targets) if r.actor_id}
        return {i for start, end, m in self.parties.spans if m.actor_id in ids for i in range(start, end)}

    def _implicit_target(self, d: Draft, sources: list[ActorRef]) -> list[ActorRef]:
        """A target the sentence implies: a party inside the complement, else the other main party."""
        head = d.anchor
        if head.pos_ in ("VERB", "AUX"):
            for c in head.children:
                if c.dep_ in ("dobj", "xcomp", "ccomp", "prep", "dative", "advcl") and c.i > head.i:
                    # Near the verb only: "demanding the bodies of X" does not make X the target.
                    for t in (t for t in c.subtree if depth_below(t, head) <= 3):
                        m = self.parties.mention_at(t)
                        if t.i in self.place_at or (
                            t.dep_ == "pobj" and t.head.lower_ in ("in", "at", "near")
                        ):
                            continue  # "talks in Oman": a venue, not a party
                        if (
                            m is not None
                            and is_state_code(m.country)
                            and all(different_sides(self.parties.ref(m), s, self.parties) for s in sources)
                        ):
                            return [self.parties.ref(m)]
        dyad = self.parties.dyad
        if dyad and any(s.country in (dyad[0].country, dyad[1].country) for s in sources):
            return [p for p in dyad if all(p.country != s.country for s in sources)][:1]
        return []


def sentence_span(sent: Span) -> tuple[str, int, int]:
    """A sentence's text without surrounding whitespace, with matching offsets."""
    text = sent.text
    stripped = text.strip()
    start = sent.start_char + len(text) - len(text.lstrip())
    return stripped, start, start + len(stripped)


def depth_below(tok: Token, top: Token) -> int:
    """How many heads up from `tok` to `top` (at most 20)."""
    depth = 0
    while tok.i != top.i and tok.head.i != tok.i and depth < 20:
        tok = tok.head
        depth += 1
    return depth


def different_sides(a: ActorRef, b: ActorRef, parties: Parties) -> bool:
    """Two refs are different sides: other actors, and not one state twice (a rebel group is not its state)."""
    if a.actor_id is not None and a.actor_id == b.actor_id:
        return False
    if a.country != b.country:
        return True
    kinds = {parties.actors[r.actor_id].type for r in (a, b) if r.actor_id in parties.actors}
    return "group" in kinds


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
