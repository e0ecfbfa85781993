"""Reading in reader processes gives what reading here gives; 2 workers store what 1 worker stores."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from detente import ingest as ingest_module
from detente.config import Settings, load_settings
from detente.engines.readers import read_parallel
from detente.ingest import Read, read_inputs
from detente.pipeline import ingest
from detente.records import RECORD_KINDS, Failure
from detente.store import SQLiteStore
from tests.conftest import write

PAGE = """<!DOCTYPE html><html><head><title>Envoys meet in Lakeport</title>
<meta property="article:published_time" content="2025-03-04T08:00:00Z"></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/w">World</a></li></ul></nav>
<article><h1>Envoys meet in Lakeport</h1>
<p>Envoys of Aldoria and Brevia met in Lakeport on Tuesday to discuss a ceasefire along the river.</p>
<p>The Aldorian foreign minister said the talks had been useful and that a second round would follow.</p>
</article><footer>All rights reserved.</footer></body></html>"""


def mixed_folder(root: Path) -> Path:
    """Text, HTML, JSON Lines (with a broken line and a repeated id) and an unreadable file."""
    write(
        root / "a.txt",
        "Title: Talks resume\nDate: 2025-03-01\n\nMediators said the talks would resume in Geneva.",
    )
    write(root / "b.html", PAGE)
    lines = [
        {"id": "w-1", "text": "The Brevian delegation rejected the proposal on Monday."},
        "{broken",
        {"id": "w-2", "text": "Officials said both sides agreed to exchange prisoners."},
        {"id": "w-1", "text": "The Brevian delegation accepted the proposal on Monday."},
    ]
    write(root / "c.jsonl", "".join((x if isinstance(x, str) else json.dumps(x)) + "\n" for x in lines))
    write(root / "d.html", b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    return root


def plain(items: list[Read | Failure]) -> list[object]:
    """Items without the failure timestamps (they differ run to run)."""
    return [
        (x.article, x.source, x.line) if isinstance(x, Read) else (x.source, x.line, x.reason, x.fix)
        for x in items
    ]


def test_reader_processes_read_what_this_process_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = mixed_folder(tmp_path / "in")
    big = [{"id": f"n{i}", "text": f"Report {i}: envoys met again. " * (i % 5 + 1)} for i in range(120)]
    rows = [json.dumps(r) for r in big]
    rows[57] = '{"id": "bad", "text": '  # a broken line inside a later range
    write(folder / "e.jsonl", "\n".join(rows) + "\n")
    monkeypatch.setattr(ingest_module, "RANGE_BYTES", 700)  # e.jsonl is cut into many ranges
    settings = load_settings(db=str(tmp_path / "x.db"))
    here = list(read_inputs([str(folder), str(tmp_path / "missing.txt")], settings))
    there = list(read_parallel([str(folder), str(tmp_path / "missing.txt")], settings, readers=2))
    assert plain(there) == plain(here)
    failures = [(Path(f.source).name, f.line) for f in there if isinstance(f, Failure)]
    assert ("e.jsonl", 58) in failures and ("c.jsonl", 2) in failures and ("d.html", None) in failures
    assert any("duplicate id 'w-1'" in f.reason for f in there if isinstance(f, Failure))
    assert [r.article.id for r in there if isinstance(r, Read)].count("n119") == 1


def records(db: Path) -> dict[str, list[str]]:
    """Every stored record of every kind, as sorted JSON lines."""
    with SQLiteStore(db) as store:
        return {
            kind: sorted(json.dumps(r.to_record(), sort_keys=True) for r in store.iter_records(kind))
            for kind in RECORD_KINDS
            if kind != "failure"
        }


def failures(db: Path) -> list[tuple[str, int | None, str]]:
    with SQLiteStore(db) as store:
        return sorted((Path(f.source).name, f.line, f.reason) for f in store.failures(include_resolved=True))


def run(folder: Path, db: Path, workers: int) -> tuple[int, int, int, int]:
    settings: Settings = load_settings(db=str(db), workers=workers, force_workers=True, batch_words=20)
    with SQLiteStore(db) as store:
        s = ingest([str(folder)], store, settings)
    return s.added, s.replaced, s.unchanged, s.failed


@pytest.mark.model
def test_two_workers_store_exactly_what_one_stores_and_a_rerun_changes_nothing(tmp_path: Path) -> None:
    folder = mixed_folder(tmp_path / "in")
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    first = run(folder, one, 1)
    assert run(folder, two, 2) == first
    # a.txt, b.html, w-1 (its second text), w-2; the broken line, the PNG, the duplicate id
    assert first[0] == 4 and first[3] >= 3
    assert records(two) == records(one)
    assert failures(two) == failures(one)
    assert any(name == "d.html" for name, _, _ in failures(two))
    added, replaced, unchanged, _ = run(folder, two, 2)
    assert (added, replaced, unchanged) == (0, 0, 5)  # w-1's first copy is counted unchanged too
    assert records(two) == records(one)
