"""The Dask engine: the same records as the local engine, in order, bounded, with clear errors.

The model tests run the 56 dev articles (read from ../shared/eval, never copied) on a
LocalCluster of 2 processes: once through the ingest runner, once through the CLI with
`--scheduler`, `--parquet-out` and `load`, and compare every stored record with a local run.
"""

from __future__ import annotations

import json
import socket
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from typer.testing import CliRunner

from detente.cli import app
from detente.config import Settings, load_settings
from detente.engines import Processed, engine_for
from detente.errors import ConfigError, ExtraMissing
from detente.ingest.normalize import Draft, finish
from detente.pipeline import ingest
from detente.records import RECORD_KINDS, Article, ArticleFacts
from detente.store import SQLiteStore
from tests.conftest import SHARED

distributed = pytest.importorskip("distributed")
from detente.engines import dask as dask_engine  # noqa: E402  (needs the extra)

DEV = SHARED / "eval" / "dev.jsonl"
runner = CliRunner()


def art(i: int) -> Article:
    return finish(Draft(source="t", text=f"Report number {i} from the border.", id=f"n{i}"))


def _flaky(articles: Sequence[Article], settings: Settings) -> list[Processed]:
    # Stands in for process_batch on the workers (threads of this process): batch "n3" breaks.
    if any(a.id == "n3" for a in articles):
        raise RuntimeError("parser crashed")
    return [Processed(ArticleFacts(a)) for a in articles]


@pytest.fixture
def threads_cluster(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setattr(dask_engine, "process_batch", _flaky)
    monkeypatch.setattr(dask_engine, "_load_model", lambda settings: None)
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=":0"
    ) as cluster:
        yield cluster.scheduler_address


def test_results_come_in_input_order_with_a_bounded_window_and_failures_per_article(
    threads_cluster: str, tmp_path: Path
) -> None:
    settings = load_settings(db=str(tmp_path / "x.db"), engine="dask", scheduler=threads_cluster)
    pulled = []

    def batches() -> Iterator[list[Article]]:
        for i in range(8):
            pulled.append(i)
            yield [art(i)]

    results = engine_for(settings).map(batches())
    first = next(results)
    assert len(pulled) <= 2  # one worker thread: at most 2 batches in flight
    rest = list(results)
    got = [first, *rest]
    assert [r[0].facts.article.id for r in got] == [f"n{i}" for i in range(8)]
    broken = got[3][0].failure
    assert broken is not None and "parser crashed" in broken.reason and broken.source == "article:n3"
    assert all(r[0].failure is None for i, r in enumerate(got) if i != 3)


def test_a_missing_extra_says_the_install_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    settings = load_settings(db=str(tmp_path / "x.db"), engine="dask")
    with pytest.raises(ExtraMissing) as caught:
        next(engine_for(settings).map([[art(1)]]))
    assert caught.value.fix == "pip install 'detente[dask]'"


def test_an_unknown_engine_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="unknown engine 'spark'; valid: local, dask"):
        load_settings(db=str(tmp_path / "x.db"), engine="spark")


def test_an_unreachable_scheduler_is_a_config_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setattr(dask_engine, "CONNECT_TIMEOUT", "1s")
    settings = load_settings(db=str(tmp_path / "x.db"), engine="dask", scheduler=f"tcp://127.0.0.1:{port}")
    with pytest.raises(ConfigError, match="cannot reach the Dask scheduler"):
        next(engine_for(settings).map([[art(1)]]))


# -- the real model on the dev set --------------------------------------------------------------
def records(db: Path) -> dict[str, list[str]]:
    """Every stored record of every kind, as sorted JSON lines."""
    with SQLiteStore(db) as store:
        return {
            kind: sorted(json.dumps(r.to_record(), sort_keys=True) for r in store.iter_records(kind))
            for kind in RECORD_KINDS
        }


@pytest.fixture(scope="module")
def local_records(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    if not DEV.is_file():
        pytest.skip("the dev set (../shared/eval/dev.jsonl) is not here")
    db = tmp_path_factory.mktemp("local") / "local.db"
    settings = load_settings(db=str(db), workers=1)
    with SQLiteStore(db) as store:
        assert ingest([str(DEV)], store, settings).added == 56
    return records(db)


@pytest.mark.model
def test_dask_local_cluster_stores_the_records_of_the_local_engine(
    local_records: dict[str, list[str]], tmp_path: Path
) -> None:
    db = tmp_path / "dask.db"
    settings = load_settings(db=str(db), engine="dask", workers=2, force_workers=True)
    with SQLiteStore(db) as store:
        summary = ingest([str(DEV)], store, settings)
    assert (summary.added, summary.failed) == (56, 0)
    got = records(db)
    assert {k: len(v) for k, v in got.items()} == {k: len(v) for k, v in local_records.items()}
    assert got == local_records


@pytest.mark.model
def test_parquet_out_then_load_stores_the_same_records_and_loading_again_changes_nothing(
    local_records: dict[str, list[str]], tmp_path: Path
) -> None:
    parts, db = tmp_path / "parts", tmp_path / "loaded.db"
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as cluster:
        argv = ["ingest", str(DEV), "--engine", "dask", "--scheduler", cluster.scheduler_address]
        result = runner.invoke(app, [*argv, "--parquet-out", str(parts)])
    assert result.exit_code == 0, result.output
    assert not db.exists()  # the workers wrote partitions; no store was opened
    assert len(list(parts.glob("part-*.parquet"))) == 2  # 56 articles in batches of 32
    first = runner.invoke(app, ["load", str(parts), "--db", str(db)])
    assert first.exit_code == 0, first.output
    assert "56 added" in first.output
    loaded = records(db)
    assert loaded == local_records
    again = runner.invoke(app, ["load", str(parts), "--db", str(db)])
    assert again.exit_code == 0 and "0 added, 0 replaced, 0 re-extracted, 56 unchanged" in again.output
    assert records(db) == loaded
