"""Change alerts from hand-built facts: before (without the new articles) vs after (with them)."""

from __future__ import annotations

from detente.knowledge.changes import Alert, Citation, Related, changes
from detente.knowledge.stories import story_key
from detente.records import ActorRef, Event, Place, Position, Role, Source

ARM = ActorRef("country:arm", "Armenia", "ARM", "GOV")
AZE = ActorRef("country:aze", "Azerbaijan", "AZE", "GOV")
GVA = Place("Geneva", 2660646, "CHE", 46.2, 6.14)
VIE = Place("Vienna", 2761369, "AUT", 48.2, 16.37)
AT = "2025-03-11T00:00:00+00:00"


def ev(eid: str, art: str, date: str | None, status: str = "planned", place: Place | None = GVA) -> Event:
    return Event(
        id=eid, article_id=art, type="CONSULT", mode=None, cameo="040", status=status,  # type: ignore[arg-type]
        source=ARM, target=AZE, trigger="meet", date=date, date_end=None,
        date_precision="day" if date else None, date_text=None, place=place,
        evidence=f"Sentence of {eid}.", start=10, end=40, confidence=0.8,
    )  # fmt: skip


def src(art: str, published: str, outlet: str = "Lakeside Courier") -> Source:
    return Source(art, published, outlet, f"http://news.invalid/{art}", None)


def stories(*items: tuple[Event, Source]) -> Related:
    key = story_key(items[0][0])
    return Related(events={key: list(items)})


def kinds(alerts: list[Alert]) -> list[str]:
    return [a.kind for a in alerts]


def test_a_first_report_is_a_new_story_cited_to_its_sentence() -> None:
    alerts = changes(stories((ev("a-e0", "a", "2025-03-10"), src("a", "2025-03-03"))), {"a"}, AT)
    assert kinds(alerts) == ["new_story"]
    alert = alerts[0]
    assert alert.before is None and alert.after["status"] == "planned" and alert.after["place"] == "Geneva"
    assert alert.citations == (
        Citation("a", "http://news.invalid/a", "Lakeside Courier", "2025-03-03", 10, 40),
    )
    assert "planned" in alert.text and "Geneva" in alert.text


def test_planned_then_held_is_a_status_change_not_a_new_story() -> None:
    related = stories(
        (ev("a-e0", "a", "2025-03-10"), src("a", "2025-03-03")),
        (ev("b-e0", "b", "2025-03-10", status="occurred"), src("b", "2025-03-10", "Harbour Post")),
    )
    alerts = changes(related, {"b"}, AT)
    assert kinds(alerts) == ["story_changed"]
    assert alerts[0].before is not None
    assert alerts[0].before["changed"] == {"status": "planned"}
    assert alerts[0].after["changed"] == {"status": "occurred"}
    assert [c.article_id for c in alerts[0].citations] == ["b"]


def test_called_off_and_moved_place_are_changes() -> None:
    related = stories(
        (ev("a-e0", "a", "2025-03-10"), src("a", "2025-03-03")),
        (ev("b-e0", "b", "2025-03-10", status="negated", place=VIE), src("b", "2025-03-05")),
        (ev("c-e0", "c", "2025-03-10", status="negated", place=VIE), src("c", "2025-03-06")),
    )
    alerts = changes(related, {"b", "c"}, AT)
    changed = next(a for a in alerts if a.kind == "story_changed")
    assert changed.after["changed"] == {"status": "negated", "place": "Vienna"}


def test_nothing_new_in_a_story_raises_nothing() -> None:
    related = stories(
        (ev("a-e0", "a", "2025-03-10"), src("a", "2025-03-03")),
        (ev("b-e0", "b", "2025-03-10"), src("b", "2025-03-04")),
    )
    assert changes(related, {"b"}, AT) == []  # a second report of the same plan
    assert changes(related, set(), AT) == []


def test_outlets_disagreeing_on_the_date_is_a_conflict() -> None:
    related = stories(
        (ev("a-e0", "a", "2025-03-10", status="occurred"), src("a", "2025-03-10", "One")),
        (ev("b-e0", "b", "2025-03-10", status="occurred"), src("b", "2025-03-10", "Two")),
        (ev("c-e0", "c", "2025-03-10", status="occurred"), src("c", "2025-03-10", "Three")),
        (ev("d-e0", "d", "2025-03-11", status="occurred"), src("d", "2025-03-11", "Four")),
        (ev("e-e0", "e", "2025-03-11", status="occurred"), src("e", "2025-03-11", "Five")),
    )
    conflict = [a for a in changes(related, {"d", "e"}, AT) if a.kind == "conflict"]
    assert len(conflict) == 1 and conflict[0].after["field"] == "date"
    assert {c.article_id for c in conflict[0].citations} == {"a", "b", "c", "d", "e"}
    # Once known, the same disagreement is not raised again by a further report.
    more = Related(
        events={
            k: [*v, (ev("f-e0", "f", "2025-03-11", status="occurred"), src("f", "2025-03-12", "Six"))]
            for k, v in related.events.items()
        }
    )
    assert not [a for a in changes(more, {"f"}, AT) if a.kind == "conflict"]


def pos(art: str, stance: str, start: int = 0) -> Position:
    return Position(
        article_id=art, party="Armenia", actor_id="country:arm", country="ARM", sector="GOV",
        issue="ceasefire", stance=stance, evidence="A sentence.", start=start, end=start + 9,  # type: ignore[arg-type]
    )  # fmt: skip


def test_a_flipped_or_conditional_stance_is_a_position_change() -> None:
    related = Related(
        positions=[
            (pos("a", "support"), src("a", "2025-03-03")),
            (pos("b", "conditional"), src("b", "2025-03-09")),
        ]
    )
    alerts = changes(related, {"b"}, AT)
    assert kinds(alerts) == ["position_changed"]
    assert alerts[0].before is not None and alerts[0].before["stance"] == "support"
    assert alerts[0].after["stance"] == "conditional"
    assert [c.article_id for c in alerts[0].citations] == ["b", "a"]


def test_a_first_or_repeated_stance_or_a_late_old_report_is_no_change() -> None:
    first = Related(positions=[(pos("a", "support"), src("a", "2025-03-03"))])
    assert changes(first, {"a"}, AT) == []
    same = Related(
        positions=[
            (pos("a", "support"), src("a", "2025-03-03")),
            (pos("b", "support"), src("b", "2025-03-09")),
        ]
    )
    assert changes(same, {"b"}, AT) == []
    # A report published before the latest one arrives late: the latest stance is unchanged.
    late = Related(
        positions=[
            (pos("a", "support"), src("a", "2025-03-09")),
            (pos("b", "oppose"), src("b", "2025-03-01")),
        ]
    )
    assert changes(late, {"b"}, AT) == []


def role(art: str, title: str) -> Role:
    return Role(
        article_id=art, person="Jeyhun Bayramov", actor_id="person:jeyhun-bayramov", role=title,
        affiliation="Azerbaijan", country="AZE", sector="GOV", evidence="A sentence.", start=5, end=20,
    )  # fmt: skip


def test_a_person_named_to_a_role_for_the_first_time_is_a_new_role() -> None:
    related = Related(
        roles=[
            (role("a", "Foreign Minister"), src("a", "2025-03-01")),
            (role("b", "foreign minister"), src("b", "2025-03-03")),
            (role("b", "head of the delegation"), src("b", "2025-03-03")),
        ]
    )
    alerts = changes(related, {"b"}, AT)
    assert kinds(alerts) == ["new_role"]
    assert alerts[0].after["role"] == "head of the delegation" and alerts[0].citations[0].article_id == "b"


def test_alert_ids_are_stable_across_reruns_and_round_trip_through_json() -> None:
    related = stories((ev("a-e0", "a", "2025-03-10"), src("a", "2025-03-03")))
    first = changes(related, {"a"}, AT)[0]
    again = changes(related, {"a"}, "2025-03-12T09:00:00+00:00")[0]
    assert first.id == again.id  # found again after a crash: the same alert
    assert Alert.from_json(first.to_json()) == first
