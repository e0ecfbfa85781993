"""The FastAPI application: templates, security headers, error pages, and the routes.

Everything a page shows from an article goes through Jinja2 with autoescaping on; a URL
becomes a link only when it is http(s); every response carries a Content-Security-Policy
that allows scripts from this server's own files only, never inline.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from starlette.exceptions import HTTPException as StarletteHTTPException

from detente import __version__
from detente.config import Settings
from detente.errors import DetenteError
from detente.report.phrases import day
from detente.web.data import Reader

HERE = Path(__file__).parent
CSP = "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


class NotFound(Exception):
    """A page or record that is not in the store; the message says what was looked for."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


def http_url(url: str | None) -> str | None:
    """The URL when it is an absolute http(s) address (safe to link), else None."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def cite_href(article_id: str, start: int, end: int) -> str:
    """The article page with the sentence `start`-`end` marked."""
    return f"/articles/{quote(article_id, safe='')}?mark={start}-{end}#mark"


def _query(params: dict[str, Any], **changes: Any) -> str:
    """The current query string with some parameters changed (None drops one)."""
    merged = {**params, **changes}
    return urlencode({k: v for k, v in merged.items() if v not in (None, "")})


def make_env() -> Environment:
    """The Jinja2 environment: autoescaping on for every template, strict about typos."""
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["day"] = day
    env.globals.update(http_url=http_url, cite=cite_href, qs=_query, quote=quote, version=__version__)
    return env


def create_app(store_path: str | Path, settings: Settings | None = None, warm: bool = True) -> FastAPI:
    """The read-only web app over the store at `store_path` (it must exist); `warm` builds the
    costly views (briefing, stories, positions) in the background as the server starts."""
    from detente.config import load_settings
    from detente.web import api, pages

    settings = settings or load_settings(db=str(store_path))
    reader = Reader(store_path, settings)
    env = make_env()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if warm:
            threading.Thread(target=reader.warm, name="detente-web-warm", daemon=True).start()
        yield

    app = FastAPI(
        lifespan=lifespan,
        title="detente",
        version=__version__,
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.reader = reader
    app.state.env = env
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)

    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        return _error(request, 404, "Not found", exc.what, "")

    @app.exception_handler(DetenteError)
    async def bad_request(request: Request, exc: DetenteError) -> Response:
        return _error(request, 400, "Bad request", exc.message, exc.fix)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404:
            what = exc.detail if exc.detail != "Not Found" else f"there is no page at {request.url.path}"
            return _error(request, 404, "Not found", what, "")
        return _error(request, exc.status_code, "Error", str(exc.detail), "")

    return app


def _error(request: Request, status: int, title: str, message: str, fix: str) -> Response:
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": message, "fix": fix or None}, status_code=status)
    env: Environment = request.app.state.env
    body = env.get_template("error.html").render(
        title=title, message=message, fix=fix, status=status, params={}, request_path=request.url.path
    )
    return HTMLResponse(body, status_code=status)


def render(request: Request, template: str, **context: Any) -> HTMLResponse:
    """A page from its template, with the request's query parameters at hand."""
    env: Environment = request.app.state.env
    params = dict(request.query_params)
    return HTMLResponse(
        env.get_template(template).render(request_path=request.url.path, params=params, **context)
    )
