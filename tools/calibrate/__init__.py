"""Training the confidence model from hand judgments: ``python -m tools.calibrate EXPORT …``.

Each judgment of ``tests/fixtures/judged*/`` is matched to the record of a fresh export with the
judging tool's own key (article id, offsets, judged values); the matched record's features come
from ``detente.extract.confidence``, the function extraction itself calls; the label is 1 for a
record judged right, 0 for partly or wrong. An L2-regularised logistic regression (Newton's
method in numpy) is fitted on a training split of the articles and its weights written to
``src/detente/data/confidence.json``; the other articles are the calibration split that
``bench/calibration.py`` reports on.
"""

from .data import Example, examples, split_articles
from .fit import fit_logistic
from .metrics import brier, reliability, thresholds

__all__ = ["Example", "brier", "examples", "fit_logistic", "reliability", "split_articles", "thresholds"]
