"""The watch tables of the store, the alert sinks, polling and backoff (no model needed)."""

from __future__ import annotations

import io
import json
import random
import threading
import time
from pathlib import Path

import pytest

from detente.config import Settings
from detente.errors import ConfigError, FetchError
from detente.knowledge.changes import Alert, Citation
from detente.store import SQLiteStore
from detente.watch.poll import Poller
from detente.watch.runner import Watcher, WatchOptions, parse_every
from detente.watch.sinks import FileSink, StreamSink, WebhookSink, flush
from detente.watch.state import FeedState
from tests.watch.conftest import FeedServer, Item, rss


def alert(n: int, kind: str = "new_story") -> Alert:
    cite = Citation(f"art{n}", f"http://news.invalid/{n}", "Lakeside Courier", "2025-03-03", 0, 12)
    return Alert(
        kind, f"2025-03-0{n}T10:00:00+00:00", f"subject-{n}", None, {"n": n}, f"Alert number {n}", (cite,)
    )


def test_alerts_are_committed_with_the_feed_state_and_flagged_per_sink(store: SQLiteStore) -> None:
    assert store.add_feeds(["http://a.invalid/feed", "http://b.invalid/feed", "http://a.invalid/feed"]) == 2
    state = store.feeds()[0].replace(etag='"x1"', last_seen="2025-03-03T00:00:00+00:00")
    store.commit_watch(
        state, [("guid:1", "art1"), ("id:art1", "art1")], [alert(1), alert(2)], ["stdout", "file:/x"]
    )
    assert store.feeds()[0].etag == '"x1"'
    assert store.seen_entries(["guid:1", "guid:2", "id:art1"]) == {"guid:1", "id:art1"}
    assert [a.id for a in store.unsent_alerts("stdout")] == [alert(1).id, alert(2).id]
    store.mark_sent("stdout", [alert(1).id])
    store.mark_sent("stdout", [alert(2).id], error="pipe closed")
    assert [a.id for a in store.unsent_alerts("stdout")] == [alert(2).id]
    assert len(store.unsent_alerts("file:/x")) == 2
    # The same change raised again (another feed carried the report) is stored and sent once.
    store.commit_watch(store.feeds()[1], [], [alert(1)], ["stdout"])
    assert [a.id for a in store.unsent_alerts("stdout")] == [alert(2).id]
    assert [a.kind for a in store.alerts(since="2025-03-02")] == ["new_story"]
    assert store.alerts(kinds=["conflict"]) == []
    assert store.forget_feeds(["http://b.invalid/feed"]) == 1 and len(store.feeds()) == 1


def test_file_sink_reads_back_what_it_holds_and_drops_a_cut_line(store: SQLiteStore, tmp_path: Path) -> None:
    path = tmp_path / "alerts.jsonl"
    store.add_feeds(["http://a.invalid/feed"])
    store.commit_watch(store.feeds()[0], [], [alert(1), alert(2), alert(3)], [FileSink(path).name])
    # A run killed after writing alert 1 and half of alert 2, before flagging either.
    line1 = json.dumps(alert(1).to_json()) + "\n"
    path.write_text("not json, another writer's line\n" + line1 + json.dumps(alert(2).to_json())[:30])
    sink = FileSink(path)
    assert flush(store, sink) == (2, None)
    ids = [json.loads(x)["id"] for x in path.read_text().splitlines()[1:]]
    assert ids == [alert(1).id, alert(2).id, alert(3).id]
    assert store.unsent_alerts(sink.name) == []


def test_stream_sink_writes_one_json_object_a_line(store: SQLiteStore) -> None:
    buf = io.StringIO()
    store.add_feeds(["http://a.invalid/feed"])
    store.commit_watch(store.feeds()[0], [], [alert(1), alert(2)], ["stdout"])
    assert flush(store, StreamSink(buf)) == (2, None)
    lines = [json.loads(x) for x in buf.getvalue().splitlines()]
    assert [x["text"] for x in lines] == ["Alert number 1", "Alert number 2"]
    assert set(lines[0]) >= {"id", "kind", "at", "before", "after", "text", "citations"}
    assert lines[0]["citations"][0] == {
        "article_id": "art1", "url": "http://news.invalid/1", "outlet": "Lakeside Courier",
        "published": "2025-03-03", "start": 0, "end": 12,
    }  # fmt: skip


@pytest.mark.network
def test_webhook_failing_twice_gets_each_alert_once(store: SQLiteStore, feed_server: FeedServer) -> None:
    sink = WebhookSink(feed_server.url("/hook"), tries=3, pause=0.01)
    store.add_feeds(["http://a.invalid/feed"])
    store.commit_watch(store.feeds()[0], [], [alert(1), alert(2), alert(3)], [sink.name])
    feed_server.webhook_failures = 2
    assert flush(store, sink) == (3, None)
    assert [key for key, _ in feed_server.posts] == [alert(1).id, alert(2).id, alert(3).id]
    assert [json.loads(body)["id"] for _, body in feed_server.posts] == [alert(n).id for n in (1, 2, 3)]
    # Down for a whole round: kept, in order, and sent the next round.
    store.commit_watch(store.feeds()[0], [], [alert(4), alert(5)], [sink.name])
    feed_server.webhook_failures = 3
    sent, error = flush(store, sink)
    assert sent == 0 and error is not None and "503" in error
    assert [a.id for a in store.unsent_alerts(sink.name)] == [alert(4).id, alert(5).id]
    assert flush(store, sink) == (2, None)
    assert len(feed_server.posts) == len({key for key, _ in feed_server.posts}) == 5


@pytest.mark.network
def test_poll_is_conditional(feed_server: FeedServer, watch_settings: Settings) -> None:
    url = feed_server.publish(
        "/f.rss", rss("Courier", [Item("g1", "T", "Mon, 03 Mar 2025 08:00:00 GMT", "Text.")])
    )
    poller = Poller(watch_settings)
    first = poller.poll(url)
    assert first.changed and first.etag and first.body.startswith(b"<?xml")
    again = poller.poll(url, first.etag, first.last_modified)
    assert not again.changed and again.body == b""
    assert feed_server.statuses("/f.rss") == [200, 304]
    poller.close()


@pytest.mark.network
def test_private_addresses_are_refused_unless_allowed(
    feed_server: FeedServer, watch_settings: Settings
) -> None:
    url = feed_server.publish("/f.rss", b"<rss/>")
    with pytest.raises(FetchError, match="loopback"):
        Poller(watch_settings.replace(allow_private_fetch=False)).poll(url)


@pytest.mark.network
def test_failing_and_slow_feeds_back_off_and_never_stop_the_round(
    feed_server: FeedServer, watch_settings: Settings
) -> None:
    broken = feed_server.publish("/broken.rss", b"", status=500)
    slow = feed_server.publish("/slow.rss", b"<rss><channel></channel></rss>", drip=0.1)
    junk = feed_server.publish("/junk.rss", b"\x00\x01 not a feed at all")
    store = SQLiteStore(watch_settings.db)
    store.add_feeds([broken, slow, junk])
    settings = watch_settings.replace(fetch_deadline=0.5, fetch_timeout=0.3)
    watcher = Watcher(store, settings, [], WatchOptions(backoff=60, jitter=0.2), rng=random.Random(7))
    watcher.run_id = store.begin_run("watch", "test", None)
    watcher.poller = Poller(settings)
    report = watcher.round(1)
    assert report.errors == 3 and report.feeds == 3
    states = {s.url: s for s in store.feeds()}
    assert all(s.errors == 1 and s.next_try > 0 for s in states.values())
    assert "500" in (states[broken].last_error or "") and "0.5 s" in (states[slow].last_error or "")
    assert {f.source for f in store.failures()} >= {broken, slow, junk}
    # Backing off: not polled again in the next round; once due, the wait doubles.
    hits = len(feed_server.hits)
    assert watcher.round(2).waiting == 3 and len(feed_server.hits) == hits
    store.update_feeds([s.replace(next_try=0.0) for s in states.values()])
    watcher.round(3)
    again = {s.url: s for s in store.feeds()}[broken]
    waited = again.next_try - time.time()
    assert again.errors == 2 and 120 * 0.8 - 1 <= waited <= 120 * 1.2
    watcher.poller.close()
    store.close()


def test_every_parses_durations_and_refuses_nonsense() -> None:
    assert parse_every("90s") == 90 and parse_every("10m") == 600 and parse_every("1.5h") == 5400
    assert parse_every("45") == 45
    for bad in ("", "ten minutes", "-1m", "0s", "5y"):
        with pytest.raises(ConfigError):
            parse_every(bad)


def test_stop_ends_the_watch_between_feeds(store: SQLiteStore, watch_settings: Settings) -> None:
    stop = threading.Event()
    stop.set()
    store.add_feeds(["http://a.invalid/feed"])
    watcher = Watcher(store, watch_settings, [], WatchOptions(every=0.01), stop=stop)
    assert watcher.run() == []
    run = store.last_run()
    assert run is not None and run.command == "watch" and run.status == "finished"


def test_feed_state_defaults_poll_every_round() -> None:
    assert FeedState("http://a.invalid/").next_try == 0.0


@pytest.mark.network
def test_a_reader_bug_on_one_feed_is_a_failure_not_a_stop(
    feed_server: FeedServer, watch_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    import detente.watch.runner as runner

    def broken(feed: str, polled: object) -> None:
        raise RuntimeError("reader bug")

    monkeypatch.setattr(runner, "read_polled", broken)
    url = feed_server.publish(
        "/f.rss", rss("Courier", [Item("g1", "T", "Mon, 03 Mar 2025 08:00:00 GMT", "Text.")])
    )
    store = SQLiteStore(watch_settings.db)
    store.add_feeds([url])
    [report] = Watcher(store, watch_settings, [], WatchOptions(rounds=1)).run()
    assert report.errors == 1
    assert "reader bug" in (store.feeds()[0].last_error or "") and store.feeds()[0].errors == 1
    assert any("reader bug" in f.reason for f in store.failures())
    store.close()
