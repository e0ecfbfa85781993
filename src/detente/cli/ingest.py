"""The commands that write the store: `ingest`, `reextract`, `demo` and `migrate`.

Ctrl-C or SIGTERM during a run: the batch being written is rolled back, the run is recorded
as interrupted, what was stored is printed, and the exit code is 130.
"""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Annotated

import typer
from rich.text import Text

from detente.cli._common import (
    ConfigOpt,
    DbOpt,
    WorkersOpt,
    check_date,
    err,
    out,
    print_failure,
    reading,
    safe,
    settings_for,
    writing,
)
from detente.cli.scale import EngineOpt, ParquetOutOpt, SchedulerOpt, run_to_parquet
from detente.config import Settings
from detente.errors import ConfigError
from detente.records import RunSummary
from detente.store import Store, shown


def parse_fields(pairs: list[str] | None) -> dict[str, str] | None:
    """`--field NAME=INPUT_NAME` options as a mapping (None when there are none)."""
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


INTERRUPTED = 130
"""The exit code of a run stopped by Ctrl-C or SIGTERM (128 + SIGINT, as shells report it)."""


@contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM stops a run the way Ctrl-C does: the batch is rolled back and the run recorded."""

    def stop(_signum: int, _frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread (an embedding application): leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def run_ingest(
    specs: list[str], settings: Settings, published: str | None, fetch: bool, command: str
) -> RunSummary:
    """Ingest with a progress bar on a terminal, one line per failure, and a summary."""
    from detente.pipeline import ingest

    def work(store: Store, on_progress: Callable[[int, int], None]) -> RunSummary:
        return ingest(
            specs,
            store,
            settings,
            published=published,
            fetch=fetch,
            command=command,
            on_progress=on_progress,
            on_failure=print_failure,
        )

    return _with_progress(settings, "ingest", work)


def _with_progress(
    settings: Settings, label: str, work: Callable[[Store, Callable[[int, int], None]], RunSummary]
) -> RunSummary:
    """Run `work` on the writable store with a progress bar; an interrupted run exits 130."""
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from detente.pipeline import Interrupted

    with writing(settings) as store:
        progress = Progress(
            SpinnerColumn(),
            TextColumn(f"[bold]{label}[/]"),
            BarColumn(bar_width=None),
            TextColumn(
                "{task.completed} articles · {task.fields[rate]:.1f}/s · {task.fields[words]:,} words"
            ),
            TimeElapsedColumn(),
            console=err,
            transient=True,
            disable=not err.is_terminal,
        )
        with progress:
            task = progress.add_task(label, total=None, rate=0.0, words=0)

            def on_progress(done: int, words: int) -> None:
                elapsed = progress.tasks[0].elapsed or 0.0
                progress.update(task, completed=done, words=words, rate=done / elapsed if elapsed else 0.0)

            try:
                with _terminate_as_interrupt():
                    summary = work(store, on_progress)
            except Interrupted as stop:
                progress.stop()
                _print_summary(stop.summary, interrupted=True)
                raise typer.Exit(INTERRUPTED) from None
    _print_summary(summary)
    return summary


def _print_summary(summary: RunSummary, interrupted: bool = False) -> None:
    total = summary.added + summary.replaced + summary.reextracted + summary.unchanged
    rate = total / summary.seconds if summary.seconds else 0.0
    again = f", {summary.reextracted} re-extracted" if summary.reextracted else ""
    line = (
        f"{summary.added} added, {summary.replaced} replaced{again}, {summary.unchanged} unchanged"
        f" · {summary.failed} failed · {summary.seconds:.1f} s ({rate:.1f} articles/s)"
    )
    if interrupted:
        err.print(Text.assemble(("✗ interrupted: ", "red"), line, " stored before the stop"))
        err.print("  run the same command again to finish; nothing stored is lost")
        return
    err.print(Text.assemble(("✓ ", "green") if summary.ok else ("! ", "yellow"), line))
    if not summary.ok:
        err.print("  see [bold]detente failures[/] for what to fix")


def reextract(
    db: DbOpt = None,
    config: ConfigOpt = None,
    workers: WorkersOpt = None,
    stale: Annotated[
        bool,
        typer.Option(
            "--stale", help="Only articles made by another extractor version or whose extraction failed."
        ),
    ] = False,
) -> None:
    """Extract every stored article again with the current extractor (texts are not read or fetched again)."""
    from detente.pipeline import reextract as redo

    settings = settings_for(db, config, workers=workers)
    with reading(settings):
        pass  # a missing store is exit 2 here, before anything is created

    def work(store: Store, on_progress: Callable[[int, int], None]) -> RunSummary:
        return redo(store, settings, only_stale=stale, on_progress=on_progress, on_failure=print_failure)

    summary = _with_progress(settings, "reextract", work)
    raise typer.Exit(0 if summary.ok else 1)


def ingest(
    paths: Annotated[
        list[str],
        typer.Argument(help="Files, folders (recursive), - for stdin, or http(s) URLs.", show_default=False),
    ],
    db: DbOpt = None,
    config: ConfigOpt = None,
    workers: WorkersOpt = None,
    published: Annotated[
        str | None,
        typer.Option("--published", help="Publication date (YYYY-MM-DD) for inputs that carry none."),
    ] = None,
    fetch: Annotated[bool, typer.Option("--fetch", help="Fetch each feed entry's linked page.")] = False,
    field: Annotated[
        list[str] | None, typer.Option("--field", help="Map a JSON field: detente name=input name (repeat).")
    ] = None,
    model: Annotated[str | None, typer.Option("--model", help="The spaCy pipeline package to use.")] = None,
    engine: EngineOpt = None,
    scheduler: SchedulerOpt = None,
    parquet_out: ParquetOutOpt = None,
) -> None:
    """Read news reports into the store: .txt .md .html .jsonl .json RSS/Atom, stdin and URLs."""
    date = check_date("--published", published)
    fields = parse_fields(field)
    settings = settings_for(db, config, workers=workers, model=model, engine=engine, scheduler=scheduler)
    if fields:
        settings = settings.replace(fields={**settings.fields, **fields})
    if parquet_out is not None:
        written = run_to_parquet(paths, settings, date, fetch, parquet_out)
        raise typer.Exit(0 if written.ok else 1)
    summary = run_ingest(paths, settings, date, fetch, "ingest " + " ".join(paths))
    raise typer.Exit(0 if summary.ok else 1)


def demo(db: DbOpt = None, config: ConfigOpt = None, workers: WorkersOpt = None) -> None:
    """Ingest the bundled demo corpus (the 2025 Istanbul talks) and write its briefing (and briefing.html)."""
    from importlib import resources

    from rich.markdown import Markdown

    from detente.lexicon.taxonomy import load_taxonomy
    from detente.report.briefing import build_briefing
    from detente.report.render import to_html, to_markdown

    settings = settings_for(db, config, workers=workers)
    with resources.as_file(resources.files("detente").joinpath("data/demo")) as folder:
        out.print(f"[bold]detente demo[/] · corpus {safe(folder)} → store {safe(shown(settings.db))}")
        summary = run_ingest([str(folder)], settings, None, False, "demo")
    with reading(settings) as store:
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
        f"\nbriefing written to {safe(html_path)} · next: detente positions, detente quotes, detente timeline"
    )
    raise typer.Exit(0 if summary.ok else 1)


def migrate(db: DbOpt = None, config: ConfigOpt = None) -> None:
    """Create the store, or bring an older one's tables up to this version (ingest does this too)."""
    settings = settings_for(db, config)
    with writing(settings):
        pass  # opening to write applies whatever migration is pending
    with reading(settings) as store:
        counts = store.counts()
    err.print(f"{safe(shown(settings.db))}: up to date · {counts['articles']:,} articles")
