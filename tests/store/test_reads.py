"""Reads that filter in the database answer exactly what filtering every record in Python did,
on both backends, and the rows they lean on (which articles report each story) follow ingest."""

from __future__ import annotations

import itertools

from detente.ingest.normalize import Draft, finish
from detente.lexicon.taxonomy import load_taxonomy
from detente.records import (
    Actor,
    ActorRef,
    ArticleFacts,
    Event,
    Mention,
    Place,
    Position,
    Quote,
    Role,
    Source,
    Story,
)
from detente.report.briefing import Builder, Scope
from detente.report.views import position_table, quote_list
from detente.store import Incoming, Store

PARTIES = [("rus", "Russia", "RUS"), ("ukr", "Ukraine", "UKR"), ("tur", "Turkey", "TUR")]
ENVOY = Actor("person:ana-kovac", "Ana Kovac", "person", (), "UKR", "GOV")
HARBOUR = Place("Harbour City", 1, "TUR", 41.0, 29.0)


def ref(i: int) -> ActorRef:
    code, name, country = PARTIES[i % 3]
    return ActorRef(f"country:{code}", name, country, None)


def report(n: int, day: str | None, topic: str = "grain") -> ArticleFacts:
    """One made-up report: two parties meet about `topic`, an envoy speaks, a party takes a stance."""
    a, b = ref(n), ref(n + 1)
    text = (
        f"{a.name} and {b.name} met in Harbour City about {topic}. "
        f"Ana Kovac said the meeting on {topic} went well for everyone. "
        f"{a.name} backed a pause in the fighting over {topic}."
    )
    art = finish(Draft(source="t", text=text, id=f"r{n:02d}", published=day, outlet=f"paper{n % 4}"))
    s1, s2, s3 = (text.index(x) for x in (a.name, "Ana Kovac", f"{a.name} backed"))
    actors = (
        Actor(a.actor_id or "", a.name, "country", (), a.country),
        Actor(b.actor_id or "", b.name, "country", (), b.country),
        ENVOY,
    )
    mentions = (
        Mention(art.id, a.actor_id or "", a.name, "GPE", a.country, None, s1, s1 + len(a.name)),
        Mention(art.id, ENVOY.id, "Ana Kovac", "PERSON", "UKR", "GOV", s2, s2 + 9),
    )
    date = day[:10] if day else None
    event = Event(f"{art.id}-e", art.id, "CONSULT", None, "046", "occurred", a, b, "met", date, None,
                  "day" if date else None, None, HARBOUR, text[:s2].strip(), 0, s2 - 1, 0.5 + n % 5 / 10)  # fmt: skip
    quote = Quote(art.id, "Ana Kovac", ENVOY.id, "UKR", f"the meeting on {topic} went well for everyone",
                  n % 2 == 0, "said", text[s2:s3].strip(), s2, s3 - 1)  # fmt: skip
    stance = "support" if n % 3 else "oppose"
    position = Position(art.id, a.name, a.actor_id, a.country, None, "ceasefire" if n % 2 else "sanctions",
                        stance, text[s3:], s3, len(text))  # type: ignore[arg-type]  # fmt: skip
    role = Role(art.id, "Ana Kovac", ENVOY.id, "envoy", "Ukraine", "UKR", "GOV", text[s2:s3], s2, s3 - 1)
    return ArticleFacts(art, actors, mentions, (event,), (role,), (quote,), (position,))


DAYS = [
    "2025-03-02",
    "2025-03-02",
    "2025-04-11",
    None,
    "2025-05-20",
    "2025-05-20",
    "2025-06-01",
    "2025-06-30",
]


def fill(store: Store, start: int, days: list[str | None], topic: str = "grain") -> None:
    run = store.begin_run("test", "0", None)
    store.save([Incoming(report(start + i, d, topic)) for i, d in enumerate(days)], run)
    store.update_stories(store.pending_story_keys())


def old_order(rows: list[tuple[object, Source]], newest_first: bool = False) -> list[tuple[object, Source]]:
    """What reading everything did: storage order by date (undated last), then a stable sort."""
    if newest_first:
        return sorted(rows, key=lambda rs: rs[1].published or "", reverse=True)
    return rows


def test_scoped_reads_answer_what_filtering_everything_did(store: Store) -> None:
    fill(store, 0, DAYS)
    everything = list(store.article_sources())
    assert [s.published for s in everything][-1] is None  # undated last
    for ids, until in itertools.product([None, {"r01", "r03", "r06", "nope"}, set()], [None, "2025-05-20"]):
        want = [
            s for s in everything
            if (ids is None or s.article_id in ids) and not (until and s.published and s.published > until)
        ]  # fmt: skip
        assert list(store.article_sources(ids=ids, until=until)) == want
    for kind in ("event", "role", "quote", "position"):
        full = list(store.iter_sourced(kind))
        for articles in (None, {"r00", "r03", "r05", "r07"}, set()):
            want = [(r, s) for r, s in full if articles is None or s.article_id in articles]
            assert list(store.iter_sourced(kind, articles=articles)) == want
            newest = list(store.iter_sourced(kind, articles=articles, newest_first=True))
            assert newest == old_order(want, newest_first=True)
    positions = list(store.iter_sourced("position"))
    on_issue = [(p, s) for p, s in positions if isinstance(p, Position) and p.issue == "ceasefire"]
    assert list(store.iter_sourced("position", issue="ceasefire")) == on_issue and on_issue
    direct = [(q, s) for q, s in store.iter_sourced("quote") if isinstance(q, Quote) and q.direct]
    assert list(store.iter_sourced("quote", direct_only=True, newest_first=True)) == old_order(direct, True)


def test_articles_mentioning_follows_merges(store: Store) -> None:
    fill(store, 0, DAYS[:4])
    mentions = [m for m in store.iter_records("mention") if isinstance(m, Mention)]
    for actor in ("country:rus", ENVOY.id, "country:nobody"):
        assert store.articles_mentioning(actor) == {m.article_id for m in mentions if m.actor_id == actor}
    kept = store.merge_actors("country:ukr", "country:rus")
    merged = {m.article_id for m in mentions if m.actor_id in ("country:ukr", "country:rus")}
    assert store.articles_mentioning(kept) == merged


def test_one_actors_counts_are_those_of_the_actor_list_after_merges_too(store: Store) -> None:
    fill(store, 0, DAYS[:4])
    for merged in (False, True):
        if merged:
            store.merge_actors("country:ukr", "country:rus")
        listed = {i.actor.id: i for i in store.actors()}
        for actor_id in ("country:ukr", "country:tur", ENVOY.id):
            assert store.actor_info(actor_id) == listed[actor_id], (actor_id, merged)
        assert store.actor_info("country:nobody") is None
    assert store.actor_info("country:rus") == listed["country:ukr"]  # a merged id gives the kept actor


def test_stories_of_some_articles_follow_every_ingest(store: Store) -> None:
    fill(store, 0, DAYS)
    check_scoped_stories(store)
    fill(store, 8, ["2025-07-04", "2025-03-02"])  # a new story, and one more report of an old one
    run = store.begin_run("test", "0", None)  # and a report rewritten: its story moves
    store.save([Incoming(report(2, "2025-04-12", topic="prisoners"))], run)
    store.update_stories(store.pending_story_keys())
    check_scoped_stories(store)
    assert any("r09" in s.article_ids and "r00" in s.article_ids for s in store.iter_stories())
    store.update_stories()  # a full rebuild keeps them too
    check_scoped_stories(store)


def check_scoped_stories(store: Store) -> None:
    stories = list(store.iter_stories())
    ids = {s.article_id for s in store.article_sources()}
    for scope in [{"r00"}, {"r02", "r09"}, {"r04", "r05", "r07"}, ids, set()]:
        want = [s for s in stories if any(a in scope for a in s.article_ids)]
        assert list(store.iter_stories(articles=scope)) == want


def test_a_page_of_records_is_the_slice_of_all_of_them(store: Store) -> None:
    fill(store, 0, DAYS)
    for kind in ("article", "actor", "mention", "event", "role", "quote", "position", "story", "failure"):
        every = list(store.iter_records(kind))
        for offset, limit in ((0, 3), (2, 100), (50, 5)):
            assert store.record_page(kind, offset, limit) == (len(every), every[offset : offset + limit])


def test_a_page_of_stories_is_the_slice_of_all_of_them(store: Store) -> None:
    fill(store, 0, DAYS)
    every = list(store.iter_stories())
    for offset, limit in ((0, 2), (3, 100), (40, 5)):
        assert store.story_page(offset, limit) == (len(every), every[offset : offset + limit], ["CONSULT"])


def old_articles(store: Store, scope: Scope) -> dict[str, Source]:
    """The briefing's articles as it found them before the store filtered them."""
    ids = {h.article_id for h in store.search(scope.query, 100_000)} if scope.query else None
    out = {
        s.article_id: s
        for s in store.article_sources()
        if (ids is None or s.article_id in ids)
        and not (scope.until and s.published and s.published > scope.until)
    }
    if scope.actor:
        wanted = store.find_actor(scope.actor)
        keep = {
            m.article_id
            for m in store.iter_records("mention")
            if isinstance(m, Mention) and store.canonical_id(m.actor_id) == wanted
        }
        out = {k: v for k, v in out.items() if k in keep}
    return out


def test_the_briefing_reads_its_scope_as_before(store: Store) -> None:
    fill(store, 0, DAYS)
    fill(store, 8, ["2025-06-02", "2025-06-03"], topic="prisoners")
    tax = load_taxonomy()
    scopes = [Scope(), Scope(query="prisoners"), Scope(actor="Ana Kovac", until="2025-05-31"),
              Scope(actor="Turkey"), Scope(until="2025-04-30"), Scope(query="grain", actor="Russia")]  # fmt: skip
    for scope in scopes:
        b = Builder(store, tax, scope)
        articles = old_articles(store, scope)
        assert list(b.articles.items()) == list(articles.items()), scope
        stories: list[Story] = [s for s in store.iter_stories() if any(a in articles for a in s.article_ids)]
        assert b.stories == stories
        for kind in ("role", "position"):
            want = [(r, s) for r, s in store.iter_sourced(kind) if s.article_id in articles]
            assert list(b.sourced(kind)) == want
        assert b.quotes(direct_only=False) == [
            (q, s) for q, s in store.iter_sourced("quote") if s.article_id in articles
        ]


def test_views_read_as_before(store: Store) -> None:
    fill(store, 0, DAYS)
    tax = load_taxonomy()
    quotes = list(store.iter_sourced("quote"))
    rows = quote_list(store)
    assert [(r.article_id, r.start) for r in rows] == [
        (s.article_id, q.start) for q, s in old_order(quotes, newest_first=True)
    ]
    assert quote_list(store, limit=3) == rows[:3]
    assert quote_list(store, direct_only=True, limit=2) == [r for r in rows if r.direct][:2]
    every = position_table(store, tax)
    assert position_table(store, tax, issue="ceasefire") == [r for r in every if r.issue == "ceasefire"]
    assert {r.issue for r in every} == {"ceasefire", "sanctions"}


def held_by(rec: object) -> set[str | None]:
    if isinstance(rec, Event):
        return {r.actor_id for r in (rec.source, rec.target) if r is not None}
    return {getattr(rec, "actor_id", None)}


def test_an_actors_facts_are_found_by_index_after_merges_too(store: Store) -> None:
    fill(store, 0, DAYS)
    for merged in (False, True):
        if merged:
            store.merge_actors("country:tur", "country:rus")
        for kind in ("event", "role", "quote", "position"):
            every = list(store.iter_sourced(kind))
            for actor in ("country:tur", "country:ukr", ENVOY.id):
                want = old_order([(r, s) for r, s in every if actor in held_by(r)], newest_first=True)
                assert store.sourced_for_actor(kind, actor) == want, (kind, actor, merged)
    assert store.sourced_for_actor("event", "country:tur")  # its own and the merged actor's


def test_records_read_back_fast_are_the_records_from_record_gives() -> None:
    from dataclasses import replace

    from detente.records import Conflict, StatusReport
    from detente.store.base import record_from

    facts = report(3, "2025-05-02")
    story = Story("s1", "CONSULT", None, "occurred", (ref(0), ref(1)), "2025-05-02", None, HARBOUR, ("e1", "e2"),
                  ("r01", "r02"), 2, (Conflict("date", ({"value": "2025-05-02", "article_ids": ["r01"]},)),),
                  (StatusReport("planned", "2025-05-01", ("r01",)),))  # fmt: skip
    records = [facts.events[0], facts.quotes[0], facts.positions[0], facts.roles[0], story,
               replace(facts.events[0], place=None, target=None)]  # fmt: skip
    for rec in records:
        data = rec.to_record()
        assert record_from(type(rec), rec.to_record()) == type(rec).from_record(data) == rec
        older = {**rec.to_record(), "retired_field": 1}  # a field this version no longer has
        if isinstance(rec, Event):
            older["source"] = {**older["source"], "retired": True}
        assert record_from(type(rec), older) == type(rec).from_record(rec.to_record())
    position = facts.positions[0].to_record()
    del position["claim"]  # a store older than the field: its default
    assert record_from(Position, position) == facts.positions[0]
