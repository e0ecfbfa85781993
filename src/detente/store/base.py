"""The Store interface: what every backend (SQLite now, PostgreSQL later) must provide.

Only modules under `detente.store` speak SQL. The ingest runner is the one writer; readers
(export, stats, search, reports) only read.
"""

from __future__ import annotations

import dataclasses
import json
from abc import ABC, abstractmethod
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from types import TracebackType, UnionType
from typing import TYPE_CHECKING, Any, Literal, Protocol, TypeVar, Union, get_args, get_origin

from detente.errors import StoreError
from detente.records import (
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
from detente.records import _fields as record_fields

if TYPE_CHECKING:  # detente watch's records; the store imports nothing of the watch at run time
    from detente.knowledge.changes import Alert, Related
    from detente.watch.state import FeedState

T = TypeVar("T")
R = TypeVar("R", bound=Record)

JSON_KINDS: dict[str, tuple[str, type[Record]]] = {
    "event": ("events", Event),
    "role": ("roles", Role),
    "quote": ("quotes", Quote),
    "position": ("positions", Position),
    "story": ("stories", Story),
}
"""The kinds stored as JSON, each with its table and record class (the same in every backend)."""


def sourced_table(kind: str) -> tuple[str, type[Record]]:
    """The table and class of a kind read with its one source article; a clear error otherwise."""
    if kind not in JSON_KINDS or kind == "story":
        raise StoreError(
            f"'{kind}' records have no single source article", fix="use event, role, quote or position"
        )
    return JSON_KINDS[kind]


Outcome = Literal["added", "replaced", "reextracted", "unchanged"]


@dataclass(frozen=True, slots=True)
class Incoming:
    """Facts for one article with where the article was read from."""

    facts: ArticleFacts
    source: str | None = None
    line: int | None = None
    extractor: str | None = None
    """The extractor version that made `facts`; None when the article was only seen again, not parsed."""
    failed: bool = False
    """True when extraction failed: the article is kept and retried on the next ingest."""


@dataclass(frozen=True, slots=True)
class ArticleState:
    """What the store holds of one article: its text hash and how its facts were made."""

    text_sha256: str
    extractor: str | None
    failed: bool


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One article found by full-text search, with a highlighted snippet."""

    article_id: str
    title: str | None
    outlet: str | None
    published: str | None
    snippet: str


@dataclass(frozen=True, slots=True)
class RunInfo:
    """One row of the run log."""

    id: int
    command: str
    started: str
    finished: str | None
    extractor_version: str
    model: str | None
    added: int
    replaced: int
    unchanged: int
    failed: int
    seconds: float | None
    status: str = "finished"
    pid: int | None = None
    reextracted: int = 0


@dataclass(frozen=True, slots=True)
class ActorInfo:
    """A canonical actor with how often the store mentions it."""

    actor: Actor
    mentions: int
    articles: int


class Store(ABC):
    """Persistent, idempotent storage of articles, extracted records, failures and runs."""

    # -- lifecycle -------------------------------------------------------------------------
    @abstractmethod
    def close(self) -> None:
        """Release the connection."""

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- runs ------------------------------------------------------------------------------
    @abstractmethod
    def begin_run(self, command: str, extractor_version: str, model: str | None) -> int:
        """Open a run in the run log and return its id."""

    @abstractmethod
    def finish_run(self, summary: RunSummary, status: str = "finished") -> None:
        """Close a run with its counts and how it ended (`finished` or `interrupted`)."""

    @abstractmethod
    def last_run(self) -> RunInfo | None:
        """The most recent run, or None for a new store."""

    # -- writing ---------------------------------------------------------------------------
    @abstractmethod
    def article_hashes(self, ids: Sequence[str]) -> dict[str, str]:
        """`text_sha256` of the stored articles among `ids` (to skip unchanged ones early)."""

    @abstractmethod
    def article_states(self, ids: Sequence[str]) -> dict[str, ArticleState]:
        """Text hash, extractor version and failure flag of the stored articles among `ids`."""

    @abstractmethod
    def iter_articles(self, batch: int = 200) -> Iterator[list[Article]]:
        """Every stored article, in batches, in storage order (to re-extract them)."""

    @abstractmethod
    def save(self, batch: Sequence[Incoming], run_id: int) -> list[Outcome]:
        """Store a batch of articles with their facts, in one transaction.

        Same id and text: nothing changes ("unchanged"). Same id, new text: the article is
        replaced, its old records dropped, and the change logged ("replaced").
        """

    @abstractmethod
    def record_failures(self, failures: Iterable[Failure], run_id: int) -> None:
        """Store failures; the same source, line and reason is one row however often seen."""

    @abstractmethod
    def pending_story_keys(self) -> set[str]:
        """Story keys whose events changed since their stories were last rebuilt.

        Kept in the store with the events (same transaction), so a run killed before it rebuilt
        its stories leaves them pending for the next run; `update_stories` clears what it rebuilds.
        """

    @abstractmethod
    def update_stories(self, keys: Iterable[str] | None = None) -> int:
        """Rebuild the story events of `keys` (all when None); returns how many there are now."""

    @abstractmethod
    def merge_actors(self, keep: str, other: str) -> str:
        """Make two actors (ids or names) one, for good; returns the kept id."""

    @abstractmethod
    def split_actor(self, actor: str, alias: str) -> str:
        """Make an alias of an actor an actor of its own, for good; returns its id."""

    def redirects(self) -> dict[str, str]:
        """Actor id → the canonical actor id it stands for (backends keep the merges)."""
        return {}

    def override(self, actor_id: str | None, text: str) -> str | None:
        """The actor a mention by `text` of `actor_id` belongs to after the user's splits."""
        return actor_id

    def _has_overrides(self) -> bool:
        return False

    @abstractmethod
    def canonical_id(self, actor_id: str | None) -> str | None:
        """The id an actor id stands for after merges."""

    @abstractmethod
    def find_actor(self, name_or_id: str) -> str:
        """The canonical id for an actor id, name or alias."""

    # -- reading ---------------------------------------------------------------------------
    @abstractmethod
    def get_events(self, ids: Iterable[str]) -> dict[str, tuple[Event, Source]]:
        """Events by id, with the article each came from."""

    @abstractmethod
    def article_sources(
        self, *, ids: Collection[str] | None = None, until: str | None = None
    ) -> Iterator[Source]:
        """Every stored article's citation data (no text), by publication date; only those among
        `ids` when given, and none published after `until` (undated ones stay)."""

    @abstractmethod
    def iter_stories(self, *, articles: Collection[str] | None = None) -> Iterator[Story]:
        """Stored story events by date; only those some article of `articles` reports, when given."""

    def story_page(self, offset: int, limit: int) -> tuple[int, list[Story], list[str]]:
        """How many story events are stored, `limit` of them from `offset` in date order, and every
        story type there is (the unfiltered story list: one page read, not every story)."""
        every = list(self.iter_stories())
        return len(every), every[offset : offset + limit], sorted({s.type for s in every})

    @abstractmethod
    def get_article(self, article_id: str) -> Article | None:
        """One stored article."""

    @abstractmethod
    def iter_records(self, kind: str) -> Iterator[Record]:
        """Every stored record of a contract kind, as the contract's records."""

    @abstractmethod
    def iter_sourced(
        self,
        kind: str,
        *,
        direct_only: bool = False,
        articles: Collection[str] | None = None,
        issue: str | None = None,
        newest_first: bool = False,
    ) -> Iterator[tuple[Record, Source]]:
        """Records of a fact kind (event, role, quote, position) with the article each came from,
        oldest report first (`newest_first`: newest first, undated last; ties in storage order).

        Filters run in the database: `direct_only` (direct quotes), `articles` (only facts of
        these articles), `issue` (positions on this issue)."""

    @abstractmethod
    def digest_rows(
        self, kind: str, columns: Sequence[str], *, articles: Collection[str] | None = None,
        issue: str | None = None, ids: Collection[int] | None = None,
    ) -> Iterator[tuple[Any, ...]]:  # fmt: skip
        """Digest columns of positions, roles or quotes (`store.digests`), then the article's
        published, outlet, url and title, in `iter_sourced` order; filtered by the keywords."""

    @abstractmethod
    def counts(self) -> dict[str, int]:
        """How many articles, actors, records of each kind and open failures are stored."""

    @abstractmethod
    def failures(self, include_resolved: bool = False) -> list[Failure]:
        """Stored failures, newest first; resolved ones (the input later read fine) on request."""

    @abstractmethod
    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Full-text search over stored articles, best matches first."""

    @abstractmethod
    def actors(self, query: str | None = None, limit: int | None = None) -> list[ActorInfo]:
        """Canonical actors, most mentioned first; `query` filters by name or alias."""

    @abstractmethod
    def actor_info(self, actor_id: str) -> ActorInfo | None:
        """One canonical actor with its mention and article counts (None when not stored)."""

    def articles_mentioning(self, actor_id: str) -> set[str]:
        """Ids of the articles that mention a canonical actor (or an actor merged into it)."""
        return {
            m.article_id
            for m in self.iter_records("mention")
            if isinstance(m, Mention) and self.canonical_id(m.actor_id) == actor_id
        }

    def record_page(self, kind: str, offset: int, limit: int) -> tuple[int, list[Record]]:
        """How many records of a contract kind are stored, and `limit` of them from `offset` in
        `iter_records` order (the unfiltered `/api/{kind}`)."""
        total, page = 0, []
        for rec in self.iter_records(kind):
            if offset <= total < offset + limit:
                page.append(rec)
            total += 1
        return total, page

    # -- reading one thing (the web view); defaults over the methods above, backends may do better --
    def get_story(self, story_id: str) -> Story | None:
        """One story event by id."""
        return next((s for s in self.iter_stories() if s.id == story_id), None)

    def get_actor(self, actor_id: str) -> Actor | None:
        """One canonical actor by id; an id merged into another gives that other."""
        wanted = self.canonical_id(actor_id)
        return next((a for a in self.iter_records("actor") if isinstance(a, Actor) and a.id == wanted), None)

    def article_facts(self, article_id: str) -> ArticleFacts | None:
        """One stored article with every fact read from it (actor ids canonical), in text order."""
        article = self.get_article(article_id)
        if article is None:
            return None
        found: dict[str, list[Any]] = {}
        for kind in ("mention", "event", "role", "quote", "position"):
            found[kind] = sorted(
                (r for r in self.iter_records(kind) if getattr(r, "article_id", None) == article_id),
                key=lambda r: (r.start, r.end),
            )
        ids = {m.actor_id for m in found["mention"] if isinstance(m, Mention)}
        actors = tuple(a for a in self.iter_records("actor") if isinstance(a, Actor) and a.id in ids)
        return ArticleFacts(
            article,
            actors,
            tuple(found["mention"]),
            tuple(found["event"]),
            tuple(found["role"]),
            tuple(found["quote"]),
            tuple(found["position"]),
        )

    def sourced_for_actor(self, kind: str, actor_id: str) -> list[tuple[Record, Source]]:
        """Facts of a kind held by one canonical actor, newest report first: the actor of a role,
        quote or position, the source or target of an event."""
        out = []
        for rec, src in self.iter_sourced(kind):
            if isinstance(rec, Event):
                held = {ref.actor_id for ref in (rec.source, rec.target) if ref is not None}
            elif isinstance(rec, Role | Quote | Position):
                held = {rec.actor_id}
            else:
                held = set()
            if actor_id in held:
                out.append((rec, src))
        out.sort(key=lambda rs: rs[1].published or "", reverse=True)
        return out

    # -- watching feeds (detente watch) -----------------------------------------------------
    @abstractmethod
    def add_feeds(self, urls: Iterable[str]) -> int:
        """Add feeds (or pages) to the watched list; returns how many were new to it."""

    @abstractmethod
    def forget_feeds(self, urls: Iterable[str]) -> int:
        """Take feeds off the watched list (their seen entries and alerts stay); returns how many."""

    @abstractmethod
    def feeds(self) -> list[FeedState]:
        """Every watched feed with its state, in the order they were added."""

    @abstractmethod
    def update_feeds(self, states: Sequence[FeedState]) -> None:
        """Write the state of watched feeds (validators, times, errors, next try), in one transaction."""

    @abstractmethod
    def seen_entries(self, keys: Iterable[str]) -> set[str]:
        """Which of these entry keys (`guid:…`, `link:…`, `id:…`) were already ingested by a watch."""

    @abstractmethod
    def related_facts(self, article_ids: Sequence[str]) -> Related:
        """Every stored fact these articles touch: the events of their story keys, the positions
        of their parties on their issues, the roles of their people (actor ids canonical)."""

    @abstractmethod
    def commit_watch(
        self,
        state: FeedState,
        seen: Iterable[tuple[str, str | None]],
        alerts: Sequence[Alert],
        sinks: Sequence[str],
    ) -> None:
        """In one transaction: a feed's state, its newly ingested entries (key, article id), the
        alerts they raised, and one unsent flag per alert for each of `sinks`."""

    @abstractmethod
    def unsent_alerts(self, sink: str) -> list[Alert]:
        """The alerts not yet delivered to `sink`, oldest first."""

    @abstractmethod
    def mark_sent(self, sink: str, alert_ids: Iterable[str], error: str | None = None) -> None:
        """Record a delivery to `sink`: sent, or (with `error`) one more failed try."""

    @abstractmethod
    def alerts(self, since: str | None = None, kinds: Sequence[str] = ()) -> list[Alert]:
        """Stored alerts found at or after `since` (an ISO date or time), of `kinds` (all when empty), oldest first."""


def merged_ids(store: Canonical, actor_id: str) -> list[str]:
    """A canonical actor id and every id that stands for it (redirects), for `IN` lists."""
    return [actor_id, *(f for f, t in store.redirects().items() if t == actor_id)]


def in_report_order(rows: list[tuple[str | None, int, T]], newest_first: bool) -> list[T]:
    """Facts merged from several queries, as one query orders them: by the publication date of
    their article (oldest first, or newest first), undated last, storage order within a date.
    `rows` are (published, storage order, fact)."""
    rows.sort(key=lambda r: r[1])
    rows.sort(key=lambda r: r[0] or "", reverse=newest_first)  # stable: storage order kept within a date
    rows.sort(key=lambda r: r[0] is None)
    return [r[2] for r in rows]


def event_parties(event: Event) -> tuple[str | None, str | None]:
    """The stored actor ids of an event's source and target (columns, so an actor's events are found by index)."""
    return (
        event.source.actor_id if event.source is not None else None,
        event.target.actor_id if event.target is not None else None,
    )


def story_article_rows(stories: Iterable[tuple[str, Story]]) -> list[tuple[str, str, str]]:
    """(story id, article id, story key) for each article reporting each (key, story): the rows
    that let a read scoped to some articles find their stories without reading every story."""
    return [(story.id, aid, key) for key, story in stories for aid in dict.fromkeys(story.article_ids)]


class Sources:
    """One `Source` per article for the rows of one read: rows of one article share it (a
    Source is immutable), so it is made once, not once per fact."""

    def __init__(self) -> None:
        self.made: dict[str, Source] = {}

    def __call__(
        self, article_id: str, published: str | None, outlet: str | None, url: str | None, title: str | None
    ) -> Source:
        """The Source of an article, made the first time it is asked for."""
        found = self.made.get(article_id)
        if found is None:
            found = self.made[article_id] = Source(article_id, published, outlet, url, title)
        return found


SCOPE_IN_MAX = 5000
"""A scope of up to this many articles is read with `IN` lists; a larger one is scanned and filtered."""


class Canonical(Protocol):
    """What turning stored actor ids canonical needs of a backend (its redirects and overrides)."""

    def redirects(self) -> dict[str, str]: ...  # noqa: D102

    def canonical_id(self, actor_id: str | None) -> str | None: ...  # noqa: D102

    def override(self, actor_id: str | None, text: str) -> str | None: ...  # noqa: D102

    def _has_overrides(self) -> bool: ...


def canonical_refs(store: Canonical, data: dict[str, Any]) -> dict[str, Any]:
    """A stored record's JSON with its actor ids made canonical: merges and splits made since it
    was stored (redirects, the user's overrides of an alias) apply to every record read back."""
    if not store.redirects() and not store._has_overrides():
        return data
    if "actor_id" in data:
        data["actor_id"] = store.canonical_id(data["actor_id"])
    for key in ("source", "target"):
        ref = data.get(key)
        if isinstance(ref, dict):
            ref["actor_id"] = store.canonical_id(store.override(ref.get("actor_id"), ref.get("name") or ""))
    for ref in data.get("parties") or ():
        ref["actor_id"] = store.canonical_id(ref.get("actor_id"))
    return data


_PLANS: dict[type, tuple[tuple[str, Any], ...]] = {}


def _plan(cls: type) -> tuple[tuple[str, Any], ...]:
    """The fields of a record class whose JSON needs converting, each with its converter."""
    plan = _PLANS.get(cls)
    if plan is None:
        found = ((name, _converter(hint)) for name, hint in record_fields(cls))
        plan = _PLANS[cls] = tuple((n, c) for n, c in found if c is not None)
    return plan


def _converter(hint: Any) -> Any:
    """How JSON becomes a field of type `hint` (None: as it is): the record contract's rules
    (`Record.from_record`), with a nested record built straight from its object."""
    origin = get_origin(hint)
    if origin in (Union, UnionType):
        inner = [a for a in get_args(hint) if a is not type(None)]
        return _converter(inner[0]) if len(inner) == 1 else None
    if origin is tuple:
        item = _converter(get_args(hint)[0])
        return (lambda v: tuple(item(x) for x in v)) if item is not None else tuple
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return partial(_nested, hint)
    return None


def _nested(cls: type, value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    for name, convert in _plan(cls):
        found = value.get(name)
        if found is not None:
            value[name] = convert(found)
    try:
        return cls(**value)
    except TypeError:  # a key this version does not know: left out, as from_record does
        known = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in value.items() if k in known})


def record_from(cls: type[R], data: dict[str, Any]) -> R:
    """`cls.from_record(data)`, faster: only the fields that need it are converted (nested refs,
    tuples), the rest passed as they are — reading records back is the hot path of every report.
    A record of another version (a field this one lacks) goes through `from_record`."""
    data.pop("kind", None)
    for name, convert in _plan(cls):
        value = data.get(name)
        if value is not None:
            data[name] = convert(value)
    try:
        return cls(**data)
    except TypeError:
        return cls.from_record(data)


def decode(store: Canonical, cls: type[R], text: str) -> R:
    """A record of `cls` from its stored JSON, actor ids canonical."""
    return record_from(cls, canonical_refs(store, json.loads(text)))
