"""Which date, place and antecedent an event takes when its own clause names none (real model).

Sentences written for these tests; the article is published 2025-05-15 (a Thursday).
"""

from __future__ import annotations

import pytest

from detente.records import Event

pytestmark = pytest.mark.model


def _dates(events: list[Event], type_: str) -> list[tuple[str, str | None]]:
    return [(e.status, e.date) for e in events if e.type == type_]


def test_the_day_of_a_statement_does_not_date_a_meeting_still_to_come(events_of) -> None:
    # Nor is it read forward as next Monday: the talks have no day yet.
    evs = events_of("Kenyan officials said on Monday that Kenya would hold talks with Somalia.")
    assert _dates(evs, "CONSULT") == [("planned", None)], _dates(evs, "CONSULT")


def test_the_day_of_an_agreement_does_not_date_the_swap_it_plans(events_of) -> None:
    evs = events_of("Armenia and Azerbaijan agreed on Tuesday to free all prisoners of war.")
    assert ("occurred", "2025-05-13") in _dates(evs, "AGREE"), _dates(evs, "AGREE")
    assert _dates(evs, "RETREAT") == [("planned", None)], _dates(evs, "RETREAT")


def test_the_day_of_a_report_still_dates_what_happened(events_of) -> None:
    evs = events_of("Kenya said on Tuesday that its troops had withdrawn from the Somali border town.")
    assert ("occurred", "2025-05-13") in _dates(evs, "RETREAT"), _dates(evs, "RETREAT")


def test_a_background_year_does_not_date_the_news(events_of) -> None:
    evs = events_of(
        "Georgia and Russia held a new round of talks in Geneva, their first since the war that began in 2008."
    )
    talks = _dates(evs, "CONSULT")
    assert talks and all(date is None or not date.startswith("2008") for _, date in talks), talks


def _places(events: list[Event], type_: str) -> list[str | None]:
    return [e.place.name if e.place else None for e in events if e.type == type_]


def test_where_a_conflict_is_does_not_place_a_meeting(events_of) -> None:
    evs = events_of("Trump said there could be no peace in Ukraine until he met Putin.")
    assert _places(evs, "CONSULT") == [None], _places(evs, "CONSULT")


def test_the_party_handed_to_is_not_the_place(events_of) -> None:
    evs = events_of("Kenya handed over 20 prisoners to Somalia on Monday.")
    assert _places(evs, "RETREAT") == [None], _places(evs, "RETREAT")


def test_the_venue_of_the_talks_places_what_they_agreed(events_of) -> None:
    evs = events_of("Ethiopia and Eritrea held talks in Nairobi on Monday, agreeing to reopen the border.")
    assert _places(evs, "AGREE") == ["Nairobi"], _places(evs, "AGREE")


def test_a_since_phrase_names_when_a_period_began_not_the_event(events_of) -> None:
    evs = events_of(
        "The rebel commanders took part in the negotiations in person for the first time since the "
        "start of the uprising in 2013."
    )
    talks = _dates(evs, "CONSULT")
    assert talks and all(date is None for _, date in talks), talks


def test_their_is_the_nearest_plural_subject_even_an_unnamed_one(events_of) -> None:
    # "their attack" is the gunmen's, not the mediators' named in the sentence before.
    evs = events_of(
        "Egyptian mediators met the two delegations in Cairo on Monday. The deal frees the hostages "
        "that gunmen still hold since their attack on the Israeli town."
    )
    attackers = [e.source.name if e.source else None for e in evs if e.type == "ASSAULT"]
    assert all(name is None or "mediators" not in name for name in attackers), attackers


def test_a_captions_place_and_day_date_the_handshake(events_of) -> None:
    evs = events_of(
        "Kenya's lead negotiator, left, shakes hands with Somalia's lead negotiator, as Uganda's former "
        "president looks on, after the peace talks in Nairobi, Kenya, Tuesday, May 13, 2025."
    )
    assert ("occurred", "2025-05-13") in _dates(evs, "CONSULT"), _dates(evs, "CONSULT")


def test_a_deadline_is_not_the_day_a_past_event_happened(events_of) -> None:
    evs = events_of("Chile has rejected Peru's call for a summit of the two presidents by the end of June.")
    assert _dates(evs, "REJECT") == [("occurred", None)]
    held = events_of("Chile and Peru met in Lima on Monday.")
    assert _dates(held, "CONSULT") == [("occurred", "2025-05-12")]


def test_a_participle_on_another_noun_dates_that_noun_not_the_event(events_of) -> None:
    # the day is the talks', not the exchange's: it came later
    evs = events_of(
        "The prisoner exchange between Sudan and Chad was the only result of the talks held in Nairobi "
        "on Monday, when the two delegations agreed on a wider deal."
    )
    assert _dates(evs, "RETREAT") == [("occurred", None)], _dates(evs, "RETREAT")
    own = events_of("Peru and Chile ended the talks held in Lima on Monday without a deal.")
    assert ("occurred", "2025-05-12") in _dates(own, "CONSULT"), _dates(own, "CONSULT")
