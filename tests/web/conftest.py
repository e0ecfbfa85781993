"""A small store for the web tests, ingested once per session from short texts written here,
one of them hostile (markup and a `javascript:` URL); the app and a TestClient over it."""

from __future__ import annotations

import hashlib
import json
import os
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the web tests need the web extra: pip install 'detente[web]'")

from fastapi import FastAPI

with warnings.catch_warnings():  # starlette's notice about httpx2; the tests need httpx only
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from detente.config import load_settings
from detente.pipeline import ingest
from detente.store import open_store
from detente.web import create_app
from tests.conftest import write

TALKS = """\
Title: Delegations meet in Geneva for a second round
Date: 2025-06-02
Outlet: Lakeside Courier
URL: https://lakeside.example/2025/06/02/second-round

GENEVA - Delegations from Russia and Ukraine held talks in Geneva on Monday, the Swiss foreign ministry said after the session ended late in the evening.

Ukrainian Defence Minister Rustem Umerov, who led the Ukrainian team, said Kyiv supported an unconditional ceasefire. "We came here to stop the killing, and a ceasefire must come first," Umerov told reporters outside the hotel.

Russia rejected the ceasefire proposal, saying that the political questions had to be settled first.
"""

EXCHANGE = """\
Title: Prisoner exchange agreed after the Geneva round
Date: 2025-06-04
Outlet: Harbour Notes
URL: https://harbour-notes.example/exchange

Russia and Ukraine agreed on Wednesday to exchange 500 prisoners of war, Turkish officials said.

Vladimir Medinsky, an aide to President Vladimir Putin, said Moscow would hand over the bodies of fallen soldiers as well. "We are ready to continue the humanitarian track," Medinsky said.

The two sides are due to meet again in Istanbul next month.
"""

HOSTILE_TEXT = (
    "KYIV - Ukraine and Russia will hold talks in Istanbul on Friday, officials said. "
    "<script>document.body.setAttribute('data-pwned', 'text')</script> "
    "<img src=\"x\" onerror=\"document.body.setAttribute('data-pwned', 'img')\"> "
    "President Volodymyr Zelensky said Ukraine was ready for a meeting with Vladimir Putin."
)

HOSTILE = {
    "id": "hostile-1",
    "url": "javascript:document.body.setAttribute('data-pwned','url')",
    "outlet": "<b>Bold</b> Wire",
    "published": "2025-06-05",
    "title": "<script>document.body.setAttribute('data-pwned','title')</script>Talks set for Istanbul",
    "text": HOSTILE_TEXT,
}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="session")
def web_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The store file, ingested once with the real pipeline."""
    base = tmp_path_factory.mktemp("web")
    folder = base / "in"
    write(folder / "talks.txt", TALKS)
    write(folder / "exchange.txt", EXCHANGE)
    write(folder / "hostile.jsonl", json.dumps(HOSTILE) + "\n")
    db = base / "web.db"
    with pytest.MonkeyPatch.context() as mp:
        for key in list(os.environ):
            if key.startswith("DETENTE_"):
                mp.delenv(key)
        settings = load_settings(db=str(db))
        with open_store(db) as store:
            summary = ingest([str(folder)], store, settings)
    assert summary.added == 3 and summary.failed == 0, summary
    return db


@pytest.fixture(scope="session")
def app(web_db: Path) -> FastAPI:
    return create_app(web_db, load_settings(db=str(web_db)))


@pytest.fixture(scope="session")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c
