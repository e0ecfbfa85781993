"""detente: sourced, structured knowledge from news about conflicts and negotiations.

The public API: read inputs into a store, and read records back out.

    >>> from detente import load_settings, open_store
    >>> from detente.pipeline import ingest
    >>> settings = load_settings(db="news.db")
    >>> with open_store(settings.db) as store:
    ...     summary = ingest(["reports/"], store, settings)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "Actor",
    "ActorRef",
    "Article",
    "ArticleFacts",
    "DetenteError",
    "Event",
    "Failure",
    "Mention",
    "Place",
    "Position",
    "Quote",
    "Role",
    "RunSummary",
    "Settings",
    "Store",
    "Story",
    "__version__",
    "ingest",
    "load_settings",
    "open_store",
    "process_batch",
    "read_inputs",
]

from detente.config import Settings, load_settings
from detente.errors import DetenteError
from detente.records import (
    Actor,
    ActorRef,
    Article,
    ArticleFacts,
    Event,
    Failure,
    Mention,
    Place,
    Position,
    Quote,
    Role,
    RunSummary,
    Story,
)

if TYPE_CHECKING:
    from detente.engines.local import process_batch
    from detente.ingest import read_inputs
    from detente.pipeline import ingest
    from detente.store import Store, open_store

_LAZY = {
    "ingest": "detente.pipeline",
    "process_batch": "detente.engines.local",
    "read_inputs": "detente.ingest",
    "Store": "detente.store",
    "open_store": "detente.store",
}


def __getattr__(name: str) -> Any:
    # Heavy modules load on first use, so `import detente` stays fast.
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'detente' has no attribute {name!r}")
