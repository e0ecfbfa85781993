"""`detente reextract` and how an interrupted run ends (exit 130, the run recorded, nothing lost)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.cli.conftest import WIRE, cli, core_counts, exported, jsonl
from tests.conftest import write

pytestmark = pytest.mark.model


def test_reextract_redoes_every_article_and_changes_no_count(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    src = write(tmp_path / "wire.jsonl", jsonl(WIRE))
    assert cli("ingest", src, "--db", db).exit_code == 0
    before = sorted(json.dumps(r, sort_keys=True) for r in exported(db))
    counts = core_counts(db)
    stale = cli("reextract", "--stale", "--db", db)
    assert stale.exit_code == 0 and "0 re-extracted" not in stale.stderr
    assert "2 unchanged" in stale.stderr
    redo = cli("reextract", "--db", db)
    assert redo.exit_code == 0, redo.stderr
    assert "2 re-extracted" in redo.stderr
    assert core_counts(db) == counts
    assert sorted(json.dumps(r, sort_keys=True) for r in exported(db)) == before


def test_reextract_on_a_missing_store_creates_nothing(tmp_path: Path) -> None:
    db = tmp_path / "nowhere" / "s.db"
    result = cli("reextract", "--db", db)
    assert result.exit_code == 2 and "no store at" in result.stderr
    assert not db.parent.exists()


def _articles(folder: Path, n: int) -> Path:
    lines = [
        {"id": f"r-{i}", "published": f"2025-04-0{1 + i % 9}", "outlet": f"Desk {i % 3}",
         "text": f"Envoys from Armenia and Azerbaijan met in Tbilisi on Monday for round {i}. "
                 "Both sides agreed to exchange prisoners before the next round."}
        for i in range(n)
    ]  # fmt: skip
    return write(folder / "many.jsonl", jsonl(lines))


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_a_stopped_ingest_exits_130_records_the_run_and_the_rerun_finishes(tmp_path: Path, sig: int) -> None:
    db = tmp_path / "s.db"
    src = _articles(tmp_path, 400)
    env = {**os.environ, "DETENTE_CHUNK_SIZE": "4", "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "detente", "ingest", str(src), "--db", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:  # stop it once some batches are stored
        time.sleep(0.5)
        if db.exists():
            try:
                with sqlite3.connect(db, timeout=1) as con:
                    if con.execute("SELECT COUNT(*) FROM articles").fetchone()[0] >= 8:
                        break
            except sqlite3.Error:
                continue
    proc.send_signal(sig)
    _, stderr = proc.communicate(timeout=120)
    if proc.returncode == 0:
        pytest.skip("the ingest finished before the signal arrived")
    assert proc.returncode == 130, stderr
    assert "interrupted" in stderr
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT status FROM runs").fetchall() == [("interrupted",)]
    rerun = cli("ingest", src, "--db", db)
    assert rerun.exit_code == 0, rerun.stderr
    assert core_counts(db)["articles"] == 400
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT COUNT(*) FROM pending_story_keys").fetchone()[0] == 0
