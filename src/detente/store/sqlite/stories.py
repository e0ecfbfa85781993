"""Story events in the SQLite store, kept current incrementally.

Every saved event carries its story key; a batch that adds or replaces articles marks the keys
it touched, and only the stories of those keys are rebuilt from their events — new reports
update the knowledge without recomputing the world.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Collection, Iterable, Iterator
from typing import Any

from detente.knowledge.stories import stories_for, story_key
from detente.records import Event, Source, Story
from detente.store.base import SCOPE_IN_MAX, event_parties, story_article_rows
from detente.store.sqlite.sql import atomic, chunks, marks


class StoryTables:
    """The story half of the SQLite store (mixed into SQLiteStore)."""

    db: sqlite3.Connection
    _decode: Callable[[type[Any], str], Any]

    def _event_rows(self, events: Iterable[Event]) -> list[tuple[Any, ...]]:
        rows = []
        for e in events:
            key = story_key(e)
            rows.append((e.id, e.article_id, e.type, e.status, e.date, key, _dump(e), *event_parties(e)))
        self._mark_pending({r[5] for r in rows})
        return rows

    def _mark_pending(self, keys: Iterable[str]) -> None:
        self.db.executemany("INSERT OR IGNORE INTO pending_story_keys (key) VALUES (?)", [(k,) for k in keys])

    def _forget_events_of(self, article_id: str) -> None:
        """Before an article's events are replaced: their stories must be rebuilt too."""
        rows = self.db.execute("SELECT DISTINCT story_key FROM events WHERE article_id = ?", (article_id,))
        self._mark_pending(row[0] for row in rows.fetchall() if row[0])

    def pending_story_keys(self) -> set[str]:
        """Story keys whose stories wait to be rebuilt (kept in the store until `update_stories`)."""
        return {r[0] for r in self.db.execute("SELECT key FROM pending_story_keys")}

    def all_story_keys(self) -> set[str]:
        """Every story key of the stored events (for a full rebuild)."""
        return {
            r[0] for r in self.db.execute("SELECT DISTINCT story_key FROM events WHERE story_key IS NOT NULL")
        }

    def events_for_story_keys(self, keys: Iterable[str]) -> dict[str, list[tuple[Event, Source]]]:
        """The events of these story keys, with their articles, grouped by key."""
        out: dict[str, list[tuple[Event, Source]]] = {}
        for chunk in chunks(list(keys)):
            for row in self.db.execute(
                "SELECT e.story_key, e.data, a.id AS aid, a.published, a.outlet, a.url, a.title FROM events e "
                f"JOIN articles a ON a.id = e.article_id WHERE e.story_key IN ({marks(chunk)})",
                chunk,
            ):
                event = self._decode(Event, row["data"])
                out.setdefault(row["story_key"], []).append(
                    (event, Source(row["aid"], row["published"], row["outlet"], row["url"], row["title"]))
                )
        return out

    def update_stories(self, keys: Iterable[str] | None = None) -> int:
        """Rebuild the stories of `keys` (all when None) from their events; returns how many there are now."""
        everything = keys is None
        keys = set(self.all_story_keys() if keys is None else keys)
        if not keys and not everything:
            return 0
        grouped = self.events_for_story_keys(keys)
        rows: list[tuple[str, str, str | None, str, str]] = []
        built: list[tuple[str, Story]] = []
        for key in keys:
            for story in stories_for(key, grouped.get(key, [])):
                rows.append((story.id, story.type, story.date, key, _dump(story)))
                built.append((key, story))
        with atomic(self.db):
            if everything:  # stories of keys no event has any more go too
                self.db.execute("DELETE FROM stories")
                self.db.execute("DELETE FROM story_articles")
                self.db.execute("DELETE FROM pending_story_keys")
            for chunk in chunks(sorted(keys)):
                self.db.execute(f"DELETE FROM stories WHERE key IN ({marks(chunk)})", chunk)
                self.db.execute(f"DELETE FROM story_articles WHERE key IN ({marks(chunk)})", chunk)
                self.db.execute(f"DELETE FROM pending_story_keys WHERE key IN ({marks(chunk)})", chunk)
            for chunk in chunks(sorted({r[0] for r in rows})):  # an id that moved from another key
                self.db.execute(f"DELETE FROM story_articles WHERE story_id IN ({marks(chunk)})", chunk)
            self.db.executemany(
                "INSERT OR REPLACE INTO stories (id, type, date, key, data) VALUES (?, ?, ?, ?, ?)", rows
            )
            self.db.executemany(
                "INSERT OR IGNORE INTO story_articles (story_id, article_id, key) VALUES (?, ?, ?)",
                story_article_rows(built),
            )
        return len(rows)

    def story_page(self, offset: int, limit: int) -> tuple[int, list[Story], list[str]]:
        """How many stories are stored, one page of them by date, and every story type."""
        total = int(self.db.execute("SELECT COUNT(*) FROM stories").fetchone()[0])
        rows = self.db.execute(
            "SELECT data FROM stories ORDER BY date IS NULL, date, id LIMIT ? OFFSET ?", (limit, offset)
        )
        types = [r[0] for r in self.db.execute("SELECT DISTINCT type FROM stories ORDER BY type")]
        return total, [self._decode(Story, r["data"]) for r in rows], types

    def iter_stories(self, *, articles: Collection[str] | None = None) -> Iterator[Story]:
        """Stored stories by date (undated last); only those some article of `articles` reports."""
        if articles is not None and len(articles) > SCOPE_IN_MAX:  # a wide scope: scan and filter
            wanted = set(articles)
            yield from (s for s in self.iter_stories() if any(a in wanted for a in s.article_ids))
            return
        if articles is None:
            rows = self.db.execute("SELECT data FROM stories ORDER BY date IS NULL, date, id").fetchall()
        else:
            ids: set[str] = set()
            for chunk in chunks(sorted(set(articles))):
                sql = f"SELECT story_id FROM story_articles WHERE article_id IN ({marks(chunk)})"
                ids.update(r[0] for r in self.db.execute(sql, chunk))
            found = []
            for chunk in chunks(sorted(ids)):
                sql = f"SELECT id, date, data FROM stories WHERE id IN ({marks(chunk)})"
                found += self.db.execute(sql, chunk).fetchall()
            rows = sorted(found, key=lambda r: (r["date"] is None, r["date"] or "", r["id"]))
        for row in rows:
            yield self._decode(Story, row["data"])


def _dump(record: Event | Story) -> str:
    return json.dumps(record.to_record(), ensure_ascii=False, separators=(",", ":"))
