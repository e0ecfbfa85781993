"""What every PETRARCH dictionary reader shares: source lines, errors, dates, errata.

A dictionary line that does not fit its file's grammar raises `InputError` naming the file and
line and spelling out the forms that are valid there. The real dictionaries hold a few dozen
such lines; they are corrected by the explicit, reasoned table in `errata.py` (keyed by the
line's text, so a correction cannot silently land on another line), never by a lax grammar.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from detente.errors import InputError

from .errata import ERRATA


@dataclass(frozen=True, slots=True)
class Line:
    """One meaningful line of a dictionary: its text (comment removed) and where it came from."""

    file: str
    number: int
    text: str
    raw: str

    def error(self, message: str, valid: str) -> InputError:
        """An InputError at this line listing the forms that are valid here."""
        return InputError(
            self.file,
            f"{message}: {self.raw.strip()!r}",
            fix=f"valid forms here: {valid}",
            line=self.number,
        )


class ErrataLog:
    """Counts which errata a build applied, so an erratum that no longer matches is noticed."""

    def __init__(self) -> None:
        self.used: dict[tuple[str, str], int] = {}

    def apply(self, file: str, raw: str, number: int) -> list[str] | None:
        """The replacement lines for line `number` (`raw`) of `file`, or None when none applies."""
        key = (file, raw.rstrip("\n").rstrip())
        fix = ERRATA.get(key)
        if fix is None or (fix.at is not None and fix.at != number):
            return None
        self.used[key] = self.used.get(key, 0) + 1
        return list(fix.lines)

    def unused(self, files: set[str]) -> list[tuple[str, str]]:
        """Errata for the given files that matched no line (a sign the source changed)."""
        return sorted(k for k in ERRATA if k[0] in files and k not in self.used)


class Errors:
    """Collects the InputErrors of a file so one build reports every bad line, not the first."""

    LIMIT = 50

    def __init__(self) -> None:
        self.found: list[InputError] = []

    @contextmanager
    def collect(self) -> Iterator[None]:
        """Run the body; an InputError it raises is recorded instead of propagated."""
        try:
            yield
        except InputError as exc:
            self.found.append(exc)

    def raise_any(self) -> None:
        """Raise the first error, its message listing every other one (up to LIMIT)."""
        if not self.found:
            return
        first = self.found[0]
        if len(self.found) > 1:
            more = "; ".join(str(e) for e in self.found[1 : self.LIMIT])
            first.message += f" (and {len(self.found) - 1} more: {more})"
        raise first


def strip_comment(text: str, markers: str = "#") -> str:
    """`text` without its trailing comment (the first of `markers` and what follows)."""
    cut = len(text)
    for mark in markers:
        at = text.find(mark)
        if at != -1:
            cut = min(cut, at)
    return text[:cut]


def read_lines(
    path: Path, errata: ErrataLog, *, markers: str = "#", keep_indent: bool = False
) -> Iterator[Line]:
    """The non-blank, comment-free lines of `path` (errata applied), with their numbers."""
    name = path.name
    text = path.read_text("utf-8")
    for number, raw in enumerate(text.split("\n"), 1):
        fixed = errata.apply(name, raw, number)
        for variant in fixed if fixed is not None else [raw]:
            if variant.lstrip().startswith("#") or variant.startswith("<!"):
                continue
            body = strip_comment(variant, markers).rstrip()
            if not body.strip():
                continue
            yield Line(name, number, body if keep_indent else body.strip(), raw)


_DATE = re.compile(r"^(\d{6}|\d{8})$")


def parse_date(token: str, line: Line) -> str:
    """A PETRARCH date (YYMMDD: 00-30 is 20YY, else 19YY; or YYYYMMDD) as ISO YYYY-MM-DD."""
    if not _DATE.match(token):
        raise line.error(f"bad date {token!r}", "YYMMDD or YYYYMMDD")
    if len(token) == 6:
        yy = int(token[:2])
        year = 2000 + yy if yy <= 30 else 1900 + yy
        month, day = int(token[2:4]), int(token[4:6])
    else:
        year, month, day = int(token[:4]), int(token[4:6]), int(token[6:8])
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError as exc:
        raise line.error(f"no such date {token!r}", "a real calendar date, YYMMDD or YYYYMMDD") from exc


def normalise_phrase(text: str) -> str:
    """A dictionary phrase as detente matches it: underscores as spaces, lower case, one space."""
    return " ".join(text.replace("_", " ").split()).lower()
