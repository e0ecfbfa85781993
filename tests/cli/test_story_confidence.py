"""A lone report's story is as sure as all its sentences together: two sentences that each tell
the same swap with 0.4 make it surer than one (1 - 0.6 * 0.6 = 0.64), while two events read from
one sentence are one reading, not two. Reports written for this test; store filled by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from detente.ingest.normalize import Draft, finish
from detente.records import Actor, ActorRef, ArticleFacts, Event
from detente.store import Incoming, open_store
from tests.cli.conftest import cli

A = ActorRef("country:aaa", "Arland", "AAA", None)
B = ActorRef("country:bbb", "Borduria", "BBB", None)
TOLD_TWICE = "Arland and Borduria swapped forty detainees on Monday. The swap took place at the border."
TOLD_ONCE = "Arland and Borduria signed a grain accord on Monday and exchanged letters."


def _event(article_id: str, n: int, kind: str, cameo: str, start: int, end: int, text: str) -> Event:
    return Event(
        f"{article_id}-e{n}", article_id, kind, None, cameo, "occurred", A, B, "t",
        "2025-02-03", None, "day", "Monday", None, text[start:end], start, end, 0.4,
    )  # fmt: skip


def _facts(n: int, outlet: str, text: str, events: list[tuple[str, str, int, int]]) -> ArticleFacts:
    article = finish(
        Draft(source="t", text=text, id=f"s{n}", url=f"https://example.org/s{n}", outlet=outlet,
              published="2025-02-04")
    )  # fmt: skip
    actors = (
        Actor(A.actor_id or "", A.name, "country", (), "AAA"),
        Actor(B.actor_id or "", B.name, "country", (), "BBB"),
    )
    evs = tuple(
        _event(article.id, k, kind, cameo, s, e, text) for k, (kind, cameo, s, e) in enumerate(events)
    )
    return ArticleFacts(article=article, actors=actors, events=evs)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("storyconf") / "store.db"
    first = TOLD_TWICE.index(".") + 1
    store = open_store(str(path))
    run = store.begin_run("test", "0", None)
    store.save(
        [
            Incoming(_facts(1, "North Post", TOLD_TWICE, [
                ("RETREAT", "0841", 0, first), ("RETREAT", "0841", first + 1, len(TOLD_TWICE))])),
            Incoming(_facts(2, "East Wire", TOLD_ONCE, [
                ("SUPPORT", "057", 0, len(TOLD_ONCE)), ("SUPPORT", "057", 0, len(TOLD_ONCE))])),
        ],
        run,
    )  # fmt: skip
    store.update_stories(store.pending_story_keys())
    store.close()
    return path


def test_a_story_told_in_two_sentences_passes_where_one_sentence_would_not(db: Path) -> None:
    def timeline(*extra: str) -> list[dict[str, object]]:
        result = cli("timeline", "--db", db, "-f", "json", *extra)
        assert result.exit_code == 0, result.output
        rows: list[dict[str, object]] = json.loads(result.stdout)
        return rows

    assert len(timeline("--min-confidence", "0")) == 2
    kept = timeline()  # the default threshold, 0.5
    assert len(kept) == 1 and kept[0]["type"] == "RETREAT"
    assert timeline("--min-confidence", "0.7") == []
