"""Storage backends behind one interface; `open_store` picks one from a path or URL."""

from __future__ import annotations

from pathlib import Path

from detente.errors import StoreError
from detente.store.base import ActorInfo, Incoming, Outcome, RunInfo, SearchHit, Store
from detente.store.sqlite import SQLiteStore

__all__ = ["ActorInfo", "Incoming", "Outcome", "RunInfo", "SQLiteStore", "SearchHit", "Store", "open_store"]


def open_store(db: str | Path, *, read_only: bool = False) -> Store:
    """The store at `db`: an SQLite file path (or `:memory:`).

    Read-write (the default) creates the file, its folders and its tables as needed. With
    `read_only=True` nothing is created or changed: a missing file, or one whose schema is
    older than this detente, is a StoreError that says what to run.
    """
    spec = str(db)
    if spec.startswith(("postgres://", "postgresql://")):
        raise StoreError(
            "the PostgreSQL backend is not available in this version", fix="use an SQLite file path for --db"
        )
    return SQLiteStore(spec, read_only=read_only)
