"""The SQLite store: one file, WAL, FTS5 search, versioned migrations, one writer."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from pathlib import Path

from detente.errors import StoreError
from detente.ingest import now
from detente.knowledge.stories import story_key
from detente.lexicon.names import surname, translit_key
from detente.records import (
    Article,
    Event,
    Failure,
    Record,
    RunSummary,
)
from detente.store.actor_tables import ActorTables
from detente.store.base import ArticleState, Incoming, Outcome, RunInfo, Store
from detente.store.digests import digest_insert, digest_values
from detente.store.sqlite.reading import ReadTables
from detente.store.sqlite.schema import check_readable, connect, migrate, use_wal
from detente.store.sqlite.sql import SQLiteHooks, atomic, chunks, marks
from detente.store.sqlite.stories import StoryTables
from detente.store.watch_tables import WatchTables

_FACT_TABLES = ("mentions", "events", "roles", "quotes", "positions")


class SQLiteStore(SQLiteHooks, ActorTables, StoryTables, WatchTables, ReadTables, Store):
    """A Store in one SQLite file (`:memory:` works for tests)."""

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.path = str(path)
        self.read_only = read_only
        self.db = connect(self.path, read_only=read_only)
        self.db.row_factory = sqlite3.Row
        self._redirects = None
        self._overrides = None
        try:
            if read_only:  # reading changes nothing: no journal mode, no migration
                check_readable(self.db, self.path)
            else:
                use_wal(self.db)
                self.db.execute("PRAGMA synchronous = NORMAL")
                steps = {version: partial(step, self) for version, step in _POST_STEPS.items()}
                migrate(self.db, self.path, steps)
            self.db.execute("PRAGMA foreign_keys = ON")
        except sqlite3.OperationalError as exc:
            self.db.close()
            raise StoreError(
                f"cannot open the database {self.path}: {exc}",
                fix="if another detente is writing it, try again when it is done",
            ) from exc
        except sqlite3.DatabaseError as exc:
            self.db.close()
            raise StoreError(
                f"{self.path} is not a detente database ({exc})",
                fix="pass another --db file, or move this one away",
            ) from exc
        except StoreError:
            self.db.close()
            raise

    # -- lifecycle -------------------------------------------------------------------------
    def close(self) -> None:
        """Close the connection (the WAL is checkpointed by SQLite)."""
        self.db.close()

    def schema_version(self) -> int:
        """The applied schema version."""
        return int(self.db.execute("SELECT MAX(version) FROM schema_migrations").fetchone()[0])

    # -- runs ------------------------------------------------------------------------------
    def begin_run(self, command: str, extractor_version: str, model: str | None) -> int:
        """Open a run in the run log and return its id; runs whose process died are marked interrupted."""
        for row in self.db.execute("SELECT id, pid FROM runs WHERE status = 'running'").fetchall():
            if not _alive(row["pid"]):
                self.db.execute("UPDATE runs SET status = 'interrupted' WHERE id = ?", (row["id"],))
        cur = self.db.execute(
            "INSERT INTO runs (command, started, extractor_version, model, status, pid) VALUES (?, ?, ?, ?, 'running', ?)",
            (command, now(), extractor_version, model, os.getpid()),
        )
        return int(cur.lastrowid or 0)

    def finish_run(self, summary: RunSummary, status: str = "finished") -> None:
        """Close a run with its counts and how it ended (`finished` or `interrupted`)."""
        self.db.execute(
            "UPDATE runs SET finished = ?, added = ?, replaced = ?, reextracted = ?, unchanged = ?, failed = ?, "
            "seconds = ?, status = ? WHERE id = ?",
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
        row = self.db.execute("SELECT * FROM runs ORDER BY id DESC LIMIT 1").fetchone()
        return RunInfo(**dict(row)) if row else None

    # -- writing ---------------------------------------------------------------------------
    def article_hashes(self, ids: Sequence[str]) -> dict[str, str]:
        """`text_sha256` of the stored articles among `ids`."""
        out: dict[str, str] = {}
        for chunk in chunks(list(ids)):
            for row in self.db.execute(
                f"SELECT id, text_sha256 FROM articles WHERE id IN ({marks(chunk)})", chunk
            ):
                out[row["id"]] = row["text_sha256"]
        return out

    def article_states(self, ids: Sequence[str]) -> dict[str, ArticleState]:
        """Text hash, extractor version and failure flag of the stored articles among `ids`."""
        out: dict[str, ArticleState] = {}
        for chunk in chunks(list(ids)):
            for row in self.db.execute(
                f"SELECT id, text_sha256, extractor, extract_failed FROM articles WHERE id IN ({marks(chunk)})",
                chunk,
            ):
                out[row["id"]] = ArticleState(
                    row["text_sha256"], row["extractor"], bool(row["extract_failed"])
                )
        return out

    def iter_articles(self, batch: int = 200) -> Iterator[list[Article]]:
        """Every stored article, in batches, in storage order (to re-extract them)."""
        last = 0
        while True:
            rows = self.db.execute(
                "SELECT rowid, id, url, outlet, published, title, language, text, text_sha256 FROM articles "
                "WHERE rowid > ? ORDER BY rowid LIMIT ?",
                (last, batch),
            ).fetchall()
            if not rows:
                return
            last = rows[-1]["rowid"]
            yield [Article(*tuple(r)[1:]) for r in rows]  # the columns in Article's field order

    def save(self, batch: Sequence[Incoming], run_id: int) -> list[Outcome]:
        """Store a batch of articles and their facts in one transaction."""
        outcomes: list[Outcome] = []
        with atomic(self.db):
            for item in batch:
                outcomes.append(self._save_one(item, run_id))
            if "replaced" in outcomes or "reextracted" in outcomes:
                self._drop_orphan_actors()
        return outcomes

    def _save_one(self, item: Incoming, run_id: int) -> Outcome:
        a = item.facts.article
        row = self.db.execute("SELECT text_sha256 FROM articles WHERE id = ?", (a.id,)).fetchone()
        at = now()
        if row is not None and row["text_sha256"] == a.text_sha256:
            self._resolve_failures(item)
            if item.extractor is None:
                return "unchanged"
            return self._reextracted(item, run_id, at)
        values = (
            a.url,
            a.outlet,
            a.published,
            a.title,
            a.language,
            a.text,
            a.text_sha256,
            item.source,
            run_id,
            at,
            item.extractor,
            int(item.failed),
        )
        if row is None:
            self.db.execute(
                "INSERT INTO articles (url, outlet, published, title, language, text, text_sha256, source, run_id, "
                "ingested_at, extractor, extract_failed, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*values, a.id),
            )
            outcome: Outcome = "added"
        else:
            self.db.execute(
                "UPDATE articles SET url = ?, outlet = ?, published = ?, title = ?, language = ?, text = ?, text_sha256 = ?, "
                "source = ?, run_id = ?, ingested_at = ?, extractor = ?, extract_failed = ? WHERE id = ?",
                (*values, a.id),
            )
            self._forget_events_of(a.id)
            for table in _FACT_TABLES:
                self.db.execute(f"DELETE FROM {table} WHERE article_id = ?", (a.id,))
            outcome = "replaced"
        self.db.execute(
            "INSERT INTO article_changes (run_id, article_id, change, old_sha256, new_sha256, at) VALUES (?, ?, ?, ?, ?, ?)",
            (run_id, a.id, outcome, row["text_sha256"] if row else None, a.text_sha256, at),
        )
        self._save_facts(item)
        self._resolve_failures(item)
        return outcome

    def _reextracted(self, item: Incoming, run_id: int, at: str) -> Outcome:
        """The same text with facts made again (a new extractor, or a retry after a failure)."""
        a = item.facts.article
        self._forget_events_of(a.id)
        for table in _FACT_TABLES:
            self.db.execute(f"DELETE FROM {table} WHERE article_id = ?", (a.id,))
        self.db.execute(
            "UPDATE articles SET extractor = ?, extract_failed = ? WHERE id = ?",
            (item.extractor, int(item.failed), a.id),
        )
        self.db.execute(
            "INSERT INTO article_changes (run_id, article_id, change, old_sha256, new_sha256, at) VALUES (?, ?, ?, ?, ?, ?)",
            (run_id, a.id, "reextracted", a.text_sha256, a.text_sha256, at),
        )
        self._save_facts(item)
        return "reextracted"

    def _resolve_failures(self, item: Incoming) -> None:
        if item.source:
            self.db.execute(
                "UPDATE failures SET resolved = 1 WHERE source = ? AND line = ? AND resolved = 0",
                (item.source, item.line or 0),
            )

    def _save_facts(self, item: Incoming) -> None:
        f = item.facts
        for actor in f.actors:
            self._upsert_actor(actor)
        self.db.executemany(
            'INSERT INTO mentions (article_id, actor_id, text, label, country, sector, start, "end") VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
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
        )
        self.db.executemany(
            "INSERT OR REPLACE INTO events (id, article_id, type, status, date, story_key, data, source_actor, "
            "target_actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            self._event_rows(f.events),
        )
        for kind, table, recs in (("role", "roles", f.roles), ("quote", "quotes", f.quotes),
                                  ("position", "positions", f.positions)):  # fmt: skip
            self.db.executemany(
                digest_insert(kind, table, "?"), [digest_values(kind, r, _dump(r)) for r in recs]
            )

    def record_failures(self, failures: Iterable[Failure], run_id: int) -> None:
        """Store failures; one row per (source, line, reason), its `at` the last time seen."""
        rows = [(f.source, f.line or 0, f.reason, f.fix, f.at, f.at, run_id) for f in failures]
        if not rows:
            return
        with atomic(self.db):
            self.db.executemany(
                "INSERT INTO failures (source, line, reason, fix, first_at, at, run_id) VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (source, line, reason) DO UPDATE SET at = excluded.at, fix = excluded.fix, "
                "run_id = excluded.run_id, resolved = 0",
                rows,
            )


def _alive(pid: int | None) -> bool:
    """True when a process with this id runs on this machine (a run's pid; None: unknown, so alive)."""
    if pid is None:
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _backfill_v2(store: SQLiteStore) -> None:
    """Version 2's keys for rows stored before it: name keys of actors, story keys of events."""
    db = store.db
    for row in db.execute("SELECT id, name, type FROM actors").fetchall():
        last = surname(row["name"]) if row["type"] == "person" else None
        db.execute(
            "UPDATE actors SET name_key = ?, surname_key = ? WHERE id = ?",
            (translit_key(row["name"]), translit_key(last) if last else None, row["id"]),
        )
    for row in db.execute("SELECT id, data FROM events").fetchall():
        key = story_key(Event.from_record(json.loads(row["data"])))
        db.execute("UPDATE events SET story_key = ? WHERE id = ?", (key, row["id"]))


_POST_STEPS: dict[int, Callable[[SQLiteStore], None]] = {2: _backfill_v2}


def _dump(record: Record) -> str:
    return json.dumps(record.to_record(), ensure_ascii=False, separators=(",", ":"))
