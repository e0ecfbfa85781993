"""Opening a store: read-only opens create and change nothing (WAL files included), and several
processes opening one new store at once all succeed (issue 16 item 6)."""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from detente.errors import StoreError
from detente.store import SQLiteStore, open_store
from detente.store.sqlite import migrations


def test_missing_store_read_only_is_an_error_and_creates_nothing(tmp_path: Path) -> None:
    db = tmp_path / "a" / "b" / "x.db"
    with pytest.raises(StoreError, match=r"no store at .*x\.db — run detente ingest first or check --db"):
        open_store(db, read_only=True)
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(StoreError, match="is a folder"):
        open_store(tmp_path, read_only=True)
    with pytest.raises(StoreError, match="in-memory"):
        open_store(":memory:", read_only=True)


def test_read_only_store_refuses_writes(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    open_store(db).close()
    with SQLiteStore(db, read_only=True) as store:
        assert store.counts()["articles"] == 0
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            store.begin_run("read-only", "0", None)


def test_read_only_on_a_file_that_is_not_a_store(tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    with pytest.raises(StoreError, match="not a detente store"):
        open_store(empty, read_only=True)
    assert empty.read_bytes() == b""
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"no sqlite here " * 100)
    with pytest.raises(StoreError, match="not a detente database"):
        open_store(junk, read_only=True)


def test_read_only_sees_a_live_writers_wal(tmp_path: Path) -> None:
    """While a writer holds the store open, its -wal and -shm files exist; a reader sees its commits."""
    db = tmp_path / "w.db"
    with SQLiteStore(db) as writer:
        assert writer.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        writer.db.execute("PRAGMA wal_autocheckpoint = 0")  # keep the commit in the -wal file
        writer.begin_run("live", "0", None)
        assert (tmp_path / "w.db-wal").stat().st_size > 0 and (tmp_path / "w.db-shm").exists()
        with SQLiteStore(db, read_only=True) as reader:
            last = reader.last_run()
            assert last is not None and last.command == "live"


def test_read_only_on_a_closed_wal_store_in_a_writable_folder(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    with SQLiteStore(db) as writer:
        writer.begin_run("closed", "0", None)
    assert not (tmp_path / "c.db-wal").exists()  # the last close checkpoints and removes it
    before = db.read_bytes()
    with SQLiteStore(db, read_only=True) as reader:
        last = reader.last_run()
        assert last is not None and last.command == "closed"
    assert db.read_bytes() == before


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root writes to any folder")
def test_read_only_in_a_locked_folder_says_what_to_fix(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    open_store(folder / "l.db").close()
    folder.chmod(0o555)
    try:
        with pytest.raises(StoreError, match="WAL mode needs its folder writable"):
            open_store(folder / "l.db", read_only=True)
    finally:
        folder.chmod(0o755)


# -- two (or eight) first opens at once --------------------------------------------------------------
PROCESSES = 8


def _open_at_once(path: str, barrier: Any, results: Any) -> None:
    try:
        barrier.wait(timeout=60)
        store = SQLiteStore(path)
        store.begin_run(f"process {os.getpid()}", "0", None)
        store.close()
        results.put("ok")
    except BaseException as exc:  # report every failure to the parent, whatever it is
        results.put(f"{type(exc).__name__}: {exc}")


@pytest.mark.parametrize("round_", range(2))
def test_many_processes_open_one_new_store_at_once(tmp_path: Path, round_: int) -> None:
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(PROCESSES)
    results = ctx.Queue()
    db = tmp_path / "new" / "shared.db"
    procs = [ctx.Process(target=_open_at_once, args=(str(db), barrier, results)) for _ in range(PROCESSES)]
    for p in procs:
        p.start()
    outcomes = [results.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    assert outcomes == ["ok"] * PROCESSES
    check = sqlite3.connect(db)
    applied = [row[0] for row in check.execute("SELECT version FROM schema_migrations ORDER BY version")]
    runs = check.execute("SELECT COUNT(*) FROM runs").fetchone()[0]
    check.close()
    assert applied == [version for version, _, _ in migrations()]
    assert runs == PROCESSES
