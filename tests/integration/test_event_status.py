"""Status per clause, nominal mentions, headings and PLOVER's conventions, with the real model.

Sentences written for these tests; the article is published 2025-05-15 (a Thursday).
"""

from __future__ import annotations

import pytest

from detente.records import Event

pytestmark = pytest.mark.model


def brief(e: Event) -> tuple[str, str, str | None, str | None]:
    return (e.type, e.status, e.source.country if e.source else None, e.target.country if e.target else None)


def of_type(events: list[Event], type_: str) -> list[Event]:
    return [e for e in events if e.type == type_]


# -- the demanded or threatened act is the content of REQUEST / THREATEN, not an event ----------


def test_demanded_act_is_no_event_of_its_own(events_of) -> None:
    evs = events_of("Britain demanded that Iran cooperate with the inspectors.")
    assert [brief(e)[:3] for e in of_type(evs, "REQUEST")] == [("REQUEST", "occurred", "GBR")]
    assert not of_type(evs, "COOPERATE"), [brief(e) for e in evs]


def test_threatened_withdrawal_is_a_threat_not_a_planned_retreat(events_of) -> None:
    evs = events_of("Hamas threatened to withdraw from the talks with Israel.")
    assert [e.type for e in evs] == ["THREATEN"], [brief(e) for e in evs]


def test_called_for_talks_are_no_talks(events_of) -> None:
    evs = events_of("Global leaders called for dialogue between India and Pakistan.")
    assert not of_type(evs, "CONSULT"), [brief(e) for e in evs]


def test_urged_acceptance_is_dropped_but_the_proposal_was_made(events_of) -> None:
    evs = events_of("Trump called on Ukraine to accept Putin's proposal.")
    assert [brief(e)[:3] for e in of_type(evs, "REQUEST")] == [("REQUEST", "occurred", "USA")]
    agreed = of_type(evs, "AGREE")
    assert agreed and all(e.source is not None and e.source.country == "RUS" for e in agreed)
    assert all(e.status == "occurred" for e in agreed)  # Putin's proposal exists; nobody accepted


# -- offers, wishes, obligations and willingness are not happenings -------------------------------


def test_offered_exchange_is_only_hypothetical(events_of) -> None:
    evs = events_of("Venezuela has offered to exchange 200 prisoners with Colombia.")
    assert [e.status for e in of_type(evs, "RETREAT")] == ["hypothetical"], [brief(e) for e in evs]


def test_readiness_to_meet_is_hypothetical(events_of) -> None:
    evs = events_of("Chile is ready to meet Peru in Lima next week.")
    assert [brief(e) for e in of_type(evs, "CONSULT")] == [("CONSULT", "hypothetical", "CHL", "PER")]


def test_should_agree_is_no_agreement(events_of) -> None:
    evs = events_of("Kenya should accept the proposal of Ethiopia.")
    assert all(e.status == "hypothetical" for e in of_type(evs, "AGREE")), [brief(e) for e in evs]


def test_not_objecting_to_a_meeting_is_willingness(events_of) -> None:
    for text in (
        "Serbia does not object to holding a meeting with Kosovo.",
        "Ukraine is not against meetings with Russia and awaits its memorandum.",
    ):
        met = of_type(events_of(text), "CONSULT")
        assert met and all(e.status == "hypothetical" for e in met), (text, [brief(e) for e in met])


# -- negation belongs to its own clause ------------------------------------------------------------


def test_negation_of_the_first_verb_does_not_reach_a_finite_conjunct(events_of) -> None:
    evs = events_of("Kenya does not seek escalation, urges Uganda to return to the table.")
    urged = [e for e in of_type(evs, "REQUEST") if e.trigger == "urges"]
    assert urged and urged[0].status == "occurred", [brief(e) for e in evs]


def test_not_halting_strikes_does_not_negate_the_strikes(events_of) -> None:
    evs = events_of("Sudan's army had not halted its airstrikes on the Rapid Support Forces.")
    struck = of_type(evs, "ASSAULT")
    assert struck and all(e.status == "occurred" for e in struck), [brief(e) for e in evs]


# -- nominal mentions take the status their sentence gives them ------------------------------------


def test_talks_one_travels_for_are_still_to_come(events_of) -> None:
    evs = events_of("The Ukrainian delegation landed in Istanbul for talks with Russia.")
    talks = [e for e in of_type(evs, "CONSULT") if e.trigger == "talks"]
    assert [brief(e) for e in talks] == [("CONSULT", "planned", "UKR", "RUS")]


def test_a_meeting_under_discussion_is_hypothetical(events_of) -> None:
    evs = events_of("Armenia and Azerbaijan discussed a possible meeting between Pashinyan and Aliyev.")
    meeting = [e for e in evs if e.trigger == "meeting"]
    assert meeting and all(e.status == "hypothetical" for e in meeting), [brief(e) for e in evs]
    assert any(e.trigger == "discussed" and e.status == "occurred" for e in evs)


def test_occurred_event_dated_after_publication_is_planned(events_of) -> None:
    (e,) = of_type(events_of("Serbia and Kosovo held talks in Brussels on 20 May."), "CONSULT")
    assert (e.status, e.date) == ("planned", "2025-05-20")


# -- questions, headings and bylines state nothing --------------------------------------------------


def test_a_question_gives_no_event(events_of) -> None:
    assert events_of("When are the talks between Serbia and Kosovo?") == []


def test_headings_and_photo_lines_give_no_event(events_of) -> None:
    body = "Serbian and Kosovar negotiators held talks in Brussels on Monday."
    for first in (
        "Talks between Serbia and Kosovo",
        "Serbia, Kosovo to meet for talks in Brussels",
        "Photo: Serbian and Kosovar negotiators meet in Brussels",
    ):
        evs = events_of(f"{first}\n\n{body}")
        # the body gives its meeting; nothing is read from the line above it
        assert evs and all(e.start > len(first) for e in evs), (first, [brief(e) for e in evs])


def test_a_short_last_line_is_still_read(events_of) -> None:
    # A report cut short at its end is no heading: nothing follows it.
    evs = events_of("Serbia and Kosovo held talks in Brussels")
    assert [brief(e)[:2] for e in evs] == [("CONSULT", "occurred")]


# -- claims and agentless events ----------------------------------------------------------------------


def test_a_claim_is_the_claimants_accusation_and_the_act_is_attributed(events_of) -> None:
    evs = events_of("Israel said Hamas fired a rocket at Sderot on Monday.")
    (accuse,) = of_type(evs, "ACCUSE")
    assert accuse.source is not None and accuse.source.country == "ISR"
    assert accuse.target is not None and accuse.target.name == "Hamas" and accuse.trigger == "said"
    (fired,) = of_type(evs, "ASSAULT")
    assert fired.source is not None and fired.source.name == "Hamas"
    assert fired.attributed_to is not None and fired.attributed_to.country == "ISR"


def test_an_event_of_the_speakers_own_side_is_not_a_claim(events_of) -> None:
    evs = events_of("Ukraine said it met Turkish officials in Ankara.")
    assert not of_type(evs, "ACCUSE") and all(e.attributed_to is None for e in evs)


def test_agentless_killing_keeps_target_date_and_place(events_of) -> None:
    (e,) = of_type(events_of("Ten Ukrainian soldiers were killed in Kharkiv on Tuesday."), "ASSAULT")
    assert e.source is None and e.target is not None and e.target.country == "UKR"
    assert e.date == "2025-05-13" and e.place is not None and e.place.name == "Kharkiv"


def test_a_denied_cleft_negates_its_verb(events_of) -> None:
    denied = of_type(
        events_of("The president said that it was not Chile who broke off talks with Peru in 2019."),
        "SANCTION",
    )
    assert [e.status for e in denied] == ["negated"]
    stated = of_type(events_of("Officials said Chile broke off talks with Peru in 2019."), "SANCTION")
    assert [e.status for e in stated] == ["occurred"]


def test_a_subjects_no_negates_and_not_yet_is_pending(events_of) -> None:
    # "no agreement was reached" was an agreement that happened; failing to agree is a refusal
    none = events_of("No agreement was reached between Chile and Peru on Monday.")
    assert [(e.type, e.status) for e in none if e.type in ("AGREE", "REJECT")] == [("REJECT", "occurred")]
    pending = events_of("Chile and Peru have not yet agreed on a ceasefire.")
    assert [(e.type, e.status) for e in pending if e.type in ("AGREE", "REJECT")] == [
        ("AGREE", "hypothetical")
    ]
    refusing = events_of("Chile has not agreed to a ceasefire with Peru.")
    assert [(e.type, e.status) for e in refusing if e.type in ("AGREE", "REJECT")] == [("REJECT", "occurred")]
