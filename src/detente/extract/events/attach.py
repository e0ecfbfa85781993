"""Where an event's date and place come from: the expressions in the trigger's own clause first.

"Kyiv and Moscow are due to hold talks in Istanbul on Friday": the date and the place hang
off the verbs that govern the talks; "agreed on Friday to exchange prisoners" dates the
agreeing, not the exchange; a sentence's single "in Istanbul" is where its event happened.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Sequence
from typing import TYPE_CHECKING

from detente.extract.dates import DateMention, DateValue, resolve_date
from detente.extract.grammar import OTHER_CLAUSES, VERBS
from detente.lexicon.words import words
from detente.records import Place

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from detente.extract.context import ArticleContext
    from detente.extract.events.records import Draft, Sides
    from detente.extract.places import PlaceMention

_PLACE_PREPS = words("events.place_preps")
_SENTENCE_PLACE_PREPS = words("events.sentence_place_preps")


def attach(
    ctx: ArticleContext, d: Draft, sides: Sides, sent: Span, status: str
) -> tuple[DateValue | None, str, Place | None]:
    """The event's date, its status once dated (an "occurred" event dated after publication
    is planned) and its place (else the dateline's, for the lead sentence)."""
    aside = asides(sent, d.anchor)
    date = event_date(
        d.anchor,
        sent,
        status,
        ctx.dates,
        ctx.published,
        lambda t: ctx.lexicon.verb(t.lemma_.lower()) is not None,
        aside,
    )
    if (
        status == "occurred"
        and date is not None
        and ctx.published is not None
        and date.date > ctx.published.isoformat()
        and date.precision == "day"
    ):
        status = "planned"
    place = event_place(
        ctx.doc,
        d.anchor,
        {t.i for t in d.trigger},
        d.lex.no_target,
        sent,
        ctx.places,
        _party_tokens(ctx, sides),
        aside,
    )
    dateline = ctx.dateline
    if place is None and dateline is not None and sent.start_char <= dateline.end < sent.end_char:
        place = dateline.place  # "GENEVA — The leaders agreed …": the lead happened there
    return date, status, place


def _party_tokens(ctx: ArticleContext, sides: Sides) -> set[int]:
    """Tokens of mentions of the event's own parties (a capital that is a party is no place)."""
    ids = {r.actor_id for r in (*sides.sources, *sides.targets) if r.actor_id}
    return {i for start, end, m in ctx.parties.spans if m.actor_id in ids for i in range(start, end)}


def clause(anchor: Token) -> set[int]:
    """Token indices of the anchor's subtree, without the clauses of other verbs below it."""
    out: set[int] = set()
    stack = [anchor]
    while stack:
        t = stack.pop()
        out.add(t.i)
        stack.extend(c for c in t.children if not (c.dep_ in OTHER_CLAUSES and c.pos_ in VERBS))
    return out


def asides(sent: Span, anchor: Token) -> set[int]:
    """Tokens of descriptions hung on other words: "Medinsky, negotiator at Wednesday's session, said …".

    Their dates and places describe someone, not the event, unless the description is the
    event's own ("the talks, which open on Friday").
    """
    out: set[int] = set()
    for t in sent:
        if t.dep_ == "appos" and t.head.i != anchor.i:
            sub = {x.i for x in t.subtree}
            if anchor.i not in sub:
                out |= sub
    return out


def _shallow(head: Token) -> set[int]:
    out: set[int] = set()
    for c in head.children:
        if c.dep_ in ("prep", "npadvmod", "advmod", "nsubj", "nsubjpass"):
            out |= {t.i for t in c.subtree}
    return out


def event_date(
    anchor: Token,
    sent: Span,
    status: str,
    dates: Sequence[DateMention],
    published: dt.date | None,
    is_trigger: Callable[[Token], bool],
    aside: Collection[int],
) -> DateValue | None:
    """The resolved date of the event anchored at `anchor`, or None when its sentence gives none.

    `aside`: the sentence's descriptions of someone else (`asides`), whose dates are not the event's.
    """
    in_sent = [m for m in dates if sent.start <= m.start_token < sent.end]
    if not in_sent:
        return None
    mine_clause = clause(anchor)
    head = anchor
    for _ in range(3):  # up through infinitives and conjuncts: "are due to hold talks … on Thursday"
        if (
            head.dep_ in ("xcomp", "conj", "acomp", "dobj", "pobj", "nsubj", "nsubjpass")
            and head.head.i != head.i
        ):
            head = head.head
            if head.pos_ == "VERB" and is_trigger(head) and anchor.pos_ == "VERB":
                break  # "agreed Friday to exchange": Friday dates the agreeing, not the exchange
            mine_clause |= _shallow(head)
    mine = [m for m in in_sent if any(i in mine_clause for i in range(m.start_token, m.end_token))]
    free = [m for m in in_sent if m.start_token not in aside]
    # The clause's own dates in text order ("on Thursday or Friday" → Thursday); else the nearest.
    pick = mine or sorted(free, key=lambda m: abs(m.start_token - anchor.i))
    for m in pick:
        value = resolve_date(m.text, published, planned=status == "planned")
        if value is not None:
            return value
    return None


def event_place(
    doc: Doc,
    anchor: Token,
    trigger: Collection[int],
    no_target: bool,
    sent: Span,
    places: Sequence[PlaceMention],
    party_tokens: Collection[int],
    aside: Collection[int],
) -> Place | None:
    """The event's place: a place in its clause after "in/at/to", a travel verb's object, "the
    Istanbul talks"; else the sentence's one "in X" that is not one of the event's parties (nor
    in an `aside`)."""
    own = clause(anchor)
    for p in places:
        if not (sent.start <= p.start_token < sent.end) or not any(
            i in own for i in range(p.start_token, p.end_token)
        ):
            continue
        head = doc[p.start_token : p.end_token].root
        if head.head.lower_ == "for" and any(i in party_tokens for i in range(p.start_token, p.end_token)):
            continue  # "led by Umerov for Kyiv": a capital standing for a party is no venue
        if head.dep_ == "pobj" and head.head.lower_ in _PLACE_PREPS:
            return p.place
        if no_target and head.dep_ == "dobj":
            return p.place
        if head.dep_ in ("compound", "npadvmod") and head.head.i in trigger:
            return p.place  # "the Istanbul talks"
    local = [
        p
        for p in places
        if sent.start <= p.start_token < sent.end
        and p.start_token not in aside
        and doc[p.start_token : p.end_token].root.dep_ == "pobj"
        and doc[p.start_token : p.end_token].root.head.lower_ in _SENTENCE_PLACE_PREPS
        and not any(i in party_tokens for i in range(p.start_token, p.end_token))
    ]
    return local[0].place if len(local) == 1 else None
