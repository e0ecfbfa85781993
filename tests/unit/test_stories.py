"""Story events from hand-built events: merging, clustering by date, conflicts, incremental updates."""

from __future__ import annotations

from pathlib import Path

from detente.ingest.normalize import Draft, finish
from detente.knowledge.stories import cluster, stories_for, story_key
from detente.records import ActorRef, ArticleFacts, Event, Place, Source
from detente.store import Incoming, SQLiteStore

RUS = ActorRef("country:rus", "Russia", "RUS", None)
UKR = ActorRef("country:ukr", "Kyiv", "UKR", "GOV")
MEDINSKY = ActorRef("person:vladimir-medinsky", "Medinsky", "RUS", "GOV")
IST = Place("Istanbul", 745044, "TUR", 41.0, 28.9)
ANK = Place("Ankara", 323786, "TUR", 39.9, 32.8)


def ev(
    eid: str,
    art: str,
    date: str | None,
    *,
    status: str = "occurred",
    source=RUS,
    target=UKR,
    place=IST,
    evidence: str = "",
    precision: str | None = None,
    type_: str = "CONSULT",
) -> Event:
    return Event(
        id=eid, article_id=art, type=type_, mode=None, cameo="046", status=status,  # type: ignore[arg-type]
        source=source, target=target, trigger="held talks", date=date, date_end=None,
        date_precision=precision or ("day" if date and len(date) == 10 else "month" if date else None),  # type: ignore[arg-type]
        date_text=None, place=place, evidence=evidence or f"Evidence of {eid}.", start=0, end=10, confidence=0.8,
    )  # fmt: skip


def src(art: str, published: str, outlet: str) -> Source:
    return Source(art, published, outlet, f"https://{outlet}/{art}", None)


def test_key_is_two_sided_for_meetings_and_one_way_for_attacks() -> None:
    a = ev("1", "a", None, source=RUS, target=UKR)
    b = ev("2", "b", None, source=UKR, target=MEDINSKY)
    assert story_key(a) == story_key(b) == "CONSULT|RUS|UKR"
    hit = ev("3", "c", None, type_="ASSAULT", source=RUS, target=UKR)
    back = ev("4", "d", None, type_="ASSAULT", source=UKR, target=RUS)
    assert story_key(hit) != story_key(back)


def test_same_happening_from_several_outlets_is_one_story() -> None:
    items = [
        (ev("1", "a", "2025-05-16"), src("a", "2025-05-16", "one.example")),
        (ev("2", "b", "2025-05-16", source=MEDINSKY), src("b", "2025-05-17", "two.example")),
        (ev("3", "c", "2025-05", precision="month"), src("c", "2025-05-20", "three.example")),
        (ev("4", "d", None), src("d", "2025-05-18", "four.example")),
        (ev("5", "e", "2025-06-02"), src("e", "2025-06-02", "one.example")),
    ]
    (first, second) = stories_for("CONSULT|RUS|UKR", items)
    assert (
        first.date == "2025-05-16" and first.sources == 4 and set(first.article_ids) == {"a", "b", "c", "d"}
    )
    assert {p.name for p in first.parties} >= {"Medinsky"} or {p.country for p in first.parties} == {
        "RUS",
        "UKR",
    }
    assert second.date == "2025-06-02" and second.article_ids == ("e",)
    assert first.place == IST and not first.conflicts


def test_reports_that_differ_are_conflicts_not_silently_merged() -> None:
    items = [
        (
            ev("1", "a", "2025-05-25", evidence="The sides swapped 1,000 prisoners."),
            src("a", "2025-05-25", "one.example"),
        ),
        (
            ev("2", "b", "2025-05-25", evidence="The sides swapped 1,000 prisoners."),
            src("b", "2025-05-25", "two.example"),
        ),
        (
            ev("3", "c", "2025-05-24", place=ANK, evidence="They swapped 1,200 prisoners."),
            src("c", "2025-05-26", "three.example"),
        ),
        (
            ev("4", "d", "2025-05-24", place=ANK, evidence="They swapped 1,200 prisoners."),
            src("d", "2025-05-26", "four.example"),
        ),
    ]
    (story,) = stories_for("CONSULT|RUS|UKR", items)
    fields = {c.field: c for c in story.conflicts}
    assert set(fields) == {"date", "place", "count of prisoners"}
    assert [v["value"] for v in fields["count of prisoners"].values] == ["1000", "1200"]
    assert fields["place"].values[0]["article_ids"] == ["c", "d"]


def test_a_plan_that_happened_takes_the_date_it_happened() -> None:
    items = [
        (ev("1", "a", "2025-05-15", status="planned"), src("a", "2025-05-14", "one.example")),
        (ev("2", "b", "2025-05-16"), src("b", "2025-05-16", "two.example")),
        (ev("3", "c", "2025-05-16"), src("c", "2025-05-17", "three.example")),
    ]
    (story,) = stories_for("CONSULT|RUS|UKR", items)
    assert story.status == "occurred" and story.date == "2025-05-16"


def test_undated_reports_far_from_any_story_stand_alone() -> None:
    groups = cluster(
        [
            (ev("1", "a", "2025-05-16"), src("a", "2025-05-16", "x")),
            (ev("2", "b", None), src("b", "2025-09-01", "y")),
        ]
    )
    assert len(groups) == 2


def test_store_updates_only_the_stories_it_touched(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "s.db")
    run = store.begin_run("t", "0", None)

    def save(aid: str, published: str, events: list[Event]) -> None:
        art = finish(
            Draft(
                source="t", text=f"Report {aid}.", id=aid, published=published, url=f"https://x.example/{aid}"
            )
        )
        store.save([Incoming(ArticleFacts(article=art, events=tuple(events)))], run)

    save("a", "2025-05-16", [ev("a-e0", "a", "2025-05-16")])
    save("z", "2025-05-16", [ev("z-e0", "z", "2025-05-16", type_="ASSAULT")])
    assert store.update_stories(store.pending_story_keys()) == 2
    assault = next(s for s in store.iter_stories() if s.type == "ASSAULT")
    save("b", "2025-05-17", [ev("b-e0", "b", "2025-05-16")])
    touched = store.pending_story_keys()
    assert touched == {"CONSULT|RUS|UKR"}
    store.update_stories(touched)
    stories = list(store.iter_stories())
    consult = next(s for s in stories if s.type == "CONSULT")
    assert consult.sources == 1 and set(consult.article_ids) == {"a", "b"}  # one outlet: x.example
    assert next(s for s in stories if s.type == "ASSAULT") == assault
    store.close()


COL = ActorRef("country:col", "the Colombian government", "COL", "GOV")
ELN = ActorRef("group:eln", "the ELN", "COL", None)
REBELS = ActorRef(None, "the rebels", "COL", "REB")
KIIR = ActorRef("person:salva-kiir", "Kiir", "SSD", "GOV")
MACHAR = ActorRef("person:riek-machar", "Machar", "SSD", "GOV")


def test_a_state_and_its_own_rebels_are_two_sides() -> None:
    talks = ev("1", "a", "2025-05-20", source=COL, target=ELN, place=None)
    assert story_key(talks) == "CONSULT|COL|group:eln"
    assert story_key(ev("2", "b", None, source=ELN, target=COL)) == story_key(talks)
    assert story_key(ev("3", "c", None, source=COL, target=REBELS)) == "CONSULT|COL|COL/REB"
    (story,) = stories_for(story_key(talks), [(talks, src("a", "2025-05-15", "one.example"))])
    assert {p.actor_id for p in story.parties} == {"country:col", "group:eln"}


def test_two_people_of_one_state_keep_their_own_ids() -> None:
    met = ev("1", "a", "2025-05-20", source=MACHAR, target=KIIR, place=None)
    assert story_key(met) == "CONSULT|person:riek-machar|person:salva-kiir"
    (story,) = stories_for(story_key(met), [(met, src("a", "2025-05-20", "one.example"))])
    assert {(p.actor_id, p.country) for p in story.parties} == {
        ("person:riek-machar", "SSD"),
        ("person:salva-kiir", "SSD"),
    }
    # a state official meeting a foreign side still merges with the state
    assert story_key(ev("2", "b", None, source=MEDINSKY, target=UKR)) == "CONSULT|RUS|UKR"


def test_a_plan_before_and_a_meeting_after_are_one_story_with_history() -> None:
    items = [
        (ev("1", "a", "2025-05-16", status="planned"), src("a", "2025-05-14", "one.example")),
        (ev("2", "b", "2025-05-16", status="negated"), src("b", "2025-05-15", "two.example")),
        (ev("3", "c", "2025-05-16"), src("c", "2025-05-16", "three.example")),
        (ev("4", "d", None), src("d", "2025-05-17", "four.example")),
    ]
    (story,) = stories_for("CONSULT|RUS|UKR", items)
    assert story.status == "occurred"
    assert not any(c.field == "outcome" for c in story.conflicts)
    assert [(h.status, h.published) for h in story.history] == [
        ("planned", "2025-05-14"),
        ("negated", "2025-05-15"),
        ("occurred", "2025-05-16"),
        ("occurred", "2025-05-17"),
    ]


def test_reports_of_the_same_time_that_disagree_on_the_outcome_are_a_conflict() -> None:
    items = [
        (ev("1", "a", "2025-05-16"), src("a", "2025-05-16", "one.example")),
        (ev("2", "b", "2025-05-16"), src("b", "2025-05-17", "two.example")),
        (ev("3", "c", "2025-05-16", status="negated"), src("c", "2025-05-16", "three.example")),
        (ev("4", "d", "2025-05-16", status="negated"), src("d", "2025-05-17", "four.example")),
    ]
    (story,) = stories_for("CONSULT|RUS|UKR", items)
    (outcome,) = [c for c in story.conflicts if c.field == "outcome"]
    assert [v["value"] for v in outcome.values] == ["negated", "occurred"]


def test_the_newest_report_decides_a_plan_that_was_called_off() -> None:
    items = [
        (ev("1", "a", "2025-05-20", status="planned"), src("a", "2025-05-12", "one.example")),
        (ev("2", "b", "2025-05-20", status="negated"), src("b", "2025-05-18", "two.example")),
    ]
    (story,) = stories_for("CONSULT|RUS|UKR", items)
    assert story.status == "negated" and [h.status for h in story.history] == ["planned", "negated"]


def test_an_occurred_report_dated_after_its_publication_is_a_plan() -> None:
    items = [(ev("1", "a", "2025-05-16"), src("a", "2025-05-15", "one.example"))]
    (story,) = stories_for("CONSULT|RUS|UKR", items)
    assert story.status == "planned" and story.history[0].status == "planned"


def test_a_plan_dated_days_before_its_own_report_does_not_make_a_second_story() -> None:
    items = [
        (ev("1", "a", "2025-05-15", status="planned"), src("a", "2025-05-15", "one.example")),
        # "proposed last weekend the talks for Thursday": dated the weekend by mistake
        (ev("2", "a", "2025-05-10", status="planned"), src("a", "2025-05-15", "one.example")),
    ]
    (story,) = stories_for("CONSULT|RUS|UKR", items)
    assert story.date == "2025-05-15" and not story.conflicts and story.status == "planned"
