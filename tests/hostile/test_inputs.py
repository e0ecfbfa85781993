"""Hostile files, folders and stdin: each becomes failure rows (or is read), never a crash or hang."""

from __future__ import annotations

import io
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from detente.config import Settings, load_settings
from tests.conftest import write
from tests.hostile.conftest import read_all

GOOD = "Envoys from two neighbouring states met in a border town on Monday and agreed to talk again."
OTHER = "A second round of talks was put off after a dispute over the agenda, officials said."


@pytest.fixture
def settings() -> Settings:
    return load_settings(max_bytes=64 * 1024)


def jsonl(*records: object) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)


# --- cases that passed before the hostile probe (kept so they stay passing) ---------------------


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "the input is empty"),
        ("blank.jsonl", b"", "the input is empty"),
        ("picture.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "a PNG image"),
        ("blob.txt", bytes(range(256)) * 40, "binary data"),
        ("damaged.txt", "Talks résumé in Genève.\n".encode() + b"\xff\xfe bad", "not valid UTF-8"),
        ("page.html", b"<html><body><nav><a href='/'>Home</a></nav><div", "no article text"),
        ("feed.rss", b"<?xml version='1.0'?><rss><channel><title>x", "not a readable RSS/Atom feed"),
        ("report.docx.zip", b"PK\x03\x04" + b"\x00" * 100, "ZIP archive"),
        ("notes.weird", b"Some words that are not any known kind of file.", "unknown file type"),
    ],
)
def test_known_bad_files_fail_alone(
    tmp_path: Path, settings: Settings, name: str, content: bytes, reason: str
) -> None:
    bad = write(tmp_path / name, content)
    good = write(tmp_path / "good.txt", GOOD)
    reads, failures = read_all([str(bad), str(good)], settings)
    assert [r.article.text for r in reads] == [GOOD]
    assert len(failures) == 1 and failures[0].source == str(bad)
    assert reason in failures[0].reason and failures[0].fix


def test_over_size_file_and_missing_path(tmp_path: Path, settings: Settings) -> None:
    big = write(tmp_path / "big.txt", "word " * 20_000)
    reads, failures = read_all([str(big), str(tmp_path / "nowhere.txt")], settings)
    assert not reads
    assert ["over the" in f.reason for f in failures] == [True, False]
    assert failures[1].reason == "no such file or folder"


# --- issue 16, item 2: lone surrogates ---------------------------------------------------------


@pytest.mark.parametrize("field", ["id", "title", "text", "outlet"])
def test_lone_surrogate_is_a_failure_for_its_line(tmp_path: Path, settings: Settings, field: str) -> None:
    record = {"id": "s-1", "title": "Talks", "text": GOOD, "outlet": "Wire"}
    line = json.dumps(record).replace(json.dumps(record[field]), json.dumps(record[field])[:-1] + '\\udc80"')
    path = write(tmp_path / "wire.jsonl", jsonl(line, {"id": "s-2", "text": OTHER}))
    other = write(tmp_path / "other.txt", GOOD + " Again.")
    reads, failures = read_all([str(path), str(other)], settings)
    assert [r.article.id for r in reads] == ["s-2", reads[1].article.id] and len(reads) == 2
    assert [(f.line, "lone surrogate" in f.reason) for f in failures] == [(1, True)]
    # nothing read can carry a surrogate into the store
    for r in reads:
        for value in (r.article.id, r.article.title or "", r.article.text):
            value.encode("utf-8")


# --- item 3: FIFOs, sockets, devices -------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_fifo_is_a_failure_not_a_hang(tmp_path: Path, settings: Settings) -> None:
    folder = tmp_path / "in"
    write(folder / "a.txt", GOOD)
    os.mkfifo(folder / "b.txt")
    lone = tmp_path / "pipe.jsonl"
    os.mkfifo(lone)
    reads, failures = read_all([str(folder), str(lone)], settings, seconds=10)
    assert [r.article.text for r in reads] == [GOOD]
    assert [(Path(f.source).name, f.reason) for f in failures] == [
        ("b.txt", "not a regular file (a named pipe)"),
        ("pipe.jsonl", "not a regular file (a named pipe)"),
    ]


def test_socket_is_a_failure(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "s.txt"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        _, failures = read_all([str(path)], settings, seconds=10)
    finally:
        server.close()
    assert [f.reason for f in failures] == ["not a regular file (a socket)"]


# --- item 4: unbounded reads ---------------------------------------------------------------------


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_dev_zero_as_a_path(settings: Settings) -> None:
    _, failures = read_all(["/dev/zero"], settings, seconds=10)
    assert [f.reason for f in failures] == ["not a regular file (a character device)"]


class _Endless(io.RawIOBase):
    """A stdin that never ends; counts what was asked of it."""

    def __init__(self) -> None:
        self.given = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buf: bytearray | memoryview) -> int:  # type: ignore[override]
        n = len(buf)
        buf[:n] = b"\x00" * n
        self.given += n
        return n


def test_endless_stdin_is_capped(monkeypatch: pytest.MonkeyPatch, settings: Settings) -> None:
    raw = _Endless()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(raw)))
    _, failures = read_all(["-"], settings, seconds=10)
    assert [f.source for f in failures] == ["<stdin>"]
    assert "over the size cap" in failures[0].reason
    assert raw.given <= settings.max_bytes + 2 * io.DEFAULT_BUFFER_SIZE


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_dev_zero_on_stdin_in_a_process() -> None:
    code = (
        "from detente.config import load_settings; from detente.ingest import read_inputs;"
        "print([f.reason for f in read_inputs(['-'], load_settings(max_bytes=1000000))])"
    )
    with open("/dev/zero", "rb") as zero:
        done = subprocess.run(
            [sys.executable, "-c", code], stdin=zero, capture_output=True, text=True, timeout=60, check=True
        )
    assert "over the size cap" in done.stdout


def test_endless_jsonl_line_is_capped(tmp_path: Path, settings: Settings) -> None:
    huge = '{"id": "h", "text": "' + "x" * (5 * settings.max_bytes) + '"}'
    path = write(tmp_path / "wire.jsonl", jsonl(huge, {"id": "ok", "text": GOOD}))
    reads, failures = read_all([str(path)], settings)
    assert [r.article.id for r in reads] == ["ok"]
    assert [(f.line, "over the" in f.reason) for f in failures] == [(1, True)]


def test_yaml_alias_bomb_is_refused_quickly(tmp_path: Path, settings: Settings) -> None:
    levels = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    levels += [f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    bomb = write(tmp_path / "bomb.md", "---\n" + "\n".join(levels) + "\ntitle: x\n---\n" + GOOD)
    began = time.perf_counter()
    reads, failures = read_all([str(bomb)], settings, seconds=10)
    assert time.perf_counter() - began < 5
    assert not reads
    assert len(failures) == 1 and "aliases" in failures[0].reason


# --- item 5: one bad JSONL line fails alone --------------------------------------------------------


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        ('{"id": "deep", "text": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
        ('{"id": "big", "text": "t", "n": ' + "9" * 5000 + "}", "unreadable JSON value"),
        ('{"id": "esc", "text": "bad \\q escape"}', "Invalid \\escape"),
    ],
)
def test_one_bad_jsonl_line_fails_alone(tmp_path: Path, settings: Settings, bad: str, reason: str) -> None:
    settings = settings.replace(max_bytes=1 << 20)
    path = write(tmp_path / "wire.jsonl", jsonl({"id": "w1", "text": GOOD}, bad, {"id": "w3", "text": OTHER}))
    reads, failures = read_all([str(path)], settings)
    assert [r.article.id for r in reads] == ["w1", "w3"]
    assert [(f.source, f.line) for f in failures] == [(str(path), 2)]
    assert reason in failures[0].reason


# --- item 12: silent or misleading outcomes ---------------------------------------------------------


def test_unreadable_subfolder_is_a_failure(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "in" / "a.txt", GOOD)
    locked = tmp_path / "in" / "locked"
    write(locked / "b.txt", OTHER)
    real = os.scandir

    def scandir(path: str | os.PathLike[str] = ".") -> object:
        if Path(path) == locked:  # what a folder without read permission does (even for root here)
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    reads, failures = read_all([str(tmp_path / "in")], settings)
    assert [r.article.text for r in reads] == [GOOD]
    assert [(f.source, f.reason) for f in failures] == [(str(locked), "permission denied on the folder")]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any folder")
def test_unreadable_subfolder_really_locked(tmp_path: Path, settings: Settings) -> None:
    write(tmp_path / "in" / "a.txt", GOOD)
    locked = tmp_path / "in" / "locked"
    write(locked / "b.txt", OTHER)
    locked.chmod(0)
    try:
        _, failures = read_all([str(tmp_path / "in")], settings)
    finally:
        locked.chmod(0o755)
    assert [f.source for f in failures] == [str(locked)]


def test_binary_jsonl_is_one_failure(tmp_path: Path, settings: Settings) -> None:
    noise = bytes((i * 7919) % 256 for i in range(200_000)).replace(b"\n", b"\n\x00")
    path = write(tmp_path / "dump.jsonl", noise)
    _, failures = read_all([str(path)], settings)
    assert [f.reason for f in failures] == ["this is binary data, not JSON Lines"]


def test_duplicate_ids_with_different_texts_are_reported(tmp_path: Path, settings: Settings) -> None:
    same = {"id": "d1", "text": GOOD}
    path = write(tmp_path / "wire.jsonl", jsonl(same, same, {"id": "d1", "text": OTHER}))
    reads, failures = read_all([str(path)], settings)
    assert [r.article.text for r in reads] == [GOOD, GOOD, OTHER]  # the last read is the one kept
    assert [(f.line, "duplicate id 'd1'" in f.reason, "line 1" in f.reason) for f in failures] == [
        (3, True, True)
    ]


@pytest.mark.parametrize("text", [12345, True, 1.5])
def test_non_string_text_is_a_line_failure(tmp_path: Path, settings: Settings, text: object) -> None:
    path = write(tmp_path / "wire.jsonl", jsonl({"id": "n1", "text": text}, {"id": "n2", "text": GOOD}))
    reads, failures = read_all([str(path)], settings)
    assert [r.article.id for r in reads] == ["n2"]
    assert [(f.line, "not the article's text" in f.reason) for f in failures] == [(1, True)]


@pytest.mark.parametrize("published", ["-1", "9999-12-31", "0001-01-01", 12])
def test_impossible_dates_are_cleared_with_a_warning(
    tmp_path: Path, settings: Settings, published: object
) -> None:
    path = write(tmp_path / "wire.jsonl", jsonl({"id": "p1", "text": GOOD, "published": published}))
    reads, failures = read_all([str(path)], settings)
    assert [r.article.published for r in reads] == [None]
    assert len(failures) == 1 and "ignored" in failures[0].reason and failures[0].line == 1


def test_utf16_without_bom_is_text(tmp_path: Path, settings: Settings) -> None:
    le = write(tmp_path / "le.txt", GOOD.encode("utf-16-le"))
    be = write(tmp_path / "be.txt", OTHER.encode("utf-16-be"))
    reads, failures = read_all([str(le), str(be)], settings)
    assert not failures
    assert [r.article.text for r in reads] == [GOOD, OTHER]


@pytest.mark.parametrize(
    "url", ["ftp://files.example/report.txt", "javascript://x%0aalert(1)", "file:///etc/passwd"]
)
def test_other_url_schemes_are_unsupported(settings: Settings, url: str) -> None:
    _, failures = read_all([url], settings)
    assert len(failures) == 1 and failures[0].reason.startswith("unsupported URL scheme")


def test_nul_bytes_are_removed(tmp_path: Path, settings: Settings) -> None:
    path = write(
        tmp_path / "wire.jsonl",
        jsonl({"id": "z", "title": "Talks\u0000 end", "text": "Envoys\u0000 met.\u0007"}),
    )
    reads, failures = read_all([str(path)], settings)
    assert not failures
    assert (reads[0].article.title, reads[0].article.text) == ("Talks end", "Envoys met.")
