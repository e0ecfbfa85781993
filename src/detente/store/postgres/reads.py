"""Reading the PostgreSQL store: records, facts with their articles, counts, failures and
full-text search (a mixin of PostgresStore; the same answers as the SQLite store's)."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from typing import Any

import psycopg

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
    SearchHit,
    Sources,
    canonical_refs,
    decode,
    merged_ids,
    sourced_table,
)
from detente.store.digests import DIGEST_COLUMNS, digest_reader, digest_select

_SEARCH_CHARS = 200_000
"""Characters of an article indexed for search (a tsvector holds at most 1 MB)."""
ARTICLE_COLUMNS = "id, url, outlet, published, title, language, text, text_sha256"


class ReadTables:
    """What the PostgreSQL store answers (mixed into PostgresStore)."""

    _canonical_refs = canonical_refs
    _decode = decode

    db: psycopg.Connection[tuple[Any, ...]]
    _stream: Callable[..., Iterator[tuple[Any, ...]]]
    iter_articles: Callable[[int], Iterator[list[Article]]]
    redirects: Callable[[], dict[str, str]]
    canonical_id: Callable[[str | None], str | None]
    override: Callable[[str | None, str], str | None]
    _has_overrides: Callable[[], bool]
    _iter_actors: Callable[..., Iterator[Actor]]

    # -- records --------------------------------------------------------------------------------
    def get_article(self, article_id: str) -> Article | None:
        """One stored article."""
        row = self.db.execute(
            f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = %s", (article_id,)
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
            table, cls = JSON_KINDS[kind]
            order = "seq" if kind in ("event", "story") else "id"
            for (data,) in self._stream(f"SELECT data FROM {table} ORDER BY {order}"):
                yield self._decode(cls, data)

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
        source = Sources()
        for event_id, data, *src in rows:
            out[event_id] = (self._decode(Event, data), source(*src))
        return out

    def article_sources(
        self, *, ids: Collection[str] | None = None, until: str | None = None
    ) -> Iterator[Source]:
        """Articles' citation data without their text, by date; only `ids` and up to `until` when given."""
        where: list[str] = []
        args: list[Any] = []
        if until:
            where.append("(published IS NULL OR published <= %s)")
            args.append(until)
        if ids is not None:
            where.append("id = ANY(%s)")
            args.append(sorted(set(ids)))
        sql = (
            "SELECT id, published, outlet, url, title FROM articles "
            + (f"WHERE {' AND '.join(where)} " if where else "")
            + "ORDER BY published IS NULL, published, rowid"
        )
        for row in self._stream(sql, args):
            yield Source(*row)

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
        order = "t.seq" if kind == "event" else "t.id"
        where, args = _scoped(kind, articles, issue)
        if direct_only and kind == "quote":
            where.append("t.direct")
        date = "a.published DESC" if newest_first else "a.published"
        digested = kind in DIGEST_COLUMNS  # built from its columns, not its JSON
        width = len(DIGEST_COLUMNS[kind]) if digested else 1
        build = digest_reader(self, kind) if digested else None
        sql = (
            f"SELECT {digest_select(kind) if digested else 't.data'}, a.id, a.published, a.outlet, a.url, "
            f"a.title FROM {table} t JOIN articles a ON a.id = t.article_id "
            + (f"WHERE {' AND '.join(where)} " if where else "")
            + f"ORDER BY a.published IS NULL, {date}, {order}"
        )
        source = Sources()
        for row in self._stream(sql, args):
            rec = build(row[:width]) if build is not None else self._decode(cls, row[0])
            yield rec, source(*row[width:])

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
        where, args = _scoped(kind, articles, issue)
        if ids is not None:
            where.append("t.id = ANY(%s)")
            args.append(sorted(set(ids)))
        sql = (
            f"SELECT {digest_select(kind, columns)}, a.published, a.outlet, a.url, a.title "
            f"FROM {table} t JOIN articles a ON a.id = t.article_id "
            + (f"WHERE {' AND '.join(where)} " if where else "")
            + "ORDER BY a.published IS NULL, a.published, t.id"
        )
        yield from self._stream(sql, args)

    def articles_mentioning(self, actor_id: str) -> set[str]:
        """Ids of the articles that mention a canonical actor (or an actor merged into it)."""
        ids = merged_ids(self, actor_id)
        rows = self.db.execute("SELECT DISTINCT article_id FROM mentions WHERE actor_id = ANY(%s)", (ids,))
        return {r[0] for r in rows}

    def record_page(self, kind: str, offset: int, limit: int) -> tuple[int, list[Record]]:
        """How many records of a kind are stored, and one page of them in `iter_records` order."""
        if kind not in JSON_KINDS and kind not in ("article", "mention"):
            return super().record_page(kind, offset, limit)  # type: ignore[misc, no-any-return]
        table = {"article": "articles", "mention": "mentions"}.get(kind) or JSON_KINDS[kind][0]
        row = self.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()
        total = int(row[0]) if row else 0
        page: list[Record] = []
        if kind == "article":
            rows = self.db.execute(
                f"SELECT {ARTICLE_COLUMNS} FROM articles ORDER BY rowid LIMIT %s OFFSET %s", (limit, offset)
            )
            page = [Article(*r) for r in rows]
        elif kind == "mention":
            rows = self.db.execute(
                'SELECT article_id, actor_id, text, label, country, sector, start, "end" FROM mentions '
                "ORDER BY id LIMIT %s OFFSET %s",
                (limit, offset),
            )
            page = [Mention(r[0], self.canonical_id(r[1]) or r[1], *r[2:]) for r in rows]
        else:
            cls = JSON_KINDS[kind][1]
            order = "seq" if kind in ("event", "story") else "id"
            rows = self.db.execute(
                f"SELECT data FROM {table} ORDER BY {order} LIMIT %s OFFSET %s", (limit, offset)
            )
            page = [self._decode(cls, r[0]) for r in rows]
        return total, page

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
        return self._decode(Story, row[0]) if row else None

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
            table, cls = JSON_KINDS[kind]
            order = "seq" if kind == "event" else "id"
            rows = self.db.execute(
                f"SELECT data FROM {table} WHERE article_id = %s ORDER BY {order}", (article_id,)
            )
            records = [self._decode(cls, r[0]) for r in rows]
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
        ids = merged_ids(self, actor_id)
        table, cls = JSON_KINDS[kind]
        if kind == "event":
            where = "t.source_actor = ANY(%s) OR t.target_actor = ANY(%s)"
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
            rec = self._decode(cls, data)
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


def _scoped(kind: str, articles: Collection[str] | None, issue: str | None) -> tuple[list[str], list[Any]]:
    """The WHERE terms, and their arguments, of a fact read kept to some articles or an issue."""
    where: list[str] = []
    args: list[Any] = []
    if issue is not None and kind == "position":
        where.append("t.issue = %s")
        args.append(issue)
    if articles is not None:
        where.append("t.article_id = ANY(%s)")
        args.append(sorted(set(articles)))
    return where, args
