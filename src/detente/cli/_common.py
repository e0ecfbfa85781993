"""What every command shares: the consoles, the common options, the format choices, the checks
and the two ways to open the store (reading creates nothing; writing creates what it needs).

Output safety: text that comes from articles, files or the user (titles, names, paths, error
messages) never reaches Rich as markup. `safe()` escapes it and drops control characters, so a
title holding `[/bold]` or a terminal escape sequence prints as the characters it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import Enum, StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.text import Text
from typer.core import TyperGroup

from detente.config import Settings, load_settings
from detente.errors import ConfigError, DetenteError
from detente.records import Failure
from detente.store import Store, open_store

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

# Whole ANSI/VT sequences first (CSI, OSC, two-character ESC ones), then any control character
# left but tab and newline: article text must not move the cursor or retitle the terminal.
_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]|\x9b[0-?]*[ -/]*[@-~]"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def plain(value: object) -> str:
    """`value` as text without escape sequences or control characters (tabs, newlines kept)."""
    return _CONTROL.sub("", _SEQUENCE.sub("", "" if value is None else str(value)))


def safe(value: object) -> str:
    """`value` ready to sit inside Rich markup: control characters dropped, brackets escaped."""
    return escape(plain(value))


def report_error(exc: DetenteError) -> None:
    """Print a detente error as `error: …` and `fix: …` on stderr, never read as markup."""
    err.print(Text.assemble(("error:", "bold red"), " ", plain(exc.message)))
    if exc.fix:
        err.print(Text.assemble(("fix:", "bold"), " ", plain(exc.fix)))


class DetenteGroup(TyperGroup):
    """The app's command group: a detente error anywhere below it (while options are parsed or a
    command runs) becomes a one-line message with its fix and exit code 2, not a traceback."""

    def invoke(self, ctx: Any) -> Any:  # Any: Click's Context is private to Typer now
        """Run the sub-command, turning detente errors into exit code 2."""
        try:
            return super().invoke(ctx)
        except DetenteError as exc:
            report_error(exc)
            raise typer.Exit(2) from exc


# -- options every command shares ---------------------------------------------------------------
DbOpt = Annotated[
    str | None,
    typer.Option(
        "--db", envvar="DETENTE_DB", help="The database file (default: ./detente.db).", show_default=False
    ),
]
ConfigOpt = Annotated[
    Path | None,
    typer.Option(
        "--config",
        envvar="DETENTE_CONFIG",
        help="A settings file (TOML) over the defaults.",
        show_default=False,
    ),
]
WorkersOpt = Annotated[
    int | None, typer.Option("--workers", "-w", min=1, help="Worker processes for parsing.")
]


# -- format choices: checked while the options are parsed, before any work ------------------------
class TableFormat(StrEnum):
    """How a listing is printed."""

    table = "table"
    json = "json"


class ExportFormat(StrEnum):
    """The record contract's file formats (see `detente.report.export.FORMATS`)."""

    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    cameo = "cameo"


class BriefFormat(StrEnum):
    """The briefing's formats."""

    md = "md"
    html = "html"
    json = "json"


class TimelineFormat(StrEnum):
    """The timeline's formats (html is a chart)."""

    table = "table"
    csv = "csv"
    json = "json"
    html = "html"


E = TypeVar("E", bound=Enum)


def choice(enum: type[E], what: str = "format") -> Callable[[Any], E]:
    """A parser for a `--format` option: the enum member, or a ConfigError listing the choices."""

    def parse(value: Any) -> E:
        if isinstance(value, enum):
            return value
        try:
            return enum(str(value).strip().lower())
        except ValueError:
            names = ", ".join(str(member.value) for member in enum)
            raise ConfigError(f"unknown {what} '{value}'", fix=f"use --format with one of: {names}") from None

    return parse


TableFormatOpt = Annotated[
    TableFormat, typer.Option("--format", "-f", help="A table, or JSON.", parser=choice(TableFormat))
]


# -- settings, checks, the store ------------------------------------------------------------------
def settings_for(db: str | None, config: Path | None, **overrides: Any) -> Settings:
    """The settings: defaults, then the `--config` file, then the command line's own options."""
    return load_settings(config, db=db, **overrides)


def check_date(option: str, value: str | None) -> str | None:
    """`value` as YYYY-MM-DD (None stays None), or a ConfigError naming the option."""
    from detente.ingest.normalize import iso_date

    if value is None:
        return None
    date = iso_date(value)
    if date is None:
        raise ConfigError(f"{option} {value!r} is not a date", fix="write it as YYYY-MM-DD")
    return date


@contextmanager
def reading(settings: Settings) -> Iterator[Store]:
    """The store opened read-only: nothing is created, a missing file is a StoreError."""
    store = open_store(settings.db, read_only=True)
    try:
        yield store
    finally:
        store.close()


@contextmanager
def writing(settings: Settings) -> Iterator[Store]:
    """The store opened to write: the file, its folders and its tables are created as needed."""
    store = open_store(settings.db)
    try:
        yield store
    finally:
        store.close()


def print_failure(failure: Failure) -> None:
    """One failed input as a red line on stderr."""
    err.print(Text.assemble(("✗", "red"), " ", plain(failure.message())))
