"""Killed at any point, an ingest heals: the re-run's store equals a clean run's, record for record.

An ingest subprocess is stopped (SIGKILL, SIGTERM or SIGINT, with 1 and 2 workers) once a seeded
random number of articles is stored; the same command is run again; the export, stories included,
must equal the export of a run that was never interrupted. Also: two writers at once and readers
during a write lose and duplicate nothing.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import write

pytestmark = [pytest.mark.model, pytest.mark.slow]

N = 60


def _corpus(folder: Path) -> Path:
    places = ["Geneva", "Doha", "Istanbul", "Nairobi", "Oslo"]
    lines = []
    for i in range(N):
        place = places[i % len(places)]
        lines.append(
            {
                "id": f"k-{i}",
                "published": f"2025-03-{1 + i % 28:02d}",
                "outlet": f"Desk {i % 4}",
                "text": f"Envoys from Armenia and Azerbaijan met in {place} on Monday for round {i % 7}. "
                "Both sides agreed to exchange prisoners before the next round, officials said. "
                f"Foreign Minister Ararat Mirzoyan said the talks in {place} had been useful.",
            }
        )
    return write(folder / "rounds.jsonl", "".join(json.dumps(x) + "\n" for x in lines))


def _ingest(src: Path, db: Path, workers: int) -> subprocess.Popen[str]:
    env = {**os.environ, "DETENTE_CHUNK_SIZE": "4", "DETENTE_WORKERS": str(workers), "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "detente", "ingest", str(src), "--db", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )


def _export(db: Path) -> list[str]:
    out = subprocess.run(
        [sys.executable, "-m", "detente", "export", "--db", str(db)],
        capture_output=True,
        text=True,
        check=True,
    )
    return sorted(out.stdout.splitlines())


def _stored(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as con:
            return int(con.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
    except sqlite3.Error:
        return 0


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    folder = tmp_path_factory.mktemp("clean")
    src = _corpus(folder)
    proc = _ingest(src, folder / "clean.db", 1)
    assert proc.wait(timeout=300) == 0, proc.stderr.read() if proc.stderr else ""
    return src, _export(folder / "clean.db")


@pytest.mark.parametrize(
    ("sig", "workers", "seed"),
    [(signal.SIGKILL, 1, 1), (signal.SIGKILL, 2, 2), (signal.SIGTERM, 2, 3), (signal.SIGINT, 1, 4)],
)
def test_a_killed_ingest_then_a_rerun_equals_a_clean_run(
    clean: tuple[Path, list[str]], tmp_path: Path, sig: int, workers: int, seed: int
) -> None:
    src, expected = clean
    db = tmp_path / "s.db"
    stop_at = random.Random(seed).randrange(4, N - 8)
    proc = _ingest(src, db, workers)
    deadline = time.monotonic() + 240
    while proc.poll() is None and time.monotonic() < deadline and _stored(db) < stop_at:
        time.sleep(0.05)
    if proc.poll() is None:
        proc.send_signal(sig)
    proc.wait(timeout=120)
    rerun = _ingest(src, db, workers)
    assert rerun.wait(timeout=300) == 0, rerun.stderr.read() if rerun.stderr else ""
    assert _export(db) == expected
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT COUNT(*) FROM pending_story_keys").fetchone()[0] == 0
        assert con.execute("SELECT COUNT(*) FROM runs WHERE status = 'running'").fetchone()[0] == 0


def test_two_writers_and_a_reader_at_once_lose_and_duplicate_nothing(
    clean: tuple[Path, list[str]], tmp_path: Path
) -> None:
    src, expected = clean
    db = tmp_path / "s.db"
    first, second = _ingest(src, db, 1), _ingest(src, db, 1)
    seen = []
    while first.poll() is None or second.poll() is None:
        seen.append(_stored(db))  # a reader during the writes never fails and never sees a count go down
        time.sleep(0.1)
    assert first.returncode == 0 and second.returncode == 0
    assert seen == sorted(seen)
    assert _export(db) == expected
