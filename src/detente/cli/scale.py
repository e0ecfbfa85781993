"""Scaling out: `ingest`'s `--engine`, `--scheduler` and `--parquet-out` options, and `load`.

`detente ingest … --engine dask --parquet-out DIR` has the workers write Parquet partitions
(the store is not opened); `detente load DIR` stores them in one pass.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from detente.cli._common import ConfigOpt, DbOpt, err, print_failure, safe, settings_for, writing
from detente.config import Settings
from detente.engines.parquet import Written

EngineOpt = Annotated[
    str | None,
    typer.Option(
        "--engine",
        help="local (this machine's processes) or dask (a Dask cluster; pip install 'detente[dask]').",
        show_default=False,
    ),
]
SchedulerOpt = Annotated[
    str | None,
    typer.Option(
        "--scheduler",
        help="The Dask scheduler's address (tcp://host:8786); without it a local cluster of --workers.",
        show_default=False,
    ),
]
ParquetOutOpt = Annotated[
    Path | None,
    typer.Option(
        "--parquet-out",
        help="Write the facts as Parquet partitions in this folder instead of the store (then: detente load).",
        show_default=False,
    ),
]


def run_to_parquet(
    specs: list[str], settings: Settings, published: str | None, fetch: bool, folder: Path
) -> Written:
    """Extract `specs` into partitions in `folder`, one line per failure, and a summary line."""
    from detente.engines.parquet import extract_to_parquet

    written = extract_to_parquet(
        specs, settings, folder, published=published, fetch=fetch, on_failure=print_failure
    )
    rate = written.articles / written.seconds if written.seconds else 0.0
    line = (
        f"{written.articles} articles in {written.partitions} partitions · {written.failed} failed"
        f" · {written.seconds:.1f} s ({rate:.1f} articles/s) · next: detente load {safe(written.folder)}"
    )
    err.print(Text.assemble(("✓ ", "green") if written.ok else ("! ", "yellow"), line))
    return written


def load(
    folder: Annotated[
        Path,
        typer.Argument(help="A folder of partitions written by ingest --parquet-out.", show_default=False),
    ],
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Store the Parquet partitions of ingest --parquet-out in one pass; loading twice changes nothing."""
    from detente.engines.parquet import load as load_partitions

    settings = settings_for(db, config)
    with writing(settings) as store:
        summary = load_partitions(folder, store, settings, on_failure=print_failure)
    line = (
        f"{summary.added} added, {summary.replaced} replaced, {summary.reextracted} re-extracted,"
        f" {summary.unchanged} unchanged · {summary.failed} failed · {summary.seconds:.1f} s"
    )
    err.print(Text.assemble(("✓ ", "green") if summary.ok else ("! ", "yellow"), line))
    raise typer.Exit(0 if summary.ok else 1)
