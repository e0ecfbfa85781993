"""The few things the shared store tables (`actor_tables`, `watch_tables`) need of a backend.

Those tables are written once in the SQL SQLite (≥ 3.24) and PostgreSQL share: `?`
placeholders, `INSERT … ON CONFLICT`, `NOT EXISTS`, `IN (…)` lists. A backend supplies how a
statement runs, how a write block takes its lock, and which column keeps insertion order.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Any

IN_CHUNK = 400
"""Values per `IN (…)` list: well under SQLite's limit on bound parameters (999 in old builds)."""


class SqlHooks:
    """A backend's statement runner, write block and insertion-order column."""

    _ORDER: str
    """The column that keeps the order rows were first stored in (`rowid`, `seq`)."""

    def _rows(self, sql: str, args: Sequence[Any] = ()) -> Sequence[Sequence[Any]]:
        raise NotImplementedError

    def _exec(self, sql: str, args: Sequence[Any] = ()) -> int:
        """Run one statement; how many rows it changed."""
        raise NotImplementedError

    def _exec_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        raise NotImplementedError

    def _writes(self) -> AbstractContextManager[None]:
        """One transaction holding the store's write lock."""
        raise NotImplementedError

    def _chunked(self, sql: str, values: Sequence[Any], before: Sequence[Any] = ()) -> list[Sequence[Any]]:
        """Rows of `sql` whose `IN ({})` takes `values`, a bounded list of placeholders at a time
        (`before`: the arguments of the placeholders ahead of the list)."""
        out: list[Sequence[Any]] = []
        for i in range(0, len(values), IN_CHUNK):
            part = values[i : i + IN_CHUNK]
            out += self._rows(sql.format(",".join("?" * len(part))), [*before, *part])
        return out
