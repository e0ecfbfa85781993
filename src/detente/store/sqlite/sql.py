"""Small helpers every part of the SQLite store shares: one transaction form, chunked IN lists."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")

IN_CHUNK = 400
"""Values per `IN (…)` list: well under SQLite's limit on bound parameters (999 in old builds)."""


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
