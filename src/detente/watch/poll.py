"""Conditional GET of a watched feed: ETag and Last-Modified, within the fetch limits.

An unchanged feed answers 304 with no body, and costs no parse. The limits are
`ingest.fetch`'s: every hop checked (http(s) only, no private address unless
`allow_private_fetch`), a size cap on the decoded body, and a total deadline however the
server paces its answer. One HTTP client serves a whole watch (connections and the TLS
context are made once, not per feed per round).
"""

from __future__ import annotations

import time
import zlib
from dataclasses import dataclass

import httpx

from detente.config import Settings
from detente.errors import FetchError
from detente.ingest.fetch import Advice, final_response, read_body, within_deadline

_FEED = Advice(
    "feed",
    http_fix="check the URL; it is tried again later",
    size_fix="raise max_bytes",
    redirect_fix="watch the final URL",
)

_ACCEPT = (
    "application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.9,"
    "text/html;q=0.8,text/plain;q=0.7,*/*;q=0.5"
)


@dataclass(frozen=True, slots=True)
class Polled:
    """A poll's answer: `changed` False for a 304 (then `body` is empty)."""

    changed: bool
    url: str
    body: bytes = b""
    content_type: str = ""
    charset: str | None = None
    etag: str | None = None
    last_modified: str | None = None


class Poller:
    """Polls URLs with conditional GET through one reused HTTP client."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.client = self._new_client()

    def _new_client(self) -> httpx.Client:
        headers = {
            "User-Agent": self.settings.user_agent,
            "Accept": _ACCEPT,
            "Accept-Encoding": "gzip, deflate",
        }
        return httpx.Client(follow_redirects=False, timeout=self.settings.fetch_timeout, headers=headers)

    def close(self) -> None:
        """Close the HTTP client."""
        self.client.close()

    def poll(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Polled:
        """GET `url` unless unchanged since `etag` / `last_modified`, or raise FetchError saying why."""
        s = self.settings
        deadline = time.monotonic() + s.fetch_deadline
        client = self.client
        conditions = {}
        if etag:
            conditions["If-None-Match"] = etag
        if last_modified:
            conditions["If-Modified-Since"] = last_modified
        try:
            return within_deadline(
                deadline, lambda: self._get(client, url, conditions, deadline), client.close
            )
        except TimeoutError as exc:
            # The client was closed to free the abandoned call; the next feed gets a new one.
            self.client = self._new_client()
            raise FetchError(
                url, f"no complete answer within {s.fetch_deadline:g} s", fix="it is tried again later"
            ) from exc
        except httpx.TimeoutException as exc:
            raise FetchError(
                url, f"no answer within {s.fetch_timeout:g} s", fix="it is tried again later"
            ) from exc
        except httpx.HTTPError as exc:
            raise FetchError(
                url, f"cannot fetch: {exc}", fix="check the URL; it is tried again later"
            ) from exc
        except zlib.error as exc:
            raise FetchError(
                url, f"the compressed body is damaged ({exc})", fix="it is tried again later"
            ) from exc

    def _get(self, client: httpx.Client, url: str, conditions: dict[str, str], deadline: float) -> Polled:
        with final_response(client, url, self.settings, _FEED, conditions) as (resp, current):
            if resp.status_code == 304:
                return Polled(
                    False,
                    current,
                    etag=resp.headers.get("etag"),
                    last_modified=resp.headers.get("last-modified"),
                )
            body = read_body(resp, url, self.settings, deadline)
            return Polled(
                True,
                current,
                body,
                resp.headers.get("content-type", "").split(";")[0].strip().lower(),
                resp.charset_encoding,
                resp.headers.get("etag"),
                resp.headers.get("last-modified"),
            )
