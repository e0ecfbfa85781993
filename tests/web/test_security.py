"""What comes from articles is escaped, only http(s) URLs become links, every response carries
the security headers, and serving never changes the store file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from detente.web import is_loopback
from detente.web.app import CSP, http_url
from tests.web.conftest import HOSTILE, sha256

pytestmark = pytest.mark.model

PAGES = [
    "/",
    "/stories",
    "/actors",
    "/positions",
    "/quotes",
    "/search?q=Istanbul",
    "/timeline",
    "/articles/hostile-1",
]


def every_page(client: TestClient) -> list[str]:
    paths = list(PAGES)
    paths += sorted(set(re.findall(r'href="(/stories/[^"]+)"', client.get("/stories").text)))
    paths += sorted(set(re.findall(r'href="(/actors/[^"?]+)"', client.get("/actors").text)))
    return paths


@pytest.mark.parametrize("path", [*PAGES, "/api/brief", "/api/article", "/nothing-here", "/static/style.css"])
def test_security_headers_on_every_response(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.headers["content-security-policy"] == CSP
    assert "script-src 'self'" in CSP and "unsafe-inline" not in CSP
    assert r.headers["x-content-type-options"] == "nosniff"


def test_no_page_carries_markup_from_an_article(client: TestClient) -> None:
    for path in every_page(client):
        page = client.get(path).text
        assert "<script>document" not in page, path
        assert "<img" not in page, path
        assert "<b>Bold</b>" not in page, path
        assert "javascript:" not in re.findall(r'href="([^"]*)"', page), path
        for tag in re.findall(r"<script[^>]*>", page):
            assert tag == '<script src="/static/detente.js" defer>', (path, tag)
        assert 'href="javascript' not in page.lower(), path


def test_hostile_article_shows_its_words_as_text(client: TestClient) -> None:
    page = client.get("/articles/hostile-1").text
    assert "&lt;script&gt;document.body.setAttribute(" in page
    assert "&lt;b&gt;Bold&lt;/b&gt; Wire" in page
    assert HOSTILE["url"] not in re.findall(r'href="([^"]*)"', page)
    assert (
        "javascript:document.body.setAttribute(&#39;data-pwned&#39;,&#39;url&#39;)" in page
    )  # shown, not linked


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://example.org/a?b=1", True),
        ("http://example.org", True),
        ("javascript:alert(1)", False),
        (" JavaScript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("//example.org/no-scheme", False),
        ("ftp://example.org/file", False),
        ("http:///no-host", False),
        (None, False),
    ],
)
def test_only_http_urls_become_links(url: str | None, safe: bool) -> None:
    assert (http_url(url) is not None) == safe


def test_serving_never_changes_the_store(client: TestClient, web_db: Path) -> None:
    before = sha256(web_db)
    for path in every_page(client):
        assert client.get(path).status_code == 200, path
    for path in ["/api/brief", "/api/event", "/api/actor", "/api/story", "/search?q=talks"]:
        assert client.get(path).status_code == 200
    assert sha256(web_db) == before


@pytest.mark.parametrize(("host", "loopback"), [("127.0.0.1", True), ("::1", True), ("localhost", True), ("0.0.0.0", False), ("192.168.1.4", False), ("example.org", False)])  # fmt: skip
def test_loopback_hosts(host: str, loopback: bool) -> None:
    assert is_loopback(host) == loopback


def test_serve_warns_when_binding_beyond_loopback(
    web_db: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import uvicorn

    from detente.web import serve

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append(kw))
    serve(web_db, host="127.0.0.1", port=8765)
    assert not [r for r in caplog.records if r.levelname == "WARNING"]
    serve(web_db, host="0.0.0.0", port=8765)
    assert any("anyone who can reach" in r.getMessage() for r in caplog.records)
    assert [c["host"] for c in calls] == ["127.0.0.1", "0.0.0.0"]
