"""Exports in every format, and the round trip record → store → export → record."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from detente.errors import ConfigError
from detente.ingest.normalize import Draft, finish
from detente.records import (
    RECORD_KINDS,
    Actor,
    ActorRef,
    ArticleFacts,
    Event,
    Place,
    Position,
    Quote,
    Role,
)
from detente.report.export import (
    cameo_code,
    check_kinds,
    flatten,
    iter_export,
    records_from_jsonl,
    write_cameo,
    write_jsonl,
    write_tables,
)
from detente.store import Incoming, SQLiteStore

ARTICLE = finish(
    Draft(
        source="t",
        text="Russia's Deputy Defence Minister met Ukraine's team in Istanbul.",
        id="e1",
        published="2025-05-16",
    )
)
RUSMIL = ActorRef("person:alexander-fomin", "Alexander Fomin", "RUS", "MIL")
UKR = ActorRef("country:ukr", "Ukraine", "UKR", None)
EVENT = Event(
    id="e1-0",
    article_id="e1",
    type="CONSULT",
    mode=None,
    cameo="040",
    status="occurred",
    source=RUSMIL,
    target=UKR,
    trigger="met",
    date="2025-05-16",
    date_end=None,
    date_precision="day",
    date_text="on Friday",
    place=Place("Istanbul", 745044, "TUR", 41.01, 28.95),
    evidence=ARTICLE.text,
    start=0,
    end=len(ARTICLE.text),
    confidence=0.8,
)
EVENT_NO_PLACE = Event(
    id="e1-1",
    article_id="e1",
    type="REJECT",
    mode=None,
    cameo="120",
    status="negated",
    source=None,
    target=None,
    trigger="rejected",
    date=None,
    date_end=None,
    date_precision=None,
    date_text=None,
    place=None,
    evidence=ARTICLE.text,
    start=0,
    end=10,
    confidence=0.5,
)


def filled(tmp_path: Path) -> SQLiteStore:
    store = SQLiteStore(tmp_path / "x.db")
    run = store.begin_run("t", "0", None)
    f = ArticleFacts(
        article=ARTICLE,
        actors=(
            Actor("person:alexander-fomin", "Alexander Fomin", "person", ("Fomin",), "RUS", "MIL", None),
        ),
        events=(EVENT, EVENT_NO_PLACE),
        roles=(
            Role(
                "e1",
                "Alexander Fomin",
                "person:alexander-fomin",
                "Deputy Defence Minister",
                "Russia",
                "RUS",
                "MIL",
                ARTICLE.text,
                0,
                10,
            ),
        ),
        positions=(
            Position("e1", "Russia", "country:rus", "RUS", None, "ceasefire", "oppose", ARTICLE.text, 0, 10),
        ),
    )
    store.save([Incoming(f)], run)
    return store


def test_jsonl_has_every_contract_field_with_nulls(tmp_path: Path) -> None:
    store = filled(tmp_path)
    buf = io.StringIO()
    n = write_jsonl(iter_export(store, ["article", "event", "actor"]), buf)
    lines = [json.loads(x) for x in buf.getvalue().splitlines()]
    assert n == len(lines) == 4
    assert lines[0]["kind"] == "article" and set(lines[0]) == {
        "kind",
        "id",
        "url",
        "outlet",
        "published",
        "title",
        "language",
        "text",
        "text_sha256",
    }
    ev = lines[2]
    assert ev["place"] is None and ev["source"] is None and "date_end" in ev
    assert lines[1]["place"]["geonameid"] == 745044 and lines[1]["source"]["sector"] == "MIL"
    assert lines[3] == {
        "kind": "actor",
        "id": "person:alexander-fomin",
        "name": "Alexander Fomin",
        "type": "person",
        "aliases": ["Fomin"],
        "country": "RUS",
        "sector": "MIL",
        "wikidata": None,
    }


def test_csv_tables_flatten_nested_refs(tmp_path: Path) -> None:
    store = filled(tmp_path)
    written = write_tables(store, ["event", "quote"], tmp_path / "out", "csv")
    assert written == {"events.csv": 2, "quotes.csv": 0}
    rows = list(csv.DictReader((tmp_path / "out" / "events.csv").open(encoding="utf-8")))
    assert rows[0]["source_country"] == "RUS" and rows[0]["place_geonameid"] == "745044"
    assert rows[1]["place_name"] == "" and "source_sector" in rows[1]
    header = (tmp_path / "out" / "quotes.csv").read_text().strip().split(",")
    assert header[:3] == ["article_id", "speaker", "actor_id"]


def test_parquet_tables(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    store = filled(tmp_path)
    write_tables(store, ["event", "actor", "story"], tmp_path / "pq", "parquet")
    table = pq.read_table(tmp_path / "pq" / "events.parquet")
    assert table.num_rows == 2 and table.column("source_country").to_pylist() == ["RUS", None]
    assert json.loads(pq.read_table(tmp_path / "pq" / "actors.parquet").column("aliases")[0].as_py()) == [
        "Fomin"
    ]
    assert pq.read_table(tmp_path / "pq" / "stories.parquet").num_rows == 0


def test_cameo_lines(tmp_path: Path) -> None:
    store = filled(tmp_path)
    buf = io.StringIO()
    assert write_cameo(store, buf) == 2
    first = buf.getvalue().splitlines()[0].split("\t")
    assert first == ["2025-05-16", "RUSMIL", "UKR", "040", "e1", ARTICLE.text]
    assert cameo_code(None) == ""


def test_flatten_and_kinds() -> None:
    assert flatten({"kind": "x", "a": {"b": 1, "c": [1]}, "d": [1, 2]}) == {
        "a_b": 1,
        "a_c": "[1]",
        "d": "[1, 2]",
    }
    assert check_kinds(None) == list(RECORD_KINDS)
    with pytest.raises(ConfigError, match="unknown record kind"):
        check_kinds(["events"])


# -- round trip: record → store → export → record ---------------------------------------------
text = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40)
maybe = lambda s: st.none() | s  # noqa: E731
refs = st.builds(
    ActorRef,
    actor_id=maybe(text),
    name=text,
    country=maybe(st.sampled_from(["UKR", "RUS", "TUR", "IGO"])),
    sector=maybe(st.sampled_from(["GOV", "MIL"])),
)
places = st.builds(
    Place,
    name=text,
    geonameid=maybe(st.integers(1, 10**8)),
    country=maybe(text),
    lat=maybe(st.floats(-90, 90)),
    lon=maybe(st.floats(-180, 180)),
)
events = st.builds(
    Event,
    id=text,
    article_id=st.just("rt"),
    type=st.sampled_from(["CONSULT", "ASSAULT"]),
    mode=maybe(text),
    cameo=maybe(text),
    status=st.sampled_from(["occurred", "planned", "negated", "hypothetical"]),
    source=maybe(refs),
    target=maybe(refs),
    trigger=text,
    date=maybe(text),
    date_end=maybe(text),
    date_precision=maybe(st.sampled_from(["day", "month", "year", "range"])),
    date_text=maybe(text),
    place=maybe(places),
    evidence=text,
    start=st.integers(0, 10**6),
    end=st.integers(0, 10**6),
    confidence=st.floats(0, 1),
)
quotes = st.builds(
    Quote,
    article_id=st.just("rt"),
    speaker=maybe(text),
    actor_id=maybe(text),
    country=maybe(text),
    text=text,
    direct=st.booleans(),
    cue=maybe(text),
    evidence=text,
    start=st.integers(0, 9999),
    end=st.integers(0, 9999),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(evs=st.lists(events, max_size=4, unique_by=lambda e: e.id), qs=st.lists(quotes, max_size=3), body=text)
def test_round_trip(
    tmp_path_factory: pytest.TempPathFactory, evs: list[Event], qs: list[Quote], body: str
) -> None:
    store = SQLiteStore(tmp_path_factory.mktemp("rt") / "rt.db")
    article = finish(Draft(source="t", text=body + " x", id="rt"))
    store.save(
        [Incoming(ArticleFacts(article=article, events=tuple(evs), quotes=tuple(qs)))],
        store.begin_run("t", "0", None),
    )
    buf = io.StringIO()
    write_jsonl(iter_export(store, ["article", "event", "quote"]), buf)
    back = records_from_jsonl(buf.getvalue())
    store.close()
    assert back == [article, *evs, *qs]
