"""What only the PostgreSQL backend has to show: migrations under an advisory lock when writers
open a new store at once, writers taking turns, pooled read-only snapshots, and errors that
name the fix (without the password)."""

from __future__ import annotations

import socket
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from detente.errors import StoreError
from detente.ingest.normalize import Draft, finish
from detente.records import Actor, ArticleFacts, Mention
from detente.store import Incoming, Store, open_store
from tests.store.conftest import scalar


def saved_article(store: Store, run: int, n: int, person: str = "Hakan Fidan") -> None:
    a = finish(Draft(source="t", text=f"{person} spoke to reporters, report {n}.", id=f"p{n}"))
    aid = "person:" + person.lower().replace(" ", "-")
    m = Mention(a.id, aid, person, "PERSON", "TUR", "GOV", 0, len(person))
    store.save(
        [Incoming(ArticleFacts(article=a, actors=(Actor(aid, person, "person"),), mentions=(m,)))], run
    )


def test_writers_opening_a_new_store_at_once_apply_each_migration_once(pg_url: str) -> None:
    from detente.store.postgres import migrations

    start = threading.Barrier(6)

    def first_open(_: int) -> int:
        start.wait()
        with open_store(pg_url) as store:
            return int(store.schema_version())  # type: ignore[attr-defined]

    with ThreadPoolExecutor(6) as pool:
        versions = list(pool.map(first_open, range(6)))
    assert versions == [migrations()[-1][0]] * 6
    with open_store(pg_url) as store:
        assert scalar(store, "SELECT COUNT(*) FROM schema_migrations") == len(migrations())


def test_concurrent_writers_take_turns(pg_url: str) -> None:
    open_store(pg_url).close()

    def write(worker: int) -> None:
        with open_store(pg_url) as store:
            run = store.begin_run(f"writer {worker}", "0", None)
            for n in range(10):  # the same articles from every writer: one adds, the others find them
                saved_article(store, run, n)

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(write, range(4)))
    with open_store(pg_url, read_only=True) as store:
        counts = store.counts()
        assert (counts["articles"], counts["mentions"], counts["actors"], counts["runs"]) == (10, 10, 1, 4)


def test_readers_share_a_pool_and_each_sees_one_snapshot(pg_url: str) -> None:
    from detente.store.postgres.schema import _pools

    with open_store(pg_url) as writer:
        run = writer.begin_run("w", "0", None)
        saved_article(writer, run, 1)
        with open_store(pg_url, read_only=True) as early:
            assert early.counts()["articles"] == 1
            saved_article(writer, run, 2)
            assert early.counts()["articles"] == 1  # its snapshot: one state of the store throughout
            with open_store(pg_url, read_only=True) as late:
                assert late.counts()["articles"] == 2
        for _ in range(30):  # one store per web request
            with open_store(pg_url, read_only=True) as reader:
                assert reader.counts()["articles"] == 2
    stats = _pools[pg_url].get_stats()
    assert stats["pool_size"] <= 8 and stats["requests_num"] >= 32


def test_an_unreachable_server_is_a_store_error_without_the_password() -> None:
    pytest.importorskip("psycopg")
    with socket.socket() as s:  # a loopback port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"postgresql://detente:s3cret-pw@127.0.0.1:{port}/news"
    for read_only in (False, True):
        with pytest.raises(StoreError, match="cannot connect to the PostgreSQL store") as err:
            open_store(url, read_only=read_only)
        assert "s3cret-pw" not in str(err.value) and "***" in str(err.value)
        assert "createdb" in (err.value.fix or "")


def test_without_the_extra_the_error_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [m for m in sys.modules if m.startswith("detente.store.postgres")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "psycopg", None)  # import psycopg now fails as if absent
    with pytest.raises(StoreError, match="needs the postgres extra") as err:
        open_store("postgresql://localhost/news")
    assert err.value.fix == "pip install 'detente[postgres]'"
