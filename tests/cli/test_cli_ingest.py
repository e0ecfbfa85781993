"""`detente ingest`, `export` and `failures`, end to end on small hand-written inputs (real spaCy model).

Never touches the internet; every command gets `--db` in tmp_path. Good inputs are ingested
once into the shared `good_store`; broken inputs, stdin, `--published`, `--field` and
`DETENTE_DB` each get a small focused store.
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

import pytest
from typer.testing import Result

from tests.cli.conftest import (
    GOOD_TITLES,
    REPORT_TXT,
    WIDE,
    WIRE,
    articles,
    cli,
    core_counts,
    exported,
    failure_lines,
    jsonl,
    stats,
    write_good,
)
from tests.conftest import write

pytestmark = pytest.mark.model

CAP = 6000


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
    assert result.exit_code == 2 and f"no store at {other}" in result.stderr  # read-only: not created
    assert not other.exists()
