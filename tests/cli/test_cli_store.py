"""How the command line opens the store: read-only commands create nothing, options are checked
before any work, and nothing printed from the store or an error is read as Rich markup.

Stores are built by hand (no spaCy model) except where a test says otherwise.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from detente.records import Article, ArticleFacts, Failure
from detente.store import Incoming, SQLiteStore
from tests.cli.conftest import WIDE, cli, jsonl

READ_ONLY = [
    ["stats"],
    ["failures"],
    ["search", "talks"],
    ["export"],
    ["export", "--format", "csv", "--out", "tables"],
    ["actors"],
    ["positions"],
    ["quotes"],
    ["brief"],
    ["timeline"],
]


def _article(id: str, title: str, text: str, outlet: str = "Harbour Notes") -> Article:
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Article(id, None, outlet, "2025-06-02", title, "en", text, sha)


def _store_with(db: Path, *articles: Article, failures: tuple[Failure, ...] = ()) -> Path:
    with SQLiteStore(db) as store:
        run = store.begin_run("hand-built", "0", None)
        store.save([Incoming(ArticleFacts(a)) for a in articles], run)
        store.record_failures(failures, run)
    return db


# -- read-only commands create nothing ------------------------------------------------------------


@pytest.mark.parametrize("args", READ_ONLY, ids=lambda a: " ".join(a))
def test_read_only_command_on_a_missing_store_exits_2_and_creates_nothing(
    args: list[str], tmp_path: Path
) -> None:
    db = tmp_path / "not" / "there" / "x.db"
    result = cli(*args, "--db", db)
    assert result.exit_code == 2, result.output
    assert f"no store at {db} — run detente ingest first or check --db" in result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "not").exists()
    assert not (tmp_path / "tables").exists()
    assert not (tmp_path / "detente.db").exists()


def test_default_store_is_not_created_by_a_read(tmp_path: Path) -> None:
    result = cli("stats")  # no --db: ./detente.db, and the tests run in tmp_path
    assert result.exit_code == 2
    assert "no store at detente.db" in result.stderr or "no store at ./detente.db" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_read_only_commands_work_on_an_existing_store(tmp_path: Path) -> None:
    db = _store_with(tmp_path / "s.db", _article("a1", "Talks resume", "Envoys met again for talks."))
    before = db.read_bytes()
    for args in READ_ONLY:
        result = cli(*args, "--db", db)
        assert result.exit_code == 0, (args, result.output)
    assert json.loads(cli("stats", "--db", db, "--format", "json").stdout)["articles"] == 1
    assert db.read_bytes() == before


@pytest.mark.parametrize(
    "args",
    [
        ["export", "--format", "xml"],
        ["stats", "--format", "yaml"],
        ["failures", "--format", "xml"],
        ["search", "word", "--format", "csv"],
        ["actors", "--format", "csv"],
        ["positions", "--format", "csv"],
        ["quotes", "--format", "html"],
        ["brief", "--format", "pdf"],
        ["timeline", "--format", "svg"],
        ["brief", "--since", "last week"],
        ["timeline", "--until", "soon"],
    ],
    ids=lambda a: " ".join(a),
)
def test_a_bad_option_creates_no_store(args: list[str], tmp_path: Path) -> None:
    result = cli(*args)
    assert result.exit_code == 2, result.output
    assert "error:" in result.stderr and "fix:" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_format_error_lists_the_choices(tmp_path: Path) -> None:
    result = cli("timeline", "--format", "svg")
    assert "unknown format 'svg'" in result.stderr
    assert "table, csv, json, html" in result.stderr
    assert cli("stats", "--format", "JSON", "--db", _store_with(tmp_path / "s.db")).exit_code == 0


def test_export_formats_are_the_library_formats() -> None:
    from detente.cli._common import ExportFormat
    from detente.report.export import FORMATS

    assert [f.value for f in ExportFormat] == list(FORMATS)


def test_eval_rejects_a_bad_option_before_evaluating(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import detente.evaluate

    def boom(*args: object, **kwargs: object) -> None:
        raise AssertionError("the evaluation ran before the options were checked")

    monkeypatch.setattr(detente.evaluate, "evaluate", boom)
    gold = tmp_path / "gold.jsonl"
    arts = tmp_path / "arts.jsonl"
    gold.write_text(jsonl([{"article_id": "a", "kind": "event"}]), encoding="utf-8")
    arts.write_text(jsonl([{"id": "a", "text": "Envoys met."}]), encoding="utf-8")
    result = cli("eval", gold, arts, "--format", "yaml")
    assert result.exit_code == 2 and "unknown format 'yaml'" in result.stderr
    result = cli("eval", tmp_path / "no-gold.jsonl", arts)
    assert result.exit_code == 2 and "no-gold.jsonl does not exist" in result.stderr


# -- schema versions: reading never migrates; migrate does ------------------------------------------


def _old_store(path: Path) -> Path:
    """A store as the first version of detente left it: migration 0001 only."""
    import sqlite3

    from detente.store.sqlite import migrations
    from detente.store.sqlite.schema import _statements

    version, name, sql = migrations()[0]
    db = sqlite3.connect(path)
    db.execute(
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    for statement in _statements(sql):
        db.execute(statement)
    db.execute("INSERT INTO schema_migrations VALUES (?, ?, 'then')", (version, name))
    db.commit()
    db.close()
    return path


def test_a_read_on_an_older_schema_says_to_migrate_and_changes_nothing(tmp_path: Path) -> None:
    db = _old_store(tmp_path / "old.db")
    before = db.read_bytes()
    result = cli("stats", "--db", db)
    assert result.exit_code == 2
    assert "older detente" in result.stderr and f"detente migrate --db {db}" in result.stderr
    assert db.read_bytes() == before
    assert cli("migrate", "--db", db).exit_code == 0
    assert json.loads(cli("stats", "--db", db, "--format", "json").stdout)["articles"] == 0


def test_migrate_creates_a_new_store(tmp_path: Path) -> None:
    db = tmp_path / "deep" / "new.db"
    result = cli("migrate", "--db", db)
    assert result.exit_code == 0, result.output
    assert db.exists() and "up to date" in result.stderr


# -- nothing from the store or an error is read as markup -----------------------------------------


def test_search_prints_a_title_holding_markup_as_written(tmp_path: Path) -> None:
    """Issue 16 item 7: a title containing `[/bold]` used to crash `detente search`."""
    title = "Talks [/bold] resume [red]in[/red] Geneva [md]"
    db = _store_with(
        tmp_path / "m.db",
        _article("a[1]", title, "Envoys met again for talks by the lake.", outlet="[/] Desk"),
        _article("a2", "Quiet \x1b[31mred\x1b[0m day \x1b]0;pwned\x07", "More talks were planned."),
    )
    result = cli("search", "talks", "--db", db, env=WIDE)
    assert result.exit_code == 0, result.output
    assert title in result.stdout and "[/] Desk" in result.stdout and "a[1]" in result.stdout
    assert "\x1b" not in result.stdout and "Quiet red day" in result.stdout
    assert cli("search", "talks", "--db", db, "--format", "json").exit_code == 0


def test_failures_table_prints_markup_as_written(tmp_path: Path) -> None:
    # short cells: a Rich table narrower than any terminal, so no cell wraps
    failure = Failure("in/[b]x[/b].txt", None, "[/] no text", "'detente[md]'", "now")
    db = _store_with(tmp_path / "f.db", failures=(failure,))
    result = cli("failures", "--db", db, env=WIDE)
    assert result.exit_code == 0, result.output
    for part in ("in/[b]x[/b].txt", "[/] no text", "'detente[md]'"):
        assert part in result.stdout


@pytest.mark.model
def test_model_hint_keeps_its_brackets(tmp_path: Path) -> None:
    """The install line for the md model used to lose `[md]` to Rich markup."""
    src = tmp_path / "a.txt"
    src.write_text("Envoys met again in Geneva on Tuesday.", encoding="utf-8")
    result = cli("ingest", src, "--db", tmp_path / "x.db", "--model", "en_core_web_md")
    assert result.exit_code == 2, result.output
    assert "pip install 'detente[md]'" in result.stderr


def test_python_dash_m_runs_the_command_line(tmp_path: Path) -> None:
    from detente import __version__

    proc = subprocess.run(
        [sys.executable, "-m", "detente", "--version"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert proc.stdout.strip() == f"detente {__version__}"
