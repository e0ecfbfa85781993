"""detente watch end to end: a feed on 127.0.0.1, the real model, alerts to a file and a webhook,
and a watch killed with SIGKILL mid-round that sends each alert exactly once on its next run."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from detente.cli import app
from detente.config import Settings
from detente.store import SQLiteStore
from detente.watch.runner import Watcher, WatchOptions
from detente.watch.sinks import FileSink, WebhookSink
from tests.watch.conftest import FeedServer, Item, rss

pytestmark = [pytest.mark.model, pytest.mark.network]

# Short reports written for these tests: a meeting announced, then held, with a stance that flips.
ANNOUNCED = Item(
    "courier-101",
    "Envoys to meet in Geneva",
    "Mon, 03 Mar 2025 08:00:00 GMT",
    "Negotiators from Armenia and Azerbaijan will meet in Geneva on March 10, the Swiss foreign "
    "ministry said on Monday. Azerbaijan's Foreign Minister Jeyhun Bayramov will lead his country's "
    "delegation. Armenia supports a ceasefire along the border, a government spokesman said.",
)
HELD = Item(
    "courier-102",
    "Envoys meet in Geneva",
    "Mon, 10 Mar 2025 18:00:00 GMT",
    "Negotiators from Armenia and Azerbaijan met in Geneva on Monday, the Swiss foreign ministry "
    "said. Armenia now opposes a ceasefire along the border, a government spokesman said.",
)
EXTRA = Item(
    "courier-103",
    "Ministers to hold talks in Vienna",
    "Tue, 11 Mar 2025 09:00:00 GMT",
    "Serbia and Kosovo will hold talks in Vienna on March 20, an EU spokesman said on Tuesday. "
    "Petar Petkovic, Serbia's chief negotiator, will lead the Serbian delegation.",
)


def lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(x) for x in path.read_text().splitlines()] if path.exists() else []


def of_kind(alerts: list[dict[str, object]], kind: str) -> list[dict[str, object]]:
    return [a for a in alerts if a["kind"] == kind]


def test_new_items_raise_the_right_alerts_once(
    feed_server: FeedServer, watch_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import feedparser

    parses = Counter[int]()
    real_parse = feedparser.parse
    monkeypatch.setattr(
        feedparser, "parse", lambda data, *a, **k: (parses.update([1]), real_parse(data, *a, **k))[1]
    )
    url = feed_server.publish("/courier.rss", rss("Lakeside Courier", [ANNOUNCED]))
    out = tmp_path / "alerts.jsonl"
    store = SQLiteStore(watch_settings.db)
    store.add_feeds([url])
    feed_server.webhook_failures = 2  # the webhook fails twice, then takes everything
    sinks = [FileSink(out), WebhookSink(feed_server.url("/hook"), tries=3, pause=0.01)]
    watcher = Watcher(store, watch_settings, sinks, WatchOptions(every=0.01, rounds=1))
    watcher.warm()
    [first] = watcher.run()
    alerts = lines(out)
    assert first.new_entries == 1 and first.alerts == len(alerts) > 0
    [story] = [a for a in of_kind(alerts, "new_story") if a["subject"] == "CONSULT|ARM|AZE"]
    assert story["after"]["status"] == "planned" and story["after"]["place"] == "Geneva"  # type: ignore[index]
    assert story["citations"][0]["outlet"] == "Lakeside Courier"  # type: ignore[index]
    cite = story["citations"][0]  # type: ignore[index]
    text = store.get_article(cite["article_id"]).text  # type: ignore[union-attr]
    assert "will meet in Geneva" in text[cite["start"] : cite["end"]]
    assert any("Bayramov" in str(a["text"]) for a in of_kind(alerts, "new_role"))

    # The meeting is reported held, and Armenia's stance flips: a change, not a new story.
    feed_server.publish("/courier.rss", rss("Lakeside Courier", [HELD, ANNOUNCED]))
    watcher = Watcher(store, watch_settings, sinks, WatchOptions(every=0.01, rounds=2))
    second, third = watcher.run()
    alerts = lines(out)
    assert second.new_entries == 1 and second.latency is not None and second.latency < 5.0
    [changed] = [a for a in of_kind(alerts, "story_changed") if a["subject"] == "CONSULT|ARM|AZE"]
    assert changed["before"]["status"] == "planned" and changed["after"]["status"] == "occurred"  # type: ignore[index]
    assert [a for a in of_kind(alerts, "new_story") if a["subject"] == "CONSULT|ARM|AZE"] == [story]
    [flip] = [a for a in of_kind(alerts, "position_changed") if a["subject"] == "country:arm|ceasefire"]
    assert (flip["before"]["stance"], flip["after"]["stance"]) == ("support", "oppose")  # type: ignore[index]
    assert store.pending_story_keys() == set()

    # Unchanged: answered 304, nothing parsed, nothing raised.
    assert third.unchanged == 1 and third.alerts == 0 and feed_server.statuses("/courier.rss")[-1] == 304
    assert sum(parses.values()) == 2  # one parse per changed body, none for the 304
    ids = [a["id"] for a in alerts]
    assert len(ids) == len(set(ids))
    assert [k for k, _ in feed_server.posts] == ids  # the flaky webhook got each alert once, in order
    assert [a.id for a in store.alerts()] == ids

    result = CliRunner().invoke(
        app, ["changes", "--db", watch_settings.db, "--format", "json", "--kind", "position_changed"]
    )
    assert result.exit_code == 0, result.output
    assert [json.loads(x)["id"] for x in result.output.splitlines()] == [flip["id"]]
    future = CliRunner().invoke(
        app, ["changes", "--db", watch_settings.db, "--since", "2199-01-01", "-f", "json"]
    )
    assert future.exit_code == 0 and future.output == ""
    store.close()


def _watch(url: str, db: Path, out: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DETENTE_ALLOW_PRIVATE_FETCH": "true"}
    cmd = [
        sys.executable,
        "-m",
        "detente",
        "watch",
        url,
        "--rounds",
        "1",
        "--alerts",
        str(out),
        "--db",
        str(db),
    ]
    return subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _wait(check: object, timeout: float = 60.0) -> None:
    end = time.monotonic() + timeout
    while not check():  # type: ignore[operator]
        assert time.monotonic() < end, "timed out"
        time.sleep(0.005)


def test_kill_9_mid_round_then_each_alert_is_sent_exactly_once(
    feed_server: FeedServer, watch_settings: Settings, tmp_path: Path
) -> None:
    url = feed_server.publish("/wire.rss", rss("Harbour Post", [EXTRA, HELD, ANNOUNCED]))
    # What an uninterrupted watch sends, for comparison.
    ref_out = tmp_path / "ref.jsonl"
    ref = SQLiteStore(tmp_path / "ref.db")
    ref.add_feeds([url])
    Watcher(ref, watch_settings, [FileSink(ref_out)], WatchOptions(rounds=1)).run()
    ref.close()
    expected = sorted(str(a["id"]) for a in lines(ref_out))
    assert len(expected) >= 3

    db, out = tmp_path / "killed.db", tmp_path / "alerts.jsonl"
    # Killed while reading the feed's entries (after the fetch, before any alert is committed).
    hits = len(feed_server.hits)
    proc = _watch(url, db, out)
    _wait(lambda: len(feed_server.hits) > hits)
    time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    # Killed again as soon as the first alert line reaches the file (mid-delivery).
    proc = _watch(url, db, out)
    _wait(lambda: (out.exists() and out.stat().st_size > 0) or proc.poll() is not None)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    # The next run (here in this process) finishes: every alert is in the file exactly once.
    with SQLiteStore(db) as store:
        Watcher(store, watch_settings, [FileSink(out)], WatchOptions(rounds=1)).run()
        sent = [str(a["id"]) for a in lines(out)]
        assert sorted(sent) == expected
        assert store.unsent_alerts(FileSink(out).name) == []
        assert sorted(a.id for a in store.alerts()) == expected
        assert [r.status for r in [store.last_run()] if r] == ["finished"]


def test_sigterm_ends_a_running_watch_cleanly(feed_server: FeedServer, tmp_path: Path) -> None:
    url = feed_server.publish("/courier.rss", rss("Lakeside Courier", [ANNOUNCED]))
    db, out = tmp_path / "term.db", tmp_path / "alerts.jsonl"
    env = {**os.environ, "DETENTE_ALLOW_PRIVATE_FETCH": "true"}
    cmd = [
        sys.executable,
        "-m",
        "detente",
        "watch",
        url,
        "--every",
        "1s",
        "--alerts",
        str(out),
        "--db",
        str(db),
    ]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _wait(
        lambda: len(feed_server.statuses("/courier.rss")) >= 2 or proc.poll() is not None
    )  # a second round ran
    proc.send_signal(signal.SIGTERM)
    _, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 0, stderr.decode()
    assert feed_server.statuses("/courier.rss")[:2] == [200, 304]
    with sqlite3.connect(db) as con:  # the watch's own run row (each feed's ingest has one too)
        assert con.execute("SELECT status FROM runs WHERE command = 'watch'").fetchall() == [("finished",)]
    with SQLiteStore(db) as store:
        assert store.unsent_alerts(FileSink(out).name) == []
        assert sorted(str(a["id"]) for a in lines(out)) == sorted(a.id for a in store.alerts())
