"""detente watch: poll feeds, ingest what is new, and say what changed.

Public surface (imported lazily, so the store can use `FeedState` without loading the watch):

- `Watcher` / `WatchOptions` (`runner`): rounds over the watched feeds;
- `FeedState` (`state`): what the store keeps of each feed;
- `parse_every` (`runner`): "10m", "90s", "1h" as seconds;
- sinks (`sinks`): `StreamSink`, `FileSink`, `WebhookSink`, `open_sinks`.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__all__ = [
    "FeedState",
    "FileSink",
    "StreamSink",
    "WatchOptions",
    "Watcher",
    "WebhookSink",
    "open_sinks",
    "parse_every",
]

_WHERE = {
    "FeedState": "state",
    "FileSink": "sinks",
    "StreamSink": "sinks",
    "WebhookSink": "sinks",
    "open_sinks": "sinks",
    "WatchOptions": "runner",
    "Watcher": "runner",
    "parse_every": "runner",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(import_module(f"detente.watch.{_WHERE[name]}"), name)
    raise AttributeError(f"module 'detente.watch' has no attribute {name!r}")
