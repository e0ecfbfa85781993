"""Codings from the CAMEO/PLOVER vocabulary added to the trigger lexicon, each with a use that
must not fire it, with the real model.

Sentences written for these tests (published 2025-05-15).
"""

from __future__ import annotations

import pytest

from detente.records import Event

pytestmark = pytest.mark.model


def coded(evs: list[Event]) -> set[tuple[str, str | None, str | None]]:
    return {
        (e.type, e.source.country if e.source else None, e.target.country if e.target else None) for e in evs
    }


def test_readiness_or_a_vow_to_fight_is_a_threat(events_of) -> None:
    evs = events_of("Chile is ready to fight for years.")
    assert [(e.type, e.source.country if e.source else None) for e in evs] == [("THREATEN", "CHL")]
    assert not [e for e in events_of("Chile vowed to fight corruption.") if e.type == "THREATEN"]


def test_fighting_a_party_is_an_assault_fighting_a_vice_is_none(events_of) -> None:
    assert ("ASSAULT", "CHL", "PER") in coded(
        events_of("Chilean troops fought Peruvian soldiers near the border.")
    )
    assert not events_of("Chile will fight corruption.")


def test_presenting_a_party_with_a_draft_offers_it(events_of) -> None:
    evs = events_of("Chile will present Peru with a draft treaty next week.")
    assert ("AGREE", "CHL", "PER") in coded(evs), coded(evs)


def test_disputing_a_claim_rejects_it(events_of) -> None:
    evs = events_of("Chile disputed Bolivia's claim that it had brokered the deal.")
    assert ("REJECT", "CHL", "BOL") in coded(evs), coded(evs)


def test_leaving_the_talks_rejects_them(events_of) -> None:
    evs = events_of("The Chilean delegation left the negotiations with Peru on Monday.")
    assert ("REJECT", "CHL", "PER") in coded(evs), coded(evs)
    assert not [e for e in events_of("The Chilean president left Lima on Monday.") if e.type == "REJECT"]


def test_dropping_a_demand_concedes(events_of) -> None:
    evs = events_of("Chile dropped its demand for compensation from Peru.")
    assert ("CONCEDE", "CHL", "PER") in coded(evs) or ("CONCEDE", "CHL", None) in coded(evs), coded(evs)
    assert not [e for e in events_of("Chile dropped the ball on Monday.") if e.type == "CONCEDE"]


def test_trading_accusations_is_two_sided(events_of) -> None:
    evs = events_of("Chile and Peru traded accusations over the border incident.")
    assert {t for t, _, _ in coded(evs)} == {"ACCUSE"}, coded(evs)
    assert not [e for e in evs if e.type == "RETREAT"]


def test_laying_down_arms_disarms_but_a_climate_for_it_does_not(events_of) -> None:
    assert any(
        e.type == "RETREAT" and e.mode == "disarm"
        for e in events_of("The Chilean rebels laid down their arms on Friday.")
    )
    evs = events_of("Peru created the right climate for Chile to lay down its arms, the envoy added.")
    assert not [e for e in evs if e.type == "RETREAT"], coded(evs)


def test_calls_for_talks_ask_for_them(events_of) -> None:
    evs = events_of("Chile's call for talks with Peru went unanswered.")
    assert any(e.type == "REQUEST" and e.source and e.source.country == "CHL" for e in evs), coded(evs)
    assert not [e for e in events_of("Chile held a phone call with Peru.") if e.type == "REQUEST"]


def test_an_exhortation_of_ones_own_state_is_no_demand(events_of) -> None:
    evs = events_of("Chilean President Gabriel Boric said Chile must never again be ruled by force.")
    assert not [e for e in evs if e.type == "REQUEST"], coded(evs)


def test_an_offer_nested_in_a_promise_is_one_offer(events_of) -> None:
    evs = events_of("Chile promised to present a new draft to Peru.")
    assert [e.type for e in evs] == ["AGREE"], coded(evs)
    evs = events_of("Chile and Peru agreed to exchange prisoners.")
    assert {e.type for e in evs} == {"AGREE", "RETREAT"}, coded(evs)  # another type stays


def test_a_refusal_nested_in_a_refusal_keeps_the_inner_target(events_of) -> None:
    evs = events_of("Chile refused to reject the Peruvian plan.")
    assert coded(evs) == {("REJECT", "CHL", "PER")}, coded(evs)


def test_nobody_answers_their_own_call(events_of) -> None:
    evs = events_of(
        "Gabriel Boric, the Chilean president, stayed away from the session because his Peruvian "
        "counterpart Dina Boluarte declined his calls for direct negotiations."
    )
    assert [e.type for e in evs if e.source and e.source.name == "Dina Boluarte"] == ["REJECT"], evs


def test_being_in_contact_names_one_side(events_of) -> None:
    evs = events_of(
        "The Chilean envoy had been in contact with Peru's president and Bolivia's foreign minister."
    )
    assert not [e for e in evs if e.type == "CONSULT" and e.source and e.source.country in ("PER", "BOL")], (
        coded(evs)
    )


def test_banning_a_group_coerces_it_banning_goods_does_not(events_of) -> None:
    evs = events_of("Peru outlawed Hamas as a terrorist group in May.")
    assert any(
        e.type == "COERCE" and e.mode == "ban" and e.source and e.source.country == "PER" for e in evs
    ), coded(evs)
    assert not [e for e in events_of("Chile banned imports of Peruvian fruit.") if e.type == "COERCE"]


def test_fighting_for_a_cause_is_no_event_of_the_dictionary_either(events_of) -> None:
    # the dictionary's "fight for" sense keeps the entry's rule: only against a party
    assert not events_of("The Chilean people did not fight for half a country, the envoy said.")


def test_ones_own_state_is_no_addressee_of_a_demand(events_of) -> None:
    evs = events_of(
        "Chilean President Gabriel Boric has insisted that Chile will seek access to the sea peacefully."
    )
    assert not [e for e in evs if e.target is not None and e.target.country == "CHL"], coded(evs)


def test_a_states_threat_voiced_by_its_official_is_the_officials(events_of) -> None:
    evs = events_of(
        "Chilean Foreign Minister Alberto van Klaveren said that Chile is ready to fight for years."
    )
    threats = [e for e in evs if e.type == "THREATEN"]
    assert [e.source.name if e.source else None for e in threats] == ["Alberto van Klaveren"], coded(evs)
    # another state's threat reported by an official stays that state's
    evs = events_of(
        "Chilean Foreign Minister Alberto van Klaveren said Peru threatened to expel Chilean diplomats."
    )
    assert any(e.type == "THREATEN" and e.source and e.source.country == "PER" for e in evs), coded(evs)


def test_a_round_that_ends_was_held_and_talks_broken_off_are_a_sanction(events_of) -> None:
    held = events_of("Chile and Peru ended their second round of talks in Lima on Tuesday without a deal.")
    assert {e.type for e in held} == {"CONSULT"} and all(e.status == "occurred" for e in held)
    broken = events_of("Chile broke off talks with Peru on Tuesday.")
    assert [(e.type, e.mode) for e in broken] == [("SANCTION", "withdraw")]
    war = events_of("Chile and Peru agreed to end the border war.")
    assert "CONSULT" not in {e.type for e in war}
