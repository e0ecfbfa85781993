"""The `detente` Typer app: every command registered in one place, the `--version` option and `main`.

Exit codes: 0 all ok; 1 some input failed (everything else was stored); 2 a usage or
set-up error (bad option, bad settings, missing store, model or extra).

The command modules define plain functions and know nothing of the app; this module imports
them and registers them, so the imports run one way (app → commands → _common).
"""

from __future__ import annotations

from typing import Annotated

import typer

from detente import __version__
from detente.cli import actors, brief, browse, evaluate, ingest, scale, serve, views, watch
from detente.cli._common import DetenteGroup, out

app = typer.Typer(
    name="detente",
    cls=DetenteGroup,
    help="Sourced, structured knowledge from news about conflicts and negotiations.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)

# The order here is the order of `detente --help` and of docs/cli.md.
app.command()(ingest.ingest)
app.command()(ingest.reextract)
app.command()(browse.export)
app.command()(browse.stats)
app.command()(browse.failures)
app.command()(browse.search)
app.command("eval")(evaluate.eval_)
app.command()(ingest.demo)
app.command()(ingest.migrate)
app.command()(scale.load)
app.command()(views.positions)
app.command()(views.quotes)
app.command()(brief.brief)
app.command()(brief.timeline)
app.command()(serve.serve)
app.command()(watch.watch)
app.command()(watch.changes)
app.add_typer(actors.actors_app, name="actors")


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
