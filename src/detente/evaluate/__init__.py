"""Scoring detente's export against hand-annotated facts in the gold form of the record contract."""

from detente.evaluate.score import (
    KINDS,
    EvalReport,
    KindScore,
    Miss,
    describe,
    evaluate,
    read_gold,
    render,
    report_json,
    score,
)

__all__ = [
    "KINDS",
    "EvalReport",
    "KindScore",
    "Miss",
    "describe",
    "evaluate",
    "read_gold",
    "render",
    "report_json",
    "score",
]
