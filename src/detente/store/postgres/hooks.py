"""How the backend-free store tables (`store.sql_hooks`) run on PostgreSQL: `?` becomes `%s`,
and a write block is a transaction holding the store's advisory write lock."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any

import psycopg

from detente.store.postgres.schema import WRITE_LOCK
from detente.store.sql_hooks import SqlHooks


class PostgresHooks(SqlHooks):
    """The PostgreSQL statement runner, write block and insertion-order column (`seq`)."""

    db: psycopg.Connection[tuple[Any, ...]]
    _ORDER = "seq"

    def _rows(self, sql: str, args: Sequence[Any] = ()) -> Sequence[Sequence[Any]]:
        return self.db.execute(_pg(sql), args).fetchall()

    def _exec(self, sql: str, args: Sequence[Any] = ()) -> int:
        return max(self.db.execute(_pg(sql), args).rowcount, 0)

    def _exec_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        with self.db.cursor() as cur:
            cur.executemany(_pg(sql), rows)

    def _writes(self) -> AbstractContextManager[None]:
        return self._locked()

    @contextmanager
    def _locked(self) -> Iterator[None]:
        with self.db.transaction():
            self.db.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
            yield


def _pg(sql: str) -> str:
    """A shared statement in psycopg's placeholder style (the shared SQL holds no literal `?`/`%`)."""
    return sql.replace("?", "%s")
