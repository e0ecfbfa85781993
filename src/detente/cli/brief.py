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
MinConfidenceOpt = Annotated[
    float | None,
    typer.Option(
        "--min-confidence",
        metavar="P",
        min=0.0,
        max=1.0,
        help="Use a story one outlet alone reports only if one of its events is at least this sure "
        "(default 0.5; 0 uses all; stories two outlets report are always used).",
    ),
]
DetailOpt = Annotated[
    bool,
    typer.Option("--detail", help="Every fact, not the ~40 best ranked (confidence × outlets × recency)."),
]


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
    detail: DetailOpt = False,
    min_confidence: MinConfidenceOpt = None,
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """What is known: a cited briefing (lead, meetings, people, stances, quotes, what next, background)."""
    from detente.lexicon.taxonomy import load_taxonomy
    from detente.report.briefing import MIN_CONFIDENCE, Scope, build_briefing
    from detente.report.render import to_html, to_json, to_markdown

    scope = Scope(
        query=query,
        actor=actor,
        since=check_date("--since", since),
        until=check_date("--until", until),
        min_confidence=MIN_CONFIDENCE if min_confidence is None else min_confidence,
    )
    settings = settings_for(db, config)
    with reading(settings) as store:
        briefing = build_briefing(
            store, load_taxonomy(settings.knowledge), scope, detail=detail, timeline=fmt is not BriefFormat.md
        )
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
    min_confidence: MinConfidenceOpt = None,
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Story events by date: what happened and what is planned, with how many outlets report each."""
    from detente.lexicon.taxonomy import load_taxonomy
    from detente.report.briefing import MIN_CONFIDENCE, Scope, build_briefing
    from detente.report.timeline import select, to_text

    first, last = check_date("--since", since), check_date("--until", until)
    sure = MIN_CONFIDENCE if min_confidence is None else min_confidence
    scope = Scope(query=query, actor=actor, until=last, min_confidence=sure)
    settings = settings_for(db, config)
    with reading(settings) as store:
        rows = select(build_briefing(store, load_taxonomy(settings.knowledge), scope).timeline, first, last)
    if fmt is TimelineFormat.table and out_path is None:
        out.print(_timeline_table(rows))
        return
    text = to_text(rows, fmt.value)
    if out_path is not None:
        out_path.write_text(text, encoding="utf-8")
        err.print(f"{safe(out_path)}: {len(rows)} story events")
    else:
        out.print(plain(text) if out.is_terminal else text, markup=False, highlight=False)


def _timeline_table(rows: list[dict[str, Any]]) -> Table:
    table = Table(title="timeline of story events")
    for col in ("date", "state", "sources", "what"):
        table.add_column(col)
    for r in rows:
        table.add_row(
            safe(r["date"]), safe(r.get("state") or r["status"]), str(r["sources"]), safe(r["label"])
        )
    return table
