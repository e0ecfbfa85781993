"""Is `confidence` a probability? Predicted confidence against hand judgments, on records not trained on.

    python bench/calibration.py EXPORT [EXPORT …] [--recompute] [--kinds event]

EXPORTs are `detente export -f jsonl` files of stores ingested from the judged sets' articles
(`/work/notes/measure.sh OUTDIR dev dev_e h3` writes OUTDIR/SET.export.jsonl). Each judgment of
tests/fixtures/judged*/ is matched to its record (article, offsets, judged values); its label is 1
when judged right, 0 when partly or wrong. Reported, per record kind:

- the calibration split: the articles of the training sets that `python -m tools.calibrate` held
  out (their ids are stored with the weights), so no record of them was trained on;
- every other judged set (h3), never trained on;
- for each: the reliability table (fixed bins of 0.1 and ten equal-count bins: n, mean predicted,
  observed share right), the Brier score beside the score of always forecasting the training base
  rate, and what thresholds 0.3 / 0.5 / 0.7 keep (records, their precision, share of right ones kept).

The target (issue 10): observed within 0.10 of predicted in every bin of at least 20 records.
By default the prediction is the `confidence` the export carries (what extraction wrote);
--recompute scores the matched records again with the shipped model (needs the spaCy model).
"""

from __future__ import annotations

import argparse
import json
import sys
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tools.calibrate.data import examples, load_all_judgments  # noqa: E402
from tools.calibrate.metrics import format_report  # noqa: E402

from detente.extract.confidence import WEIGHTS, load_models  # noqa: E402


def main() -> int:
    """Print the calibration report; exit 0 (the figures are read, not asserted)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("exports", nargs="+", type=Path)
    parser.add_argument("--kinds", default="event")
    parser.add_argument(
        "--recompute", action="store_true", help="score with the shipped model, not the export's values"
    )
    args = parser.parse_args()
    shipped = json.loads(resources.files("detente").joinpath("data", WEIGHTS).read_text(encoding="utf-8"))
    judgments = load_all_judgments()
    for kind in args.kinds.split(","):
        trained = shipped["models"].get(kind, {}).get("trained", {})
        held = set(trained.get("calibration_articles", []))
        train_sets = set(trained.get("sets", []))
        items = examples(args.exports, judgments, (kind,), parse=args.recompute)
        if args.recompute:
            model = load_models()[kind]
            pred = {id(e): model.probability(e.features) for e in items}
        else:
            pred = {id(e): e.confidence if e.confidence is not None else 0.5 for e in items}
        train_part = trained.get("train", {})
        base = train_part.get("right", 0) / max(train_part.get("records", 0), 1)
        print(
            f"# {kind}: weights trained {trained.get('date')} on {train_part.get('records')} records of "
            f"{train_part.get('articles')} articles ({', '.join(sorted(train_sets))}), training base rate {base:.3f}"
        )
        parts = [
            (
                "calibration split (held-out articles of " + ",".join(sorted(train_sets)) + ")",
                [e for e in items if e.article_id in held],
            ),
        ]
        for name in sorted({e.set for e in items} - train_sets):
            parts.append((f"set {name} (never trained on)", [e for e in items if e.set == name]))
        parts.append(
            (
                "held-out records together",
                [e for e in items if e.article_id in held or e.set not in train_sets],
            )
        )
        for title, part in parts:
            p = [pred[id(e)] for e in part]
            y = [e.label for e in part]
            print(format_report(f"{kind} {title}", p, y))
            if part:
                constant = sum((base - v) ** 2 for v in y) / len(y)
                print(f"  Brier of always forecasting the training base rate: {constant:.4f}")
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
