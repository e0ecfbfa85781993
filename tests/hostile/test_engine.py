"""Workers: capped at the cores, gone when their parent is killed; long sentences; the README example."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from detente.config import load_settings
from detente.engines.local import process_batch, usable_cores, worker_count
from detente.ingest.normalize import Draft, finish
from tests.conftest import write
from tests.hostile.conftest import bounded

ROOT = Path(__file__).resolve().parents[2]


def test_workers_are_capped_at_the_usable_cores() -> None:
    many = load_settings(workers=1000)
    with pytest.warns(RuntimeWarning, match="usable cores"):
        assert worker_count(many) == usable_cores()
    assert worker_count(many.replace(force_workers=True)) == 1000
    assert worker_count(load_settings(workers=1)) == 1


def _marked(marker: str) -> set[int]:
    """Live (not zombie) processes whose environment carries `marker`."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if marker.encode() not in (entry / "environ").read_bytes():
                continue
            state = re.search(r"State:\s+(\w)", (entry / "status").read_text())
        except OSError:
            continue
        if state and state[1] not in "ZX":
            found.add(int(entry.name))
    return found


PARENT = """
import sys
from detente.config import load_settings
from detente.engines.local import LocalEngine
from detente.ingest.normalize import Draft, finish

batches = ([finish(Draft(source=str(n), text=f"Envoys met in Geneva on day {n}."))] for n in range(8))
for done in LocalEngine(load_settings(workers=2, force_workers=True)).map(batches):
    print("ready", flush=True)
    # Blocks here, with the pool open, until the test kills this process. (Blocking inside the
    # batch generator instead raced: workers that finish batches out of order make the engine
    # read ahead before it hands out the first result.)
    sys.stdin.read()
"""


@pytest.mark.slow
@pytest.mark.model
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_die_with_a_killed_parent(tmp_path: Path) -> None:
    mark = uuid.uuid4().hex
    marker = f"DETENTE_HOSTILE_MARK={mark}"
    env = {**os.environ, "DETENTE_HOSTILE_MARK": mark}
    script = write(tmp_path / "parent.py", PARENT)
    parent = subprocess.Popen(
        [sys.executable, str(script)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env
    )
    try:
        assert parent.stdout is not None
        ready = bounded(120, parent.stdout.readline)
        assert ready.strip() == "ready"
        started = _marked(marker) - {parent.pid}
        assert len(started) >= 3  # the forkserver and two workers
        parent.send_signal(signal.SIGKILL)
        parent.wait(10)
        deadline = time.monotonic() + 15
        while _marked(marker) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _marked(marker), "processes outlived their killed parent"
    finally:
        for pid in _marked(marker):  # only what this test started
            os.kill(pid, signal.SIGKILL)
        if parent.poll() is None:
            parent.kill()


@pytest.mark.slow
@pytest.mark.model
def test_a_100000_character_sentence_finishes() -> None:
    words = "the envoys of both sides met again and talked about a ceasefire while mediators waited".split()
    text = " ".join(words[i % len(words)] for i in range(100_000 // 5))[:100_000] + "."
    article = finish(Draft(source="long", text=text))
    settings = load_settings()
    process_batch([finish(Draft(source="warm", text="Envoys met."))], settings)  # load the model first
    began = time.perf_counter()
    (done,) = process_batch([article], settings)
    assert time.perf_counter() - began < 60
    assert done.failure is None
    for event in done.facts.events:  # offsets still point into the stored text
        assert article.text[event.start : event.end] == event.evidence


def _readme_example() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Python API", 1)[1]
    return section.split("```python\n", 1)[1].split("```", 1)[0]


@pytest.mark.slow
@pytest.mark.model
def test_readme_python_example_runs_with_two_workers_and_no_main_guard(tmp_path: Path) -> None:
    code = _readme_example()
    assert "workers=2" in code and "__main__" not in code
    write(
        tmp_path / "reports" / "one.txt",
        "Title: Envoys meet\n\nEnvoys from Kyiv and Moscow met in Istanbul on Friday.",
    )
    write(
        tmp_path / "reports" / "two.txt",
        "Turkish Foreign Minister Hakan Fidan said the next round would be held in Ankara.",
    )
    script = write(tmp_path / "example.py", code)
    env = {k: v for k, v in os.environ.items() if not k.startswith("DETENTE_")}
    done = subprocess.run(
        [sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=300, env=env
    )
    assert done.returncode == 0, done.stderr
    assert "could not start" not in done.stderr  # the workers ran; no fallback to this process
    assert done.stdout.splitlines()[0] == "2 added, 0 failed", done.stdout + done.stderr
    assert len(done.stdout.splitlines()) > 1  # actors were printed
