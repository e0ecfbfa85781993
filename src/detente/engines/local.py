"""The local engine: `process_batch` in this process or in worker processes, streamed in order.

Each worker process loads the spaCy pipeline and the knowledge files once (its
initializer), parses with `nlp.pipe` and extracts there, and sends back only the small
records; the main process stays the store's one writer. At most `2 × workers` batches are
in flight, so memory stays flat however long the input is.

Workers never outlive the process that started them (a kill -9 of it included): each holds
the read end of a pipe whose only write end the main process keeps, and a watchdog thread
exits the worker when that pipe closes. (Their OS parent is the forkserver, which itself
lives as long as any worker does, so watching the parent pid would not do.) Their number is cut to the cores this process may
use unless `force_workers` is set.
"""

from __future__ import annotations

import ctypes
import importlib.machinery
import multiprocessing
import os
import signal
import sys
import threading
import traceback
import warnings
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from detente.config import Settings
from detente.extract import extract
from detente.ingest import now
from detente.lexicon.actors import load_knowledge
from detente.nlp import load_pipeline, parse
from detente.records import Article, ArticleFacts, Failure

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class Processed:
    """One article's facts, and the failure when extraction broke (the article is kept)."""

    facts: ArticleFacts
    failure: Failure | None = None


def _failed(article: Article, why: str, fix: str) -> Processed:
    return Processed(
        ArticleFacts(article=article),
        Failure(source=f"article:{article.id}", line=None, reason=why, fix=fix, at=now()),
    )


def process_batch(articles: Sequence[Article], settings: Settings) -> list[Processed]:
    """Parse a batch with `nlp.pipe` and extract every fact; one article's error stays its own."""
    nlp = load_pipeline(settings.model, settings.max_sentence_tokens, settings.knowledge)
    kb = load_knowledge(settings.knowledge)
    out: list[Processed] = []
    for article, doc in zip(
        articles, parse(nlp, (a.text for a in articles), settings.batch_size), strict=True
    ):
        try:
            out.append(Processed(extract(doc, article, kb, settings.knowledge)))
        except Exception as exc:  # an extractor bug must cost one article's facts, not the batch
            detail = traceback.format_exception_only(exc)[-1].strip()
            out.append(
                _failed(
                    article,
                    f"extraction failed: {detail}",
                    "report this as a bug; the article text is stored",
                )
            )
    return out


_SETTINGS: Settings | None = None


_PR_SET_PDEATHSIG = 1


def _die_with_main(alive: Connection) -> None:
    """End this worker as soon as `alive` (a pipe the main process holds open) closes."""
    if sys.platform.startswith("linux"):
        with suppress(OSError, AttributeError):  # also end with the forkserver, should it die first
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)

    def watch() -> None:
        with suppress(EOFError, OSError):
            alive.recv()  # nothing is ever sent: this returns only when the main process is gone
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="detente-main-watch").start()


def _init_worker(settings: Settings) -> None:
    global _SETTINGS
    _SETTINGS = settings
    load_pipeline(settings.model, settings.max_sentence_tokens, settings.knowledge)
    load_knowledge(settings.knowledge)


def _init_process(alive: Connection, init: Callable[..., None] | None, args: tuple[Any, ...]) -> None:
    _die_with_main(alive)
    if init is not None:
        init(*args)


def usable_cores() -> int:
    """The CPU cores this process may run on (its affinity where the platform tells it)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def worker_count(settings: Settings) -> int:
    """`settings.workers`, cut to the usable cores (with a warning) unless `force_workers`."""
    cores = usable_cores()
    if settings.workers > cores and not settings.force_workers:
        warnings.warn(
            f"workers = {settings.workers} is more than the {cores} usable cores; using {cores} "
            "(set force_workers = true to keep the number)",
            RuntimeWarning,
            stacklevel=2,
        )
        return cores
    return settings.workers


@contextmanager
def _main_not_rerun() -> Iterator[None]:
    """While the pool lives, workers start without re-running the caller's script.

    A spawned or forkserver worker re-imports `__main__` by its path (or its module name)
    before it works; a script without an `if __name__ == "__main__":` guard would then run
    its own ingest inside every worker. A module name of `__main__` is the one spawn skips,
    and the workers need nothing from the script: they only run this module's functions.
    """
    main = sys.modules.get("__main__")
    if main is None:
        yield
        return
    had = "__spec__" in vars(main)
    spec = getattr(main, "__spec__", None)
    main.__spec__ = importlib.machinery.ModuleSpec("__main__", None)
    try:
        yield
    finally:
        if had:
            main.__spec__ = spec
        else:
            del main.__spec__


def _context() -> multiprocessing.context.BaseContext:
    """A start method that never re-runs the caller's script (`__main__`) in a worker.

    forkserver preloads `__main__` by default: a script without an `if __name__ ==
    "__main__":` guard would start its own ingest there and break every worker.
    """
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["detente.engines.local"])
        return ctx
    return multiprocessing.get_context("spawn")


@contextmanager
def process_pool(
    workers: int, init: Callable[..., None] | None = None, args: tuple[Any, ...] = ()
) -> Iterator[ProcessPoolExecutor]:
    """`workers` processes that end with this one, run `init(*args)` first, never re-run `__main__`."""
    ctx = _context()
    alive_r, alive_w = ctx.Pipe(duplex=False)
    with (
        alive_r,
        alive_w,  # open until the pool is done: its closing (or this process dying) ends the workers
        _main_not_rerun(),
        ProcessPoolExecutor(
            max_workers=workers, mp_context=ctx, initializer=_init_process, initargs=(alive_r, init, args)
        ) as pool,
    ):
        yield pool


def in_order(
    submit: Callable[[T], Future[R]], items: Iterable[T], running: int, most: int
) -> Iterator[tuple[T, Future[R]]]:
    """`(item, finished future of submit(item))` in input order; the workers never wait for the order.

    Up to `running` tasks are queued or running at once, whatever their order of finishing:
    a task that finishes early waits here (at most `most` tasks not yet handed out), so a long
    task at the head holds back only the handing out, not the work. `items` is read lazily.
    """
    window: deque[tuple[T, Future[R]]] = deque()
    source = iter(items)
    more = True
    while True:
        while window and window[0][1].done():
            yield window.popleft()
        busy = [f for _, f in window if not f.done()]
        if more and len(busy) < running and len(window) < most:
            try:
                item = next(source)
            except StopIteration:
                more = False
                continue
            try:
                future = submit(item)
            except BrokenProcessPool as exc:  # a broken pool refuses new work
                future = Future()
                future.set_exception(exc)
            window.append((item, future))
            continue
        if not window:
            return
        wait(busy or [window[0][1]], return_when=FIRST_COMPLETED)


def _work(articles: Sequence[Article]) -> list[Processed]:
    assert _SETTINGS is not None, "worker used before its initializer ran"
    return process_batch(articles, _SETTINGS)


class LocalEngine:
    """Maps `process_batch` over batches, in order, with `settings.workers` processes."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._served = False

    def map(self, batches: Iterable[Sequence[Article]]) -> Iterator[list[Processed]]:
        """Results for each batch, in input order, while reading `batches` lazily.

        The workers take batches as they free up (2 per worker queued or running), whatever
        the order they finish in; results wait here for their turn, up to 8 batches per worker.
        When the worker pool breaks before it has returned anything (workers that cannot
        start), the work goes on in this process, with a warning.
        """
        workers = worker_count(self.settings)
        if workers <= 1:
            for batch in batches:
                yield process_batch(batch, self.settings)
            return
        self._served = False
        with process_pool(workers, _init_worker, (self.settings,)) as pool:

            def submit(batch: Sequence[Article]) -> Future[list[Processed]]:
                return pool.submit(_work, batch)

            done = in_order(submit, batches, running=2 * workers, most=8 * workers)
            for batch, future in done:
                result = self._result(batch, future)
                if result is None:  # the pool never worked: everything still pending is done here
                    yield process_batch(batch, self.settings)
                    for rest, _ in done:
                        yield process_batch(rest, self.settings)
                    return
                yield result

    def _result(self, batch: Sequence[Article], future: Future[list[Processed]]) -> list[Processed] | None:
        try:
            result = future.result()
        except BrokenProcessPool as exc:
            if not self._served:
                warnings.warn(
                    f"the worker processes could not start ({exc}); going on in this process",
                    RuntimeWarning,
                    stacklevel=2,
                )
                return None
            why = f"worker process failed: {type(exc).__name__}: {exc}"
            return [_failed(a, why, "rerun with fewer --workers; stored articles are kept") for a in batch]
        except Exception as exc:  # a crash in native code, an unpicklable result
            why = f"worker process failed: {type(exc).__name__}: {exc}"
            return [_failed(a, why, "rerun with fewer --workers; stored articles are kept") for a in batch]
        self._served = True
        return result
