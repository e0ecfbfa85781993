"""`detente serve`: a thin command over `detente.web.serve`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import uvicorn
from typer.testing import CliRunner

from detente.cli import app

pytestmark = pytest.mark.model


def run_serve(monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[Any, list[dict[str, Any]]]:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append(kw))
    result = CliRunner().invoke(app, ["serve", *args])
    return result, calls


def test_serve_defaults_to_loopback(web_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result, calls = run_serve(monkeypatch, "--db", str(web_db))
    assert result.exit_code == 0, result.output
    assert calls == [{"host": "127.0.0.1", "port": 8765, "log_level": "warning"}]
    assert "warning" not in result.output


def test_serve_elsewhere_warns(web_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result, calls = run_serve(monkeypatch, "--db", str(web_db), "--host", "0.0.0.0", "--port", "9000")
    assert result.exit_code == 0, result.output
    assert [(c["host"], c["port"]) for c in calls] == [("0.0.0.0", 9000)]
    assert "anyone who can reach this address" in result.output


def test_serve_without_a_store_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result, calls = run_serve(monkeypatch, "--db", str(tmp_path / "none.db"))
    assert result.exit_code == 2
    assert calls == []
    assert not (tmp_path / "none.db").exists()
