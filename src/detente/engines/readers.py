"""Reading in reader processes: decoding, HTML and feed extraction and normalising off the writer.

`read_parallel` yields what `detente.ingest.read_inputs` yields, in the same order, but the
files are read by a pool of reader processes: the process that runs it only lists the
inputs (and cuts big JSON Lines files into ranges of lines), checks ids given twice, and
hands the articles on. stdin and URLs are still read by this process: stdin is its own, and
fetching is waiting on the network, which costs no CPU, with every hop checked in one place.

A reader that dies (a crash in native code on a hostile page) costs only what it was
reading: the task is read again alone in a fresh pool, and if it kills that one too, each
of its inputs is recorded as a failure that names it. When the readers cannot start at all,
reading goes on in this process, with a warning.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from contextlib import ExitStack
from typing import Any

from detente.config import Settings
from detente.engines.local import in_order, process_pool
from detente.ingest import Dedup, Read, Unit, now, plan, read_inputs, read_unit
from detente.records import Failure

GROUP = 8
"""Whole files per reader task (one range of a big JSON Lines file is a task of its own)."""

RESTARTS = 8
"""Fresh reader pools started after crashes before the remaining inputs are failed outright."""

Task = tuple[Unit, ...] | Failure
Result = list[list[Read | Failure]]

_JOB: tuple[Settings, str | None] | None = None


def _init_reader(settings: Settings, published: str | None) -> None:
    global _JOB
    _JOB = (settings, published)


def _read_task(units: tuple[Unit, ...]) -> Result:
    assert _JOB is not None, "reader used before its initializer ran"
    settings, published = _JOB
    return [list(read_unit(u, settings, published)) for u in units]


def reader_count(workers: int) -> int:
    """Reader processes for `workers` parse workers: reading costs a fraction of parsing."""
    return max(1, (workers + 2) // 4)


def _tasks(specs: Iterable[str], settings: Settings) -> Iterator[Task]:
    """Units grouped into reader tasks, in input order; local units and listing failures alone."""
    group: list[Unit] = []
    for index, spec in enumerate(specs):
        for unit in plan(spec, index, settings, split=True):
            if isinstance(unit, Unit) and unit.kind == "file":
                group.append(unit)
                if len(group) >= GROUP:
                    yield tuple(group)
                    group = []
                continue
            if group:
                yield tuple(group)
                group = []
            yield unit if isinstance(unit, Failure) else (unit,)
        if group:
            yield tuple(group)
            group = []


def _crashed(unit: Unit, exc: BaseException) -> Failure:
    return Failure(
        source=unit.source,
        line=unit.first if unit.kind == "lines" else None,
        reason=f"the reader process died while reading this input ({type(exc).__name__}: {exc})",
        fix="rerun it alone with --workers 1 to see the error, and report it with the input if you can",
        at=now(),
    )


class _Pool:
    """The reader pool now in use, started again (a bounded number of times) after a crash."""

    def __init__(self, readers: int, settings: Settings, published: str | None) -> None:
        self.args: tuple[Any, ...] = (settings, published)
        self.readers = readers
        self.stack = ExitStack()
        self.pool = self.stack.enter_context(process_pool(readers, _init_reader, self.args))
        self.restarts = 0
        self.served = self.warned = False

    def submit(self, task: Task) -> Future[Result]:
        if isinstance(task, Failure) or task[0].local:
            done: Future[Result] = Future()
            done.set_result([])  # read here, in order, when its turn comes
            return done
        return self.pool.submit(_read_task, task)

    def restart(self) -> bool:
        """A fresh pool in place of a broken one; False when the restarts are used up."""
        if self.restarts >= RESTARTS:
            return False
        self.restarts += 1
        self.stack.close()
        self.stack = ExitStack()
        self.pool = self.stack.enter_context(process_pool(self.readers, _init_reader, self.args))
        return True

    def retry(self, units: tuple[Unit, ...]) -> Result | None:
        """`units` read again (in a fresh pool if need be); None when they break a fresh pool too."""
        for _ in range(2):
            try:
                return self.pool.submit(_read_task, units).result()
            except BrokenProcessPool:  # the pool was broken already, or this task broke it
                if not self.restart():
                    return None
        return None

    def close(self) -> None:
        self.stack.close()


def read_parallel(
    specs: Iterable[str],
    settings: Settings,
    readers: int,
    published: str | None = None,
    fetch: bool = False,
) -> Iterator[Read | Failure]:
    """What `read_inputs` yields, in its order, with the files read by `readers` processes.

    With `fetch` (feed entries read from their linked pages) everything is read here: that
    is network waiting, and the fetcher's checks live in this process.
    """
    if fetch:
        yield from read_inputs(specs, settings, published, fetch)
        return
    pool = _Pool(readers, settings, published)
    dedup, spec = Dedup(), -1
    tasks = _tasks(specs, settings)
    try:
        # A few tasks ahead of the parse workers' need; each is small next to parsing it.
        for task, future in in_order(pool.submit, tasks, running=4 * readers, most=8 * readers):
            if isinstance(task, Failure):
                yield task
                continue
            if task[0].spec != spec:
                dedup, spec = Dedup(), task[0].spec
            if task[0].local:
                results: Iterable[Iterable[Read | Failure]] = [read_unit(task[0], settings, published)]
            else:
                results = _results(pool, task, future, settings, published)
            for items in results:
                for item in items:
                    if isinstance(item, Read) and (warning := dedup.check(item)):
                        yield warning
                    yield item
    finally:
        pool.close()


def _results(
    pool: _Pool,
    task: tuple[Unit, ...],
    future: Future[Result],
    settings: Settings,
    published: str | None,
) -> Iterable[Iterable[Read | Failure]]:
    try:
        got = future.result()
    except BrokenProcessPool as exc:
        if not pool.served:
            if not pool.warned:
                pool.warned = True
                warnings.warn(
                    f"the reader processes could not start ({exc}); reading in this process",
                    RuntimeWarning,
                    stacklevel=3,
                )
            return [read_unit(u, settings, published) for u in task]
        retried = pool.retry(task)
        if retried is None:
            return [[_crashed(u, exc)] for u in task]
        return retried
    pool.served = True
    return got
