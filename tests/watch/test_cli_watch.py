"""The `watch` and `changes` commands: usage errors before any work, one round, the stored list."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from detente.cli import app
from detente.store import SQLiteStore
from tests.watch.conftest import FeedServer, Item, rss


def cli(*args: str | Path, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(app, [str(a) for a in args], env=env, catch_exceptions=False)


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["watch", "http://a.invalid/f.rss", "--every", "soon"], "not a duration"),
        (["watch", "ftp://a.invalid/f.rss"], "scheme"),
        (["watch", "http://a.invalid/f.rss", "--webhook", "file:///tmp/x"], "--webhook"),
        (["watch"], "no feeds to watch"),
        (["changes", "--kind", "gossip"], "unknown alert kind"),
        (["changes", "--since", "last week"], "not a date"),
    ],
)
def test_bad_usage_exits_2_and_says_why(args: list[str], says: str, tmp_path: Path) -> None:
    result = cli(*args, "--db", tmp_path / "w.db")
    assert result.exit_code == 2, result.output
    assert says in result.output


@pytest.mark.model
@pytest.mark.network
def test_one_round_from_a_feed_list_file(feed_server: FeedServer, tmp_path: Path) -> None:
    item = Item(
        "wire-7",
        "Talks set for Oslo",
        "Tue, 04 Mar 2025 07:00:00 GMT",
        "Delegations from Colombia and Venezuela will hold talks in Oslo on March 18, a Norwegian "
        "official said on Tuesday.",
    )
    good = feed_server.publish("/wire.rss", rss("Northern Wire", [item]))
    listing = tmp_path / "feeds.txt"
    listing.write_text(f"# our feeds\n{good}\n\n{feed_server.url('/gone.rss')}  # moved away\n")
    db, out = tmp_path / "w.db", tmp_path / "alerts.jsonl"
    env = {"DETENTE_ALLOW_PRIVATE_FETCH": "true"}
    result = cli("watch", "--feeds", listing, "--rounds", "1", "--alerts", out, "--db", db, env=env)
    assert result.exit_code == 1, result.output  # the missing feed failed; the other was read
    assert "1 failed" in result.output and "404" in result.output
    alerts = [json.loads(x) for x in out.read_text().splitlines()]
    assert any(a["kind"] == "new_story" and "Oslo" in a["text"] for a in alerts)
    with SQLiteStore(db) as store:
        assert [f.url for f in store.feeds()] == [good, feed_server.url("/gone.rss")]
    # Forgotten, the broken feed is no longer polled: the next round is clean and raises nothing.
    again = cli(
        "watch",
        "--forget",
        feed_server.url("/gone.rss"),
        "--rounds",
        "1",
        "--alerts",
        out,
        "--db",
        db,
        env=env,
    )
    assert again.exit_code == 0, again.output
    assert len(out.read_text().splitlines()) == len(alerts)
    listed = cli("changes", "--db", db, env={"COLUMNS": "300"})
    assert (
        listed.exit_code == 0
        and "Northern Wire" in listed.output
        and f"{len(alerts)} alerts" in listed.output
    )


def test_watch_with_no_feeds_creates_no_store(tmp_path: Path) -> None:
    db = tmp_path / "new" / "w.db"
    result = cli("watch", "--db", db)
    assert result.exit_code == 2 and "no feeds to watch" in result.output
    assert not db.exists()
