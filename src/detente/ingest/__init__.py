"""Ingest: every source kind (files, folders, stdin, URLs, feeds) to normalised Articles.

`read_inputs` streams `Article`s and `Failure`s: one bad input, or one bad line of an
input, becomes a Failure naming the source, the reason and the fix, and the stream goes on.

Reading is cut into `Unit`s (`plan`): a file, a URL, stdin, or a range of lines of a big
JSON Lines file. `read_unit` turns one unit into finished articles (decoded, extracted from
HTML, normalised) and can run in any process; `Dedup` then checks, in input order, that an
id given twice in one input carries one text. `read_inputs` runs the three here, in order;
`detente.engines.readers` runs `read_unit` in reader processes and the rest here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, cast

from detente.config import Settings
from detente.errors import DetenteError, InputError, ParseError
from detente.ingest.decode import binary_kind, decode, sniff
from detente.ingest.feeds import read_feed
from detente.ingest.fetch import check_scheme, fetch_url, kind_from_content_type
from detente.ingest.html import read_html
from detente.ingest.jsonl import capped_lines, read_json, read_jsonl_lines
from detente.ingest.normalize import Draft, date_problem, finish
from detente.ingest.text import read_text
from detente.records import Article, Failure

__all__ = ["EXTENSIONS", "Dedup", "Read", "Unit", "plan", "read_inputs", "read_unit", "to_failure"]

EXTENSIONS = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
}
"""File extensions detente reads, and the reader each goes to."""

Item = Draft | InputError
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
RANGE_BYTES = 1 << 20
"""A JSON Lines file larger than this is read in ranges of about this many bytes (whole lines)."""


def read_capped(fh: BinaryIO, cap: int, source: str, fix: str) -> bytes:
    """At most `cap` bytes from `fh`: reads `cap + 1` and raises ParseError when they all come.

    Sizes from stat() cannot be trusted (devices and pipes report 0), so only reading tells.
    """
    data = fh.read(cap + 1)
    if len(data) > cap:
        raise ParseError(source, f"the input is over the size cap ({cap:,} bytes)", fix=fix)
    return data


@dataclass(frozen=True, slots=True)
class Read:
    """An article read from an input, with where it came from (file, `file:line`, URL)."""

    article: Article
    source: str
    line: int | None = None
    named: bool = False
    """The input gave the id (a content id cannot carry two texts, so only these are checked)."""


def now() -> str:
    """The current UTC time as an ISO timestamp (seconds)."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def to_failure(exc: InputError | DetenteError, source: str | None = None) -> Failure:
    """The failure record for an error raised while reading an input."""
    if isinstance(exc, InputError):
        return Failure(source=exc.source, line=exc.line, reason=exc.message, fix=exc.fix, at=now())
    return Failure(source=source or "?", line=None, reason=exc.message, fix=exc.fix, at=now())


class _Reader:
    def __init__(self, settings: Settings, fetch: bool) -> None:
        self.settings = settings
        self.fetch = fetch

    def parse(
        self, data: bytes, source: str, kind: str | None, url: str | None = None, charset: str | None = None
    ) -> Iterator[Item]:
        """Drafts from an input's bytes by its kind (sniffed when unknown)."""
        if kind == "feed":
            fetcher = self.fetch_drafts if self.fetch else None
            yield from read_feed(data, source, fetch=fetcher)
            return
        text = decode(data, source, charset)
        if kind is None:
            kind = sniff(text) or "text"
        if kind in ("text", "markdown"):
            for d in read_text(text, source, markdown=kind == "markdown"):
                yield d if d.url or not url else dataclasses.replace(d, url=url)
        elif kind == "html":
            yield from read_html(text, source, url=url)
        elif kind == "json":
            yield from read_json(text, source, self.settings.fields, self.settings.max_bytes)
        elif kind == "feed":
            yield from read_feed(data, source)
        else:  # pragma: no cover - kinds come from EXTENSIONS and sniff
            raise ParseError(source, f"unknown input kind {kind}", fix="report this as a bug")

    def fetch_drafts(self, url: str) -> Iterator[Draft]:
        """Fetch a URL and read it by its content type (feeds are not followed further)."""
        got = fetch_url(url, self.settings)
        kind = kind_from_content_type(got.content_type)
        for item in self.parse(
            got.body, url, kind if kind != "feed" else "feed", url=got.url, charset=got.charset
        ):
            if isinstance(item, InputError):
                raise item
            yield item

    def from_url(self, url: str) -> Iterator[Item]:
        got = fetch_url(url, self.settings)
        yield from self.parse(
            got.body, url, kind_from_content_type(got.content_type), url=got.url, charset=got.charset
        )

    def from_stdin(self) -> Iterator[Item]:
        data = read_capped(
            sys.stdin.buffer,
            self.settings.max_bytes,
            "<stdin>",
            fix="pass it as a .jsonl file, or raise max_bytes",
        )
        text_head = data[:4096].decode("utf-8", "ignore")
        kind = sniff(text_head)
        if kind == "json" and b"\n{" in data.strip():
            yield from read_jsonl_lines(
                data.splitlines(), "<stdin>", self.settings.fields, self.settings.max_bytes
            )
            return
        yield from self.parse(data, "<stdin>", kind)

    def from_lines(self, path: Path, start: int, end: int, first: int) -> Iterator[Item]:
        """The JSON Lines records in bytes `start`..`end` of `path`, whose first line is `first`."""
        source = str(path)
        try:
            with path.open("rb") as fh:
                fh.seek(start)
                lines = capped_lines(cast(BinaryIO, _Slice(fh, end)), self.settings.max_bytes)
                yield from read_jsonl_lines(
                    lines, source, self.settings.fields, self.settings.max_bytes, first
                )
        except OSError as exc:
            raise InputError(
                source, f"cannot read: {exc.strerror or exc}", fix="check the path and the disk"
            ) from exc

    def from_file(self, path: Path) -> Iterator[Item]:
        source = str(path)
        kind = EXTENSIONS.get(path.suffix.lower())
        cap = self.settings.max_bytes
        try:
            info = path.stat()
            if not stat.S_ISREG(info.st_mode):
                # Opening a FIFO waits for a writer; a device may never end.
                raise InputError(
                    source,
                    f"not a regular file ({_file_type(info.st_mode)})",
                    fix="pass a regular file, or pipe the data to `detente ingest -`",
                )
            size = info.st_size
            if kind == "jsonl":
                with path.open("rb") as fh:
                    if size == 0:
                        raise ParseError(
                            source,
                            "the input is empty",
                            fix="remove it or put one JSON article per line in it",
                        )
                    what = binary_kind(fh.read(8192))
                    if what:
                        raise ParseError(
                            source,
                            f"this is {what}, not JSON Lines",
                            fix="give a UTF-8 text file with one JSON article per line",
                        )
                    fh.seek(0)
                    yield from read_jsonl_lines(capped_lines(fh, cap), source, self.settings.fields, cap)
                return
            if size > cap:
                raise ParseError(
                    source,
                    f"file is {size:,} bytes, over the {cap:,}-byte cap",
                    fix="split it (JSONL has no file cap, only a per-line one) or raise max_bytes",
                )
            with path.open("rb") as fh:
                data = read_capped(fh, cap, source, fix="split it or raise max_bytes")
        except PermissionError as exc:
            raise InputError(
                source, "permission denied", fix="make the file readable (chmod +r) or run as its owner"
            ) from exc
        except IsADirectoryError as exc:  # pragma: no cover - folders are walked before
            raise InputError(source, "is a folder", fix="pass the folder itself") from exc
        except OSError as exc:
            raise InputError(
                source, f"cannot read: {exc.strerror or exc}", fix="check the path and the disk"
            ) from exc
        if kind is None:
            text = decode(data, source)  # raises for empty, binary and undecodable inputs
            kind = sniff(text)
            if kind is None and path.suffix:
                raise ParseError(
                    source,
                    f"unknown file type '{path.suffix}' and the content is neither HTML, a feed nor JSON",
                    fix=f"rename it to .txt if it is a plain-text report (readable types: {', '.join(sorted(EXTENSIONS))})",
                )
            kind = kind or "text"
        yield from self.parse(data, source, kind)


def _file_type(mode: int) -> str:
    for test, what in (
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISDIR, "a folder"),
    ):
        if test(mode):
            return what
    return "a special file"


def _walk(path: Path) -> Iterator[Path | InputError]:
    """The files under `path` in a stable order; a subfolder that cannot be listed is an error."""
    if not path.is_dir():
        yield path
        return
    errors: list[OSError] = []
    for root, dirs, files in os.walk(path, onerror=errors.append):
        yield from (_walk_error(e) for e in errors)
        errors.clear()
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name
    yield from (_walk_error(e) for e in errors)


def _walk_error(exc: OSError) -> InputError:
    where = str(exc.filename or "?")
    if isinstance(exc, PermissionError):
        return InputError(where, "permission denied on the folder", fix="make it readable (chmod +rx)")
    return InputError(
        where, f"cannot list the folder: {exc.strerror or exc}", fix="check the path and the disk"
    )


class _Slice:
    """A binary file seen only up to byte `end`: `readline` stops there (a range of lines)."""

    def __init__(self, fh: BinaryIO, end: int) -> None:
        self.fh, self.end = fh, end

    def readline(self, size: int = -1) -> bytes:
        left = self.end - self.fh.tell()
        if left <= 0:
            return b""
        return self.fh.readline(left if size < 0 else min(size, left))


@dataclass(frozen=True, slots=True)
class Unit:
    """One piece of reading: a file, a URL, stdin, or lines `first`… (bytes `start`..`end`) of a file.

    `spec` is the index of the input it came from: ids given twice are checked per input.
    `local` units (stdin, URLs, feeds whose links are fetched) are read by the process that
    planned them; the others may be read anywhere the path is.
    """

    spec: int
    kind: str  # "file", "lines", "url" or "stdin"
    source: str
    start: int = 0
    end: int = 0
    first: int = 1

    @property
    def local(self) -> bool:
        """Read where it was planned (stdin belongs to this process; URLs go through its fetcher)."""
        return self.kind in ("url", "stdin")


def plan(spec: str, index: int, settings: Settings, *, split: bool = False) -> Iterator[Unit | Failure]:
    """The units of one input (`index` in the list of inputs), and the failures found listing it.

    With `split`, a JSON Lines file over `RANGE_BYTES` becomes ranges of whole lines, so several
    processes can read it and none holds it all; its line numbers are counted here.
    """
    try:
        if spec == "-":
            yield Unit(index, "stdin", spec)
            return
        if _SCHEME.match(spec):
            check_scheme(spec)
            yield Unit(index, "url", spec)
            return
        path = Path(spec)
        if not path.exists() and not path.is_symlink():
            raise InputError(spec, "no such file or folder", fix="check the path")
        if path.is_dir() and not os.access(path, os.R_OK | os.X_OK):
            raise InputError(spec, "permission denied on the folder", fix="make it readable (chmod +rx)")
        for file in _walk(path):
            if isinstance(file, InputError):
                yield to_failure(file)
            elif split and EXTENSIONS.get(file.suffix.lower()) == "jsonl":
                yield from _line_units(file, index)
            else:
                yield Unit(index, "file", str(file))
    except DetenteError as exc:
        yield to_failure(exc, spec)
    except Exception as exc:  # a bug listing one input must not stop the others
        yield Failure(
            source=spec,
            line=None,
            reason=f"unexpected error while reading: {type(exc).__name__}: {exc}",
            fix="report this as a bug, with the input if you can share it",
            at=now(),
        )


def _line_units(path: Path, index: int) -> Iterator[Unit]:
    """Ranges of whole lines of a big JSON Lines file; one whole-file unit when it is small or odd."""
    whole = Unit(index, "file", str(path))
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode) or info.st_size <= RANGE_BYTES:
            yield whole
            return
        with path.open("rb") as fh:
            if binary_kind(fh.read(8192)):
                yield whole  # refused as a whole file, with the reason, where it is read
                return
            fh.seek(0)
            ranges = list(_line_ranges(fh, RANGE_BYTES))
    except OSError:
        yield whole  # the reader reports the error, as for any file
        return
    for start, end, first in ranges:
        yield Unit(index, "lines", str(path), start, end, first)


def _line_ranges(fh: BinaryIO, target: int, block: int = 1 << 20) -> Iterator[tuple[int, int, int]]:
    """(start, end, first line number) of consecutive ranges of about `target` bytes of whole lines.

    Only newlines are looked at (a block at a time), so an endless line costs no memory here.
    """
    start, first, base, lines = 0, 1, 0, 0
    while data := fh.read(block):
        at = 0
        while (want := start + target - base) < len(data):
            nl = data.find(b"\n", max(want, at))
            if nl < 0:
                break
            lines += data.count(b"\n", at, nl + 1)
            yield start, base + nl + 1, first
            start, first, lines, at = base + nl + 1, first + lines, 0, nl + 1
        lines += data.count(b"\n", at)
        base += len(data)
    if base > start:
        yield start, base, first


def _unit_items(unit: Unit, reader: _Reader) -> Iterator[Item]:
    if unit.kind == "stdin":
        yield from reader.from_stdin()
    elif unit.kind == "url":
        yield from reader.from_url(unit.source)
    else:
        try:
            if unit.kind == "lines":
                yield from reader.from_lines(Path(unit.source), unit.start, unit.end, unit.first)
            else:
                yield from reader.from_file(Path(unit.source))
        except InputError as exc:
            yield exc
        except Exception as exc:  # a reader bug on one file must not stop the folder
            yield InputError(
                unit.source,
                f"unexpected error while reading: {type(exc).__name__}: {exc}",
                fix="report this as a bug, with the input if you can share it",
            )


def _warning(item: Draft, reason: str, fix: str) -> Failure:
    return Failure(source=item.source, line=item.line, reason=reason, fix=fix, at=now())


def read_unit(
    unit: Unit, settings: Settings, published: str | None = None, fetch: bool = False
) -> Iterator[Read | Failure]:
    """The finished articles (normalised, ids given) and the failures of one unit, in order.

    Every error becomes a Failure naming the input and the fix; none escapes.
    """
    reader = _Reader(settings, fetch)
    try:
        for item in _unit_items(unit, reader):
            if isinstance(item, InputError):
                yield to_failure(item)
                continue
            try:
                article = finish(item, published)
            except ParseError as exc:
                yield to_failure(exc)
                continue
            problem = date_problem(item.published)
            if problem:
                yield _warning(item, problem, "correct or remove the date; the article was stored without it")
            if len(article.text) > settings.max_chars:
                yield Failure(
                    source=item.source,
                    line=item.line,
                    reason=f"article is {len(article.text):,} characters, over the {settings.max_chars:,} cap",
                    fix="split it, or raise max_chars",
                    at=now(),
                )
                continue
            yield Read(article, item.source, item.line, named=item.id is not None)
    except InputError as exc:
        yield to_failure(exc)
    except DetenteError as exc:
        yield to_failure(exc, unit.source)
    except Exception as exc:  # a reader bug must not stop the batch
        yield Failure(
            source=unit.source,
            line=None,
            reason=f"unexpected error while reading: {type(exc).__name__}: {exc}",
            fix="report this as a bug, with the input if you can share it",
            at=now(),
        )


class Dedup:
    """Within one input, an id given to two different texts is reported (the last one read is kept)."""

    def __init__(self) -> None:
        self.seen: dict[str, tuple[str, str]] = {}  # id -> (text hash, where first seen)

    def check(self, read: Read) -> Failure | None:
        """The warning for `read` when its id came earlier with another text; None otherwise."""
        if not read.named:
            return None
        article = read.article
        where = f"line {read.line}" if read.line else read.source
        first = self.seen.setdefault(article.id, (article.text_sha256, where))
        if first[0] == article.text_sha256:
            return None
        self.seen[article.id] = (article.text_sha256, where)
        return Failure(
            source=read.source,
            line=read.line,
            reason=f"duplicate id '{article.id}' with a different text (first at {first[1]}); "
            "the last one read is kept",
            fix="give each article its own id, or remove the older copy",
            at=now(),
        )


def read_inputs(
    specs: Iterable[str],
    settings: Settings,
    published: str | None = None,
    fetch: bool = False,
) -> Iterator[Read | Failure]:
    """Stream articles (as `Read`) and Failures from files, folders (recursively), `-` (stdin) and URLs.

    `published` is the publication date given to inputs that carry none; `fetch` makes
    feed entries be read from their linked pages. Everything is read in this process.
    """
    for index, spec in enumerate(specs):
        dedup = Dedup()
        for unit in plan(spec, index, settings):
            if isinstance(unit, Failure):
                yield unit
                continue
            for item in read_unit(unit, settings, published, fetch):
                if isinstance(item, Read) and (warning := dedup.check(item)):
                    yield warning
                yield item
