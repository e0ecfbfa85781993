from __future__ import annotations

import os
from pathlib import Path

import pytest

from detente.config import Settings, load_settings
from detente.store import SQLiteStore

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # Tests never read the developer's own settings or database.
    for key in list(os.environ):
        if key.startswith("DETENTE_"):
            monkeypatch.delenv(key)
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(db=str(tmp_path / "test.db"))


@pytest.fixture
def store(tmp_path: Path):
    s = SQLiteStore(tmp_path / "store.db")
    yield s
    s.close()


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path
