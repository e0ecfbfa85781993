"""What the web pages show, read from the store through the same library calls as the CLI.

`Reader` opens the store read-only for each request that needs it and keeps the costly views
(the briefing, the story list, the position table, the quote list, record lists) in a small
cache that is dropped whenever the database files change — an ingest in another process is
seen on the next request, and a page never shows a mix of two states.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from detente.config import Settings
from detente.errors import ConfigError, StoreError
from detente.knowledge.changes import Alert
from detente.lexicon.names import fold
from detente.lexicon.taxonomy import Taxonomy, load_taxonomy
from detente.records import Actor, ArticleFacts, Event, Position, Quote, Record, Role, Source, Story
from detente.report.briefing import Briefing, Scope, build_briefing
from detente.report.phrases import story_sentence
from detente.report.render import to_json
from detente.report.views import (
    HeldRole,
    PositionRow,
    QuoteRow,
    Stated,
    held_role,
    paused_gc,
    position_rows,
    quote_list,
    stated,
)
from detente.store import ActorInfo, SearchHit, Store, is_url, open_store

T = TypeVar("T")
log = logging.getLogger("detente.web")
_CACHE_SIZE = 48


def open_read_only(db: str) -> Store:
    """The store at `db`, opened so that it cannot be written (nothing is created or migrated)."""
    return open_store(db, read_only=True)


@dataclass(frozen=True, slots=True)
class Mark:
    """The cited span of an article: text before it, the marked words, text after it."""

    before: str
    marked: str
    after: str
    start: int
    end: int


SHOWN_REPORTS = 12
"""The reports of a stance the position page lists (the rest are one link away, as JSON)."""


class Latest(list[Stated]):
    """A row's history as the position page reads it: its length is every report's, its items
    the latest `SHOWN_REPORTS` (the page lists those and counts the rest)."""

    def __init__(self, total: int, latest: list[Stated]) -> None:
        super().__init__(latest)
        self.total = total

    def __len__(self) -> int:
        return self.total


@dataclass(slots=True)
class ArticleView:
    """An article page: its text split around the marked sentence, and every fact read from it."""

    facts: ArticleFacts
    mark: Mark | None


@dataclass(slots=True)
class StoryView:
    """A story page: the story, each report's event with its article, the status over time."""

    story: Story
    sentence: str
    reports: list[tuple[Event, Source]]
    history: list[tuple[str | None, str, str | None]] = field(default_factory=list)
    """(date reported, status, outlet), oldest report first."""


@dataclass(frozen=True, slots=True)
class RoleSpan:
    """One role an actor is given, over all the reports that give it: first and last report,
    how many, and the newest report's sentence to cite."""

    role: str
    affiliation: str | None
    first: str | None
    last: str | None
    reports: int
    cite: HeldRole


def role_spans(roles: list[HeldRole]) -> list[RoleSpan]:
    """Roles as the same title under the same affiliation, oldest first: an actor given one title
    in 2,000 reports reads as one line with its dates, not 2,000."""
    groups: dict[tuple[str, str | None], list[HeldRole]] = {}
    for r in roles:
        groups.setdefault((fold(r.role), r.affiliation), []).append(r)
    spans = []
    for held in groups.values():
        held.sort(key=lambda r: (r.date or "", r.article_id, r.start))
        dated = [r.date for r in held if r.date]
        newest = held[-1]
        spans.append(
            RoleSpan(
                newest.role,
                newest.affiliation,
                min(dated, default=None),
                max(dated, default=None),
                len(held),
                newest,
            )
        )
    return sorted(spans, key=lambda s: (s.first or "", s.last or "", s.role))


@dataclass(slots=True)
class ActorView:
    """An actor page: the actor, its roles over time, events, quotes and positions."""

    info: ActorInfo
    roles: list[RoleSpan]
    events: list[tuple[Event, Source]]
    quotes: list[tuple[Quote, Source]]
    positions: list[tuple[Position, Source]]


def parse_mark(mark: str | None, length: int) -> tuple[int, int] | None:
    """`START-END` as two offsets inside a text of `length` characters (None when absent)."""
    if not mark:
        return None
    start_s, sep, end_s = mark.partition("-")
    if not sep or not start_s.isdigit() or not end_s.isdigit():
        raise ConfigError(f"mark={mark!r} is not START-END", fix="write it as two offsets, e.g. mark=120-184")
    start, end = int(start_s), int(end_s)
    if not 0 <= start < end <= length:
        raise ConfigError(
            f"mark={mark} is outside the article's {length} characters",
            fix=f"give offsets with 0 <= START < END <= {length}",
        )
    return start, end


def check_date(name: str, value: str | None) -> str | None:
    """A date filter as given (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`), or an error saying how to write it."""
    if not value:
        return None
    padded = value + "-01-01" if len(value) == 4 else value + "-01" if len(value) == 7 else value
    try:
        dt.date.fromisoformat(padded)
    except ValueError:
        raise ConfigError(f"{name}={value!r} is not a date", fix="write it as YYYY-MM-DD") from None
    return value


def in_dates(date: str | None, since: str | None, until: str | None) -> bool:
    """Whether a (possibly partial) date falls in [since, until]; undated things pass no date filter."""
    if not since and not until:
        return True
    if not date:
        return False
    if since and date < since[: len(date)]:
        return False
    return not (until and date[: len(until)] > until)


_SERVER_REFRESH_S = 30


class Reader:
    """Read access to one store for the web app: a fresh read-only store per use, cached views."""

    def __init__(self, db: str | Path, settings: Settings) -> None:
        self.db = str(db)
        self.server = is_url(self.db)
        if not self.server and not Path(self.db).is_file():
            raise StoreError(f"no database at {self.db}", fix="ingest first (detente ingest … --db FILE)")
        self.settings = settings
        self.taxonomy: Taxonomy = load_taxonomy(settings.knowledge)
        self._cache: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self._stamp: tuple[object, ...] = ()
        self._lock = threading.Lock()
        with self.store():  # fails now, not on the first request, when it is no detente store
            pass

    @contextmanager
    def store(self) -> Iterator[Store]:
        """A read-only store for one request."""
        store = open_read_only(self.db)
        try:
            yield store
        finally:
            store.close()

    def stamp(self) -> tuple[object, ...]:
        """What changes with every commit: the sizes and times of an SQLite file and its write-ahead
        log; for a database server, its last run and a clock that refreshes views every 30 s (a
        merge or split of actors makes no run)."""
        if self.server:
            with self.store() as store:
                run = store.last_run()
            return (run.id, run.finished, run.status) if run else (), int(
                time.monotonic() // _SERVER_REFRESH_S
            )
        out: list[int] = []
        for suffix in ("", "-wal"):
            try:
                st = os.stat(self.db + suffix)
            except OSError:
                out += [0, 0]
                continue
            out += [st.st_mtime_ns, st.st_size]
        return tuple(out)

    def cached(self, key: tuple[Any, ...], build: Callable[[Store], T]) -> T:
        """`build(store)` for `key`, kept until the database changes."""
        stamp = self.stamp()
        with self._lock:
            if stamp != self._stamp:
                self._cache.clear()
                self._stamp = stamp
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]  # type: ignore[no-any-return]
        with self.store() as store:
            value = build(store)
        with self._lock:
            self._cache[key] = value
            while len(self._cache) > _CACHE_SIZE:
                self._cache.popitem(last=False)
        return value

    def warm(self) -> None:
        """Build the views the first visitor would otherwise wait for (seconds on a large store)."""
        try:
            self.briefing(Scope())
            self.stories()
            self.positions(None, None)
            self.actors(None)
            self.quotes()
        except Exception:  # a warm-up problem shows again, with its message, on the page's request
            log.exception("warming the web view's caches failed")

    # -- views ------------------------------------------------------------------------------------
    def briefing(self, scope: Scope) -> Briefing:
        """The briefing over `scope`, as `detente brief` writes it."""
        return self.cached(("brief", scope), lambda s: build_briefing(s, self.taxonomy, scope))

    def briefing_json(self, scope: Scope) -> bytes:
        """The briefing over `scope` as the JSON body of `/api/brief`, encoded once per store state."""
        briefing = self.briefing(scope)
        return self.cached(
            ("brief json", scope),
            lambda _: json.dumps(to_json(briefing), ensure_ascii=False, separators=(",", ":")).encode(
                "utf-8"
            ),
        )

    def stories(self) -> list[Story]:
        """Every story event, by date."""
        return self.cached(("stories",), lambda s: list(s.iter_stories()))

    def story_page(self, offset: int, limit: int) -> tuple[int, list[Story], list[str]]:
        """The unfiltered story list: how many, one page by date, every type (read as such)."""
        return self.cached(("story page", offset, limit), lambda s: s.story_page(offset, limit))

    def quote_page(self, offset: int, limit: int) -> tuple[int, list[QuoteRow]]:
        """The unfiltered quote list: how many quotes, and one page of them, newest first."""

        def build(store: Store) -> tuple[int, list[QuoteRow]]:
            return store.counts()["quotes"], quote_list(store, limit=offset + limit)[offset:]

        return self.cached(("quote page", offset, limit), build)

    def story(self, story_id: str) -> StoryView | None:
        """One story with its reports and how its status was reported over time."""

        def build(store: Store) -> StoryView | None:
            story = store.get_story(story_id)
            if story is None:
                return None
            found = store.get_events(story.event_ids)
            reports = sorted(
                (found[e] for e in story.event_ids if e in found),
                key=lambda es: (es[1].published or "", es[1].outlet or ""),
            )
            history: list[tuple[str | None, str, str | None]] = [
                (src.published, e.status, src.outlet) for e, src in reports
            ]
            return StoryView(story, story_sentence(story), reports, history)

        return self.cached(("story", story_id), build)

    def actors(self, query: str | None) -> list[ActorInfo]:
        """Canonical actors, most mentioned first (`detente actors --query`)."""
        return self.cached(("actors", query), lambda s: s.actors(query or None))

    def actor(self, actor_id: str) -> ActorView | None:
        """One actor's page: aliases, roles over time, events, quotes and positions."""

        def build(store: Store) -> ActorView | None:
            actor = store.get_actor(actor_id)
            if actor is None:
                return None
            # the actor's counts and own roles, found by index
            roles = [held_role(r, src) for r, src in _typed(store.sourced_for_actor("role", actor.id), Role)]
            return ActorView(
                store.actor_info(actor.id) or ActorInfo(actor, 0, 0),
                role_spans(roles),
                _typed(store.sourced_for_actor("event", actor.id), Event),
                _typed(store.sourced_for_actor("quote", actor.id), Quote),
                _typed(store.sourced_for_actor("position", actor.id), Position),
            )

        return self.cached(("actor", actor_id), build)

    def positions(self, issue: str | None, party: str | None) -> list[PositionRow]:
        """The party × issue rows of `detente positions`, each row's history as the page shows
        it: how many reports, and the latest `SHOWN_REPORTS` of them (only those are read)."""

        def build(store: Store) -> list[PositionRow]:
            with paused_gc():
                rows = position_rows(store, self.taxonomy, issue=issue or None, party=party or None)
                found = stated(store, [d for _, items in rows for d in items[-SHOWN_REPORTS:]])
                for row, items in rows:
                    row.history = Latest(len(items), [found[d.id] for d in items[-SHOWN_REPORTS:]])
                return [row for row, _ in rows]

        return self.cached(("positions", issue, party), build)

    def quotes(
        self,
        speaker: str | None = None,
        issue: str | None = None,
        since: str | None = None,
        until: str | None = None,
        search: str | None = None,
        direct_only: bool = False,
    ) -> list[QuoteRow]:
        """Quotes newest first (`detente quotes`), also by the issue they are about and by date."""
        rows = self.cached(
            ("quotes", speaker, search, direct_only),
            lambda s: quote_list(s, speaker=speaker or None, search=search or None, direct_only=direct_only),
        )
        out = []
        for r in rows:
            if not in_dates(r.date, since, until):
                continue
            if issue:
                found = self.taxonomy.issue_of(r.text)
                if found is None or found.slug != issue:
                    continue
            out.append(r)
        return out

    def alerts(self, since: str | None, kinds: tuple[str, ...]) -> list[Alert]:
        """Alerts stored by `detente watch`, newest first."""
        with self.store() as store:
            return list(reversed(store.alerts(since=since, kinds=kinds)))

    def search(self, query: str, limit: int) -> list[SearchHit]:
        """Full-text search with snippets (`detente search`)."""
        with self.store() as store:
            return store.search(query, limit)

    def article(self, article_id: str, mark: str | None) -> ArticleView | None:
        """An article with its facts, its text split around `mark` (START-END)."""
        with self.store() as store:
            facts = store.article_facts(article_id)
        if facts is None:
            return None
        text = facts.article.text
        span = parse_mark(mark, len(text))
        cut = Mark(text[: span[0]], text[span[0] : span[1]], text[span[1] :], *span) if span else None
        return ArticleView(facts, cut)

    def records(self, kind: str) -> list[tuple[Record, Source | None]]:
        """Every record of a contract kind in export order, with its article where it has one (for `/api`)."""

        def build(store: Store) -> list[tuple[Record, Source | None]]:
            sources = {s.article_id: s for s in store.article_sources()}
            return [
                (r, sources.get(str(getattr(r, "article_id", None) or getattr(r, "id", ""))))
                for r in store.iter_records(kind)
            ]

        return self.cached(("records", kind), build)

    def record_page(self, kind: str, offset: int, limit: int) -> tuple[int, list[Record]]:
        """How many records of a kind are stored and one page of them, in export order, read by
        the store (the unfiltered `/api/{kind}`: no need to read every record for one page)."""
        return self.cached(("page", kind, offset, limit), lambda s: s.record_page(kind, offset, limit))

    def find_actor(self, name_or_id: str) -> str:
        """The canonical actor id for an id, name or alias (StoreError when unknown)."""
        return self.cached(("find", name_or_id), lambda s: s.find_actor(name_or_id))


def _typed(items: list[tuple[Record, Source]], cls: type[T]) -> list[tuple[T, Source]]:
    return [(r, s) for r, s in items if isinstance(r, cls)]


def actor_of(record: Record) -> set[str]:
    """The canonical actor ids a record is about (for the `actor` filter of `/api`)."""
    if isinstance(record, Event):
        return {r.actor_id for r in (record.source, record.target) if r is not None and r.actor_id}
    if isinstance(record, Story):
        return {r.actor_id for r in record.parties if r.actor_id}
    if isinstance(record, Actor):
        return {record.id}
    found = getattr(record, "actor_id", None)
    return {found} if found else set()


def text_of(record: Record) -> str:
    """The words a record's `q` filter looks in."""
    if isinstance(record, Quote):
        return fold(f"{record.speaker or ''} {record.text}")
    if isinstance(record, Role):
        return fold(f"{record.person} {record.role} {record.evidence}")
    if isinstance(record, Actor):
        return fold(" ".join((record.name, *record.aliases)))
    if isinstance(record, Story):
        return fold(story_sentence(record))
    evidence = (
        getattr(record, "evidence", None) or getattr(record, "text", None) or getattr(record, "reason", "")
    )
    return fold(str(evidence))
