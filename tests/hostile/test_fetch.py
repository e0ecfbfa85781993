"""Fetching from a misbehaving HTTP server on 127.0.0.1: every case ends by its deadline, bounded."""

from __future__ import annotations

import gzip
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from detente.config import Settings, load_settings
from detente.ingest import fetch as fetch_module
from tests.hostile.conftest import read_all

pytestmark = pytest.mark.network

TEXT = b"Title: Talks resume\n\nEnvoys met again on Tuesday and agreed on a timetable for further rounds.\n"


@dataclass
class Server:
    """A raw-socket server: each path has its own way to misbehave."""

    port: int = 0
    hits: list[str] | None = None

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"


def _answer(conn: socket.socket, path: str, server: Server, bomb: bytes) -> None:
    def send(head: str, body: bytes = b"") -> None:
        conn.sendall(head.replace("\n", "\r\n").encode() + b"\r\n" + body)

    if path == "/text":
        send(f"HTTP/1.1 200 OK\nContent-Type: text/plain\nContent-Length: {len(TEXT)}\n", TEXT)
    elif path == "/drip":  # a byte every 0.2 s, for ever
        send("HTTP/1.1 200 OK\nContent-Type: text/plain\n")
        while True:
            conn.sendall(b"x")
            time.sleep(0.2)
    elif path == "/drip-headers":  # the headers themselves never end
        conn.sendall(b"HTTP/1.1 200 OK\r\n")
        while True:
            conn.sendall(b"X-Slow: 1\r\n")
            time.sleep(0.2)
    elif path == "/endless":
        send("HTTP/1.1 200 OK\nContent-Type: text/plain\n")
        while True:
            conn.sendall(b"The talks went on and on. " * 1000)
    elif path == "/loop":
        send("HTTP/1.1 302 Found\nLocation: /loop\nContent-Length: 0\n")
    elif path == "/gzip-bomb":
        send(
            f"HTTP/1.1 200 OK\nContent-Type: text/plain\nContent-Encoding: gzip\nContent-Length: {len(bomb)}\n",
            bomb,
        )
    elif path == "/short-body":  # says 10,000 bytes, sends 20, hangs up
        send("HTTP/1.1 200 OK\nContent-Type: text/plain\nContent-Length: 10000\n", b"Envoys met in a town.")
    elif path == "/long-body":  # says 30 bytes, sends far more
        send(
            "HTTP/1.1 200 OK\nContent-Type: text/plain\nContent-Length: 30\n",
            b"Envoys met in a border town. " * 1000,
        )
    elif path == "/to-loopback":
        send(f"HTTP/1.1 302 Found\nLocation: http://localhost:{server.port}/text\nContent-Length: 0\n")
    elif path == "/to-metadata":
        send("HTTP/1.1 301 Moved\nLocation: http://169.254.169.254/latest/meta-data/\nContent-Length: 0\n")
    elif path == "/to-ftp":
        send("HTTP/1.1 302 Found\nLocation: ftp://files.example/x\nContent-Length: 0\n")
    elif path == "/feed":
        links = [
            server.url("/text"),
            server.url("/drip"),
            "http://10.1.2.3/inside",
            server.url("/text?again"),
        ]
        items = "".join(
            f"<item><title>Entry {n}</title><link>{link}</link><description>teaser</description></item>"
            for n, link in enumerate(links)
        )
        body = f"<?xml version='1.0'?><rss version='2.0'><channel><title>Wire</title>{items}</channel></rss>".encode()
        send(f"HTTP/1.1 200 OK\nContent-Type: application/rss+xml\nContent-Length: {len(body)}\n", body)
    else:
        send("HTTP/1.1 404 Not Found\nContent-Length: 0\n")


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    bomb = gzip.compress(b"\x00" * (64 << 20), compresslevel=9)  # 64 MiB in about 64 KiB
    state = Server(hits=[])
    listener = socket.create_server(("127.0.0.1", 0))
    state.port = listener.getsockname()[1]

    def handle(conn: socket.socket) -> None:
        with conn:
            try:
                request = conn.recv(65536).decode("latin-1")
                path = request.split(" ", 2)[1] if " " in request else "/"
                assert state.hits is not None
                state.hits.append(path)
                _answer(conn, path.split("?")[0], state, bomb)
            except OSError:
                pass  # the client hung up: that is what these cases are for

    def serve() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=handle, args=(conn,), daemon=True).start()

    threading.Thread(target=serve, daemon=True).start()
    yield state
    listener.close()


@pytest.fixture
def settings(monkeypatch: pytest.MonkeyPatch) -> Settings:
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    return load_settings(fetch_timeout=1.0, fetch_deadline=2.0, max_bytes=1 << 20, max_redirects=4)


@pytest.fixture
def public_test_server(monkeypatch: pytest.MonkeyPatch) -> None:
    """Treat 127.0.0.1 (the test server) as public; every other private address stays refused."""
    real = fetch_module.private_reason
    monkeypatch.setattr(
        fetch_module, "private_reason", lambda host: None if host == "127.0.0.1" else real(host)
    )


def one_failure(server: Server, path: str, settings: Settings, seconds: float = 15) -> str:
    reads, failures = read_all([server.url(path)], settings, seconds=seconds)
    assert not reads
    assert len(failures) == 1 and failures[0].fix
    return failures[0].reason


def test_loopback_is_refused_unless_allowed(server: Server, settings: Settings) -> None:
    reason = one_failure(server, "/text", settings)
    assert reason.startswith("refused to fetch") and "a loopback address (127.0.0.1)" in reason
    reads, failures = read_all([server.url("/text")], settings.replace(allow_private_fetch=True))
    assert not failures and reads[0].article.title == "Talks resume"


def test_allow_private_fetch_from_the_environment() -> None:
    assert load_settings(environ={"DETENTE_ALLOW_PRIVATE_FETCH": "true"}).allow_private_fetch
    assert not load_settings(environ={}).allow_private_fetch


@pytest.mark.slow
@pytest.mark.parametrize("path", ["/drip", "/drip-headers"])
def test_drip_is_cut_at_the_deadline(server: Server, settings: Settings, path: str) -> None:
    began = time.perf_counter()
    reason = one_failure(server, path, settings.replace(allow_private_fetch=True))
    assert time.perf_counter() - began < settings.fetch_deadline + 2
    assert reason == f"no complete answer within {settings.fetch_deadline:g} s"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/endless", "over the 1,048,576-byte cap"),
        ("/gzip-bomb", "over the 1,048,576-byte cap"),
        ("/loop", "more than 4 redirects"),
        ("/short-body", "cannot fetch"),
    ],
)
def test_misbehaving_bodies_fail(server: Server, settings: Settings, path: str, expected: str) -> None:
    assert expected in one_failure(server, path, settings.replace(allow_private_fetch=True))


def test_length_lie_short_is_bounded(server: Server, settings: Settings) -> None:
    reads, _ = read_all([server.url("/long-body")], settings.replace(allow_private_fetch=True), seconds=15)
    assert all(len(r.article.text) <= 30 for r in reads)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/to-loopback", "its host localhost is a loopback address"),
        ("/to-metadata", "its host 169.254.169.254 is a link-local address"),
        ("/to-ftp", "unsupported URL scheme 'ftp:'"),
    ],
)
def test_redirects_to_private_addresses_are_refused(
    server: Server, settings: Settings, public_test_server: None, path: str, expected: str
) -> None:
    reason = one_failure(server, path, settings)
    assert expected in reason
    if "address" in reason:
        assert "allow_private_fetch" in one_failure_fix(server, path, settings)


def one_failure_fix(server: Server, path: str, settings: Settings) -> str:
    _, failures = read_all([server.url(path)], settings)
    return failures[0].fix


@pytest.mark.slow
def test_feed_links_slow_and_private_do_not_lose_the_rest(
    server: Server, settings: Settings, public_test_server: None
) -> None:
    reads, failures = read_all([server.url("/feed")], settings, seconds=30, fetch=True)
    assert [r.article.url for r in reads] == [server.url("/text"), server.url("/text?again")]
    reasons = sorted(f.reason for f in failures)
    assert len(reasons) == 2
    assert reasons[0].startswith("no complete answer within")
    assert "10.1.2.3 is a private address" in reasons[1]
