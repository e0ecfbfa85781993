"""`detente serve`: the read-only web view over a store (needs the `web` extra)."""

from __future__ import annotations

from typing import Annotated

import typer

from detente.cli._common import ConfigOpt, DbOpt, err, settings_for
from detente.store import shown


def serve(
    db: DbOpt = None,
    config: ConfigOpt = None,
    host: Annotated[
        str,
        typer.Option(
            "--host", help="The address to listen on; anything but loopback lets others read the store."
        ),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="The port to listen on.")] = 8765,
) -> None:
    """A read-only website over the store, every fact one click from its sentence."""
    from detente.web import is_loopback
    from detente.web import serve as run

    settings = settings_for(db, config)
    if not is_loopback(host):
        err.print(
            f"warning: serving on {host}: anyone who can reach this address can read every stored article"
        )
    err.print(f"detente: serving {shown(settings.db)} read-only at http://{host}:{port}/ (Ctrl-C stops)")
    run(settings.db, host=host, port=port, settings=settings)
