"""`detente watch` (poll feeds, ingest what is new, alert on what changed) and `detente changes`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from detente.cli._common import (
    ConfigOpt,
    DbOpt,
    TableFormat,
    TableFormatOpt,
    check_date,
    err,
    out,
    plain,
    print_failure,
    reading,
    safe,
    settings_for,
    writing,
)
from detente.errors import ConfigError
from detente.store import is_url, shown


def _feed_file(path: Path) -> list[str]:
    """URLs from a feed list: one a line; blank lines and `#` comments skipped."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ConfigError(f"cannot read --feeds {path}: {exc.strerror}", fix="check the path") from exc
    return [line.split("#", 1)[0].strip() for line in lines if line.split("#", 1)[0].strip()]


def watch(
    feeds: Annotated[
        list[str] | None,
        typer.Argument(
            help="RSS/Atom feeds or pages (http(s) URLs) to add to the store's watched list.",
            metavar="FEED_OR_URL",
            show_default=False,
        ),
    ] = None,
    feed_list: Annotated[
        Path | None, typer.Option("--feeds", help="A file of feed URLs, one a line, to add too.")
    ] = None,
    every: Annotated[str, typer.Option("--every", help="Time between rounds: 90s, 10m, 1h.")] = "10m",
    rounds: Annotated[
        int | None, typer.Option("--rounds", min=1, help="Stop after N rounds (default: until stopped).")
    ] = None,
    alerts: Annotated[
        list[str] | None,
        typer.Option("--alerts", help="Write alerts, one JSON object a line, to FILE or - (stdout)."),
    ] = None,
    webhook: Annotated[
        list[str] | None, typer.Option("--webhook", help="POST each alert as JSON to this URL (retried).")
    ] = None,
    forget: Annotated[
        list[str] | None, typer.Option("--forget", help="Take this URL off the watched list (repeat).")
    ] = None,
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Poll feeds, ingest new entries and print what changed (new and changed stories, stances, roles)."""
    from detente.watch.runner import RoundReport, Watcher, WatchOptions, parse_every, stop_on_signals
    from detente.watch.sinks import open_sinks

    seconds = parse_every(every)
    settings = settings_for(db, config)
    urls = [*(feeds or []), *(_feed_file(feed_list) if feed_list else [])]
    sinks = open_sinks(alerts or ([] if webhook else ["-"]), webhook or [], settings.user_agent)

    def on_round(r: RoundReport) -> None:
        line = (
            f"round {r.number}: {r.feeds} feeds · {r.unchanged} unchanged · {r.changed} changed · "
            f"{r.errors} failed · {r.waiting} backing off · {r.new_entries} new entries · "
            f"{r.alerts} alerts ({r.sent} sent) · {r.seconds:.1f} s"
        )
        err.print(Text(line, style="yellow" if r.errors or r.send_errors else ""))
        for why in r.send_errors:
            err.print(Text.assemble(("✗ ", "red"), plain(why)))

    if not urls and not is_url(settings.db) and not Path(settings.db).exists():
        raise ConfigError("no feeds to watch", fix="give feed URLs, or --feeds FILE")  # and create no store
    with writing(settings) as store:
        if forget:
            store.forget_feeds(forget)
        if urls:
            from detente.ingest.fetch import check_scheme

            for url in urls:
                check_scheme(url, "watch")
            store.add_feeds(urls)
        watched = store.feeds()
        if not watched:
            raise ConfigError("no feeds to watch", fix="give feed URLs, or --feeds FILE")
        err.print(
            f"detente watch: {len(watched)} feeds · every {every} · store {safe(shown(settings.db))} (Ctrl-C stops)"
        )
        watcher = Watcher(
            store, settings, sinks, WatchOptions(every=seconds, rounds=rounds), on_failure=print_failure
        )
        try:
            with stop_on_signals(watcher.stop):
                watcher.warm()
                reports = watcher.run(on_round)
        finally:
            for sink in sinks:
                sink.close()
    failed = any(r.errors or r.send_errors for r in reports)
    raise typer.Exit(1 if failed else 0)


def changes(
    since: Annotated[
        str | None, typer.Option("--since", help="Only alerts found on or after this date (YYYY-MM-DD).")
    ] = None,
    kind: Annotated[
        list[str] | None,
        typer.Option(
            "--kind",
            help="Only this kind (repeat): new_story, story_changed, position_changed, conflict, new_role.",
        ),
    ] = None,
    db: DbOpt = None,
    config: ConfigOpt = None,
    fmt: TableFormatOpt = TableFormat.table,
) -> None:
    """The alerts detente watch found, oldest first: what changed, when, and who reported it."""
    from detente.knowledge.changes import KINDS

    date = check_date("--since", since)
    for k in kind or []:
        if k not in KINDS:
            raise ConfigError(f"unknown alert kind '{k}'", fix=f"use one of: {', '.join(KINDS)}")
    settings = settings_for(db, config)
    with reading(settings) as store:
        found = store.alerts(since=date, kinds=kind or ())
    if fmt is TableFormat.json:
        for alert in found:
            sys.stdout.write(json.dumps(alert.to_json(), ensure_ascii=False) + "\n")
        return
    table = Table("found", "kind", "what changed", "reported by")
    for alert in found:
        outlets = sorted({c.outlet or c.url or c.article_id for c in alert.citations})
        table.add_row(
            safe(alert.at[:16].replace("T", " ")),
            safe(alert.kind),
            safe(alert.text),
            safe(", ".join(outlets)),
        )
    out.print(table)
    err.print(f"{len(found)} alerts")
