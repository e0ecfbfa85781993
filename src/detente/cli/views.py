"""Views over stored knowledge: `positions` (who stands where on what) and `quotes` (who said what).

Both read the store only; the tables are built by `detente.report.views`.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Annotated

import typer
from rich.table import Table

from detente.cli._common import (
    ConfigOpt,
    DbOpt,
    TableFormat,
    TableFormatOpt,
    out,
    reading,
    safe,
    settings_for,
)
from detente.errors import ConfigError

_STANCE_COLOURS = {"support": "green", "oppose": "red", "conditional": "yellow"}


def positions(
    issue: Annotated[
        str | None, typer.Option("--issue", "-i", help="Only this issue slug (e.g. ceasefire).")
    ] = None,
    party: Annotated[
        str | None, typer.Option("--party", "-p", help="Only parties whose name contains this.")
    ] = None,
    history: Annotated[
        bool, typer.Option("--history", help="Every report of each stance, oldest first.")
    ] = False,
    db: DbOpt = None,
    config: ConfigOpt = None,
    fmt: TableFormatOpt = TableFormat.table,
) -> None:
    """Where each party stands on each issue: latest stance, date, reports and strongest quote."""
    from detente.lexicon.taxonomy import load_taxonomy
    from detente.report.views import position_table

    settings = settings_for(db, config)
    taxonomy = load_taxonomy(settings.knowledge)
    slugs = [i.slug for i in taxonomy.issues]
    if issue and issue not in {*slugs, "other"}:
        raise ConfigError(f"unknown issue '{issue}'", fix=f"use one of: {', '.join(slugs)}, other")
    with reading(settings) as store:
        rows = position_table(store, taxonomy, issue=issue, party=party, history=history)
    if fmt is TableFormat.json:
        data = [asdict(r) for r in rows]
        if not history:
            for d in data:
                d.pop("history")
        out.print_json(json.dumps(data))
        return
    if not rows:
        out.print("No positions stored" + (" for that filter." if issue or party else "."))
        return
    table = Table(title="where the parties stand", show_lines=history)
    for col in ("issue", "party", "stance", "as of", "reports", "strongest quote"):
        table.add_column(col, justify="right" if col == "reports" else "left")
    for r in rows:
        quote = f"“{r.quote}” ({r.quote_source})" if r.quote else ""
        stance = f"[{_STANCE_COLOURS.get(r.stance, 'white')}]{safe(r.stance)}[/]"
        table.add_row(
            safe(r.issue), safe(r.party), stance, safe(r.date), f"{r.agreeing}/{r.reports}", safe(quote[:160])
        )
        for h in r.history if history else ():
            table.add_row(
                "",
                "",
                f"[dim]{safe(h.stance)}[/]",
                f"[dim]{safe(h.date)}[/]",
                "",
                f"[dim]{safe(h.outlet or '')}: {safe(h.evidence[:140])}[/]",
            )
    out.print(table)


def quotes(
    speaker: Annotated[
        str | None, typer.Option("--speaker", "-s", help="Only quotes by a speaker whose name contains this.")
    ] = None,
    search: Annotated[
        str | None, typer.Option("--search", "-q", help="Only quotes whose words contain this.")
    ] = None,
    direct: Annotated[
        bool, typer.Option("--direct", help="Only direct quotes (no reported speech).")
    ] = False,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="At most this many quotes.")] = 50,
    db: DbOpt = None,
    config: ConfigOpt = None,
    fmt: TableFormatOpt = TableFormat.table,
) -> None:
    """Who said what: quotes with speaker, date and outlet, newest first; a quote several
    outlets carried is shown once, with the outlets that carried it."""
    from detente.knowledge.quotes import outlets_of
    from detente.report.views import grouped_quotes

    settings = settings_for(db, config)
    with reading(settings) as store:
        groups = grouped_quotes(store, speaker=speaker, search=search, direct_only=direct, limit=limit)
    if fmt is TableFormat.json:
        shown = [
            {
                **asdict(g.first),
                "carried_by": len(outlets_of(g, lambda r: r.outlet)),
                "outlets": outlets_of(g, lambda r: r.outlet),
                "variants": [asdict(r) for r in g.items[1:]],
            }
            for g in groups
        ]
        out.print_json(json.dumps(shown))
        return
    if not groups:
        out.print("No quotes match.")
        return
    for g in groups:
        r = g.first
        mark = "“" + g.text + "”" if r.direct else g.text
        out.print(
            f"[bold]{safe(r.speaker or 'unknown')}[/] "
            f"[dim]{safe(r.cue or '')} · {safe(r.date or '')} · {safe(r.outlet or '')}[/]"
        )
        out.print("  " + safe(mark))
        outlets = outlets_of(g, lambda x: x.outlet)
        if len(outlets) > 1:
            out.print(f"  [dim]carried by {len(outlets)} outlets: {safe(', '.join(outlets))}[/]")
