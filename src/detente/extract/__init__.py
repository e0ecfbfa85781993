"""Extraction: one module per fact kind, run in order over one parsed article.

Actors and roles read the Doc directly; events, quotes and positions share one
`ArticleContext`. What made the facts is `extractor_version()`, stored with every article.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from detente.errors import ModelError
from detente.extract.actors import extract_actors
from detente.extract.confidence_said import score_positions, score_quotes
from detente.extract.context import ArticleContext
from detente.extract.dateline import find_dateline
from detente.extract.dates import find_dates
from detente.extract.events import extract_events
from detente.extract.gazetteer import fixed_with
from detente.extract.parties import Parties
from detente.extract.places import article_context, find_places
from detente.extract.positions import extract_positions
from detente.extract.quotes import extract_quotes
from detente.extract.roles import extract_roles
from detente.extract.version import extractor_version
from detente.lexicon.places import load_gazetteer
from detente.lexicon.taxonomy import load_taxonomy
from detente.lexicon.triggers import load_lexicon
from detente.records import Article, ArticleFacts

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from detente.lexicon.actors import Knowledge

__all__ = ["extract", "extractor_version"]


def extract(doc: Doc, article: Article, kb: Knowledge, extra: tuple[str, ...] = ()) -> ArticleFacts:
    """Every fact detente reads from one parsed article, in stage order.

    `doc` comes from `nlp.load_pipeline(…, knowledge=extra)`, whose gazetteer component has
    fixed its entities with the same knowledge files as `kb` and `extra`. Actors first (every
    later stage codes its parties with them), then roles (stated roles code people), then
    dates and places, then events, quotes and positions, which share one `ArticleContext`.
    """
    fixed = fixed_with(doc)
    if fixed != tuple(extra):
        raise ModelError(
            "the doc was not parsed by detente's pipeline with these knowledge files "
            f"(its gazetteer ran with {fixed!r}, extraction was given {tuple(extra)!r})",
            fix="parse with detente.nlp.load_pipeline(model, knowledge=extra)",
        )
    gazetteer = load_gazetteer(extra)
    context = article_context(doc, kb)
    dateline = find_dateline(doc.text, gazetteer, kb, context)
    actors, mentions = extract_actors(doc, article, kb)
    if dateline is not None:  # "NAIROBI —" names where the report was filed, not a party
        mentions = tuple(m for m in mentions if m.start >= dateline.end)
        named = {m.actor_id for m in mentions}
        actors = tuple(a for a in actors if a.id in named)
    roles = extract_roles(doc, article, actors, mentions, kb, gazetteer)
    ctx = ArticleContext(
        doc=doc,
        article=article,
        kb=kb,
        parties=Parties(doc, actors, mentions, kb, roles, dateline.end if dateline else 0),
        lexicon=load_lexicon(extra),
        taxonomy=load_taxonomy(extra),
        dateline=dateline,
        dates=tuple(find_dates(doc)),
        places=tuple(find_places(doc, gazetteer, context)),
    )
    events = extract_events(ctx)
    quotes = score_quotes(article, extract_quotes(ctx))
    positions = score_positions(article, extract_positions(ctx, quotes))
    return ArticleFacts(
        article=article,
        actors=actors,
        mentions=mentions,
        roles=roles,
        events=events,
        quotes=quotes,
        positions=positions,
    )
