"""Events: who did what to whom, when and where, read from each sentence's dependency parse.

The parts, each its own module, run in this order for every sentence: `triggers` finds the
event words and their arguments (`arguments`) as drafts; `pairing` decides who faces whom;
`status` (the stage shared with positions) reads whether it happened, `pairing.refusal` turns
an un-happened agreement into a refusal; `attach` reads date and place; `records` writes the
events and drops a sentence's repeats.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from detente.extract.events.arguments import Arguments
from detente.extract.events.attach import attach
from detente.extract.events.pairing import makes_an_offer, pair, refusal
from detente.extract.events.records import Draft, SentenceEvents, to_events
from detente.extract.events.triggers import Triggers
from detente.extract.status import status_of
from detente.records import ActorRef, Event

if TYPE_CHECKING:
    from spacy.tokens import Span

    from detente.extract.context import ArticleContext


def extract_events(ctx: ArticleContext) -> tuple[Event, ...]:
    """The article's events with type, mode, CAMEO code, status, parties, date and place, in text order."""
    args = Arguments(ctx.parties, ctx.lexicon)
    triggers = Triggers(ctx, args)
    out: list[Event] = []
    last_offer: ActorRef | None = None  # whose proposal "the proposal" will be
    for sent in ctx.doc.sents:
        unique = SentenceEvents()
        for d in list(triggers.drafts(sent)):
            for ev in _finish(ctx, args, d, sent, len(out), last_offer):
                if not unique.is_new(ev, d.lex.sym):
                    continue
                out.append(ev)
                if ev.source is not None and makes_an_offer(d):
                    last_offer = ev.source
    return tuple(out)


def _finish(
    ctx: ArticleContext, args: Arguments, d: Draft, sent: Span, n: int, last_offer: ActorRef | None
) -> Iterator[Event]:
    """The events of one draft, numbered from `n`: paired, with status, date and place."""
    sides = pair(ctx, args, d, last_offer)
    if sides is None:
        return
    lex, status = refusal(d.lex, status_of(d.anchor), sides.sources)
    date, status, place = attach(ctx, d, sides, sent, status)
    yield from to_events(ctx.article.id, d, lex, sides, status, date, place, sent, n)
