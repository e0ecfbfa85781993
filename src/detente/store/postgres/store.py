"""The PostgreSQL store: the Store interface on psycopg 3, for stores shared by several people
and machines. It behaves as the SQLite store does; what differs is only how:

- every write transaction first takes one advisory lock, so writers take turns as SQLite's
  do (readers never wait);
- full-text search is a `tsvector` column with a GIN index, built from the title and text
  folded here (lower case, no diacritics), so no server extension is needed;
- `seq` columns keep SQLite's rowid order, and ids compare byte-wise (COLLATE "C");
- read-only stores borrow pooled connections, each in a snapshot of its own.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from typing import Any

from detente.ingest import now
from detente.knowledge.stories import story_key
from detente.lexicon.names import surname, translit_key
from detente.records import Article, Event, Failure, Record, RunSummary
from detente.store.actor_tables import ActorTables
from detente.store.base import ArticleState, Incoming, Outcome, RunInfo, Store
from detente.store.digests import digest_insert, digest_values
from detente.store.postgres.hooks import PostgresHooks
from detente.store.postgres.reads import ARTICLE_COLUMNS, ReadTables, search_text
from detente.store.postgres.schema import (
    WRITE_LOCK,
    borrow,
    check_readable,
    connect,
    give_back,
    migrate,
    redact,
)
from detente.store.postgres.stories import StoryTables
from detente.store.watch_tables import WatchTables

_FACT_TABLES = ("mentions", "events", "roles", "quotes", "positions")
_FETCH = 5000
"""Rows fetched per round trip when streaming a large result through a server-side cursor."""
_RUN_COLUMNS = (
    "id, command, started, finished, extractor_version, model, added, replaced, unchanged, failed, "
    "seconds, status, pid, reextracted"
)


class PostgresStore(PostgresHooks, ReadTables, ActorTables, StoryTables, WatchTables, Store):
    """A Store in a PostgreSQL database given by a `postgresql://` URL."""

    def __init__(self, url: str, *, read_only: bool = False) -> None:
        self.path = url
        self.read_only = read_only
        self._redirects = None
        self._overrides = None
        self._cursors = 0
        self.db = borrow(url) if read_only else connect(url)
        try:
            if read_only:
                check_readable(self.db, url)
            else:
                steps = {version: partial(step, self) for version, step in _POST_STEPS.items()}
                migrate(self.db, url, steps)
        except BaseException:
            self.close()
            raise

    # -- lifecycle -------------------------------------------------------------------------
    def close(self) -> None:
        """Close the connection, or give a reader's back to its pool."""
        if self.read_only:
            give_back(self.path, self.db)
        else:
            self.db.close()

    def __repr__(self) -> str:
        return f"PostgresStore({redact(self.path)!r}, read_only={self.read_only})"

    def schema_version(self) -> int:
        """The applied schema version."""
        row = self.db.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
        return int(row[0]) if row else 0

    def _write_lock(self) -> None:
        # Writers take turns for the whole transaction, as SQLite's BEGIN IMMEDIATE makes them.
        self.db.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))

    def _stream(self, sql: str, args: Sequence[Any] | None = None) -> Iterator[tuple[Any, ...]]:
        """Rows of a query through a server-side cursor, a batch per round trip (flat memory on
        large stores). A writer's cursor is held over commits, so writes may come between rows;
        a reader's lives in its snapshot's transaction (nothing to copy aside)."""
        self._cursors += 1
        name = f"detente_{id(self)}_{self._cursors}"
        with self.db.cursor(name=name, withhold=not self.read_only) as cur:
            cur.execute(sql, args)
            while rows := cur.fetchmany(_FETCH):  # a list per round trip: less work per row than iterating
                yield from rows

    # -- runs ------------------------------------------------------------------------------
    def begin_run(self, command: str, extractor_version: str, model: str | None) -> int:
        """Open a run in the run log and return its id; runs whose process died are marked interrupted."""
        with self.db.transaction():
            self._write_lock()
            for run_id, pid in self.db.execute(
                "SELECT id, pid FROM runs WHERE status = 'running'"
            ).fetchall():
                if not _alive(pid):
                    self.db.execute("UPDATE runs SET status = 'interrupted' WHERE id = %s", (run_id,))
            row = self.db.execute(
                "INSERT INTO runs (command, started, extractor_version, model, status, pid) "
                "VALUES (%s, %s, %s, %s, 'running', %s) RETURNING id",
                (command, now(), extractor_version, model, os.getpid()),
            ).fetchone()
        return int(row[0]) if row else 0

    def finish_run(self, summary: RunSummary, status: str = "finished") -> None:
        """Close a run with its counts and how it ended (`finished` or `interrupted`)."""
        self.db.execute(
            "UPDATE runs SET finished = %s, added = %s, replaced = %s, reextracted = %s, unchanged = %s, "
            "failed = %s, seconds = %s, status = %s WHERE id = %s",
            (
                now(),
                summary.added,
                summary.replaced,
                summary.reextracted,
                summary.unchanged,
                summary.failed,
                round(summary.seconds, 3),
                status,
                summary.run_id,
            ),
        )

    def last_run(self) -> RunInfo | None:
        """The most recent run, or None for a new store."""
        row = self.db.execute(f"SELECT {_RUN_COLUMNS} FROM runs ORDER BY id DESC LIMIT 1").fetchone()
        return RunInfo(*row) if row else None

    # -- writing ---------------------------------------------------------------------------
    def article_hashes(self, ids: Sequence[str]) -> dict[str, str]:
        """`text_sha256` of the stored articles among `ids`."""
        rows = self.db.execute("SELECT id, text_sha256 FROM articles WHERE id = ANY(%s)", (list(ids),))
        return {r[0]: r[1] for r in rows}

    def article_states(self, ids: Sequence[str]) -> dict[str, ArticleState]:
        """Text hash, extractor version and failure flag of the stored articles among `ids`."""
        rows = self.db.execute(
            "SELECT id, text_sha256, extractor, extract_failed FROM articles WHERE id = ANY(%s)", (list(ids),)
        )
        return {r[0]: ArticleState(r[1], r[2], bool(r[3])) for r in rows}

    def iter_articles(self, batch: int = 200) -> Iterator[list[Article]]:
        """Every stored article, in batches, in storage order (to re-extract them)."""
        last = 0
        while True:
            rows = self.db.execute(
                f"SELECT rowid, {ARTICLE_COLUMNS} FROM articles WHERE rowid > %s ORDER BY rowid LIMIT %s",
                (last, batch),
            ).fetchall()
            if not rows:
                return
            last = rows[-1][0]
            yield [Article(*r[1:]) for r in rows]  # the columns in Article's field order

    def save(self, batch: Sequence[Incoming], run_id: int) -> list[Outcome]:
        """Store a batch of articles and their facts in one transaction."""
        outcomes: list[Outcome] = []
        with self.db.transaction():
            self._write_lock()
            for item in batch:
                outcomes.append(self._save_one(item, run_id))
            if "replaced" in outcomes or "reextracted" in outcomes:
                self._drop_orphan_actors()
        return outcomes

    def _save_one(self, item: Incoming, run_id: int) -> Outcome:
        a = item.facts.article
        row = self.db.execute("SELECT text_sha256 FROM articles WHERE id = %s", (a.id,)).fetchone()
        at = now()
        if row is not None and row[0] == a.text_sha256:
            self._resolve_failures(item)
            if item.extractor is None:
                return "unchanged"
            return self._reextracted(item, run_id, at)
        values = (
            a.url, a.outlet, a.published, a.title, a.language, a.text, a.text_sha256, item.source, run_id, at,
            item.extractor, int(item.failed), search_text(a.title, a.text),
        )  # fmt: skip
        if row is None:
            self.db.execute(
                "INSERT INTO articles (url, outlet, published, title, language, text, text_sha256, source, run_id, "
                "ingested_at, extractor, extract_failed, search, id) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, to_tsvector('simple', %s), %s)",
                (*values, a.id),
            )
            outcome: Outcome = "added"
        else:
            self.db.execute(
                "UPDATE articles SET url = %s, outlet = %s, published = %s, title = %s, language = %s, text = %s, "
                "text_sha256 = %s, source = %s, run_id = %s, ingested_at = %s, extractor = %s, extract_failed = %s, "
                "search = to_tsvector('simple', %s) WHERE id = %s",
                (*values, a.id),
            )
            self._forget_events_of(a.id)
            for table in _FACT_TABLES:
                self.db.execute(f"DELETE FROM {table} WHERE article_id = %s", (a.id,))
            outcome = "replaced"
        self.db.execute(
            "INSERT INTO article_changes (run_id, article_id, change, old_sha256, new_sha256, at) "
            "VALUES (%s, %s, %s, %s, %s, %s)",
            (run_id, a.id, outcome, row[0] if row else None, a.text_sha256, at),
        )
        self._save_facts(item)
        self._resolve_failures(item)
        return outcome

    def _reextracted(self, item: Incoming, run_id: int, at: str) -> Outcome:
        """The same text with facts made again (a new extractor, or a retry after a failure)."""
        a = item.facts.article
        self._forget_events_of(a.id)
        for table in _FACT_TABLES:
            self.db.execute(f"DELETE FROM {table} WHERE article_id = %s", (a.id,))
        self.db.execute(
            "UPDATE articles SET extractor = %s, extract_failed = %s WHERE id = %s",
            (item.extractor, int(item.failed), a.id),
        )
        self.db.execute(
            "INSERT INTO article_changes (run_id, article_id, change, old_sha256, new_sha256, at) "
            "VALUES (%s, %s, %s, %s, %s, %s)",
            (run_id, a.id, "reextracted", a.text_sha256, a.text_sha256, at),
        )
        self._save_facts(item)
        return "reextracted"

    def _resolve_failures(self, item: Incoming) -> None:
        if item.source:
            self.db.execute(
                "UPDATE failures SET resolved = 1 WHERE source = %s AND line = %s AND resolved = 0",
                (item.source, item.line or 0),
            )

    def _save_facts(self, item: Incoming) -> None:
        f = item.facts
        for actor in f.actors:
            self._upsert_actor(actor)
        inserts: list[tuple[str, list[tuple[Any, ...]]]] = [
            (
                'INSERT INTO mentions (article_id, actor_id, text, label, country, sector, start, "end") '
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                [
                    (
                        m.article_id,
                        self.override(m.actor_id, m.text),
                        m.text,
                        m.label,
                        m.country,
                        m.sector,
                        m.start,
                        m.end,
                    )
                    for m in f.mentions
                ],
            ),
            (
                "INSERT INTO events (id, article_id, type, status, date, story_key, data, source_actor, target_actor) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (id) DO UPDATE SET article_id = excluded.article_id, "
                "type = excluded.type, status = excluded.status, date = excluded.date, story_key = excluded.story_key, "
                "data = excluded.data, source_actor = excluded.source_actor, target_actor = excluded.target_actor, "
                "seq = nextval(pg_get_serial_sequence('events', 'seq'))",
                self._event_rows(f.events),
            ),
        ]
        inserts += [
            (digest_insert(kind, table, "%s"), [digest_values(kind, r, _dump(r)) for r in recs])
            for kind, table, recs in (("role", "roles", f.roles), ("quote", "quotes", f.quotes),
                                      ("position", "positions", f.positions))
        ]  # fmt: skip
        with self.db.cursor() as cur:
            for sql, rows in inserts:
                if rows:
                    cur.executemany(sql, rows)

    def record_failures(self, failures: Iterable[Failure], run_id: int) -> None:
        """Store failures; one row per (source, line, reason), its `at` the last time seen."""
        rows = [(f.source, f.line or 0, f.reason, f.fix, f.at, f.at, run_id) for f in failures]
        if not rows:
            return
        with self.db.transaction(), self.db.cursor() as cur:
            self._write_lock()
            cur.executemany(
                "INSERT INTO failures (source, line, reason, fix, first_at, at, run_id) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s) "
                "ON CONFLICT (source, line, reason) DO UPDATE SET at = excluded.at, fix = excluded.fix, "
                "run_id = excluded.run_id, resolved = 0",
                rows,
            )


def _alive(pid: int | None) -> bool:
    """True when a process with this id runs on this machine (a run's pid; None: unknown, so alive).

    Another machine's run looks dead here only if its pid is unused here; a shared store's
    `running` rows are only ever marked interrupted, never deleted, so nothing is lost.
    """
    if pid is None:
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _backfill_v2(store: PostgresStore) -> None:
    """Version 2's keys for rows stored before it: name keys of actors, story keys of events."""
    db = store.db
    for actor_id, name, kind in db.execute("SELECT id, name, type FROM actors").fetchall():
        last = surname(name) if kind == "person" else None
        db.execute(
            "UPDATE actors SET name_key = %s, surname_key = %s WHERE id = %s",
            (translit_key(name), translit_key(last) if last else None, actor_id),
        )
    for event_id, data in db.execute("SELECT id, data FROM events").fetchall():
        key = story_key(Event.from_record(json.loads(data)))
        db.execute("UPDATE events SET story_key = %s WHERE id = %s", (key, event_id))


_POST_STEPS: dict[int, Callable[[PostgresStore], None]] = {2: _backfill_v2}


def _dump(record: Record) -> str:
    return json.dumps(record.to_record(), ensure_ascii=False, separators=(",", ":"))
