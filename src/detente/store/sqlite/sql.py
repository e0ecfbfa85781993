"""Small helpers every part of the SQLite store shares: one transaction form, chunked IN lists,
and the hooks the backend-free tables (`store.sql_hooks`) run through."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any, TypeVar

from detente.store.sql_hooks import IN_CHUNK, SqlHooks

T = TypeVar("T")


@contextmanager
def atomic(db: sqlite3.Connection) -> Iterator[None]:
    """`BEGIN IMMEDIATE` … `COMMIT`, rolled back on any error or interrupt.

    The connection runs in autocommit mode (isolation_level=None), so every write outside
    this block is its own transaction; IMMEDIATE takes the write lock at once, so two writers
    wait for each other (up to the connection's timeout) instead of failing mid-batch.
    """
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def chunks(values: Sequence[T], size: int = IN_CHUNK) -> Iterator[Sequence[T]]:
    """`values` in slices of at most `size`, for `IN (…)` lists."""
    for i in range(0, len(values), size):
        yield values[i : i + size]


def marks(values: Sequence[object]) -> str:
    """The `?, ?, …` placeholders for an `IN (…)` list of `values`."""
    return ",".join("?" * len(values))


class SQLiteHooks(SqlHooks):
    """How the shared store tables run on SQLite: `?` as is, `BEGIN IMMEDIATE` as the write lock."""

    db: sqlite3.Connection
    _ORDER = "rowid"

    def _rows(self, sql: str, args: Sequence[Any] = ()) -> Sequence[Sequence[Any]]:
        return self.db.execute(sql, args).fetchall()

    def _exec(self, sql: str, args: Sequence[Any] = ()) -> int:
        return self.db.execute(sql, args).rowcount

    def _exec_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self.db.executemany(sql, rows)

    def _writes(self) -> AbstractContextManager[None]:
        return atomic(self.db)
