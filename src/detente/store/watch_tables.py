"""detente watch in either store: watched feeds, seen entries, alerts and their deliveries.

A round's alerts, the entries that raised them and its feed's new state are written in one
transaction (`commit_watch`), with an unsent flag per alert and sink; a flag is set only
once its alert is delivered. A process killed anywhere therefore either wrote nothing of
the round (the next run reads the same entries as new and finds the same alerts) or wrote
all of it (the next run sends what is still flagged unsent).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from detente.ingest import now
from detente.knowledge.changes import Alert, Related
from detente.records import Event, Position, Role, Source
from detente.store.sql_hooks import SqlHooks
from detente.watch.state import FeedState


class WatchTables(SqlHooks):
    """The watch half of a store (mixed into SQLiteStore and PostgresStore)."""

    _canonical_refs: Callable[[dict[str, Any]], dict[str, Any]]
    redirects: Callable[[], dict[str, str]]
    events_for_story_keys: Callable[[Iterable[str]], dict[str, list[tuple[Event, Source]]]]

    # -- feeds ------------------------------------------------------------------------------
    def add_feeds(self, urls: Iterable[str]) -> int:
        """Add feeds to the watched list; returns how many were new to it."""
        with self._writes():
            return sum(
                self._exec(
                    "INSERT INTO feeds (url, added) VALUES (?, ?) ON CONFLICT DO NOTHING", (url, now())
                )
                for url in dict.fromkeys(urls)
            )

    def forget_feeds(self, urls: Iterable[str]) -> int:
        """Take feeds off the watched list; returns how many were on it."""
        with self._writes():
            return sum(self._exec("DELETE FROM feeds WHERE url = ?", (url,)) for url in dict.fromkeys(urls))

    def feeds(self) -> list[FeedState]:
        """Every watched feed with its state, in the order they were added."""
        rows = self._rows(
            "SELECT url, etag, last_modified, last_checked, last_seen, errors, last_error, next_try "
            f"FROM feeds ORDER BY {self._ORDER}"
        )
        return [FeedState(*row) for row in rows]

    def update_feeds(self, states: Sequence[FeedState]) -> None:
        """Write the state of watched feeds, in one transaction."""
        if not states:
            return
        with self._writes():
            self._write_states(states)

    def _write_states(self, states: Sequence[FeedState]) -> None:
        self._exec_many(
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
        wanted = list(dict.fromkeys(keys))
        return {r[0] for r in self._chunked("SELECT key FROM seen_entries WHERE key IN ({})", wanted)}

    # -- what new articles touch ------------------------------------------------------------
    def related_facts(self, article_ids: Sequence[str]) -> Related:
        """The events of the new articles' story keys, the positions of their parties on their
        issues, and the roles of their people, each with its article."""
        ids = list(dict.fromkeys(article_ids))
        keys = {
            r[0]
            for r in self._chunked(
                "SELECT DISTINCT story_key FROM events WHERE article_id IN ({}) AND story_key IS NOT NULL",
                ids,
            )
        }
        issues: set[str] = set()
        actors: set[str] = set()
        parties: set[str] = set()
        for party, actor_id, issue in self._chunked(
            "SELECT party, actor_id, issue FROM positions WHERE article_id IN ({})", ids
        ):
            issues.add(issue)
            if actor_id:
                actors.add(actor_id)
            else:
                parties.add(party)
        persons: set[str] = set()
        role_actors: set[str] = set()
        for person, actor_id in self._chunked(
            "SELECT person, actor_id FROM roles WHERE article_id IN ({})", ids
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
            where = f"t.issue IN ({issue_marks}) AND {column} IN ({{}})"
            for rec, src in self._sourced("positions", where, values, sorted(issues)):
                yield Position.from_record(rec), src

    def _roles_of(self, actor_ids: list[str], persons: set[str]) -> Iterator[tuple[Role, Source]]:
        seen: set[tuple[str, int]] = set()
        for column, values in (("t.actor_id", actor_ids), ("t.person", sorted(persons))):
            for rec, src in self._sourced("roles", f"{column} IN ({{}})", values):
                role = Role.from_record(rec)
                if (role.article_id, role.start) not in seen:  # found by actor and by name
                    seen.add((role.article_id, role.start))
                    yield role, src

    def _sourced(
        self, table: str, where: str, values: Sequence[Any], before: Sequence[Any] = ()
    ) -> Iterator[tuple[dict[str, Any], Source]]:
        """Rows of `table` (JSON and article) whose `where` holds, its `IN ({})` taking `values`."""
        sql = (
            f"SELECT t.data, a.id, a.published, a.outlet, a.url, a.title, t.id FROM {table} t "
            f"JOIN articles a ON a.id = t.article_id WHERE {where}"
        )
        rows = sorted(self._chunked(sql, values, before), key=lambda r: int(r[6]))  # in stored order
        for row in rows:
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
        with self._writes():
            self._write_states([state])
            rows = [(key, state.url, article_id, at) for key, article_id in seen]
            if rows:
                self._exec_many(
                    "INSERT INTO seen_entries (key, feed, article_id, at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    rows,
                )
            for alert in alerts:
                added = self._exec(
                    "INSERT INTO alerts (id, kind, at, feed, payload) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    (alert.id, alert.kind, alert.at, state.url, _dump(alert)),
                )
                if added <= 0 or not sinks:
                    continue  # the same change was raised already (another feed carried the report)
                self._exec_many(
                    "INSERT INTO alert_sends (alert_id, sink) VALUES (?, ?) ON CONFLICT DO NOTHING",
                    [(alert.id, sink) for sink in sinks],
                )

    def unsent_alerts(self, sink: str) -> list[Alert]:
        """The alerts not yet delivered to `sink`, oldest first."""
        rows = self._rows(
            "SELECT a.payload FROM alert_sends s JOIN alerts a ON a.id = s.alert_id "
            f"WHERE s.sink = ? AND s.sent_at IS NULL ORDER BY a.{self._ORDER}",
            (sink,),
        )
        return [Alert.from_json(json.loads(r[0])) for r in rows]

    def mark_sent(self, sink: str, alert_ids: Iterable[str], error: str | None = None) -> None:
        """Record a delivery to `sink` (sent), or with `error` one more failed try."""
        ids = list(alert_ids)
        if not ids:
            return
        with self._writes():
            if error is None:
                self._exec_many(
                    "UPDATE alert_sends SET sent_at = ?, tries = tries + 1, last_error = NULL "
                    "WHERE sink = ? AND alert_id = ?",
                    [(now(), sink, i) for i in ids],
                )
            else:
                self._exec_many(
                    "UPDATE alert_sends SET tries = tries + 1, last_error = ? WHERE sink = ? AND alert_id = ?",
                    [(error[:500], sink, i) for i in ids],
                )

    def alerts(self, since: str | None = None, kinds: Sequence[str] = ()) -> list[Alert]:
        """Stored alerts found at or after `since`, of `kinds` (all when empty), oldest first."""
        where, args = ["1 = 1"], list[Any]()
        if since:
            where.append("at >= ?")
            args.append(since)
        if kinds:
            where.append(f"kind IN ({','.join('?' * len(kinds))})")
            args.extend(kinds)
        rows = self._rows(
            f"SELECT payload FROM alerts WHERE {' AND '.join(where)} ORDER BY {self._ORDER}", args
        )
        return [Alert.from_json(json.loads(r[0])) for r in rows]


def _dump(alert: Alert) -> str:
    return json.dumps(alert.to_json(), ensure_ascii=False, separators=(",", ":"))
