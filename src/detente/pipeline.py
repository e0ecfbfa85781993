"""The ingest runner: read inputs → skip unchanged → parse and extract (engine) → store.

One article flows through once. Failures are recorded as they happen and never stop the
run; the store is written by this process alone, one transaction per batch.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from detente.config import Settings
from detente.engines.local import LocalEngine
from detente.extract import EXTRACTOR_VERSION
from detente.ingest import Read, read_inputs
from detente.records import Article, ArticleFacts, Failure, RunSummary
from detente.store.base import Incoming, Store

ProgressHook = Callable[[int, int], None]
FailureHook = Callable[[Failure], None]


@dataclass(slots=True)
class _Tally:
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    failed: int = 0
    words: int = 0
    done: int = 0
    failures: list[Failure] = field(default_factory=list)


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
) -> RunSummary:
    """Ingest files, folders, `-` and URLs into `store`; return what the run did.

    Articles already stored with the same text are not parsed again. `on_progress` gets
    (articles done, words parsed); `on_failure` gets each failure as it is recorded.
    """
    began = time.perf_counter()
    run_id = store.begin_run(command, EXTRACTOR_VERSION, settings.model)
    tally = _Tally()
    sources: dict[str, tuple[str, int | None]] = {}

    def fail(failure: Failure) -> None:
        tally.failed += 1
        if len(tally.failures) < keep_failures:
            tally.failures.append(failure)
        store.record_failures([failure], run_id)
        if on_failure:
            on_failure(failure)

    def batches() -> Iterator[list[Article]]:
        buf: list[Read] = []
        for item in read_inputs(specs, settings, published=published, fetch=fetch):
            if isinstance(item, Failure):
                fail(item)
                continue
            buf.append(item)
            if len(buf) >= settings.chunk_size:
                yield from _to_parse(buf)
                buf = []
        if buf:
            yield from _to_parse(buf)

    def _to_parse(buf: list[Read]) -> Iterator[list[Article]]:
        unique = {r.article.id: r for r in buf}  # the last copy of an id within a batch wins
        stored = store.article_hashes(list(unique))
        todo: list[Article] = []
        for r in unique.values():
            if stored.get(r.article.id) == r.article.text_sha256:
                store.save([Incoming(ArticleFacts(r.article), r.source, r.line)], run_id)
                tally.unchanged += 1
                tally.done += 1
            else:
                sources[r.article.id] = (r.source, r.line)
                todo.append(r.article)
        tally.unchanged += len(buf) - len(unique)
        tally.done += len(buf) - len(unique)
        if on_progress:
            on_progress(tally.done, tally.words)
        if todo:
            yield todo

    for results in LocalEngine(settings).map(batches()):
        incoming = []
        for p in results:
            source, line = sources.pop(p.facts.article.id, (None, None))
            incoming.append(Incoming(p.facts, source, line))
            tally.words += len(p.facts.article.text.split())
        for outcome in store.save(incoming, run_id):
            if outcome == "added":
                tally.added += 1
            elif outcome == "replaced":
                tally.replaced += 1
            else:
                tally.unchanged += 1
        for p in results:
            if p.failure is not None:
                fail(p.failure)
        tally.done += len(results)
        if on_progress:
            on_progress(tally.done, tally.words)

    # Story events of what this run touched, and only those: the rest of the store stays as it was.
    store.update_stories(store.touched_story_keys())
    summary = RunSummary(
        run_id=run_id,
        added=tally.added,
        replaced=tally.replaced,
        unchanged=tally.unchanged,
        failed=tally.failed,
        words=tally.words,
        seconds=time.perf_counter() - began,
        failures=tuple(tally.failures),
    )
    store.finish_run(summary)
    return summary
