"""Read-only opens on every backend: nothing is created or changed, and what is missing or too
old or too new is an error that says what to run."""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.errors import StoreError
from detente.ingest.normalize import Draft, finish
from detente.records import ArticleFacts
from detente.store import Incoming, open_store
from tests.store.conftest import raw_execute, scalar


def test_read_only_sees_the_writers_commits_and_cannot_write(db_spec: str) -> None:
    with open_store(db_spec) as writer:
        run = writer.begin_run("live", "0", None)
        a = finish(Draft(source="t", text="Envoys met in Geneva on Tuesday.", id="r1", title="Geneva"))
        writer.save([Incoming(ArticleFacts(article=a))], run)
        with open_store(db_spec, read_only=True) as reader:
            last = reader.last_run()
            assert last is not None and last.command == "live"
            assert [h.article_id for h in reader.search("geneva")] == ["r1"]
            with pytest.raises(Exception, match=r"(?i)read.?only"):
                reader.begin_run("nope", "0", None)
        assert writer.counts()["runs"] == 1


def test_read_only_refuses_a_store_without_tables_and_creates_none(db_spec: str, tmp_path: Path) -> None:
    if not db_spec.startswith("postgresql"):
        Path(db_spec).write_bytes(b"")  # an empty file: SQLite's "database without tables"
    with pytest.raises(StoreError, match=r"(not a|no) detente store"):
        open_store(db_spec, read_only=True)
    with open_store(db_spec) as created:  # nothing was made by the refused open: this one migrates
        assert scalar(created, "SELECT COUNT(*) FROM runs") == 0


def test_older_and_newer_schemas_are_refused_read_only(db_spec: str) -> None:
    with open_store(db_spec) as store:
        newest = store.schema_version()  # type: ignore[attr-defined]
    raw_execute(db_spec, f"UPDATE schema_migrations SET version = 0 WHERE version = {newest}")
    with pytest.raises(StoreError, match="older detente") as older:
        open_store(db_spec, read_only=True)
    assert "detente migrate" in (older.value.fix or "")
    raw_execute(db_spec, f"UPDATE schema_migrations SET version = {newest} WHERE version = 0")
    raw_execute(db_spec, "INSERT INTO schema_migrations VALUES (999, 'future', 'now')")
    for read_only in (True, False):
        with pytest.raises(StoreError, match="newer than this detente"):
            open_store(db_spec, read_only=read_only)
