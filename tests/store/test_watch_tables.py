"""detente watch's tables on every backend: feeds and their state, seen entries, alerts flagged
unsent per sink until delivered, and the stored facts new articles touch."""

from __future__ import annotations

from detente.ingest.normalize import Draft, finish
from detente.knowledge.changes import Alert, Citation
from detente.records import ArticleFacts, Position, Role
from detente.store import Incoming, Store


def alert(n: int, kind: str = "new_story") -> Alert:
    cite = Citation(f"art{n}", f"http://news.invalid/{n}", "Hillside Gazette", "2025-03-03", 0, 12)
    return Alert(kind, f"2025-03-0{n}T10:00:00+00:00", f"subject-{n}", None, {"n": n}, f"Change {n}", (cite,))


def test_feeds_seen_entries_and_alerts_per_sink(store: Store) -> None:
    assert store.add_feeds(["http://b.invalid/feed", "http://a.invalid/feed", "http://b.invalid/feed"]) == 2
    assert [f.url for f in store.feeds()] == ["http://b.invalid/feed", "http://a.invalid/feed"]  # as added
    state = store.feeds()[0].replace(etag='"v7"', errors=2, next_try=1234.5)
    store.commit_watch(
        state, [("guid:1", "art1"), ("id:art2", None)], [alert(1), alert(2)], ["stdout", "file:/x"]
    )
    got = store.feeds()[0]
    assert (got.etag, got.errors, got.next_try) == ('"v7"', 2, 1234.5)
    assert store.seen_entries(["guid:1", "guid:9", "id:art2"]) == {"guid:1", "id:art2"}
    assert [a.id for a in store.unsent_alerts("stdout")] == [alert(1).id, alert(2).id]
    store.mark_sent("stdout", [alert(1).id])
    store.mark_sent("stdout", [alert(2).id], error="pipe closed")
    assert [a.id for a in store.unsent_alerts("stdout")] == [alert(2).id]
    assert len(store.unsent_alerts("file:/x")) == 2
    store.commit_watch(store.feeds()[1], [], [alert(1), alert(3, "conflict")], ["stdout"])  # alert 1 again
    assert [a.id for a in store.unsent_alerts("stdout")] == [alert(2).id, alert(3, "conflict").id]
    assert [a.kind for a in store.alerts(since="2025-03-02")] == ["new_story", "conflict"]
    assert [a.subject for a in store.alerts(kinds=["conflict"])] == ["subject-3"]
    store.update_feeds([s.replace(last_error="timed out") for s in store.feeds()])
    assert {f.last_error for f in store.feeds()} == {"timed out"}
    assert store.forget_feeds(["http://b.invalid/feed", "http://c.invalid/feed"]) == 1
    assert [f.url for f in store.feeds()] == ["http://a.invalid/feed"]


def test_related_facts_find_earlier_positions_and_roles(store: Store) -> None:
    run = store.begin_run("test", "0", None)

    def saved(aid: str, text: str, stance: str) -> None:
        a = finish(Draft(source="t", text=text, id=aid, published="2025-04-0" + aid[-1]))
        pos = Position(aid, "Valdoria", "country:vld", "VLD", None, "ceasefire", stance, text, 0, len(text))  # type: ignore[arg-type]
        role = Role(
            aid, "Ana Petrova", None, "Foreign Minister", "Valdoria", "VLD", "GOV", text, 0, len(text)
        )
        store.save([Incoming(ArticleFacts(article=a, positions=(pos,), roles=(role,)))], run)

    saved("a1", "Valdoria backed the ceasefire, said Ana Petrova.", "support")
    saved("a2", "Valdoria now rejects the ceasefire, Ana Petrova said.", "oppose")
    saved("a3", "An unrelated report on harvests.", "support")
    related = store.related_facts(["a2"])
    assert sorted(p.stance for p, _ in related.positions) == ["oppose", "support", "support"]
    assert sorted(s.article_id for _, s in related.roles) == ["a1", "a2", "a3"]
    assert related.events == {}
