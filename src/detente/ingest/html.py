"""HTML pages (main text, title, date, site name via trafilatura) and HTML fragments."""

from __future__ import annotations

from collections.abc import Iterator

from detente.errors import ParseError
from detente.ingest.normalize import Draft

_MIN_WORDS = 8  # fewer words than this is a menu or a caption, not a report
_BLOCKS = {
    "p",
    "div",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "tr",
    "section",
    "article",
    "ul",
    "ol",
    "table",
}


def read_html(html: str, source: str, url: str | None = None) -> Iterator[Draft]:
    """One article from a full HTML page: the main text without menus, asides and footers."""
    import trafilatura  # heavy import, only when HTML is read

    doc = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False
    )
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or len(text.split()) < _MIN_WORDS:
        raise ParseError(
            source,
            "no article text found in the HTML (only menus, links or scripts)",
            fix="save the article's own page, or pass its text as .txt",
        )
    title = getattr(doc, "title", None)
    paragraphs = [p.strip() for p in text.split("\n") if p.strip()]
    if paragraphs and title and paragraphs[0] == title.strip():
        paragraphs = paragraphs[1:]  # the <h1> repeats the title
    yield Draft(
        source=source,
        text="\n\n".join(paragraphs) or text,
        title=title,
        url=url or getattr(doc, "url", None),
        outlet=getattr(doc, "sitename", None),
        published=getattr(doc, "date", None),
        language=getattr(doc, "language", None),
    )


def fragment_text(html: str) -> str:
    """Plain text of an HTML fragment (a feed entry's content), one paragraph per block."""
    if "<" not in html:
        return html
    from lxml import html as lxml_html

    try:
        root = lxml_html.fragment_fromstring(html, create_parent="div")
    except Exception:  # lxml raises several unrelated types for junk markup
        return html
    for bad in root.xpath(".//script|.//style"):
        bad.drop_tree()
    parts: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        joined = " ".join("".join(buf).split())
        if joined:
            parts.append(joined)
        buf.clear()

    def walk(el: object) -> None:
        tag = getattr(el, "tag", "")
        tag = tag.lower() if isinstance(tag, str) else ""
        if tag in _BLOCKS:
            flush()
        if tag == "br":
            buf.append(" ")
        if getattr(el, "text", None) and isinstance(getattr(el, "tag", None), str):
            buf.append(el.text)  # type: ignore[attr-defined]
        for child in el:  # type: ignore[attr-defined]
            walk(child)
            if child.tail:
                buf.append(child.tail)
        if tag in _BLOCKS:
            flush()

    walk(root)
    flush()
    return "\n\n".join(parts)
