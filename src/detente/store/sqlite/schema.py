"""Opening an SQLite store file and keeping its schema current: the connection and the migrations.

A store is opened read-write (the file and its folders are created, pending migrations are
applied) or read-only (nothing is created or changed; a missing file or an out-of-date schema
is an error that says what to run). Migrations run under one write lock, so several processes
opening the same new file at once apply each migration exactly once.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Callable, Mapping
from importlib import resources
from pathlib import Path
from urllib.parse import quote

from detente.errors import StoreError
from detente.ingest import now
from detente.store.sqlite.sql import atomic

_MIGRATION = re.compile(r"^(\d{4})_(\w+)\.sql$")
_TIMEOUT = 30.0
"""Seconds a connection waits for another one's write lock before giving up."""


def migrations() -> list[tuple[int, str, str]]:
    """The shipped migrations as (version, name, sql), in order."""
    found = []
    for entry in resources.files("detente.store").joinpath("migrations").iterdir():
        m = _MIGRATION.match(entry.name)
        if m:
            found.append((int(m[1]), m[2], entry.read_text("utf-8")))
    return sorted(found)


def newest_version() -> int:
    """The schema version this detente writes and reads."""
    shipped = migrations()
    return shipped[-1][0] if shipped else 0


def connect(path: str, *, read_only: bool) -> sqlite3.Connection:
    """A connection to the store file `path` (autocommit; transactions are explicit).

    Read-write creates the file and its missing folders. Read-only creates neither: it opens
    the file through a `mode=ro` URI, and a missing file is a StoreError naming the fix. (To
    read a WAL store SQLite itself may make its -wal and -shm companions next to it; a reader
    cannot remove them, the next writer to close does.)
    """
    if read_only:
        return _connect_read_only(path)
    try:
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        return sqlite3.connect(path, timeout=_TIMEOUT, isolation_level=None)
    except (sqlite3.Error, OSError) as exc:
        raise StoreError(
            f"cannot open the database {path}: {exc}", fix="check the --db path and its folder's permissions"
        ) from exc


def _connect_read_only(path: str) -> sqlite3.Connection:
    if path == ":memory:":
        raise StoreError("an in-memory store cannot be opened read-only", fix="give a store file with --db")
    file = Path(path)
    if file.is_dir():
        raise StoreError(f"{path} is a folder, not a store", fix="give the store file itself with --db")
    if not file.exists():
        raise StoreError(f"no store at {path} — run detente ingest first or check --db")
    # A URI keeps SQLite from creating anything; '?' and '#' in a file name must be quoted.
    uri = f"file:{quote(str(file.absolute()))}?mode=ro"
    try:
        db = sqlite3.connect(uri, uri=True, timeout=_TIMEOUT, isolation_level=None)
    except sqlite3.Error as exc:  # pragma: no cover - connect is lazy; errors surface on first read
        raise StoreError(f"cannot read {path}: {exc}", fix="check the file's permissions") from exc
    try:
        db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError as exc:
        db.close()
        # A WAL-mode file can only be read where its -wal and -shm files exist or can be made.
        raise StoreError(
            f"cannot read {path}: {exc}",
            fix="check the permissions of the file and its folder (a store in WAL mode needs its "
            "folder writable, or its -wal and -shm files present)",
        ) from exc
    except sqlite3.DatabaseError as exc:
        db.close()
        raise StoreError(
            f"{path} is not a detente database ({exc})", fix="pass another --db file, or move this one away"
        ) from exc
    return db


def use_wal(db: sqlite3.Connection) -> None:
    """Put the store in WAL mode (kept in the file), waiting out other first opens.

    Switching the journal mode needs the file to itself, and SQLite answers 'database is
    locked' at once, without waiting, when another connection is opening the same new file.
    """
    deadline = time.monotonic() + _TIMEOUT
    pause = 0.01
    while True:
        try:
            db.execute("PRAGMA journal_mode = WAL").fetchone()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.2)


def applied_version(db: sqlite3.Connection) -> int:
    """The newest migration applied to the open database (0 for a file with no schema)."""
    has_table = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
    ).fetchone()
    if not has_table:
        return 0
    return int(db.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").fetchone()[0])


def check_readable(db: sqlite3.Connection, path: str) -> None:
    """Refuse, with the fix, a store whose schema this detente cannot read as it is."""
    current, newest = applied_version(db), newest_version()
    _refuse_newer(path, current, newest)
    if current == 0:
        raise StoreError(
            f"{path} is not a detente store (it has no detente tables)",
            fix="check --db, or run detente ingest on it to set it up",
        )
    if current < newest:
        raise StoreError(
            f"{path} was written by an older detente (schema version {current}; this one reads {newest})",
            fix=f"upgrade it once with: detente migrate --db {path} (detente ingest does it too)",
        )


def migrate(db: sqlite3.Connection, path: str, steps: Mapping[int, Callable[[], None]]) -> None:
    """Apply every pending migration, each followed by its Python step in `steps` if any.

    All pending migrations run in one IMMEDIATE transaction: the version is read again once
    the write lock is held, so a second process that waited for the lock finds the work done
    (two first opens of one new file used to collide on 'table articles already exists').
    """
    newest = newest_version()
    current = applied_version(db)
    _refuse_newer(path, current, newest)
    if current == newest:
        return  # the common case: no lock taken, so opening never waits behind a writer
    with atomic(db):
        db.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations "
            "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        current = applied_version(db)
        _refuse_newer(path, current, newest)
        for version, name, sql in migrations():
            if version > current:
                _apply(db, version, name, sql, steps.get(version))


def _apply(
    db: sqlite3.Connection, version: int, name: str, sql: str, step: Callable[[], None] | None
) -> None:
    try:
        for statement in _statements(sql):
            db.execute(statement)
        if step is not None:
            step()
        db.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)", (version, name, now()))
    except sqlite3.Error as exc:
        raise StoreError(f"migration {version:04d}_{name} failed: {exc}", fix="report this as a bug") from exc


def _refuse_newer(path: str, current: int, newest: int) -> None:
    if current > newest:
        raise StoreError(
            f"{path} has schema version {current}, newer than this detente knows ({newest})",
            fix="upgrade detente (pip install -U detente)",
        )


def _statements(sql: str) -> list[str]:
    """Split a migration into statements, keeping trigger bodies (BEGIN … END;) whole."""
    out: list[str] = []
    buf: list[str] = []
    for line in sql.splitlines():
        if line.strip().startswith("--") and not buf:
            continue
        buf.append(line)
        joined = "\n".join(buf).strip()
        if joined.endswith(";") and sqlite3.complete_statement(joined):
            out.append(joined)
            buf = []
    if "\n".join(buf).strip():
        out.append("\n".join(buf))
    return out
