"""Who acts, with the real model, on texts written for these tests: a speaker's "we", people
named in apposition to a description, the accused of "criticised X for …", a shared short
country name, and whom "called for … to" asks."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from detente.records import Event

pytestmark = pytest.mark.model

Events = Callable[[str], list[Event]]


def _by_trigger(events: list[Event], word: str) -> list[Event]:
    return [e for e in events if word in e.trigger]


def test_we_in_a_quote_is_the_speakers_state(events_of: Events) -> None:
    text = (
        "WASHINGTON — US envoy Steve Witkoff met Iranian officials in Oman on Saturday. "
        '"We have sent a new proposal to the Iranians," Witkoff told reporters after the meeting.'
    )
    sent = _by_trigger(events_of(text), "sent")
    assert sent, "the proposal is an event"
    assert {e.source.country for e in sent if e.source} == {"USA"}
    assert all(e.target is not None and e.target.country == "IRN" for e in sent)


def test_we_of_an_unnamed_speaker_is_nobody(events_of: Events) -> None:
    text = '"We have sent a new proposal to the Iranians," an analyst in London said on Monday.'
    sent = _by_trigger(events_of(text), "sent")
    assert all(e.source is None or e.source.country != "GBR" for e in sent)


def test_envoys_named_in_apposition_are_the_people(events_of: Events) -> None:
    text = (
        "A meeting between US envoys Steve Witkoff and Jared Kushner and senior Hamas leaders "
        "took place in Cairo on Monday, officials said."
    )
    meeting = _by_trigger(events_of(text), "meeting")
    assert meeting and meeting[0].source is not None
    assert meeting[0].source.name == "Steve Witkoff"
    assert meeting[0].target is not None and meeting[0].target.country == "PSE"


def test_the_accused_of_criticised_for_does_the_deed(events_of: Events) -> None:
    text = "Pakistan's prime minister Shehbaz Sharif criticised India for rejecting Pakistan's inquiry on Monday."
    rejecting = _by_trigger(events_of(text), "reject")
    assert rejecting and rejecting[0].source is not None
    assert rejecting[0].source.country == "IND"


def test_congo_is_the_congo_the_article_names(events_of: Events) -> None:
    text = (
        "Congo and the M23 rebels signed a truce in Doha on Saturday. The Congolese government said "
        "Kinshasa would send its delegation back next month."
    )
    signed = _by_trigger(events_of(text), "signed")
    assert signed
    assert any(e.source is not None and e.source.actor_id == "country:cod" for e in signed)


def test_a_description_before_the_name_after_a_dateline_is_the_person(events_of: Events) -> None:
    text = (
        "ERBIL, Kurdistan Region — The jailed leader of the Kurdistan Workers' Party (PKK), Abdullah "
        "Ocalan, has called on the PKK and the Turkish government to end the clashes."
    )
    called = _by_trigger(events_of(text), "called")
    assert called and called[0].source is not None
    assert called[0].source.name == "Abdullah Ocalan"
