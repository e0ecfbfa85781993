"""Where an event's date and place come from: the expressions in the trigger's own clause first.

"Kyiv and Moscow are due to hold talks in Istanbul on Friday": the date and the place hang
off the verbs that govern the talks; "agreed on Friday to exchange prisoners" dates the
agreeing, not the exchange; a sentence's single "in Istanbul" is where its event happened.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection, Sequence
from typing import TYPE_CHECKING

from detente.extract.dates import DateMention, DateValue, resolve_date
from detente.extract.grammar import NOUNS, OTHER_CLAUSES, VERBS
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
        lambda t: (
            ctx.lexicon.verb(t.lemma_.lower()) is not None
            or t.lemma_.lower() in ctx.lexicon.nouns
            or t.lower_ in ctx.lexicon.nouns
        ),
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
        status,
        lambda t: _meeting_noun(ctx, t),
    )
    dateline = ctx.dateline
    if place is None and dateline is not None and sent.start_char <= dateline.end < sent.end_char:
        place = dateline.place  # "GENEVA — The leaders agreed …": the lead happened there
    return date, status, place


def _meeting_noun(ctx: ArticleContext, tok: Token) -> bool:
    """Whether a noun names a meeting (PLOVER CONSULT: "talks", "summit"), a happening with a venue."""
    entry = ctx.lexicon.nouns.get(tok.lower_) or ctx.lexicon.nouns.get(tok.lemma_.lower())
    return entry is not None and entry.type == "CONSULT"


def _party_tokens(ctx: ArticleContext, sides: Sides) -> set[int]:
    """Tokens of mentions of the event's own parties (a capital that is a party is no place)."""
    ids = {r.actor_id for r in (*sides.sources, *sides.targets) if r.actor_id}
    return {i for start, end, m in ctx.parties.spans if m.actor_id in ids for i in range(start, end)}


def clause(anchor: Token) -> set[int]:
    """Token indices of the anchor's subtree, without the clauses of other verbs below it.

    A participle on a noun the anchor governs through a preposition is that noun's clause ("the
    exchange was the one result of the talks held in Istanbul on May 16": the talks' day, not
    the exchange's); on the anchor itself or its subject it is the anchor's ("the talks held on
    Friday", "the exchange, carried out on Sunday, was the largest").
    """
    out: set[int] = set()
    stack = [anchor]
    while stack:
        t = stack.pop()
        out.add(t.i)
        stack.extend(
            c
            for c in t.children
            if not (
                c.pos_ in VERBS
                and (c.dep_ in OTHER_CLAUSES or (c.dep_ == "acl" and t.dep_ == "pobj" and t.i != anchor.i))
            )
        )
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
    doc = sent.doc
    in_sent = [m for m in dates if sent.start <= m.start_token < sent.end]
    if status == "occurred":  # "rejected the call for a summit by the end of August": the summit's deadline
        in_sent = [m for m in in_sent if not _deadline(doc[m.start_token : m.end_token])]
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
    # The clause's own dates in text order ("on Thursday or Friday" → Thursday); else the nearest
    # date of a governing clause.
    for m in mine:
        value = resolve_date(m.text, published, planned=status == "planned")
        if value is not None and not (_since(doc[m.start_token], anchor) and not _recent(value, published)):
            return value
    free = sorted(
        (m for m in in_sent if m.start_token not in aside), key=lambda m: abs(m.start_token - anchor.i)
    )
    for m in free:
        value = resolve_date(m.text, published, planned=status == "planned")
        if value is None or (_since(doc[m.start_token], anchor) and not _recent(value, published)):
            continue
        if _governs(doc[m.start_token : m.end_token], anchor, status, value, published, is_trigger):
            return value
    return None


def _deadline(span: Span) -> bool:
    """Whether a date is a time limit ("by the end of August", "before Friday", "until June"):
    the day something is due by, never the day a past event happened."""
    head = span.root.head
    return head.dep_ == "prep" and head.lower_ in _DEADLINE


def _since(tok: Token, anchor: Token) -> bool:
    """Whether a date is inside a "since" phrase below the event's trigger: "the first talks since
    the war began in 2022" names when a period started, not the event's own day (unless the
    period began days ago: "talks under way since Monday")."""
    up = tok
    for _ in range(12):
        if up.i == anchor.i or up.head.i == up.i:
            return False
        if up.lower_ == "since" and up.i != tok.i:
            return True
        up = up.head
    return False


def _governs(
    span: Span,
    anchor: Token,
    status: str,
    value: DateValue,
    published: dt.date | None,
    is_trigger: Callable[[Token], bool],
) -> bool:
    """Whether a date outside the event's own clause still dates it: it hangs on a verb that
    governs the event ("said on Friday that the sides had agreed", "the next round of talks
    will be held on 20 June"), or is the article's opening time stamp, or dates a recent
    happening the event hangs on ("shook hands after the talks on Wednesday"); not a noun's
    date from the background ("the 2008 war", "the 1994 genocide") nor a clause of its own
    ("since the war began in 2022").

    A planned or hypothetical event takes no date across a clause: "Trump said on Thursday
    that nothing would happen until he met Putin" dates the saying and "agreed on Friday to
    swap prisoners" the agreeing; the meeting and the swap have no day yet (PLOVER dates an
    event by its own occurrence, not by the report of it).
    """
    if _STAMP.match(span.doc.text[span.start_char - 5 if span.start_char >= 5 else 0 : span.end_char]):
        # "date 2025-05-15 …": the article's own day dates its lead, but not a meeting only
        # hoped for ("nothing will happen until he sits down with Putin")
        return span.start_char <= 5 and status != "hypothetical"
    date = span.root
    head = date.head
    # A caption's "in Pretoria, South Africa, Wednesday, Nov. 2": the day of what the place is of
    while (
        head.ent_type_ in _PLACE_ENTS and head.dep_ in ("pobj", "appos", "npadvmod") and head.head.i != head.i
    ):
        head = head.head
    while head.dep_ == "prep" and head.head.i != head.i:
        head = head.head  # "on Friday", "in 2022": the word the preposition hangs on
    if head.i == date.i:
        return False
    if head.pos_ not in VERBS:
        return status == "occurred" and is_trigger(head) and _recent(value, published)
    crossed = False
    above: dict[int, bool] = {}  # the anchor's governors, with whether a clause lies between
    up = anchor
    for _ in range(12):
        above[up.i] = crossed
        if up.head.i == up.i:
            break
        # "will meet Erdogan on Thursday, where he will call for a truce": the same occasion
        occasion = up.dep_ == "relcl" and any(c.lower_ in _OCCASION for c in up.children)
        crossed = crossed or (up.dep_ in OTHER_CLAUSES and not occasion) or up.dep_ == "xcomp"
        up = up.head
    if head.i in above:
        return not (above[head.i] and status in ("planned", "hypothetical"))
    if status != "occurred":
        return False
    # An occurred event may take the day of a main clause beside its own ("agreed on Friday to
    # swap prisoners, Medinsky said after the talks ended"), never that of a subordinate one.
    for _ in range(12):
        if head.i in above:
            return True
        if head.dep_ in _SUBORDINATE or head.head.i == head.i:
            return False
        head = head.head
    return False


_OCCASION = frozenset({"where", "when"})
_DEADLINE = frozenset({"by", "before", "until", "till"})
_PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})
_SUBORDINATE = frozenset({"advcl", "relcl", "acl", "pcomp", "csubj", "amod", "prep", "pobj"})
_STAMP = re.compile(r"(?:^|\n|date )\s*\d{4}-\d{2}-\d{2}")
_RECENT_DAYS = 62


def _recent(value: DateValue, published: dt.date | None) -> bool:
    """A day or month within weeks before publication: the news, not the background."""
    if published is None or value.precision not in ("day", "range", "month"):
        return False
    first = dt.date.fromisoformat(value.date if len(value.date) == 10 else value.date + "-01")
    return 0 <= (published - first).days <= _RECENT_DAYS


def event_place(
    doc: Doc,
    anchor: Token,
    trigger: Collection[int],
    no_target: bool,
    sent: Span,
    places: Sequence[PlaceMention],
    party_tokens: Collection[int],
    aside: Collection[int],
    status: str = "occurred",
    meeting: Callable[[Token], bool] = lambda _t: False,
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
        party = any(i in party_tokens for i in range(p.start_token, p.end_token))
        if party and head.head.lower_ not in _SENTENCE_PLACE_PREPS:
            continue  # "led by Umerov for Kyiv", "handed over to Ukraine": a party, not a venue
        if _other_verb_between(head, anchor):
            continue  # "met Erdogan as it was unclear whether the delegations would meet in Istanbul"
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
        and _governs_place(doc[p.start_token : p.end_token].root.head, anchor, status, meeting)
    ]
    return local[0].place if len(local) == 1 else None


def _other_verb_between(place: Token, anchor: Token) -> bool:
    """Whether a place in the anchor's phrase hangs on a clause of its own below the anchor, one
    with its own subject ("whether the delegations would meet in Istanbul"); "the talks held in
    Istanbul" and "following negotiations in Istanbul" describe the event itself."""
    up = place.head
    for _ in range(12):
        if up.i == anchor.i or up.head.i == up.i:
            return False
        if up.pos_ in VERBS and any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in up.children):
            return True
        up = up.head
    return False


_NOUN_ARGS = frozenset({"dobj", "pobj", "prep", "nsubj", "nsubjpass", "attr"})


def _governs_place(prep: Token, anchor: Token, status: str, meeting: Callable[[Token], bool]) -> bool:
    """Whether the sentence's "in X" outside the event's clause places the event: it hangs on
    a verb that governs the event ("said in Doha that the sides had agreed"), not on a noun
    ("peace in Ukraine", "the rebels in Tigray") nor on a clause beside it."""
    head = prep.head
    # "in a ceremony hosted at the White House": an occasion the clause is set in, not "the
    # deal, struck in Beijing, represents …" (what the deal's subject did elsewhere)
    occasion = head.dep_ == "acl" and head.head.pos_ in NOUNS and head.head.dep_ == "pobj"
    if occasion:
        head = head.head  # "in a ceremony hosted at the White House": the ceremony's venue
    if head.pos_ in NOUNS and (occasion or meeting(head)):
        # "held talks in Turkey, agreeing to swap prisoners": the talks' venue is the agreement's
        while head.pos_ not in VERBS and head.head.i != head.i and head.dep_ in _NOUN_ARGS:
            head = head.head
    if head.pos_ not in VERBS:
        return False
    crossed = False
    up = anchor
    for _ in range(12):
        if up.i == head.i:
            return not (crossed and status in ("planned", "hypothetical"))
        if up.head.i == up.i:
            return False
        # "arrives in Addis Ababa to attend the talks", "will meet in Ankara, where he will call
        # for a truce": one venue; "said in Moscow that talks would be held" is not the talks'
        occasion = up.dep_ == "advcl" or (
            up.dep_ == "relcl" and any(c.lower_ in _OCCASION for c in up.children)
        )
        crossed = crossed or (up.dep_ in OTHER_CLAUSES and not occasion) or up.dep_ == "xcomp"
        up = up.head
    return False
