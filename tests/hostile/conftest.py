"""Shared helpers for the hostile suite: every input is generated at test time."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import TypeVar

import pytest

from detente.config import Settings
from detente.ingest import Read, read_inputs
from detente.records import Failure

T = TypeVar("T")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: a hostile case that takes seconds (still run in CI)")


def bounded(seconds: float, call: Callable[[], T]) -> T:
    """`call()`, failing the test (instead of hanging the suite) when it runs past `seconds`."""
    box: dict[str, object] = {}

    def run() -> None:
        try:
            box["value"] = call()
        except BaseException as exc:
            box["error"] = exc

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), f"still running after {seconds} s (a hang)"
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["value"]  # type: ignore[return-value]


def read_all(
    specs: Iterable[str], settings: Settings, seconds: float = 30.0, fetch: bool = False
) -> tuple[list[Read], list[Failure]]:
    """Everything `read_inputs` gives for `specs`, split into reads and failures, within `seconds`."""
    items = bounded(seconds, lambda: list(read_inputs(list(specs), settings, fetch=fetch)))
    reads = [i for i in items if isinstance(i, Read)]
    failures = [i for i in items if isinstance(i, Failure)]
    return reads, failures
