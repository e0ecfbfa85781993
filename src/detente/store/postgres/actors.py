"""The PostgreSQL dialect of the actor tables: `%s` placeholders, and a transaction holding the
store's advisory write lock for a user's merge or split (the rules are `store.actor_tables`)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any

import psycopg

from detente.store import actor_tables
from detente.store.postgres.schema import WRITE_LOCK

Conn = psycopg.Connection[tuple[Any, ...]]


class ActorTables(actor_tables.ActorTables):
    """The actor half of the PostgreSQL store (mixed into PostgresStore)."""

    db: Conn
    _ORDER = "seq"

    def _rows(self, sql: str, args: Sequence[Any] = ()) -> Sequence[Sequence[Any]]:
        return self.db.execute(sql.replace("?", "%s"), args).fetchall()

    def _exec(self, sql: str, args: Sequence[Any] = ()) -> None:
        self.db.execute(sql.replace("?", "%s"), args)

    def _exec_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        with self.db.cursor() as cur:
            cur.executemany(sql.replace("?", "%s"), rows)

    def _actor_writes(self) -> AbstractContextManager[None]:
        return self._locked()

    @contextmanager
    def _locked(self) -> Iterator[None]:
        with self.db.transaction():
            self.db.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
            yield
