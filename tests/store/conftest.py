"""The store tests run against every backend: SQLite in a temporary file, and PostgreSQL in a
fresh schema of the server named by DETENTE_TEST_PG (`.ci/run` starts one on loopback); without
it the PostgreSQL cases skip and say why."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from detente.store import Store, open_store

# Read when this module is imported: the suite's autouse fixture clears DETENTE_* for each test.
PG_URL = os.environ.get("DETENTE_TEST_PG", "")
PG_SKIP = (
    "DETENTE_TEST_PG is unset: start a PostgreSQL server and set it to its URL "
    "(.ci/run starts one on loopback) to run the store tests against PostgreSQL"
)


def pg_ready() -> None:
    """Skip the calling test, saying why, when no PostgreSQL server or no psycopg is at hand."""
    if not PG_URL:
        pytest.skip(PG_SKIP)
    pytest.importorskip("psycopg", reason="psycopg is not installed: pip install 'detente[postgres]'")


def with_schema(url: str, schema: str) -> str:
    """`url` with its connections' search_path set to `schema` (a store of its own in one database)."""
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}options={quote(f'-csearch_path={schema}')}"


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A PostgreSQL store URL of an empty schema, dropped after the test."""
    pg_ready()
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(PG_URL, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
    try:
        yield with_schema(PG_URL, schema)
    finally:
        with psycopg.connect(PG_URL, autocommit=True) as admin:
            admin.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["sqlite", "postgres"])
def db_spec(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a new store goes: an SQLite file path, or a PostgreSQL URL."""
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def store(db_spec: str) -> Iterator[Store]:
    """A new, empty read-write store of each backend."""
    s = open_store(db_spec)
    yield s
    s.close()


def scalar(store: Store, sql: str) -> object:
    """One value from a query without parameters, on either backend's connection."""
    row = store.db.execute(sql).fetchone()  # type: ignore[attr-defined]
    return row[0] if row else None


def raw_execute(db_spec: str, sql: str) -> None:
    """Run one statement on a store outside detente (to fake what another version left)."""
    if db_spec.startswith("postgresql"):
        import psycopg

        with psycopg.connect(db_spec, autocommit=True) as conn:
            conn.execute(sql.encode())
        return
    import sqlite3

    conn = sqlite3.connect(db_spec, isolation_level=None)
    try:
        conn.execute(sql)
    finally:
        conn.close()
