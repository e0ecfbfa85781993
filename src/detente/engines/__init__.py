"""Batch engines: run `process_batch` over batches of articles, here or on a Dask cluster.

`engine_for(settings)` picks one by the `engine` setting: "local" (this machine's
processes, `detente.engines.local`) or "dask" (a `dask.distributed` cluster,
`detente.engines.dask`, imported only when chosen). Each has `map(batches)`, which yields
each batch's `Processed` list in input order.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Protocol

from detente.config import Settings
from detente.engines.local import LocalEngine, Processed, process_batch
from detente.records import Article

__all__ = ["Engine", "LocalEngine", "Processed", "engine_for", "process_batch"]


class Engine(Protocol):
    """What the ingest runner needs of an engine."""

    def map(self, batches: Iterable[Sequence[Article]]) -> Iterator[list[Processed]]:
        """Results for each batch, in input order, while reading `batches` lazily."""
        ...


def engine_for(settings: Settings) -> Engine:
    """The engine the `engine` setting names (the Dask one needs the `dask` extra)."""
    if settings.engine == "dask":
        from detente.engines.dask import DaskEngine

        return DaskEngine(settings)
    return LocalEngine(settings)
