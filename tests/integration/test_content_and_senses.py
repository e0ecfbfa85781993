"""What a demand asks for is not a happening, and exchanging papers is no prisoner exchange."""

from __future__ import annotations

import pytest

from detente.records import Event

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def events_of(events_at):
    return lambda text: events_at(text, "2025-06-03")


def retreats(events: list[Event]) -> list[tuple[str, str]]:
    return [(e.type, e.status) for e in events if e.type == "RETREAT" and e.status == "occurred"]


@pytest.mark.parametrize(
    "text",
    [
        "Mediators in Doha discussed Israel's demand that Hamas withdraw its fighters from the city.",
        "An aide said Azerbaijan had made demands that Armenia pull its troops out of the border villages.",
        "Georgia rejected the ultimatum that its police leave the disputed village by Friday.",
    ],
)
def test_what_a_demand_noun_asks_for_did_not_happen(events_of, text: str) -> None:
    assert retreats(events_of(text)) == []


def test_a_relative_clause_about_an_accord_keeps_its_own_status(events_of) -> None:
    signed = events_of("Officials welcomed the accord that Sudan and South Sudan signed in Juba on Monday.")
    assert any(e.type in ("AGREE", "SUPPORT") and e.status == "occurred" for e in signed), signed


@pytest.mark.parametrize(
    "text",
    [
        "The two delegations exchanged memorandums setting out their conditions for peace.",
        "Armenia and Azerbaijan exchanged views on the border commission in Geneva.",
        "Draft texts were exchanged between the mediators and both camps on Tuesday.",
    ],
)
def test_exchanging_papers_or_views_is_no_prisoner_exchange(events_of, text: str) -> None:
    assert retreats(events_of(text)) == []


def test_exchanging_prisoners_still_is(events_of) -> None:
    evs = events_of("Armenia and Azerbaijan exchanged 32 prisoners at the border on Monday.")
    assert ("RETREAT", "occurred") in retreats(evs)
