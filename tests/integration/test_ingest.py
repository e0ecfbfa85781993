"""The whole ingest with the real model: idempotency, bad inputs, workers, the dev set's ids."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

from detente.config import load_settings
from detente.pipeline import ingest
from detente.records import Failure
from detente.store import SQLiteStore
from tests.conftest import SHARED, write

pytestmark = pytest.mark.model

GOOD_TXT = "Title: Envoys meet\nDate: 2025-05-16\n\nEnvoys from Kyiv and Moscow met in Istanbul on Friday, hosted by Hakan Fidan."
GOOD_JSONL = (
    '{"id": "w-1", "text": "Rustem Umerov said the prisoner swap would go ahead.", "published": "2025-05-20"}\n'
    "{this line is broken\n"
    '{"id": "w-2", "text": "Vladimir Medinsky said Russia took note of the proposal.", "published": "2025-05-20"}\n'
)


def broken_folder(root: Path) -> dict[str, int]:
    """Good and bad inputs side by side; returns the failures expected per source name."""
    write(root / "good.txt", GOOD_TXT)
    write(root / "wire.jsonl", GOOD_JSONL)
    write(root / "empty.txt", "")
    write(root / "picture.html", b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    write(root / "damaged.txt", "Caf\u00e9 talks resumed".encode() + b"\xff\xfe broken")
    write(
        root / "menu.html", "<html><body><nav><a href='/'>Home</a><a href='/w'>World</a></nav></body></html>"
    )
    write(root / "broken.rss", "<rss><channel><title>x</title><item><title>y")
    write(root / "huge.txt", "word " * 5000)
    write(root / "table.csv", "a,b\n1,2\n")
    return {
        "empty.txt": 1,
        "picture.html": 1,
        "damaged.txt": 1,
        "menu.html": 1,
        "broken.rss": 1,
        "huge.txt": 1,
        "table.csv": 1,
        "wire.jsonl": 1,
    }


def test_broken_folder_stores_the_good_and_records_each_bad(tmp_path: Path) -> None:
    expected = broken_folder(tmp_path / "in")
    settings = load_settings(db=str(tmp_path / "x.db"), max_bytes=10_000)
    seen: list[Failure] = []
    with SQLiteStore(settings.db) as store:
        summary = ingest([str(tmp_path / "in")], store, settings, on_failure=seen.append)
        assert not summary.ok and summary.failed == sum(expected.values())
        assert summary.added == 3
        rows = store.failures()
        assert sorted(Path(f.source).name for f in rows) == sorted(expected)
        assert [f.line for f in rows if f.source.endswith("wire.jsonl")] == [2]
        assert all(f.reason and f.fix for f in rows)
        before = store.counts()
        again = ingest([str(tmp_path / "in")], store, settings)
        assert again.added == 0 and again.unchanged == 3 and again.failed == summary.failed
        after = store.counts()
    assert {k: v for k, v in after.items() if k != "runs"} == {k: v for k, v in before.items() if k != "runs"}
    assert len(seen) == summary.failed


def test_changed_text_replaces_the_article(tmp_path: Path) -> None:
    settings = load_settings(db=str(tmp_path / "x.db"))
    src = write(tmp_path / "a.jsonl", '{"id": "s1", "text": "Hakan Fidan hosted the talks."}\n')
    with SQLiteStore(settings.db) as store:
        ingest([str(src)], store, settings)
        write(src, '{"id": "s1", "text": "Marco Rubio hosted the talks."}\n')
        summary = ingest([str(src)], store, settings)
        assert (summary.added, summary.replaced) == (0, 1)
        names = [a.name for a in store.iter_records("actor")]  # type: ignore[attr-defined]
        assert names == ["Marco Rubio"]


def test_workers_give_the_same_records(tmp_path: Path) -> None:
    lines = [
        json.dumps(
            {
                "id": f"n{i}",
                "text": f"Report {i}: Volodymyr Zelensky met Recep Tayyip Erdoğan in Ankara while Kremlin aides waited.",
            }
        )
        for i in range(12)
    ]
    src = write(tmp_path / "many.jsonl", "\n".join(lines) + "\n")
    out = {}
    for workers in (1, 2):
        settings = load_settings(db=str(tmp_path / f"w{workers}.db"), workers=workers, chunk_size=4)
        with SQLiteStore(settings.db) as store:
            summary = ingest([str(src)], store, settings)
            assert summary.added == 12
            out[workers] = [m.to_record() for m in store.iter_records("mention")]
    assert out[1] == out[2]


def test_user_knowledge_file_adds_an_actor(tmp_path: Path) -> None:
    kfile = write(
        tmp_path / "mine.yaml",
        "actors:\n  - name: Ilse Brandvold\n    type: person\n    country: NOR\n    sector: GOV\n    aliases: [Brandvold]\n",
    )
    src = write(tmp_path / "a.txt", "The Norwegian envoy Brandvold met both delegations in Oslo.")
    settings = load_settings(db=str(tmp_path / "x.db"), knowledge=(str(kfile),))
    with SQLiteStore(settings.db) as store:
        ingest([str(src)], store, settings)
        (ilse,) = [a for a in store.iter_records("actor") if a.name == "Ilse Brandvold"]  # type: ignore[attr-defined]
    assert (ilse.country, ilse.sector) == ("NOR", "GOV")  # type: ignore[attr-defined]


def test_demo_corpus_reads_cleanly(tmp_path: Path) -> None:
    settings = load_settings(db=str(tmp_path / "demo.db"))
    with (
        resources.as_file(resources.files("detente").joinpath("data/demo")) as folder,
        SQLiteStore(settings.db) as store,
    ):
        summary = ingest([str(folder)], store, settings)
        arts = list(store.iter_records("article"))
    assert summary.ok and 10 <= summary.added <= 15
    assert all(a.published and a.title and a.outlet for a in arts)  # type: ignore[attr-defined]
    assert len({a.outlet for a in arts}) >= 4  # type: ignore[attr-defined]


@pytest.mark.skipif(not (SHARED / "eval" / "dev.jsonl").exists(), reason="needs ../shared/eval")
def test_dev_set_keeps_its_ids(tmp_path: Path) -> None:
    path = SHARED / "eval" / "dev.jsonl"
    ids = [json.loads(line)["id"] for line in path.open(encoding="utf-8")]
    settings = load_settings(db=str(tmp_path / "dev.db"))
    with SQLiteStore(settings.db) as store:
        summary = ingest([str(path)], store, settings)
        stored = [a.id for a in store.iter_records("article")]  # type: ignore[attr-defined]
        by_id = {a.id: a for a in store.iter_records("article")}  # type: ignore[attr-defined]
    assert summary.ok and len(ids) == 56 and stored == ids
    seed = by_id["seed-explainer"]
    assert seed.published == "2025-05-15" and seed.url is None
