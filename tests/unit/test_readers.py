"""Readers of each source kind, on inputs built by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.config import load_settings
from detente.errors import ParseError
from detente.ingest import Read, read_inputs
from detente.ingest.feeds import read_feed
from detente.ingest.html import fragment_text, read_html
from detente.ingest.jsonl import read_json, read_jsonl_lines
from detente.ingest.normalize import Draft
from detente.ingest.text import read_text
from detente.records import Failure
from tests.conftest import write

FIELDS = {n: n for n in ("id", "url", "outlet", "published", "title", "text", "language")}

PAGE = """<!DOCTYPE html><html><head><title>Second round ends | Harbour Gazette</title>
<meta property="og:title" content="Second round ends in an hour">
<meta property="og:site_name" content="Harbour Gazette">
<meta property="article:published_time" content="2025-06-02T18:00:00+00:00">
<link rel="canonical" href="https://harbour-gazette.example/2025/06/02/second-round"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>Second round ends in an hour</h1>
<p>Negotiators from Kyiv and Moscow spent roughly an hour together at a palace on the Bosphorus on Monday, and left with a deal to return the bodies of fallen soldiers.</p>
<p>The Ukrainian team handed over a written list of terms for a truce. The Russian side answered with a memorandum of its own, which officials in Kyiv promised to study before any further meeting.</p>
<p>Both sides also said they would free every badly wounded captive and all young prisoners, a step that mediators in Ankara welcomed as a sign that some trust remained.</p>
</article><aside>Related stories: <a href="/x">Markets</a></aside>
<footer>Copyright 2025 Harbour Gazette. All rights reserved.</footer></body></html>"""


def test_text_header_lines() -> None:
    (d,) = read_text(
        "Title: Talks open\nDate: 2025-05-16\nURL: https://a.example/x\nOutlet: A Wire\n\nBody one.\n\nBody two.",
        "f.txt",
    )
    assert (d.title, d.published, d.url, d.outlet) == (
        "Talks open",
        "2025-05-16",
        "https://a.example/x",
        "A Wire",
    )
    assert d.text.strip() == "Body one.\n\nBody two."


def test_text_without_headers_keeps_a_colon_sentence() -> None:
    (d,) = read_text("Note: the talks resumed today\nand went on late.", "f.txt")
    assert d.title is None
    assert d.text.startswith("Note: the talks")


def test_yaml_front_matter() -> None:
    (d,) = read_text(
        "---\ntitle: Memorandums swapped\ndate: 2025-06-02\nurl: https://b.example/y\n---\nThe body.",
        "f.md",
        markdown=True,
    )
    assert (d.title, d.published, d.url) == ("Memorandums swapped", "2025-06-02", "https://b.example/y")
    assert d.text.strip() == "The body."


def test_front_matter_never_closed() -> None:
    with pytest.raises(ParseError, match="never closed"):
        list(read_text("---\ntitle: x\nbody without end", "f.md"))


def test_markdown_heading_becomes_title() -> None:
    (d,) = read_text(
        "# Prisoners swapped\n\nA **thousand** captives each.\n\n## Details\n\nMore.", "f.md", markdown=True
    )
    assert d.title == "Prisoners swapped"
    assert "## " not in d.text and "Details" in d.text


def test_html_page() -> None:
    (d,) = read_html(PAGE, "p.html")
    assert d.title and "Second round" in d.title
    assert d.published and d.published.startswith("2025-06-02")
    assert d.outlet == "Harbour Gazette"
    assert "bodies of fallen soldiers" in d.text
    assert "\n\n" in d.text
    assert "All rights reserved" not in d.text and "Sport" not in d.text


def test_html_without_article_text() -> None:
    with pytest.raises(ParseError, match="no article text"):
        list(
            read_html(
                "<html><body><nav><a href='/'>Home</a></nav><script>var x=1;</script></body></html>", "p.html"
            )
        )


def test_fragment_text_keeps_paragraphs() -> None:
    assert fragment_text("<p>One <b>bold</b> line.</p><p>Two<br>lines.</p>") == "One bold line.\n\nTwo lines."


def test_jsonl_good_and_bad_lines() -> None:
    lines = [
        b'{"id": "a1", "text": "First report.", "published": "2025-05-16"}',
        b"",
        b'{"id": "a2", "text": "Second',
        b'{"id": "a3", "title": "no text"}',
        b'["not", "an", "object"]',
        b'{"id": "a4", "text": "Fourth report."}',
    ]
    out = list(read_jsonl_lines(lines, "in.jsonl", FIELDS, 10_000))
    drafts = [x for x in out if isinstance(x, Draft)]
    errors = [x for x in out if isinstance(x, ParseError)]
    assert [d.id for d in drafts] == ["a1", "a4"]
    assert [(e.line, e.message.split(":")[0]) for e in errors] == [
        (3, "broken JSON"),
        (4, "no 'text' field with the article text (fields present"),
        (5, "expected a JSON object, found list"),
    ]


def test_jsonl_field_mapping() -> None:
    fields = {**FIELDS, "text": "body", "published": "date"}
    (d,) = read_jsonl_lines(
        [b'{"body": "Mapped text.", "date": "2025-07-23", "id": 7}'], "in.jsonl", fields, 10_000
    )
    assert isinstance(d, Draft)
    assert (d.text, d.published, d.id) == ("Mapped text.", "2025-07-23", "7")


def test_jsonl_line_over_cap() -> None:
    (e,) = read_jsonl_lines([b'{"text": "' + b"x" * 200 + b'"}'], "in.jsonl", FIELDS, 100)
    assert isinstance(e, ParseError) and "cap" in e.message and e.line == 1


def test_json_list_and_object() -> None:
    out = list(read_json('[{"text": "One."}, {"nope": 1}]', "in.json", FIELDS, 10_000))
    assert isinstance(out[0], Draft) and isinstance(out[1], ParseError)
    (one,) = read_json('{"articles": [{"text": "Only."}]}', "in.json", FIELDS, 10_000)
    assert isinstance(one, Draft) and one.text == "Only."


RSS = b"""<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Eastern Desk</title><link>https://eastern-desk.example/</link>
<item><title>Round three</title><link>https://eastern-desk.example/r3</link><guid>r3</guid>
<pubDate>Wed, 23 Jul 2025 17:40:00 +0000</pubDate><description>Short.</description>
<content:encoded><![CDATA[<p>The third round lasted forty minutes.</p><p>Both sides agreed on another swap.</p>]]></content:encoded></item>
<item><title>Summary only</title><link>https://eastern-desk.example/s</link><description>Only a summary here.</description></item>
<item><title>Empty</title><link>https://eastern-desk.example/e</link></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title>
<entry><title>Atom entry</title><link href="https://w.example/1"/><id>urn:1</id><updated>2025-05-16T09:00:00Z</updated>
<content type="html">&lt;p&gt;Talks opened in Istanbul.&lt;/p&gt;</content></entry></feed>"""


def test_rss_entries() -> None:
    out = list(read_feed(RSS, "feed.rss"))
    drafts = [x for x in out if isinstance(x, Draft)]
    assert [d.title for d in drafts] == ["Round three", "Summary only"]
    assert drafts[0].text == "The third round lasted forty minutes.\n\nBoth sides agreed on another swap."
    assert drafts[0].published == "2025-07-23"
    assert drafts[0].url == "https://eastern-desk.example/r3"
    (err,) = [x for x in out if isinstance(x, ParseError)]
    assert "no content" in err.message and "--fetch" in err.fix


def test_atom_entry() -> None:
    (d,) = read_feed(ATOM, "feed.atom")
    assert isinstance(d, Draft)
    assert (d.title, d.published, d.text) == ("Atom entry", "2025-05-16", "Talks opened in Istanbul.")


def test_unparsable_feed() -> None:
    with pytest.raises(ParseError, match="not a readable RSS/Atom feed"):
        list(read_feed(b"<rss><channel><title>x</title", "bad.rss"))


def test_read_inputs_folder_sniffs_and_refuses(tmp_path: Path) -> None:
    write(tmp_path / "in" / "a.txt", "Title: A\n\nKyiv and Moscow met.")
    write(
        tmp_path / "in" / "noext",
        "<html><body><article><p>"
        + "The envoys met again in Doha on Sunday. " * 20
        + "</p></article></body></html>",
    )
    write(tmp_path / "in" / "data.csv", "a,b,c\n1,2,3\n")
    write(tmp_path / "in" / ".hidden.txt", "skipped")
    out = list(read_inputs([str(tmp_path / "in")], load_settings()))
    reads = [x for x in out if isinstance(x, Read)]
    fails = [x for x in out if isinstance(x, Failure)]
    assert sorted(Path(r.source).name for r in reads) == ["a.txt", "noext"]
    assert [Path(f.source).name for f in fails] == ["data.csv"]
    assert "unknown file type '.csv'" in fails[0].reason and ".txt" in fails[0].fix


def test_read_inputs_size_cap_and_missing(tmp_path: Path) -> None:
    write(tmp_path / "big.txt", "word " * 100)
    out = list(
        read_inputs([str(tmp_path / "big.txt"), str(tmp_path / "missing.txt")], load_settings(max_bytes=50))
    )
    assert all(isinstance(x, Failure) for x in out)
    assert "over the 50-byte cap" in out[0].reason  # type: ignore[union-attr]
    assert "no such file" in out[1].reason  # type: ignore[union-attr]


def test_published_default_applies_only_when_missing(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "Date: 2024-02-03\n\nText A.")
    write(tmp_path / "b.txt", "Text B with no date.")
    out = [
        x
        for x in read_inputs(
            [str(tmp_path / "a.txt"), str(tmp_path / "b.txt")], load_settings(), published="2025-01-01"
        )
        if isinstance(x, Read)
    ]
    assert [r.article.published for r in out] == ["2024-02-03", "2025-01-01"]


def test_malformed_feed_keeps_recovered_entries() -> None:
    cut = RSS[: RSS.index(b"<item><title>Summary only")] + b"<item><title>Cut"
    out = list(read_feed(cut, "cut.rss"))
    drafts = [x for x in out if isinstance(x, Draft)]
    (err,) = [x for x in out if isinstance(x, ParseError)]
    assert [d.title for d in drafts] == ["Round three"] and drafts[0].outlet == "Eastern Desk"
    assert err.source == "cut.rss" and "malformed" in err.message and "1 of 2 entries" in err.message


def test_capped_lines_cut_a_long_line_and_go_on() -> None:
    """Issue 16, item 4: one endless JSONL line is read only up to the cap, and the next line follows."""
    import io

    from detente.ingest.jsonl import capped_lines

    data = b"short\n" + b"x" * 100 + b"\nnext\nlast-without-newline"
    assert list(capped_lines(io.BytesIO(data), cap=10, block=7)) == [
        b"short\n",
        b"x" * 11,
        b"next\n",
        b"last-without-newline"[:11],
    ]


def test_utf16_without_bom_decodes() -> None:
    """Issue 16, item 12: BOM-less UTF-16 is text, not "binary data"."""
    from detente.ingest.decode import decode

    text = "Talks resumed in Genève on Monday."
    assert decode(text.encode("utf-16-le"), "x") == text
    assert decode(text.encode("utf-16-be"), "x") == text
