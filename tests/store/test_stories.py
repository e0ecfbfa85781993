"""Story events kept current by every backend: pending keys saved with the events, rebuilt
incrementally, and a replaced article's old story rebuilt too."""

from __future__ import annotations

from detente.ingest.normalize import Draft, finish
from detente.knowledge.stories import story_key
from detente.records import ActorRef, Article, ArticleFacts, Event, Place
from detente.store import Incoming, Store

RUS = ActorRef("country:rus", "Russia", "RUS", None)
UKR = ActorRef("country:ukr", "Kyiv", "UKR", "GOV")
TUR = ActorRef("country:tur", "Ankara", "TUR", "GOV")
IST = Place("Istanbul", 745044, "TUR", 41.0, 28.9)


def article(aid: str, text: str, published: str) -> Article:
    return finish(Draft(source="t", text=text, id=aid, published=published, outlet=f"outlet-{aid}"))


def talks(eid: str, a: Article, date: str, source: ActorRef = RUS, target: ActorRef = UKR) -> Event:
    return Event(
        id=eid, article_id=a.id, type="CONSULT", mode=None, cameo="046", status="occurred",
        source=source, target=target, trigger="held talks", date=date, date_end=None, date_precision="day",
        date_text=None, place=IST, evidence=a.text, start=0, end=len(a.text), confidence=0.8,
    )  # fmt: skip


def saved(store: Store, run: int, a: Article, *events: Event) -> None:
    store.save([Incoming(ArticleFacts(article=a, events=events))], run)


def test_stories_are_rebuilt_from_pending_keys_only(store: Store) -> None:
    run = store.begin_run("test", "0", None)
    a = article("a1", "Delegations from Moscow and Kyiv held talks in Istanbul.", "2025-05-16")
    b = article("a2", "The two sides held talks in Istanbul, a second outlet reported.", "2025-05-17")
    saved(store, run, a, talks("e1", a, "2025-05-16"))
    saved(store, run, b, talks("e2", b, "2025-05-16", source=UKR, target=RUS))
    key = story_key(talks("e1", a, "2025-05-16"))
    assert store.pending_story_keys() == {key}
    assert store.update_stories(store.pending_story_keys()) == 1
    assert store.pending_story_keys() == set()
    (story,) = store.iter_stories()
    assert sorted(story.event_ids) == ["e1", "e2"]
    assert store.get_story(story.id) == story
    assert list(store.iter_records("story")) == [story]
    found = store.get_events(["e1", "e2", "missing"])
    assert sorted(found) == ["e1", "e2"] and found["e2"][1].outlet == "outlet-a2"

    c = article("a3", "Ankara and Kyiv held talks on grain.", "2025-06-01")
    saved(store, run, c, talks("e3", c, "2025-06-01", source=TUR))
    assert store.pending_story_keys() == {story_key(talks("e3", c, "2025-06-01", source=TUR))}
    assert store.update_stories(store.pending_story_keys()) == 1
    assert len(list(store.iter_stories())) == 2  # the first story was left as it was


def test_a_replaced_article_rebuilds_the_story_it_left(store: Store) -> None:
    run = store.begin_run("test", "0", None)
    a = article("a1", "Delegations from Moscow and Kyiv held talks in Istanbul.", "2025-05-16")
    saved(store, run, a, talks("e1", a, "2025-05-16"))
    store.update_stories(store.pending_story_keys())
    old_key = story_key(talks("e1", a, "2025-05-16"))
    b = article("a1", "In the end Ankara and Kyiv held the talks.", "2025-05-16")
    saved(store, run, b, talks("e1b", b, "2025-05-16", source=TUR))
    assert old_key in store.pending_story_keys()  # its event is gone: that story must go too
    store.update_stories(store.pending_story_keys())
    (story,) = store.iter_stories()
    assert story.event_ids == ("e1b",) or list(story.event_ids) == ["e1b"]
    assert store.update_stories() == 1  # a full rebuild finds the same
