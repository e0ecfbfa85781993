"""More stance forms with the real model: phrasal exits, threats of one's own act, hopes held
for others, participle stance words, "against", a possessive demand whose clause hangs on the
verb (sentences written for these tests, on a negotiation between a government and a guerrilla)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from detente.records import ArticleFacts, Position

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def read(facts_at: Callable[..., ArticleFacts]) -> Callable[[str], list[Position]]:
    return lambda text: list(facts_at(text, "2025-06-02").positions)


def _find(got: list[Position], country: str, issue: str, stance: str) -> Position | None:
    return next((p for p in got if p.country == country and p.issue == issue and p.stance == stance), None)


def test_pulling_out_of_talks_opposes_them(read) -> None:
    got = read("The Karen National Union threatened to pull out of the talks with Myanmar.")
    assert not any(p.stance == "support" and p.issue == "withdrawal" for p in got)
    assert any(p.stance == "oppose" for p in got)
    walked = read("The Karen National Union said it would walk away from the talks with Myanmar.")
    assert any(p.stance == "oppose" and p.issue == "direct-talks" for p in walked)


def test_a_threat_of_its_own_act_is_the_warners_stance(read) -> None:
    got = read("Hezbollah warned that it would resume attacks if Israel kept up its strikes.")
    found = _find(got, "LBN", "ceasefire", "conditional")
    assert found is not None and found.condition and found.condition.startswith("if")
    # a fear of another's act stays no one's stance
    feared = read("Lebanon warned that Israel would resume the war.")
    assert not any(p.country == "ISR" for p in feared)


def test_a_hope_for_another_is_the_hopers(read) -> None:
    got = read("President Gustavo Petro expressed hope that the ELN will agree to a ceasefire soon.")
    assert any(p.party.endswith("Petro") and p.issue == "ceasefire" for p in got)
    assert not any(p.actor_id == "group:eln" for p in got)  # the rebels agreed to nothing


def test_a_participle_stance_word_has_the_copulas_subject(read) -> None:
    got = read("President Gustavo Petro said he would be prepared to meet the ELN commanders in Havana.")
    assert any(p.party.endswith("Petro") and p.stance == "support" for p in got)


def test_against_holds_the_copulas_subject(read) -> None:
    got = read("President Gustavo Petro is against any amnesty for rebel commanders.")
    assert any(p.party.endswith("Petro") and p.issue == "amnesty" and p.stance == "oppose" for p in got)


def test_a_demand_rejected_is_still_its_owners(read) -> None:
    got = read("The ELN rejected Colombia's demand that it free all its hostages.")
    colombia = _find(got, "COL", "hostages", "support")
    assert colombia is not None and colombia.actor_id == "country:col"


def test_a_pledged_act_keeps_its_particle(read) -> None:
    got = read("The ELN said it would lay down its arms once an amnesty law is passed.")
    claims = [p.claim or "" for p in got if p.stance == "conditional"]
    assert any(c.startswith("lay down") for c in claims)


def test_urging_keeps_what_is_urged(read) -> None:
    got = read("Norway urged both the government and the ELN to return to the negotiating table.")
    norway = _find(got, "NOR", "direct-talks", "support")
    assert norway is not None and "return to the negotiating table" in (norway.claim or "")


def test_an_expletive_it_judges_the_clause(read) -> None:
    got = read(
        "Riek Machar said it would not be possible to sign a final peace deal until every faction joins."
    )
    found = _find(got, "SSD", "peace-agreement", "conditional")
    assert found is not None and found.party.endswith("Machar")


def test_a_gerund_after_a_preposition_is_its_verbs_subject(read) -> None:
    got = read("Colombia's president flew to Havana after urging the ELN to return to the talks.")
    assert _find(got, "COL", "direct-talks", "support") is not None


def test_a_stance_given_up_since_is_no_position(read) -> None:
    got = read("After initially rejecting the accord, Hezbollah now accepts it.")
    assert not any(p.stance == "oppose" for p in got)


def test_not_until_keeps_its_clause(read) -> None:
    got = read(
        "Kosovo does not object to holding talks with Serbia, but not until after Belgrade recognises it."
    )
    found = _find(got, "XKX", "direct-talks", "conditional")
    assert found is not None and (found.condition or "").startswith("not until after Belgrade")
    # the gerund is the verb's object, no stance of its own
    assert _find(got, "XKX", "direct-talks", "support") is None


def test_a_condition_said_after_a_call_is_not_the_calls(read) -> None:
    got = read(
        "Qatar called on both sides to show restraint and said a deal was possible if the mediation went on."
    )
    call = next((p for p in got if p.country == "QAT" and "restraint" in (p.claim or "")), None)
    assert call is not None and call.stance == "support" and call.condition is None


def test_a_question_holds_no_stance(read) -> None:
    got = read("Lebanon wants a truce. Will Israel accept the truce? Its cabinet has not said.")
    assert not any(p.country == "ISR" for p in got)
    assert _find(got, "LBN", "ceasefire", "support") is not None


def test_an_allegation_or_a_forecast_is_no_stance(read) -> None:
    alleged = read("Western officials claim that Iran supports the Houthis, which Tehran denies.")
    assert not any(p.country == "IRN" and p.stance == "support" for p in alleged)
    forecast = read("The Ukrainian delegation is expected to arrive in Istanbul on Friday.")
    assert not any(p.country == "UKR" for p in forecast)


def test_what_a_proposal_includes_is_its_claim(read) -> None:
    got = read(
        "The proposals would include a monitoring mission along the border, the Armenian negotiators told reporters."
    )
    assert any(p.country == "ARM" and "monitoring mission" in (p.claim or "") for p in got)


def test_a_stance_against_opposes_and_a_guarantee_asked_binds_no_one(read) -> None:
    against = read("India has consistently maintained a firm stance against terrorism.")
    assert _find(against, "IND", "terrorism", "oppose") is not None
    assert _find(against, "IND", "terrorism", "support") is None
    asked = read("Hamas says it wants written guarantees that Israel will not restart the war in Gaza.")
    assert not any(p.country == "ISR" for p in asked)


def test_the_act_of_a_condition_is_no_pledge_of_its_subject(read) -> None:
    # the other party's act is the speaker's condition, not the other party's stance
    got = read("Zelenskyy called for tougher sanctions if Moscow continued to reject a ceasefire.")
    assert _find(got, "RUS", "ceasefire", "support") is None, [(p.party, p.stance, p.issue) for p in got]
    assert _find(got, "RUS", "ceasefire", "oppose") is not None
    own = read("Hamas said it would free the hostages if Israel withdrew its troops.")
    assert any(p.stance == "conditional" and p.party == "Hamas" for p in own), [
        (p.party, p.stance) for p in own
    ]
