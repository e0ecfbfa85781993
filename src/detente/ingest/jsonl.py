"""JSON Lines and JSON inputs: one article per record, field names mappable by settings."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from typing import IO, Any

from detente.errors import ParseError
from detente.ingest.normalize import Draft, draft_from

_FIX_LINE = "fix or delete that line; the other lines were read"


def record_draft(rec: Any, source: str, line: int | None, fields: Mapping[str, str]) -> Draft:
    """A Draft from one JSON record, using `fields` (detente name -> input name)."""
    if not isinstance(rec, dict):
        raise ParseError(
            source, f"expected a JSON object, found {type(rec).__name__}", fix=_FIX_LINE, line=line
        )

    def get(name: str) -> str | None:
        value = rec.get(fields.get(name, name))
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, dict | list):
            raise ParseError(
                source,
                f"field '{fields.get(name, name)}' holds a {type(value).__name__}, not a value",
                fix=_FIX_LINE,
                line=line,
            )
        return str(value)

    raw_text = rec.get(fields.get("text", "text"))
    if raw_text is not None and not isinstance(raw_text, str):
        raise ParseError(
            source,
            f"field '{fields.get('text', 'text')}' holds a {type(raw_text).__name__}, not the article's text",
            fix=_FIX_LINE,
            line=line,
        )
    text = get("text")
    if text is None:
        present = ", ".join(sorted(map(str, rec))) or "none"
        raise ParseError(
            source,
            f"no '{fields.get('text', 'text')}' field with the article text (fields present: {present})",
            fix="add the text, or map your field name with --field text=NAME",
            line=line,
        )
    return draft_from(source, text, get, line)


def capped_lines(fh: IO[bytes], cap: int, block: int = 1 << 16) -> Iterator[bytes]:
    """The lines of a binary file; a line over `cap` bytes comes as its first `cap + 1` bytes.

    The rest of such a line is skipped unread into memory, so one endless line cannot
    exhaust it; the reader reports the line as over the cap.
    """
    while True:
        line = fh.readline(cap + 1)
        if not line:
            return
        yield line
        if len(line) > cap and not line.endswith(b"\n"):
            while chunk := fh.readline(block):
                if chunk.endswith(b"\n"):
                    break


def _loads(text: str, source: str, number: int) -> Any:
    """One line's JSON, or a ParseError for that line (syntax, depth, huge numbers)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParseError(
            source, f"broken JSON: {exc.msg} at column {exc.colno}", fix=_FIX_LINE, line=number
        ) from exc
    except RecursionError as exc:
        raise ParseError(source, "JSON nested too deeply to read", fix=_FIX_LINE, line=number) from exc
    except ValueError as exc:  # e.g. an integer with more digits than Python converts
        raise ParseError(source, f"unreadable JSON value: {exc}", fix=_FIX_LINE, line=number) from exc


def read_jsonl_lines(
    lines: Iterable[bytes], source: str, fields: Mapping[str, str], max_bytes: int, first: int = 1
) -> Iterator[Draft | ParseError]:
    """Stream a JSONL file: a Draft per good line, a ParseError (yielded, not raised) per bad one.

    `first` is the number of the first of `lines` (a range of a file read on its own).
    """
    for number, raw in enumerate(lines, start=first):
        if not raw.strip():
            continue
        if len(raw) > max_bytes:
            yield ParseError(
                source,
                f"line is {len(raw):,} bytes, over the {max_bytes:,}-byte cap",
                fix="split the article or raise max_bytes",
                line=number,
            )
            continue
        try:
            text = raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            yield ParseError(
                source,
                f"not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
                fix="re-save the file as UTF-8",
                line=number,
            )
            continue
        try:
            yield record_draft(_loads(text, source, number), source, number, fields)
        except ParseError as exc:
            yield exc


def read_json(
    text: str, source: str, fields: Mapping[str, str], max_bytes: int
) -> Iterator[Draft | ParseError]:
    """A JSON document: one record, a list of records, or {"articles": [...]}; else JSON Lines."""
    try:
        data = json.loads(text)
    except (RecursionError, ValueError) as exc:
        if "\n{" in text or (isinstance(exc, json.JSONDecodeError) and exc.msg == "Extra data"):
            yield from read_jsonl_lines((ln.encode() for ln in text.split("\n")), source, fields, max_bytes)
            return
        if not isinstance(exc, json.JSONDecodeError):
            raise ParseError(
                source, f"unreadable JSON: {type(exc).__name__}: {exc}", fix="fix the JSON"
            ) from exc
        raise ParseError(
            source,
            f"broken JSON: {exc.msg} at line {exc.lineno} column {exc.colno}",
            fix="fix the JSON syntax",
            line=exc.lineno,
        ) from exc
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        data = data["articles"]
    if isinstance(data, dict):
        yield record_draft(data, source, None, fields)
        return
    if not isinstance(data, list):
        raise ParseError(
            source,
            "JSON holds neither an object nor a list of objects",
            fix="give one article object or a list of them",
        )
    for index, rec in enumerate(data, start=1):
        try:
            yield record_draft(rec, f"{source}[{index}]", None, fields)
        except ParseError as exc:
            yield exc
