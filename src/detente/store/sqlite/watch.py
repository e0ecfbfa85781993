"""detente watch in the SQLite store: watched feeds, seen entries, alerts and their deliveries.

A round's alerts, the entries that raised them and its feed's new state are written in one
transaction (`commit_watch`), with an unsent flag per alert and sink; a flag is set only
once its alert is delivered. A process killed anywhere therefore either wrote nothing of
the round (the next run reads the same entries as new and finds the same alerts) or wrote
all of it (the next run sends what is still flagged unsent).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from detente.ingest import now
from detente.knowledge.changes import Alert, Related
from detente.records import Event, Position, Role, Source
from detente.store.sqlite.sql import atomic, chunks
from detente.watch.state import FeedState


class WatchTables:
    """The watch half of the SQLite store (mixed into SQLiteStore)."""

    db: sqlite3.Connection
    _canonical_refs: Callable[[dict[str, Any]], dict[str, Any]]
    redirects: Callable[[], dict[str, str]]
    events_for_story_keys: Callable[[Iterable[str]], dict[str, list[tuple[Event, Source]]]]

    # -- feeds ------------------------------------------------------------------------------
    def add_feeds(self, urls: Iterable[str]) -> int:
        """Add feeds to the watched list; returns how many were new to it."""
        rows = [(u, now()) for u in dict.fromkeys(urls)]
        with atomic(self.db):
            before = self.db.total_changes
            self.db.executemany("INSERT OR IGNORE INTO feeds (url, added) VALUES (?, ?)", rows)
            return self.db.total_changes - before

    def forget_feeds(self, urls: Iterable[str]) -> int:
        """Take feeds off the watched list; returns how many were on it."""
        with atomic(self.db):
            before = self.db.total_changes
            self.db.executemany("DELETE FROM feeds WHERE url = ?", [(u,) for u in urls])
            return self.db.total_changes - before

    def feeds(self) -> list[FeedState]:
        """Every watched feed with its state, in the order they were added."""
        rows = self.db.execute(
            "SELECT url, etag, last_modified, last_checked, last_seen, errors, last_error, next_try "
            "FROM feeds ORDER BY rowid"
        )
        return [FeedState(*row) for row in rows]

    def update_feeds(self, states: Sequence[FeedState]) -> None:
        """Write the state of watched feeds, in one transaction."""
        if not states:
            return
        with atomic(self.db):
            self._write_states(states)

    def _write_states(self, states: Sequence[FeedState]) -> None:
        self.db.executemany(
            "UPDATE feeds SET etag = ?, last_modified = ?, last_checked = ?, last_seen = ?, errors = ?, "
            "last_error = ?, next_try = ? WHERE url = ?",
            [
                (
                    s.etag,
                    s.last_modified,
                    s.last_checked,
                    s.last_seen,
                    s.errors,
                    s.last_error,
                    s.next_try,
                    s.url,
                )
                for s in states
            ],
        )

    def seen_entries(self, keys: Iterable[str]) -> set[str]:
        """Which of these entry keys were already ingested by a watch."""
        found: set[str] = set()
        for chunk in chunks(list(dict.fromkeys(keys))):
            marks = ",".join("?" * len(chunk))
            found.update(
                r[0] for r in self.db.execute(f"SELECT key FROM seen_entries WHERE key IN ({marks})", chunk)
            )
        return found

    # -- what new articles touch ------------------------------------------------------------
    def related_facts(self, article_ids: Sequence[str]) -> Related:
        """The events of the new articles' story keys, the positions of their parties on their
        issues, and the roles of their people, each with its article."""
        ids = list(dict.fromkeys(article_ids))
        keys: set[str] = set()
        issues: set[str] = set()
        actors: set[str] = set()
        parties: set[str] = set()
        persons: set[str] = set()
        role_actors: set[str] = set()
        for chunk in chunks(ids):
            marks = ",".join("?" * len(chunk))
            keys.update(
                r[0]
                for r in self.db.execute(
                    f"SELECT DISTINCT story_key FROM events WHERE article_id IN ({marks}) AND story_key IS NOT NULL",
                    chunk,
                )
            )
            for party, actor_id, issue in self.db.execute(
                f"SELECT party, actor_id, issue FROM positions WHERE article_id IN ({marks})", chunk
            ):
                issues.add(issue)
                if actor_id:
                    actors.add(actor_id)
                else:
                    parties.add(party)
            for person, actor_id in self.db.execute(
                f"SELECT person, actor_id FROM roles WHERE article_id IN ({marks})", chunk
            ):
                persons.add(person)
                if actor_id:
                    role_actors.add(actor_id)
        return Related(
            events=self.events_for_story_keys(keys) if keys else {},
            positions=list(self._positions_of(issues, self._aliases_of(actors), parties)),
            roles=list(self._roles_of(self._aliases_of(role_actors), persons)),
        )

    def _aliases_of(self, actor_ids: set[str]) -> list[str]:
        """The ids stored rows may carry for these actors: merges point old ids at the kept one."""
        redirects = self.redirects()
        canonical = {redirects.get(a, a) for a in actor_ids}
        return sorted(canonical | {old for old, kept in redirects.items() if kept in canonical})

    def _positions_of(
        self, issues: set[str], actor_ids: list[str], parties: set[str]
    ) -> Iterator[tuple[Position, Source]]:
        if not issues:
            return
        issue_marks = ",".join("?" * len(issues))
        for column, values in (("t.actor_id", actor_ids), ("t.party", sorted(parties))):
            for chunk in chunks(values):
                marks = ",".join("?" * len(chunk))
                where = f"t.issue IN ({issue_marks}) AND {column} IN ({marks})"
                for rec, src in self._sourced("positions", where, [*sorted(issues), *chunk]):
                    yield Position.from_record(rec), src

    def _roles_of(self, actor_ids: list[str], persons: set[str]) -> Iterator[tuple[Role, Source]]:
        seen: set[tuple[str, int]] = set()
        for column, values in (("t.actor_id", actor_ids), ("t.person", sorted(persons))):
            for chunk in chunks(values):
                marks = ",".join("?" * len(chunk))
                for rec, src in self._sourced("roles", f"{column} IN ({marks})", chunk):
                    role = Role.from_record(rec)
                    if (role.article_id, role.start) not in seen:  # found by actor and by name
                        seen.add((role.article_id, role.start))
                        yield role, src

    def _sourced(
        self, table: str, where: str, args: Sequence[Any]
    ) -> Iterator[tuple[dict[str, Any], Source]]:
        sql = (
            f"SELECT t.data, a.id AS aid, a.published, a.outlet, a.url, a.title FROM {table} t "
            f"JOIN articles a ON a.id = t.article_id WHERE {where} ORDER BY t.id"
        )
        for row in self.db.execute(sql, list(args)):
            data = self._canonical_refs(json.loads(row[0]))
            yield data, Source(row[1], row[2], row[3], row[4], row[5])

    # -- alerts -----------------------------------------------------------------------------
    def commit_watch(
        self,
        state: FeedState,
        seen: Iterable[tuple[str, str | None]],
        alerts: Sequence[Alert],
        sinks: Sequence[str],
    ) -> None:
        """A feed's state, its newly ingested entries, their alerts and the unsent flags, at once."""
        at = now()
        with atomic(self.db):
            self._write_states([state])
            self.db.executemany(
                "INSERT OR IGNORE INTO seen_entries (key, feed, article_id, at) VALUES (?, ?, ?, ?)",
                [(key, state.url, article_id, at) for key, article_id in seen],
            )
            for alert in alerts:
                added = self.db.execute(
                    "INSERT OR IGNORE INTO alerts (id, kind, at, feed, payload) VALUES (?, ?, ?, ?, ?)",
                    (alert.id, alert.kind, alert.at, state.url, _dump(alert)),
                ).rowcount
                if not added:
                    continue  # the same change was raised already (another feed carried the report)
                self.db.executemany(
                    "INSERT OR IGNORE INTO alert_sends (alert_id, sink) VALUES (?, ?)",
                    [(alert.id, sink) for sink in sinks],
                )

    def unsent_alerts(self, sink: str) -> list[Alert]:
        """The alerts not yet delivered to `sink`, oldest first."""
        rows = self.db.execute(
            "SELECT a.payload FROM alert_sends s JOIN alerts a ON a.id = s.alert_id "
            "WHERE s.sink = ? AND s.sent_at IS NULL ORDER BY a.rowid",
            (sink,),
        )
        return [Alert.from_json(json.loads(r[0])) for r in rows]

    def mark_sent(self, sink: str, alert_ids: Iterable[str], error: str | None = None) -> None:
        """Record a delivery to `sink` (sent), or with `error` one more failed try."""
        ids = [(i,) for i in alert_ids]
        if not ids:
            return
        with atomic(self.db):
            if error is None:
                self.db.executemany(
                    "UPDATE alert_sends SET sent_at = ?, tries = tries + 1, last_error = NULL "
                    "WHERE sink = ? AND alert_id = ?",
                    [(now(), sink, i) for (i,) in ids],
                )
            else:
                self.db.executemany(
                    "UPDATE alert_sends SET tries = tries + 1, last_error = ? WHERE sink = ? AND alert_id = ?",
                    [(error[:500], sink, i) for (i,) in ids],
                )

    def alerts(self, since: str | None = None, kinds: Sequence[str] = ()) -> list[Alert]:
        """Stored alerts found at or after `since`, of `kinds` (all when empty), oldest first."""
        where, args = ["1 = 1"], []
        if since:
            where.append("at >= ?")
            args.append(since)
        if kinds:
            where.append(f"kind IN ({','.join('?' * len(kinds))})")
            args.extend(kinds)
        rows = self.db.execute(f"SELECT payload FROM alerts WHERE {' AND '.join(where)} ORDER BY rowid", args)
        return [Alert.from_json(json.loads(r[0])) for r in rows]


def _dump(alert: Alert) -> str:
    return json.dumps(alert.to_json(), ensure_ascii=False, separators=(",", ":"))
