"""Connecting to a PostgreSQL store and keeping its schema current: connections, the reader
pool and the migrations.

A store is a database (or, through the URL's `options=-csearch_path=…`, a schema of one) that
already exists: detente creates its tables, never the database. Read-write opens apply the
pending migrations inside one transaction that first takes a transaction-level advisory lock,
so two writers opening a new store at once never run a migration twice (the second waits,
then finds the work done). Read-only opens borrow a connection from a per-URL pool (the web
view opens a store per request) and see one snapshot of the store for as long as they are open.
"""

from __future__ import annotations

import atexit
import re
import threading
from collections.abc import Callable, Mapping
from importlib import resources
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg_pool import ConnectionPool, PoolTimeout

from detente.errors import StoreError
from detente.ingest import now

_MIGRATION = re.compile(r"^(\d{4})_(\w+)\.sql$")
MIGRATE_LOCK = 0x64E7E47E_0001
"""Advisory lock key held while migrations run (any constant works; all detente processes agree)."""
WRITE_LOCK = 0x64E7E47E_0002
"""Advisory lock key held by every write transaction: one writer at a time, as with SQLite."""
_CONNECT_TIMEOUT = 10
_POOL_MAX = 8
_pools: dict[str, ConnectionPool] = {}
_pools_lock = threading.Lock()


def migrations() -> list[tuple[int, str, str]]:
    """The shipped PostgreSQL migrations as (version, name, sql), in order."""
    found = []
    for entry in resources.files("detente.store").joinpath("migrations_pg").iterdir():
        m = _MIGRATION.match(entry.name)
        if m:
            found.append((int(m[1]), m[2], entry.read_text("utf-8")))
    return sorted(found)


def newest_version() -> int:
    """The schema version this detente writes and reads."""
    shipped = migrations()
    return shipped[-1][0] if shipped else 0


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username or ''}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def connect(url: str) -> psycopg.Connection[tuple[Any, ...]]:
    """A read-write connection to the server at `url` (autocommit; transactions are explicit)."""
    try:
        return psycopg.connect(url, autocommit=True, connect_timeout=_CONNECT_TIMEOUT)
    except psycopg.Error as exc:
        raise _unreachable(url, exc) from exc


def borrow(url: str) -> psycopg.Connection[tuple[Any, ...]]:
    """A read-only connection from the pool for `url`, in a fresh REPEATABLE READ snapshot.

    Give it back with `give_back`. The pool is made on first use and closed when the process ends.
    """
    with _pools_lock:
        pool = _pools.get(url)
        if pool is None:
            connect(url).close()  # fails at once, with the server's own words, when it cannot connect
            pool = ConnectionPool(
                url,
                min_size=1,
                max_size=_POOL_MAX,
                kwargs={"connect_timeout": _CONNECT_TIMEOUT},
                configure=_read_only_session,
                open=False,
                name="detente-readers",
            )
            try:
                pool.open(wait=True, timeout=_CONNECT_TIMEOUT)
            except PoolTimeout as exc:
                pool.close()
                raise _unreachable(url, exc) from exc
            _pools[url] = pool
    try:
        conn = pool.getconn(timeout=30)
    except PoolTimeout as exc:
        raise _unreachable(url, exc) from exc
    return conn


def give_back(url: str, conn: psycopg.Connection[tuple[Any, ...]]) -> None:
    """End a borrowed connection's snapshot and return it to its pool."""
    pool = _pools.get(url)
    if conn.closed or pool is None:
        return
    if not conn.broken:
        conn.rollback()
    pool.putconn(conn)


def _read_only_session(conn: psycopg.Connection[tuple[Any, ...]]) -> None:
    # A reader cannot write by mistake, and one store open sees one state of the store.
    conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
    conn.read_only = True
    conn.autocommit = False


@atexit.register
def _close_pools() -> None:
    with _pools_lock:
        for pool in _pools.values():
            pool.close()
        _pools.clear()


def _unreachable(url: str, exc: Exception) -> StoreError:
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return StoreError(
        f"cannot connect to the PostgreSQL store {redact(url)}: {detail}",
        fix="check that the server runs, and the URL's user, password, host, port and database "
        "(detente creates its tables, not the database: createdb NAME)",
    )


def applied_version(conn: psycopg.Connection[tuple[Any, ...]]) -> int:
    """The newest migration applied to the store (0 for a database with no detente tables)."""
    row = conn.execute("SELECT to_regclass('schema_migrations') IS NOT NULL").fetchone()
    if not row or not row[0]:
        return 0
    row = conn.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").fetchone()
    return int(row[0]) if row else 0


def check_readable(conn: psycopg.Connection[tuple[Any, ...]], url: str) -> None:
    """Refuse, with the fix, a store whose schema this detente cannot read as it is."""
    current, newest = applied_version(conn), newest_version()
    _refuse_newer(url, current, newest)
    shown = redact(url)
    if current == 0:
        raise StoreError(
            f"no detente store in {shown} (it has no detente tables)",
            fix="check --db, or run detente ingest (or detente migrate) on it to set it up",
        )
    if current < newest:
        raise StoreError(
            f"{shown} was written by an older detente (schema version {current}; this one reads {newest})",
            fix=f"upgrade it once with: detente migrate --db {shown} (detente ingest does it too)",
        )


def migrate(
    conn: psycopg.Connection[tuple[Any, ...]], url: str, steps: Mapping[int, Callable[[], None]]
) -> None:
    """Apply every pending migration, each followed by its Python step in `steps` if any.

    All pending migrations run in one transaction holding the migration advisory lock; the
    version is read again once the lock is held, so a writer that waited finds the work done.
    PostgreSQL's DDL is transactional: a failed migration leaves the store as it was.
    """
    newest = newest_version()
    current = applied_version(conn)
    _refuse_newer(url, current, newest)
    if current == newest:
        return  # the common case: no lock taken
    try:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATE_LOCK,))
            conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations "
                "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
            )
            current = applied_version(conn)
            _refuse_newer(url, current, newest)
            for version, name, sql in migrations():
                if version > current:
                    _apply(conn, version, name, sql, steps.get(version))
    except psycopg.errors.InsufficientPrivilege as exc:
        raise StoreError(
            f"cannot create detente's tables in {redact(url)}: {exc}",
            fix="connect as a user that may create tables in the database (or its schema)",
        ) from exc


def _apply(
    conn: psycopg.Connection[tuple[Any, ...]],
    version: int,
    name: str,
    sql: str,
    step: Callable[[], None] | None,
) -> None:
    try:
        with conn.transaction():  # a savepoint: the error names the migration that failed
            conn.execute(sql.encode("utf-8"))  # no parameters: every statement of the file at once
            if step is not None:
                step()
            conn.execute("INSERT INTO schema_migrations VALUES (%s, %s, %s)", (version, name, now()))
    except psycopg.errors.InsufficientPrivilege:
        raise
    except psycopg.Error as exc:
        raise StoreError(f"migration {version:04d}_{name} failed: {exc}", fix="report this as a bug") from exc


def _refuse_newer(url: str, current: int, newest: int) -> None:
    if current > newest:
        raise StoreError(
            f"{redact(url)} has schema version {current}, newer than this detente knows ({newest})",
            fix="upgrade detente (pip install -U detente)",
        )
