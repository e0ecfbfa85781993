"""detente watch in the PostgreSQL store: watched feeds, seen entries, alerts and their deliveries.

As in the SQLite store, a round's alerts, the entries that raised them and its feed's new state
are written in one transaction (`commit_watch`), with an unsent flag per alert and sink that is
set only once its alert is delivered.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import psycopg

from detente.ingest import now
from detente.knowledge.changes import Alert, Related
from detente.records import Event, Position, Role, Source
from detente.store.postgres.schema import WRITE_LOCK
from detente.watch.state import FeedState


class WatchTables:
    """The watch half of the PostgreSQL store (mixed into PostgresStore)."""

    db: psycopg.Connection[tuple[Any, ...]]
    _canonical_refs: Callable[[dict[str, Any]], dict[str, Any]]
    redirects: Callable[[], dict[str, str]]
    events_for_story_keys: Callable[[Iterable[str]], dict[str, list[tuple[Event, Source]]]]

    def _write_lock(self) -> None:
        self.db.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))

    # -- feeds ------------------------------------------------------------------------------
    def add_feeds(self, urls: Iterable[str]) -> int:
        """Add feeds to the watched list; returns how many were new to it."""
        added = 0
        with self.db.transaction():
            self._write_lock()
            for url in dict.fromkeys(urls):
                cur = self.db.execute(
                    "INSERT INTO feeds (url, added) VALUES (%s, %s) ON CONFLICT DO NOTHING", (url, now())
                )
                added += max(cur.rowcount, 0)
        return added

    def forget_feeds(self, urls: Iterable[str]) -> int:
        """Take feeds off the watched list; returns how many were on it."""
        with self.db.transaction():
            self._write_lock()
            cur = self.db.execute("DELETE FROM feeds WHERE url = ANY(%s)", (list(dict.fromkeys(urls)),))
            return max(cur.rowcount, 0)

    def feeds(self) -> list[FeedState]:
        """Every watched feed with its state, in the order they were added."""
        rows = self.db.execute(
            "SELECT url, etag, last_modified, last_checked, last_seen, errors, last_error, next_try "
            "FROM feeds ORDER BY seq"
        )
        return [FeedState(*row) for row in rows]

    def update_feeds(self, states: Sequence[FeedState]) -> None:
        """Write the state of watched feeds, in one transaction."""
        if not states:
            return
        with self.db.transaction():
            self._write_lock()
            self._write_states(states)

    def _write_states(self, states: Sequence[FeedState]) -> None:
        with self.db.cursor() as cur:
            cur.executemany(
                "UPDATE feeds SET etag = %s, last_modified = %s, last_checked = %s, last_seen = %s, errors = %s, "
                "last_error = %s, next_try = %s WHERE url = %s",
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
        wanted = list(dict.fromkeys(keys))
        if not wanted:
            return set()
        return {r[0] for r in self.db.execute("SELECT key FROM seen_entries WHERE key = ANY(%s)", (wanted,))}

    # -- what new articles touch ------------------------------------------------------------
    def related_facts(self, article_ids: Sequence[str]) -> Related:
        """The events of the new articles' story keys, the positions of their parties on their
        issues, and the roles of their people, each with its article."""
        ids = list(dict.fromkeys(article_ids))
        keys = {
            r[0]
            for r in self.db.execute(
                "SELECT DISTINCT story_key FROM events WHERE article_id = ANY(%s) AND story_key IS NOT NULL",
                (ids,),
            )
        }
        issues: set[str] = set()
        actors: set[str] = set()
        parties: set[str] = set()
        for party, actor_id, issue in self.db.execute(
            "SELECT party, actor_id, issue FROM positions WHERE article_id = ANY(%s)", (ids,)
        ):
            issues.add(issue)
            if actor_id:
                actors.add(actor_id)
            else:
                parties.add(party)
        persons: set[str] = set()
        role_actors: set[str] = set()
        for person, actor_id in self.db.execute(
            "SELECT person, actor_id FROM roles WHERE article_id = ANY(%s)", (ids,)
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
        for column, values in (("t.actor_id", actor_ids), ("t.party", sorted(parties))):
            if values:
                where = f"t.issue = ANY(%s) AND {column} = ANY(%s)"
                for rec, src in self._sourced("positions", where, [sorted(issues), values]):
                    yield Position.from_record(rec), src

    def _roles_of(self, actor_ids: list[str], persons: set[str]) -> Iterator[tuple[Role, Source]]:
        seen: set[tuple[str, int]] = set()
        for column, values in (("t.actor_id", actor_ids), ("t.person", sorted(persons))):
            if not values:
                continue
            for rec, src in self._sourced("roles", f"{column} = ANY(%s)", [values]):
                role = Role.from_record(rec)
                if (role.article_id, role.start) not in seen:  # found by actor and by name
                    seen.add((role.article_id, role.start))
                    yield role, src

    def _sourced(
        self, table: str, where: str, args: Sequence[Any]
    ) -> Iterator[tuple[dict[str, Any], Source]]:
        sql = (
            f"SELECT t.data, a.id, a.published, a.outlet, a.url, a.title FROM {table} t "
            f"JOIN articles a ON a.id = t.article_id WHERE {where} ORDER BY t.id"
        )
        for row in self.db.execute(sql, list(args)).fetchall():
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
        with self.db.transaction():
            self._write_lock()
            self._write_states([state])
            rows = [(key, state.url, article_id, at) for key, article_id in seen]
            if rows:
                with self.db.cursor() as cur:
                    cur.executemany(
                        "INSERT INTO seen_entries (key, feed, article_id, at) VALUES (%s, %s, %s, %s) "
                        "ON CONFLICT DO NOTHING",
                        rows,
                    )
            for alert in alerts:
                added = self.db.execute(
                    "INSERT INTO alerts (id, kind, at, feed, payload) VALUES (%s, %s, %s, %s, %s) "
                    "ON CONFLICT DO NOTHING",
                    (alert.id, alert.kind, alert.at, state.url, _dump(alert)),
                ).rowcount
                if added <= 0 or not sinks:
                    continue  # the same change was raised already (another feed carried the report)
                with self.db.cursor() as cur:
                    cur.executemany(
                        "INSERT INTO alert_sends (alert_id, sink) VALUES (%s, %s) ON CONFLICT DO NOTHING",
                        [(alert.id, sink) for sink in sinks],
                    )

    def unsent_alerts(self, sink: str) -> list[Alert]:
        """The alerts not yet delivered to `sink`, oldest first."""
        rows = self.db.execute(
            "SELECT a.payload FROM alert_sends s JOIN alerts a ON a.id = s.alert_id "
            "WHERE s.sink = %s AND s.sent_at IS NULL ORDER BY a.seq",
            (sink,),
        )
        return [Alert.from_json(json.loads(r[0])) for r in rows]

    def mark_sent(self, sink: str, alert_ids: Iterable[str], error: str | None = None) -> None:
        """Record a delivery to `sink` (sent), or with `error` one more failed try."""
        ids = list(alert_ids)
        if not ids:
            return
        with self.db.transaction():
            self._write_lock()
            if error is None:
                self.db.execute(
                    "UPDATE alert_sends SET sent_at = %s, tries = tries + 1, last_error = NULL "
                    "WHERE sink = %s AND alert_id = ANY(%s)",
                    (now(), sink, ids),
                )
            else:
                self.db.execute(
                    "UPDATE alert_sends SET tries = tries + 1, last_error = %s WHERE sink = %s AND alert_id = ANY(%s)",
                    (error[:500], sink, ids),
                )

    def alerts(self, since: str | None = None, kinds: Sequence[str] = ()) -> list[Alert]:
        """Stored alerts found at or after `since`, of `kinds` (all when empty), oldest first."""
        where, args = ["TRUE"], list[Any]()
        if since:
            where.append("at >= %s")
            args.append(since)
        if kinds:
            where.append("kind = ANY(%s)")
            args.append(list(kinds))
        rows = self.db.execute(f"SELECT payload FROM alerts WHERE {' AND '.join(where)} ORDER BY seq", args)
        return [Alert.from_json(json.loads(r[0])) for r in rows]


def _dump(alert: Alert) -> str:
    return json.dumps(alert.to_json(), ensure_ascii=False, separators=(",", ":"))
