"""The ingest runner: read inputs → skip what is current → parse and extract (engine) → store.

One article flows through once. Failures are recorded as they happen and never stop the
run; the store is written by this process alone, one transaction per batch. An article is
parsed again only when its text changed, when it was extracted by another extractor version
(a new release, rule, knowledge file or model), or when its extraction failed last time.

With worker processes (or the Dask engine), reading runs in reader processes
(`detente.engines.readers`) and parsing in the workers: this process lists the inputs,
checks what is current, hands out batches and writes. A batch closes at `batch_words` words
or `chunk_size` articles, so a long report is a small batch and no worker waits on another.
Results are written in input order whatever order they finish in: an actor stored first is
the one a later spelling joins, so the order of writing decides the stored records.

Stories are rebuilt from the store's own list of pending story keys, written in the same
transaction as the events: a run killed at any point leaves that list behind, and the next
run rebuilds what the killed one could not. Ctrl-C (or SIGTERM turned into it by the CLI)
rolls back the batch being written, records the run as interrupted and raises `Interrupted`
with what was stored.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

from detente.config import Settings
from detente.engines import engine_for
from detente.engines.local import usable_cores
from detente.extract.version import extractor_version
from detente.ingest import Read, read_inputs
from detente.records import Article, ArticleFacts, Failure, RunSummary
from detente.store.base import Incoming, Store

ProgressHook = Callable[[int, int], None]
FailureHook = Callable[[Failure], None]
Where = tuple[str | None, int | None]
T = TypeVar("T")


def words(text: str) -> int:
    """The words of a text, as the run counts them (whitespace-separated pieces)."""
    return len(text.split())


def word_batches(
    items: Iterable[T], size: Callable[[T], int], most_words: int, most: int
) -> Iterator[list[T]]:
    """`items` in order, in batches that close at `most_words` (by `size`) or `most` items.

    An item as large as the limit is a batch of its own; none is split or dropped.
    """
    batch: list[T] = []
    total = 0
    for item in items:
        batch.append(item)
        total += size(item)
        if total >= most_words or len(batch) >= most:
            yield batch
            batch, total = [], 0
    if batch:
        yield batch


def parallel_reading(settings: Settings) -> bool:
    """True when the run parses in other processes, so reading moves off this one too."""
    return (
        settings.engine == "dask"
        or min(settings.workers, usable_cores()) > 1
        or (settings.workers > 1 and settings.force_workers)
    )


class Interrupted(KeyboardInterrupt):
    """The run was stopped by the user; `summary` says what had been stored by then."""

    def __init__(self, summary: RunSummary) -> None:
        super().__init__("interrupted")
        self.summary = summary


@dataclass(slots=True)
class _Tally:
    added: int = 0
    replaced: int = 0
    reextracted: int = 0
    unchanged: int = 0
    failed: int = 0
    words: int = 0
    done: int = 0
    failures: list[Failure] = field(default_factory=list)

    def count(self, outcome: str) -> None:
        if outcome == "added":
            self.added += 1
        elif outcome == "replaced":
            self.replaced += 1
        elif outcome == "reextracted":
            self.reextracted += 1
        else:
            self.unchanged += 1


class _Run:
    """One run's bookkeeping: the run log row, the tally, failures, and the engine loop."""

    def __init__(
        self,
        store: Store,
        settings: Settings,
        command: str,
        on_progress: ProgressHook | None,
        on_failure: FailureHook | None,
        keep_failures: int,
    ) -> None:
        self.store, self.settings = store, settings
        self.version = extractor_version(settings.model, tuple(settings.knowledge))
        self.run_id = store.begin_run(command, self.version, settings.model)
        self.began = time.perf_counter()
        self.tally = _Tally()
        self.on_progress, self.on_failure, self.keep_failures = on_progress, on_failure, keep_failures

    def fail(self, failure: Failure) -> None:
        self.tally.failed += 1
        if len(self.tally.failures) < self.keep_failures:
            self.tally.failures.append(failure)
        self.store.record_failures([failure], self.run_id)
        if self.on_failure:
            self.on_failure(failure)

    def progress(self) -> None:
        if self.on_progress:
            self.on_progress(self.tally.done, self.tally.words)

    def extract_and_store(self, todo: Iterable[tuple[Article, Where]]) -> None:
        """Parse and extract `todo` (articles, where each was read) in word-sized batches, storing each."""
        wheres: deque[list[Where]] = deque()  # the batches handed out and not yet stored, in order

        def batches() -> Iterator[list[Article]]:
            s = self.settings
            for batch in word_batches(todo, lambda t: words(t[0].text), s.batch_words, s.chunk_size):
                wheres.append([w for _, w in batch])
                yield [a for a, _ in batch]

        for results in engine_for(self.settings).map(batches()):
            incoming = []
            for p, (source, line) in zip(results, wheres.popleft(), strict=True):
                failed = p.failure is not None
                incoming.append(Incoming(p.facts, source, line, extractor=self.version, failed=failed))
                self.tally.words += len(p.facts.article.text.split())
            for outcome in self.store.save(incoming, self.run_id):
                self.tally.count(outcome)
            for p in results:
                if p.failure is not None:
                    self.fail(p.failure)
            self.tally.done += len(results)
            self.progress()

    def summary(self) -> RunSummary:
        t = self.tally
        return RunSummary(
            run_id=self.run_id,
            added=t.added,
            replaced=t.replaced,
            unchanged=t.unchanged,
            failed=t.failed,
            words=t.words,
            seconds=time.perf_counter() - self.began,
            failures=tuple(t.failures),
            reextracted=t.reextracted,
        )

    def finish(self, work: Callable[[], None]) -> RunSummary:
        """Run `work`, then rebuild the pending stories and close the run log row."""
        try:
            work()
            # Story events of what this run (or a killed run before it) touched, and only those.
            self.store.update_stories(self.store.pending_story_keys())
        except KeyboardInterrupt as stop:
            summary = self.summary()
            self.store.finish_run(summary, status="interrupted")
            raise Interrupted(summary) from stop
        summary = self.summary()
        self.store.finish_run(summary)
        return summary


def ingest(
    specs: Iterable[str],
    store: Store,
    settings: Settings,
    *,
    published: str | None = None,
    fetch: bool = False,
    command: str = "ingest",
    on_progress: ProgressHook | None = None,
    on_failure: FailureHook | None = None,
    keep_failures: int = 1000,
    reads: Iterable[Read | Failure] | None = None,
) -> RunSummary:
    """Ingest files, folders, `-` and URLs into `store`; return what the run did.

    `reads`, when given, are articles already read (detente watch reads its feeds itself) and
    take the place of reading `specs`.

    Articles already stored with the same text and extracted by this extractor version are
    not parsed again. `on_progress` gets (articles done, words parsed); `on_failure` gets each
    failure as it is recorded. Ctrl-C raises `Interrupted` once the run is recorded.
    """
    run = _Run(store, settings, command, on_progress, on_failure, keep_failures)

    def todo() -> Iterator[tuple[Article, Where]]:
        buf: list[Read] = []
        if reads is not None:
            items = reads
        elif parallel_reading(settings):
            from detente.engines.readers import read_parallel, reader_count

            items = read_parallel(specs, settings, reader_count(settings.workers), published, fetch)
        else:
            items = read_inputs(specs, settings, published=published, fetch=fetch)
        for item in items:
            if isinstance(item, Failure):
                run.fail(item)
                continue
            buf.append(item)
            if len(buf) >= settings.chunk_size:
                yield from to_parse(buf)
                buf = []
        if buf:
            yield from to_parse(buf)

    def to_parse(buf: list[Read]) -> Iterator[tuple[Article, Where]]:
        unique = {r.article.id: r for r in buf}  # the last copy of an id within a batch wins
        states = store.article_states(list(unique))
        fresh: list[tuple[Article, Where]] = []
        for r in unique.values():
            state = states.get(r.article.id)
            current = state is not None and state.extractor == run.version and not state.failed
            if current and state is not None and state.text_sha256 == r.article.text_sha256:
                store.save([Incoming(ArticleFacts(r.article), r.source, r.line)], run.run_id)
                run.tally.unchanged += 1
                run.tally.done += 1
            else:
                fresh.append((r.article, (r.source, r.line)))
        run.tally.unchanged += len(buf) - len(unique)
        run.tally.done += len(buf) - len(unique)
        run.progress()
        yield from fresh

    return run.finish(lambda: run.extract_and_store(todo()))


def reextract(
    store: Store,
    settings: Settings,
    *,
    only_stale: bool = False,
    on_progress: ProgressHook | None = None,
    on_failure: FailureHook | None = None,
) -> RunSummary:
    """Extract every stored article again with the current extractor; nothing is read or fetched.

    With `only_stale`, only the articles made by another extractor version or whose extraction
    failed. Sources, dates and texts stay as stored; facts, actors and stories are replaced.
    """
    run = _Run(store, settings, "reextract", on_progress, on_failure, keep_failures=1000)

    def todo() -> Iterator[tuple[Article, Where]]:
        for stored in store.iter_articles(settings.chunk_size):
            if only_stale:
                states = store.article_states([a.id for a in stored])
                skip = {i for i, s in states.items() if s.extractor == run.version and not s.failed}
                run.tally.unchanged += len(skip)
                run.tally.done += len(skip)
                stored = [a for a in stored if a.id not in skip]
            yield from ((a, (None, None)) for a in stored)

    return run.finish(lambda: run.extract_and_store(todo()))
