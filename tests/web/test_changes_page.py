"""The web view lists what `detente watch` found changed, escaped, with links to the sentences."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from detente.config import load_settings
from detente.knowledge.changes import Alert, Citation
from detente.store import SQLiteStore
from detente.web import create_app


def _store_with_alerts(path: Path) -> Path:
    with SQLiteStore(path) as store:
        store.add_feeds(["http://wire.invalid/feed"])
        state = store.feeds()[0]
        cite = Citation("wire-7", "http://wire.invalid/7", "Lakeside <b>Courier</b>", "2025-03-04", 10, 60)
        first = Alert(
            "new_story",
            "2025-03-04T08:00:00+00:00",
            "CONSULT|COL|VEN",
            None,
            {"status": "planned"},
            "Colombia and Venezuela are due to meet in Oslo on 18 March",
            (cite,),
        )
        later = Alert("story_changed", "2025-03-18T20:00:00+00:00", "CONSULT|COL|VEN", {"status": "planned"},
                      {"status": "occurred"}, "<script>alert(1)</script>Colombia and Venezuela met in Oslo", (cite,))  # fmt: skip
        store.commit_watch(state, [("guid:7", "wire-7")], [first, later], [])
    return path


def test_the_changes_page_lists_alerts_newest_first_escaped_and_cited(tmp_path: Path) -> None:
    db = _store_with_alerts(tmp_path / "w.db")
    with TestClient(create_app(db, load_settings(db=str(db)))) as client:
        page = client.get("/changes")
        assert page.status_code == 200
        html = page.text
        assert html.index("met in Oslo") < html.index("due to meet in Oslo")
        assert "<script>alert(1)" not in html and "&lt;script&gt;" in html
        assert "Lakeside &lt;b&gt;Courier&lt;/b&gt;" in html
        assert "/articles/wire-7?mark=10-60" in html
        only = client.get("/changes", params={"kind": "new_story"}).text
        assert "due to meet" in only and "met in Oslo</" not in only
        assert client.get("/changes", params={"kind": "gossip"}).status_code == 400
        assert "Changes" in client.get("/").text


def test_the_changes_page_says_how_to_get_alerts_when_there_are_none(tmp_path: Path) -> None:
    db = tmp_path / "empty.db"
    SQLiteStore(db).close()
    with TestClient(create_app(db, load_settings(db=str(db)))) as client:
        assert "detente watch" in client.get("/changes").text
