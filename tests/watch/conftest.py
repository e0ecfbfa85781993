"""A loopback feed server and webhook for the watch tests (127.0.0.1 only, never the internet)."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

import pytest

from detente.config import Settings, load_settings


@dataclass
class Item:
    """One feed entry, written for these tests."""

    guid: str
    title: str
    published: str  # RFC 822
    text: str


def rss(title: str, items: list[Item]) -> bytes:
    """An RSS 2.0 document with these items."""
    body = "".join(
        f"<item><guid>{escape(i.guid)}</guid><title>{escape(i.title)}</title>"
        f"<link>http://news.invalid/{escape(i.guid)}</link><pubDate>{i.published}</pubDate>"
        f"<description>{escape(i.text)}</description></item>"
        for i in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>http://news.invalid/</link><description>test</description>"
        f"{body}</channel></rss>"
    ).encode()


@dataclass
class Served:
    body: bytes
    etag: str
    modified: str
    status: int = 200
    delay: float = 0.0
    drip: float = 0.0


@dataclass
class FeedServer:
    """Feeds by path, with ETag / Last-Modified; counts what it answered."""

    port: int = 0
    feeds: dict[str, Served] = field(default_factory=dict)
    hits: list[tuple[str, int]] = field(default_factory=list)
    posts: list[tuple[str, bytes]] = field(default_factory=list)
    webhook_failures: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def publish(
        self, path: str, body: bytes, status: int = 200, delay: float = 0.0, drip: float = 0.0
    ) -> str:
        tag = '"' + hashlib.sha256(body).hexdigest()[:12] + '"'
        modified = format_datetime(datetime.now(UTC), usegmt=True)
        with self.lock:
            self.feeds[path] = Served(body, tag, modified, status, delay, drip)
        return self.url(path)

    def statuses(self, path: str) -> list[int]:
        with self.lock:
            return [s for p, s in self.hits if p == path]


def _handler(server: FeedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            import time

            feed = server.feeds.get(self.path)
            if feed is None:
                status, body, headers = 404, b"no such feed", dict[str, str]()
            elif feed.status != 200:
                status, body, headers = feed.status, b"broken", {}
            elif self.headers.get("If-None-Match") == feed.etag:
                status, body, headers = 304, b"", {"ETag": feed.etag}
            else:
                status, body = 200, feed.body
                headers = {
                    "ETag": feed.etag,
                    "Last-Modified": feed.modified,
                    "Content-Type": "application/rss+xml",
                }
            if feed is not None and feed.delay:
                time.sleep(feed.delay)
            with server.lock:
                server.hits.append((self.path, status))
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if feed is not None and feed.drip:  # a byte at a time: each read is quick, the whole is not
                for i in range(len(body)):
                    self.wfile.write(body[i : i + 1])
                    self.wfile.flush()
                    time.sleep(feed.drip)
            else:
                self.wfile.write(body)

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            with server.lock:
                failing = server.webhook_failures > 0
                if failing:
                    server.webhook_failures -= 1
                else:
                    server.posts.append((self.headers.get("Idempotency-Key") or "", body))
            self.send_response(503 if failing else 200)
            self.send_header("Content-Length", "0")
            self.end_headers()

    return Handler


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that gave up (a deadline test) is expected, not an error


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    state = FeedServer()
    httpd = _QuietServer(("127.0.0.1", 0), _handler(state))
    httpd.daemon_threads = True
    state.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield state
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def watch_settings(tmp_path) -> Settings:  # type: ignore[no-untyped-def]
    # Loopback feeds are private addresses: the tests allow them explicitly.
    return load_settings(
        db=str(tmp_path / "watch.db"), allow_private_fetch=True, fetch_deadline=5.0, fetch_timeout=2.0
    )
