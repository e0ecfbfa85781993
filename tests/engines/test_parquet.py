"""Parquet partitions with hand-built records: round trip, atomic files, idempotent load, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.config import Settings, load_settings
from detente.engines import Processed
from detente.engines.parquet import (
    Row,
    load,
    partitions,
    read_partition,
    run_token,
    write_failures,
    write_partition,
)
from detente.errors import ConfigError
from detente.extract.version import extractor_version
from detente.ingest.normalize import Draft, finish
from detente.records import (
    Actor,
    ActorRef,
    ArticleFacts,
    Event,
    Failure,
    Mention,
    Place,
    Position,
    Quote,
    Role,
)
from detente.store import SQLiteStore

pytest.importorskip("pyarrow")

TEXT = (
    "Envoys of Aldoria and Brevia met in Lakeport on Tuesday. "
    '"We want the guns silent by spring," said Mara Quill, the Aldorian negotiator.'
)


def facts(id: str, text: str = TEXT) -> ArticleFacts:
    a = finish(Draft(source="t", text=text, id=id, title="Lakeport talks", published="2025-03-04"))
    quill = Actor(id="person:mara-quill", name="Mara Quill", type="person", aliases=("Quill",), country="ALD")
    start = max(0, a.text.find("Mara Quill"))
    ref = ActorRef("person:mara-quill", "Mara Quill", "ALD", "GOV")
    return ArticleFacts(
        article=a,
        actors=(quill,),
        mentions=(Mention(a.id, quill.id, "Mara Quill", "PERSON", "ALD", "GOV", start, start + 10),),
        events=(
            Event(
                id=f"{a.id}:e1",
                article_id=a.id,
                type="CONSULT",
                mode="meet",
                cameo="043",
                status="occurred",
                source=ref,
                target=ActorRef(None, "Brevia", "BRV", None),
                trigger="met",
                date="2025-03-04",
                date_end=None,
                date_precision="day",
                date_text="on Tuesday",
                place=Place("Lakeport", None, None, 1.5, None),
                evidence="Envoys of Aldoria and Brevia met in Lakeport on Tuesday.",
                start=0,
                end=55,
                confidence=0.75,
            ),
        ),
        roles=(Role(a.id, "Mara Quill", quill.id, "negotiator", "Aldoria", "ALD", "GOV", "x", 1, 2),),
        quotes=(
            Quote(a.id, "Mara Quill", quill.id, "ALD", "We want the guns silent", True, "said", "y", 3, 9),
        ),
        positions=(
            Position(a.id, "Aldoria", None, "ALD", None, "ceasefire", "support", "z", 3, 9, topic="guns"),
        ),
    )


def failure(source: str, reason: str = "extraction failed: boom") -> Failure:
    return Failure(source=source, line=None, reason=reason, fix="report it", at="2025-03-04T00:00:00Z")


def test_a_partition_reads_back_the_records_it_was_written_from(tmp_path: Path) -> None:
    results = [Processed(facts("a1")), Processed(ArticleFacts(facts("a2").article), failure("article:a2"))]
    part = write_partition(tmp_path, "part-x-000001.parquet", results, [("f.jsonl", 1), ("f.jsonl", 2)], "v9")
    assert part.articles == 2 and part.failures == (failure("article:a2"),)
    assert part.words == 2 * len(TEXT.split())
    rows = read_partition(part.path)
    assert rows == [
        Row(results[0].facts, "f.jsonl", 1, "v9", False, None),
        Row(results[1].facts, "f.jsonl", 2, "v9", True, failure("article:a2")),
    ]
    # Written under a temporary name, then renamed: only the finished file is left.
    assert [p.name for p in tmp_path.iterdir()] == ["part-x-000001.parquet"]


def test_partitions_lists_only_finished_partitions_in_order(tmp_path: Path) -> None:
    for name in (
        "part-b-000002.parquet",
        "part-b-000001.parquet",
        ".part-b-000003.parquet.ab.tmp",
        "notes.txt",
    ):
        (tmp_path / name).write_bytes(b"")
    assert [p.name for p in partitions(tmp_path)] == ["part-b-000001.parquet", "part-b-000002.parquet"]
    with pytest.raises(ConfigError, match="not a folder"):
        partitions(tmp_path / "missing")


def test_run_tokens_differ() -> None:
    assert run_token() != run_token()


def _write(folder: Path, settings: Settings, *results: Processed, name: str = "000001") -> None:
    version = extractor_version(settings.model, tuple(settings.knowledge))
    sources = [("in.jsonl", i + 1) for i in range(len(results))]
    write_partition(folder, f"part-t-{name}.parquet", list(results), sources, version)


def test_load_stores_each_partition_and_a_second_load_changes_nothing(tmp_path: Path) -> None:
    settings = load_settings(db=str(tmp_path / "s.db"))
    parts = tmp_path / "parts"
    parts.mkdir()
    _write(parts, settings, Processed(facts("a1")), Processed(facts("a2", TEXT + " Talks go on.")))
    bad = Processed(ArticleFacts(facts("a3", "Brevia said nothing.").article), failure("article:a3"))
    _write(parts, settings, bad, name="000002")
    write_failures(parts, "t", [failure("broken.html", "not HTML")])
    with SQLiteStore(settings.db) as store:
        first = load(parts, store, settings)
        counts = store.counts()
        records = {kind: sorted(map(repr, store.iter_records(kind))) for kind in ("actor", "event", "quote")}
        second = load(parts, store, settings)
        assert (first.added, first.unchanged, first.failed) == (3, 0, 2)
        assert (second.added, second.replaced, second.reextracted, second.unchanged) == (0, 0, 0, 3)
        assert store.counts() == {**counts, "runs": counts["runs"] + 1}
        assert {k: sorted(map(repr, store.iter_records(k))) for k in records} == records
        assert counts["articles"] == 3 and counts["events"] == 2 and counts["quotes"] == 2
        assert counts["stories"] >= 1  # pending stories were rebuilt
        assert store.article_states(["a3"])["a3"].failed  # kept, to be retried by a later ingest
        assert {f.source for f in store.failures()} == {"article:a3", "broken.html"}


def test_load_replaces_what_a_newer_partition_says(tmp_path: Path) -> None:
    settings = load_settings(db=str(tmp_path / "s.db"))
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir(), new.mkdir()
    _write(old, settings, Processed(facts("a1")))
    _write(new, settings, Processed(facts("a1", "Brevia and Aldoria signed nothing in Lakeport.")))
    with SQLiteStore(settings.db) as store:
        load(old, store, settings)
        summary = load(new, store, settings)
        assert (summary.added, summary.replaced) == (0, 1)
        assert store.get_article("a1").text.startswith("Brevia and Aldoria")


def test_load_refuses_an_empty_folder_and_a_foreign_file(tmp_path: Path) -> None:
    settings = load_settings(db=str(tmp_path / "s.db"))
    with SQLiteStore(settings.db) as store:
        with pytest.raises(ConfigError, match="holds no part-"):
            load(tmp_path, store, settings)
        (tmp_path / "part-z-000001.parquet").write_text("not parquet", encoding="utf-8")
        with pytest.raises(ConfigError, match=r"part-z-000001\.parquet: not a detente partition"):
            load(tmp_path, store, settings)


@pytest.mark.model
def test_the_local_engine_writes_partitions_and_read_failures_too(tmp_path: Path) -> None:
    from detente.engines.parquet import extract_to_parquet

    inputs = tmp_path / "in"
    (inputs / "talks.txt").parent.mkdir()
    (inputs / "talks.txt").write_text(
        "Title: Lakeport talks\nDate: 2025-03-04\n\nAldoria and Brevia held talks in Geneva on Tuesday. "
        "Foreign Minister Mara Quill said the two sides agreed to exchange prisoners.\n",
        encoding="utf-8",
    )
    (inputs / "empty.txt").write_text("", encoding="utf-8")
    settings = load_settings(db=str(tmp_path / "s.db"))
    written = extract_to_parquet([str(inputs)], settings, tmp_path / "parts")
    assert (written.articles, written.partitions, written.failed) == (1, 2, 1)
    assert written.failures[0].source.endswith("empty.txt")
    with SQLiteStore(settings.db) as store:
        summary = load(tmp_path / "parts", store, settings)
        assert (summary.added, summary.failed) == (1, 1)
        assert store.counts()["mentions"] >= 1  # facts travelled, not just the article
        assert [f.source for f in store.failures()] == [written.failures[0].source]
