"""The Store interface: what every backend (SQLite now, PostgreSQL later) must provide.

Only modules under `detente.store` speak SQL. The ingest runner is the one writer; readers
(export, stats, search, reports) only read.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Literal

from detente.records import Actor, Article, ArticleFacts, Event, Failure, Record, RunSummary, Source, Story

Outcome = Literal["added", "replaced", "unchanged"]


@dataclass(frozen=True, slots=True)
class Incoming:
    """Facts for one article with where the article was read from."""

    facts: ArticleFacts
    source: str | None = None
    line: int | None = None


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
    def finish_run(self, summary: RunSummary) -> None:
        """Close a run with its counts."""

    @abstractmethod
    def last_run(self) -> RunInfo | None:
        """The most recent run, or None for a new store."""

    # -- writing ---------------------------------------------------------------------------
    @abstractmethod
    def article_hashes(self, ids: Sequence[str]) -> dict[str, str]:
        """`text_sha256` of the stored articles among `ids` (to skip unchanged ones early)."""

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
    def touched_story_keys(self) -> set[str]:
        """Story keys whose events changed since the last call (and forget them)."""

    @abstractmethod
    def update_stories(self, keys: Iterable[str] | None = None) -> int:
        """Rebuild the story events of `keys` (all when None); returns how many there are now."""

    @abstractmethod
    def merge_actors(self, keep: str, other: str) -> str:
        """Make two actors (ids or names) one, for good; returns the kept id."""

    @abstractmethod
    def split_actor(self, actor: str, alias: str) -> str:
        """Make an alias of an actor an actor of its own, for good; returns its id."""

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
    def article_sources(self) -> Iterator[Source]:
        """Every stored article's citation data (no text), by publication date."""

    @abstractmethod
    def iter_stories(self) -> Iterator[Story]:
        """Stored story events by date."""

    @abstractmethod
    def get_article(self, article_id: str) -> Article | None:
        """One stored article."""

    @abstractmethod
    def iter_records(self, kind: str) -> Iterator[Record]:
        """Every stored record of a contract kind, as the contract's records."""

    @abstractmethod
    def iter_sourced(self, kind: str, *, direct_only: bool = False) -> Iterator[tuple[Record, Source]]:
        """Records of a fact kind (event, role, quote, position) with the article each came from
        (`direct_only`: only direct quotes)."""

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
