"""Injection through every output: HTML and Markdown briefs, CSV and Parquet tables, the terminal."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, cast

import pytest
from markdown_it import MarkdownIt

from detente.records import ActorRef, Article, Conflict, Record, Story
from detente.report.briefing import Briefing, Bullet, Citation, Section
from detente.report.export import csv_safe, write_tables
from detente.report.render import safe_terminal_text, safe_url, to_html, to_markdown
from detente.store.base import Store

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
MD_LINK = "[click here](javascript:alert(1))"
AUTOLINK = "<javascript:alert(1)>"
ESC = "\x1b[2J\x1b]0;owned\x07\x1b]8;;https://evil.example\x1b\\text\x1b]8;;\x1b\\\x9b31m"


def hostile_brief() -> Briefing:
    bullet = Bullet(
        text=f"Envoys met {SCRIPT} {MD_LINK} {ESC}", cites=[1, 2], kind="event", quote=f"{IMG} {AUTOLINK}"
    )
    cite = dict(outlet=f"Wire {IMG}", published="2025-05-01", evidence=f"{SCRIPT} said", start=0, end=5)
    return Briefing(
        title=f"Talks {SCRIPT}",
        scope={"articles": 2, "latest": "2025-05-01"},
        lead=[bullet],
        sections=[Section(key="events", title=f"Events {MD_LINK}", bullets=[bullet])],
        citations=[
            Citation(
                n=1, article_id="a1", url="javascript:alert(document.cookie)", title=f"T {MD_LINK}", **cite
            ),  # type: ignore[arg-type]
            Citation(n=2, article_id="a2", url="https://news.example/a?b=1&c=2", title="Fine", **cite),  # type: ignore[arg-type]
        ],
        timeline=[],
    )


class Tags(HTMLParser):
    """Every element and attribute of an HTML document."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def assert_inert(document: str) -> None:
    parser = Tags()
    parser.feed(document)
    names = {tag for tag, _ in parser.tags}
    assert not names & {"script", "img", "iframe", "object", "embed"}, names
    for tag, attrs in parser.tags:
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name)
            if name in ("href", "src", "action"):
                assert value is not None and (value.startswith("#") or value.startswith("https://")), (
                    tag,
                    value,
                )


def test_html_brief_has_no_live_markup_or_javascript_links() -> None:
    page = to_html(hostile_brief())
    assert_inert(page)
    assert "href='javascript" not in page.lower() and 'href="javascript' not in page.lower()
    assert "href='https://news.example/a?b=1&amp;c=2'" in page
    assert "\x1b" not in page


def test_markdown_brief_escapes_html_and_links() -> None:
    text = to_markdown(hostile_brief())
    rendered = MarkdownIt("commonmark", {"html": True}).render(text)
    assert_inert(rendered)
    assert "<https://news.example/a?b=1&c=2>" in text
    assert "\x1b" not in text and "\x07" not in text
    assert "alert(1)" in rendered  # the words stay readable; only their markup is inert


def test_terminal_text_strips_escape_sequences() -> None:
    cleaned = safe_terminal_text(f"Line one {ESC}\nline two\tend\x00\x7f")
    assert cleaned == "Line one text\nline two\tend"
    assert not any(ord(c) < 32 and c not in "\n\t" for c in cleaned)


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:x",
        "data:text/html,x",
        "vbscript:x",
        'https://a.example/"onmouseover=x',
        None,
        "",
    ],
)
def test_only_plain_http_urls_are_links(url: str | None) -> None:
    assert safe_url(url) is None


class _Stub:
    """Just enough of a Store for the table writers."""

    def __init__(self, records: dict[str, list[Record]]) -> None:
        self.records = records

    def iter_records(self, kind: str) -> Iterator[Record]:
        return iter(self.records.get(kind, []))


def _records() -> dict[str, list[Record]]:
    article = Article(
        id="a1",
        url="https://news.example/a",
        outlet="@wire",
        published="2025-05-01",
        title='=HYPERLINK("https://evil.example","click")',
        language="en",
        text="-2+3 is what the envoy wrote.",
        text_sha256="0" * 64,
    )
    parties = (ActorRef("RUS", "Russia", "RUS", "GOV"), ActorRef(None, "+Kyiv delegation", "UKR", None))
    story = Story(
        id="s1",
        type="CONSULT",
        mode=None,
        status="occurred",
        parties=parties,
        date="2025-05-01",
        date_end=None,
        place=None,
        event_ids=("e1",),
        article_ids=("a1",),
        sources=1,
        conflicts=(Conflict(field="date", values=({"value": "2025-05-01", "articles": ["a1"]},)),),
    )
    return {"article": [article], "story": [story]}


def test_csv_cells_that_look_like_formulas_are_prefixed(tmp_path: Path) -> None:
    write_tables(cast(Store, _Stub(_records())), ["article"], tmp_path, "csv")
    with (tmp_path / "articles.csv").open(encoding="utf-8", newline="") as fh:
        (row,) = list(csv.DictReader(fh))
    assert row["title"].startswith("'=HYPERLINK(")
    assert row["outlet"] == "'@wire" and row["text"] == "'-2+3 is what the envoy wrote."
    assert row["url"] == "https://news.example/a"
    assert [csv_safe(v) for v in ("\tx", "\rx", "+1", "ok", 5, -3)] == ["'\tx", "'\rx", "'+1", "ok", 5, -3]


def _story_row(tmp_path: Path, fmt: str) -> dict[str, Any]:
    write_tables(cast(Store, _Stub(_records())), ["story"], tmp_path, fmt)
    if fmt == "csv":
        with (tmp_path / "stories.csv").open(encoding="utf-8", newline="") as fh:
            return next(csv.DictReader(fh))
    import pyarrow.parquet as pq

    return dict(pq.read_table(tmp_path / "stories.parquet").to_pylist()[0])


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_story_parties_and_conflicts_are_exported(tmp_path: Path, fmt: str) -> None:
    pytest.importorskip("pyarrow")
    row = _story_row(tmp_path, fmt)
    parties = json.loads(row["parties"])
    assert [p["name"] for p in parties] == ["Russia", "+Kyiv delegation"]
    assert json.loads(row["conflicts"])[0]["field"] == "date"
