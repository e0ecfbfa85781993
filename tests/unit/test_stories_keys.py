"""Story keys by mode and by person, a mention that points back, and stale dates of proposals."""

from __future__ import annotations

import dataclasses

from detente.knowledge.stories import stories_for, story_key
from detente.records import ActorRef, Event, Place, Source

RUS = ActorRef("country:rus", "Russia", "RUS", None)
UKR = ActorRef("country:ukr", "Kyiv", "UKR", "GOV")
ZELENSKY = ActorRef("person:volodymyr-zelensky", "Zelensky", "UKR", "GOV")
UMEROV = ActorRef("person:rustem-umerov", "Umerov", "UKR", "GOV")
IST = Place("Istanbul", 745044, "TUR", 41.0, 28.9)


def ev(
    eid: str,
    date: str | None,
    *,
    art: str = "a",
    status: str = "occurred",
    source: ActorRef | None = RUS,
    target: ActorRef | None = UKR,
    type_: str = "CONSULT",
    mode: str | None = None,
    trigger: str = "held talks",
    evidence: str = "",
    start: int = 0,
) -> Event:
    return Event(
        id=eid, article_id=art, type=type_, mode=mode, cameo="046", status=status,  # type: ignore[arg-type]
        source=source, target=target, trigger=trigger, date=date, date_end=None,
        date_precision="day" if date and len(date) == 10 else "year" if date else None,  # type: ignore[arg-type]
        date_text=None, place=IST, evidence=evidence or f"Evidence of {eid}.", start=start, end=start + 10,
        confidence=0.8,
    )  # fmt: skip


def src(art: str, published: str) -> Source:
    return Source(art, published, "one.example", f"https://one.example/{art}", None)


def test_a_release_and_a_withdrawal_are_different_happenings() -> None:
    release = ev("1", None, type_="RETREAT", mode="release")
    withdraw = ev("2", None, type_="RETREAT", mode="withdraw")
    assert story_key(release) != story_key(withdraw)
    assert story_key(release) == "RETREAT/release|RUS|UKR"


def test_mediated_talks_stay_with_the_talks_but_a_visit_is_its_own() -> None:
    talks = ev("1", None)
    mediated = ev("2", None, mode="third-party")
    visit = ev("3", None, mode="visit")
    assert story_key(talks) == story_key(mediated) == "CONSULT|RUS|UKR"
    assert story_key(visit) == "CONSULT/visit|RUS|UKR"


def test_a_person_acting_alone_keeps_their_own_id() -> None:
    travelled = ev("1", None, source=ZELENSKY, target=None, mode="visit")
    team = ev("2", None, source=UKR, target=None, mode="visit")
    assert story_key(travelled) == "CONSULT/visit|-|person:volodymyr-zelensky"
    assert story_key(travelled) != story_key(team)
    # facing another side, a state's official is still the state
    assert story_key(ev("3", None, source=UMEROV, target=RUS)) == "CONSULT|RUS|UKR"


def test_those_talks_join_the_happening_named_just_before() -> None:
    old = ev("1", "2022-03-29", start=100, trigger="discussed")
    due = ev("2", "2025-05-16", start=10, status="planned")
    those = ev("3", None, start=200, trigger="talks", evidence="But those talks broke down a month later.")
    pub = src("a", "2025-05-15")
    stories = stories_for("CONSULT|RUS|UKR", [(due, pub), (old, pub), (those, pub)])
    by_date = {s.date: s for s in stories}
    assert set(by_date) == {"2022-03-29", "2025-05-16"}
    assert set(by_date["2022-03-29"].event_ids) == {"1", "3"}
    assert by_date["2025-05-16"].status == "planned"


def test_the_talks_without_a_pointer_still_join_the_nearest_in_time() -> None:
    old = ev("1", "2022-03-29", start=100)
    due = ev("2", "2025-05-16", start=10, status="planned")
    later = ev("3", None, start=200, status="planned", trigger="talks", evidence="The talks will open.")
    pub = src("a", "2025-05-15")
    stories = stories_for("CONSULT|RUS|UKR", [(due, pub), (old, pub), (later, pub)])
    assert {s.date: set(s.event_ids) for s in stories}["2025-05-16"] == {"2", "3"}


def test_a_proposal_dated_by_its_own_day_joins_the_talks_it_proposed() -> None:
    due = ev("1", "2025-05-15", status="planned")
    # "proposed last weekend the talks for Thursday": the proposal's day, not the talks'
    proposed = dataclasses.replace(ev("2", "2025-05-10", status="hypothetical"), start=50)
    (story,) = stories_for(
        "CONSULT|RUS|UKR", [(due, src("a", "2025-05-15")), (proposed, src("a", "2025-05-15"))]
    )
    assert story.date == "2025-05-15" and story.status == "planned"


def test_hypothetical_mentions_do_not_outvote_the_plan_in_the_same_report() -> None:
    pub = src("a", "2025-05-15")
    items = [
        (ev("1", "2025-05-15", status="planned"), pub),
        (ev("2", "2025-05-15", status="hypothetical", start=20), pub),
        (ev("3", None, status="hypothetical", start=40), pub),
        (ev("4", "2025-05-10", status="hypothetical", start=60), pub),
    ]
    (story,) = stories_for("CONSULT|RUS|UKR", items)
    assert story.status == "planned" and [h.status for h in story.history] == ["planned"]
