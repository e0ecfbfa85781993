"""Demands stated as obligations, a demand's addressee, approval read apart from hosting, and
a few of the field's codings (CAMEO 051, 054, 138) with the real model.

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


def test_a_party_that_says_another_must_act_demands_it(events_of) -> None:
    evs = events_of("Chile has repeated that Peru must hand back the disputed islands.")
    assert ("REQUEST", "CHL", "PER") in coded(evs), coded(evs)


def test_the_obliged_act_is_the_demand_content_not_an_event(events_of) -> None:
    evs = events_of("Chile said Peru must withdraw its troops from the border.")
    assert coded(evs) == {("REQUEST", "CHL", "PER")}, coded(evs)


def test_an_obligation_of_the_speaker_or_of_no_party_is_no_demand(events_of) -> None:
    assert not [e for e in events_of("Chile said it must defend its borders.") if e.type == "REQUEST"]
    evs = events_of("Chile said the talks should continue next week.")
    assert not [e for e in evs if e.type == "REQUEST"], coded(evs)


def test_a_demand_is_addressed_to_the_subject_of_its_clause(events_of) -> None:
    evs = events_of("Chile demanded that Peru free the fishermen.")
    assert ("REQUEST", "CHL", "PER") in coded(evs), coded(evs)


def test_welcoming_a_decision_approves_it_welcoming_a_leader_hosts_him(events_of) -> None:
    approved = events_of("Chile welcomed Peru's decision on Monday.")
    assert ("SUPPORT", "CHL", "PER") in coded(approved), coded(approved)
    hosted = events_of("Chile welcomed the Peruvian president in Santiago on Monday.")
    assert any(e.type == "CONSULT" and e.mode == "visit" for e in hosted), coded(hosted)


def test_resumed_relations_restore_ties_not_talks(events_of) -> None:
    evs = events_of("Chile and Peru resumed diplomatic relations on Monday.")
    assert {t for t, _, _ in coded(evs)} == {"SUPPORT"}, coded(evs)


def test_a_vow_to_retaliate_is_a_threat(events_of) -> None:
    evs = events_of("Chile vowed to retaliate against Peru.")
    assert ("THREATEN", "CHL", "PER") in coded(evs), coded(evs)
    assert not [e for e in evs if e.type == "ASSAULT"]


def test_thanks_and_appeals(events_of) -> None:
    assert ("SUPPORT", "CHL", "PER") in coded(events_of("Chile thanked Peru for its help."))
    evs = events_of("The Chilean president renewed his appeal to Peru to return to the table.")
    assert ("REQUEST", "CHL", "PER") in coded(evs), coded(evs)


def test_being_in_contact_is_consultation(events_of) -> None:
    evs = events_of("The Chilean envoy said he had been in contact with Peru's president for weeks.")
    assert any(e.type == "CONSULT" and e.target is not None and e.target.country == "PER" for e in evs), (
        coded(evs)
    )


def test_a_passive_obligation_is_a_demand_with_no_addressee(events_of) -> None:
    evs = events_of("Chile said the detained fishermen must be freed.")
    assert ("REQUEST", "CHL", None) in coded(evs), coded(evs)
    assert not [e for e in evs if e.type == "RETREAT"]  # the freeing is the demand's content


def test_a_finite_verb_joined_to_the_obliged_clause_is_its_own_event(events_of) -> None:
    evs = events_of("Chile said the detained fishermen must be freed and accused Peru of stalling.")
    assert any(e.type == "ACCUSE" for e in evs), coded(evs)
