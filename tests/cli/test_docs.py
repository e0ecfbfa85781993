"""The CLI reference in docs/cli.md: complete, and identical to what the generator writes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from detente import docs
from detente.cli import app

CLI_MD = Path(__file__).resolve().parents[2] / "docs" / "cli.md"
STALE = "docs/cli.md is out of date with the CLI: run `make docs` and commit the result"


def test_every_command_has_help_text() -> None:
    entries = docs.commands()
    names = [name for name, _, _ in entries]
    assert names[0] == "detente"
    assert {"ingest", "export", "stats", "failures", "search", "actors", "demo"} <= set(names[1:])
    for name, command, _ in entries:
        assert docs.help_text(command), f"command {name!r} has no help text (give it a docstring)"
    for info in app.registered_commands:  # every registered command is walked
        assert info.callback is not None
        assert (info.name or info.callback.__name__.replace("_", "-")) in names


def test_every_command_is_in_the_reference() -> None:
    text = CLI_MD.read_text(encoding="utf-8")
    for name, command, ctx in docs.commands():
        title = "detente" if name == "detente" else f"detente {name}"
        assert f"\n## {title}\n" in text, f"{title} is missing from docs/cli.md; run `make docs`"
        assert docs.help_text(command) in text
        for param in command.get_params(ctx):
            for opt in param.opts:
                if opt.startswith("-"):
                    assert opt in text, f"{title} {opt} is missing from docs/cli.md; run `make docs`"


def test_reference_matches_the_generator() -> None:
    assert CLI_MD.read_text(encoding="utf-8") == docs.render(), STALE


def test_reference_is_plain_and_deterministic() -> None:
    first = docs.render()
    assert first == docs.render()
    assert not set("╭╮╰╯│─━┃") & set(first), "Rich box characters leaked into the reference"
    assert "\x1b[" not in first, "terminal colour codes leaked into the reference"
    assert all(len(line) <= docs.WIDTH for line in first.splitlines())


def test_module_prints_the_reference(tmp_path: Path) -> None:
    env = {"COLUMNS": "37", "TERM": "xterm-256color", "FORCE_COLOR": "1", "PATH": "/usr/bin:/bin"}
    proc = subprocess.run(
        [sys.executable, "-m", "detente.docs"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=tmp_path,
        check=True,
        timeout=120,
    )
    assert proc.stdout == docs.render(), "the output depends on the terminal; it must not"
