"""The paragraph dateline and time-stamp patterns events pass over (no model needed)."""

from __future__ import annotations

import pytest

from detente.extract.events.arguments import _DATELINE, _STAMP


@pytest.mark.parametrize(
    ("line", "dateline"),
    [
        ("NAIROBI, Kenya – The two leaders signed", "NAIROBI, Kenya – "),
        ("Mogadishu — The talks resumed", "Mogadishu — "),
        ("ADDIS ABABA, June 3 (Wire): Both sides agreed", "ADDIS ABABA, June 3 (Wire): "),
        ("KHARTOUM -- The army said", "KHARTOUM -- "),
    ],
)
def test_a_paragraph_dateline_is_found(line: str, dateline: str) -> None:
    m = _DATELINE.match(line)
    assert m is not None and m.group(0) == dateline


@pytest.mark.parametrize(
    "line",
    ["the envoy said: talks will resume", "Both sides agreed on Monday.", "He said — firmly — no."],
)
def test_ordinary_sentences_have_no_dateline(line: str) -> None:
    assert _DATELINE.match(line) is None


@pytest.mark.parametrize(
    "line", ["2025-05-10 Kenya reached out", "date 2025-05-10 Kenya", "2025-05-10 14:00 Talks"]
)
def test_a_time_stamp_is_found(line: str) -> None:
    assert _STAMP.match(line) is not None


def test_a_year_in_a_sentence_is_no_stamp() -> None:
    assert _STAMP.match("In 2025 the talks resumed.") is None
