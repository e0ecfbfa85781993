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
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from typing import Any

from detente.errors import StoreError
from detente.ingest import now
from detente.knowledge.stories import story_key
from detente.lexicon.names import surname, translit_key
from detente.records import (
    RECORD_KINDS,
    Actor,
    Article,
    ArticleFacts,
    Event,
    Failure,
    Mention,
    Position,
    Quote,
    Record,
    Role,
    RunSummary,
    Source,
    Story,
)
from detente.store.base import ArticleState, Incoming, Outcome, RunInfo, SearchHit, Store
from detente.store.postgres.actors import ActorTables
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
from detente.store.postgres.watch import WatchTables

_FACT_TABLES = ("mentions", "events", "roles", "quotes", "positions")
_FETCH = 5000
"""Rows fetched per round trip when streaming a large result through a server-side cursor."""
_SEARCH_CHARS = 200_000
"""Characters of an article indexed for search (a tsvector holds at most 1 MB)."""
_ARTICLE_COLUMNS = "id, url, outlet, published, title, language, text, text_sha256"
_RUN_COLUMNS = (
    "id, command, started, finished, extractor_version, model, added, replaced, unchanged, failed, "
    "seconds, status, pid, reextracted"
)


class PostgresStore(ActorTables, StoryTables, WatchTables, Store):
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

    def _has_overrides(self) -> bool:
        if self._overrides is None:
            self.override("", "")  # loads the table
        return bool(self._overrides)

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
                f"SELECT rowid, {_ARTICLE_COLUMNS} FROM articles WHERE rowid > %s ORDER BY rowid LIMIT %s",
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
                "INSERT INTO events (id, article_id, type, status, date, story_key, data) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (id) DO UPDATE SET article_id = excluded.article_id, "
                "type = excluded.type, status = excluded.status, date = excluded.date, story_key = excluded.story_key, "
                "data = excluded.data, seq = nextval(pg_get_serial_sequence('events', 'seq'))",
                self._event_rows(f.events),
            ),
            (
                "INSERT INTO roles (article_id, person, actor_id, data) VALUES (%s, %s, %s, %s)",
                [(r.article_id, r.person, r.actor_id, _dump(r)) for r in f.roles],
            ),
            (
                "INSERT INTO quotes (article_id, speaker, actor_id, data) VALUES (%s, %s, %s, %s)",
                [(q.article_id, q.speaker, q.actor_id, _dump(q)) for q in f.quotes],
            ),
            (
                "INSERT INTO positions (article_id, party, actor_id, issue, stance, data) VALUES (%s, %s, %s, %s, %s, %s)",
                [(p.article_id, p.party, p.actor_id, p.issue, p.stance, _dump(p)) for p in f.positions],
            ),
        ]
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

    # -- reading ---------------------------------------------------------------------------
    def get_article(self, article_id: str) -> Article | None:
        """One stored article."""
        row = self.db.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = %s", (article_id,)
        ).fetchone()
        return Article(*row) if row else None

    def iter_records(self, kind: str) -> Iterator[Record]:
        """Every stored record of a contract kind."""
        if kind not in RECORD_KINDS:
            raise StoreError(f"unknown record kind '{kind}'", fix=f"use one of: {', '.join(RECORD_KINDS)}")
        if kind == "article":
            for batch in self.iter_articles(500):
                yield from batch
        elif kind == "actor":
            yield from self._iter_actors()
        elif kind == "mention":
            for row in self._stream(
                'SELECT article_id, actor_id, text, label, country, sector, start, "end" FROM mentions ORDER BY id'
            ):
                yield Mention(row[0], self.canonical_id(row[1]) or row[1], *row[2:])
        elif kind == "failure":
            yield from self.failures(include_resolved=True)
        else:
            table, cls = _JSON_KINDS[kind]
            order = "seq" if kind in ("event", "story") else "id"
            for (data,) in self._stream(f"SELECT data FROM {table} ORDER BY {order}"):
                yield cls.from_record(self._canonical_refs(json.loads(data)))

    def get_events(self, ids: Iterable[str]) -> dict[str, tuple[Event, Source]]:
        """Events by id, with their articles."""
        out: dict[str, tuple[Event, Source]] = {}
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return out
        rows = self.db.execute(
            "SELECT e.id, e.data, a.id, a.published, a.outlet, a.url, a.title FROM events e "
            "JOIN articles a ON a.id = e.article_id WHERE e.id = ANY(%s)",
            (wanted,),
        )
        for event_id, data, *src in rows:
            out[event_id] = (Event.from_record(self._canonical_refs(json.loads(data))), Source(*src))
        return out

    def article_sources(self) -> Iterator[Source]:
        """Every article's citation data, without its text."""
        for row in self._stream(
            "SELECT id, published, outlet, url, title FROM articles ORDER BY published IS NULL, published, rowid"
        ):
            yield Source(*row)

    def iter_sourced(self, kind: str, *, direct_only: bool = False) -> Iterator[tuple[Record, Source]]:
        """Records of a fact kind with their article's date, outlet, URL and title."""
        if kind not in _JSON_KINDS or kind == "story":
            raise StoreError(
                f"'{kind}' records have no single source article", fix="use event, role, quote or position"
            )
        table, cls = _JSON_KINDS[kind]
        order = "t.seq" if kind == "event" else "t.id"
        direct = "WHERE (t.data::jsonb ->> 'direct')::boolean " if direct_only and kind == "quote" else ""
        sql = (
            f"SELECT t.data, a.id, a.published, a.outlet, a.url, a.title FROM {table} t "
            f"JOIN articles a ON a.id = t.article_id {direct}"
            f"ORDER BY a.published IS NULL, a.published, {order}"
        )
        for data, *src in self._stream(sql):
            yield cls.from_record(self._canonical_refs(json.loads(data))), Source(*src)

    def _canonical_refs(self, data: dict[str, Any]) -> dict[str, Any]:
        if not self.redirects() and not self._has_overrides():
            return data
        if "actor_id" in data:
            data["actor_id"] = self.canonical_id(data["actor_id"])
        for key in ("source", "target"):
            ref = data.get(key)
            if isinstance(ref, dict):
                ref["actor_id"] = self.canonical_id(self.override(ref.get("actor_id"), ref.get("name") or ""))
        for ref in data.get("parties") or ():
            ref["actor_id"] = self.canonical_id(ref.get("actor_id"))
        return data

    def counts(self) -> dict[str, int]:
        """Articles, actors, mentions, each fact kind, open failures, runs."""
        row = self.db.execute(
            "SELECT (SELECT COUNT(*) FROM articles), "
            "(SELECT COUNT(*) FROM actors a WHERE NOT EXISTS (SELECT 1 FROM actor_redirects r WHERE r.from_id = a.id)), "
            "(SELECT COUNT(*) FROM mentions), (SELECT COUNT(*) FROM events), (SELECT COUNT(*) FROM roles), "
            "(SELECT COUNT(*) FROM quotes), (SELECT COUNT(*) FROM positions), (SELECT COUNT(*) FROM stories), "
            "(SELECT COUNT(*) FROM failures WHERE resolved = 0), (SELECT COUNT(*) FROM runs)"
        ).fetchone()
        names = (
            "articles",
            "actors",
            "mentions",
            "events",
            "roles",
            "quotes",
            "positions",
            "stories",
            "failures",
            "runs",
        )
        return dict(zip(names, (int(n) for n in row or ()), strict=True))

    def failures(self, include_resolved: bool = False) -> list[Failure]:
        """Stored failures, most recently seen first."""
        where = "" if include_resolved else "WHERE resolved = 0"
        rows = self.db.execute(
            f"SELECT source, line, reason, fix, at FROM failures {where} ORDER BY at DESC, id DESC"
        )
        return [Failure(source=r[0], line=r[1] or None, reason=r[2], fix=r[3], at=r[4]) for r in rows]

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Full-text search: plain words are ANDed; "quoted phrases", OR and -word work too
        (web search syntax); case and diacritics are ignored."""
        folded = fold_text(query)
        if not any(c.isalnum() for c in folded):
            return []
        rows = self.db.execute(
            "WITH q AS (SELECT websearch_to_tsquery('simple', %s) AS q), "
            "hits AS (SELECT a.rowid, ts_rank_cd(a.search, q.q) AS rank FROM articles a, q "
            "WHERE a.search @@ q.q ORDER BY rank DESC, a.rowid LIMIT %s) "
            "SELECT a.id, a.title, a.outlet, a.published, "
            "ts_headline('simple', left(a.text, 20000), q.q, "
            "'StartSel=**, StopSel=**, MaxWords=16, MinWords=6, MaxFragments=1, FragmentDelimiter=…') "
            "FROM hits JOIN articles a ON a.rowid = hits.rowid, q ORDER BY hits.rank DESC, a.rowid",
            (folded, limit),
        )
        return [SearchHit(r[0], r[1], r[2], r[3], r[4]) for r in rows]

    # -- reading one thing (the web view) ------------------------------------------------------
    def get_story(self, story_id: str) -> Story | None:
        """One story event by id."""
        row = self.db.execute("SELECT data FROM stories WHERE id = %s", (story_id,)).fetchone()
        return Story.from_record(self._canonical_refs(json.loads(row[0]))) if row else None

    def get_actor(self, actor_id: str) -> Actor | None:
        """One canonical actor by id; an id merged into another gives that other."""
        return next(self._iter_actors([self.canonical_id(actor_id) or actor_id]), None)

    def article_facts(self, article_id: str) -> ArticleFacts | None:
        """One stored article with every fact read from it (actor ids canonical), in text order."""
        article = self.get_article(article_id)
        if article is None:
            return None
        mentions = [
            Mention(r[0], self.canonical_id(r[1]) or r[1], *r[2:])
            for r in self.db.execute(
                'SELECT article_id, actor_id, text, label, country, sector, start, "end" FROM mentions '
                'WHERE article_id = %s ORDER BY start, "end", id',
                (article_id,),
            )
        ]
        found: dict[str, list[Any]] = {}
        for kind in ("event", "role", "quote", "position"):
            table, cls = _JSON_KINDS[kind]
            order = "seq" if kind == "event" else "id"
            rows = self.db.execute(
                f"SELECT data FROM {table} WHERE article_id = %s ORDER BY {order}", (article_id,)
            )
            records = [cls.from_record(self._canonical_refs(json.loads(r[0]))) for r in rows]
            found[kind] = sorted(records, key=lambda r: (r.start, r.end))
        actors = tuple(self._iter_actors(sorted({m.actor_id for m in mentions})))
        return ArticleFacts(
            article,
            actors,
            tuple(mentions),
            tuple(found["event"]),
            tuple(found["role"]),
            tuple(found["quote"]),
            tuple(found["position"]),
        )

    def sourced_for_actor(self, kind: str, actor_id: str) -> list[tuple[Record, Source]]:
        """Facts of a kind held by one canonical actor, newest report first."""
        if kind not in ("event", "role", "quote", "position"):
            raise StoreError(f"'{kind}' records have no actor", fix="use event, role, quote or position")
        ids = [actor_id, *(f for f, t in self.redirects().items() if t == actor_id)]
        table, cls = _JSON_KINDS[kind]
        if kind == "event":
            where = "(t.data::jsonb #>> '{source,actor_id}') = ANY(%s) OR (t.data::jsonb #>> '{target,actor_id}') = ANY(%s)"
            args: list[Any] = [ids, ids]
        else:
            where, args = "t.actor_id = ANY(%s)", [ids]
        order = "t.seq" if kind == "event" else "t.id"
        sql = (
            f"SELECT t.data, a.id, a.published, a.outlet, a.url, a.title FROM {table} t "
            f"JOIN articles a ON a.id = t.article_id WHERE {where} "
            f"ORDER BY a.published IS NULL, a.published DESC, {order}"
        )
        out: list[tuple[Record, Source]] = []
        for data, *src in self.db.execute(sql, args):
            rec = cls.from_record(self._canonical_refs(json.loads(data)))
            held = (
                {r.actor_id for r in (rec.source, rec.target) if r is not None}
                if isinstance(rec, Event)
                else {getattr(rec, "actor_id", None)}
            )
            if actor_id in held:
                out.append((rec, Source(*src)))
        return out


def fold_text(text: str) -> str:
    """Text as search sees it: lower case, diacritics gone ("Türkiye" → "turkiye")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def search_text(title: str | None, text: str) -> str:
    """What an article's search vector is made from: its folded title and (start of its) text."""
    return fold_text(f"{title or ''}\n{text[:_SEARCH_CHARS]}")


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


_JSON_KINDS: dict[str, tuple[str, type[Record]]] = {
    "event": ("events", Event),
    "role": ("roles", Role),
    "quote": ("quotes", Quote),
    "position": ("positions", Position),
    "story": ("stories", Story),
}


def _dump(record: Record) -> str:
    return json.dumps(record.to_record(), ensure_ascii=False, separators=(",", ":"))
