"""`detente serve`: the read-only web view over a store (FastAPI + Jinja2, served by uvicorn).

    from detente.web import create_app, serve
    serve("news.db")                      # http://127.0.0.1:8765/

Needs the `web` extra (`pip install 'detente[web]'`); importing this package does not import
FastAPI — the two functions do, and say what to install when it is missing.
"""

from __future__ import annotations

import ipaddress
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from detente.config import Settings
from detente.errors import ExtraMissing

if TYPE_CHECKING:
    from fastapi import FastAPI

__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "create_app", "is_loopback", "serve"]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
log = logging.getLogger("detente.web")


def _need(module: str) -> None:
    import importlib.util

    if importlib.util.find_spec(module) is None:
        raise ExtraMissing("detente serve", "web", module)


def create_app(store_path: str | Path, settings: Settings | None = None, warm: bool = True) -> FastAPI:
    """The web app over the store at `store_path`, opened read-only (StoreError when it is missing);
    `warm` builds the costly views in the background as the server starts."""
    for module in ("fastapi", "jinja2"):
        _need(module)
    from detente.web.app import create_app as _create

    return _create(store_path, settings, warm)


def is_loopback(host: str) -> bool:
    """Whether `host` only accepts connections from this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(
    db: str | Path, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, settings: Settings | None = None
) -> None:
    """Serve the store at `db` until interrupted; a host other than loopback logs a warning."""
    _need("uvicorn")
    import uvicorn

    app = create_app(db, settings)
    if not is_loopback(host):
        log.warning(
            "serving %s on %s:%d: anyone who can reach this address can read every stored article",
            db,
            host,
            port,
        )
    uvicorn.run(app, host=host, port=port, log_level="warning")
