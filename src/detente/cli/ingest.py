"""The `detente` command line: a thin shell over the library (Typer + Rich).

Exit codes: 0 all ok; 1 some input failed (everything else was stored); 2 a usage or
set-up error (bad option, bad settings, missing model or extra).
"""

from __future__ import annotations

import functools
import json
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from detente import __version__
from detente.config import Settings, load_settings
from detente.errors import ConfigError, DetenteError
from detente.records import Failure, RunSummary
from detente.store import Store, open_store

app = typer.Typer(
    name="detente",
    help="Sourced, structured knowledge from news about conflicts and negotiations.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

DbOpt = Annotated[
    str | None,
    typer.Option(
        "--db", envvar="DETENTE_DB", help="The database file (default: ./detente.db).", show_default=False
    ),
]
ConfigOpt = Annotated[
    Path | None,
    typer.Option(
        "--config",
        envvar="DETENTE_CONFIG",
        help="A settings file (TOML) over the defaults.",
        show_default=False,
    ),
]

F = TypeVar("F", bound=Callable[..., Any])


def _friendly(func: F) -> F:
    """Turn detente's errors into a one-line message with the fix, and exit code 2."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except DetenteError as exc:
            err.print(f"[bold red]error:[/] {exc.message}")
            if exc.fix:
                err.print(f"[bold]fix:[/] {exc.fix}")
            raise typer.Exit(2) from exc

    return wrapper  # type: ignore[return-value]


def _settings(db: str | None, config: Path | None, **overrides: Any) -> Settings:
    return load_settings(config, db=db, **overrides)


@contextmanager
def _store(settings: Settings) -> Iterator[Store]:
    store = open_store(settings.db)
    try:
        yield store
    finally:
        store.close()


def _print_failure(failure: Failure) -> None:
    err.print(f"[red]✗[/] {escape(failure.message())}", markup=True, highlight=False)


def _parse_fields(pairs: list[str] | None) -> dict[str, str] | None:
    if not pairs:
        return None
    fields = {}
    for pair in pairs:
        name, sep, source = pair.partition("=")
        if not sep or not name or not source:
            raise ConfigError(
                f"--field {pair!r} is not NAME=INPUT_NAME",
                fix="write e.g. --field text=body --field published=date",
            )
        fields[name.strip()] = source.strip()
    return fields


def run_ingest(
    specs: list[str], settings: Settings, published: str | None, fetch: bool, command: str
) -> RunSummary:
    """Ingest with a progress bar on a terminal, one line per failure, and a summary."""
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from detente.pipeline import ingest

    with _store(settings) as store:
        show = err.is_terminal
        progress = Progress(
            SpinnerColumn(),
            TextColumn("[bold]ingest[/]"),
            BarColumn(bar_width=None),
            TextColumn(
                "{task.completed} articles · {task.fields[rate]:.1f}/s · {task.fields[words]:,} words"
            ),
            TimeElapsedColumn(),
            console=err,
            transient=True,
            disable=not show,
        )
        with progress:
            task = progress.add_task("ingest", total=None, rate=0.0, words=0)

            def on_progress(done: int, words: int) -> None:
                elapsed = progress.tasks[0].elapsed or 0.0
                progress.update(task, completed=done, words=words, rate=done / elapsed if elapsed else 0.0)

            summary = ingest(
                specs,
                store,
                settings,
                published=published,
                fetch=fetch,
                command=command,
                on_progress=on_progress,
                on_failure=_print_failure,
            )
    total = summary.added + summary.replaced + summary.unchanged
    rate = total / summary.seconds if summary.seconds else 0.0
    line = (
        f"{summary.added} added, {summary.replaced} replaced, {summary.unchanged} unchanged"
        f" · {summary.failed} failed · {summary.seconds:.1f} s ({rate:.1f} articles/s)"
    )
    err.print(("[green]✓[/] " if summary.ok else "[yellow]![/] ") + line)
    if not summary.ok:
        err.print("  see [bold]detente failures[/] for what to fix")
    return summary


@app.command()
@_friendly
def ingest(
    paths: Annotated[
        list[str],
        typer.Argument(help="Files, folders (recursive), - for stdin, or http(s) URLs.", show_default=False),
    ],
    db: DbOpt = None,
    config: ConfigOpt = None,
    workers: Annotated[
        int | None, typer.Option("--workers", "-w", min=1, help="Worker processes for parsing.")
    ] = None,
    published: Annotated[
        str | None,
        typer.Option("--published", help="Publication date (YYYY-MM-DD) for inputs that carry none."),
    ] = None,
    fetch: Annotated[bool, typer.Option("--fetch", help="Fetch each feed entry's linked page.")] = False,
    field: Annotated[
        list[str] | None, typer.Option("--field", help="Map a JSON field: detente name=input name (repeat).")
    ] = None,
    model: Annotated[str | None, typer.Option("--model", help="The spaCy pipeline package to use.")] = None,
) -> None:
    """Read news reports into the store: .txt .md .html .jsonl .json RSS/Atom, stdin and URLs."""
    from detente.ingest.normalize import iso_date

    if published is not None and iso_date(published) is None:
        raise ConfigError(f"--published {published!r} is not a date", fix="write it as YYYY-MM-DD")
    fields = _parse_fields(field)
    settings = _settings(db, config, workers=workers, model=model)
    if fields:
        settings = settings.replace(fields={**settings.fields, **fields})
    summary = run_ingest(paths, settings, iso_date(published), fetch, "ingest " + " ".join(paths))
    raise typer.Exit(0 if summary.ok else 1)


@app.command()
@_friendly
def export(
    db: DbOpt = None,
    config: ConfigOpt = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="jsonl, csv, parquet or cameo.")] = "jsonl",
    kind: Annotated[
        list[str] | None,
        typer.Option("--kind", "-k", help="Record kinds to export (repeat); all by default."),
    ] = None,
    out_path: Annotated[
        Path | None, typer.Option("--out", "-o", help="Output file (jsonl, cameo) or folder (csv, parquet).")
    ] = None,
) -> None:
    """Write stored records in the record contract's formats (stdout for jsonl and cameo)."""
    from detente.report.export import (
        FORMATS,
        check_kinds,
        iter_export,
        write_cameo,
        write_jsonl,
        write_tables,
    )

    if fmt not in FORMATS:
        raise ConfigError(
            f"unknown export format '{fmt}'", fix=f"use --format with one of: {', '.join(FORMATS)}"
        )
    kinds = check_kinds(kind)
    settings = _settings(db, config)
    with _store(settings) as store:
        if fmt in ("csv", "parquet"):
            if out_path is None:
                raise ConfigError(
                    f"--format {fmt} writes one file per kind", fix="give a folder with --out DIR"
                )
            written = write_tables(store, kinds, out_path, fmt)
            for name, n in written.items():
                err.print(f"{out_path / name}: {n} rows")
            return
        if fmt == "cameo" and kind and kind != ["event"]:
            raise ConfigError("--format cameo exports events only", fix="drop --kind, or use --kind event")
        fh = out_path.open("w", encoding="utf-8") if out_path else sys.stdout
        try:
            n = write_cameo(store, fh) if fmt == "cameo" else write_jsonl(iter_export(store, kinds), fh)
        finally:
            if out_path:
                fh.close()
        if out_path:
            err.print(f"{out_path}: {n} records")


@app.command()
@_friendly
def stats(
    db: DbOpt = None,
    config: ConfigOpt = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
) -> None:
    """Counts of articles, actors, each record kind and failures, and the last run."""
    from dataclasses import asdict

    settings = _settings(db, config)
    with _store(settings) as store:
        counts = store.counts()
        last = store.last_run()
    if fmt == "json":
        out.print_json(json.dumps({**counts, "last_run": asdict(last) if last else None}))
        return
    _check_table_format(fmt)
    table = Table(title=f"detente store {settings.db}", show_header=False)
    for key, value in counts.items():
        table.add_row(key, f"{value:,}")
    if last:
        table.add_row("last run", f"#{last.id} {last.started} · {last.command[:60]}")
        table.add_row(
            "",
            f"{last.added} added · {last.replaced} replaced · {last.unchanged} unchanged · {last.failed} failed",
        )
        table.add_row("", f"extractor {last.extractor_version} · model {last.model}")
    out.print(table)


def _check_table_format(fmt: str) -> None:
    if fmt != "table":
        raise ConfigError(f"unknown format '{fmt}'", fix="use --format table or --format json")


@app.command()
@_friendly
def failures(
    db: DbOpt = None,
    config: ConfigOpt = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    all_: Annotated[
        bool, typer.Option("--all", help="Also show failures whose input was later read fine.")
    ] = False,
) -> None:
    """What could not be read or processed, why, and how to fix it."""
    settings = _settings(db, config)
    with _store(settings) as store:
        rows = store.failures(include_resolved=all_)
    if fmt == "json":
        out.print_json(json.dumps([f.to_record() for f in rows]))
        return
    _check_table_format(fmt)
    if not rows:
        out.print("No failures.")
        return
    table = Table(title=f"{len(rows)} failure(s)")
    table.add_column("source")
    table.add_column("line", justify="right")
    table.add_column("reason")
    table.add_column("fix")
    table.add_column("last seen")
    for f in rows:
        table.add_row(f.source, str(f.line or ""), f.reason, f.fix, f.at)
    out.print(table)


@app.command()
@_friendly
def search(
    query: Annotated[str, typer.Argument(help='Words to find (FTS5 syntax works: "a b", a OR b, a NEAR b).')],
    db: DbOpt = None,
    config: ConfigOpt = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="At most this many articles.")] = 20,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
) -> None:
    """Full-text search over the stored articles, with snippets."""
    from dataclasses import asdict

    settings = _settings(db, config)
    with _store(settings) as store:
        hits = store.search(query, limit)
    if fmt == "json":
        out.print_json(json.dumps([asdict(h) for h in hits]))
        return
    _check_table_format(fmt)
    if not hits:
        out.print(f"No article matches {query!r}.")
        return
    for h in hits:
        out.print(
            f"[bold]{h.title or '(untitled)'}[/] [dim]{h.outlet or ''} {h.published or ''} · {h.article_id}[/]"
        )
        out.print("  " + re.sub(r"\*\*(.+?)\*\*", r"[bold yellow]\1[/]", escape(h.snippet)))


@app.command("eval")
@_friendly
def eval_(
    gold: Annotated[
        Path,
        typer.Argument(help="Gold facts (JSONL, the gold form of the record contract).", show_default=False),
    ],
    articles: Annotated[
        Path,
        typer.Argument(help="The articles the gold is about (JSONL with id and text).", show_default=False),
    ],
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Keep the evaluation's store in this file to inspect its records (default: a temporary store).",
            show_default=False,
        ),
    ] = None,
    config: ConfigOpt = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    misses: Annotated[bool, typer.Option("--misses", help="List the gold facts not found, and why.")] = False,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="At most this many misses.")] = 200,
    workers: Annotated[
        int | None, typer.Option("--workers", "-w", min=1, help="Worker processes for parsing.")
    ] = None,
) -> None:
    """Score extraction against annotated news: recall per kind, accuracy of dates, status, places."""
    from detente.evaluate import evaluate, render, report_json

    settings = _settings(None, config, workers=workers)
    report = evaluate(gold, articles, settings, db=db)
    if fmt == "json":
        data = report_json(report)
        if not misses:
            data.pop("misses", None)
        out.print_json(json.dumps(data))
        return
    _check_table_format(fmt)
    out.print(render(report, misses=misses, limit=limit))


@app.command()
@_friendly
def demo(
    db: DbOpt = None,
    config: ConfigOpt = None,
    workers: Annotated[
        int | None, typer.Option("--workers", "-w", min=1, help="Worker processes for parsing.")
    ] = None,
) -> None:
    """Ingest the bundled demo corpus (the 2025 Istanbul talks) and write its briefing (and briefing.html)."""
    from importlib import resources

    from rich.markdown import Markdown

    from detente.lexicon.taxonomy import load_taxonomy
    from detente.report.briefing import build_briefing
    from detente.report.render import to_html, to_markdown

    settings = _settings(db, config, workers=workers)
    with resources.as_file(resources.files("detente").joinpath("data/demo")) as folder:
        out.print(f"[bold]detente demo[/] · corpus {folder} → store {settings.db}")
        summary = run_ingest([str(folder)], settings, None, False, "demo")
    with _store(settings) as store:
        counts = store.counts()
        briefing = build_briefing(store, load_taxonomy(settings.knowledge))
    out.print(
        f"\n[bold]{counts['articles']}[/] articles · [bold]{counts['actors']}[/] actors · {counts['events']} events · "
        f"{counts['stories']} story events · {counts['quotes']} quotes · {counts['positions']} positions · "
        f"{counts['failures']} failures\n"
    )
    text = to_markdown(briefing)
    out.print(Markdown(text) if out.is_terminal else text, markup=False, highlight=False)
    html_path = Path(settings.db).with_name("briefing.html")
    html_path.write_text(to_html(briefing), encoding="utf-8")
    err.print(
        f"\nbriefing written to {html_path} · next: detente positions, detente quotes, detente timeline"
    )
    raise typer.Exit(0 if summary.ok else 1)


def _version(value: bool) -> None:
    if value:
        out.print(f"detente {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Sourced, structured knowledge from news about conflicts and negotiations."""


def main() -> None:
    """Entry point of the `detente` command."""
    app()


from detente import cli_views  # noqa: E402, F401  (registers the commands over stored knowledge)
