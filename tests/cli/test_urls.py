"""`detente ingest URL` against a loopback HTTP server started by the test (never the internet)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from detente.cli import app
from tests.conftest import write

pytestmark = [pytest.mark.network, pytest.mark.model]

runner = CliRunner()

GENEVA = (
    "Envoys end a second day of talks in Geneva",
    "2025-09-17",
    [
        "Delegations from Russia and Ukraine ended a second day of talks in Geneva on Wednesday without a "
        "joint statement, but both sides said they would keep working through the technical questions that "
        "have stalled progress since the spring.",
        "The Swiss hosts kept the sessions in a lakeside hotel closed to reporters. Officials who took part "
        "described the mood as businesslike and said the teams had spent most of the afternoon on the "
        "mechanics of future prisoner exchanges.",
        "Turkish Foreign Minister Hakan Fidan, who has acted as a go-between since the first round in "
        "Istanbul, spoke by telephone with both chief negotiators during the evening and offered to host "
        "the next meeting.",
        "A spokesman for the Ukrainian delegation said Kyiv still wanted an unconditional ceasefire before "
        "any political settlement. Moscow has insisted that a truce can only follow an agreement on borders "
        "and on the future size of the Ukrainian army.",
        "Diplomats said the next step would be a meeting of working groups on humanitarian issues, which "
        "could take place within three weeks if both capitals approve the list of names drawn up in Geneva.",
    ],
)

HANDOVER = (
    "Observers watch first handover of wounded soldiers",
    "2025-09-20",
    [
        "Monitors from the International Committee of the Red Cross watched on Saturday as Russia and "
        "Ukraine handed over the first group of wounded soldiers under the arrangement agreed in Geneva "
        "earlier in the week.",
        "The handover took place at a crossing point on the Belarusian border, where buses carrying the men "
        "arrived shortly after dawn. Medical teams from both sides checked each soldier before he was "
        "allowed to cross.",
        "Ukrainian officials said the group included men who had been held for more than two years. Relatives "
        "waited at a hospital in the north of the country, holding photographs and hand-painted signs.",
        "The Russian defence ministry confirmed the exchange in a short statement and said the remaining "
        "stages would follow once lists had been checked by both governments and by the Red Cross.",
        "Negotiators have described prisoner exchanges as the one area in which the talks have produced "
        "steady results, even while the wider dispute over a ceasefire remains unresolved.",
    ],
)

WORKING_GROUPS = (
    "Working groups to meet online, negotiators say",
    "2025-09-24",
    [
        "Negotiators from Kyiv and Moscow agreed on Wednesday to hold the next sessions of their working "
        "groups by video link, a change that officials said would let experts meet more often than the "
        "full delegations can.",
        "Three groups are planned: one for humanitarian questions, one for military matters such as the "
        "withdrawal of heavy weapons, and one for the political questions that the leaders would have to "
        "settle themselves.",
        "Turkey, which hosted the earlier rounds in Istanbul, said it would provide the secretariat for the "
        "groups and circulate the minutes to both capitals within a day of each session.",
        "Officials cautioned that meeting online would not by itself narrow the gap between the two sides, "
        "which still disagree on whether a ceasefire should come before or after a political settlement.",
        "The first sessions are expected early next month, diplomats said, with the humanitarian group "
        "meeting first because its agenda is the least contested of the three.",
    ],
)


def page(article: tuple[str, str, list[str]]) -> bytes:
    title, date, paragraphs = article
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{title} | Lakeside Courier</title>
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="Lakeside Courier">
<meta property="article:published_time" content="{date}T09:00:00+00:00">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/opinion">Opinion</a></nav>
<article><h1>{title}</h1>
{body}
</article>
<footer><p>Lakeside Courier is a made-up newspaper for tests.</p></footer>
</body></html>
""".encode()


TEXT_PAGE = b"""Title: Grain talks resume in Ankara
Date: 2025-07-01

Turkish officials said on Tuesday that Russia and Ukraine had agreed to resume talks on grain
shipments across the Black Sea, with a first meeting planned in Ankara next week.
"""

WIRE = [
    {"id": "wire-u1", "title": "Kremlin cool on summit idea", "published": "2025-09-18", "text": "Kremlin spokesman Dmitry Peskov said a meeting of the two presidents was not yet on the agenda."},
    {"id": "wire-u2", "title": "Kyiv names new negotiator", "published": "2025-09-19", "text": "Ukraine named a new deputy head for its delegation to the talks in Istanbul."},
]  # fmt: skip


@dataclass
class Site:
    """What the loopback server serves, and what it was asked."""

    base: str = ""
    routes: dict[str, tuple[int, dict[str, str], bytes]] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def add(self, path: str, body: bytes, ctype: str, status: int = 200, **headers: str) -> str:
        self.routes[path] = (status, {"Content-Type": ctype, **headers}, body)
        return self.base + path

    def url(self, path: str) -> str:
        return self.base + path

    def asked(self, path: str) -> bool:
        return any(p == path for p, _ in self.requests)


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("DETENTE_ALLOW_PRIVATE_FETCH", "true")  # the test server is on loopback
    state = Site()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.requests.append((self.path, dict(self.headers.items())))
            if self.path.startswith("/hop/"):  # /hop/N/LAST redirects to /hop/N+1/LAST until LAST
                n, last = map(int, self.path.split("/")[2:4])
                if n < last:
                    self.send_response(302)
                    self.send_header("Location", f"/hop/{n + 1}/{last}")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self._send(200, {"Content-Type": "text/plain; charset=utf-8"}, TEXT_PAGE)
                return
            if self.path == "/endless":  # no Content-Length: the size is known only by reading
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                for _ in range(64):
                    self.wfile.write(b"The talks went on and on. " * 40)
                return
            status, headers, body = state.routes.get(
                self.path, (404, {"Content-Type": "text/plain"}, b"not here")
            )
            self._send(status, headers, body)

        def _send(self, status: int, headers: dict[str, str], body: bytes) -> None:
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            if "Content-Length" not in headers:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def cli(*args: str | Path, env: dict[str, str] | None = None) -> Result:
    return runner.invoke(app, [str(a) for a in args], env=env, catch_exceptions=False)


def stored(db: Path) -> list[dict[str, Any]]:
    result = cli("export", "--db", db, "--kind", "article")
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def articles(db: Path) -> dict[str, dict[str, Any]]:
    """Stored articles by URL (each must have a distinct one)."""
    records = stored(db)
    by_url = {r["url"]: r for r in records}
    assert len(by_url) == len(records), "two stored articles share a URL"
    return by_url


def failures(db: Path) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads(cli("failures", "--db", db, "--format", "json").stdout)
    return rows


def test_html_page(site: Site, tmp_path: Path) -> None:
    db = tmp_path / "u.db"
    url = site.add("/world/geneva-second-day.html", page(GENEVA), "text/html; charset=utf-8")
    result = cli("ingest", url, "--db", db)
    assert result.exit_code == 0, result.output
    assert "1 added" in result.stderr
    got = articles(db)
    assert list(got) == [url]
    article = got[url]
    assert article["title"] == GENEVA[0]
    assert article["published"] == GENEVA[1]
    assert article["outlet"] == "Lakeside Courier"
    assert article["text"].startswith("Delegations from Russia and Ukraine ended a second day")
    assert "list of names drawn up in Geneva" in article["text"]
    assert "Home" not in article["text"] and "made-up newspaper" not in article["text"]
    # the server saw detente's own user agent
    (path, headers), *_ = site.requests
    assert path == "/world/geneva-second-day.html"
    assert headers["User-Agent"].startswith("detente/")
    assert "text/html" in headers["Accept"]


def test_text_and_jsonl_bodies(site: Site, tmp_path: Path) -> None:
    db = tmp_path / "u.db"
    text_url = site.add("/briefs/grain.txt", TEXT_PAGE, "text/plain; charset=utf-8")
    feed_url = site.add(
        "/wire/latest", "".join(json.dumps(r) + "\n" for r in WIRE).encode(), "application/x-ndjson"
    )
    result = cli("ingest", text_url, feed_url, "--db", db)
    assert result.exit_code == 0, result.output
    assert "3 added" in result.stderr
    got = stored(db)
    text = next(a for a in got if a["url"] == text_url)
    assert (text["title"], text["published"]) == ("Grain talks resume in Ankara", "2025-07-01")
    assert text["outlet"] == "127.0.0.1"  # no outlet given: the URL's host
    by_id = {a["id"]: a for a in got if a["id"].startswith("wire-")}
    assert sorted(by_id) == ["wire-u1", "wire-u2"]
    assert by_id["wire-u2"]["title"] == "Kyiv names new negotiator"
    assert all(h["User-Agent"].startswith("detente/") for _, h in site.requests)


def test_http_errors_are_failures(site: Site, tmp_path: Path) -> None:
    db = tmp_path / "u.db"
    good = site.add("/briefs/grain.txt", TEXT_PAGE, "text/plain")
    gone = site.url("/world/removed-story.html")
    refused = "http://127.0.0.1:9/nothing-listens-here"
    result = cli("ingest", gone, good, refused, "--db", db)
    assert result.exit_code == 1, result.output
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith("✗ ")]
    assert len(lines) == 2
    assert lines[0].startswith(f"✗ {gone}: the server answered HTTP 404")
    assert lines[1].startswith(f"✗ {refused}: cannot fetch")
    rows = {r["source"]: r for r in failures(db)}
    assert set(rows) == {gone, refused}
    assert "HTTP 404 Not Found" in rows[gone]["reason"]
    assert rows[gone]["line"] is None and rows[gone]["fix"]
    assert list(articles(db)) == [good]


def test_redirects(site: Site, tmp_path: Path) -> None:
    db = tmp_path / "u.db"
    config = write(tmp_path / "detente.toml", "max_redirects = 3\n")
    short, long = site.url("/hop/0/2"), site.url("/hop/0/9")
    result = cli("ingest", short, long, "--db", db, "--config", config)
    assert result.exit_code == 1, result.output
    rows = failures(db)
    assert [(r["source"], r["reason"]) for r in rows] == [(long, "more than 3 redirects")]
    assert "final URL" in rows[0]["fix"]
    got = articles(db)
    assert list(got) == [site.url("/hop/2/2")]  # stored under the URL the chain ended at
    assert not site.asked("/hop/5/9")


def test_body_over_the_cap(site: Site, tmp_path: Path) -> None:
    db = tmp_path / "u.db"
    declared = site.add("/big.html", b"<p>" + b"x" * 50_000 + b"</p>", "text/html")
    small = site.add("/briefs/grain.txt", TEXT_PAGE, "text/plain")
    endless = site.url("/endless")
    result = cli("ingest", declared, endless, small, "--db", db, env={"DETENTE_MAX_BYTES": "20000"})
    assert result.exit_code == 1, result.output
    rows = {r["source"]: r["reason"] for r in failures(db)}
    assert rows == {
        declared: f"the page is {50_007:,} bytes, over the 20,000-byte cap",
        endless: "the page is over the 20,000-byte cap",
    }
    assert list(articles(db)) == [small]


def test_feed_with_fetch(site: Site, tmp_path: Path) -> None:
    db = tmp_path / "u.db"
    first = site.add("/pages/handover.html", page(HANDOVER), "text/html")
    second = site.add("/pages/working-groups.html", page(WORKING_GROUPS), "text/html")
    missing = site.url("/pages/withdrawn.html")
    items = [
        (HANDOVER[0], first, "Sat, 20 Sep 2025 07:00:00 +0000"),
        (WORKING_GROUPS[0], second, "Wed, 24 Sep 2025 16:00:00 +0000"),
        ("A story that was withdrawn", missing, "Thu, 25 Sep 2025 10:00:00 +0000"),
    ]
    entries = "".join(
        f"<item><title>{title}</title><link>{link}</link><pubDate>{date}</pubDate>"
        "<description>Short teaser only.</description></item>"
        for title, link, date in items
    )
    rss = (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Lakeside Courier</title>'
        f"<link>{site.base}/</link><description>Talks coverage</description>{entries}</channel></rss>"
    )
    feed = site.add("/feeds/talks.rss", rss.encode(), "application/rss+xml")
    result = cli("ingest", feed, "--fetch", "--db", db)
    assert result.exit_code == 1, result.output
    assert "2 added" in result.stderr and "1 failed" in result.stderr
    got = articles(db)
    assert set(got) == {first, second}
    assert got[first]["title"] == HANDOVER[0]
    assert got[first]["text"].startswith("Monitors from the International Committee of the Red Cross")
    assert "Short teaser" not in got[first]["text"]
    assert got[second]["published"] == WORKING_GROUPS[1]
    assert "humanitarian group meeting first" in got[second]["text"]
    rows = failures(db)
    assert [(r["source"], "HTTP 404" in r["reason"]) for r in rows] == [(missing, True)]
    asked = [p for p, _ in site.requests]
    assert asked == [
        "/feeds/talks.rss",
        "/pages/handover.html",
        "/pages/working-groups.html",
        "/pages/withdrawn.html",
    ]
    assert all(h["User-Agent"].startswith("detente/") for _, h in site.requests)

    # without --fetch the entries' own teasers are the articles, and no page is asked for
    db2 = tmp_path / "teasers.db"
    site.requests.clear()
    result = cli("ingest", feed, "--db", db2)
    assert result.exit_code == 0, result.output
    assert {a["text"] for a in articles(db2).values()} == {"Short teaser only."}
    assert [p for p, _ in site.requests] == ["/feeds/talks.rss"]


def test_loopback_refused_without_allow_private_fetch(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 16, item 9: SSRF; a loopback URL is refused unless allow_private_fetch is set."""
    monkeypatch.delenv("DETENTE_ALLOW_PRIVATE_FETCH")
    db = tmp_path / "u.db"
    url = site.add("/briefs/grain.txt", TEXT_PAGE, "text/plain")
    result = cli("ingest", url, "--db", db)
    assert result.exit_code == 1, result.output
    (row,) = failures(db)
    assert row["reason"].startswith(f"refused to fetch {url}") and "loopback" in row["reason"]
    assert "allow_private_fetch" in row["fix"]
    assert not site.requests  # refused before connecting
