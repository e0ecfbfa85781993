"""What is known, as prose and as a time line: `brief` and `timeline` (both read-only)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markdown import Markdown
from rich.table import Table

from detente.cli._common import (
    BriefFormat,
    ConfigOpt,
    DbOpt,
    TimelineFormat,
    check_date,
    choice,
    err,
    out,
    plain,
    reading,
    safe,
    settings_for,
)

QueryOpt = Annotated[str | None, typer.Option("--query", help="Only articles matching this search.")]
ActorOpt = Annotated[str | None, typer.Option("--actor", help="Only articles that mention this actor.")]
SinceOpt = Annotated[
    str | None,
    typer.Option("--since", help="Say what changed in articles published on or after (YYYY-MM-DD)."),
]
UntilOpt = Annotated[
    str | None, typer.Option("--until", help="Only articles published on or before (YYYY-MM-DD).")
]
_TIMELINE_FIELDS = ["date", "type", "status", "sources", "text", "story_id"]


def brief(
    query: QueryOpt = None,
    actor: ActorOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    fmt: Annotated[
        BriefFormat,
        typer.Option("--format", "-f", help="Markdown, HTML or JSON.", parser=choice(BriefFormat)),
    ] = BriefFormat.md,
    out_path: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write to this file instead of the terminal.")
    ] = None,
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """What is known: a cited briefing (lead, meetings, people, stances, quotes, what next, background)."""
    from detente.lexicon.taxonomy import load_taxonomy
    from detente.report.briefing import Scope, build_briefing
    from detente.report.render import to_html, to_json, to_markdown

    scope = Scope(
        query=query, actor=actor, since=check_date("--since", since), until=check_date("--until", until)
    )
    settings = settings_for(db, config)
    with reading(settings) as store:
        briefing = build_briefing(store, load_taxonomy(settings.knowledge), scope)
    if fmt is BriefFormat.html:
        text = to_html(briefing)
    elif fmt is BriefFormat.json:
        text = json.dumps(to_json(briefing), ensure_ascii=False, indent=1)
    else:
        text = to_markdown(briefing)
    if out_path is not None:
        out_path.write_text(text, encoding="utf-8")
        err.print(f"{safe(out_path)}: {len(briefing.citations)} sources cited")
    elif fmt is BriefFormat.md and out.is_terminal:
        out.print(Markdown(plain(text)))
    else:
        out.print(plain(text) if out.is_terminal else text, markup=False, highlight=False)


def timeline(
    query: QueryOpt = None,
    actor: ActorOpt = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Only story events on or after (YYYY-MM-DD).")
    ] = None,
    until: UntilOpt = None,
    fmt: Annotated[
        TimelineFormat,
        typer.Option(
            "--format", "-f", help="A table, or CSV, JSON, or HTML (a chart).", parser=choice(TimelineFormat)
        ),
    ] = TimelineFormat.table,
    out_path: Annotated[Path | None, typer.Option("--out", "-o", help="Write to this file.")] = None,
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Story events by date: what happened and what is planned, with how many outlets report each."""
    from detente.lexicon.taxonomy import load_taxonomy
    from detente.report.briefing import Scope, build_briefing

    first = check_date("--since", since)
    scope = Scope(query=query, actor=actor, until=check_date("--until", until))
    settings = settings_for(db, config)
    with reading(settings) as store:
        rows = build_briefing(store, load_taxonomy(settings.knowledge), scope).timeline
    if first:
        rows = [r for r in rows if (r["date"] or "") >= first]
    if fmt is TimelineFormat.table and out_path is None:
        out.print(_timeline_table(rows))
        return
    text = _timeline_text(rows, fmt)
    if out_path is not None:
        out_path.write_text(text, encoding="utf-8")
        err.print(f"{safe(out_path)}: {len(rows)} story events")
    else:
        out.print(plain(text) if out.is_terminal else text, markup=False, highlight=False)


def _timeline_table(rows: list[dict[str, Any]]) -> Table:
    table = Table(title="timeline of story events")
    for col in ("date", "type", "status", "sources", "what"):
        table.add_column(col)
    for r in rows:
        table.add_row(safe(r["date"]), safe(r["type"]), safe(r["status"]), str(r["sources"]), safe(r["text"]))
    return table


def _timeline_text(rows: list[dict[str, Any]], fmt: TimelineFormat) -> str:
    """The timeline as a file's text: JSON, CSV, an HTML page with the chart, or tab-separated lines."""
    import csv
    import io

    from detente.report.render import _svg_timeline

    if fmt is TimelineFormat.json:
        return json.dumps(rows, ensure_ascii=False)
    if fmt is TimelineFormat.csv:
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=_TIMELINE_FIELDS)
        writer.writeheader()
        writer.writerows(rows)
        return buf.getvalue()
    if fmt is TimelineFormat.html:
        return (
            "<!DOCTYPE html><html><head><meta charset='utf-8'><title>timeline</title></head>"
            f"<body>{_svg_timeline(rows)}</body></html>"
        )
    return "\n".join(f"{r['date']}\t{r['type']}\t{r['status']}\t{r['sources']}\t{r['text']}" for r in rows)
