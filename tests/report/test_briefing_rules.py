"""Rules of the briefing on hand-built inputs: a stance's claim read against its sentence, two
days said once, a plan's date no disagreement with the day held, later reports outweighing plans,
the rounds of the present series, and the briefcheck tool's grouping and stock phrases."""

from __future__ import annotations

from dataclasses import replace

from tools.briefcheck.__main__ import group_of
from tools.briefcheck.check import template_hits

from detente.records import ActorRef, Conflict, Event, Place, Story
from detente.report.realise import DUE, HELD, Said, either_day, settled, state
from detente.report.stances import claim_sentence
from detente.report.when import confirmed, own_dated, series

A = ActorRef("country:aaa", "Arland", "AAA", None)
B = ActorRef("country:bbb", "Borduria", "BBB", None)


def event(i: int, status: str, date: str | None, evidence: str, confidence: float = 0.6) -> Event:
    return Event(
        f"e{i}", f"art{i}", "CONSULT", None, None, status, A, B, "talks",  # type: ignore[arg-type]
        date, None, "day" if date else None, None, None, evidence, 0, len(evidence), confidence,
    )  # fmt: skip


def story(events: list[Event], date: str | None, conflicts: tuple[Conflict, ...] = ()) -> Story:
    return Story(
        "s-1", "CONSULT", None, "occurred", (A, B), date, None, None,  # type: ignore[arg-type]
        tuple(e.id for e in events), tuple(e.article_id for e in events), len(events), conflicts,
    )  # fmt: skip


def test_a_reported_clause_keeps_its_own_subject() -> None:
    sentence = "The ministry has again repeated that Borduria must hand over the valley its army holds."
    got = claim_sentence("Arland", "support", "hand over the valley its army holds", sentence)
    assert got == "Arland says Borduria must hand over the valley its army holds"


def test_a_pronoun_with_a_modal_becomes_the_party() -> None:
    sentence = "Arland said it will never accept the new border as final."
    got = claim_sentence("Arland", "oppose", "the new border as final", sentence)
    assert got == "Arland will never accept the new border as final"


def test_an_infinitive_is_what_the_party_wants_or_refuses_to_do() -> None:
    sentence = "Its envoy said Arland was ready to discuss a prisoner swap at the next round."
    assert claim_sentence("Arland", "support", "discuss a prisoner swap", sentence) == (
        "Arland wants to discuss a prisoner swap at the next round"  # carried to the clause's end
    )
    assert claim_sentence("Arland", "oppose", "discuss a prisoner swap", sentence) == (
        "Arland refuses to discuss a prisoner swap at the next round"
    )


def test_the_sentence_verb_is_kept_and_a_cut_relative_clause_dropped() -> None:
    sentence = "Borduria also floated setting up two panels that would sit between rounds, one legal."
    got = claim_sentence(
        "Borduria", "support", "setting up two panels that would sit between rounds, one legal", sentence
    )
    assert got == "Borduria floated setting up two panels"
    rejected = "Borduria has twice rejected the plan, saying it came too late."
    assert claim_sentence("Borduria", "conditional", "the plan", rejected) == "Borduria rejected the plan"


def test_no_sentence_from_a_preposition_or_a_place() -> None:
    assert claim_sentence("Arland", "conditional", "both sides", "Our door stays open to both sides.") == ""
    sentence = "The envoy is expected in Lisbon on Monday for meetings with partners."
    assert claim_sentence("Arland", "support", "Lisbon on Monday for meetings with partners", sentence) == ""


def test_two_days_in_one_report_are_said_once() -> None:
    e = event(1, "planned", "2025-05-15", "The two sides are due to meet on Thursday or Friday.")
    assert either_day(story([e], "2025-05-15"), [e], 2025) == "on Thursday 15 or Friday 16 May"
    plain = event(2, "planned", "2025-05-15", "The two sides are due to meet on Thursday.")
    assert either_day(story([plain], "2025-05-15"), [plain], 2025) == ""


def test_a_plans_date_is_no_disagreement_with_the_day_held() -> None:
    plan = event(1, "planned", "2025-05-15", "They are due to meet on Thursday.")
    held = event(2, "occurred", "2025-05-16", "They met on Friday.")
    dates = Conflict(
        "date",
        ({"value": "2025-05-15", "article_ids": ["art1"]}, {"value": "2025-05-16", "article_ids": ["art2"]}),
    )
    s = story([plan, held], "2025-05-16", (dates,))
    assert settled(s, [plan, held], HELD) == ()
    other = event(3, "occurred", "2025-05-15", "They met on Thursday.")
    assert settled(s, [plan, held, other], HELD) == (dates,)


def test_a_report_after_the_date_outweighs_the_plans_before_it() -> None:
    plans = [event(i, "planned", "2025-07-23", "They are due to meet on Wednesday.", 0.9) for i in range(3)]
    held = event(9, "occurred", "2025-07-23", "They met on Wednesday.", 0.5)
    s = story([*plans, held], "2025-07-23")
    assert state(s, [*plans, held]) == DUE  # by votes alone, the plans win
    published = {e.id: "2025-07-20" for e in plans} | {held.id: "2025-07-24"}
    assert state(s, [*plans, held], "2025-07-24", published) == HELD


def test_rounds_of_the_present_series() -> None:
    old = story([event(1, "occurred", "2022-03", "They met in March 2022.")], "2022-03")
    may = story([event(2, "occurred", "2025-05-16", "They met.")], "2025-05-16")
    july = story([event(3, "occurred", "2025-07-23", "They met.")], "2025-07-23")
    assert series(None, [old, may, july]) == [july, may]  # type: ignore[arg-type]


def test_briefcheck_groups_and_stock_phrases() -> None:
    assert group_of("h-sudan-02", {}) == "h-sudan"
    assert group_of("b-some-article", {"b-some-article": "sudan"}) == "sudan"
    assert group_of("lonely", {}) == "lonely"
    assert "that + gerund" in template_hits("Ceasefire: Arland demands that holding talks.")
    assert "bare verb" in template_hits("Arland proposed.")
    assert template_hits("Arland proposed a truce of three days.") == []
    assert template_hits("Sudan suggested hosting the two, an offer Machar rejected.") == []


def test_a_meeting_still_planned_on_a_day_was_not_held_before_it() -> None:
    early = event(1, "occurred", "2025-05-12", "They met on Monday.")
    plan = event(2, "planned", "2025-05-16", "They are due to meet on Friday.")
    held = event(3, "occurred", "2025-05-16", "They met on Friday.")
    dates = Conflict(
        "date",
        ({"value": "2025-05-12", "article_ids": ["art1"]}, {"value": "2025-05-16", "article_ids": ["art3"]}),
    )
    s = story([early, plan, held], "2025-05-16", (dates,))
    assert settled(s, [early, plan, held], HELD) == (dates,)  # without publication dates: both said
    published = {"e1": "2025-05-12", "e2": "2025-05-14", "e3": "2025-05-17"}
    assert settled(s, [early, plan, held], HELD, published) == ()


def test_one_report_against_three_is_no_disagreement() -> None:
    places = Conflict(
        "place",
        ({"value": "Ankara", "article_ids": ["a", "b", "c"]}, {"value": "Tirana", "article_ids": ["d"]}),
    )
    e = event(1, "occurred", None, "They met.")
    assert settled(story([e], None, (places,)), [e], HELD) == ()
    even = Conflict(
        "place", ({"value": "Ankara", "article_ids": ["a"]}, {"value": "Istanbul", "article_ids": ["d"]})
    )
    assert settled(story([e], None, (even,)), [e], HELD) == (even,)


def test_an_unsure_fact_of_several_reports_is_hedged_as_theirs() -> None:
    from detente.report.realise import hedge

    assert hedge("The teams met", 1) == "One report says the teams met"
    assert hedge("The teams met", 3) == "Reports suggest the teams met"


class _Rounds:
    """What confirmed() and own_dated() read from a Builder: events, state, dates, outlets."""

    latest = "2025-07-24"
    outlets = 5

    def __init__(self, events: dict[str, list[Event]]) -> None:
        self.events = events

    def events_of(self, s: Story) -> list[Event]:
        return self.events[s.id]

    def said(self, s: Story) -> Said:
        return Said("", HELD, None)

    def newest(self, s: Story) -> str:
        return "2025-05-26"


def test_a_round_needs_its_own_date_and_a_misdated_echo_is_left_out() -> None:
    istanbul = Place("Istanbul", None, "TUR", None, None)
    held = replace(event(1, "occurred", "2025-05-16", "They met on Friday."), date_text="Friday")
    echo_event = replace(event(2, "occurred", "2025-05-25", "The swap ended on Sunday."), date_text="Sunday")
    undated = event(3, "occurred", None, "They held talks.")
    main = replace(story([held], "2025-05-16"), id="main", place=istanbul, sources=4)
    echo = replace(story([echo_event], "2025-05-25"), id="echo", place=istanbul, sources=1)
    loose = replace(story([undated], None), id="loose", sources=1)
    b = _Rounds({"main": [held], "echo": [echo_event], "loose": [undated]})
    assert own_dated(b, main) and not own_dated(b, loose)  # type: ignore[arg-type]
    assert confirmed(b, [main, echo, loose]) == [main]  # type: ignore[arg-type]
    assert confirmed(b, [echo]) == [echo]  # type: ignore[arg-type]  # alone, it is the only report of a round


def test_an_endorsement_of_no_named_text_is_not_complete() -> None:
    from detente.report.realise import realise

    e = replace(
        event(1, "occurred", None, "Arland and Borduria endorsed it warmly."),
        type="SUPPORT",
        trigger="endorsed",
    )
    s = replace(story([e], None), type="SUPPORT")
    assert not realise(s, [e]).complete
    named = replace(e, evidence="Arland and Borduria endorsed the border accord on Monday.")
    assert realise(s, [named]).complete
    assert "a proposal" in template_hits("Arland and Borduria endorsed a proposal.")


def test_a_country_and_its_own_envoy_are_one_side() -> None:
    from detente.report.when import _distinct_parties

    envoy = ActorRef("person:envoy", "Jo Envoy", "AAA", None)
    rebel = ActorRef("person:rebel", "Sam Rebel", "AAA", None)
    e = event(1, "occurred", None, "They met.")
    assert _distinct_parties(replace(story([e], None), parties=(A, envoy))) == 1
    assert _distinct_parties(replace(story([e], None), parties=(envoy, rebel))) == 2
    assert _distinct_parties(story([e], None)) == 2
    group = ActorRef("group:front", "The Front", "AAA", None)
    assert _distinct_parties(replace(story([e], None), parties=(A, group))) == 2  # a state and its rebels


def test_a_claim_cut_inside_a_word_ends_with_the_word() -> None:
    sentence = "Arland urged them to proceed with the swap."
    assert claim_sentence("Arland", "support", "proce", sentence) == "Arland wants to proceed with the swap"


def test_a_role_cut_before_its_object_is_no_office() -> None:
    from detente.report.people import _office

    assert _office("Special Envoy to Arland", set())
    assert not _office("Special Envoy to", set())


def test_the_day_is_not_part_of_the_object_and_a_bare_release_is_incomplete() -> None:
    from detente.report.realise import realise

    signed = replace(
        event(1, "occurred", "2025-06-27", "Arland and Borduria signed a border accord Friday in Lisbon."),
        type="SUPPORT",
        trigger="signed",
    )
    text = realise(replace(story([signed], "2025-06-27"), type="SUPPORT"), [signed], year=2025).text
    assert "accord Friday" not in text and "signed a border accord" in text
    freed = replace(
        event(2, "planned", None, "Both sides are expected to release."), type="RETREAT", trigger="release"
    )
    assert not realise(replace(story([freed], None), type="RETREAT"), [freed]).complete


def test_a_plural_common_noun_takes_a_plural_verb() -> None:
    from detente.report.realise import realise

    teams = ActorRef(None, "the two negotiators", None, None)
    e = replace(
        event(1, "planned", None, "The two negotiators are due to hold talks."), source=teams, target=None
    )
    s = replace(story([e], None, ()), parties=(teams,), status="planned")
    assert " are due to " in realise(s, [e]).text


def test_a_trip_to_nowhere_is_incomplete() -> None:
    from detente.report.realise import realise

    trip = replace(
        event(1, "occurred", None, "The envoy travelled overnight."), mode="visit", trigger="travelled"
    )
    assert not realise(replace(story([trip], None), mode="visit", parties=(A,)), [trip]).complete


def test_an_unnamed_party_is_a_side_only_when_it_names_a_group() -> None:
    from detente.report.when import _distinct_parties, _named_side

    def side(name: str) -> str:
        return _named_side(ActorRef(None, name, None, None))

    assert side("the Highland Liberation Front") and side("a coalition of opposition groups")
    assert side("the hill rebels")
    assert not side("Portuguese officials") and not side("their counterparts") and not side("Observers")
    e = event(1, "occurred", None, "They met.")
    rebels = ActorRef(None, "the hill rebels", None, None)
    assert _distinct_parties(replace(story([e], None), parties=(A, rebels))) == 2
    peers = ActorRef(None, "European counterparts", None, None)
    assert _distinct_parties(replace(story([e], None), parties=(A, peers))) == 1


def test_the_main_sides_may_be_a_government_and_a_group_of_its_own_country() -> None:
    from detente.report.when import main_sides, side_keys

    e = event(1, "occurred", "2025-01-10", "They met.")
    front = ActorRef("organization:highland-front", "Highland Front", "AAA", None)
    envoy = ActorRef("person:envoy", "Jo Envoy", "BBB", None)
    rounds = [replace(story([e], "2025-01-10"), id=f"s{i}", parties=(A, front), sources=2) for i in range(2)]
    visit = replace(story([e], "2025-01-09"), id="v", parties=(envoy, A), sources=5, mode="visit")
    mediated = replace(story([e], "2025-01-08"), id="m", parties=(envoy, A), sources=3)
    assert main_sides([*rounds, visit, mediated]) == frozenset({"AAA", "organization:highland-front"})
    assert side_keys(rounds[0]) == main_sides(rounds)


def test_a_bare_proposal_rejected_is_named_from_the_other_sides_stance() -> None:
    from detente.report.briefing import Bullet
    from detente.report.stances import _name_the_proposal

    wants = Bullet("Truce: Arland wants to agree a month-long truce.", [1], "position",
                   data={"party": "Arland", "issue": "truce"})  # fmt: skip
    bare = Bullet("Truce: Borduria rejected the proposal.", [2], "position",
                  data={"party": "Borduria", "issue": "truce"})  # fmt: skip
    elsewhere = Bullet("Borders: Borduria rejected the plan.", [3], "position",
                       data={"party": "Borduria", "issue": "borders"})  # fmt: skip
    _name_the_proposal([wants, bare, elsewhere])
    assert bare.text == "Truce: Borduria rejected Arland’s proposal to agree a month-long truce."
    assert elsewhere.text == "Borders: Borduria rejected the plan."  # nothing on that issue names it


def test_a_hosted_reading_of_a_meeting_gives_way_to_the_delegates() -> None:
    from detente.report.when import one_reading

    town = Place("Porto", 2735943, "CCC", 41.1, -8.6)
    host = ActorRef("country:ccc", "Cathay", "CCC", None)
    ann = ActorRef("person:ann", "Ann Envoy", "AAA", None)
    bo = ActorRef("person:bo", "Bo Envoy", "BBB", None)
    e1 = event(1, "occurred", "2025-02-03", "Ann Envoy and Bo Envoy met in Porto.")
    e2 = event(2, "occurred", "2025-02-03", "Arland's talks in Porto went well.")
    hosted = replace(story([e1, e2], "2025-02-03"), id="h", parties=(A, host), place=town)
    delegates = replace(story([e1], "2025-02-03"), id="d", parties=(ann, bo), place=town)
    alone = replace(story([e2], "2025-02-03"), id="a", parties=(A, host), place=town)

    class Stub:
        def events_of(self, s: Story) -> list[Event]:
            return [e for e in (e1, e2) if e.id in s.event_ids]

    assert [s.id for s in one_reading(Stub(), [hosted, delegates])] == ["d"]  # type: ignore[arg-type]
    assert [s.id for s in one_reading(Stub(), [alone, delegates])] == ["a", "d"]  # type: ignore[arg-type]


def test_an_undated_plan_overtaken_by_the_round_held_there_is_left_out() -> None:
    istanbul = Place("Istanbul", None, "TUR", None, None)
    held = replace(event(1, "occurred", "2025-05-16", "They met on Friday."), date_text="Friday")
    plan_event = event(2, "planned", None, "The two sides are due to meet in Istanbul.")
    main = replace(story([held], "2025-05-16"), id="main", place=istanbul, sources=4)
    plan = replace(story([plan_event], None), id="plan", place=istanbul, sources=1)

    class Planned(_Rounds):
        last = ""

        def said(self, s: Story) -> Said:
            return Said("", DUE if s.id == "plan" else HELD, None)

        def newest(self, s: Story) -> str:
            return self.last

    b = Planned({"main": [held], "plan": [plan_event]})
    b.last = "2025-05-14"
    assert confirmed(b, [main, plan]) == [main]  # type: ignore[arg-type]
    b.last = "2025-05-20"  # planned again after the round: another round
    assert confirmed(b, [main, plan]) == [main, plan]  # type: ignore[arg-type]


def test_a_lone_report_is_hedged_only_where_other_outlets_could_have_confirmed_it() -> None:
    from detente.records import Source
    from detente.report.briefing import Builder

    def source(i: int, day: str, outlet: str) -> Source:
        return Source(f"art{i}", day, outlet, None, None)

    b = object.__new__(Builder)
    b.articles = {s.article_id: s for s in (source(1, "2005-01-29", "North Wire"), source(2, "2005-06-01", "East Post"),
                                            source(3, "2005-06-02", "West Daily"), source(4, "2005-06-03", "South Times"))}  # fmt: skip
    b.outlets = 4
    b.confidence = lambda s: 0.8  # type: ignore[method-assign]
    lone_round = replace(
        story([event(1, "occurred", "2005-01-28", "They met.")], "2005-01-28"), article_ids=("art1",)
    )
    crowded = replace(
        story([event(2, "occurred", "2005-05-31", "They met.")], "2005-05-31"), article_ids=("art2",)
    )
    assert not b.uncorroborated(lone_round)  # nobody else reported that month
    assert b.uncorroborated(crowded)  # two other outlets wrote within days and did not say it
    b.confidence = lambda s: 0.6  # type: ignore[method-assign]
    assert b.uncorroborated(lone_round)  # a lone report not read surely is hedged all the same
    b.outlets = 1
    assert not b.uncorroborated(lone_round)  # ... unless no other outlet is in the store at all
    b.confidence = lambda s: 0.4  # type: ignore[method-assign]
    assert b.uncorroborated(lone_round)  # an unsure reading is always hedged


def test_briefcheck_says_why_a_gold_meeting_is_missed() -> None:
    from types import SimpleNamespace

    from tools.briefcheck.check import StoryFacts, why_missed

    scorer = SimpleNamespace(
        party_match=lambda gold, ref: (
            fold_name(gold) in fold_name(ref["name"] if isinstance(ref, dict) else ref)
        ),
        date_ok=lambda gold, got: gold == got,
    )
    gold = {
        "actor": "Arland",
        "target": "Borduria",
        "status": "occurred",
        "date": "2025-03-02",
        "place": None,
    }
    both = [{"name": "Arland", "country": "AAA"}, {"name": "Borduria", "country": "BBB"}]
    right = StoryFacts(both, ["2025-03-02"], None, None, "CONSULT", "held", True)
    assert why_missed(scorer, gold, {}, {}) == "not extracted as a meeting"  # type: ignore[arg-type]
    assert why_missed(scorer, {**gold, "date": None}, {"s": right}, {}) == "unplaceable"  # type: ignore[arg-type]
    assert why_missed(scorer, gold, {"s": right}, {}) == "dropped by selection"  # type: ignore[arg-type]
    assert why_missed(scorer, gold, {"s": right}, {"s": "background"}) == "stated elsewhere"  # type: ignore[arg-type]
    unsure = StoryFacts(both, ["2025-03-02"], None, None, "CONSULT", "held", False)
    assert why_missed(scorer, gold, {"s": unsure}, {}) == "left out as unsure"  # type: ignore[arg-type]
    planned = StoryFacts(both, ["2025-03-02"], None, None, "CONSULT", "due", True)
    assert why_missed(scorer, gold, {"s": planned}, {}) == "wrong state"  # type: ignore[arg-type]
    later = StoryFacts(both, ["2025-04-09"], None, None, "CONSULT", "held", True)
    assert why_missed(scorer, gold, {"s": later}, {}) == "wrong place/date"  # type: ignore[arg-type]
    deal = StoryFacts(both, ["2025-03-02"], None, None, "AGREE", "held", True)
    assert why_missed(scorer, gold, {"s": deal}, {}) == "extracted as another type"  # type: ignore[arg-type]


def fold_name(text: str) -> str:
    return text.lower()
