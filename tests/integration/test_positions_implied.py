"""Stances a party takes without a stance word, with the real model: pledged acts of a
settlement, a text signed, a demand given up, "there will be no …", a thing called a betrayal
or a solution, and the issues of self-rule and amnesty (sentences written for these tests)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def read(positions_read):
    return positions_read


def _has(got: list[tuple[str, str | None, str, str]], country: str, issue: str, stance: str) -> bool:
    return any(c == country and i == issue and s == stance for _, c, i, s in got)


def test_a_pledged_act_of_a_settlement_is_support(read) -> None:
    got = read("Under the accord Manila will pull 5,000 soldiers out of the island and free the detainees.")
    assert _has(got, "PHL", "withdrawal", "support")
    assert _has(got, "PHL", "prisoner-exchange", "support")
    # the same act done is an event, not a stance
    assert not _has(
        read("Manila pulled 5,000 soldiers out of the island last week."), "PHL", "withdrawal", "support"
    )
    refused = read("Colombo said it would not withdraw its forces until the guerrillas disarm.")
    assert _has(refused, "LKA", "withdrawal", "conditional")


def test_signing_a_text_binds_both_signers(read) -> None:
    got = read("Khartoum signed a peace accord with Juba in Addis Ababa on Monday.")
    assert _has(got, "SDN", "peace-agreement", "support")
    assert _has(got, "SSD", "peace-agreement", "support")
    # signing a letter or a law is no stance on a settlement
    assert read("Khartoum signed the letter on Monday.") == []


def test_a_demand_given_up_is_opposed(read) -> None:
    got = read("Rabat said Algiers had dropped its long demand for independence.")
    assert _has(got, "DZA", "status-recognition", "oppose")
    assert not _has(got, "DZA", "status-recognition", "support")


def test_there_will_be_no(read) -> None:
    got = read("“There will be no referendum on independence,” Prime Minister Narendra Modi said.")
    assert _has(got, "IND", "status-recognition", "oppose")
    cond = read("Prime Minister Narendra Modi said there can be no ceasefire without a withdrawal.")
    assert any(s == "conditional" and i == "ceasefire" for _, _, i, s in cond)
    # a past fact is no stance
    assert read("There was no ceasefire in the valley, Prime Minister Narendra Modi said.") == []


def test_a_thing_called_a_betrayal_or_a_solution(read) -> None:
    got = read("“The accord is a betrayal of our people,” Prime Minister Narendra Modi said.")
    assert _has(got, "IND", "peace-agreement", "oppose")
    praised = read("“Wide self-rule is the final solution,” Prime Minister Narendra Modi said.")
    assert _has(praised, "IND", "autonomy", "support")


def test_amnesty_and_autonomy_are_issues_of_their_own(read) -> None:
    got = read("“An amnesty should be granted to all the fighters,” Prime Minister Narendra Modi said.")
    assert _has(got, "IND", "amnesty", "support")
    auto = read("Madrid offered the region greater autonomy but rejected independence.")
    assert _has(auto, "ESP", "autonomy", "support")
    assert _has(auto, "ESP", "status-recognition", "oppose")


def test_a_settlement_act_to_come_is_the_speakers_stance(read) -> None:
    got = read(
        "“All the detainees will be freed by the end of the month,” Prime Minister Narendra Modi said."
    )
    assert _has(got, "IND", "prisoner-exchange", "support")
    # the troops acted on hold no stance, the one who says it does
    moved = read("Prime Minister Narendra Modi said the troops would be withdrawn from the valley by June.")
    assert _has(moved, "IND", "withdrawal", "support")
    assert all(c == "IND" for _, c, _, _ in moved)
    # a forecast of talks is no settlement act
    assert read("“The talks will continue tomorrow,” Prime Minister Narendra Modi said.") == []


def test_a_pronoun_reporting_after_its_clause_is_nobody_it_names(read) -> None:
    got = read(
        "The summit must bring Prime Minister Narendra Modi and Prime Minister Shehbaz Sharif together, he added."
    )
    assert not any(c in ("IND", "PAK") for _, c, _, _ in got)


def test_rejecting_anothers_plan_is_no_plan_given_up(read) -> None:
    got = read("Two generals broke with Riek Machar, rejecting his plans to join a transitional government.")
    assert not any(p == "Riek Machar" and s == "oppose" for p, _, _, s in got)


def test_no_attacks_wants_a_truce_and_no_changes_says_nothing(read) -> None:
    got = read("“There will not be any attacks on the villages,” Prime Minister Narendra Modi said.")
    assert _has(got, "IND", "ceasefire", "support")
    assert not _has(got, "IND", "ceasefire", "oppose")
    assert read("“There will be no changes to our delegation,” Prime Minister Narendra Modi said.") == []


def test_the_government_and_the_rebels_are_the_main_pair(read) -> None:
    text = (
        "Manila and the Moro Islamic Liberation Front resumed talks in Kuala Lumpur on Monday. "
        "Manila has fought the Moro Islamic Liberation Front for decades. "
        "The rebels want wide autonomy. The government agreed to pull out its soldiers."
    )
    got = read(text)
    assert any(c == "PHL" and i == "withdrawal" and s == "support" for _, c, i, s in got)
    assert any(p != "Philippines" and i == "autonomy" and s == "support" for p, _, i, s in got)


def test_a_refusal_of_an_act_on_an_issue(read) -> None:
    got = read("“We will not host foreign military bases,” President Maia Sandu said.")
    assert _has(got, "MDA", "neutrality-alliances", "oppose")
    calm = read("“We will not resume the shelling,” President Maia Sandu said.")
    assert _has(calm, "MDA", "ceasefire", "support")
    ceased = read("Moldova agreed to cease hostilities with the separatists.")
    assert not _has(ceased, "MDA", "ceasefire", "oppose")


def test_an_act_someone_fears_is_nobodys_pledge(read) -> None:
    got = read("Kyiv fears that Moscow will resume the offensive after the exchange of prisoners.")
    assert not any(c == "RUS" for _, c, _, _ in got)


def test_anonymity_and_a_bare_day_are_no_claims(read) -> None:
    got = read(
        "“The gap is still wide,” a senior Moldovan official said, speaking on condition of anonymity."
    )
    assert not any(i == "other" for _, _, i, _ in got)


def test_possible_to_is_a_stance_and_possible_that_a_forecast(read) -> None:
    got = read("“It is possible to reach a truce through talks,” President Maia Sandu said.")
    assert _has(got, "MDA", "ceasefire", "support")
    assert read("It is possible that the truce will hold, President Maia Sandu said.") == []
    assert read("“We will see whether a deal is possible,” President Maia Sandu said.") == []
