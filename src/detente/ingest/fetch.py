"""Fetching URLs: timeouts, a size cap, limited redirects and a clear user agent."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from detente.config import Settings
from detente.errors import FetchError


@dataclass(frozen=True, slots=True)
class Fetched:
    """A fetched body with what the server said about it."""

    url: str
    body: bytes
    content_type: str
    charset: str | None


def fetch_url(url: str, settings: Settings) -> Fetched:
    """GET a URL within the settings' limits, or raise FetchError saying what to do."""
    headers = {
        "User-Agent": settings.user_agent,
        "Accept": "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/json,text/plain;q=0.9,*/*;q=0.5",
    }
    try:
        with (
            httpx.Client(
                follow_redirects=True,
                max_redirects=settings.max_redirects,
                timeout=settings.fetch_timeout,
                headers=headers,
            ) as client,
            client.stream("GET", url) as resp,
        ):
            if resp.status_code >= 400:
                raise FetchError(
                    url,
                    f"the server answered HTTP {resp.status_code} {resp.reason_phrase}",
                    fix="check the URL, or save the page and ingest the file",
                )
            declared = resp.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > settings.max_bytes:
                raise FetchError(
                    url,
                    f"the page is {int(declared):,} bytes, over the {settings.max_bytes:,}-byte cap",
                    fix="raise max_bytes, or save the article's text and ingest the file",
                )
            chunks: list[bytes] = []
            size = 0
            for chunk in resp.iter_bytes():
                size += len(chunk)
                if size > settings.max_bytes:
                    raise FetchError(
                        url,
                        f"the page is over the {settings.max_bytes:,}-byte cap",
                        fix="raise max_bytes, or save the article's text and ingest the file",
                    )
                chunks.append(chunk)
            ctype = resp.headers.get("content-type", "")
            return Fetched(
                url=str(resp.url),
                body=b"".join(chunks),
                content_type=ctype.split(";")[0].strip().lower(),
                charset=resp.charset_encoding,
            )
    except httpx.TooManyRedirects as exc:
        raise FetchError(
            url, f"more than {settings.max_redirects} redirects", fix="use the final URL of the page"
        ) from exc
    except httpx.TimeoutException as exc:
        raise FetchError(
            url,
            f"no answer within {settings.fetch_timeout:g} s",
            fix="try again later or raise fetch_timeout",
        ) from exc
    except httpx.HTTPError as exc:
        raise FetchError(
            url,
            f"cannot fetch: {exc}",
            fix="check the URL and the network, or save the page and ingest the file",
        ) from exc


def kind_from_content_type(ctype: str) -> str | None:
    """The reader for a Content-Type, or None when the body must be sniffed."""
    if ctype in ("text/html", "application/xhtml+xml"):
        return "html"
    if ctype in ("application/rss+xml", "application/atom+xml", "application/rdf+xml") or (
        ctype.endswith("+xml") and "rss" in ctype
    ):
        return "feed"
    if ctype in ("application/json", "application/x-ndjson", "application/jsonl", "application/x-jsonlines"):
        return "json"
    if ctype in ("text/plain", "text/markdown"):
        return "text"
    return None
