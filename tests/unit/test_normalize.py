from __future__ import annotations

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from detente.errors import ParseError
from detente.ingest.normalize import (
    Draft,
    content_id,
    finish,
    guess_language,
    iso_date,
    normalise_text,
    outlet_from_url,
)


def test_normalise_collapses_spaces_keeps_paragraphs() -> None:
    raw = "  First\tline   here.\r\nSame paragraph.\r\n\r\n\r\n\r\nSecond  paragraph. \n"
    assert normalise_text(raw) == "First line here.\nSame paragraph.\n\nSecond paragraph."


def test_normalise_nfc_and_invisible_characters() -> None:
    decomposed = "Erdog\u0306an"  # g + combining breve
    assert normalise_text(decomposed) == "Erdoğan"
    assert normalise_text("cease\u00adfire\u200b talks\u00a0today") == "ceasefire talks today"


@given(st.text())
def test_normalise_is_idempotent(text: str) -> None:
    once = normalise_text(text)
    assert normalise_text(once) == once
    assert "\r" not in once and "\n\n\n" not in once and "  " not in once


def test_content_id_is_sha256_of_url_and_text() -> None:
    expected = hashlib.sha256(b"https://x.example/a\nSome text").hexdigest()[:16]
    assert content_id("https://x.example/a", "Some text") == expected
    assert content_id(None, "Some text") == hashlib.sha256(b"\nSome text").hexdigest()[:16]


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("2025-05-16", "2025-05-16"),
        ("2025-05-16T10:00:00+03:00", "2025-05-16"),
        ("Wed, 23 Jul 2025 17:40:00 +0000", "2025-07-23"),
        ("May 16, 2025", "2025-05-16"),
        ("16 May 2025", "2025-05-16"),
        ("2025-13-45", None),
        ("not a date", None),
        ("", None),
        (None, None),
    ],
)
def test_iso_date(raw: str | None, iso: str | None) -> None:
    assert iso_date(raw) == iso


def test_outlet_from_url() -> None:
    assert outlet_from_url("https://www.bosphorus-ledger.example/a/b") == "bosphorus-ledger.example"
    assert outlet_from_url(None) is None


def test_guess_language() -> None:
    assert guess_language("The delegations met in the city and said that the talks were over.") == "en"
    assert (
        guess_language(
            "Die Delegationen trafen sich gestern in der Stadt zu Gesprächen über einen Waffenstillstand."
        )
        is None
    )


def test_finish_keeps_given_id_and_defaults() -> None:
    a = finish(
        Draft(source="s", text="Talks  began.", id="my-id", url="https://www.w.example/x"), "2025-01-02"
    )
    assert a.id == "my-id"
    assert a.outlet == "w.example"
    assert a.published == "2025-01-02"
    assert a.text == "Talks began."
    b = finish(Draft(source="s", text="Talks began.", published="2024-03-04"), "2025-01-02")
    assert b.published == "2024-03-04"
    assert b.id == content_id(None, "Talks began.")


def test_finish_refuses_empty_text() -> None:
    with pytest.raises(ParseError, match="no article text"):
        finish(Draft(source="f.txt", text=" \n\n "))
