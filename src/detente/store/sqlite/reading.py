"""The read side of the SQLite store: records, sources, search and counts (mixed into SQLiteStore).

Every record read back passes `_canonical_refs`, so actor ids merged since it was stored
(redirects, the user's merges and splits) come out as their canonical actor.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from typing import Any

from detente.errors import StoreError
from detente.records import (
    RECORD_KINDS,
    Actor,
    Article,
    ArticleFacts,
    Event,
    Failure,
    Mention,
    Record,
    Source,
    Story,
)
from detente.store.base import (
    JSON_KINDS,
    SCOPE_IN_MAX,
    SearchHit,
    Sources,
    canonical_refs,
    decode,
    in_report_order,
    merged_ids,
    sourced_table,
)
from detente.store.digests import DIGEST_COLUMNS, digest_reader, digest_select
from detente.store.sqlite.sql import chunks, marks


class ReadTables:
    """Reading records back, with actor ids made canonical."""

    _canonical_refs = canonical_refs
    _decode = decode

    db: sqlite3.Connection
    # Provided by ActorTables and SQLiteStore, which this part is mixed with.
    redirects: Callable[[], dict[str, str]]
    canonical_id: Callable[[str | None], str | None]
    override: Callable[[str | None, str], str | None]
    _has_overrides: Callable[[], bool]
    _iter_actors: Callable[..., Iterator[Actor]]

    # -- reading ---------------------------------------------------------------------------
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
            table, cls = JSON_KINDS[kind]
            order = "rowid" if kind in ("event", "story") else "id"
            for row in self.db.execute(f"SELECT data FROM {table} ORDER BY {order}"):
                yield self._decode(cls, row["data"])

    def get_events(self, ids: Iterable[str]) -> dict[str, tuple[Event, Source]]:
        """Events by id, with their articles."""
        out: dict[str, tuple[Event, Source]] = {}
        source = Sources()
        for chunk in chunks(list(dict.fromkeys(ids))):
            sql = (
                "SELECT e.id, e.data, a.id AS aid, a.published, a.outlet, a.url, a.title FROM events e "
                f"JOIN articles a ON a.id = e.article_id WHERE e.id IN ({marks(chunk)})"
            )
            for row in self.db.execute(sql, chunk):
                event = self._decode(Event, row["data"])
                out[row["id"]] = (
                    event,
                    source(row["aid"], row["published"], row["outlet"], row["url"], row["title"]),
                )
        return out

    def article_sources(
        self, *, ids: Collection[str] | None = None, until: str | None = None
    ) -> Iterator[Source]:
        """Articles' citation data without their text, by date; only `ids` and up to `until` when given."""
        where, args = ("WHERE (published IS NULL OR published <= ?) ", [until]) if until else ("", [])
        cols = "SELECT id, published, outlet, url, title, rowid FROM articles "
        if ids is None:
            for row in self.db.execute(cols + where + "ORDER BY published IS NULL, published, rowid", args):
                yield Source(*tuple(row)[:5])
            return
        found: list[tuple[str | None, int, Source]] = []
        glue = "AND" if where else "WHERE"
        for chunk in chunks(sorted(set(ids))):
            sql = f"{cols}{where}{glue} id IN ({marks(chunk)})"
            found += [(r[1], r[5], Source(*tuple(r)[:5])) for r in self.db.execute(sql, [*args, *chunk])]
        yield from in_report_order(found, newest_first=False)

    def iter_sourced(
        self,
        kind: str,
        *,
        direct_only: bool = False,
        articles: Collection[str] | None = None,
        issue: str | None = None,
        newest_first: bool = False,
    ) -> Iterator[tuple[Record, Source]]:
        """Records of a fact kind with their article's date, outlet, URL and title (filters in SQL)."""
        table, cls = sourced_table(kind)
        order = "t.rowid" if kind == "event" else "t.id"
        where: list[str] = []
        args: list[Any] = []
        if direct_only and kind == "quote":
            where.append("t.direct = 1")
        if issue is not None and kind == "position":
            where.append("t.issue = ?")
            args.append(issue)
        digested = kind in DIGEST_COLUMNS  # built from its columns, not its JSON
        width = len(DIGEST_COLUMNS[kind]) if digested else 1
        build = digest_reader(self, kind) if digested else None
        select = (
            f"SELECT {digest_select(kind) if digested else 't.data'}, a.id AS aid, a.published, a.outlet, a.url, "
            f"a.title, {order} AS ord FROM {table} t JOIN articles a ON a.id = t.article_id "
        )

        source = Sources()

        def record(row: sqlite3.Row) -> tuple[Record, Source]:
            rec = build(row[:width]) if build is not None else self._decode(cls, row[0])
            return rec, source(row["aid"], row["published"], row["outlet"], row["url"], row["title"])

        if articles is not None and len(articles) <= SCOPE_IN_MAX:
            found: list[tuple[str | None, int, sqlite3.Row]] = []
            for chunk in chunks(sorted(set(articles))):
                sql = select + "WHERE " + " AND ".join([*where, f"t.article_id IN ({marks(chunk)})"])
                found += [(r["published"], r["ord"], r) for r in self.db.execute(sql, [*args, *chunk])]
            for row in in_report_order(found, newest_first):
                yield record(row)
            return
        wanted = set(articles) if articles is not None else None
        date = "a.published DESC" if newest_first else "a.published"
        sql = (
            select
            + (f"WHERE {' AND '.join(where)} " if where else "")
            + f"ORDER BY a.published IS NULL, {date}, {order}"
        )
        for row in self.db.execute(sql, args):
            if wanted is None or row["aid"] in wanted:
                yield record(row)

    def digest_rows(
        self,
        kind: str,
        columns: Sequence[str],
        *,
        articles: Collection[str] | None = None,
        issue: str | None = None,
        ids: Collection[int] | None = None,
    ) -> Iterator[tuple[Any, ...]]:
        """Some digest columns of a digested kind (`id` too), then the article's published, outlet,
        url and title, in `iter_sourced` order; only `articles`, `issue` and `ids` when given."""
        table = sourced_table(kind)[0]
        select = (
            f"SELECT {digest_select(kind, columns)}, a.published, a.outlet, a.url, a.title, t.id "
            f"FROM {table} t JOIN articles a ON a.id = t.article_id "
        )
        where, args = (["t.issue = ?"], [issue]) if issue is not None and kind == "position" else ([], [])
        keys: tuple[str, Collection[Any]] | None = (
            ("t.id", ids) if ids is not None else ("t.article_id", articles) if articles is not None else None
        )
        width = len(columns) + 4
        cursor = self.db.cursor()
        cursor.row_factory = None  # plain tuples: a digest is read for every fact in scope
        if keys is not None and (ids is not None or len(keys[1]) <= SCOPE_IN_MAX):
            found: list[tuple[str | None, int, tuple[Any, ...]]] = []
            for chunk in chunks(sorted(set(keys[1]))):
                sql = select + "WHERE " + " AND ".join([*where, f"{keys[0]} IN ({marks(chunk)})"])
                found += [(r[-5], r[-1], r[:width]) for r in cursor.execute(sql, [*args, *chunk])]
            yield from in_report_order(found, newest_first=False)
            return
        wanted = set(articles) if articles is not None else None
        at = list(columns).index("article_id") if wanted is not None else 0
        sql = (
            select
            + (f"WHERE {' AND '.join(where)} " if where else "")
            + "ORDER BY a.published IS NULL, a.published, t.id"
        )
        for r in cursor.execute(sql, args):
            if wanted is None or r[at] in wanted:
                yield r[:width]

    def articles_mentioning(self, actor_id: str) -> set[str]:
        """Ids of the articles that mention a canonical actor (or an actor merged into it)."""
        ids = merged_ids(self, actor_id)
        sql = f"SELECT DISTINCT article_id FROM mentions WHERE actor_id IN ({marks(ids)})"
        return {r[0] for r in self.db.execute(sql, ids)}

    def record_page(self, kind: str, offset: int, limit: int) -> tuple[int, list[Record]]:
        """How many records of a kind are stored, and one page of them in `iter_records` order."""
        if kind not in JSON_KINDS and kind not in ("article", "mention"):
            return super().record_page(kind, offset, limit)  # type: ignore[misc, no-any-return]
        if kind == "article":
            table, order = "articles", "rowid"
        elif kind == "mention":
            table, order = "mentions", "id"
        else:
            table, order = JSON_KINDS[kind][0], "rowid" if kind in ("event", "story") else "id"
        total = int(self.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
        page: list[Record] = []
        if kind == "article":
            sql = "SELECT id, url, outlet, published, title, language, text, text_sha256 FROM articles"
            rows = self.db.execute(f"{sql} ORDER BY rowid LIMIT ? OFFSET ?", (limit, offset))
            page = [Article(**dict(r)) for r in rows]
        elif kind == "mention":
            sql = 'SELECT article_id, actor_id, text, label, country, sector, start, "end" FROM mentions'
            for row in self.db.execute(f"{sql} ORDER BY id LIMIT ? OFFSET ?", (limit, offset)):
                d = dict(row)
                d["actor_id"] = self.canonical_id(d["actor_id"])
                page.append(Mention(**d))
        else:
            cls = JSON_KINDS[kind][1]
            rows = self.db.execute(
                f"SELECT data FROM {table} ORDER BY {order} LIMIT ? OFFSET ?", (limit, offset)
            )
            page = [self._decode(cls, r["data"]) for r in rows]
        return total, page

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

    # -- reading one thing (the web view) ------------------------------------------------------
    def get_story(self, story_id: str) -> Story | None:
        """One story event by id."""
        row = self.db.execute("SELECT data FROM stories WHERE id = ?", (story_id,)).fetchone()
        return self._decode(Story, row["data"]) if row else None

    def get_actor(self, actor_id: str) -> Actor | None:
        """One canonical actor by id; an id merged into another gives that other."""
        return next(self._iter_actors([self.canonical_id(actor_id) or actor_id]), None)

    def article_facts(self, article_id: str) -> ArticleFacts | None:
        """One stored article with every fact read from it (actor ids canonical), in text order."""
        article = self.get_article(article_id)
        if article is None:
            return None
        mentions = []
        for row in self.db.execute(
            'SELECT article_id, actor_id, text, label, country, sector, start, "end" FROM mentions '
            'WHERE article_id = ? ORDER BY start, "end"',
            (article_id,),
        ):
            d = dict(row)
            d["actor_id"] = self.canonical_id(d["actor_id"])
            mentions.append(Mention(**d))
        found: dict[str, list[Any]] = {}
        for kind in ("event", "role", "quote", "position"):
            table, cls = JSON_KINDS[kind]
            rows = self.db.execute(f"SELECT data FROM {table} WHERE article_id = ?", (article_id,))
            records = [self._decode(cls, r["data"]) for r in rows]
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
        """Facts of a kind held by one canonical actor, newest report first (indexed by actor;
        events by their source and target)."""
        if kind not in ("event", "role", "quote", "position"):
            raise StoreError(f"'{kind}' records have no actor", fix="use event, role, quote or position")
        ids = merged_ids(self, actor_id)
        marks = ",".join("?" * len(ids))
        table, cls = JSON_KINDS[kind]
        if kind == "event":
            where = f"t.source_actor IN ({marks}) OR t.target_actor IN ({marks})"
            args = [*ids, *ids]
        else:
            where, args = f"t.actor_id IN ({marks})", ids
        sql = (
            f"SELECT t.data, a.id AS aid, a.published, a.outlet, a.url, a.title FROM {table} t "
            f"JOIN articles a ON a.id = t.article_id WHERE {where} "
            "ORDER BY a.published IS NULL, a.published DESC, t.rowid"
        )
        out: list[tuple[Record, Source]] = []
        for row in self.db.execute(sql, args):
            rec = self._decode(cls, row["data"])
            held = (
                {r.actor_id for r in (rec.source, rec.target) if r is not None}
                if isinstance(rec, Event)
                else {getattr(rec, "actor_id", None)}
            )
            if actor_id in held:
                src = Source(row["aid"], row["published"], row["outlet"], row["url"], row["title"])
                out.append((rec, src))
        return out
