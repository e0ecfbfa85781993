"""``python -m tools.calibrate EXPORT [EXPORT …]``: fit the confidence weights from the judgments.

EXPORT files are ``detente export -f jsonl`` outputs of stores ingested from the judged sets'
articles (``/work/notes/measure.sh OUTDIR dev dev_e h3`` writes OUTDIR/SET.export.jsonl). The
judged articles of the training sets are split, by article and seeded, into a training and a
calibration part; the penalty is chosen by cross-validation over training articles; the model
fitted on the training part is written, with its counts and the held-out article ids, to
``src/detente/data/confidence.json`` (the same inputs always write the same bytes).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .data import JUDGED, Example, examples, load_all_judgments, split_articles
from .fit import design, feature_names, fit_logistic, predict, sigmoid
from .metrics import format_report, log_loss

DEFAULT_OUT = Path("src/detente/data/confidence.json")
LAMBDAS = (1.0, 3.0, 10.0, 30.0, 100.0)
FOLDS = 5


def _fit(train: Sequence[Example], lam: float, min_count: int) -> tuple[list[str], np.ndarray, float]:
    names = feature_names([e.features for e in train], min_count)
    x = design([e.features for e in train], names)
    y = np.array([e.label for e in train], dtype=float)
    w, b = fit_logistic(x, y, lam)
    return names, w, b


def _predict(items: Sequence[Example], names: list[str], w: np.ndarray, b: float) -> list[float]:
    if not items:
        return []
    return [float(p) for p in predict(design([e.features for e in items], names), w, b)]


def _out_of_fold(
    train: Sequence[Example], lam: float, seed: int, min_count: int
) -> tuple[list[float], list[int]]:
    """Predicted logits of every training record by a model fitted without its article's fold."""
    articles = sorted({e.article_id for e in train})
    order = np.random.default_rng(seed).permutation(len(articles))
    fold_of = {articles[i]: k % FOLDS for k, i in enumerate(order)}
    logits: list[float] = []
    labels: list[int] = []
    for k in range(FOLDS):
        fit_part = [e for e in train if fold_of[e.article_id] != k]
        test_part = [e for e in train if fold_of[e.article_id] == k]
        if not fit_part or not test_part:
            continue
        names, w, b = _fit(fit_part, lam, min_count)
        logits += [float(v) for v in design([e.features for e in test_part], names) @ w + b]
        labels += [e.label for e in test_part]
    return logits, labels


def choose_lambda(train: Sequence[Example], seed: int, min_count: int) -> tuple[float, dict[float, float]]:
    """The penalty with the lowest log-loss over article folds of the training part."""
    losses: dict[float, float] = {}
    for lam in LAMBDAS:
        logits, labels = _out_of_fold(train, lam, seed, min_count)
        losses[lam] = log_loss([float(p) for p in sigmoid(np.array(logits))], labels)
    return min(losses, key=lambda lam: (losses[lam], lam)), losses


def rescale(train: Sequence[Example], lam: float, seed: int, min_count: int) -> tuple[float, float]:
    """Platt scaling: the slope and shift of the logit that calibrate the out-of-fold predictions.

    A strong L2 penalty pulls every prediction towards the base rate; the slope (> 1 when it
    did) stretches them back, learnt on predictions for articles each model did not see.
    """
    logits, labels = _out_of_fold(train, lam, seed, min_count)
    x = np.array(logits)[:, None]
    slope, shift = fit_logistic(x, np.array(labels, dtype=float), 1e-3)
    return float(slope[0]), shift


def _counts(items: Sequence[Example]) -> dict[str, int]:
    return {
        "records": len(items),
        "earlier_extractor": sum(e.training_only for e in items),
        "right": sum(e.label for e in items),
        "articles": len({e.article_id for e in items}),
    }


def train_kind(
    items: Sequence[Example], judgments: Sequence[dict[str, Any]], args: argparse.Namespace
) -> tuple[dict[str, Any], str]:
    """The model entry of one kind for the weights file, and a report of how it does."""
    train_sets = set(args.train_sets.split(","))
    pool = [e for e in items if e.set in train_sets]
    kind = items[0].kind
    judged_date = max((str(j.get("date") or "") for j in judgments), default="")
    held_ids = split_articles(
        [j for j in judgments if j["set"] in train_sets and j["kind"] == kind], args.holdout, args.seed
    )
    # An earlier extractor's records of a held-out article would leak that article into training.
    train = [e for e in pool if e.article_id not in held_ids]
    held = [e for e in pool if e.article_id in held_ids and not e.training_only]
    other = [e for e in items if e.set not in train_sets and not e.training_only]
    if not train:
        raise SystemExit("no judged record matches the exports: ingest the judged sets' articles first")
    lam, losses = (args.lam, {}) if args.lam is not None else choose_lambda(train, args.seed, args.min_count)
    names, w, b = _fit(train, lam, args.min_count)
    slope, shift = (1.0, 0.0) if args.no_rescale else rescale(train, lam, args.seed, args.min_count)
    w, b = w * slope, b * slope + shift
    rate = sum(e.label for e in train) / len(train)
    constant = log_loss([rate] * len(train), [e.label for e in train])
    if slope <= 0 or (losses and min(losses.values()) >= constant):
        # The features predict nothing on articles the model did not see: the honest
        # confidence is the base rate of the training records, the same for every record.
        names, w, b = [], np.zeros(0), float(np.log(rate / (1 - rate)))
    report = [
        f"### {kind}: penalty {lam} (cv log-loss {', '.join(f'{k}: {v:.4f}' for k, v in losses.items())}),"
        f" logit rescaled x{slope:.2f} {shift:+.2f}"
        + ("; features dropped: no better than the base rate" if not names else "")
    ]
    for title, part in (
        ("training split", train),
        ("calibration split (held out)", held),
        ("other sets: " + ",".join(sorted({e.set for e in other})), other),
    ):
        if part:
            report.append(
                format_report(f"{kind} {title}", _predict(part, names, w, b), [e.label for e in part])
            )
    everything = [e for e in pool if not e.training_only]
    logits, labels = _out_of_fold(everything, lam, args.seed, args.min_count) if names else ([], [])
    report.append(
        format_report(
            f"{kind} all judged {','.join(sorted(train_sets))} records, 5-fold by article (out of fold)",
            [float(p) for p in sigmoid(np.array(logits) * slope + shift)],
            labels,
        )
    )
    order = np.argsort(-np.abs(w))
    report.append(
        "  largest weights: " + (", ".join(f"{names[i]} {w[i]:+.2f}" for i in order[:12]) or "none")
    )
    entry = {
        "features": names,
        "weights": [round(float(v), 6) for v in w],
        "bias": round(b, 6),
        "trained": {
            "date": judged_date,
            "penalty": lam,
            "rescale": [round(slope, 6), round(shift, 6)],
            "seed": args.seed,
            "holdout_fraction": args.holdout,
            "sets": sorted(train_sets),
            "train": _counts(train),
            "calibration": _counts(held),
            "calibration_articles": sorted(held_ids),
        },
    }
    return entry, "\n".join(report)


def write_models(path: Path, models: dict[str, dict[str, Any]]) -> None:
    """Write the weights file, keeping the models of kinds not retrained now."""
    current: dict[str, Any] = {}
    if path.exists():
        current = json.loads(path.read_text(encoding="utf-8")).get("models", {})
    data = {"format": 1, "models": {**current, **models}}
    path.write_text(json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = argparse.ArgumentParser(prog="python -m tools.calibrate", description=__doc__.split("\n")[0])
    parser.add_argument("exports", nargs="+", type=Path, help="jsonl exports of the judged sets")
    parser.add_argument(
        "--earlier",
        type=Path,
        action="append",
        default=[],
        help="export of an earlier extractor: its judged records (not in EXPORTs) are training-only",
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="weights file to write")
    parser.add_argument("--sets", default=",".join(JUDGED), help="judged sets to read (default: all)")
    parser.add_argument("--train-sets", default="dev,deve", help="sets split into training and calibration")
    parser.add_argument("--kinds", default="event", help="record kinds to train (comma-separated)")
    parser.add_argument("--holdout", type=float, default=0.3, help="share of articles held out")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--lam", type=float, default=None, help="L2 penalty (default: chosen by CV)")
    parser.add_argument("--min-count", type=int, default=5, help="min training rows a feature needs")
    parser.add_argument("--no-parse", action="store_true", help="leave out the parse features (no spaCy)")
    parser.add_argument("--no-rescale", action="store_true", help="skip the Platt rescaling of the logit")
    parser.add_argument("--dry-run", action="store_true", help="report only; write nothing")
    args = parser.parse_args(argv)
    for path in [*args.exports, *args.earlier]:
        if not path.is_file():
            parser.error(f"no export at {path}")
    judgments = load_all_judgments(args.sets.split(","))
    models: dict[str, dict[str, Any]] = {}
    for kind in args.kinds.split(","):
        items = examples(
            args.exports, judgments, (kind,), parse=not args.no_parse, training_only=args.earlier
        )
        if not items:
            print(f"{kind}: no judged record matches the exports", file=sys.stderr)
            return 1
        models[kind], report = train_kind(items, judgments, args)
        print(report)
    if not args.dry_run:
        write_models(args.out, models)
        print(f"weights written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
