"""Events: triggers from the lexicon, their arguments from the parse, status, date and place."""

from __future__ import annotations

from typing import TYPE_CHECKING

from detente.extract.confidence import score_events
from detente.extract.events.reader import extract_events as read_events

if TYPE_CHECKING:
    from detente.extract.context import ArticleContext
    from detente.records import Event

__all__ = ["extract_events"]


def extract_events(ctx: ArticleContext) -> tuple[Event, ...]:
    """The article's events (see `reader.extract_events`), each with the calibrated probability
    that it is right as its `confidence` (`detente.extract.confidence`)."""
    return score_events(ctx.article, read_events(ctx), ctx.doc)
