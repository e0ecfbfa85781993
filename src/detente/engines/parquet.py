"""Facts as Parquet partitions: workers write them (`--parquet-out DIR`), `detente load DIR` stores them.

A cluster's workers can write what they extract straight to a shared folder instead of
sending it back to the one process that writes the store; the store is then filled in one
pass by `load`. Each batch becomes one file `part-<run>-<batch>.parquet`, written under a
temporary name and renamed when complete, so a killed worker never leaves half a partition
that `load` would read. One row per article:

| column | holds |
|---|---|
| `id` | the article id (null on a row that is only a read failure) |
| `source`, `line` | where the article was read from |
| `extractor` | the extractor version that made the facts |
| `failed` | true when extraction failed (the article is kept and retried by a later ingest) |
| `failure` | the Failure as a contract JSON object, or null |
| `article` | the Article as a contract JSON object |
| `actors` … `positions` | a JSON array of that kind's contract objects |

`load` is idempotent: an article already stored with the same text, extractor version and
failed flag is counted unchanged and its facts are not written again; failures are stored
once per (source, line, reason).
"""

from __future__ import annotations

import json
import os
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from detente.config import Settings
from detente.engines.local import LocalEngine, Processed, process_batch
from detente.errors import ConfigError, ExtraMissing
from detente.ingest import Read, read_inputs
from detente.records import (
    Actor,
    Article,
    ArticleFacts,
    Event,
    Failure,
    Mention,
    Position,
    Quote,
    Record,
    Role,
    RunSummary,
)
from detente.store.base import Incoming, Store

if TYPE_CHECKING:
    from detente.pipeline import _Run

KINDS: tuple[tuple[str, type[Record]], ...] = (
    ("actors", Actor),
    ("mentions", Mention),
    ("events", Event),
    ("roles", Role),
    ("quotes", Quote),
    ("positions", Position),
)
COLUMNS = ("id", "source", "line", "extractor", "failed", "failure", "article", *(k for k, _ in KINDS))
PATTERN = "part-*.parquet"

Where = tuple[str | None, int | None]


@dataclass(frozen=True, slots=True)
class Row:
    """One partition row read back: an article's facts with where it came from, or a lone failure."""

    facts: ArticleFacts | None
    source: str | None = None
    line: int | None = None
    extractor: str | None = None
    failed: bool = False
    failure: Failure | None = None


@dataclass(frozen=True, slots=True)
class Job:
    """One batch to extract and write: the partition's file name, the articles, where each was read."""

    name: str
    articles: tuple[Article, ...]
    sources: tuple[Where, ...]


@dataclass(frozen=True, slots=True)
class Part:
    """What writing one partition produced (small: this is what a worker sends back)."""

    path: str
    articles: int
    words: int
    failures: tuple[Failure, ...] = ()


@dataclass(frozen=True, slots=True)
class Written:
    """What `extract_to_parquet` did: partitions and articles written, failures, time."""

    folder: str
    partitions: int
    articles: int
    failed: int
    words: int
    seconds: float
    failures: tuple[Failure, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        """True when every input was read and extracted."""
        return self.failed == 0


def _pyarrow() -> tuple[Any, Any]:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise ExtraMissing("Parquet partitions", "dask", "pyarrow") from exc
    return pa, pq


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _row(
    facts: ArticleFacts | None, where: Where, extractor: str | None, failure: Failure | None
) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": facts.article.id if facts else None,
        "source": where[0],
        "line": where[1],
        "extractor": extractor,
        "failed": failure is not None and facts is not None,
        "failure": _dumps(failure.to_record()) if failure else None,
        "article": _dumps(facts.article.to_record()) if facts else None,
    }
    for name, _ in KINDS:
        records = getattr(facts, name) if facts else ()
        row[name] = _dumps([r.to_record() for r in records])
    return row


def write_rows(folder: str | Path, name: str, rows: Sequence[dict[str, Any]]) -> str:
    """Write `rows` (see `_row`) as `folder/name`, atomically; returns the path."""
    pa, pq = _pyarrow()
    schema = pa.schema(
        [
            ("id", pa.string()),
            ("source", pa.string()),
            ("line", pa.int64()),
            ("extractor", pa.string()),
            ("failed", pa.bool_()),
            ("failure", pa.string()),
            ("article", pa.string()),
            *((k, pa.string()) for k, _ in KINDS),
        ]
    )
    table = pa.Table.from_pylist(list(rows), schema=schema)
    path = Path(folder) / name
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    pq.write_table(table, tmp, compression="zstd")
    os.replace(tmp, path)  # readers see a whole partition or none
    return str(path)


def write_partition(
    folder: str | Path,
    name: str,
    results: Sequence[Processed],
    sources: Sequence[Where],
    extractor: str,
) -> Part:
    """One batch's results (`sources[i]` is where `results[i]`'s article was read) as one partition."""
    rows = [_row(p.facts, where, extractor, p.failure) for p, where in zip(results, sources, strict=True)]
    path = write_rows(folder, name, rows)
    words = sum(len(p.facts.article.text.split()) for p in results)
    failures = tuple(p.failure for p in results if p.failure is not None)
    return Part(path, len(results), words, failures)


def _read_row(raw: dict[str, Any]) -> Row:
    failure = Failure.from_record(json.loads(raw["failure"])) if raw["failure"] else None
    if raw["article"] is None:
        return Row(None, raw["source"], raw["line"], failure=failure)
    kinds: dict[str, Any] = {
        name: tuple(cls.from_record(r) for r in json.loads(raw[name] or "[]")) for name, cls in KINDS
    }
    facts = ArticleFacts(article=Article.from_record(json.loads(raw["article"])), **kinds)
    return Row(facts, raw["source"], raw["line"], raw["extractor"], bool(raw["failed"]), failure)


def partitions(folder: str | Path) -> list[Path]:
    """The complete partitions in `folder`, in the order they were written (by name)."""
    path = Path(folder)
    if not path.is_dir():
        raise ConfigError(f"{path} is not a folder", fix="give the folder that --parquet-out wrote")
    return sorted(path.glob(PATTERN))


def read_partition(path: str | Path) -> list[Row]:
    """The rows of one partition, as records."""
    _, pq = _pyarrow()
    try:
        table = pq.read_table(path, columns=list(COLUMNS))
    except Exception as exc:  # pyarrow raises its own types for a damaged or foreign file
        raise ConfigError(
            f"{path}: not a detente partition ({exc})", fix="remove the file or rerun the ingest"
        ) from exc
    return [_read_row(raw) for raw in table.to_pylist()]


def load(
    folder: str | Path,
    store: Store,
    settings: Settings,
    *,
    on_progress: Callable[[int, int], None] | None = None,
    on_failure: Callable[[Failure], None] | None = None,
) -> RunSummary:
    """Store every partition in `folder` through `store.save`, one transaction per partition.

    Then the story events of what changed are rebuilt, as after an ingest. Loading the same
    folder twice changes nothing the second time.
    """
    from detente.pipeline import _Run  # the ingest's own bookkeeping: run row, tally, stories

    parts = partitions(folder)
    if not parts:
        raise ConfigError(
            f"{folder} holds no {PATTERN} files", fix="give the folder that --parquet-out wrote"
        )
    run = _Run(store, settings, f"load {folder}", on_progress, on_failure, keep_failures=1000)

    def work() -> None:
        for path in parts:
            _load_one(run, read_partition(path))

    return run.finish(work)


def _load_one(run: _Run, rows: list[Row]) -> None:
    store = run.store
    latest = {r.facts.article.id: r for r in rows if r.facts is not None}  # the last copy of an id wins
    states = store.article_states(list(latest))
    incoming = []
    for r in latest.values():
        assert r.facts is not None
        state = states.get(r.facts.article.id)
        same = (
            state is not None
            and state.text_sha256 == r.facts.article.text_sha256
            and state.extractor == r.extractor
            and state.failed == r.failed
        )
        if same:  # stored just so: seen again, nothing rewritten
            incoming.append(Incoming(ArticleFacts(r.facts.article), r.source, r.line))
        else:
            incoming.append(Incoming(r.facts, r.source, r.line, extractor=r.extractor, failed=r.failed))
        run.tally.words += len(r.facts.article.text.split())
    for outcome in store.save(incoming, run.run_id):
        run.tally.count(outcome)
    for r in rows:
        if r.failure is not None:
            run.fail(r.failure)
    run.tally.done += len(latest)
    run.progress()


def run_token() -> str:
    """A name part unique to one run (time, then random), so runs into one folder never collide."""
    return f"{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:8]}"


def write_failures(folder: str | Path, token: str, failures: Iterable[Failure]) -> str | None:
    """Read failures (no article) as their own partition; None when there are none."""
    rows = [_row(None, (f.source, f.line), None, f) for f in failures]
    return write_rows(folder, f"part-{token}-failures.parquet", rows) if rows else None


def write_job(job: Job, settings: Settings, folder: str, extractor: str) -> Part:
    """Extract one job's articles (in this process) and write them as its partition."""
    return write_partition(folder, job.name, process_batch(job.articles, settings), job.sources, extractor)


def _write_locally(jobs: Iterable[Job], settings: Settings, folder: str, extractor: str) -> Iterator[Part]:
    # The local engine sends results back to this process, which writes each partition.
    pending: deque[Job] = deque()

    def batches() -> Iterator[tuple[Article, ...]]:
        for job in jobs:
            pending.append(job)
            yield job.articles

    for results in LocalEngine(settings).map(batches()):
        job = pending.popleft()
        yield write_partition(folder, job.name, results, job.sources, extractor)


def extract_to_parquet(
    specs: Iterable[str],
    settings: Settings,
    folder: str | Path,
    *,
    published: str | None = None,
    fetch: bool = False,
    on_progress: Callable[[int, int], None] | None = None,
    on_failure: Callable[[Failure], None] | None = None,
) -> Written:
    """Read `specs` and write their facts as partitions in `folder`; the store is not touched.

    With `settings.engine == "dask"` the workers write the partitions themselves (`folder`
    must then be reachable from every worker, at the same path); with the local engine this
    process writes them. Read failures go in a partition of their own, so `load` records them.
    """
    from detente.extract.version import extractor_version

    began = time.perf_counter()
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    token = run_token()
    version = extractor_version(settings.model, tuple(settings.knowledge))
    read_failures: list[Failure] = []

    def jobs() -> Iterator[Job]:
        buf: dict[str, Read] = {}  # the last copy of an id within a batch wins, as in ingest
        seq = 0
        for item in _reads(specs, settings, published, fetch):
            if isinstance(item, Failure):
                read_failures.append(item)
                if on_failure:
                    on_failure(item)
                continue
            buf[item.article.id] = item
            if len(buf) >= settings.chunk_size:
                seq += 1
                yield _job(token, seq, buf.values())
                buf = {}
        if buf:
            yield _job(token, seq + 1, buf.values())

    if settings.engine == "dask":
        from detente.engines.dask import DaskEngine

        parts: Iterable[Part] = DaskEngine(settings).write(jobs(), str(out.resolve()), version)
    else:
        parts = _write_locally(jobs(), settings, str(out), version)
    done = words = written = 0
    failures: list[Failure] = []
    for part in parts:
        written += 1
        done += part.articles
        words += part.words
        for f in part.failures:
            failures.append(f)
            if on_failure:
                on_failure(f)
        if on_progress:
            on_progress(done, words)
    if write_failures(out, token, read_failures):
        written += 1
    failures = read_failures + failures
    return Written(
        str(out), written, done, len(failures), words, time.perf_counter() - began, tuple(failures[:1000])
    )


def _reads(
    specs: Iterable[str], settings: Settings, published: str | None, fetch: bool
) -> Iterator[Read | Failure]:
    """The inputs read as the ingest reads them: in reader processes when workers parse."""
    from detente.engines.readers import read_parallel, reader_count
    from detente.pipeline import parallel_reading

    if parallel_reading(settings):
        return read_parallel(specs, settings, reader_count(settings.workers), published, fetch)
    return read_inputs(specs, settings, published=published, fetch=fetch)


def _job(token: str, seq: int, reads: Iterable[Read]) -> Job:
    items = list(reads)
    return Job(
        f"part-{token}-{seq:06d}.parquet",
        tuple(r.article for r in items),
        tuple((r.source, r.line) for r in items),
    )
