"""`detente eval`: score extraction against annotated news (its store is a temporary one)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from detente.cli._common import ConfigOpt, TableFormat, TableFormatOpt, WorkersOpt, out, settings_for
from detente.errors import ConfigError


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
    fmt: TableFormatOpt = TableFormat.table,
    misses: Annotated[bool, typer.Option("--misses", help="List the gold facts not found, and why.")] = False,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="At most this many misses.")] = 200,
    workers: WorkersOpt = None,
) -> None:
    """Score extraction against annotated news: recall per kind, accuracy of dates, status, places."""
    from detente.evaluate import evaluate, render, report_json

    for name, path in (("gold", gold), ("articles", articles)):
        if not path.exists():
            raise ConfigError(
                f"the {name} file {path} does not exist", fix=f"check the {name.upper()} argument"
            )
    settings = settings_for(None, config, workers=workers)
    report = evaluate(gold, articles, settings, db=db)
    if fmt is TableFormat.json:
        data = report_json(report)
        if not misses:
            data.pop("misses", None)
        out.print_json(json.dumps(data))
        return
    out.print(render(report, misses=misses, limit=limit))
