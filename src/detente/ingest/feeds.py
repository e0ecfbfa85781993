"""RSS and Atom feeds: one article per entry, from its content or summary (or its fetched link)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

from detente.errors import InputError, ParseError
from detente.ingest.html import fragment_text
from detente.ingest.normalize import Draft

Fetcher = Callable[[str], Iterator[Draft]]


def entry_date(entry: Any) -> str | None:
    """A feed entry's publication day (YYYY-MM-DD) when the feed gives one parsed, else as written."""
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            return time.strftime("%Y-%m-%d", parsed)
    raw = entry.get("published") or entry.get("updated")
    return str(raw) if raw else None


def entry_text(entry: Any) -> str:
    """A feed entry's text: its full content when the feed carries it, else its summary."""
    for content in entry.get("content") or ():
        value = content.get("value") or ""
        if value.strip():
            return fragment_text(value)
    return fragment_text(entry.get("summary") or entry.get("description") or "")


def read_feed(data: bytes, source: str, fetch: Fetcher | None = None) -> Iterator[Draft | InputError]:
    """Drafts from a feed's entries; a broken entry is yielded as an error, the rest go on.

    With `fetch`, each entry's link is fetched and its page read; the entry's own title and
    date fill what the page lacks.
    """
    import feedparser  # only when a feed is read

    parsed = feedparser.parse(data)
    entries = parsed.get("entries") or []
    if not entries:
        why = f" ({parsed.get('bozo_exception')})" if parsed.get("bozo") else ""
        raise ParseError(
            source,
            f"not a readable RSS/Atom feed, or a feed with no entries{why}",
            fix="check that the file is the feed itself (not an HTML page about it) and is complete",
        )
    feed_title = (parsed.get("feed") or {}).get("title")
    malformed = bool(parsed.get("bozo")) and "xml" in type(parsed.get("bozo_exception")).__module__.lower()
    recovered = 0
    for index, entry in enumerate(entries, start=1):
        link = entry.get("link")
        where = f"{source}#{index}"
        base = Draft(
            source=where,
            text="",
            title=entry.get("title"),
            url=link,
            published=entry_date(entry),
        )
        if fetch is not None and link:
            try:
                for page in fetch(link):
                    recovered += 1
                    yield Draft(
                        source=link,
                        text=page.text,
                        title=page.title or base.title,
                        url=page.url or link,
                        outlet=page.outlet or feed_title,
                        published=page.published or base.published,
                        language=page.language,
                    )
            except InputError as exc:
                yield exc
            except Exception as exc:  # one bad page must not lose the feed's other entries
                yield ParseError(
                    link,
                    f"unexpected error while reading the linked page: {type(exc).__name__}: {exc}",
                    fix="report this as a bug, with the page if you can share it",
                )
            continue
        text = entry_text(entry)
        if not text.strip():
            if not malformed:  # a cut-off feed's last entry is the file's failure, below
                yield ParseError(
                    where,
                    f"feed entry '{base.title or link or index}' has no content or summary",
                    fix="ingest with --fetch to read the linked page",
                )
            continue
        recovered += 1
        yield Draft(
            source=where, text=text, title=base.title, url=link, outlet=feed_title, published=base.published
        )
    if malformed:
        yield ParseError(
            source,
            f"the feed is malformed ({parsed.get('bozo_exception')}); {recovered} of {len(entries)} entries were read",
            fix="fetch the feed again or repair its XML; the entries read are stored",
        )
