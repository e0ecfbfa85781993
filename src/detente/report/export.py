"""Exports: JSONL (the record contract), CSV and Parquet (a table per kind), CAMEO TSV.

Nested lists (a story's parties and conflicts, an event's places) are JSON strings in
CSV and Parquet. CSV text cells that a spreadsheet would run as a formula (starting with
`=`, `+`, `-`, `@`, a tab or a carriage return) are written with a leading `'`.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import types
import typing
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from detente.errors import ConfigError, ExtraMissing
from detente.records import RECORD_KINDS, Event, Record
from detente.store.base import Store

FORMATS = ("jsonl", "csv", "parquet", "cameo")
TABLE_NAMES = {
    "article": "articles",
    "actor": "actors",
    "mention": "mentions",
    "event": "events",
    "role": "roles",
    "quote": "quotes",
    "position": "positions",
    "story": "stories",
    "failure": "failures",
}


def check_kinds(kinds: Sequence[str] | None) -> list[str]:
    """The kinds to export: all when none given; an unknown kind is an error naming the valid ones."""
    if not kinds:
        return list(RECORD_KINDS)
    bad = [k for k in kinds if k not in RECORD_KINDS]
    if bad:
        raise ConfigError(
            f"unknown record kind(s): {', '.join(bad)}",
            fix=f"use --kind with one of: {', '.join(RECORD_KINDS)}",
        )
    return list(dict.fromkeys(kinds))


def sure_enough(record: Record, min_confidence: float | None) -> bool:
    """Whether a record passes `--min-confidence`: no threshold, no confidence, or at least it."""
    confidence = getattr(record, "confidence", None)
    return min_confidence is None or confidence is None or confidence >= min_confidence


def iter_export(
    store: Store, kinds: Sequence[str] | None = None, min_confidence: float | None = None
) -> Iterator[dict[str, Any]]:
    """Contract objects of the chosen kinds, kind by kind, in the store's order; with
    `min_confidence`, records less sure than it are left out (kinds without a confidence stay)."""
    for kind in check_kinds(kinds):
        for record in store.iter_records(kind):
            if sure_enough(record, min_confidence):
                yield record.to_record()


def write_jsonl(records: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """One JSON object per line; returns the count written."""
    n = 0
    for rec in records:
        out.write(json.dumps(rec, ensure_ascii=False))
        out.write("\n")
        n += 1
    return n


def flatten(rec: dict[str, Any]) -> dict[str, Any]:
    """One table row: nested refs flatten with underscores, lists become JSON strings."""
    row: dict[str, Any] = {}
    for key, value in rec.items():
        if key == "kind":
            continue
        if isinstance(value, dict):
            for sub, v in value.items():
                row[f"{key}_{sub}"] = json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v
        elif isinstance(value, list):
            row[key] = json.dumps(value, ensure_ascii=False)
        else:
            row[key] = value
    return row


def _columns(kind: str) -> dict[str, type]:
    """Every column of a kind's table with its Python type, also for nested refs null in every row."""

    def walk(cls: type, prefix: str) -> dict[str, type]:
        hints = typing.get_type_hints(cls)
        cols: dict[str, type] = {}
        for f in dataclasses.fields(cls):
            hint = hints[f.name]
            # Only an optional (X | None) is unwrapped: a tuple of records is a JSON list column.
            optional = typing.get_origin(hint) in (typing.Union, types.UnionType)
            inner = [a for a in typing.get_args(hint) if a is not type(None)] if optional else [hint]
            target = typing.get_origin(inner[0]) or inner[0]
            if isinstance(target, type) and dataclasses.is_dataclass(target):
                cols.update(walk(target, f"{prefix}{f.name}_"))
            elif target in (int, float, bool):
                cols[prefix + f.name] = target
            else:
                cols[prefix + f.name] = str  # text, literals, and lists as JSON strings
        return cols

    return walk(RECORD_KINDS[kind], "")


def write_tables(
    store: Store, kinds: Sequence[str] | None, out_dir: Path, fmt: str, min_confidence: float | None = None
) -> dict[str, int]:
    """`fmt` (csv or parquet) tables, one file per kind, in `out_dir`; returns rows per file."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = {}
    for kind in check_kinds(kinds):
        cols = _columns(kind)
        path = out_dir / f"{TABLE_NAMES[kind]}.{fmt}"
        rows = (flatten(r.to_record()) for r in store.iter_records(kind) if sure_enough(r, min_confidence))
        written[path.name] = (
            _write_csv(rows, cols, path) if fmt == "csv" else _write_parquet(rows, cols, path)
        )
    return written


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: Any) -> Any:
    """A CSV cell a spreadsheet shows as text: `'` before a string that starts like a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _write_csv(rows: Iterable[dict[str, Any]], cols: dict[str, type], path: Path) -> int:
    n = 0
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(cols), extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({key: csv_safe(value) for key, value in row.items()})
            n += 1
    return n


def _write_parquet(
    rows: Iterable[dict[str, Any]], cols: dict[str, type], path: Path, chunk: int = 10_000
) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise ExtraMissing("Parquet export", "parquet", "pyarrow") from exc
    arrow = {str: pa.string(), int: pa.int64(), float: pa.float64(), bool: pa.bool_()}
    schema = pa.schema([(name, arrow[t]) for name, t in cols.items()])
    n = 0
    buf: list[dict[str, Any]] = []
    # A fixed schema: a column null in the first rows is still typed for the later ones.
    with pq.ParquetWriter(str(path), schema) as writer:
        for row in rows:
            buf.append(row)
            n += 1
            if len(buf) >= chunk:
                writer.write_table(pa.Table.from_pylist(buf, schema=schema))
                buf.clear()
        if buf:
            writer.write_table(pa.Table.from_pylist(buf, schema=schema))
    return n


def cameo_code(ref: dict[str, Any] | None) -> str:
    """A PETRARCH-style actor code: country plus sector (`RUSGOV`), empty when unknown."""
    if not ref:
        return ""
    return (ref.get("country") or "") + (ref.get("sector") or "")


def write_cameo(store: Store, out: IO[str], min_confidence: float | None = None) -> int:
    """Events as tab-separated `date source target cameo article_id evidence` lines."""
    n = 0
    for record in store.iter_records("event"):
        assert isinstance(record, Event)
        if not sure_enough(record, min_confidence):
            continue
        rec = record.to_record()
        evidence = " ".join(record.evidence.split())
        fields = [
            record.date or "",
            cameo_code(rec["source"]),
            cameo_code(rec["target"]),
            record.cameo or "",
            record.article_id,
            evidence,
        ]
        out.write("\t".join(fields) + "\n")
        n += 1
    return n


def records_from_jsonl(text: str) -> list[Record]:
    """Records back from JSONL export text (each line's `kind` picks the class)."""
    out = []
    for line in io.StringIO(text):
        if line.strip():
            data = json.loads(line)
            out.append(RECORD_KINDS[data["kind"]].from_record(data))
    return out
