"""How well predicted confidence matches judged precision: reliability bins, Brier score, thresholds."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Bin", "brier", "format_report", "log_loss", "reliability", "thresholds"]

MIN_BIN = 20
"""A bin with fewer records than this is shown but does not count for the calibration target."""

TOLERANCE = 0.10
"""The target: observed precision within this of the mean prediction in every counted bin."""


@dataclass(frozen=True, slots=True)
class Bin:
    """One bin of predictions: its range, size, mean prediction and observed share right."""

    low: float
    high: float
    n: int
    predicted: float
    observed: float

    @property
    def gap(self) -> float:
        """|observed − predicted|."""
        return abs(self.observed - self.predicted)


def reliability(pred: Sequence[float], label: Sequence[int], *, equal_count: bool = False) -> list[Bin]:
    """Bins of width 0.1 (or ten bins of equal size), each with n, mean prediction and precision."""
    pairs = sorted(zip(pred, label, strict=True), key=lambda pair: pair[0])  # ties keep their order
    groups: list[list[tuple[float, int]]]
    if equal_count:
        k = 10
        groups = [pairs[len(pairs) * i // k : len(pairs) * (i + 1) // k] for i in range(k)]
    else:
        groups = [[] for _ in range(10)]
        for p, y in pairs:
            groups[min(int(p * 10), 9)].append((p, y))
    out = []
    for i, g in enumerate(groups):
        if not g:
            continue
        low, high = (g[0][0], g[-1][0]) if equal_count else (i / 10, (i + 1) / 10)
        out.append(Bin(low, high, len(g), sum(p for p, _ in g) / len(g), sum(y for _, y in g) / len(g)))
    return out


def brier(pred: Sequence[float], label: Sequence[int]) -> float:
    """Mean squared error of the predictions (0 is perfect; always predicting the base rate scores p(1−p))."""
    return sum((p - y) ** 2 for p, y in zip(pred, label, strict=True)) / max(len(pred), 1)


def log_loss(pred: Sequence[float], label: Sequence[int]) -> float:
    """Mean negative log-likelihood of the labels."""
    import math

    eps = 1e-9
    total = sum(
        -math.log(max(p, eps)) if y else -math.log(max(1 - p, eps)) for p, y in zip(pred, label, strict=True)
    )
    return total / max(len(pred), 1)


def thresholds(
    pred: Sequence[float], label: Sequence[int], cuts: Sequence[float] = (0.3, 0.5, 0.7)
) -> list[tuple[float, int, float | None, float]]:
    """Per threshold: records kept, their precision, and the share of right records kept."""
    right = sum(label)
    out = []
    for cut in cuts:
        kept = [y for p, y in zip(pred, label, strict=True) if p >= cut]
        precision = sum(kept) / len(kept) if kept else None
        out.append((cut, len(kept), precision, sum(kept) / right if right else 0.0))
    return out


def format_report(title: str, pred: Sequence[float], label: Sequence[int]) -> str:
    """A plain-text report: both reliability tables, Brier score, log-loss and the thresholds."""
    n = len(label)
    base = sum(label) / n if n else 0.0
    lines = [f"== {title}: N={n}, judged right {sum(label)} (precision {base:.3f})"]
    if not n:
        return "\n".join(lines)
    for equal in (False, True):
        lines.append("  " + ("equal-count deciles" if equal else "fixed bins of 0.1"))
        lines.append("    range          n   predicted  observed   gap")
        held = True
        for b in reliability(pred, label, equal_count=equal):
            counted = b.n >= MIN_BIN
            mark = "" if not counted else (" ok" if b.gap <= TOLERANCE else " MISS")
            held = held and (not counted or b.gap <= TOLERANCE)
            lines.append(
                f"    {b.low:.2f}-{b.high:.2f} {b.n:5d}   {b.predicted:.3f}     {b.observed:.3f}   {b.gap:.3f}{mark}"
            )
        lines.append(
            f"    target (|gap| <= {TOLERANCE} in every bin of >= {MIN_BIN}): {'holds' if held else 'MISSED'}"
        )
    lines.append(
        f"  Brier {brier(pred, label):.4f} (base-rate forecast {base * (1 - base):.4f}), "
        f"log-loss {log_loss(pred, label):.4f}"
    )
    for cut, kept, precision, recall in thresholds(pred, label):
        shown = "  -  " if precision is None else f"{precision:.3f}"
        lines.append(
            f"  confidence >= {cut:.1f}: kept {kept:4d}/{n} precision {shown}, right records kept {recall:.3f}"
        )
    return "\n".join(lines)
