"""Precision from judgments: per kind, per field, per cause; and re-use of judgments on a new export."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .kinds import FIELDS, judgment_key
from .store import Export, stored_key

__all__ = ["Tally", "format_tallies", "match_export", "tally"]


@dataclass
class Tally:
    """Counts of verdicts for one kind: overall, per field, and per cause of wrong records."""

    kind: str
    verdicts: Counter[str] = field(default_factory=Counter)
    fields: dict[str, Counter[str]] = field(default_factory=dict)
    causes: Counter[str] = field(default_factory=Counter)

    @property
    def n(self) -> int:
        """Return the number of judged records."""
        return sum(self.verdicts.values())

    @property
    def precision(self) -> float | None:
        """Return (right + 0.5 × partly) / N, or None when nothing was judged."""
        if not self.n:
            return None
        return (self.verdicts["right"] + 0.5 * self.verdicts["partly"]) / self.n

    def field_precision(self, name: str) -> float | None:
        """Return ok / (ok + wrong) for one field, or None when it was never judged."""
        counts = self.fields.get(name, Counter())
        judged = counts["ok"] + counts["wrong"]
        return counts["ok"] / judged if judged else None

    def add(self, judgment: dict[str, Any]) -> None:
        """Count one judgment."""
        self.verdicts[judgment["verdict"]] += 1
        for name, value in judgment["fields"].items():
            self.fields.setdefault(name, Counter())[value] += 1
        if judgment["verdict"] != "right":
            self.causes[judgment.get("cause") or "other"] += 1


def tally(judgments: Iterable[dict[str, Any]]) -> dict[str, Tally]:
    """Return a Tally per kind, kinds in the order of ``FIELDS``."""
    out = {kind: Tally(kind) for kind in FIELDS}
    for judgment in judgments:
        out[judgment["kind"]].add(judgment)
    return {kind: t for kind, t in out.items() if t.n}


def _pct(value: float | None) -> str:
    return "  -  " if value is None else f"{value:.2f}"


def format_tallies(tallies: dict[str, Tally], *, causes: bool = True) -> str:
    """Return a plain-text table of precision per kind and per field, with counts."""
    lines = []
    for kind, t in tallies.items():
        v = t.verdicts
        lines.append(
            f"{kind:9s} N={t.n:4d} precision {_pct(t.precision)} "
            f"(right {v['right']}, partly {v['partly']}, wrong {v['wrong']})"
        )
        for name in FIELDS[kind].values():
            c = t.fields.get(name, Counter())
            lines.append(
                f"    {name:12s} {_pct(t.field_precision(name))}  ok {c['ok']:4d}  wrong {c['wrong']:4d}  na {c['na']:4d}"
            )
        if causes and t.causes:
            top = ", ".join(f"{cause} {count}" for cause, count in t.causes.most_common())
            lines.append(f"    causes (not right): {top}")
    return "\n".join(lines)


_END_SLACK = 2
"""How far a judged sentence's end may move (a closing quote mark, a space) and still match."""


def match_export(
    export: Export, judgments: Iterable[dict[str, Any]]
) -> tuple[dict[str, Tally], Counter[str]]:
    """Return tallies over the records of an export covered by a judgment, and uncovered counts.

    A record is covered when a judgment has its location and the same judged values, so a
    changed extractor is measured on what it kept and only its new records need judging.
    """
    by_key = {stored_key(j): j for j in judgments}
    # A sentence that now keeps its closing quote mark ends a character or two later: the
    # same record, read from the same sentence, keeps its judgment.
    near: dict[tuple[Any, ...], list[tuple[Any, dict[str, Any]]]] = {}
    for k, j in by_key.items():
        near.setdefault((k[0], k[1], k[2], k[4]), []).append((k[3], j))
    covered: list[dict[str, Any]] = []
    uncovered: Counter[str] = Counter()
    seen: set[tuple[Any, ...]] = set()
    for kind in FIELDS:
        for record in export.of_kind(kind):
            key = judgment_key(record)
            if key in seen:
                continue
            seen.add(key)
            judgment = by_key.get(key) or _near(near.get((key[0], key[1], key[2], key[4]), []), key[3])
            if judgment is None:
                uncovered[kind] += 1
            else:
                covered.append(judgment)
    return tally(covered), uncovered


def _near(candidates: list[tuple[Any, dict[str, Any]]], end: Any) -> dict[str, Any] | None:
    """The one judgment whose sentence ends within two characters of `end`, if exactly one does."""
    if not isinstance(end, int):
        return None
    close = [j for e, j in candidates if isinstance(e, int) and abs(e - end) <= _END_SLACK]
    return close[0] if len(close) == 1 else None
