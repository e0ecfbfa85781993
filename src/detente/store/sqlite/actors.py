"""Canonical actors in the SQLite store: upserts, redirects, and the user's merges and splits,
which stick across re-runs.

Merging never rewrites stored mentions: an actor id that stands for another is a redirect,
followed whenever records are read. Which actors are one is decided by the backend-free policy
in `detente.knowledge.actors`; this module only finds its candidates and stores its links.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any

from detente.errors import StoreError
from detente.ingest import now
from detente.knowledge.actors import Candidate, candidate_key, links_for
from detente.lexicon.names import fold, slug, surname, translit_key
from detente.records import Actor
from detente.store.base import ActorInfo
from detente.store.sqlite.sql import atomic


class ActorTables:
    """The actor half of the SQLite store (mixed into SQLiteStore)."""

    db: sqlite3.Connection
    _redirects: dict[str, str] | None
    _overrides: dict[tuple[str, str], str] | None

    # -- writing ----------------------------------------------------------------------------------
    def _upsert_actor(self, actor: Actor) -> None:
        person = actor.type == "person"
        last = surname(actor.name) if person else None
        fresh = self.db.execute("SELECT 1 FROM actors WHERE id = ?", (actor.id,)).fetchone() is None
        self.db.execute(
            "INSERT INTO actors (id, name, type, country, sector, wikidata, surname, name_key, surname_key) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET country = COALESCE(actors.country, excluded.country), "
            "sector = COALESCE(actors.sector, excluded.sector), wikidata = COALESCE(actors.wikidata, excluded.wikidata)",
            (
                actor.id, actor.name, actor.type, actor.country, actor.sector, actor.wikidata, last,
                translit_key(actor.name), translit_key(last) if last else None,
            ),
        )  # fmt: skip
        names = {actor.name, *actor.aliases}
        self.db.executemany(
            "INSERT OR IGNORE INTO actor_aliases (actor_id, key, name) VALUES (?, ?, ?)",
            [(actor.id, fold(n), n) for n in names if fold(n)],
        )
        if fresh:
            self._link(actor)

    def _link(self, actor: Actor) -> None:
        """Join a new actor to the one it is another spelling of, as the link policy decides."""
        column, key = candidate_key(actor)
        rows = self._live(
            f"SELECT id, name, country, wikidata FROM actors WHERE type = ? AND {column} = ?",
            (actor.type, key),
        )
        candidates = [Candidate(r["id"], r["name"], r["country"], r["wikidata"]) for r in rows]
        for link in links_for(actor, candidates, self._split):
            self._redirect(link.from_id, link.to_id, link.reason)

    def _live(self, sql: str, args: tuple[Any, ...]) -> list[sqlite3.Row]:
        """Rows of actors that are canonical (not redirected elsewhere)."""
        redirected = self.redirects()
        return [r for r in self.db.execute(sql, args) if r["id"] not in redirected]

    def _redirect(self, from_id: str, to_id: str, reason: str) -> None:
        if self.canonical_id(to_id) == from_id:
            return  # would make a loop
        self.db.execute(
            "INSERT OR REPLACE INTO actor_redirects (from_id, to_id, reason) VALUES (?, ?, ?)",
            (from_id, to_id, reason),
        )
        self._redirects = None

    def _split(self, a: str, b: str) -> bool:
        ca, cb = self.canonical_id(a), self.canonical_id(b)
        return (
            self.db.execute(
                "SELECT 1 FROM actor_splits WHERE (a IN (?, ?) AND b IN (?, ?)) OR (a IN (?, ?) AND b IN (?, ?))",
                (a, ca, b, cb, b, cb, a, ca),
            ).fetchone()
            is not None
        )

    def _drop_orphan_actors(self) -> None:
        self.db.execute(
            "DELETE FROM actors WHERE id NOT IN (SELECT actor_id FROM mentions) "
            "AND id NOT IN (SELECT to_id FROM actor_redirects) AND id NOT IN (SELECT to_id FROM actor_overrides)"
        )
        self.db.execute("DELETE FROM actor_redirects WHERE from_id NOT IN (SELECT id FROM actors)")
        self._redirects = None

    # -- the user's decisions -----------------------------------------------------------------------
    def find_actor(self, name_or_id: str) -> str:
        """The canonical id of an actor given by id, name or alias (an ambiguous name is an error)."""
        row = self.db.execute("SELECT id FROM actors WHERE id = ?", (name_or_id,)).fetchone()
        if row is not None:
            return self.canonical_id(str(row["id"])) or str(row["id"])
        ids = {
            self.canonical_id(r["actor_id"])
            for r in self.db.execute("SELECT actor_id FROM actor_aliases WHERE key = ?", (fold(name_or_id),))
        }
        ids.discard(None)
        if not ids:
            raise StoreError(
                f"no actor is called '{name_or_id}'", fix="see `detente actors --query …` for names and ids"
            )
        if len(ids) > 1:
            raise StoreError(
                f"'{name_or_id}' names several actors: {', '.join(sorted(i for i in ids if i))}",
                fix="give the actor's id instead",
            )
        return next(i for i in ids if i)

    def merge_actors(self, keep: str, other: str) -> str:
        """Make `other` (id or name) one actor with `keep`; returns the kept id. Survives re-runs."""
        a, b = self.find_actor(keep), self.find_actor(other)
        if a == b:
            return a
        with atomic(self.db):
            self.db.execute(
                "DELETE FROM actor_splits WHERE (a = ? AND b = ?) OR (a = ? AND b = ?)", (a, b, b, a)
            )
            self.db.execute(
                "INSERT OR REPLACE INTO actor_redirects (from_id, to_id, reason) VALUES (?, ?, 'user')",
                (b, a),
            )
        self._redirects = None
        return a

    def split_actor(self, actor: str, alias: str) -> str:
        """Take the name `alias` away from `actor` as an actor of its own; returns its id. Survives re-runs."""
        a = self.find_actor(actor)
        key = fold(alias)
        redirects = self.redirects()
        with atomic(self.db):
            merged = [
                r["id"]
                for r in self.db.execute("SELECT id, name FROM actors")
                if redirects.get(r["id"]) == a and (fold(r["name"]) == key or self._has_alias(r["id"], key))
            ]
            if merged:
                target = str(merged[0])
                for m in merged:
                    self.db.execute("DELETE FROM actor_redirects WHERE from_id = ?", (m,))
                    if m != target:
                        self.db.execute(
                            "INSERT OR REPLACE INTO actor_redirects VALUES (?, ?, 'user')", (m, target)
                        )
            else:
                if not self._has_alias(a, key):
                    raise StoreError(
                        f"'{alias}' is not a name of {a}",
                        fix="see `detente actors --query …` for its aliases",
                    )
                row = self.db.execute(
                    "SELECT type, country, sector FROM actors WHERE id = ?", (a,)
                ).fetchone()
                target = f"{row['type']}:{slug(alias)}"
                self.db.execute(
                    "INSERT OR IGNORE INTO actors (id, name, type, country, sector, name_key) VALUES (?, ?, ?, ?, ?, ?)",
                    (target, alias, row["type"], row["country"], row["sector"], translit_key(alias)),
                )
                self.db.execute(
                    "INSERT OR REPLACE INTO actor_overrides VALUES (?, ?, ?, ?)", (a, key, target, now())
                )
                ids = [i for i, to in redirects.items() if to == a] + [a]
                marks = ",".join("?" * len(ids))
                moved = [
                    r["id"]
                    for r in self.db.execute(
                        f"SELECT id, text FROM mentions WHERE actor_id IN ({marks})", ids
                    )
                    if fold(r["text"]) == key
                ]
                self.db.executemany(
                    "UPDATE mentions SET actor_id = ? WHERE id = ?", [(target, m) for m in moved]
                )
            self.db.execute("DELETE FROM actor_aliases WHERE actor_id = ? AND key = ?", (a, key))
            self.db.execute(
                "INSERT OR IGNORE INTO actor_aliases (actor_id, key, name) VALUES (?, ?, ?)",
                (target, key, alias),
            )
            self.db.execute("INSERT OR REPLACE INTO actor_splits VALUES (?, ?, ?)", (a, target, now()))
        self._redirects = None
        self._overrides = None
        return target

    def _has_alias(self, actor_id: str, key: str) -> bool:
        return (
            self.db.execute(
                "SELECT 1 FROM actor_aliases WHERE actor_id = ? AND key = ?", (actor_id, key)
            ).fetchone()
            is not None
        )

    def override(self, actor_id: str | None, text: str) -> str | None:
        """The actor a mention belongs to after the user's splits ("Sharif" → the split-off actor)."""
        if actor_id is None:
            return None
        if self._overrides is None:
            self._overrides = {
                (r[0], r[1]): r[2]
                for r in self.db.execute("SELECT from_id, alias_key, to_id FROM actor_overrides")
            }
        if not self._overrides:
            return actor_id
        return self._overrides.get((self.canonical_id(actor_id) or actor_id, fold(text)), actor_id)

    # -- reading ------------------------------------------------------------------------------------
    def redirects(self) -> dict[str, str]:
        """Actor id → the canonical actor id it stands for (followed to the end)."""
        if self._redirects is None:
            raw = {r[0]: r[1] for r in self.db.execute("SELECT from_id, to_id FROM actor_redirects")}
            resolved = {}
            for start in raw:
                seen, cur = {start}, raw[start]
                while cur in raw and cur not in seen:
                    seen.add(cur)
                    cur = raw[cur]
                resolved[start] = cur
            self._redirects = resolved
        return self._redirects

    def canonical_id(self, actor_id: str | None) -> str | None:
        """The canonical id an actor id resolves to."""
        return None if actor_id is None else self.redirects().get(actor_id, actor_id)

    def _iter_actors(self, ids: Sequence[str] | None = None) -> Iterator[Actor]:
        redirects = self.redirects()
        aliases: dict[str, set[str]] = {}
        for row in self.db.execute("SELECT actor_id, name FROM actor_aliases"):
            aliases.setdefault(redirects.get(row["actor_id"], row["actor_id"]), set()).add(row["name"])
        names_of = {r["id"]: r["name"] for r in self.db.execute("SELECT id, name FROM actors")}
        for from_id, to_id in redirects.items():  # a merged actor's own name is an alias of the whole
            if from_id in names_of:
                aliases.setdefault(to_id, set()).add(names_of[from_id])
        wanted = set(ids) if ids is not None else None
        for row in self.db.execute(
            "SELECT id, name, type, country, sector, wikidata FROM actors ORDER BY id"
        ):
            if row["id"] in redirects or (wanted is not None and row["id"] not in wanted):
                continue
            names = sorted(aliases.get(row["id"], set()) - {row["name"]}, key=str.casefold)
            yield Actor(
                id=row["id"], name=row["name"], type=row["type"], aliases=tuple(names),
                country=row["country"], sector=row["sector"], wikidata=row["wikidata"],
            )  # fmt: skip

    def actors(self, query: str | None = None, limit: int | None = None) -> list[ActorInfo]:
        """Canonical actors with mention and article counts, most mentioned first."""
        redirects = self.redirects()
        counts: dict[str, list[Any]] = {}
        for row in self.db.execute("SELECT actor_id, article_id FROM mentions"):
            key = redirects.get(row[0], row[0])
            entry = counts.setdefault(key, [0, set()])
            entry[0] += 1
            entry[1].add(row[1])
        ids = None
        if query:
            key = fold(query)
            ids = {
                redirects.get(r[0], r[0])
                for r in self.db.execute("SELECT actor_id FROM actor_aliases WHERE key LIKE ?", (f"%{key}%",))
            }
        infos = [
            ActorInfo(
                actor=a, mentions=counts.get(a.id, [0])[0], articles=len(counts.get(a.id, [0, set()])[1])
            )
            for a in self._iter_actors(sorted(ids) if ids is not None else None)
        ]
        infos.sort(key=lambda i: (-i.mentions, i.actor.name))
        return infos[:limit] if limit else infos
