"""The `detente` command line: help, version, usage errors and `eval` (real spaCy model).

Never touches the internet; every command that writes gets `--db` in tmp_path. Shared inputs
and helpers live in tests/cli/conftest.py; ingest/export/failures are in test_cli_ingest.py and
the read-only views (search, actors, positions, quotes, brief, timeline) in test_cli_views.py.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import typer.main

from detente import __version__
from detente.cli import app
from tests.cli.conftest import WIDE, cli, jsonl
from tests.conftest import write

pytestmark = pytest.mark.model

COMMANDS = (
    "ingest",
    "reextract",
    "export",
    "stats",
    "failures",
    "search",
    "actors",
    "demo",
    "migrate",
    "eval",
    "positions",
    "quotes",
    "brief",
    "timeline",
    "serve",
    "load",
    "watch",
    "changes",
)


# -- help, version, usage errors -------------------------------------------------------------


def _flat(text: str) -> str:
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", text).split())


def test_app_help_lists_every_command() -> None:
    result = cli("--help", env=WIDE)
    assert result.exit_code == 0
    text = _flat(result.stdout)
    assert "Usage:" in text
    for name in COMMANDS:
        assert name in text
    short = cli("-h")
    assert short.exit_code == 0 and "Usage:" in short.stdout


def test_no_arguments_shows_help() -> None:
    result = cli()
    assert result.exit_code in (0, 2)
    assert "Usage:" in result.output


@pytest.mark.parametrize("name", COMMANDS)
def test_command_help(name: str) -> None:
    command = typer.main.get_command(app).commands[name]  # type: ignore[attr-defined]
    doc = (command.help or "").strip().splitlines()[0]
    assert doc, f"{name} has no help text"
    result = cli(name, "--help", env=WIDE)
    assert result.exit_code == 0, result.output
    text = _flat(result.stdout)
    assert f"detente {name}" in text
    assert _flat(doc) in text
    assert "--db" in text
    if name == "eval":  # evaluation never writes the user's store unless told which file to keep
        assert "temporary store" in text
        return
    assert "DETENTE_DB" in text
    assert "default: ./detente.db" in text  # not swallowed as Rich markup


def test_every_command_is_covered() -> None:
    names = set(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
    assert names == set(COMMANDS)


def test_version() -> None:
    result = cli("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"detente {__version__}"


@pytest.mark.parametrize(
    "args",
    [
        ["stats", "--no-such-option"],
        ["ingest"],  # PATHS is required
        ["search"],  # QUERY is required
        ["frobnicate"],
        ["actors", "--limit", "0"],
        ["ingest", "--workers", "zero", "x.txt"],
    ],
)
def test_bad_usage_exits_2(args: list[str], tmp_path: Path) -> None:
    result = cli(*args, "--db", tmp_path / "x.db")
    assert result.exit_code == 2, result.output
    assert not (tmp_path / "x.db").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export", "--format", "xml"], "unknown export format 'xml'"),
        (["export", "--kind", "nonsense"], "unknown record kind"),
        (["export", "--kind", "actor", "--kind", "bogus"], "bogus"),
        (["export", "--format", "csv"], "--out DIR"),
        (["export", "--format", "cameo", "--kind", "actor"], "events only"),
        (["stats", "--format", "yaml"], "unknown format 'yaml'"),
        (["failures", "--format", "xml"], "unknown format 'xml'"),
        (["search", "word", "--format", "csv"], "unknown format 'csv'"),
        (["actors", "--format", "csv"], "unknown format 'csv'"),
    ],
)
def test_bad_format_or_kind_exits_2(args: list[str], message: str, tmp_path: Path) -> None:
    result = cli(*args, "--db", tmp_path / "x.db")
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "fix:" in result.stderr
    assert "Traceback" not in result.output


def test_bad_config_file_exits_2(tmp_path: Path) -> None:
    toml = write(tmp_path / "bad.toml", "max_bites = 10\n")
    result = cli("stats", "--db", tmp_path / "x.db", "--config", toml)
    assert result.exit_code == 2
    assert "unknown setting 'max_bites'" in result.stderr


# -- eval ------------------------------------------------------------------------------------
EVAL_ARTICLES = [
    {
        "id": "ev-1",
        "published": "2025-05-15",
        "text": "Kyiv and Moscow are due to hold talks in Istanbul on Friday. "
        "Turkish Foreign Minister Hakan Fidan will host the session.",
    }
]
EVAL_GOLD = [
    {"article_id": "ev-1", "kind": "event", "actor": "Ukraine", "action": "meet", "target": "Russia", "date": "2025-05-16",
     "place": "Istanbul", "status": "planned", "evidence": "Kyiv and Moscow are due to hold talks in Istanbul on Friday."},
    {"article_id": "ev-1", "kind": "role", "person": "Hakan Fidan", "role": "Foreign Minister", "affiliation": "Turkey",
     "evidence": "Turkish Foreign Minister Hakan Fidan will host the session."},
]  # fmt: skip


def test_eval_scores_and_keeps_the_store_only_when_asked(tmp_path: Path) -> None:
    arts = tmp_path / "arts.jsonl"
    gold = tmp_path / "gold.jsonl"
    arts.write_text(jsonl(EVAL_ARTICLES), encoding="utf-8")
    gold.write_text(jsonl(EVAL_GOLD), encoding="utf-8")
    result = cli("eval", gold, arts, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["kinds"]["event"]["recall"] == 1.0 and data["kinds"]["role"]["recall"] == 1.0
    assert data["kinds"]["event"]["date_acc"] == 1.0 and data["kinds"]["event"]["status_acc"] == 1.0
    assert not (tmp_path / "detente.db").exists()
    kept = tmp_path / "kept.db"
    result = cli("eval", gold, arts, "--db", kept, "--misses")
    assert result.exit_code == 0 and kept.exists()
    assert "event" in result.stdout and "role" in result.stdout


def test_eval_bad_gold_is_a_usage_error(tmp_path: Path) -> None:
    arts = tmp_path / "arts.jsonl"
    arts.write_text(jsonl(EVAL_ARTICLES), encoding="utf-8")
    (tmp_path / "gold.jsonl").write_text("{not json\n", encoding="utf-8")
    result = cli("eval", tmp_path / "gold.jsonl", arts)
    assert result.exit_code == 2
    assert "gold" in result.output and "line 1" in result.output
