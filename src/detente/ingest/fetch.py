"""Fetching URLs: timeouts, a total deadline, a size cap, checked redirects and a clear user agent.

Every hop (the URL, each redirect) must be http(s) and, unless `allow_private_fetch` is
set, resolve only to public addresses: a page or a feed cannot make detente read a
service on the user's own machine or network. Bodies are decoded here, a bounded
amount at a time, so a compressed bomb stops at the size cap like any other body.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import urljoin, urlsplit

import httpx

from detente.config import Settings
from detente.errors import FetchError

SCHEMES = ("http", "https")
_T = TypeVar("_T")
_ALLOW = "set allow_private_fetch = true (or DETENTE_ALLOW_PRIVATE_FETCH=true) if you trust it"


@dataclass(frozen=True, slots=True)
class Fetched:
    """A fetched body with what the server said about it."""

    url: str
    body: bytes
    content_type: str
    charset: str | None


def check_scheme(url: str, source: str | None = None) -> None:
    """Raise FetchError unless `url` is an http(s) URL with a host."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in SCHEMES:
        raise FetchError(
            source or url,
            f"unsupported URL scheme '{parts.scheme or '(none)'}:' (only http and https are fetched)",
            fix="download the page yourself and ingest the file",
        )
    if not parts.hostname:
        raise FetchError(source or url, "the URL has no host", fix="give a full http(s)://host/... URL")


def private_reason(host: str) -> str | None:
    """Why `host` must not be fetched (a loopback, private... address it resolves to), else None."""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return None  # unresolvable: the fetch itself fails and says so
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
            address = address.ipv4_mapped
        for test, what in (
            (address.is_loopback, "a loopback"),
            (address.is_link_local, "a link-local"),
            (address.is_private, "a private"),
            (address.is_multicast, "a multicast"),
            (address.is_unspecified, "an unspecified"),
            (address.is_reserved, "a reserved"),
        ):
            if test:
                return f"{what} address ({address})"
    return None


def check_target(url: str, settings: Settings, source: str) -> None:
    """Raise FetchError when `url` may not be fetched: a scheme not http(s), or a private host."""
    check_scheme(url, source)
    if settings.allow_private_fetch:
        return
    host = urlsplit(url).hostname or ""
    why = private_reason(host)
    if why:
        raise FetchError(
            source,
            f"refused to fetch {url}: its host {host} is {why}",
            fix=f"fetch only public addresses; {_ALLOW}",
        )


def within_deadline(deadline: float, call: Callable[[], _T], on_timeout: Callable[[], None]) -> _T:
    """`call()` run in a thread and waited for until `deadline`; past it, `on_timeout()` and raise.

    httpx's timeouts bound each read, so a server that drips its headers would hold a plain
    call for ever; closing the client makes the abandoned call fail soon after.
    """
    box: dict[str, object] = {}

    def run() -> None:
        try:
            box["value"] = call()
        except BaseException as exc:  # handed to the waiting thread as is
            box["error"] = exc

    worker = threading.Thread(target=run, daemon=True, name="detente-fetch")
    worker.start()
    worker.join(max(0.0, deadline - time.monotonic()))
    if worker.is_alive():
        on_timeout()
        raise TimeoutError
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["value"]  # type: ignore[return-value]


class _Decoder:
    """Content-Encoding decoding that never inflates more than `limit` bytes from one call."""

    def __init__(self, encoding: str) -> None:
        names = [e.strip().lower() for e in encoding.split(",") if e.strip() and e.strip() != "identity"]
        if len(names) > 1 or (names and names[0] not in ("gzip", "x-gzip", "deflate")):
            raise ValueError(encoding)
        self.z: zlib._Decompress | None = None
        if names:
            self.z = zlib.decompressobj(zlib.MAX_WBITS | 32 if names[0] != "deflate" else zlib.MAX_WBITS)

    def feed(self, data: bytes, limit: int) -> Iterator[bytes]:
        if self.z is None:
            yield data
            return
        pending = data
        while True:
            out = self.z.decompress(pending, limit + 1)
            if out:
                yield out
            pending = self.z.unconsumed_tail
            if not pending:
                return


def read_body(resp: httpx.Response, url: str, settings: Settings, deadline: float) -> bytes:
    """The response body, read within `deadline` and refused past the `max_bytes` cap."""
    cap = settings.max_bytes
    too_big = FetchError(
        url,
        f"the page is over the {cap:,}-byte cap",
        fix="raise max_bytes, or save the article's text and ingest the file",
    )
    try:
        decoder = _Decoder(resp.headers.get("content-encoding", ""))
    except ValueError as exc:
        raise FetchError(
            url,
            f"the server sent an unsupported Content-Encoding ({exc})",
            fix="save the page and ingest the file",
        ) from exc
    chunks: list[bytes] = []
    size = 0
    for raw in resp.iter_raw():
        if time.monotonic() > deadline:
            raise TimeoutError
        for chunk in decoder.feed(raw, cap - size):
            size += len(chunk)
            if size > cap:
                raise too_big
            chunks.append(chunk)
    return b"".join(chunks)


def fetch_url(url: str, settings: Settings) -> Fetched:
    """GET a URL within the settings' limits, or raise FetchError saying what to do.

    Redirects are followed here, each hop checked like the URL itself; the whole fetch,
    however the server paces it, ends by `fetch_deadline` seconds.
    """
    headers = {
        "User-Agent": settings.user_agent,
        "Accept": "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/json,text/plain;q=0.9,*/*;q=0.5",
        "Accept-Encoding": "gzip, deflate",
    }
    deadline = time.monotonic() + settings.fetch_deadline
    client = httpx.Client(follow_redirects=False, timeout=settings.fetch_timeout, headers=headers)
    try:
        return within_deadline(deadline, lambda: _fetch(client, url, settings, deadline), client.close)
    except TimeoutError as exc:
        raise FetchError(
            url,
            f"no complete answer within {settings.fetch_deadline:g} s",
            fix="try again later or raise fetch_deadline",
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
    except zlib.error as exc:
        raise FetchError(
            url, f"the compressed body is damaged ({exc})", fix="try again later, or save the page"
        ) from exc
    finally:
        client.close()


@dataclass(frozen=True, slots=True)
class Advice:
    """What a failed fetch tells the user, by what was fetched (a page to ingest, a watched feed)."""

    what: str
    http_fix: str
    size_fix: str
    redirect_fix: str


PAGE = Advice(
    "page",
    http_fix="check the URL, or save the page and ingest the file",
    size_fix="raise max_bytes, or save the article's text and ingest the file",
    redirect_fix="use the final URL of the page",
)


@contextmanager
def final_response(
    client: httpx.Client,
    url: str,
    settings: Settings,
    advice: Advice = PAGE,
    headers: dict[str, str] | None = None,
) -> Iterator[tuple[httpx.Response, str]]:
    """The streamed response at the end of `url`'s redirects, with its URL.

    Each hop is checked like the URL itself (`check_target`), at most `max_redirects` are
    followed, an HTTP error or a declared body over `max_bytes` is a FetchError; a 304 (a
    conditional GET's "unchanged") is returned as it is.
    """
    current = url
    for hops in range(settings.max_redirects + 1):
        check_target(current, settings, url)
        with client.stream("GET", current, headers=headers) as resp:
            if resp.is_redirect and "location" in resp.headers:
                if hops == settings.max_redirects:
                    break
                current = urljoin(current, resp.headers["location"])
                continue
            if resp.status_code >= 400:
                raise FetchError(
                    url,
                    f"the server answered HTTP {resp.status_code} {resp.reason_phrase}",
                    fix=advice.http_fix,
                )
            declared = resp.headers.get("content-length")
            if (
                resp.status_code != 304
                and declared
                and declared.isdigit()
                and int(declared) > settings.max_bytes
            ):
                raise FetchError(
                    url,
                    f"the {advice.what} is {int(declared):,} bytes, over the {settings.max_bytes:,}-byte cap",
                    fix=advice.size_fix,
                )
            yield resp, current
            return
    raise FetchError(url, f"more than {settings.max_redirects} redirects", fix=advice.redirect_fix)


def _fetch(client: httpx.Client, url: str, settings: Settings, deadline: float) -> Fetched:
    with final_response(client, url, settings) as (resp, current):
        body = read_body(resp, url, settings, deadline)
        ctype = resp.headers.get("content-type", "")
        return Fetched(
            url=current,
            body=body,
            content_type=ctype.split(";")[0].strip().lower(),
            charset=resp.charset_encoding,
        )


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
