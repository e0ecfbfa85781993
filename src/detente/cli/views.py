"""The commands over stored knowledge: actors (list, merge, split), positions, quotes, brief, timeline.

Thin shells over library calls, registered on the `detente` app.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markdown import Markdown
from rich.markup import escape
from rich.table import Table

from detente.cli import ConfigOpt, DbOpt, _check_table_format, _friendly, _settings, _store, app, err, out
from detente.errors import ConfigError

actors_app = typer.Typer(help="Canonical actors: list them, merge two into one, split an alias off.")
app.add_typer(actors_app, name="actors")


@actors_app.callback(invoke_without_command=True)
@_friendly
def actors(
    ctx: typer.Context,
    query: Annotated[
        str | None, typer.Option("--query", "-q", help="Only actors whose name or alias contains this.")
    ] = None,
    db: DbOpt = None,
    config: ConfigOpt = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="At most this many actors.")] = 50,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    roles: Annotated[
        bool, typer.Option("--roles", help="Also each actor's roles, with dates and sources.")
    ] = False,
) -> None:
    """Canonical actors with their codes, aliases and how often they are mentioned (merge and split them)."""
    from dataclasses import asdict

    from detente.report.views import actor_roles

    if ctx.invoked_subcommand is not None:
        return
    settings = _settings(db, config)
    with _store(settings) as store:
        infos = store.actors(query, limit)
        held = actor_roles(store, [i.actor.id for i in infos]) if roles else {}
    if fmt == "json":
        rows = [{**i.actor.to_record(), "mentions": i.mentions, "articles": i.articles} for i in infos]
        if roles:
            for row in rows:
                row["roles"] = [asdict(r) for r in held.get(row["id"], [])]
        out.print_json(json.dumps(rows))
        return
    _check_table_format(fmt)
    table = Table(title="actors")
    for col in ("name", "type", "code", "mentions", "articles", "aliases"):
        table.add_column(col, justify="right" if col in ("mentions", "articles") else "left")
    for i in infos:
        a = i.actor
        table.add_row(
            a.name,
            a.type,
            (a.country or "") + (a.sector or ""),
            str(i.mentions),
            str(i.articles),
            ", ".join(a.aliases[:6]),
        )
    out.print(table)
    for i in infos:
        for r in held.get(i.actor.id, []):
            out.print(
                f"  {escape(i.actor.name)}: {escape(r.role)} [dim]({r.date or 'undated'}, {escape(r.outlet or '')})[/]"
            )


@app.command()
@_friendly
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
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
) -> None:
    """Where each party stands on each issue: latest stance, date, reports and strongest quote."""
    from dataclasses import asdict

    from detente.lexicon.taxonomy import load_taxonomy
    from detente.report.views import position_table

    settings = _settings(db, config)
    taxonomy = load_taxonomy(settings.knowledge)
    if issue and issue not in {i.slug for i in taxonomy.issues} | {"other"}:
        raise ConfigError(
            f"unknown issue '{issue}'", fix=f"use one of: {', '.join(i.slug for i in taxonomy.issues)}, other"
        )
    with _store(settings) as store:
        rows = position_table(store, taxonomy, issue=issue, party=party)
    if fmt == "json":
        data = [asdict(r) for r in rows]
        if not history:
            for d in data:
                d.pop("history")
        out.print_json(json.dumps(data))
        return
    _check_table_format(fmt)
    if not rows:
        out.print("No positions stored" + (" for that filter." if issue or party else "."))
        return
    table = Table(title="where the parties stand", show_lines=history)
    for col in ("issue", "party", "stance", "as of", "reports", "strongest quote"):
        table.add_column(col, justify="right" if col == "reports" else "left")
    colours = {"support": "green", "oppose": "red", "conditional": "yellow"}
    for r in rows:
        quote = f"“{r.quote}” ({r.quote_source})" if r.quote else ""
        stance = f"[{colours.get(r.stance, 'white')}]{r.stance}[/]"
        table.add_row(
            r.issue, escape(r.party), stance, r.date or "", f"{r.agreeing}/{r.reports}", escape(quote[:160])
        )
        if history:
            for h in r.history:
                table.add_row(
                    "",
                    "",
                    f"[dim]{h.stance}[/]",
                    f"[dim]{h.date or ''}[/]",
                    "",
                    f"[dim]{escape(h.outlet or '')}: {escape(h.evidence[:140])}[/]",
                )
    out.print(table)


@app.command()
@_friendly
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
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
) -> None:
    """Who said what: quotes with speaker, date and outlet, newest first."""
    from dataclasses import asdict

    from detente.report.views import quote_list

    settings = _settings(db, config)
    with _store(settings) as store:
        rows = quote_list(store, speaker=speaker, search=search, direct_only=direct, limit=limit)
    if fmt == "json":
        out.print_json(json.dumps([asdict(r) for r in rows]))
        return
    _check_table_format(fmt)
    if not rows:
        out.print("No quotes match.")
        return
    for r in rows:
        mark = "“" + r.text + "”" if r.direct else r.text
        out.print(
            f"[bold]{escape(r.speaker or 'unknown')}[/] [dim]{escape(r.cue or '')} · {r.date or ''} · {escape(r.outlet or '')}[/]"
        )
        out.print("  " + escape(mark))


@actors_app.command("merge")
@_friendly
def actors_merge(
    keep: Annotated[str, typer.Argument(help="The actor to keep (id, name or alias).", show_default=False)],
    other: Annotated[
        str, typer.Argument(help="The actor that is the same one (id, name or alias).", show_default=False)
    ],
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Make two actors one, for good: later ingests keep them together."""
    settings = _settings(db, config)
    with _store(settings) as store:
        kept = store.merge_actors(keep, other)
        store.update_stories()
    out.print(f"merged into [bold]{escape(kept)}[/]")


@actors_app.command("split")
@_friendly
def actors_split(
    actor: Annotated[str, typer.Argument(help="The actor (id, name or alias).", show_default=False)],
    alias: Annotated[str, typer.Argument(help="The name that belongs to someone else.", show_default=False)],
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Take a name away from an actor as an actor of its own, for good: later ingests keep them apart."""
    settings = _settings(db, config)
    with _store(settings) as store:
        new = store.split_actor(actor, alias)
        store.update_stories()
    out.print(f"'{escape(alias)}' is now [bold]{escape(new)}[/]")


def _scope(query: str | None, actor: str | None, since: str | None, until: str | None):  # type: ignore[no-untyped-def]
    from detente.ingest.normalize import iso_date
    from detente.report.briefing import Scope

    for name, value in (("--since", since), ("--until", until)):
        if value is not None and iso_date(value) is None:
            raise ConfigError(f"{name} {value!r} is not a date", fix="write it as YYYY-MM-DD")
    return Scope(query=query, actor=actor, since=iso_date(since), until=iso_date(until))


QueryOpt = Annotated[str | None, typer.Option("--query", help="Only articles matching this search.")]
ActorOpt = Annotated[str | None, typer.Option("--actor", help="Only articles that mention this actor.")]
SinceOpt = Annotated[
    str | None,
    typer.Option("--since", help="Say what changed in articles published on or after (YYYY-MM-DD)."),
]
UntilOpt = Annotated[
    str | None, typer.Option("--until", help="Only articles published on or before (YYYY-MM-DD).")
]


@app.command()
@_friendly
def brief(
    query: QueryOpt = None,
    actor: ActorOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="md, html or json.")] = "md",
    out_path: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write to this file instead of the terminal.")
    ] = None,
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """What is known: a cited briefing (lead, meetings, people, stances, quotes, what next, background)."""
    from detente.lexicon.taxonomy import load_taxonomy
    from detente.report.briefing import build_briefing
    from detente.report.render import to_html, to_json, to_markdown

    if fmt not in ("md", "html", "json"):
        raise ConfigError(f"unknown format '{fmt}'", fix="use --format md, html or json")
    settings = _settings(db, config)
    scope = _scope(query, actor, since, until)
    with _store(settings) as store:
        briefing = build_briefing(store, load_taxonomy(settings.knowledge), scope)
    text = (
        to_html(briefing)
        if fmt == "html"
        else json.dumps(to_json(briefing), ensure_ascii=False, indent=1)
        if fmt == "json"
        else to_markdown(briefing)
    )
    if out_path is not None:
        out_path.write_text(text, encoding="utf-8")
        err.print(f"{out_path}: {len(briefing.citations)} sources cited")
    elif fmt == "md" and out.is_terminal:
        out.print(Markdown(text))
    else:
        out.print(text, markup=False, highlight=False)


@app.command()
@_friendly
def timeline(
    query: QueryOpt = None,
    actor: ActorOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv, json or html (a chart).")] = "table",
    out_path: Annotated[Path | None, typer.Option("--out", "-o", help="Write to this file.")] = None,
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Story events by date: what happened and what is planned, with how many outlets report each."""
    import csv
    import io

    from detente.lexicon.taxonomy import load_taxonomy
    from detente.report.briefing import build_briefing
    from detente.report.render import _svg_timeline

    settings = _settings(db, config)
    scope = _scope(query, actor, None, until)
    with _store(settings) as store:
        rows = build_briefing(store, load_taxonomy(settings.knowledge), scope).timeline
    if since:
        rows = [r for r in rows if (r["date"] or "") >= (scope.since or "")]
        since_rows = rows
    else:
        since_rows = rows
    if fmt == "json":
        text = json.dumps(since_rows, ensure_ascii=False)
    elif fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=["date", "type", "status", "sources", "text", "story_id"])
        writer.writeheader()
        writer.writerows(since_rows)
        text = buf.getvalue()
    elif fmt == "html":
        text = f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>timeline</title></head><body>{_svg_timeline(since_rows)}</body></html>"
    else:
        _check_table_format(fmt)
        table = Table(title="timeline of story events")
        for col in ("date", "type", "status", "sources", "what"):
            table.add_column(col)
        for r in since_rows:
            table.add_row(r["date"] or "", r["type"], r["status"], str(r["sources"]), escape(r["text"]))
        if out_path is None:
            out.print(table)
            return
        text = "\n".join(
            f"{r['date']}\t{r['type']}\t{r['status']}\t{r['sources']}\t{r['text']}" for r in since_rows
        )
    if out_path is not None:
        out_path.write_text(text, encoding="utf-8")
        err.print(f"{out_path}: {len(since_rows)} story events")
    else:
        out.print(text, markup=False, highlight=False)
