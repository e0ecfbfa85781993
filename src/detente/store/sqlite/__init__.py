"""The SQLite backend: one file, WAL, FTS5 search; its tables are composed from the parts here."""

from detente.store.sqlite.schema import migrations
from detente.store.sqlite.store import SQLiteStore

__all__ = ["SQLiteStore", "migrations"]
