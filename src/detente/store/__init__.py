"""Storage backends behind one interface; `open_store` picks one from a path or URL."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from detente.errors import StoreError
from detente.store.base import ActorInfo, Incoming, Outcome, RunInfo, SearchHit, Store
from detente.store.sqlite import SQLiteStore

__all__ = [
    "ActorInfo",
    "Incoming",
    "Outcome",
    "RunInfo",
    "SQLiteStore",
    "SearchHit",
    "Store",
    "is_url",
    "open_store",
    "shown",
]

_URL_SCHEMES = ("postgres://", "postgresql://")


def is_url(db: str | Path) -> bool:
    """True when `db` names a database server (a PostgreSQL URL), not a file."""
    return str(db).startswith(_URL_SCHEMES)


def shown(db: str | Path) -> str:
    """`db` as it may be printed: a server URL without its password."""
    spec = str(db)
    if not is_url(spec):
        return spec
    parts = urlsplit(spec)
    if parts.password is None:
        return spec
    host = parts.hostname or ""
    netloc = f"{parts.username or ''}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def open_store(db: str | Path, *, read_only: bool = False) -> Store:
    """The store at `db`: an SQLite file path (or `:memory:`), or a `postgresql://` URL.

    Read-write (the default) creates the file, its folders and its tables as needed. With
    `read_only=True` nothing is created or changed: a missing file, or one whose schema is
    older than this detente, is a StoreError that says what to run.
    """
    spec = str(db)
    if is_url(spec):
        try:
            from detente.store.postgres import PostgresStore
        except ImportError as exc:
            if exc.name not in ("psycopg", "psycopg_pool"):
                raise
            raise StoreError(
                f"a PostgreSQL store needs the postgres extra ({exc.name} is not installed)",
                fix="pip install 'detente[postgres]'",
            ) from exc
        return PostgresStore(spec, read_only=read_only)
    return SQLiteStore(spec, read_only=read_only)
