"""Speech that carries no words of its own, and names in marks (sentences written for these tests)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from detente.records import ArticleFacts, Quote

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def quotes(facts_at: Callable[..., ArticleFacts]) -> Callable[[str], list[Quote]]:
    return lambda text: list(facts_at(text).quotes)


def test_a_question_or_topic_is_no_quote(quotes) -> None:
    assert not quotes("The mediator Olusegun Obasanjo explained why the accord would be signed in Pretoria.")
    assert not quotes("Dmitry Peskov did not say whether Vladimir Putin would travel to Istanbul.")
    assert not quotes("The Kremlin spent days refusing to say who would lead the delegation.")


def test_a_statement_with_a_condition_stays_a_quote(quotes) -> None:
    got = quotes("Dmitry Peskov said that if the talks failed, Russia would press on with its offensive.")
    assert len(got) == 1 and got[0].text.startswith("if the talks failed")


def test_a_nickname_in_marks_is_no_quote(quotes) -> None:
    got = quotes("Presidential adviser Teresita “Ging” Deles wept. “We will keep our word,” Deles said.")
    assert [q.text.strip(" ,") for q in got] == ["We will keep our word"]
