"""The SQLite backend: one file, WAL, FTS5 search; its tables are composed from the parts here."""

from detente.store.sqlite.store import SQLiteStore, migrations

__all__ = ["SQLiteStore", "migrations"]
