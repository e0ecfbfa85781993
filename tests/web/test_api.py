"""`/api/{kind}` for every record kind and `/api/brief`: contract JSON, pagination, filters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from detente.lexicon.taxonomy import load_taxonomy
from detente.records import RECORD_KINDS
from detente.report.briefing import build_briefing
from detente.report.render import to_json
from detente.store import open_store

pytestmark = pytest.mark.model


def exported(db: Path, kind: str) -> list[dict]:
    with open_store(db) as store:
        return [r.to_record() for r in store.iter_records(kind)]


@pytest.mark.parametrize("kind", list(RECORD_KINDS))
def test_every_kind_is_served_as_contract_records(client: TestClient, web_db: Path, kind: str) -> None:
    r = client.get(f"/api/{kind}", params={"limit": 1000})
    assert r.status_code == 200
    body = r.json()
    expected = exported(web_db, kind)
    assert body["kind"] == kind and body["total"] == len(expected) and body["offset"] == 0
    assert body["items"] == expected


def test_pagination_walks_the_whole_list(client: TestClient, web_db: Path) -> None:
    expected = exported(web_db, "quote")
    assert len(expected) > 3
    seen = []
    for offset in range(0, len(expected), 3):
        page = client.get("/api/quote", params={"limit": 3, "offset": offset}).json()
        assert page["total"] == len(expected) and len(page["items"]) <= 3
        seen += page["items"]
    assert seen == expected
    assert client.get("/api/quote", params={"limit": 0}).status_code == 422
    assert client.get("/api/quote", params={"limit": 100_000}).status_code == 422


def test_filters(client: TestClient, web_db: Path) -> None:
    events = exported(web_db, "event")
    consult = client.get("/api/event", params={"type": "CONSULT", "limit": 1000}).json()["items"]
    assert consult == [e for e in events if e["type"] == "CONSULT"]
    article = events[0]["article_id"]
    mine = client.get("/api/event", params={"article_id": article}).json()["items"]
    assert mine == [e for e in events if e["article_id"] == article]
    ukr = client.get("/api/position", params={"actor": "Ukraine"}).json()["items"]
    assert ukr and all(p["actor_id"] == "country:ukr" for p in ukr)
    oppose = client.get("/api/position", params={"stance": "oppose"}).json()["items"]
    assert oppose == [p for p in exported(web_db, "position") if p["stance"] == "oppose"]
    direct = client.get("/api/quote", params={"direct": "true"}).json()["items"]
    assert direct and all(q["direct"] for q in direct)
    late = client.get("/api/article", params={"since": "2025-06-04"}).json()["items"]
    assert {a["published"] for a in late} == {"2025-06-04", "2025-06-05"}
    found = client.get("/api/article", params={"q": "prisoners"}).json()["items"]
    assert [a["title"] for a in found] == ["Prisoner exchange agreed after the Geneva round"]


def test_a_filter_that_means_nothing_for_the_kind_is_refused(client: TestClient) -> None:
    r = client.get("/api/actor", params={"stance": "support"})
    assert r.status_code == 400
    assert "'stance' does not filter actor records" in r.json()["error"]
    assert "q" in r.json()["fix"]


def test_unknown_kind_and_actor_are_404_with_what_was_missing(client: TestClient) -> None:
    r = client.get("/api/speeches")
    assert r.status_code == 404 and "no record kind 'speeches'" in r.json()["error"]
    r = client.get("/api/event", params={"actor": "Nobody Atall"})
    assert r.status_code == 404 and "Nobody Atall" in r.json()["error"]


def test_api_brief_is_the_json_briefing(client: TestClient, web_db: Path) -> None:
    with open_store(web_db) as store:
        expected = json.loads(json.dumps(to_json(build_briefing(store, load_taxonomy()))))
    got = client.get("/api/brief").json()
    assert got == expected
