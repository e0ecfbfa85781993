"""The Dask engine: `process_batch` mapped over a `dask.distributed` cluster, results in order.

`--engine dask --scheduler tcp://host:8786` uses a running cluster (started by hand, by
dask-jobqueue on Slurm/PBS, or by dask-kubernetes; see docs/scale.md); without a scheduler a
LocalCluster of `workers` processes (one thread each) is started here and closed at the end.
Every worker loads the spaCy pipeline and the knowledge files once, when it joins (a worker
plugin), so a batch costs its parsing only. At most `2 × worker threads` batches are in
flight, and results come back in input order to this process, the store's one writer; with
`--parquet-out` the workers write each batch as a Parquet partition and send back only its
counts and failures.

Needs the `dask` extra (`pip install 'detente[dask]'`); nothing of Dask is imported until
the engine runs.
"""

from __future__ import annotations

import hashlib
import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack
from typing import TYPE_CHECKING, Any, TypeVar, cast

from detente.config import Settings
from detente.engines.local import Processed, _failed, _main_not_rerun, process_batch, worker_count
from detente.engines.parquet import Job, Part, write_job
from detente.errors import ConfigError, ExtraMissing
from detente.records import Article

if TYPE_CHECKING:
    from distributed import Client, Future

T = TypeVar("T")

CONNECT_TIMEOUT = "20s"


def _distributed() -> Any:
    try:
        import distributed
    except ImportError as exc:
        raise ExtraMissing("--engine dask", "dask", "distributed") from exc
    return distributed


def _load_model(settings: Settings) -> None:
    # An empty batch goes through the same loads as a real one (pipeline, knowledge), so the
    # worker caches exactly what `process_batch` will look up, whatever its signature.
    process_batch([], settings)


def model_plugin(settings: Settings) -> Any:
    """A WorkerPlugin that loads the model and knowledge of `settings` once per worker, on joining.

    Its name depends on the settings, so registering it again (a second run on the same
    cluster) replaces it instead of loading twice, and other settings load their own model.
    """
    from distributed.diagnostics.plugin import WorkerPlugin

    class DetenteModel(WorkerPlugin):
        name = "detente-model-" + hashlib.sha256(repr(settings).encode()).hexdigest()[:12]

        def __init__(self, settings: Settings) -> None:
            self.settings = settings

        def setup(self, worker: Any) -> None:
            _load_model(self.settings)

    return DetenteModel(settings)


class DaskEngine:
    """Maps `process_batch` over batches on a Dask cluster, in order, a bounded number at a time."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def map(self, batches: Iterable[Sequence[Article]]) -> Iterator[list[Processed]]:
        """Results for each batch, in input order, while reading `batches` lazily."""
        settings = self.settings

        def submit(client: Client, batch: Sequence[Article]) -> Future[Any]:
            return client.submit(process_batch, list(batch), settings, pure=False)

        def failed(batch: Sequence[Article], exc: BaseException) -> list[Processed]:
            why = f"Dask worker failed: {type(exc).__name__}: {exc}"
            return [_failed(a, why, "check the workers' logs; rerun to retry these articles") for a in batch]

        yield from self._run(batches, submit, failed)

    def write(self, jobs: Iterable[Job], folder: str, extractor: str) -> Iterator[Part]:
        """Extract each job on a worker, which writes it as a partition in `folder`; yields the parts."""
        settings = self.settings

        def submit(client: Client, job: Job) -> Future[Any]:
            return client.submit(write_job, job, settings, folder, extractor, pure=False)

        def failed(job: Job, exc: BaseException) -> Part:
            why = f"Dask worker failed: {type(exc).__name__}: {exc}"
            fix = "check the workers' logs and that the folder is writable from every worker; rerun"
            return Part("", 0, 0, tuple(f for a in job.articles if (f := _failed(a, why, fix).failure)))

        yield from self._run(jobs, submit, failed)

    def _run(
        self,
        items: Iterable[Any],
        submit: Callable[[Client, Any], Future[Any]],
        failed: Callable[[Any, BaseException], T],
    ) -> Iterator[T]:
        with ExitStack() as stack:
            client = self._connect(stack)
            window: deque[tuple[Any, Future[Any]]] = deque()
            limit = 2 * _threads(client)
            for item in items:
                window.append((item, submit(client, item)))
                if len(window) >= limit:
                    yield self._result(*window.popleft(), failed)
            while window:
                yield self._result(*window.popleft(), failed)

    @staticmethod
    def _result(item: Any, future: Future[Any], failed: Callable[[Any, BaseException], T]) -> T:
        try:
            result: T = future.result()
        except Exception as exc:  # the task raised, or its worker died (KilledWorker)
            return failed(item, exc)
        return result

    def _connect(self, stack: ExitStack) -> Client:
        distributed = _distributed()
        settings = self.settings
        if settings.scheduler:
            try:
                client = stack.enter_context(distributed.Client(settings.scheduler, timeout=CONNECT_TIMEOUT))
            except (OSError, TimeoutError) as exc:
                raise ConfigError(
                    f"cannot reach the Dask scheduler at {settings.scheduler} ({exc})",
                    fix="start it (dask scheduler, or your dask-jobqueue/dask-kubernetes cluster) or check --scheduler",
                ) from exc
        else:
            # Spawned workers must not re-run the caller's script; they only need this package.
            stack.enter_context(_main_not_rerun())
            cluster = stack.enter_context(
                distributed.LocalCluster(
                    n_workers=worker_count(settings),
                    processes=True,
                    threads_per_worker=1,
                    dashboard_address=":0",  # no fixed port: runs side by side never collide
                    silence_logs=logging.CRITICAL,  # a closing worker's lost heartbeat is not news; task errors come back with their results
                )
            )
            client = stack.enter_context(distributed.Client(cluster))
        client.register_plugin(model_plugin(settings))
        return cast("Client", client)


def _threads(client: Client) -> int:
    """The worker threads of the cluster now (at least 1: a cluster may still be scaling up)."""
    return max(1, sum(client.nthreads().values()))  # type: ignore[no-untyped-call]
