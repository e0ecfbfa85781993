"""The web view in a real browser: Debian's Chromium driven by Playwright, against uvicorn on a
loopback port. Skipped only when Chromium or Playwright is absent (CI installs both)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium; CI does)", allow_module_level=True)
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed: pip install playwright"
)
uvicorn = pytest.importorskip("uvicorn")

pytestmark = [pytest.mark.model, pytest.mark.network]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def base_url(app: FastAPI) -> Iterator[str]:
    """uvicorn serving the app on 127.0.0.1, in a thread, for the whole module."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context()
    pg = context.new_page()
    pg.problems = []  # console errors, page errors and dialogs: none may happen
    pg.on(
        "console", lambda m: pg.problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None
    )
    pg.on("pageerror", lambda e: pg.problems.append(f"page error: {e}"))
    pg.on("dialog", lambda d: (pg.problems.append(f"dialog: {d.message}"), d.dismiss()))
    yield pg
    context.close()


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/stories",
        "/actors",
        "/positions",
        "/quotes",
        "/search?q=talks",
        "/timeline",
        "/articles/hostile-1",
    ],
)
def test_each_page_loads_cleanly(page: Any, base_url: str, path: str) -> None:
    response = page.goto(base_url + path)
    assert response.status == 200
    assert page.locator("h1").first.inner_text().strip()
    assert page.get_attribute("body", "data-js") == "ready"  # our one script ran under the CSP
    assert page.problems == []


def test_clicking_a_citation_shows_the_marked_sentence(page: Any, base_url: str) -> None:
    page.goto(base_url + "/")
    first = page.locator("ol.sources li").first
    evidence = first.locator("blockquote").inner_text().strip()
    first.locator("blockquote a.cite").click()
    page.wait_for_url("**/articles/**")
    mark = page.locator("mark#mark")
    assert mark.count() == 1
    assert mark.is_visible()
    assert " ".join(mark.inner_text().split()) == " ".join(evidence.split())
    assert page.problems == []


def test_a_numbered_citation_in_a_bullet_leads_to_its_sentence(page: Any, base_url: str) -> None:
    page.goto(base_url + "/")
    link = page.locator("section li a.cite").first
    href = link.get_attribute("href")
    link.click()
    page.wait_for_url("**/articles/**")
    start, end = (int(x) for x in href.split("mark=")[1].split("#")[0].split("-"))
    text = page.locator(".text").inner_text()
    assert page.locator("mark#mark").inner_text() in text
    assert len(page.locator("mark#mark").inner_text()) == end - start


def test_script_in_an_article_does_not_run(page: Any, base_url: str) -> None:
    page.goto(base_url + "/articles/hostile-1?mark=0-10")
    page.wait_for_timeout(300)
    assert page.get_attribute("body", "data-pwned") is None
    assert "<script>" in page.locator("h1").inner_text()  # the title's markup is shown as text
    assert page.locator(".meta a.out").count() == 0  # the javascript: URL is not a link
    for path in ["/", "/quotes", "/search?q=Istanbul", "/positions"]:
        page.goto(base_url + path)
        assert page.get_attribute("body", "data-pwned") is None, path
    assert page.problems == []


def test_timeline_type_toggle_hides_that_lane(page: Any, base_url: str) -> None:
    page.goto(base_url + "/timeline")
    box = page.locator("#lanes input[type=checkbox]").first
    lane = box.get_attribute("data-lane")
    dots = page.locator(f'#chart a.dot[data-lane="{lane}"]')
    assert dots.count() > 0
    assert dots.first.is_visible()
    box.uncheck()
    assert not dots.first.is_visible()
    box.check()
    assert dots.first.is_visible()
    dots.first.click()
    page.wait_for_url("**/stories/**")
    assert page.locator("h1").inner_text().strip()
