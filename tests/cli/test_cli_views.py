"""The read-only views of the `detente` command line (real spaCy model).

`search` and `actors` on the shared `good_store`; `positions`, `quotes`, `brief`, `timeline`
and `actors merge/split` on small focused stores in tmp_path. Never touches the internet.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import Result

from tests.cli.conftest import WIDE, cli, jsonl

pytestmark = pytest.mark.model

# -- search, actors -------------------------------------------------------------------------


def test_search(good_store: tuple[Path, Path, Result]) -> None:
    db, _, _ = good_store
    result = cli("search", "grain", "--db", db, env=WIDE)
    assert result.exit_code == 0
    assert "Grain corridor arrangement extended for sixty days" in result.stdout
    assert "Black Sea grain arrangement" in result.stdout  # the snippet
    hits = json.loads(cli("search", "prisoners", "--db", db, "--format", "json").stdout)
    assert {h["title"] for h in hits} == {
        "Envoys agree to meet again in Geneva",
        "Observers arrive in Istanbul",
    }
    for hit in hits:
        assert "**prisoners**" in hit["snippet"]
        assert set(hit) == {"article_id", "title", "outlet", "published", "snippet"}
    assert len(json.loads(cli("search", "Istanbul", "--db", db, "-n", "1", "--format", "json").stdout)) == 1
    nothing = cli("search", "zeppelin", "--db", db)
    assert nothing.exit_code == 0 and "No article matches" in nothing.stdout
    odd = cli("search", 'talks "unclosed', "--db", db, "--format", "json")  # bad FTS5 syntax still works
    assert odd.exit_code == 0
    assert isinstance(json.loads(odd.stdout), list)


def test_actors(good_store: tuple[Path, Path, Result]) -> None:
    db, _, _ = good_store
    found = json.loads(cli("actors", "--db", db, "--query", "fidan", "--format", "json").stdout)
    assert [a["name"] for a in found] == ["Hakan Fidan"]
    assert found[0]["kind"] == "actor" and found[0]["mentions"] >= 1 and found[0]["articles"] == 1
    table = cli("actors", "--db", db, "-q", "fidan", env=WIDE)
    assert table.exit_code == 0 and "Hakan Fidan" in table.stdout
    everyone = json.loads(cli("actors", "--db", db, "--format", "json", "--limit", "3").stdout)
    assert len(everyone) == 3
    assert [a["mentions"] for a in everyone] == sorted((a["mentions"] for a in everyone), reverse=True)
    none = json.loads(cli("actors", "--db", db, "--query", "nobody-by-this-name", "--format", "json").stdout)
    assert none == []


# -- positions and quotes ------------------------------------------------------------------------
STANCES = [
    {"id": "st-1", "published": "2025-05-10", "outlet": "First Desk",
     "text": "Kyiv has been pushing for an unconditional ceasefire. Moscow rejected the truce proposal."},
    {"id": "st-2", "published": "2025-05-20", "outlet": "Second Desk",
     "text": "“We are ready for a full ceasefire,” Ukrainian Defence Minister Rustem Umerov said on Tuesday."},
]  # fmt: skip


def test_positions_and_quotes_commands(tmp_path: Path) -> None:
    src = tmp_path / "stances.jsonl"
    src.write_text(jsonl(STANCES), encoding="utf-8")
    db = tmp_path / "p.db"
    assert cli("ingest", src, "--db", db).exit_code == 0
    result = cli("positions", "--db", db, "--issue", "ceasefire", "--format", "json", "--history")
    assert result.exit_code == 0, result.output
    rows = {(r["country"], r["stance"]): r for r in json.loads(result.stdout)}
    ukraine = rows[("UKR", "support")]
    assert ukraine["date"] == "2025-05-20" and ukraine["reports"] == 2 and len(ukraine["history"]) == 2
    assert ukraine["quote"] == "We are ready for a full ceasefire,"
    assert ("RUS", "oppose") in rows
    table = cli("positions", "--db", db, "--party", "Kyiv", env=WIDE)
    assert table.exit_code == 0 and "ceasefire" in table.stdout
    assert cli("positions", "--db", db, "--issue", "weather").exit_code == 2
    result = cli("quotes", "--db", db, "--speaker", "umerov", "--format", "json")
    (quote,) = json.loads(result.stdout)
    assert (
        quote["speaker"] == "Rustem Umerov" and quote["outlet"] == "Second Desk" and quote["direct"] is True
    )
    assert json.loads(cli("quotes", "--db", db, "--search", "truce", "--format", "json").stdout) == []
    shown = cli("quotes", "--db", db, env=WIDE)
    assert "Rustem Umerov" in shown.stdout and "We are ready" in shown.stdout


# -- brief, timeline, actors merge/split -------------------------------------------------------------
TALKS = [
    {"id": "t-1", "published": "2025-05-16", "outlet": "First Desk", "url": "https://first.example/1",
     "text": "Kyiv and Moscow held talks in Istanbul on Friday. Defence Minister Rustem Umerov led the Ukrainian team."},
    {"id": "t-2", "published": "2025-05-17", "outlet": "Second Desk", "url": "https://second.example/2",
     "text": "Russia and Ukraine held direct talks in Istanbul on Friday. Rustem Umierov said the sides agreed to swap prisoners."},
]  # fmt: skip


def test_brief_timeline_and_actor_decisions(tmp_path: Path) -> None:
    src = tmp_path / "talks.jsonl"
    src.write_text(jsonl(TALKS), encoding="utf-8")
    db = tmp_path / "b.db"
    assert cli("ingest", src, "--db", db).exit_code == 0
    md = cli("brief", "--db", db, env=WIDE)
    assert md.exit_code == 0, md.output
    assert "## When and where" in md.stdout and "## Sources" in md.stdout and "first.example" in md.stdout
    html = tmp_path / "b.html"
    assert cli("brief", "--db", db, "--format", "html", "--out", html).exit_code == 0
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    data = json.loads(cli("brief", "--db", db, "--format", "json").stdout)
    talks = [b for s in data["sections"] if s["key"] == "when" for b in s["bullets"]]
    assert talks and len(talks[0]["cites"]) == 2  # one happening, both outlets cited
    assert cli("brief", "--db", db, "--since", "not-a-date").exit_code == 2
    rows = json.loads(cli("timeline", "--db", db, "--format", "json").stdout)
    assert rows and rows[0]["date"] == "2025-05-16" and rows[0]["sources"] == 2
    csv_out = cli("timeline", "--db", db, "--format", "csv")
    assert csv_out.stdout.startswith("date,type,status,sources,text,story_id")
    people = json.loads(cli("actors", "--db", db, "-q", "umerov", "--roles", "--format", "json").stdout)
    assert len(people) == 1 and "Rustem Umierov" in people[0]["aliases"]
    assert any(r["role"] == "Defence Minister" and r["outlet"] == "First Desk" for r in people[0]["roles"])
    assert cli("actors", "split", "Rustem Umerov", "Rustem Umierov", "--db", db).exit_code == 0
    assert len(json.loads(cli("actors", "--db", db, "-q", "rustem", "--format", "json").stdout)) == 2
    assert cli("actors", "merge", "Rustem Umerov", "Rustem Umierov", "--db", db).exit_code == 0
    assert len(json.loads(cli("actors", "--db", db, "-q", "rustem", "--format", "json").stdout)) == 1
    assert cli("actors", "merge", "Nobody Here", "Rustem Umerov", "--db", db).exit_code == 2
