"""Shared inputs and helpers for the `detente` command-line tests (tests/cli/test_cli*.py).

Sample articles in every input format, thin wrappers that invoke the app in-process and read
a store back through `stats`/`export`, and `good_store`: the good folder ingested once per
test module into a store in tmp_path. Never touches the internet.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from detente.cli import app
from tests.conftest import write

runner = CliRunner()

REPORT_TXT = """\
Title: Envoys agree to meet again in Geneva
Date: 2025-03-04
Outlet: Lakeside Courier

GENEVA - Negotiators from Russia and Ukraine agreed on Tuesday to meet again next month,
the Swiss foreign ministry said after a long day of closed-door sessions by the lake.

Turkish Foreign Minister Hakan Fidan, who joined by video link, said both delegations had
accepted a plan to exchange prisoners before the next round begins.
"""

BRIEF_MD = """\
---
title: Grain corridor arrangement extended for sixty days
published: 2025-04-11
outlet: Harbour Notes
url: https://harbour-notes.example/2025/04/11/grain-corridor
---

Turkey and the United Nations announced on Friday that the Black Sea grain arrangement
would run for another sixty days after weeks of uncertain bargaining.

## What changes

President Recep Tayyip Erdogan said Ankara would keep hosting the joint coordination
centre in Istanbul and urged Moscow and Kyiv to widen the deal.
"""

WIRE = [
    {
        "id": "wire-001",
        "title": "Kremlin turns down thirty-day truce",
        "published": "2025-05-02",
        "outlet": "Wire Desk",
        "text": "MOSCOW - Kremlin spokesman Dmitry Peskov said on Friday that Russia would not "
        "accept a thirty-day ceasefire before the political questions were settled. "
        "He said Moscow remained open to further talks in Istanbul.",
    },
    {
        "id": "wire-002",
        "title": "Zelensky ready for direct meeting",
        "published": "2025-05-03",
        "outlet": "Wire Desk",
        "text": "KYIV - President Volodymyr Zelensky said on Saturday that Ukraine was ready to "
        "meet Vladimir Putin in person. He thanked Turkey for offering to host the summit.",
    },
]

FEED_RSS = """\
<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>Strait Bulletin</title>
    <link>https://strait-bulletin.example/</link>
    <description>Notes on the talks.</description>
    <item>
      <title>Observers arrive in Istanbul</title>
      <link>https://strait-bulletin.example/observers-arrive</link>
      <pubDate>Mon, 09 Jun 2025 08:00:00 +0000</pubDate>
      <description>&lt;p&gt;A team of observers from the United Nations arrived in Istanbul on
      Monday to watch the handover of prisoners between Russia and Ukraine.&lt;/p&gt;</description>
    </item>
    <item>
      <title>Ankara proposes working groups</title>
      <link>https://strait-bulletin.example/working-groups</link>
      <pubDate>Tue, 10 Jun 2025 09:30:00 +0000</pubDate>
      <description>Turkey proposed on Tuesday that the two delegations form three working
      groups on humanitarian, military and political questions.</description>
    </item>
  </channel>
</rss>
"""

GOOD_TITLES = {
    "Envoys agree to meet again in Geneva",
    "Grain corridor arrangement extended for sixty days",
    "Kremlin turns down thirty-day truce",
    "Zelensky ready for direct meeting",
    "Observers arrive in Istanbul",
    "Ankara proposes working groups",
}
WIDE = {"COLUMNS": "300"}  # Rich tables and help wrap at 80 columns off a terminal


# -- helpers -------------------------------------------------------------------------------


def cli(*args: str | Path, input: str | bytes | None = None, env: dict[str, str] | None = None) -> Result:
    """Invoke the app in-process; exceptions other than exits propagate (with a traceback)."""
    return runner.invoke(app, [str(a) for a in args], input=input, env=env, catch_exceptions=False)


def jsonl(records: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(r) + "\n" for r in records)


def stats(db: Path) -> dict[str, Any]:
    result = cli("stats", "--db", db, "--format", "json")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def core_counts(db: Path) -> dict[str, int]:
    data = stats(db)
    return {k: data[k] for k in ("articles", "actors", "mentions", "events", "quotes", "failures")}


def exported(db: Path, *extra: str) -> list[dict[str, Any]]:
    result = cli("export", "--db", db, *extra)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def articles(db: Path) -> list[dict[str, Any]]:
    return exported(db, "--kind", "article")


def failure_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("✗ ")]


def write_good(folder: Path) -> Path:
    write(folder / "report.txt", REPORT_TXT)
    write(folder / "brief.md", BRIEF_MD)
    write(folder / "wire.jsonl", jsonl(WIRE))
    write(folder / "feed.rss", FEED_RSS)
    return folder


@pytest.fixture(scope="module")
def good_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path, Result]]:
    """A store with the good folder ingested once: (db, folder, the ingest's result)."""
    base = tmp_path_factory.mktemp("good")
    with pytest.MonkeyPatch.context() as mp:
        for key in list(os.environ):
            if key.startswith("DETENTE_"):
                mp.delenv(key)
        mp.chdir(base)
        folder = write_good(base / "in")
        db = base / "good.db"
        result = cli("ingest", folder, "--db", db)
        yield db, folder, result
