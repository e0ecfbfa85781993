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
        "Late on Monday a meeting between American envoys Steve Witkoff and Jared Kushner and "
        "two Hamas negotiators was held in Cairo, officials said."
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
        "DIYARBAKIR — The imprisoned founder of the Kurdistan Workers' Party (PKK), Abdullah "
        "Ocalan, on Thursday urged his movement and Ankara to stop the fighting."
    )
    called = _by_trigger(events_of(text), "urged")
    assert called and called[0].source is not None
    assert called[0].source.name == "Abdullah Ocalan"


def test_a_sponsor_named_as_often_as_whom_it_backs_is_not_the_side(events_of: Events) -> None:
    text = (
        "Congo and the Rwanda-backed M23 rebels met in Doha on Monday. Rwanda denies helping the "
        "M23. The M23 said Kinshasa had to free its fighters first, and Congo refused. Rwanda "
        "welcomed the meeting. The two sides agreed to meet again next month."
    )
    agreed = _by_trigger(events_of(text), "agreed")
    assert agreed
    assert {e.source.actor_id for e in agreed if e.source} <= {"country:cod", "group:m23"}
    assert {e.target.actor_id for e in agreed if e.target} <= {"country:cod", "group:m23"}


def test_the_government_facing_its_own_rebel_movement_is_the_state(events_of: Events) -> None:
    text = (
        "MAPUTO — Renamo, a former rebel movement, has signed a peace accord with Mozambique's "
        "president. Renamo fought Mozambique for years, and Renamo kept an armed wing until this "
        "month. For three years now the government and Renamo have held talks."
    )
    talks = _by_trigger(events_of(text), "talks")
    assert talks and talks[-1].source is not None
    assert talks[-1].source.country == "MOZ"


def test_an_offer_a_state_says_was_sent_is_its_own(events_of: Events) -> None:
    text = "On Monday, the United States said that a revised offer on the nuclear file had been sent to Iran."
    offers = [e for e in events_of(text) if e.target is not None and e.target.country == "IRN"]
    assert offers and all(e.source is not None and e.source.country == "USA" for e in offers)


def test_an_announcer_named_among_the_parties_is_not_the_actor(events_of: Events) -> None:
    text = (
        'India and Pakistan stopped firing on Saturday. "It was agreed between them that the guns '
        "would fall silent from five o'clock,\" Indian Foreign Secretary Vikram Misri said."
    )
    agreed = _by_trigger(events_of(text), "agreed")
    assert all(e.source is None or e.source.name != "Vikram Misri" for e in agreed)


def test_talks_that_began_between_two_people_are_theirs(events_of: Events) -> None:
    text = (
        "Indirect talks began in Muscat on Saturday between Iran's foreign minister Abbas Araghchi "
        "and the US envoy Steve Witkoff."
    )
    talks = _by_trigger(events_of(text), "talks")
    assert talks and talks[0].source is not None and talks[0].target is not None
    assert {talks[0].source.name, talks[0].target.name} == {"Abbas Araghchi", "Steve Witkoff"}


def test_the_rebels_of_a_state_are_not_the_state(events_of: Events) -> None:
    text = "Mali's Tuareg-led rebel alliance signed a peace deal in Bamako on Saturday."
    signed = _by_trigger(events_of(text), "signed")
    assert signed and signed[0].source is not None
    assert signed[0].source.country != "MLI" and signed[0].source.sector == "REB"


def test_a_hyphenated_acronym_the_article_declares_is_the_group(events_of: Events) -> None:
    text = (
        "The Sudan Liberation Movement-Abdel Wahid (SLM-AW) rejected the talks on Monday. "
        "The SLM-AW accused the army of shelling villages in Darfur."
    )
    accused = _by_trigger(events_of(text), "accused")
    assert accused and accused[0].source is not None
    assert accused[0].source.actor_id == "organization:sudan-liberation-movement-abdel-wahid"


def test_greek_cypriot_leaders_are_one_community_not_two_states(events_of: Events) -> None:
    text = (
        "Greek Cypriot leaders and Turkish Cypriot leaders met in Nicosia on Monday to discuss reunification."
    )
    met = _by_trigger(events_of(text), "met")
    assert met
    ids = {r.actor_id for e in met for r in (e.source, e.target) if r is not None}
    assert ids == {"group:greek-cypriots", "group:turkish-cypriots"}


def test_a_leader_of_a_people_no_file_knows_is_not_the_speaker(events_of: Events) -> None:
    text = (
        "Moldova's president Maia Sandu met Russian diplomats on Monday. She would not meet "
        "with the Transnistrian leader as long as he rejects Moldova's borders, she added."
    )
    meet = [e for e in events_of(text) if e.trigger == "meet"]
    assert meet and meet[0].target is not None
    assert meet[0].target.name == "the Transnistrian leader"
