"""`detente actors`: list the canonical actors (read-only), merge two into one, split an alias off."""

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
    writing,
)

actors_app = typer.Typer(help="Canonical actors: list them, merge two into one, split an alias off.")


@actors_app.callback(invoke_without_command=True)
def actors(
    ctx: typer.Context,
    query: Annotated[
        str | None, typer.Option("--query", "-q", help="Only actors whose name or alias contains this.")
    ] = None,
    db: DbOpt = None,
    config: ConfigOpt = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="At most this many actors.")] = 50,
    fmt: TableFormatOpt = TableFormat.table,
    roles: Annotated[
        bool, typer.Option("--roles", help="Also each actor's roles, with dates and sources.")
    ] = False,
) -> None:
    """Canonical actors with their codes, aliases and how often they are mentioned (merge and split them)."""
    from detente.report.views import actor_roles

    if ctx.invoked_subcommand is not None:
        return
    settings = settings_for(db, config)
    with reading(settings) as store:
        infos = store.actors(query, limit)
        held = actor_roles(store, [i.actor.id for i in infos]) if roles else {}
    if fmt is TableFormat.json:
        rows = [{**i.actor.to_record(), "mentions": i.mentions, "articles": i.articles} for i in infos]
        if roles:
            for row in rows:
                row["roles"] = [asdict(r) for r in held.get(row["id"], [])]
        out.print_json(json.dumps(rows))
        return
    table = Table(title="actors")
    for col in ("name", "type", "code", "mentions", "articles", "aliases"):
        table.add_column(col, justify="right" if col in ("mentions", "articles") else "left")
    for i in infos:
        a = i.actor
        code = (a.country or "") + (a.sector or "")
        aliases = ", ".join(a.aliases[:6])
        table.add_row(safe(a.name), safe(a.type), safe(code), str(i.mentions), str(i.articles), safe(aliases))
    out.print(table)
    for i in infos:
        for r in held.get(i.actor.id, []):
            out.print(
                f"  {safe(i.actor.name)}: {safe(r.role)} [dim]({safe(r.date or 'undated')}, {safe(r.outlet or '')})[/]"
            )


@actors_app.command("merge")
def actors_merge(
    keep: Annotated[str, typer.Argument(help="The actor to keep (id, name or alias).", show_default=False)],
    other: Annotated[
        str, typer.Argument(help="The actor that is the same one (id, name or alias).", show_default=False)
    ],
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Make two actors one, for good: later ingests keep them together."""
    settings = settings_for(db, config)
    with writing(settings) as store:
        kept = store.merge_actors(keep, other)
        store.update_stories()
    out.print(f"merged into [bold]{safe(kept)}[/]")


@actors_app.command("split")
def actors_split(
    actor: Annotated[str, typer.Argument(help="The actor (id, name or alias).", show_default=False)],
    alias: Annotated[str, typer.Argument(help="The name that belongs to someone else.", show_default=False)],
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Take a name away from an actor as an actor of its own, for good: later ingests keep them apart."""
    settings = settings_for(db, config)
    with writing(settings) as store:
        new = store.split_actor(actor, alias)
        store.update_stories()
    out.print(f"'{safe(alias)}' is now [bold]{safe(new)}[/]")
