"""`detente serve` reads a PostgreSQL store as it reads an SQLite file (pages, API, a change seen)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from detente.config import load_settings
from detente.records import Actor, ArticleFacts
from detente.store import open_store
from detente.store.base import Incoming
from detente.web import create_app
from tests.store.test_behaviour import art


def _save(db: str, aid: str, text: str) -> None:
    with open_store(db) as store:
        run = store.begin_run("t", "v", None)
        facts = ArticleFacts(
            art(text, id=aid), actors=(Actor("country:nor", "Norway", "country", (), "NOR"),)
        )
        store.save([Incoming(facts)], run)
        store.update_stories(store.pending_story_keys())


def test_pages_and_api_on_either_backend(db_spec: str) -> None:
    _save(db_spec, "oslo-1", "Envoys met in Oslo on Monday to prepare a second round.")
    app = create_app(db_spec, load_settings(db=db_spec))
    with TestClient(app) as client:
        for path in ("/", "/stories", "/actors", "/positions", "/quotes", "/changes", "/timeline"):
            assert client.get(path).status_code == 200, path
        assert client.get("/articles/oslo-1").status_code == 200
        assert [r["id"] for r in client.get("/api/article").json()["items"]] == ["oslo-1"]
        assert "Oslo" in client.get("/search", params={"q": "Oslo"}).text
