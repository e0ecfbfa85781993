"""The SQLite dialect of the actor tables: `?` placeholders, and `BEGIN IMMEDIATE` as the lock
a user's merge or split takes (the rules themselves are `store.actor_tables`)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Any

from detente.store import actor_tables
from detente.store.sqlite.sql import atomic


class ActorTables(actor_tables.ActorTables):
    """The actor half of the SQLite store (mixed into SQLiteStore)."""

    db: sqlite3.Connection
    _ORDER = "rowid"

    def _rows(self, sql: str, args: Sequence[Any] = ()) -> Sequence[Sequence[Any]]:
        return self.db.execute(sql, args).fetchall()

    def _exec(self, sql: str, args: Sequence[Any] = ()) -> None:
        self.db.execute(sql, args)

    def _exec_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self.db.executemany(sql, rows)

    def _actor_writes(self) -> AbstractContextManager[None]:
        return atomic(self.db)
