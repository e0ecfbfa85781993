from __future__ import annotations

import codecs

import pytest

from detente.errors import ParseError
from detente.ingest.decode import decode, sniff


def test_utf8_and_boms() -> None:
    assert decode("Türkiye talks".encode(), "f") == "Türkiye talks"
    assert decode(codecs.BOM_UTF8 + b"Kyiv", "f") == "Kyiv"
    assert decode("Kyiv talks".encode("utf-16"), "f") == "Kyiv talks"


def test_legacy_encoding_is_detected() -> None:
    text = "Le président a déclaré que les négociations à Genève étaient très difficiles."
    assert decode(text.encode("cp1252"), "f") == text


@pytest.mark.parametrize(
    ("data", "match"),
    [
        (b"", "empty"),
        (b"  \n\t ", "empty"),
        (b"%PDF-1.7 binary", "PDF"),
        (b"\x89PNG\r\n\x1a\n....", "PNG"),
        (b"PK\x03\x04zipdata", "ZIP"),
        (b"text\x00with\x00nuls\x00", "binary"),
    ],
)
def test_refused_inputs(data: bytes, match: str) -> None:
    with pytest.raises(ParseError, match=match) as info:
        decode(data, "in.txt")
    assert info.value.fix


def test_damaged_utf8_names_the_byte() -> None:
    data = b"caf\xc3\xa9 ok\n\xff rest"
    with pytest.raises(ParseError, match=r"not valid UTF-8: byte 0xff at offset 9 \(line 2\)") as info:
        decode(data, "in.txt")
    assert "UTF-8" in info.value.fix


def test_declared_charset_wins_when_it_fits() -> None:
    assert decode("Genève".encode("latin-1"), "f", declared="latin-1") == "Genève"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ('<?xml version="1.0"?><rss version="2.0">', "feed"),
        ('<feed xmlns="http://www.w3.org/2005/Atom">', "feed"),
        ("<!DOCTYPE html><html>", "html"),
        ("  <html lang=en>", "html"),
        ('{"text": "x"}', "json"),
        ("Title: x\n\nbody", None),
    ],
)
def test_sniff(text: str, kind: str | None) -> None:
    assert sniff(text) == kind
