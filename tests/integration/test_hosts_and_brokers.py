"""A host, mediator or broker is no party of the talks it hosts or brokers (PLOVER), with the real model.

Sentences written for these tests; published 2025-05-15.
"""

from __future__ import annotations

import pytest

from detente.records import Event

pytestmark = pytest.mark.model


def names(e: Event) -> set[str]:
    return {r.name for r in (e.source, e.target) if r is not None}


def pairs(events: list[Event], type_: str = "CONSULT") -> list[set[str]]:
    return [names(e) for e in events if e.type == type_]


def test_host_of_talks_between_two_sides_is_no_party(events_of) -> None:
    evs = events_of("Oman hosted a new round of talks between Iran and the United States in Muscat.")
    got = pairs(evs)
    assert got, [(e.type, names(e)) for e in evs]
    assert all("Oman" not in p for p in got), got


def test_talks_mediated_by_two_mediators_do_not_pair_the_mediators(events_of) -> None:
    evs = events_of("Negotiations between Israel and Hamas were mediated by Egypt and Qatar last week.")
    got = pairs(evs)
    assert {"Egypt", "Qatar"} not in got, got
    assert all(not ({"Egypt", "Qatar"} & p) or len(p) == 1 for p in got), got


def test_mediating_between_two_sides_gives_their_talks(events_of) -> None:
    evs = events_of("Norway and Switzerland have been mediating between Colombia and the ELN for a year.")
    mediated = [e for e in evs if e.trigger.startswith("mediat")]
    assert mediated, [(e.type, e.trigger, names(e)) for e in evs]
    for e in mediated:
        assert not ({"Norway", "Switzerland"} & names(e)), names(e)


def test_broker_of_a_truce_is_no_party_of_it(events_of) -> None:
    evs = events_of("Qatar and Egypt brokered the truce between Israel and Hamas.")
    got = [names(e) for e in evs]
    assert got, evs
    assert all(not ({"Qatar", "Egypt"} & p) for p in got if len(p) == 2), got


def test_a_visitor_hosted_alone_keeps_its_host(events_of) -> None:
    evs = events_of("Egypt hosted a Hamas delegation in Cairo on Tuesday.")
    hosted = [e for e in evs if e.trigger == "hosted"]
    assert hosted and hosted[0].source is not None and hosted[0].source.name == "Egypt"
