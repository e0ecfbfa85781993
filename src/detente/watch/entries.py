"""A polled body as entries: each article read from it, with the keys that say it was seen.

A feed entry is known by its guid, else its link; a page (not a feed) by its content id, so
an edited page is read again while an entry that a feed re-dates is not. Every entry also
records its content id, so the same report carried by two feeds is ingested once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from detente.errors import InputError, ParseError
from detente.ingest import Read, to_failure
from detente.ingest.decode import decode, sniff
from detente.ingest.feeds import entry_date, entry_text
from detente.ingest.fetch import kind_from_content_type
from detente.ingest.html import read_html
from detente.ingest.normalize import Draft, finish
from detente.ingest.text import read_text
from detente.records import Failure
from detente.watch.poll import Polled


@dataclass(frozen=True, slots=True)
class Entry:
    """One article of a polled feed or page, and its seen-keys (any one seen: the entry is old)."""

    read: Read
    keys: tuple[str, ...]

    @property
    def article_id(self) -> str:
        """The id the article is stored under."""
        return self.read.article.id


def read_polled(feed: str, polled: Polled) -> Iterator[Entry | Failure]:
    """The entries of a changed body (a feed's entries, or a page as one entry), and failures of
    single entries; a body that is not readable at all raises ParseError."""
    kind = kind_from_content_type(polled.content_type)
    if kind is None or kind == "text":
        head = polled.body[:4096].decode("utf-8", "ignore")
        kind = sniff(head) or kind or "text"
    if kind == "feed":
        yield from _feed_entries(feed, polled.body)
        return
    text = decode(polled.body, feed, polled.charset)
    if kind == "html":
        drafts: Iterator[Draft] = read_html(text, feed, url=polled.url)
    elif kind in ("text", "markdown"):
        drafts = read_text(text, feed, markdown=kind == "markdown")
    else:
        raise ParseError(feed, f"a {kind} body is not watched", fix="watch a feed, or an HTML or text page")
    for draft in drafts:
        if not draft.url:
            draft = Draft(**{**_fields(draft), "url": polled.url})
        article = finish(draft)
        yield Entry(Read(article, feed), (f"id:{article.id}",))


def _fields(draft: Draft) -> dict[str, Any]:
    return {name: getattr(draft, name) for name in draft.__dataclass_fields__}


def _feed_entries(feed: str, body: bytes) -> Iterator[Entry | Failure]:
    import feedparser  # only when a feed changed

    parsed = feedparser.parse(body)
    entries = parsed.get("entries") or []
    if not entries and parsed.get("bozo"):
        raise ParseError(
            feed,
            f"not a readable RSS/Atom feed ({parsed.get('bozo_exception')})",
            fix="check that the URL is the feed itself; it is tried again later",
        )
    outlet = (parsed.get("feed") or {}).get("title")
    for index, entry in enumerate(entries, start=1):
        guid, link = entry.get("id"), entry.get("link")
        where = link or f"{feed}#{guid or index}"
        text = entry_text(entry)
        if not text.strip():
            yield to_failure(
                ParseError(
                    where,
                    f"feed entry '{entry.get('title') or link or index}' has no content or summary",
                    fix="ingest its linked page with detente ingest URL",
                )
            )
            continue
        draft = Draft(
            source=where,
            text=text,
            title=entry.get("title"),
            url=link,
            outlet=outlet,
            published=entry_date(entry),
        )
        try:
            article = finish(draft)
        except InputError as exc:
            yield to_failure(exc)
            continue
        first = f"guid:{guid}" if guid else f"link:{link}" if link else f"id:{article.id}"
        yield Entry(Read(article, where), tuple(dict.fromkeys((first, f"id:{article.id}"))))
