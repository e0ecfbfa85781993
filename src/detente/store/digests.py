"""Fact digests: the flat fact kinds (positions, roles, quotes) kept as columns beside their JSON.

Every field of a position, a role and a quote has its own column (migration 0006), written by
the same INSERT as the record's JSON, so a reader that goes through every position, role or
quote in scope (the briefing's stances, people and quotes, the position table) builds each
record from its columns instead of parsing JSON: at 100,000 articles parsing half a million
JSON records was most of the briefing's time. The JSON stays the record of truth (exports,
pages, an actor's facts); the columns are its digest, replaced with it on re-extraction. Actor
ids are made canonical as they are read, as `decode` does, so merges and splits made after a
record was stored apply to both paths alike.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from detente.records import Position, Quote, Record, Role, Source

if TYPE_CHECKING:
    from detente.store.base import Canonical, Store

DIGEST_COLUMNS: dict[str, tuple[str, ...]] = {
    "position": ("article_id", "party", "actor_id", "country", "sector", "issue", "stance", "evidence",
                 "start", "end", "topic", "claim", "condition", "confidence"),
    "role": ("article_id", "person", "actor_id", "role", "affiliation", "country", "sector", "evidence",
             "start", "end"),
    "quote": ("article_id", "speaker", "actor_id", "country", "text", "direct", "cue", "evidence", "start",
              "end", "speaker_type", "commitment", "confidence"),
}  # fmt: skip
"""Each digested kind's columns, in its record class's field order (a test holds them equal)."""

DIGEST_CLASSES: dict[str, type[Record]] = {"position": Position, "role": Role, "quote": Quote}
_ACTOR = {kind: cols.index("actor_id") for kind, cols in DIGEST_COLUMNS.items()}
_DIRECT = DIGEST_COLUMNS["quote"].index("direct")


def digest_select(kind: str, columns: Sequence[str] | None = None, alias: str = "t") -> str:
    """The SELECT list of a kind's digest columns, or of some of them and `id` (each checked
    against the kind's own, so no name from elsewhere reaches SQL; quoted: `end`, `text`)."""
    names = DIGEST_COLUMNS[kind] if columns is None else tuple(columns)
    unknown = set(names) - {*DIGEST_COLUMNS[kind], "id"}
    if unknown:
        raise ValueError(f"not digest columns of {kind}: {sorted(unknown)}")
    return ", ".join(f'{alias}."{c}"' for c in names)


def digest_insert(kind: str, table: str, mark: str) -> str:
    """The INSERT of a digested record: its digest columns and its JSON `data`."""
    cols = [*DIGEST_COLUMNS[kind], "data"]
    return f"INSERT INTO {table} ({', '.join(f'{chr(34)}{c}{chr(34)}' for c in cols)}) VALUES ({', '.join([mark] * len(cols))})"


def digest_values(kind: str, rec: Record, data: str) -> tuple[Any, ...]:
    """A record's digest column values, then its JSON."""
    return (*(getattr(rec, c) for c in DIGEST_COLUMNS[kind]), data)


def digest_reader(store: Canonical, kind: str) -> Callable[[Sequence[Any]], Record]:
    """What builds a record of `kind` from its digest columns, its actor id canonical (whether
    any id needs it is asked once per read, not once per record)."""
    cls = DIGEST_CLASSES[kind]
    if not (store.redirects() or store._has_overrides()) and kind != "quote":
        return lambda row: cls(*row)
    i, canonical = _ACTOR[kind], store.canonical_id
    plain = not (store.redirects() or store._has_overrides())

    def read(row: Sequence[Any]) -> Record:
        values = list(row)
        if not plain:
            values[i] = canonical(values[i])
        if kind == "quote":
            values[_DIRECT] = bool(values[_DIRECT])
        return cls(*values)

    return read


class PositionDigest(NamedTuple):
    """What the position table groups and ranks a position by (no sentence: that is read for
    the positions shown), with its article's publication date."""

    id: int
    article_id: str
    party: str
    actor_id: str | None
    country: str | None
    sector: str | None
    issue: str
    stance: str
    start: int
    end: int
    claim: str | None
    condition: str | None
    published: str | None


_POSITION_DIGEST = PositionDigest._fields[:-1]


def position_digests(
    store: Store, *, issue: str | None = None, articles: Collection[str] | None = None
) -> Iterator[PositionDigest]:
    """The positions in scope as digests, in `iter_sourced` order, actor ids canonical."""
    canonical = store.canonical_id if store.redirects() or store._has_overrides() else None
    width = len(_POSITION_DIGEST) + 1
    for row in store.digest_rows("position", _POSITION_DIGEST, issue=issue, articles=articles):
        found = PositionDigest(*row[:width])
        yield found if canonical is None else found._replace(actor_id=canonical(found.actor_id))


def sourced_by_id(store: Store, kind: str, ids: Collection[int]) -> dict[int, tuple[Record, Source]]:
    """Records of a digested kind by row id, each with its article (built from the columns)."""
    build = digest_reader(store, kind)
    width = len(DIGEST_COLUMNS[kind])
    out: dict[int, tuple[Record, Source]] = {}
    for row in store.digest_rows(kind, (*DIGEST_COLUMNS[kind], "id"), ids=ids):
        out[row[width]] = (build(row[:width]), Source(row[0], *row[width + 1 :]))
    return out


class RoleDigest(NamedTuple):
    """A role as the briefing's people read it (no record built: a store holds one for nearly
    every report), its actor id as stored."""

    article_id: str
    person: str
    actor_id: str | None
    role: str
    country: str | None
    evidence: str
    start: int
    end: int


def role_digests(store: Store, *, articles: Collection[str] | None = None) -> Iterator[RoleDigest]:
    """The roles in scope as digests, in `iter_sourced` order (actor ids as stored)."""
    for row in store.digest_rows("role", RoleDigest._fields, articles=articles):
        yield RoleDigest(*row[:8])
