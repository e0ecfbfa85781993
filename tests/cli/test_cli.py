"""The `detente` command line, end to end on small hand-written inputs (real spaCy model).

Never touches the internet; every command gets `--db` in tmp_path. Ingests are few and
small: one shared store for the read-only commands, a few focused stores for the rest.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner, Result

from detente import __version__
from detente.cli import app
from tests.conftest import write

pytestmark = pytest.mark.model

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
COMMANDS = (
    "ingest",
    "export",
    "stats",
    "failures",
    "search",
    "actors",
    "demo",
    "eval",
    "positions",
    "quotes",
    "brief",
    "timeline",
)
CAP = 6000


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


# -- ingest: good inputs, idempotence -------------------------------------------------------


def test_ingest_good_folder(good_store: tuple[Path, Path, Result]) -> None:
    db, _, result = good_store
    assert result.exit_code == 0, result.output
    assert "6 added, 0 replaced, 0 unchanged · 0 failed" in result.stderr
    assert failure_lines(result.stderr) == []
    counts = stats(db)
    assert counts["articles"] == 6
    assert counts["failures"] == 0
    assert counts["actors"] >= 5
    assert counts["mentions"] >= counts["actors"]
    assert counts["last_run"]["added"] == 6


def test_ingest_good_folder_reads_every_format(good_store: tuple[Path, Path, Result]) -> None:
    db, _, _ = good_store
    by_title = {a["title"]: a for a in articles(db)}
    assert set(by_title) == GOOD_TITLES
    txt = by_title["Envoys agree to meet again in Geneva"]
    assert (txt["published"], txt["outlet"]) == ("2025-03-04", "Lakeside Courier")
    assert txt["text"].startswith("GENEVA - Negotiators")
    md = by_title["Grain corridor arrangement extended for sixty days"]
    assert md["published"] == "2025-04-11"
    assert md["url"] == "https://harbour-notes.example/2025/04/11/grain-corridor"
    assert "What changes" in md["text"] and "##" not in md["text"]
    assert by_title["Kremlin turns down thirty-day truce"]["id"] == "wire-001"
    assert by_title["Zelensky ready for direct meeting"]["id"] == "wire-002"
    rss = by_title["Observers arrive in Istanbul"]
    assert rss["published"] == "2025-06-09"
    assert rss["url"] == "https://strait-bulletin.example/observers-arrive"
    assert "<p>" not in rss["text"]


def test_ingest_twice_changes_nothing(good_store: tuple[Path, Path, Result], tmp_path: Path) -> None:
    db0, folder, _ = good_store
    db = tmp_path / "copy.db"
    for part in db0.parent.glob(db0.name + "*"):  # the database, and its WAL files if any are left
        shutil.copy(part, db.with_name(db.name + part.name.removeprefix(db0.name)))
    before = core_counts(db)
    exported_before = exported(db)
    result = cli("ingest", folder, "--db", db)
    assert result.exit_code == 0, result.output
    assert "0 added, 0 replaced, 6 unchanged · 0 failed" in result.stderr
    assert core_counts(db) == before
    assert exported(db) == exported_before
    last = stats(db)["last_run"]
    assert (last["added"], last["replaced"], last["unchanged"], last["failed"]) == (0, 0, 6, 0)


def test_stats_table(good_store: tuple[Path, Path, Result]) -> None:
    db, _, _ = good_store
    result = cli("stats", "--db", db, env=WIDE)
    assert result.exit_code == 0
    assert "articles" in result.stdout and "last run" in result.stdout


# -- ingest: broken inputs -----------------------------------------------------------------


def write_broken(folder: Path) -> dict[tuple[str, int | None], str]:
    """Good files plus one of each kind of bad input; returns (source, line) → reason part."""
    write_good(folder)
    write(
        folder / "mixed.jsonl",
        jsonl(
            [
                {
                    "id": "mix-1",
                    "title": "Mixed file, first line",
                    "text": "Ukraine and Russia met in Istanbul.",
                }
            ]
        )
        + '{"id": "mix-2", "text": "this line was cut off\n'
        + jsonl([{"id": "mix-3", "title": "Mixed file, third line", "text": "Turkey hosted the talks."}]),
    )
    bad: dict[tuple[str, int | None], str] = {}

    def add(name: str, content: str | bytes, reason: str, line: int | None = None) -> None:
        bad[(str(write(folder / name, content)), line)] = reason

    bad[(str(folder / "mixed.jsonl"), 2)] = "broken JSON"
    add("empty.txt", b"", "the input is empty")
    add("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10", "this is a PNG image, not text")
    add("damaged.txt", "Café talks in Genève ".encode() + b"\xff\xfe" + b"went on.", "not valid UTF-8")
    add(
        "menu.html",
        '<!DOCTYPE html><html><body><nav><a href="/">Home</a> <a href="/w">World</a></nav></body></html>',
        "no article text found in the HTML",
    )
    add(
        "broken.rss",
        '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Half a feed',
        "not a readable RSS/Atom feed",
    )
    add(
        "big.txt",
        "Title: Far too long\n\n" + "Negotiators talked all night. " * 250,
        f"over the {CAP:,}-byte cap",
    )
    add("[draft] notes.csv", "name,role\nHakan Fidan,minister\n", "unknown file type '.csv'")
    locked = write(folder / "locked.txt", "Title: Locked\n\nNobody can read this report.\n")
    locked.chmod(0)
    if os.access(locked, os.R_OK):  # root reads anything: the case cannot be made here
        locked.unlink()
    else:
        bad[(str(locked), None)] = "permission denied"
    return bad


@pytest.fixture
def broken(tmp_path: Path) -> Iterator[tuple[Path, dict[tuple[str, int | None], str]]]:
    folder = tmp_path / "broken"
    bad = write_broken(folder)
    yield folder, bad
    for path in folder.iterdir():
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)


def check_broken_run(result: Result, db: Path, bad: dict[tuple[str, int | None], str]) -> None:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    # one line per failure on stderr: where, why, and the fix
    lines = failure_lines(result.stderr)
    assert len(lines) == len(bad), result.stderr
    for (source, line), reason in bad.items():
        where = f"{source}:{line}" if line else source
        hits = [ln for ln in lines if ln.startswith(f"✗ {where}: ") and reason in ln]
        assert len(hits) == 1, f"no one-line failure for {where} ({reason}) in:\n{result.stderr}"
        assert " — " in hits[0]
    assert f"· {len(bad)} failed" in result.stderr
    assert "detente failures" in result.stderr
    # exactly one stored failure per bad input
    rows = json.loads(cli("failures", "--db", db, "--format", "json").stdout)
    assert sorted((r["source"], r["line"]) for r in rows) == sorted(bad)
    for row in rows:
        assert row["kind"] == "failure"
        assert bad[(row["source"], row["line"])] in row["reason"]
        assert row["fix"]
        assert row["at"]
    # every good input was stored
    titles = {a["title"] for a in articles(db)}
    assert titles == GOOD_TITLES | {"Mixed file, first line", "Mixed file, third line"}


def test_ingest_broken_folder_twice(
    broken: tuple[Path, dict[tuple[str, int | None], str]], tmp_path: Path
) -> None:
    folder, bad = broken
    db = tmp_path / "broken.db"
    config = write(tmp_path / "small.toml", f"max_bytes = {CAP}\n")
    first = cli("ingest", folder, "--db", db, "--config", config)
    check_broken_run(first, db, bad)
    assert f"8 added, 0 replaced, 0 unchanged · {len(bad)} failed" in first.stderr
    before = core_counts(db)
    assert before["failures"] == len(bad)
    assert before["articles"] == 8

    # again, the cap now from the environment: nothing changes, the same failures are reported
    second = cli("ingest", folder, "--db", db, env={"DETENTE_MAX_BYTES": str(CAP)})
    check_broken_run(second, db, bad)
    assert f"0 added, 0 replaced, 8 unchanged · {len(bad)} failed" in second.stderr
    assert core_counts(db) == before


def test_failures_table_and_resolution(tmp_path: Path) -> None:
    db = tmp_path / "f.db"
    folder = tmp_path / "in"
    write(folder / "wire.jsonl", jsonl(WIRE[:1]) + "not json at all\n")
    result = cli("ingest", folder, "--db", db)
    assert result.exit_code == 1
    table = cli("failures", "--db", db, env=WIDE)
    assert table.exit_code == 0
    assert "1 failure(s)" in table.stdout and "broken JSON" in table.stdout
    # fix the line: the failure is resolved, --all still shows it
    write(folder / "wire.jsonl", jsonl(WIRE[:1]) + jsonl(WIRE[1:]))
    assert cli("ingest", folder, "--db", db).exit_code == 0
    assert cli("failures", "--db", db).stdout.strip() == "No failures."
    assert len(json.loads(cli("failures", "--db", db, "--all", "--format", "json").stdout)) == 1
    assert stats(db)["failures"] == 0


def test_unreadable_file(tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    locked = write(tmp_path / "in" / "locked.txt", "Title: Locked\n\nNobody can read this report.\n")
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("running as root: chmod 000 does not stop reading")
        result = cli("ingest", locked.parent, "--db", db)
        assert result.exit_code == 1
        assert failure_lines(result.stderr) == [
            f"✗ {locked}: permission denied — make the file readable (chmod +r) or run as its owner"
        ]
    finally:
        locked.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_missing_path_is_a_failure(tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    result = cli("ingest", tmp_path / "nowhere.txt", "--db", db)
    assert result.exit_code == 1
    assert "no such file or folder" in result.stderr
    assert stats(db)["failures"] == 1


# -- export ---------------------------------------------------------------------------------


def test_export_jsonl_stdout_and_file(good_store: tuple[Path, Path, Result], tmp_path: Path) -> None:
    db, _, _ = good_store
    records = exported(db)
    kinds = [r["kind"] for r in records]
    assert {"article", "actor", "mention"} <= set(kinds)
    assert kinds.count("article") == 6
    assert kinds == sorted(
        kinds,
        key=["article", "actor", "mention", "event", "role", "quote", "position", "story", "failure"].index,
    )
    out = tmp_path / "all.jsonl"
    result = cli("export", "--db", db, "--out", out)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert f"{out}: {len(records)} records" in result.stderr
    assert [json.loads(line) for line in out.read_text("utf-8").splitlines()] == records


def test_export_kinds(good_store: tuple[Path, Path, Result]) -> None:
    db, _, _ = good_store
    records = exported(db, "--kind", "actor", "--kind", "article")
    kinds = [r["kind"] for r in records]
    assert set(kinds) == {"actor", "article"}
    assert kinds.index("article") > max(i for i, k in enumerate(kinds) if k == "actor")  # in the order asked
    assert kinds.count("article") == 6
    assert kinds.count("actor") == stats(db)["actors"]
    actor = next(r for r in records if r["kind"] == "actor")
    assert {"id", "name", "type", "aliases", "country", "sector"} <= set(actor)


def test_export_csv(good_store: tuple[Path, Path, Result], tmp_path: Path) -> None:
    db, _, _ = good_store
    out = tmp_path / "tables"
    result = cli("export", "--db", db, "--format", "csv", "--out", out)
    assert result.exit_code == 0, result.output
    names = {p.name for p in out.iterdir()}
    assert {"articles.csv", "actors.csv", "mentions.csv", "events.csv", "failures.csv"} <= names
    with (out / "articles.csv").open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["title"] for r in rows} == GOOD_TITLES
    assert "articles.csv: 6 rows" in result.stderr
    with (out / "events.csv").open(newline="", encoding="utf-8") as fh:
        header = next(csv.reader(fh))
    assert "source_actor_id" in header and "place_name" in header  # nested refs flattened


def test_export_parquet(good_store: tuple[Path, Path, Result], tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    db, _, _ = good_store
    out = tmp_path / "pq"
    result = cli(
        "export", "--db", db, "--format", "parquet", "--out", out, "--kind", "article", "--kind", "actor"
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["actors.parquet", "articles.parquet"]
    table = pq.read_table(out / "articles.parquet")
    assert table.num_rows == 6
    assert set(table.column("title").to_pylist()) == GOOD_TITLES
    assert pq.read_table(out / "actors.parquet").num_rows == stats(db)["actors"]


def test_export_cameo(good_store: tuple[Path, Path, Result]) -> None:
    db, _, _ = good_store
    result = cli("export", "--db", db, "--format", "cameo")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == stats(db)["events"]  # events are optional while extraction grows
    ids = {a["id"] for a in articles(db)}
    for line in lines:
        fields = line.split("\t")
        assert len(fields) == 6
        date, _source, _target, _code, article_id, evidence = fields
        assert re.fullmatch(r"(\d{4}(-\d{2}(-\d{2})?)?)?", date)
        assert article_id in ids
        assert evidence.strip()


# -- search, actors -------------------------------------------------------------------------


def test_search(good_store: tuple[Path, Path, Result]) -> None:
    db, _, _ = good_store
    result = cli("search", "grain", "--db", db, env=WIDE)
    assert result.exit_code == 0
    assert "Grain corridor arrangement extended for sixty days" in result.stdout
    assert "Black Sea grain arrangement" in result.stdout  # the snippet
    hits = json.loads(cli("search", "prisoners", "--db", db, "--format", "json").stdout)
    assert {h["title"] for h in hits} == {
        "Envoys agree to meet again in Geneva",
        "Observers arrive in Istanbul",
    }
    for hit in hits:
        assert "**prisoners**" in hit["snippet"]
        assert set(hit) == {"article_id", "title", "outlet", "published", "snippet"}
    assert len(json.loads(cli("search", "Istanbul", "--db", db, "-n", "1", "--format", "json").stdout)) == 1
    nothing = cli("search", "zeppelin", "--db", db)
    assert nothing.exit_code == 0 and "No article matches" in nothing.stdout
    odd = cli("search", 'talks "unclosed', "--db", db, "--format", "json")  # bad FTS5 syntax still works
    assert odd.exit_code == 0
    assert isinstance(json.loads(odd.stdout), list)


def test_actors(good_store: tuple[Path, Path, Result]) -> None:
    db, _, _ = good_store
    found = json.loads(cli("actors", "--db", db, "--query", "fidan", "--format", "json").stdout)
    assert [a["name"] for a in found] == ["Hakan Fidan"]
    assert found[0]["kind"] == "actor" and found[0]["mentions"] >= 1 and found[0]["articles"] == 1
    table = cli("actors", "--db", db, "-q", "fidan", env=WIDE)
    assert table.exit_code == 0 and "Hakan Fidan" in table.stdout
    everyone = json.loads(cli("actors", "--db", db, "--format", "json", "--limit", "3").stdout)
    assert len(everyone) == 3
    assert [a["mentions"] for a in everyone] == sorted((a["mentions"] for a in everyone), reverse=True)
    none = json.loads(cli("actors", "--db", db, "--query", "nobody-by-this-name", "--format", "json").stdout)
    assert none == []


# -- stdin, --published, --field, DETENTE_DB ------------------------------------------------


def test_ingest_stdin_and_published(tmp_path: Path) -> None:
    db = tmp_path / "stdin.db"
    undated = "Title: Talks pause for the holiday\n\nDelegations from Russia and Ukraine left Istanbul on Thursday.\n"
    result = cli("ingest", "-", "--db", db, "--published", "2025-05-16", input=undated)
    assert result.exit_code == 0, result.output
    assert "1 added" in result.stderr
    # a dated input keeps its own date
    result = cli("ingest", "-", "--db", db, "--published", "2025-05-16", input=REPORT_TXT)
    assert result.exit_code == 0, result.output
    dates = {a["title"]: a["published"] for a in articles(db)}
    assert dates == {
        "Talks pause for the holiday": "2025-05-16",
        "Envoys agree to meet again in Geneva": "2025-03-04",
    }
    # JSON Lines on stdin, one article per line
    result = cli("ingest", "-", "--db", db, input=jsonl(WIRE))
    assert result.exit_code == 0, result.output
    assert stats(db)["articles"] == 4


@pytest.mark.parametrize("value", ["2025-13-45", "next tuesday-ish", "16.05.2025x"])
def test_bad_published_exits_2(value: str, tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    result = cli("ingest", "-", "--db", db, "--published", value, input="Some text about talks.\n")
    assert result.exit_code == 2, result.output
    assert "is not a date" in result.stderr
    assert "YYYY-MM-DD" in result.stderr
    assert not db.exists()


def test_field_mapping(tmp_path: Path) -> None:
    db = tmp_path / "fields.db"
    records = [
        {
            "uid": "m-1",
            "headline": "Memorandums exchanged",
            "day": "2025-06-02",
            "body": "Russia and Ukraine traded written memorandums in Istanbul.",
        },
        {
            "uid": "m-2",
            "headline": "Bodies returned",
            "day": "2025-06-14",
            "body": "Ukraine received the bodies of soldiers from Russia.",
        },
    ]
    feed = write(tmp_path / "in" / "custom.jsonl", jsonl(records))
    # without a mapping: the text field is missing, on every line
    result = cli("ingest", feed, "--db", db)
    assert result.exit_code == 1
    assert "no 'text' field" in result.stderr and "--field text=NAME" in result.stderr
    result = cli(
        "ingest", feed, "--db", db,
        "--field", "text=body", "--field", "title=headline", "--field", "id=uid", "--field", "published=day",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    got = {a["id"]: (a["title"], a["published"]) for a in articles(db)}
    assert got == {"m-1": ("Memorandums exchanged", "2025-06-02"), "m-2": ("Bodies returned", "2025-06-14")}
    assert stats(db)["failures"] == 0  # the earlier failures were resolved by the good read


@pytest.mark.parametrize("pair", ["text", "=body", "headline=title"])
def test_bad_field_exits_2(pair: str, tmp_path: Path) -> None:
    result = cli("ingest", "-", "--db", tmp_path / "x.db", "--field", pair, input="{}\n")
    assert result.exit_code == 2, result.output
    assert "error:" in result.stderr


def test_detente_db_env(tmp_path: Path) -> None:
    db = tmp_path / "from-env.db"
    result = cli("ingest", "-", input=REPORT_TXT, env={"DETENTE_DB": str(db)})
    assert result.exit_code == 0, result.output
    assert db.exists()
    assert not (tmp_path / "detente.db").exists()
    assert stats(db)["articles"] == 1
    via_env = cli("stats", "--format", "json", env={"DETENTE_DB": str(db)})
    assert json.loads(via_env.stdout)["articles"] == 1
    # an explicit --db wins over the environment
    other = tmp_path / "other.db"
    result = cli("stats", "--db", other, "--format", "json", env={"DETENTE_DB": str(db)})
    assert json.loads(result.stdout)["articles"] == 0


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


# -- positions and quotes ------------------------------------------------------------------------
STANCES = [
    {"id": "st-1", "published": "2025-05-10", "outlet": "First Desk",
     "text": "Kyiv has been pushing for an unconditional ceasefire. Moscow rejected the truce proposal."},
    {"id": "st-2", "published": "2025-05-20", "outlet": "Second Desk",
     "text": "“We are ready for a full ceasefire,” Ukrainian Defence Minister Rustem Umerov said on Tuesday."},
]  # fmt: skip


def test_positions_and_quotes_commands(tmp_path: Path) -> None:
    src = tmp_path / "stances.jsonl"
    src.write_text(jsonl(STANCES), encoding="utf-8")
    db = tmp_path / "p.db"
    assert cli("ingest", src, "--db", db).exit_code == 0
    result = cli("positions", "--db", db, "--issue", "ceasefire", "--format", "json", "--history")
    assert result.exit_code == 0, result.output
    rows = {(r["country"], r["stance"]): r for r in json.loads(result.stdout)}
    ukraine = rows[("UKR", "support")]
    assert ukraine["date"] == "2025-05-20" and ukraine["reports"] == 2 and len(ukraine["history"]) == 2
    assert ukraine["quote"] == "We are ready for a full ceasefire,"
    assert ("RUS", "oppose") in rows
    table = cli("positions", "--db", db, "--party", "Kyiv", env=WIDE)
    assert table.exit_code == 0 and "ceasefire" in table.stdout
    assert cli("positions", "--db", db, "--issue", "weather").exit_code == 2
    result = cli("quotes", "--db", db, "--speaker", "umerov", "--format", "json")
    (quote,) = json.loads(result.stdout)
    assert (
        quote["speaker"] == "Rustem Umerov" and quote["outlet"] == "Second Desk" and quote["direct"] is True
    )
    assert json.loads(cli("quotes", "--db", db, "--search", "truce", "--format", "json").stdout) == []
    shown = cli("quotes", "--db", db, env=WIDE)
    assert "Rustem Umerov" in shown.stdout and "We are ready" in shown.stdout


# -- brief, timeline, actors merge/split -------------------------------------------------------------
TALKS = [
    {"id": "t-1", "published": "2025-05-16", "outlet": "First Desk", "url": "https://first.example/1",
     "text": "Kyiv and Moscow held talks in Istanbul on Friday. Defence Minister Rustem Umerov led the Ukrainian team."},
    {"id": "t-2", "published": "2025-05-17", "outlet": "Second Desk", "url": "https://second.example/2",
     "text": "Russia and Ukraine held direct talks in Istanbul on Friday. Rustem Umierov said the sides agreed to swap prisoners."},
]  # fmt: skip


def test_brief_timeline_and_actor_decisions(tmp_path: Path) -> None:
    src = tmp_path / "talks.jsonl"
    src.write_text(jsonl(TALKS), encoding="utf-8")
    db = tmp_path / "b.db"
    assert cli("ingest", src, "--db", db).exit_code == 0
    md = cli("brief", "--db", db, env=WIDE)
    assert md.exit_code == 0, md.output
    assert "## When and where" in md.stdout and "## Sources" in md.stdout and "first.example" in md.stdout
    html = tmp_path / "b.html"
    assert cli("brief", "--db", db, "--format", "html", "--out", html).exit_code == 0
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    data = json.loads(cli("brief", "--db", db, "--format", "json").stdout)
    talks = [b for s in data["sections"] if s["key"] == "when" for b in s["bullets"]]
    assert talks and len(talks[0]["cites"]) == 2  # one happening, both outlets cited
    assert cli("brief", "--db", db, "--since", "not-a-date").exit_code == 2
    rows = json.loads(cli("timeline", "--db", db, "--format", "json").stdout)
    assert rows and rows[0]["date"] == "2025-05-16" and rows[0]["sources"] == 2
    csv_out = cli("timeline", "--db", db, "--format", "csv")
    assert csv_out.stdout.startswith("date,type,status,sources,text,story_id")
    people = json.loads(cli("actors", "--db", db, "-q", "umerov", "--roles", "--format", "json").stdout)
    assert len(people) == 1 and "Rustem Umierov" in people[0]["aliases"]
    assert any(r["role"] == "Defence Minister" and r["outlet"] == "First Desk" for r in people[0]["roles"])
    assert cli("actors", "split", "Rustem Umerov", "Rustem Umierov", "--db", db).exit_code == 0
    assert len(json.loads(cli("actors", "--db", db, "-q", "rustem", "--format", "json").stdout)) == 2
    assert cli("actors", "merge", "Rustem Umerov", "Rustem Umierov", "--db", db).exit_code == 0
    assert len(json.loads(cli("actors", "--db", db, "-q", "rustem", "--format", "json").stdout)) == 1
    assert cli("actors", "merge", "Nobody Here", "Rustem Umerov", "--db", db).exit_code == 2
