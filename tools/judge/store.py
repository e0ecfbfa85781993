"""Reading exports and batches, and reading and writing judgment files."""

from __future__ import annotations

import json
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .kinds import KINDS, judgment_key

__all__ = [
    "DEFAULT_DIR",
    "Export",
    "judgment_path",
    "load_judgments",
    "read_jsonl",
    "sample",
    "stored_key",
    "write_jsonl",
]

DEFAULT_DIR = Path("tests/fixtures/judged")


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """Yield the JSON objects of a file, one a line, skipping blank lines."""
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(
                    f"{path}:{number}: not a JSON object ({exc.msg}); fix or remove the line"
                ) from exc


def write_jsonl(path: Path, rows: Iterable[dict[str, Any]], *, append: bool = False) -> int:
    """Write rows as JSON lines (appending when asked); return how many were written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("a" if append else "w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
            count += 1
    return count


@dataclass
class Export:
    """An export held in memory: article texts, records by kind, events by id."""

    texts: dict[str, str] = field(default_factory=dict)
    records: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    events: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> Export:
        """Read an export written by ``detente export --format jsonl``."""
        export = cls()
        for record in read_jsonl(path):
            kind = str(record.get("kind"))
            if kind == "article":
                export.texts[str(record["id"])] = str(record.get("text") or "")
                continue
            export.records.setdefault(kind, []).append(record)
            if kind == "event" and record.get("id"):
                export.events[str(record["id"])] = record
        return export

    def of_kind(self, kind: str) -> list[dict[str, Any]]:
        """Return the records of one kind, in export order."""
        if kind not in KINDS:
            raise ValueError(f"cannot judge records of kind {kind!r}; judged kinds: {', '.join(KINDS)}")
        return self.records.get(kind, [])


def judgment_path(directory: Path, set_name: str, kind: str) -> Path:
    """Return the file holding the judgments of one set and kind."""
    return directory / f"{set_name}_{kind}.jsonl"


def stored_key(judgment: dict[str, Any]) -> tuple[Any, ...]:
    """Return the key of a stored judgment, comparable with ``judgment_key`` of a record."""
    values = json.dumps(judgment["key"], sort_keys=True)
    return (judgment["kind"], judgment["article_id"], judgment["start"], judgment["end"], values)


def load_judgments(
    directory: Path, set_name: str | None = None, kind: str | None = None
) -> list[dict[str, Any]]:
    """Return the judgments in a directory, optionally of one set and/or one kind."""
    if not directory.is_dir():
        return []
    rows: list[dict[str, Any]] = []
    for path in sorted(directory.glob("*.jsonl")):
        set_part, _, kind_part = path.stem.rpartition("_")
        if set_name is not None and set_part != set_name:
            continue
        if kind is not None and kind_part != kind:
            continue
        rows.extend(read_jsonl(path))
    return rows


def sample(
    export: Export, kind: str, n: int, *, seed: int, judged: Iterable[dict[str, Any]] = ()
) -> list[dict[str, Any]]:
    """Return a seeded random sample of up to n records of a kind not judged yet."""
    done = {stored_key(j) for j in judged}
    pool = [r for r in export.of_kind(kind) if judgment_key(r) not in done]
    # Deduplicate identical records so a sample never asks for the same judgment twice.
    unique: dict[tuple[Any, ...], dict[str, Any]] = {}
    for record in pool:
        unique.setdefault(judgment_key(record), record)
    candidates = list(unique.values())
    rng = random.Random(seed)
    return rng.sample(candidates, min(n, len(candidates)))
