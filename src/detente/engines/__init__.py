"""Batch engines: run `process_batch` over batches of articles (locally now; Dask later)."""

from detente.engines.local import LocalEngine, Processed, process_batch

__all__ = ["LocalEngine", "Processed", "process_batch"]
