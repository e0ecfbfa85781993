"""`--min-confidence`: exports leave out less sure events; brief and timeline use a lone report's
story only when it is sure enough, and a story two outlets report always. Nothing is deleted.

The store is filled by hand through the store API (no parsing): three reports of our own, two
outlets telling of one meeting (one of them unsure) and a third alone telling of a swap.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from detente.ingest.normalize import Draft, finish
from detente.records import Actor, ActorRef, ArticleFacts, Event, Quote
from detente.store import Incoming, open_store
from tests.cli.conftest import cli, exported

A = ActorRef("country:aaa", "Arland", "AAA", None)
B = ActorRef("country:bbb", "Borduria", "BBB", None)
MEETING = "Arland and Borduria held talks in the capital on Monday."
SWAP = "Arland and Borduria swapped forty detainees at the border on Monday."


def _facts(n: int, outlet: str, sentence: str, kind: str, cameo: str, confidence: float) -> ArticleFacts:
    article = finish(
        Draft(
            source="test",
            text=sentence,
            id=f"r{n}",
            url=f"https://example.org/{n}",
            outlet=outlet,
            published="2025-02-04",
        )
    )
    event = Event(
        f"r{n}-e0", article.id, kind, None, cameo, "occurred", A, B, "held",
        "2025-02-03", None, "day", "Monday", None, sentence, 0, len(sentence), confidence,
    )  # fmt: skip
    actors = (
        Actor(A.actor_id or "", A.name, "country", (), "AAA"),
        Actor(B.actor_id or "", B.name, "country", (), "BBB"),
    )
    quote = Quote(article.id, "an envoy", None, None, "talks went well", False, "said", sentence, 0, len(sentence),
                  confidence=confidence)  # fmt: skip
    return ArticleFacts(article=article, actors=actors, events=(event,), quotes=(quote,))


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("conf") / "store.db"
    store = open_store(str(path))
    run = store.begin_run("test", "0", None)
    store.save(
        [
            Incoming(_facts(1, "North Post", MEETING, "CONSULT", "040", 0.9)),
            Incoming(_facts(2, "South Herald", MEETING, "CONSULT", "040", 0.2)),
            Incoming(_facts(3, "East Wire", SWAP, "RETREAT", "0841", 0.3)),
        ],
        run,
    )
    store.update_stories(store.pending_story_keys())
    store.close()
    return path


def _confidences(records: list[dict[str, object]], kind: str = "event") -> list[object]:
    return sorted(r["confidence"] for r in records if r["kind"] == kind)  # type: ignore[type-var]


def test_export_leaves_out_less_sure_events_only_when_asked(db: Path) -> None:
    assert _confidences(exported(db)) == [0.2, 0.3, 0.9]
    kept = exported(db, "--min-confidence", "0.5")
    assert _confidences(kept) == [0.9]
    assert _confidences(kept, "quote") == [0.9]
    assert sum(r["kind"] == "article" for r in kept) == 3  # kinds without a confidence stay whole
    assert _confidences(exported(db, "--min-confidence", "0.25")) == [0.3, 0.9]
    assert _confidences(exported(db)) == [0.2, 0.3, 0.9]  # nothing was deleted


def test_export_csv_and_cameo_filter_too(db: Path, tmp_path: Path) -> None:
    result = cli(
        "export", "--db", db, "-f", "csv", "-o", tmp_path / "t", "--min-confidence", "0.5", "-k", "event"
    )
    assert result.exit_code == 0, result.output
    assert len((tmp_path / "t" / "events.csv").read_text(encoding="utf-8").splitlines()) == 2  # header + 1
    cameo = cli("export", "--db", db, "-f", "cameo", "--min-confidence", "0.5")
    assert cameo.exit_code == 0 and len(cameo.stdout.splitlines()) == 1


def test_an_out_of_range_threshold_is_refused(db: Path) -> None:
    result = cli("export", "--db", db, "--min-confidence", "1.5")
    assert result.exit_code != 0


def _timeline(db: Path, *extra: str) -> list[dict[str, object]]:
    result = cli("timeline", "--db", db, "-f", "json", *extra)
    assert result.exit_code == 0, result.output
    rows: list[dict[str, object]] = json.loads(result.stdout)
    return rows


def test_timeline_keeps_corroborated_stories_and_sure_lone_ones(db: Path) -> None:
    everything = _timeline(db, "--min-confidence", "0")
    default = _timeline(db)
    assert len(everything) == 2  # the meeting (two outlets) and the swap (one, unsure)
    assert len(default) == 1 and default[0]["sources"] == 2  # the lone unsure swap is left out
    assert len(_timeline(db, "--min-confidence", "0.3")) == 2


def test_brief_uses_the_threshold(db: Path) -> None:
    def briefed(*extra: str) -> dict[str, object]:
        result = cli("brief", "--db", db, "-f", "json", "--detail", *extra)
        assert result.exit_code == 0, result.output
        data: dict[str, object] = json.loads(result.stdout)
        return data

    everything, default = briefed("--min-confidence", "0"), briefed()
    assert everything.keys() == default.keys()  # the JSON keeps its shape
    assert len(everything["timeline"]) == 2  # type: ignore[arg-type]
    assert [row["sources"] for row in default["timeline"]] == [2]  # type: ignore[attr-defined]
