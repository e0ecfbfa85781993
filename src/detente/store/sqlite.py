"""The SQLite store: one file, WAL, FTS5 search, versioned migrations, one writer."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from detente.errors import StoreError
from detente.ingest import now
from detente.knowledge.names import fold, surname
from detente.records import (
    RECORD_KINDS,
    Actor,
    Article,
    Event,
    Failure,
    Mention,
    Position,
    Quote,
    Record,
    Role,
    RunSummary,
    Story,
)
from detente.store.base import ActorInfo, Incoming, Outcome, RunInfo, SearchHit, Source, Store

_MIGRATION = re.compile(r"^(\d{4})_(\w+)\.sql$")
_FACT_TABLES = ("mentions", "events", "roles", "quotes", "positions")


def migrations() -> list[tuple[int, str, str]]:
    """The shipped migrations as (version, name, sql), in order."""
    found = []
    for entry in resources.files("detente.store").joinpath("migrations").iterdir():
        m = _MIGRATION.match(entry.name)
        if m:
            found.append((int(m[1]), m[2], entry.read_text("utf-8")))
    return sorted(found)


class SQLiteStore(Store):
    """A Store in one SQLite file (`:memory:` works for tests)."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        try:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, timeout=30.0, isolation_level=None)
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(
                f"cannot open the database {self.path}: {exc}",
                fix="check the --db path and its folder's permissions",
            ) from exc
        self.db.row_factory = sqlite3.Row
        try:
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = NORMAL")
            self.db.execute("PRAGMA foreign_keys = ON")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            self.db.close()
            raise StoreError(
                f"{self.path} is not a detente database ({exc})",
                fix="pass another --db file, or move this one away",
            ) from exc
        self._redirects: dict[str, str] | None = None

    # -- lifecycle -------------------------------------------------------------------------
    def close(self) -> None:
        """Close the connection (the WAL is checkpointed by SQLite)."""
        self.db.close()

    def _migrate(self) -> None:
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        current = self.db.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").fetchone()[0]
        shipped = migrations()
        newest = shipped[-1][0] if shipped else 0
        if current > newest:
            raise StoreError(
                f"{self.path} has schema version {current}, newer than this detente knows ({newest})",
                fix="upgrade detente (pip install -U detente)",
            )
        for version, name, sql in shipped:
            if version <= current:
                continue
            self.db.execute("BEGIN IMMEDIATE")
            try:
                for statement in _statements(sql):
                    self.db.execute(statement)
                self.db.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)", (version, name, now()))
                self.db.execute("COMMIT")
            except sqlite3.Error as exc:
                self.db.execute("ROLLBACK")
                raise StoreError(
                    f"migration {version:04d}_{name} failed: {exc}", fix="report this as a bug"
                ) from exc

    def schema_version(self) -> int:
        """The applied schema version."""
        return int(self.db.execute("SELECT MAX(version) FROM schema_migrations").fetchone()[0])

    # -- runs ------------------------------------------------------------------------------
    def begin_run(self, command: str, extractor_version: str, model: str | None) -> int:
        """Open a run in the run log and return its id."""
        cur = self.db.execute(
            "INSERT INTO runs (command, started, extractor_version, model) VALUES (?, ?, ?, ?)",
            (command, now(), extractor_version, model),
        )
        return int(cur.lastrowid or 0)

    def finish_run(self, summary: RunSummary) -> None:
        """Close a run with its counts."""
        self.db.execute(
            "UPDATE runs SET finished = ?, added = ?, replaced = ?, unchanged = ?, failed = ?, seconds = ? WHERE id = ?",
            (
                now(),
                summary.added,
                summary.replaced,
                summary.unchanged,
                summary.failed,
                round(summary.seconds, 3),
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
        for i in range(0, len(ids), 500):
            chunk = list(ids[i : i + 500])
            marks = ",".join("?" * len(chunk))
            for row in self.db.execute(f"SELECT id, text_sha256 FROM articles WHERE id IN ({marks})", chunk):
                out[row["id"]] = row["text_sha256"]
        return out

    def save(self, batch: Sequence[Incoming], run_id: int) -> list[Outcome]:
        """Store a batch of articles and their facts in one transaction."""
        outcomes: list[Outcome] = []
        self.db.execute("BEGIN IMMEDIATE")
        try:
            for item in batch:
                outcomes.append(self._save_one(item, run_id))
            if "replaced" in outcomes:
                self._drop_orphan_actors()
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        return outcomes

    def _save_one(self, item: Incoming, run_id: int) -> Outcome:
        a = item.facts.article
        row = self.db.execute("SELECT text_sha256 FROM articles WHERE id = ?", (a.id,)).fetchone()
        at = now()
        if row is not None and row["text_sha256"] == a.text_sha256:
            self._resolve_failures(item)
            return "unchanged"
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
        )
        if row is None:
            self.db.execute(
                "INSERT INTO articles (url, outlet, published, title, language, text, text_sha256, source, run_id, ingested_at, id) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*values, a.id),
            )
            outcome: Outcome = "added"
        else:
            self.db.execute(
                "UPDATE articles SET url = ?, outlet = ?, published = ?, title = ?, language = ?, text = ?, text_sha256 = ?, "
                "source = ?, run_id = ?, ingested_at = ? WHERE id = ?",
                (*values, a.id),
            )
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
                (m.article_id, m.actor_id, m.text, m.label, m.country, m.sector, m.start, m.end)
                for m in f.mentions
            ],
        )
        self.db.executemany(
            "INSERT OR REPLACE INTO events (id, article_id, type, status, date, data) VALUES (?, ?, ?, ?, ?, ?)",
            [(e.id, e.article_id, e.type, e.status, e.date, _dump(e)) for e in f.events],
        )
        self.db.executemany(
            "INSERT INTO roles (article_id, person, actor_id, data) VALUES (?, ?, ?, ?)",
            [(r.article_id, r.person, r.actor_id, _dump(r)) for r in f.roles],
        )
        self.db.executemany(
            "INSERT INTO quotes (article_id, speaker, actor_id, data) VALUES (?, ?, ?, ?)",
            [(q.article_id, q.speaker, q.actor_id, _dump(q)) for q in f.quotes],
        )
        self.db.executemany(
            "INSERT INTO positions (article_id, party, actor_id, issue, stance, data) VALUES (?, ?, ?, ?, ?, ?)",
            [(p.article_id, p.party, p.actor_id, p.issue, p.stance, _dump(p)) for p in f.positions],
        )

    def _upsert_actor(self, actor: Actor) -> None:
        last = surname(actor.name) if actor.type == "person" else None
        self.db.execute(
            "INSERT INTO actors (id, name, type, country, sector, wikidata, surname) VALUES (?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET country = COALESCE(actors.country, excluded.country), "
            "sector = COALESCE(actors.sector, excluded.sector), wikidata = COALESCE(actors.wikidata, excluded.wikidata)",
            (actor.id, actor.name, actor.type, actor.country, actor.sector, actor.wikidata, last),
        )
        names = {actor.name, *actor.aliases}
        self.db.executemany(
            "INSERT OR IGNORE INTO actor_aliases (actor_id, key, name) VALUES (?, ?, ?)",
            [(actor.id, fold(n), n) for n in names if fold(n)],
        )
        if actor.type == "person" and last:
            self._link_surname(actor, last)

    def _link_surname(self, actor: Actor, last: str) -> None:
        """Send a surname-only person to the one full-named person with that surname, if unique."""
        rows = self.db.execute(
            "SELECT id, name FROM actors WHERE type = 'person' AND surname = ? AND id NOT IN (SELECT from_id FROM actor_redirects)",
            (last,),
        ).fetchall()
        full = [r["id"] for r in rows if len(fold(r["name"]).split()) > 1]
        bare = [r["id"] for r in rows if len(fold(r["name"]).split()) == 1]
        if len(full) == 1:
            for b in bare:
                self.db.execute(
                    "INSERT OR IGNORE INTO actor_redirects (from_id, to_id, reason) VALUES (?, ?, 'surname')",
                    (b, full[0]),
                )
                self._redirects = None

    def _drop_orphan_actors(self) -> None:
        self.db.execute(
            "DELETE FROM actors WHERE id NOT IN (SELECT actor_id FROM mentions) "
            "AND id NOT IN (SELECT to_id FROM actor_redirects)"
        )
        self.db.execute("DELETE FROM actor_redirects WHERE from_id NOT IN (SELECT id FROM actors)")
        self._redirects = None

    def record_failures(self, failures: Iterable[Failure], run_id: int) -> None:
        """Store failures; one row per (source, line, reason), its `at` the last time seen."""
        rows = [(f.source, f.line or 0, f.reason, f.fix, f.at, f.at, run_id) for f in failures]
        if not rows:
            return
        self.db.execute("BEGIN IMMEDIATE")
        try:
            self.db.executemany(
                "INSERT INTO failures (source, line, reason, fix, first_at, at, run_id) VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (source, line, reason) DO UPDATE SET at = excluded.at, fix = excluded.fix, "
                "run_id = excluded.run_id, resolved = 0",
                rows,
            )
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    # -- reading ---------------------------------------------------------------------------
    def redirects(self) -> dict[str, str]:
        """Actor id → the canonical actor id it stands for (followed to the end)."""
        if self._redirects is None:
            raw = {r[0]: r[1] for r in self.db.execute("SELECT from_id, to_id FROM actor_redirects")}
            resolved = {}
            for start in raw:
                seen, cur = {start}, raw[start]
                while cur in raw and cur not in seen:
                    seen.add(cur)
                    cur = raw[cur]
                resolved[start] = cur
            self._redirects = resolved
        return self._redirects

    def canonical_id(self, actor_id: str | None) -> str | None:
        """The canonical id an actor id resolves to."""
        return None if actor_id is None else self.redirects().get(actor_id, actor_id)

    def get_article(self, article_id: str) -> Article | None:
        """One stored article."""
        row = self.db.execute(
            "SELECT id, url, outlet, published, title, language, text, text_sha256 FROM articles WHERE id = ?",
            (article_id,),
        ).fetchone()
        return Article(**dict(row)) if row else None

    def iter_records(self, kind: str) -> Iterator[Record]:
        """Every stored record of a contract kind."""
        if kind not in RECORD_KINDS:
            raise StoreError(f"unknown record kind '{kind}'", fix=f"use one of: {', '.join(RECORD_KINDS)}")
        if kind == "article":
            for row in self.db.execute(
                "SELECT id, url, outlet, published, title, language, text, text_sha256 FROM articles ORDER BY rowid"
            ):
                yield Article(**dict(row))
        elif kind == "actor":
            yield from self._iter_actors()
        elif kind == "mention":
            for row in self.db.execute(
                'SELECT article_id, actor_id, text, label, country, sector, start, "end" FROM mentions ORDER BY id'
            ):
                d = dict(row)
                d["actor_id"] = self.canonical_id(d["actor_id"])
                yield Mention(**d)
        elif kind == "failure":
            yield from self.failures(include_resolved=True)
        else:
            table, cls = _JSON_KINDS[kind]
            order = "rowid" if kind in ("event", "story") else "id"
            for row in self.db.execute(f"SELECT data FROM {table} ORDER BY {order}"):
                yield cls.from_record(self._canonical_refs(json.loads(row["data"])))

    def iter_sourced(self, kind: str) -> Iterator[tuple[Record, Source]]:
        """Records of a fact kind with their article's date, outlet, URL and title."""
        if kind not in _JSON_KINDS or kind == "story":
            raise StoreError(
                f"'{kind}' records have no single source article", fix="use event, role, quote or position"
            )
        table, cls = _JSON_KINDS[kind]
        order = "t.rowid" if kind == "event" else "t.id"
        sql = (
            f"SELECT t.data, a.id AS aid, a.published, a.outlet, a.url, a.title FROM {table} t "
            f"JOIN articles a ON a.id = t.article_id ORDER BY a.published IS NULL, a.published, {order}"
        )
        for row in self.db.execute(sql):
            record = cls.from_record(self._canonical_refs(json.loads(row["data"])))
            yield record, Source(row["aid"], row["published"], row["outlet"], row["url"], row["title"])

    def _canonical_refs(self, data: dict[str, Any]) -> dict[str, Any]:
        if not self.redirects():
            return data
        if "actor_id" in data:
            data["actor_id"] = self.canonical_id(data["actor_id"])
        for key in ("source", "target"):
            ref = data.get(key)
            if isinstance(ref, dict):
                ref["actor_id"] = self.canonical_id(ref.get("actor_id"))
        for ref in data.get("parties") or ():
            ref["actor_id"] = self.canonical_id(ref.get("actor_id"))
        return data

    def _iter_actors(self, ids: Sequence[str] | None = None) -> Iterator[Actor]:
        redirects = self.redirects()
        aliases: dict[str, set[str]] = {}
        for row in self.db.execute("SELECT actor_id, name FROM actor_aliases"):
            aliases.setdefault(redirects.get(row["actor_id"], row["actor_id"]), set()).add(row["name"])
        wanted = set(ids) if ids is not None else None
        for row in self.db.execute(
            "SELECT id, name, type, country, sector, wikidata FROM actors ORDER BY id"
        ):
            if row["id"] in redirects or (wanted is not None and row["id"] not in wanted):
                continue
            names = sorted(aliases.get(row["id"], set()) - {row["name"]}, key=str.casefold)
            yield Actor(
                id=row["id"],
                name=row["name"],
                type=row["type"],
                aliases=tuple(names),
                country=row["country"],
                sector=row["sector"],
                wikidata=row["wikidata"],
            )

    def counts(self) -> dict[str, int]:
        """Articles, actors, mentions, each fact kind, open failures, runs."""

        def one(sql: str) -> int:
            return int(self.db.execute(sql).fetchone()[0])

        return {
            "articles": one("SELECT COUNT(*) FROM articles"),
            "actors": one(
                "SELECT COUNT(*) FROM actors WHERE id NOT IN (SELECT from_id FROM actor_redirects)"
            ),
            "mentions": one("SELECT COUNT(*) FROM mentions"),
            "events": one("SELECT COUNT(*) FROM events"),
            "roles": one("SELECT COUNT(*) FROM roles"),
            "quotes": one("SELECT COUNT(*) FROM quotes"),
            "positions": one("SELECT COUNT(*) FROM positions"),
            "stories": one("SELECT COUNT(*) FROM stories"),
            "failures": one("SELECT COUNT(*) FROM failures WHERE resolved = 0"),
            "runs": one("SELECT COUNT(*) FROM runs"),
        }

    def failures(self, include_resolved: bool = False) -> list[Failure]:
        """Stored failures, most recently seen first."""
        where = "" if include_resolved else "WHERE resolved = 0"
        return [
            Failure(source=r["source"], line=r["line"] or None, reason=r["reason"], fix=r["fix"], at=r["at"])
            for r in self.db.execute(f"SELECT * FROM failures {where} ORDER BY at DESC, id DESC")
        ]

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """FTS5 search; plain words are ANDed, FTS5 syntax ("a NEAR b", quotes, OR) works too."""
        sql = (
            "SELECT a.id, a.title, a.outlet, a.published, snippet(articles_fts, 1, '**', '**', '…', 16) AS snip "
            "FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
            "WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?"
        )
        try:
            rows = self.db.execute(sql, (query, limit)).fetchall()
        except sqlite3.OperationalError:
            words = re.findall(r"\w+", query)
            if not words:
                return []
            rows = self.db.execute(sql, (" ".join(f'"{w}"' for w in words), limit)).fetchall()
        return [SearchHit(r["id"], r["title"], r["outlet"], r["published"], r["snip"]) for r in rows]

    def actors(self, query: str | None = None, limit: int | None = None) -> list[ActorInfo]:
        """Canonical actors with mention and article counts, most mentioned first."""
        redirects = self.redirects()
        counts: dict[str, list[Any]] = {}
        for row in self.db.execute("SELECT actor_id, article_id FROM mentions"):
            key = redirects.get(row[0], row[0])
            entry = counts.setdefault(key, [0, set()])
            entry[0] += 1
            entry[1].add(row[1])
        ids = None
        if query:
            key = fold(query)
            ids = {
                redirects.get(r[0], r[0])
                for r in self.db.execute("SELECT actor_id FROM actor_aliases WHERE key LIKE ?", (f"%{key}%",))
            }
        infos = [
            ActorInfo(
                actor=a, mentions=counts.get(a.id, [0])[0], articles=len(counts.get(a.id, [0, set()])[1])
            )
            for a in self._iter_actors(sorted(ids) if ids is not None else None)
        ]
        infos.sort(key=lambda i: (-i.mentions, i.actor.name))
        return infos[:limit] if limit else infos


_JSON_KINDS: dict[str, tuple[str, type[Record]]] = {
    "event": ("events", Event),
    "role": ("roles", Role),
    "quote": ("quotes", Quote),
    "position": ("positions", Position),
    "story": ("stories", Story),
}


def _dump(record: Record) -> str:
    return json.dumps(record.to_record(), ensure_ascii=False, separators=(",", ":"))


def _statements(sql: str) -> list[str]:
    """Split a migration into statements, keeping trigger bodies (BEGIN … END;) whole."""
    out: list[str] = []
    buf: list[str] = []
    for line in sql.splitlines():
        if line.strip().startswith("--") and not buf:
            continue
        buf.append(line)
        joined = "\n".join(buf).strip()
        if joined.endswith(";") and sqlite3.complete_statement(joined):
            out.append(joined)
            buf = []
    if "\n".join(buf).strip():
        out.append("\n".join(buf))
    return out
