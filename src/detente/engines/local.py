"""The local engine: `process_batch` in this process or in worker processes, streamed in order.

Each worker process loads the spaCy pipeline and the knowledge files once (its
initializer), parses with `nlp.pipe` and extracts there, and sends back only the small
records; the main process stays the store's one writer. At most `2 × workers` batches are
in flight, so memory stays flat however long the input is.
"""

from __future__ import annotations

import multiprocessing
import traceback
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass

from detente.config import Settings
from detente.extract import extract
from detente.ingest import now
from detente.lexicon.actors import load_knowledge
from detente.nlp import load_pipeline, parse
from detente.records import Article, ArticleFacts, Failure


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
    nlp = load_pipeline(settings.model)
    kb = load_knowledge(settings.knowledge)
    out: list[Processed] = []
    for article, doc in zip(
        articles, parse(nlp, (a.text for a in articles), settings.batch_size), strict=True
    ):
        try:
            out.append(Processed(extract(doc, article, kb, nlp, settings.knowledge)))
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


def _init_worker(settings: Settings) -> None:
    global _SETTINGS
    _SETTINGS = settings
    load_pipeline(settings.model)
    load_knowledge(settings.knowledge)


def _work(articles: Sequence[Article]) -> list[Processed]:
    assert _SETTINGS is not None, "worker used before its initializer ran"
    return process_batch(articles, _SETTINGS)


class LocalEngine:
    """Maps `process_batch` over batches, in order, with `settings.workers` processes."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def map(self, batches: Iterable[Sequence[Article]]) -> Iterator[list[Processed]]:
        """Results for each batch, in input order, while reading `batches` lazily."""
        if self.settings.workers <= 1:
            for batch in batches:
                yield process_batch(batch, self.settings)
            return
        method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
        with ProcessPoolExecutor(
            max_workers=self.settings.workers,
            mp_context=multiprocessing.get_context(method),
            initializer=_init_worker,
            initargs=(self.settings,),
        ) as pool:
            window: deque[tuple[Sequence[Article], Future[list[Processed]]]] = deque()
            for batch in batches:
                window.append((batch, pool.submit(_work, batch)))
                if len(window) >= 2 * self.settings.workers:
                    yield self._result(*window.popleft())
            while window:
                yield self._result(*window.popleft())

    @staticmethod
    def _result(batch: Sequence[Article], future: Future[list[Processed]]) -> list[Processed]:
        try:
            return future.result()
        except Exception as exc:  # a dead worker (out of memory, a crash in native code)
            why = f"worker process failed: {type(exc).__name__}: {exc}"
            return [_failed(a, why, "rerun with fewer --workers; stored articles are kept") for a in batch]
