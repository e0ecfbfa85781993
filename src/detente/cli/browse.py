"""Reading the store as it is: `stats`, `failures`, `search` and `export` (all read-only)."""

from __future__ import annotations

import json
import re
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from detente.cli._common import (
    ConfigOpt,
    DbOpt,
    ExportFormat,
    TableFormat,
    TableFormatOpt,
    choice,
    err,
    out,
    plain,
    reading,
    safe,
    settings_for,
)
from detente.errors import ConfigError
from detente.store import shown


def export(
    db: DbOpt = None,
    config: ConfigOpt = None,
    fmt: Annotated[
        ExportFormat,
        typer.Option("--format", "-f", help="The file format.", parser=choice(ExportFormat, "export format")),
    ] = ExportFormat.jsonl,
    kind: Annotated[
        list[str] | None,
        typer.Option("--kind", "-k", help="Record kinds to export (repeat); all by default."),
    ] = None,
    out_path: Annotated[
        Path | None, typer.Option("--out", "-o", help="Output file (jsonl, cameo) or folder (csv, parquet).")
    ] = None,
    min_confidence: Annotated[
        float | None,
        typer.Option(
            "--min-confidence",
            metavar="P",
            min=0.0,
            max=1.0,
            help="Leave out records whose confidence is below this (events, quotes, positions); other kinds are all kept.",
        ),
    ] = None,
) -> None:
    """Write stored records in the record contract's formats (stdout for jsonl and cameo)."""
    from detente.report.export import check_kinds, iter_export, write_cameo, write_jsonl, write_tables

    kinds = check_kinds(kind)
    tables = fmt in (ExportFormat.csv, ExportFormat.parquet)
    if tables and out_path is None:
        raise ConfigError(
            f"--format {fmt.value} writes one file per kind", fix="give a folder with --out DIR"
        )
    if fmt is ExportFormat.cameo and kind and kind != ["event"]:
        raise ConfigError("--format cameo exports events only", fix="drop --kind, or use --kind event")
    settings = settings_for(db, config)
    with reading(settings) as store:
        if tables and out_path is not None:
            for name, n in write_tables(store, kinds, out_path, fmt.value, min_confidence).items():
                err.print(f"{safe(out_path / name)}: {n} rows")
            return
        fh = out_path.open("w", encoding="utf-8") if out_path else sys.stdout
        try:
            if fmt is ExportFormat.cameo:
                n = write_cameo(store, fh, min_confidence)
            else:
                n = write_jsonl(iter_export(store, kinds, min_confidence), fh)
        finally:
            if out_path:
                fh.close()
    if out_path:
        err.print(f"{safe(out_path)}: {n} records")


def stats(db: DbOpt = None, config: ConfigOpt = None, fmt: TableFormatOpt = TableFormat.table) -> None:
    """Counts of articles, actors, each record kind and failures, and the last run."""
    settings = settings_for(db, config)
    with reading(settings) as store:
        counts = store.counts()
        last = store.last_run()
    if fmt is TableFormat.json:
        out.print_json(json.dumps({**counts, "last_run": asdict(last) if last else None}))
        return
    table = Table(title=f"detente store {safe(shown(settings.db))}", show_header=False)
    for key, value in counts.items():
        table.add_row(key, f"{value:,}")
    if last:
        table.add_row("last run", f"#{last.id} {safe(last.started)} · {safe(last.command[:60])}")
        table.add_row(
            "",
            f"{last.added} added · {last.replaced} replaced · {last.unchanged} unchanged · {last.failed} failed",
        )
        table.add_row("", f"extractor {safe(last.extractor_version)} · model {safe(last.model)}")
    out.print(table)


def failures(
    db: DbOpt = None,
    config: ConfigOpt = None,
    fmt: TableFormatOpt = TableFormat.table,
    all_: Annotated[
        bool, typer.Option("--all", help="Also show failures whose input was later read fine.")
    ] = False,
) -> None:
    """What could not be read or processed, why, and how to fix it."""
    settings = settings_for(db, config)
    with reading(settings) as store:
        rows = store.failures(include_resolved=all_)
    if fmt is TableFormat.json:
        out.print_json(json.dumps([f.to_record() for f in rows]))
        return
    if not rows:
        out.print("No failures.")
        return
    table = Table(title=f"{len(rows)} failure(s)")
    for col in ("source", "line", "reason", "fix", "last seen"):
        table.add_column(col, justify="right" if col == "line" else "left")
    for f in rows:
        table.add_row(safe(f.source), str(f.line or ""), safe(f.reason), safe(f.fix), safe(f.at))
    out.print(table)


def search(
    query: Annotated[str, typer.Argument(help='Words to find (FTS5 syntax works: "a b", a OR b, a NEAR b).')],
    db: DbOpt = None,
    config: ConfigOpt = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="At most this many articles.")] = 20,
    fmt: TableFormatOpt = TableFormat.table,
) -> None:
    """Full-text search over the stored articles, with snippets."""
    settings = settings_for(db, config)
    with reading(settings) as store:
        hits = store.search(query, limit)
    if fmt is TableFormat.json:
        out.print_json(json.dumps([asdict(h) for h in hits]))
        return
    if not hits:
        out.print(f"No article matches {safe(repr(query))}.")
        return
    for h in hits:
        out.print(
            f"[bold]{safe(h.title or '(untitled)')}[/] "
            f"[dim]{safe(h.outlet or '')} {safe(h.published or '')} · {safe(h.article_id)}[/]"
        )
        out.print(_highlighted(h.snippet))


def _highlighted(snippet: str) -> Text:
    """The snippet indented, its **marked** matches in bold yellow (built as Text, never markup)."""
    text = Text("  ")
    for i, part in enumerate(re.split(r"\*\*(.+?)\*\*", plain(snippet))):
        text.append(part, style="bold yellow" if i % 2 else None)
    return text
