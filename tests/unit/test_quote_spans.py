"""Pairing quotation marks, by hand-built texts (no model)."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from detente.extract.quote_marks import quote_spans


def texts(text: str) -> list[str]:
    return [text[q.start : q.end] for q in quote_spans(text)]


def test_straight_and_curly_marks() -> None:
    assert texts('He said "we are ready" and left.') == ["we are ready"]
    assert texts("He said “we are ready” and left.") == ["we are ready"]
    assert texts("Il a dit « nous sommes prêts » hier.") == ["nous sommes prêts"]


def test_apostrophes_do_not_close_single_quotes() -> None:
    text = "She called the plan ‘a return of soldiers’ remains and nothing more’, officials said."
    assert texts(text) == ["a return of soldiers’ remains and nothing more"]
    assert texts("The soldiers’ remains were returned; Kyiv’s envoy didn’t comment.") == []


def test_quote_spanning_sentences() -> None:
    assert texts("“We met. We talked. We will meet again,” he said.") == [
        "We met. We talked. We will meet again,"
    ]


def test_quote_continuing_over_paragraphs() -> None:
    text = "He said: “The first paragraph ends here.\n\n“The second one closes the quote.”\n\nNext."
    assert texts(text) == ["The first paragraph ends here.", "The second one closes the quote."]
    text = 'Quote: "First part of the statement.\n\nSecond part without an opening mark."\n\nAfter.'
    assert texts(text) == ["First part of the statement.", "Second part without an opening mark."]


def test_unclosed_quote_ends_with_its_paragraph() -> None:
    text = "He said “this never closes\n\nA new paragraph with no marks.\n\nAnother one."
    assert texts(text) == ["this never closes"]


def test_straight_mark_closing_a_curly_one() -> None:
    assert texts('The UN called it “one of the worst crises on Earth". Then more.') == [
        "one of the worst crises on Earth"
    ]


@given(st.text(alphabet=st.sampled_from(list("ab ’'\"“”«»‘\n.")), max_size=60))
def test_spans_are_well_formed(text: str) -> None:
    spans = quote_spans(text)
    for q in spans:
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start : q.end].strip() == text[q.start : q.end]
    assert all(a.end <= b.start for a, b in itertools.pairwise(spans))


def test_straight_single_marks() -> None:
    text = "'Guns and talks do not mix,' the minister said. Pakistan's envoy didn't reply."
    assert texts(text) == ["Guns and talks do not mix,"]
    text = "A researcher said: 'Kyiv's offer is serious and Moscow's is not.'\n\nNext."
    assert texts(text) == ["Kyiv's offer is serious and Moscow's is not."]


def test_straight_single_marks_need_a_real_quote() -> None:
    assert texts("The soldiers' remains came home; the 'Z' symbol was banned.") == []
    assert texts("He told 'Reuters he was fine.") == []


def test_straight_single_marks_around_a_phrase() -> None:
    text = "The envoy called the vote 'a real step toward peace' on Monday."
    assert texts(text) == ["a real step toward peace"]
    assert texts("They played rock 'n' roll at the talks' end.") == []
