"""Canonical actors in either store: upserts, redirects, and the user's merges and splits, which
stick across re-runs — one implementation over the SQL both backends speak.

Merging never rewrites stored mentions: an actor id that stands for another is a redirect,
followed whenever records are read. Which actors are one is decided by the backend-free policy
in `detente.knowledge.actors`; this module only finds its candidates and stores its links.

The statements use `?` placeholders and the upsert forms SQLite (≥ 3.24) and PostgreSQL share;
a backend supplies the hooks of `store.sql_hooks`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from detente.errors import StoreError
from detente.ingest import now
from detente.knowledge.actors import Candidate, candidate_key, links_for
from detente.lexicon.names import fold, slug, surname, translit_key
from detente.records import Actor
from detente.store.base import ActorInfo, merged_ids
from detente.store.sql_hooks import SqlHooks

_REDIRECT = (
    "INSERT INTO actor_redirects (from_id, to_id, reason) VALUES (?, ?, ?) "
    "ON CONFLICT (from_id) DO UPDATE SET to_id = excluded.to_id, reason = excluded.reason"
)
_ALIAS = "INSERT INTO actor_aliases (actor_id, key, name) VALUES (?, ?, ?) ON CONFLICT DO NOTHING"


class ActorTables(SqlHooks):
    """The actor half of a store (mixed into SQLiteStore and PostgresStore)."""

    _redirects: dict[str, str] | None
    _overrides: dict[tuple[str, str], str] | None

    # -- writing ----------------------------------------------------------------------------------
    def _upsert_actor(self, actor: Actor) -> None:
        person = actor.type == "person"
        last = surname(actor.name) if person else None
        fresh = not self._rows("SELECT 1 FROM actors WHERE id = ?", (actor.id,))
        self._exec(
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
        rows = [(actor.id, fold(n), n) for n in sorted(names) if fold(n)]
        if rows:
            self._exec_many(_ALIAS, rows)
        if fresh:
            self._link(actor)

    def _link(self, actor: Actor) -> None:
        """Join a new actor to the one it is another spelling of, as the link policy decides."""
        column, key = candidate_key(actor)
        if column not in ("name_key", "surname_key"):  # never trust a column name into SQL
            raise StoreError(f"unknown actor key column '{column}'", fix="report this as a bug")
        redirected = self.redirects()
        rows = self._rows(
            f"SELECT id, name, country, wikidata FROM actors WHERE type = ? AND {column} = ? ORDER BY {self._ORDER}",
            (actor.type, key),
        )
        candidates = [Candidate(r[0], r[1], r[2], r[3]) for r in rows if r[0] not in redirected]
        for link in links_for(actor, candidates, self._split):
            self._redirect(link.from_id, link.to_id, link.reason)

    def _redirect(self, from_id: str, to_id: str, reason: str) -> None:
        if self.canonical_id(to_id) == from_id:
            return  # would make a loop
        self._exec(_REDIRECT, (from_id, to_id, reason))
        self._redirects = None

    def _split(self, a: str, b: str) -> bool:
        ca, cb = self.canonical_id(a), self.canonical_id(b)
        return bool(
            self._rows(
                "SELECT 1 FROM actor_splits WHERE (a IN (?, ?) AND b IN (?, ?)) OR (a IN (?, ?) AND b IN (?, ?))",
                (a, ca, b, cb, b, cb, a, ca),
            )
        )

    def _drop_orphan_actors(self) -> None:
        self._exec(
            "DELETE FROM actors WHERE NOT EXISTS (SELECT 1 FROM mentions m WHERE m.actor_id = actors.id) "
            "AND NOT EXISTS (SELECT 1 FROM actor_redirects r WHERE r.to_id = actors.id) "
            "AND NOT EXISTS (SELECT 1 FROM actor_overrides o WHERE o.to_id = actors.id)"
        )
        self._exec(
            "DELETE FROM actor_redirects WHERE NOT EXISTS "
            "(SELECT 1 FROM actors a WHERE a.id = actor_redirects.from_id)"
        )
        self._redirects = None

    # -- the user's decisions -----------------------------------------------------------------------
    def find_actor(self, name_or_id: str) -> str:
        """The canonical id of an actor given by id, name or alias (an ambiguous name is an error)."""
        rows = self._rows("SELECT id FROM actors WHERE id = ?", (name_or_id,))
        if rows:
            return self.canonical_id(str(rows[0][0])) or str(rows[0][0])
        ids = {
            self.canonical_id(r[0])
            for r in self._rows("SELECT actor_id FROM actor_aliases WHERE key = ?", (fold(name_or_id),))
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
        with self._writes():
            self._exec("DELETE FROM actor_splits WHERE (a = ? AND b = ?) OR (a = ? AND b = ?)", (a, b, b, a))
            self._exec(_REDIRECT, (b, a, "user"))
        self._redirects = None
        return a

    def split_actor(self, actor: str, alias: str) -> str:
        """Take the name `alias` away from `actor` as an actor of its own; returns its id. Survives re-runs."""
        a = self.find_actor(actor)
        key = fold(alias)
        redirects = self.redirects()
        with self._writes():
            target = self._split_off(a, alias, key, redirects)
            self._exec("DELETE FROM actor_aliases WHERE actor_id = ? AND key = ?", (a, key))
            self._exec(_ALIAS, (target, key, alias))
            self._exec(
                "INSERT INTO actor_splits (a, b, at) VALUES (?, ?, ?) "
                "ON CONFLICT (a, b) DO UPDATE SET at = excluded.at",
                (a, target, now()),
            )
        self._redirects = None
        self._overrides = None
        return target

    def _split_off(self, a: str, alias: str, key: str, redirects: dict[str, str]) -> str:
        """Undo the merge of an actor that went by `alias`, or make one for it; returns its id."""
        merged = [
            r[0]
            for r in self._rows(f"SELECT id, name FROM actors ORDER BY {self._ORDER}")
            if redirects.get(r[0]) == a and (fold(r[1]) == key or self._has_alias(r[0], key))
        ]
        if merged:
            target = str(merged[0])
            for m in merged:
                self._exec("DELETE FROM actor_redirects WHERE from_id = ?", (m,))
                if m != target:
                    self._exec(_REDIRECT, (m, target, "user"))
            return target
        if not self._has_alias(a, key):
            raise StoreError(
                f"'{alias}' is not a name of {a}", fix="see `detente actors --query …` for its aliases"
            )
        (row,) = self._rows(
            "SELECT type, country, sector FROM actors WHERE id = ?", (a,)
        )  # find_actor found it
        target = f"{row[0]}:{slug(alias)}"
        self._exec(
            "INSERT INTO actors (id, name, type, country, sector, name_key) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT DO NOTHING",
            (target, alias, row[0], row[1], row[2], translit_key(alias)),
        )
        self._exec(
            "INSERT INTO actor_overrides (from_id, alias_key, to_id, at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (from_id, alias_key) DO UPDATE SET to_id = excluded.to_id, at = excluded.at",
            (a, key, target, now()),
        )
        rows = self._chunked("SELECT id, text FROM mentions WHERE actor_id IN ({})", merged_ids(self, a))
        moved = [r[0] for r in rows if fold(r[1]) == key]
        if moved:
            self._exec_many("UPDATE mentions SET actor_id = ? WHERE id = ?", [(target, m) for m in moved])
        return target

    def _has_alias(self, actor_id: str, key: str) -> bool:
        return bool(self._rows("SELECT 1 FROM actor_aliases WHERE actor_id = ? AND key = ?", (actor_id, key)))

    def override(self, actor_id: str | None, text: str) -> str | None:
        """The actor a mention belongs to after the user's splits ("Sharif" → the split-off actor)."""
        if actor_id is None:
            return None
        if self._overrides is None:
            self._overrides = {
                (r[0], r[1]): r[2]
                for r in self._rows("SELECT from_id, alias_key, to_id FROM actor_overrides")
            }
        if not self._overrides:
            return actor_id
        return self._overrides.get((self.canonical_id(actor_id) or actor_id, fold(text)), actor_id)

    def _has_overrides(self) -> bool:
        if self._overrides is None:
            self.override("", "")  # loads them
        return bool(self._overrides)

    # -- reading ------------------------------------------------------------------------------------
    def redirects(self) -> dict[str, str]:
        """Actor id → the canonical actor id it stands for (followed to the end)."""
        if self._redirects is None:
            raw = {r[0]: r[1] for r in self._rows("SELECT from_id, to_id FROM actor_redirects")}
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
        if ids is None:
            members = None
            alias_rows = self._rows("SELECT actor_id, name FROM actor_aliases")
            name_rows = self._rows("SELECT id, name FROM actors")
            rows = self._rows("SELECT id, name, type, country, sector, wikidata FROM actors ORDER BY id")
        else:  # only the asked actors and those merged into them: an actor page reads a few rows
            wanted = set(ids)
            members = sorted(wanted | {f for f, t in redirects.items() if t in wanted})
            alias_rows = self._chunked(
                "SELECT actor_id, name FROM actor_aliases WHERE actor_id IN ({})", members
            )
            name_rows = self._chunked("SELECT id, name FROM actors WHERE id IN ({})", members)
            rows = sorted(
                self._chunked(
                    "SELECT id, name, type, country, sector, wikidata FROM actors WHERE id IN ({})",
                    sorted(wanted),
                ),
                key=lambda r: str(r[0]),
            )
        aliases: dict[str, set[str]] = {}
        for alias_of, name in alias_rows:
            aliases.setdefault(redirects.get(alias_of, alias_of), set()).add(name)
        names_of = {r[0]: r[1] for r in name_rows}
        for from_id, to_id in redirects.items():  # a merged actor's own name is an alias of the whole
            if from_id in names_of:
                aliases.setdefault(to_id, set()).add(names_of[from_id])
        for row in rows:
            if row[0] in redirects:
                continue
            names = sorted(aliases.get(row[0], set()) - {row[1]}, key=str.casefold)
            yield Actor(
                id=row[0], name=row[1], type=row[2], aliases=tuple(names),
                country=row[3], sector=row[4], wikidata=row[5],
            )  # fmt: skip

    def actor_info(self, actor_id: str) -> ActorInfo | None:
        """One canonical actor with its mention and article counts, read by index."""
        wanted = self.canonical_id(actor_id) or actor_id
        actor = next(self._iter_actors([wanted]), None)
        if actor is None:
            return None
        rows = self._chunked(
            "SELECT article_id FROM mentions WHERE actor_id IN ({})", merged_ids(self, wanted)
        )
        return ActorInfo(actor=actor, mentions=len(rows), articles=len({r[0] for r in rows}))

    def actors(self, query: str | None = None, limit: int | None = None) -> list[ActorInfo]:
        """Canonical actors with mention and article counts, most mentioned first."""
        redirects = self.redirects()
        counts: dict[str, list[Any]] = {}
        for actor_id, article_id in self._rows("SELECT actor_id, article_id FROM mentions"):
            entry = counts.setdefault(redirects.get(actor_id, actor_id), [0, set()])
            entry[0] += 1
            entry[1].add(article_id)
        ids = None
        if query:
            pattern = "%" + fold(query).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            ids = {
                redirects.get(r[0], r[0])
                for r in self._rows(
                    "SELECT actor_id FROM actor_aliases WHERE key LIKE ? ESCAPE '\\'", (pattern,)
                )
            }
        infos = [
            ActorInfo(
                actor=a, mentions=counts.get(a.id, [0])[0], articles=len(counts.get(a.id, [0, set()])[1])
            )
            for a in self._iter_actors(sorted(ids) if ids is not None else None)
        ]
        infos.sort(key=lambda i: (-i.mentions, i.actor.name))
        return infos[:limit] if limit else infos
