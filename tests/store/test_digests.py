"""Fact digests (migration 0006): positions, roles and quotes read from their columns are the
records their JSON holds, on both backends, after merges, re-ingest and the migration itself."""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import replace

from detente.lexicon.taxonomy import load_taxonomy
from detente.records import Position, Quote, Record, Role
from detente.report.views import position_rows, position_table
from detente.store import Incoming, Store, open_store
from detente.store.digests import DIGEST_CLASSES, DIGEST_COLUMNS, position_digests, role_digests
from tests.store.conftest import raw_execute
from tests.store.test_reads import DAYS, fill, report

KINDS = ("role", "quote", "position")


def test_every_field_of_a_digested_record_has_its_column() -> None:
    for kind, cls in DIGEST_CLASSES.items():
        assert DIGEST_COLUMNS[kind] == tuple(f.name for f in dataclasses.fields(cls)), kind


def as_json(store: Store, kind: str) -> Counter[Record]:
    """The records of a kind as their stored JSON gives them (the path the digests replace)."""
    return Counter(store.iter_records(kind))


def from_columns(store: Store, kind: str) -> Counter[Record]:
    return Counter(r for r, _ in store.iter_sourced(kind))


def test_digests_are_the_stored_records_after_merges_and_reingest(store: Store) -> None:
    fill(store, 0, DAYS)
    for kind in KINDS:
        assert from_columns(store, kind) == as_json(store, kind) and as_json(store, kind)
    store.merge_actors("country:tur", "country:rus")
    for kind in KINDS:
        got = from_columns(store, kind)
        assert got == as_json(store, kind)
        assert "country:rus" not in {getattr(r, "actor_id", None) for r in got}  # read canonical
    facts = report(2, DAYS[2])
    changed = replace(
        facts,
        positions=(replace(facts.positions[0], stance="conditional", claim="a pause", condition="if asked"),),
        quotes=(replace(facts.quotes[0], direct=not facts.quotes[0].direct, speaker_type="official"),),
        roles=(replace(facts.roles[0], role="chief envoy", affiliation=None),),
    )
    run = store.begin_run("test", "1", None)
    for _ in range(2):  # re-extracted, then the same again: replaced once, never duplicated
        store.save([Incoming(changed, extractor="2")], run)
        for kind in KINDS:
            got = from_columns(store, kind)
            assert got == as_json(store, kind) and sum(got.values()) == len(DAYS)
    mine = [r for r, s in store.iter_sourced("position") if s.article_id == facts.article.id]
    assert [(p.stance, p.claim, p.condition) for p in mine if isinstance(p, Position)] == [
        ("conditional", "a pause", "if asked")
    ]
    direct = [q for q, _ in store.iter_sourced("quote", direct_only=True)]
    assert all(isinstance(q, Quote) and q.direct for q in direct)
    assert len(direct) == sum(
        1 for q in as_json(store, "quote").elements() if isinstance(q, Quote) and q.direct
    )
    roles = [r for r, s in store.iter_sourced("role") if s.article_id == facts.article.id]
    assert [(r.role, r.affiliation) for r in roles if isinstance(r, Role)] == [("chief envoy", None)]


_DROP = {
    "positions": ("country", "sector", "evidence", "start", '"end"', "topic", "claim", '"condition"', "confidence"),
    "roles": ("role", "affiliation", "country", "sector", "evidence", "start", '"end"'),
    "quotes": ("country", '"text"', "direct", "cue", "evidence", "start", '"end"', "speaker_type", "commitment",
               "confidence"),
}  # fmt: skip


def test_the_migration_fills_the_digests_of_records_stored_before_it(db_spec: str) -> None:
    with open_store(db_spec) as store:
        fill(store, 0, DAYS)
        before = {kind: list(store.iter_sourced(kind)) for kind in KINDS}
    # What a version-5 store holds: the JSON alone.
    raw_execute(db_spec, "DROP INDEX quotes_direct")
    for table, cols in _DROP.items():
        for col in cols:
            raw_execute(db_spec, f"ALTER TABLE {table} DROP COLUMN {col}")
    raw_execute(db_spec, "DELETE FROM schema_migrations WHERE version = 6")
    with open_store(db_spec) as store:  # migrated on opening
        for kind in KINDS:
            assert list(store.iter_sourced(kind)) == before[kind], kind


def test_the_position_table_reads_the_sentences_of_the_reports_it_shows_only(store: Store) -> None:
    fill(store, 0, DAYS)
    fill(store, 8, ["2025-06-02", "2025-06-03"], topic="prisoners")
    tax = load_taxonomy()
    full = position_table(store, tax)
    bare = position_table(store, tax, history=False)
    assert [replace(r, history=[]) for r in full] == bare and all(r.history for r in full)
    rows = position_rows(store, tax)
    assert [r for r, _ in rows] == bare
    for (_, digests), row in zip(rows, full, strict=True):
        assert [(d.article_id, d.start, d.stance, d.published) for d in digests] == [
            (h.article_id, h.start, h.stance, h.date) for h in row.history
        ]
    ids = {"r01", "r02", "r05"}
    assert {d.article_id for d in position_digests(store, articles=ids)} <= ids
    assert {d.issue for d in position_digests(store, issue="ceasefire")} == {"ceasefire"}


def test_role_digests_are_the_stored_roles_in_reading_order(store: Store) -> None:
    fill(store, 0, DAYS)
    want = [
        (r.article_id, r.person, r.actor_id, r.role, r.country, r.evidence, r.start, r.end)
        for r, _ in store.iter_sourced("role")
        if isinstance(r, Role)
    ]
    assert [tuple(d) for d in role_digests(store)] == want and want
    some = {"r01", "r04"}
    assert [tuple(d) for d in role_digests(store, articles=some)] == [w for w in want if w[0] in some]
