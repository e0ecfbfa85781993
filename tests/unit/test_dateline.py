"""Datelines, by hand-built openings (no model)."""

from __future__ import annotations

import pytest

from detente.extract.dateline import find_dateline
from detente.lexicon.actors import load_knowledge
from detente.lexicon.places import load_gazetteer


@pytest.mark.parametrize(
    ("text", "body", "place", "country"),
    [
        ("TRIPOLI, Libya — Envoys met on Monday.", "Envoys", "Tripoli", "LBY"),
        ("DOHA, 3 March 2025 — The talks opened.", "The talks", "Doha", "QAT"),
        ("CAIRO, May 4 (Nile Wire) - Mediators said.", "Mediators", "Cairo", "EGY"),
        ("PORT-AU-PRINCE — Police landed.", "Police", "Port-au-Prince", "HTI"),
        ("BAKU—The ministry said.", "The ministry", "Baku", "AZE"),
    ],
)
def test_datelines_give_the_body_start_and_the_place(text: str, body: str, place: str, country: str) -> None:
    d = find_dateline(text, load_gazetteer(), load_knowledge())
    assert d is not None and text[d.end :].startswith(body)
    assert d.place is not None and (d.place.name, d.place.country) == (place, country)


@pytest.mark.parametrize(
    "text",
    ["US-Iran talks begin in Oman.", "What is the Berlin process?", "09:15 GMT — The meeting opened.", ""],
)
def test_no_dateline(text: str) -> None:
    assert find_dateline(text, load_gazetteer(), load_knowledge()) is None


def test_an_unknown_place_still_ends_the_dateline() -> None:
    text = "UNITED NATIONS — The envoy spoke."
    d = find_dateline(text, load_gazetteer(), load_knowledge())
    assert d is not None and d.place is None and text[d.end :] == "The envoy spoke."
