"""Story events in the PostgreSQL store, kept current incrementally (as in the SQLite store).

Every saved event carries its story key; a batch that adds or replaces articles marks the keys
it touched, and only the stories of those keys are rebuilt from their events.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterable, Iterator
from typing import Any

import psycopg

from detente.knowledge.stories import stories_for, story_key
from detente.records import Event, Source, Story
from detente.store.base import event_parties, story_article_rows
from detente.store.postgres.schema import WRITE_LOCK


class StoryTables:
    """The story half of the PostgreSQL store (mixed into PostgresStore)."""

    db: psycopg.Connection[tuple[Any, ...]]
    _decode: Callable[[type[Any], str], Any]
    _stream: Callable[..., Iterator[tuple[Any, ...]]]

    def _event_rows(self, events: Iterable[Event]) -> list[tuple[Any, ...]]:
        rows = []
        for e in events:
            rows.append(
                (e.id, e.article_id, e.type, e.status, e.date, story_key(e), _dump(e), *event_parties(e))
            )
        self._mark_pending({r[5] for r in rows})
        return rows

    def _mark_pending(self, keys: Iterable[str]) -> None:
        keys = sorted(set(keys))
        if keys:
            self.db.execute(
                "INSERT INTO pending_story_keys (key) SELECT unnest(%s::text[]) ON CONFLICT DO NOTHING",
                (keys,),
            )

    def _forget_events_of(self, article_id: str) -> None:
        """Before an article's events are replaced: their stories must be rebuilt too."""
        rows = self.db.execute("SELECT DISTINCT story_key FROM events WHERE article_id = %s", (article_id,))
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
        rows = self._stream(
            "SELECT e.story_key, e.data, a.id, a.published, a.outlet, a.url, a.title FROM events e "
            "JOIN articles a ON a.id = e.article_id WHERE e.story_key = ANY(%s) ORDER BY e.seq",
            (sorted(set(keys)),),
        )
        for key, data, aid, published, outlet, url, title in rows:
            event = self._decode(Event, data)
            out.setdefault(key, []).append((event, Source(aid, published, outlet, url, title)))
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
        for key in sorted(keys):
            for story in stories_for(key, grouped.get(key, [])):
                rows.append((story.id, story.type, story.date, key, _dump(story)))
                built.append((key, story))
        with self.db.transaction():
            self.db.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
            if everything:  # stories of keys no event has any more go too
                self.db.execute("DELETE FROM stories")
                self.db.execute("DELETE FROM story_articles")
                self.db.execute("DELETE FROM pending_story_keys")
            ordered = sorted(keys)
            self.db.execute("DELETE FROM stories WHERE key = ANY(%s)", (ordered,))
            self.db.execute("DELETE FROM story_articles WHERE key = ANY(%s)", (ordered,))
            self.db.execute("DELETE FROM pending_story_keys WHERE key = ANY(%s)", (ordered,))
            # an id that moved from another key
            self.db.execute(
                "DELETE FROM story_articles WHERE story_id = ANY(%s)", (sorted({r[0] for r in rows}),)
            )
            with self.db.cursor() as cur:
                cur.executemany(
                    "INSERT INTO stories (id, type, date, key, data) VALUES (%s, %s, %s, %s, %s) "
                    "ON CONFLICT (id) DO UPDATE SET type = excluded.type, date = excluded.date, key = excluded.key, "
                    "data = excluded.data, seq = nextval(pg_get_serial_sequence('stories', 'seq'))",
                    rows,
                )
                cur.executemany(
                    "INSERT INTO story_articles (story_id, article_id, key) VALUES (%s, %s, %s) "
                    "ON CONFLICT DO NOTHING",
                    story_article_rows(built),
                )
        return len(rows)

    def story_page(self, offset: int, limit: int) -> tuple[int, list[Story], list[str]]:
        """How many stories are stored, one page of them by date, and every story type."""
        row = self.db.execute("SELECT COUNT(*) FROM stories").fetchone()
        rows = self.db.execute(
            "SELECT data FROM stories ORDER BY date IS NULL, date, id LIMIT %s OFFSET %s", (limit, offset)
        ).fetchall()
        types = [r[0] for r in self.db.execute("SELECT DISTINCT type FROM stories ORDER BY type")]
        return int(row[0]) if row else 0, [self._decode(Story, r[0]) for r in rows], types

    def iter_stories(self, *, articles: Collection[str] | None = None) -> Iterator[Story]:
        """Stored stories by date (undated last); only those some article of `articles` reports."""
        if articles is None:
            sql, args = "SELECT data FROM stories ORDER BY date IS NULL, date, id", None
        else:
            sql = (
                "SELECT data FROM stories WHERE id IN (SELECT story_id FROM story_articles "
                "WHERE article_id = ANY(%s)) ORDER BY date IS NULL, date, id"
            )
            args = [sorted(set(articles))]
        for (data,) in self._stream(sql, args):
            yield self._decode(Story, data)


def _dump(record: Event | Story) -> str:
    return json.dumps(record.to_record(), ensure_ascii=False, separators=(",", ":"))
