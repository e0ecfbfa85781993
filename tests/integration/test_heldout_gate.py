"""Gates on held-out sets we wrote ourselves: other conflicts, other outlets' habits.

`tests/fixtures/heldout/` and `heldout2/` each hold 20 short reports in our own words on
conflicts the dev set barely covers (Sudan, Yemen, Colombia, Kosovo, Korea, …; Libya, Syria,
Myanmar, Cyprus, South Sudan, Venezuela, …) with hand-made gold facts in the gold format,
written by someone who never read detente's rules. Their first-contact figures (in the issue
notes) estimate how detente does on news it has not seen; the floors keep what was gained.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from detente.config import load_settings
from detente.evaluate import read_gold, report_json, score
from detente.pipeline import ingest
from detente.report.export import iter_export
from detente.store import SQLiteStore

pytestmark = pytest.mark.model

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
# Per set: floors a little under the figures measured (see the issue notes). heldout2 covers
# conflicts whose parties are mostly factions and bodies ("Haftar's forces", "the Secretariat")
# that the reference scorer can only match by name, hence its lower event floor.
FLOORS = {
    "heldout": {
        ("event", "recall"): 0.66,
        ("event", "date_acc"): 0.90,
        ("event", "status_acc"): 0.88,
        ("role", "recall"): 0.85,
        ("role", "aff_acc"): 0.86,
        ("quote", "recall"): 0.90,
        ("position", "recall"): 0.50,
    },
    "heldout2": {
        ("event", "recall"): 0.36,
        ("event", "status_acc"): 0.85,
        ("role", "recall"): 0.82,
        ("role", "aff_acc"): 0.62,
        ("quote", "recall"): 0.88,
        ("position", "recall"): 0.36,
    },
}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_heldout_floors_hold(name: str, tmp_path: Path) -> None:
    folder = FIXTURES / name
    settings = load_settings(db=str(tmp_path / f"{name}.db"))
    with SQLiteStore(settings.db) as store:
        summary = ingest([str(folder / "articles.jsonl")], store, settings)
        assert summary.ok
        records = [json.loads(json.dumps(r)) for r in iter_export(store)]
    kinds = report_json(score(read_gold(folder / "gold.jsonl"), records))["kinds"]
    failures = [
        f"{kind} {field} = {kinds[kind][field]} < {floor}"
        for (kind, field), floor in FLOORS[name].items()
        if kinds[kind][field] is None or kinds[kind][field] < floor
    ]
    assert not failures, f"quality regression on {name}: " + "; ".join(failures)
