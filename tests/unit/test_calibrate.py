"""Training the confidence weights: the fit, matching judgments to an export, the split, the metrics."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import tools.calibrate.data as data
from tools.calibrate.__main__ import main
from tools.calibrate.data import examples, split_articles
from tools.calibrate.fit import design, feature_names, fit_logistic, predict
from tools.calibrate.metrics import brier, reliability, thresholds
from tools.judge.kinds import key_values

from detente.extract.confidence import event_features, read_models
from detente.records import ActorRef, Article, Event

A = ActorRef("country:aaa", "Arland", "AAA", None)
B = ActorRef("country:bbb", "Borduria", "BBB", None)
C = ActorRef("country:ccc", "Cordovia", "CCC", None)  # named in no sentence: an inferred party
SENTENCE = "Arland and Borduria held talks by the lake on Monday."


def test_the_fit_recovers_the_sign_of_planted_features() -> None:
    rng = np.random.default_rng(3)
    x = rng.integers(0, 2, size=(400, 3)).astype(float)  # good, bad, noise
    p = 1 / (1 + np.exp(-(1.5 * x[:, 0] - 1.5 * x[:, 1])))
    y = (rng.random(400) < p).astype(float)
    w, b = fit_logistic(x, y, lam=1.0)
    assert w[0] > 0.8 and w[1] < -0.8 and abs(w[2]) < 0.5
    probabilities = predict(x, w, b)
    assert probabilities[x[:, 0] == 1].mean() > probabilities[x[:, 0] == 0].mean()


def test_a_stronger_penalty_shrinks_the_weights() -> None:
    x = np.array([[1.0], [1.0], [0.0], [0.0]] * 10)
    y = np.array([1.0, 1.0, 0.0, 1.0] * 10)
    loose, _ = fit_logistic(x, y, lam=0.01)
    tight, _ = fit_logistic(x, y, lam=100.0)
    assert 0 < tight[0] < loose[0]


def test_design_and_feature_names() -> None:
    rows = [{"a": 1.0, "b": 2.0}, {"a": 1.0}, {"c": 0.0}]
    assert feature_names(rows) == ["a", "b"]
    assert feature_names(rows, min_count=2) == ["a"]
    assert design(rows, ["b", "a"]).tolist() == [[2.0, 1.0], [0.0, 1.0], [0.0, 0.0]]


def _article(n: int) -> Article:
    return Article(f"art{n}", None, f"outlet{n}", "2025-03-04", None, "en", SENTENCE, "x")


def _event(n: int, source: ActorRef) -> Event:
    return Event(
        f"art{n}-e0", f"art{n}", "CONSULT", None, "040", "occurred", source, B, "held",
        None, None, None, None, None, SENTENCE, 0, len(SENTENCE), 0.5,
    )  # fmt: skip


def _judgment(ev: Event, verdict: str, set_name: str = "dev") -> dict[str, Any]:
    rec = ev.to_record()
    return {"kind": "event", "article_id": ev.article_id, "start": ev.start, "end": ev.end,
            "key": key_values(rec), "verdict": verdict, "set": set_name, "fields": {}, "date": "2025-01-01"}  # fmt: skip


def _write_export(path: Path, pairs: list[tuple[Article, Event]]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for article, ev in pairs:
            fh.write(json.dumps(article.to_record()) + "\n")
            fh.write(json.dumps(ev.to_record()) + "\n")


def test_judgments_are_matched_by_key_and_labelled(tmp_path: Path) -> None:
    named, inferred, unjudged = _event(1, A), _event(2, C), _event(3, A)
    export = tmp_path / "x.jsonl"
    _write_export(export, [(_article(1), named), (_article(2), inferred), (_article(3), unjudged)])
    other_values = _judgment(_event(3, C), "right")  # same place, other values: not this record
    got = examples(
        [export], [_judgment(named, "right"), _judgment(inferred, "partly"), other_values], parse=False
    )
    assert [(e.article_id, e.label) for e in got] == [("art1", 1), ("art2", 0)]
    assert got[0].features == event_features(named, _article(1), [named])
    assert got[1].features["source_unnamed"] == 1.0 and got[0].confidence == 0.5


def test_the_split_is_by_article_seeded_and_per_set() -> None:
    rows = [{"set": s, "article_id": f"{s}{i}"} for s in ("dev", "deve") for i in range(10)]
    held = split_articles(rows, 0.3, seed=7)
    assert held == split_articles(list(reversed(rows)), 0.3, seed=7)
    assert sum(a.startswith("deve") for a in held) == 3 and len(held) == 6
    assert held != split_articles(rows, 0.3, seed=8)


def test_training_on_a_tiny_judged_set_finds_the_planted_feature(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pairs, judged = [], []
    for n in range(60):
        inferred = n % 2 == 1
        ev = _event(n, C if inferred else A)
        pairs.append((_article(n), ev))
        # Inferred sources are mostly wrong, named ones mostly right (one in six the other way).
        right = (not inferred) != (n % 6 == 0)
        judged.append(_judgment(ev, "right" if right else "wrong"))
    export = tmp_path / "dev.export.jsonl"
    _write_export(export, pairs)
    folder = tmp_path / "judged"
    folder.mkdir()
    (folder / "dev_event.jsonl").write_text("".join(json.dumps(j) + "\n" for j in judged), encoding="utf-8")
    monkeypatch.setattr(data, "JUDGED", {"dev": folder})
    out = tmp_path / "weights.json"
    args = [
        str(export),
        "--out",
        str(out),
        "--sets",
        "dev",
        "--train-sets",
        "dev",
        "--no-parse",
        "--min-count",
        "1",
    ]
    assert main(args) == 0
    first = out.read_bytes()
    model = read_models(out)["event"]
    assert model.weights["source_unnamed"] < 0
    written = json.loads(first)["models"]["event"]["trained"]
    assert written["train"]["records"] + written["calibration"]["records"] == 60
    held = set(written["calibration_articles"])
    assert len(held) == 18 and held <= {f"art{n}" for n in range(60)}
    assert written["calibration"]["records"] == 18
    assert main(args) == 0 and out.read_bytes() == first  # the same inputs write the same bytes


def test_reliability_brier_and_thresholds() -> None:
    pred = [0.05, 0.15, 0.15, 0.95, 0.95]
    label = [0, 0, 1, 1, 1]
    bins = reliability(pred, label)
    assert [(b.low, b.n, round(b.observed, 2)) for b in bins] == [(0.0, 1, 0.0), (0.1, 2, 0.5), (0.9, 2, 1.0)]
    assert brier(pred, label) == pytest.approx((0.05**2 + 0.15**2 + 0.85**2 + 2 * 0.05**2) / 5)
    cut = thresholds(pred, label, (0.5,))[0]
    assert cut[1] == 2 and cut[2] == 1.0 and cut[3] == pytest.approx(2 / 3)
    assert len(reliability(pred, label, equal_count=True)) == 5
