"""The HTML briefing as a reader sees it: rendered by Debian's Chromium (Playwright), its text
present, the timeline chart labelled and no label overlapping another. Skipped only when Chromium
or Playwright is absent."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from detente.lexicon.taxonomy import load_taxonomy
from detente.report.briefing import build_briefing
from detente.report.render import to_html
from detente.report.timeline import page_html
from detente.store import open_store

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(f"no Chromium at {CHROMIUM}", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")

pytestmark = [pytest.mark.model]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


@pytest.fixture(scope="module")
def briefing_file(web_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    with open_store(web_db) as store:
        brief = build_briefing(store, load_taxonomy())
    path = tmp_path_factory.mktemp("brief") / "brief.html"
    path.write_text(to_html(brief), encoding="utf-8")
    return path


def _overlaps(boxes: list[dict[str, float]]) -> list[tuple[int, int]]:
    bad = []
    for i, a in enumerate(boxes):
        for j, b in enumerate(boxes[i + 1 :], i + 1):
            if (
                a["x"] < b["x"] + b["width"]
                and b["x"] < a["x"] + a["width"]
                and a["y"] < b["y"] + b["height"]
                and b["y"] < a["y"] + a["height"]
            ):
                bad.append((i, j))
    return bad


def _open(browser: Any, path: Path) -> Any:
    page = browser.new_page(viewport={"width": 1200, "height": 2000})
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(path.as_uri())
    page.problems = problems
    return page


def test_the_briefing_reads_in_a_browser(browser: Any, briefing_file: Path, tmp_path: Path) -> None:
    page = _open(browser, briefing_file)
    text = page.inner_text("body")
    for heading in ("When and where", "Who", "Sources", "Timeline"):
        assert heading in text
    assert "Rustem Umerov" in text and "Geneva" in text
    assert page.evaluate("document.body.getAttribute('data-pwned')") is None
    live = page.evaluate(
        "[...document.querySelectorAll('[href],[src],[action]')]"
        ".map(e => e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('action'))"
        ".filter(u => !/^(https?:|#)/i.test(u))"
    )
    assert live == [], f"links that are not http(s): {live}"
    assert page.locator("script").count() == 0
    chart = page.locator("svg.timeline-chart")
    assert chart.count() == 1 and "timeline of" in (chart.get_attribute("aria-label") or "")
    labels = page.locator("svg.timeline-chart text.label")
    assert labels.count() >= 1 and all(t.strip() for t in labels.all_text_contents())
    boxes = [b for b in (labels.nth(i).bounding_box() for i in range(labels.count())) if b]
    assert len(boxes) == labels.count() and not _overlaps(boxes), "timeline labels overlap"
    legend = page.locator("svg.timeline-chart .legend-label").all_text_contents()
    assert legend and set(legend) <= {
        "held",
        "due",
        "expected",
        "possible",
        "postponed",
        "cancelled",
        "not held",
    }
    chart_box, list_box = chart.bounding_box(), page.locator("ol.tl-list").bounding_box()
    assert (
        chart_box and list_box and list_box["x"] >= chart_box["x"] + chart_box["width"] - 1
    )  # the list beside
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 1200, "the page scrolls sideways"
    page.screenshot(path=str(tmp_path / "brief.png"), full_page=True)
    assert not page.problems


def test_a_crowded_day_keeps_labels_apart(browser: Any, tmp_path: Path) -> None:
    rows = [
        {"date": "2025-05-16", "type": "CONSULT", "status": "occurred", "sources": 3, "state": "held",
         "text": f"Delegation {i} met the mediators in Geneva", "label": f"Delegation {i} met the mediators in Geneva",
         "story_id": f"s-{i}", "shown": True}
        for i in range(12)
    ] + [
        {"date": "2019-01-02", "type": "AGREE", "status": "occurred", "sources": 2, "state": "held",
         "text": "An earlier truce", "label": "An earlier truce", "story_id": "s-old", "shown": True},
        {"date": "2025-06-01", "type": "CONSULT", "status": "planned", "sources": 2, "state": "due",
         "text": "Another round", "label": "Another round", "story_id": "s-next", "shown": True},
    ]  # fmt: skip
    path = tmp_path / "timeline.html"
    path.write_text(page_html(rows), encoding="utf-8")
    page = _open(browser, path)
    labels = page.locator("text.label")
    assert labels.count() == 14
    boxes = [labels.nth(i).bounding_box() for i in range(labels.count())]
    assert all(boxes) and not _overlaps([b for b in boxes if b])
    assert page.locator("path.break").count() >= 1  # six empty years compressed to a break mark
    assert set(page.locator(".legend-label").all_text_contents()) == {"held", "due"}
