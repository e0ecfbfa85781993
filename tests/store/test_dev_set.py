"""The dev set through the real model into PostgreSQL stores exactly the records of SQLite, and
a second ingest into PostgreSQL changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from detente.config import load_settings
from detente.pipeline import ingest
from detente.records import RECORD_KINDS
from detente.store import open_store
from tests.conftest import SHARED

DEV = SHARED / "eval" / "dev.jsonl"
pytestmark = [
    pytest.mark.model,
    pytest.mark.skipif(not DEV.is_file(), reason="the dev set (../shared/eval/dev.jsonl) is not here"),
]


def records(db: str) -> dict[str, list[str]]:
    """Every stored record of every kind, as sorted JSON lines."""
    with open_store(db, read_only=True) as store:
        return {
            kind: sorted(json.dumps(r.to_record(), sort_keys=True) for r in store.iter_records(kind))
            for kind in RECORD_KINDS
        }


def test_postgres_stores_the_records_of_sqlite_and_a_second_ingest_changes_nothing(
    pg_url: str, tmp_path: Path
) -> None:
    stored = {}
    for db in (str(tmp_path / "dev.db"), pg_url):
        with open_store(db) as store:
            summary = ingest([str(DEV)], store, load_settings(db=db, workers=1))
        assert (summary.added, summary.failed) == (56, 0)
        stored[db] = records(db)
    sqlite_records, pg_records = stored.values()
    assert {k: len(v) for k, v in pg_records.items()} == {k: len(v) for k, v in sqlite_records.items()}
    assert pg_records == sqlite_records
    with open_store(pg_url) as store:
        before = store.counts()
        again = ingest([str(DEV)], store, load_settings(db=pg_url, workers=1))
        after = store.counts()
    assert (again.added, again.replaced, again.reextracted, again.unchanged) == (0, 0, 0, 56)
    assert {**after, "runs": 0} == {**before, "runs": 0} and after["runs"] == before["runs"] + 1
    assert records(pg_url) == pg_records
