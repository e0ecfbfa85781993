"""`detente quotes` shows a quote several outlets carried once, with the outlets (knowledge/quotes.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import WIDE, cli, jsonl

pytestmark = pytest.mark.model

CARRIED = [
    {"id": "g-1", "published": "2025-05-10", "outlet": "First Desk",
     "text": "“We will not sign any accord that leaves the detainees behind,” Ukrainian Defence Minister Rustem Umerov said on Friday."},
    {"id": "g-2", "published": "2025-05-11", "outlet": "Second Desk",
     "text": "“We will not sign an accord that leaves the detainees behind,” Rustem Umerov told reporters in Istanbul."},
    {"id": "g-3", "published": "2025-05-12", "outlet": "Third Desk",
     "text": "“The next round should take place in Geneva,” Rustem Umerov said."},
]  # fmt: skip


def test_a_quote_carried_by_two_outlets_is_shown_once(tmp_path: Path) -> None:
    src = tmp_path / "carried.jsonl"
    src.write_text(jsonl(CARRIED), encoding="utf-8")
    db = tmp_path / "q.db"
    assert cli("ingest", src, "--db", db).exit_code == 0
    shown = json.loads(cli("quotes", "--db", db, "--speaker", "umerov", "--format", "json").stdout)
    by_text = {q["text"][:20]: q for q in shown}
    assert len(shown) == 2, shown
    carried = by_text["We will not sign an "]  # the newest version comes first
    assert carried["carried_by"] == 2 and carried["outlets"] == ["Second Desk", "First Desk"]
    assert len(carried["variants"]) == 1 and carried["variants"][0]["outlet"] == "First Desk"
    assert by_text["The next round shoul"]["carried_by"] == 1
    table = cli("quotes", "--db", db, env=WIDE).stdout
    assert "carried by 2 outlets: Second Desk, First Desk" in table
