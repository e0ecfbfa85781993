"""The unfiltered lists of the web view (stories, quotes, `/api/{kind}`) read one page from the
store instead of every record; they show what filtering every record showed."""

from __future__ import annotations

import datetime as dt
import re
import warnings
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the web tests need the web extra: pip install 'detente[web]'")

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from detente.config import load_settings
from detente.store import Incoming, open_store
from detente.web import create_app
from detente.web.pages import PAGE
from tests.store.test_reads import report

# more than two pages of stories; some days twice (two reports, one story)
DAYS = [
    (dt.date(2025, 1, 1) + dt.timedelta(days=i // 2 if i % 5 == 0 else i)).isoformat() for i in range(230)
]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    db = tmp_path_factory.mktemp("pages") / "store.db"
    with open_store(db) as store:
        run = store.begin_run("test", "0", None)
        store.save([Incoming(report(i, day)) for i, day in enumerate(DAYS)], run)
        store.update_stories(store.pending_story_keys())
    assert len(set(DAYS)) > 2 * PAGE
    return TestClient(create_app(Path(db), load_settings(db=str(db)), warm=False))


def listed(html: str, pattern: str) -> list[str]:
    return re.findall(pattern, html)


@pytest.mark.parametrize("offset", [0, PAGE])
def test_the_story_list_shows_what_a_filter_that_keeps_everything_shows(
    client: TestClient, offset: int
) -> None:
    one_page = client.get(f"/stories?offset={offset}")
    filtered = client.get(f"/stories?offset={offset}&type=consult")  # every story here is a meeting
    assert one_page.status_code == filtered.status_code == 200
    links = listed(one_page.text, r'href="(/stories/[^"]+)"')
    assert links and links == listed(filtered.text, r'href="(/stories/[^"]+)"')
    assert listed(one_page.text, r"offset=(\d+)|of (\d+)") == listed(
        filtered.text, r"offset=(\d+)|of (\d+)"
    )  # paging links


@pytest.mark.parametrize("offset", [0, PAGE])
def test_the_quote_list_shows_what_a_filter_that_keeps_everything_shows(
    client: TestClient, offset: int
) -> None:
    one_page = client.get(f"/quotes?offset={offset}")
    filtered = client.get(f"/quotes?offset={offset}&since=2000-01-01")  # every quote is dated
    assert one_page.status_code == filtered.status_code == 200
    marks = listed(one_page.text, r'href="(/articles/[^"]+)"')
    assert marks and marks == listed(filtered.text, r'href="(/articles/[^"]+)"')
    assert listed(one_page.text, r"offset=(\d+)|of (\d+)") == listed(filtered.text, r"offset=(\d+)|of (\d+)")


def test_a_page_of_api_records_is_the_page_of_all_of_them(client: TestClient) -> None:
    for kind in ("event", "quote", "story", "article", "mention"):
        page = client.get(f"/api/{kind}?limit=7&offset=3").json()
        every = client.get(f"/api/{kind}?limit=1000&q=").json()  # an empty filter reads everything
        assert page["total"] == len(DAYS) * (2 if kind == "mention" else 1) or kind == "story"
        assert page["items"] == every["items"][3:10] and page["total"] == every["total"]
