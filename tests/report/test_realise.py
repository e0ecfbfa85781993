"""The realiser on hand-built stories and events: verbs from triggers, tense and mood from the
reports, dates as a reader says them, counts kept, hedges and disagreements in words."""

from __future__ import annotations

from detente.lexicon.actors import load_knowledge
from detente.records import ActorRef, Conflict, Event, Place, Story
from detente.report.realise import (
    CANCELLED,
    DUE,
    EXPECTED,
    HELD,
    POSTPONED,
    differ,
    hedge,
    lemma,
    realise,
    say_date,
    say_when,
)

KYIV = ActorRef("country:ukr", "Ukraine", "UKR", None)
MOSCOW = ActorRef("country:rus", "Russia", "RUS", None)
GENEVA = Place("Geneva", 2660646, "CHE", 46.2, 6.1)
COUNTRIES = load_knowledge().countries


def event(i: int, type_: str, trigger: str, evidence: str, status: str = "occurred", date: str | None = None,
          source: ActorRef = MOSCOW, target: ActorRef | None = KYIV, mode: str | None = None,
          confidence: float = 0.8) -> Event:  # fmt: skip
    return Event(
        f"a-e{i}", "a", type_, mode, None, status, source, target, trigger,  # type: ignore[arg-type]
        date, None, "day" if date else None, None, None, evidence, 0, len(evidence), confidence,
    )  # fmt: skip


def story(events: list[Event], status: str = "occurred", date: str | None = None, place: Place | None = None,
          parties: tuple[ActorRef, ...] = (MOSCOW, KYIV), conflicts: tuple[Conflict, ...] = ()) -> Story:  # fmt: skip
    first = events[0]
    return Story(
        "s-1", first.type, first.mode, status, parties, date, None, place,  # type: ignore[arg-type]
        tuple(e.id for e in events), ("a",), 1, conflicts,
    )  # fmt: skip


def test_dates_are_said_as_a_reader_says_them() -> None:
    assert say_date("2025-05-16", 2025) == "Friday 16 May"
    assert say_date("2022-03-29", 2025) == "29 March 2022"
    assert say_date("2025-05", 2025) == "May" and say_date("2022-03", 2025) == "March 2022"
    assert say_when("2025-05-16", None, 2025) == "on Friday 16 May"
    assert say_when("2025-05", None, 2025) == "in May"
    assert say_when("2025-05-10", "2025-05-11", 2025) == "over the weekend of 10–11 May"


def test_a_planned_meeting_is_due_and_a_held_one_is_past() -> None:
    plan = event(
        0,
        "CONSULT",
        "talks",
        "Kyiv and Moscow are due to hold talks in Geneva on Friday.",
        "planned",
        "2025-06-06",
    )
    said = realise(story([plan], "planned", "2025-06-06", GENEVA), [plan], year=2025, newest="2025-06-02")
    assert said.state == DUE
    assert said.text == "Russia and Ukraine are due to hold talks in Geneva on Friday 6 June"
    met = event(1, "CONSULT", "met", "The two delegations met in Geneva on Friday.", "occurred", "2025-06-06")
    held = realise(story([met], "occurred", "2025-06-06", GENEVA), [met], year=2025, newest="2025-06-07")
    assert held.state == HELD and held.text == "Russia and Ukraine met in Geneva on Friday 6 June"


def test_a_date_after_every_report_is_not_yet_held() -> None:
    e = event(
        0,
        "CONSULT",
        "talks",
        "Talks between the sides take place in Geneva on Friday.",
        "occurred",
        "2025-06-06",
    )
    said = realise(story([e], "occurred", "2025-06-06"), [e], year=2025, newest="2025-06-02")
    assert said.state in (DUE, EXPECTED)


def test_a_hopeful_plan_is_expected_and_called_off_plans_are_named() -> None:
    e = event(
        0,
        "CONSULT",
        "talks",
        "The sides could meet again in Geneva, officials hope.",
        "planned",
        "2025-07-01",
    )
    assert realise(story([e], "planned", "2025-07-01"), [e], newest="2025-06-20").state == EXPECTED
    off = event(
        1, "CONSULT", "talks", "The Geneva round was postponed until further notice.", "negated", "2025-07-01"
    )
    said = realise(story([off], "negated", "2025-07-01"), [off], year=2025, newest="2025-06-30")
    assert said.state == POSTPONED and "were postponed" in said.text
    gone = event(
        2, "CONSULT", "talks", "The talks in Geneva were called off on Monday.", "negated", "2025-07-01"
    )
    assert realise(story([gone], "negated", "2025-07-01"), [gone], newest="2025-06-30").state == CANCELLED


def test_the_verb_and_object_come_from_the_trigger() -> None:
    e = event(0, "REJECT", "declined", "Moscow declined his calls for a summit, a spokesman said.")
    said = realise(story([e]), [e], countries=COUNTRIES)
    assert said.text == "Russia declined Ukraine’s calls"
    prop = event(1, "AGREE", "proposed", "Moscow proposed the talks for Thursday.", target=KYIV)
    assert realise(story([prop]), [prop], countries=COUNTRIES).text == "Russia proposed the talks"
    inv = event(
        2, "ASSAULT", "invasion", "Since the invasion of Ukraine by Russian forces, thousands have died."
    )
    assert realise(story([inv]), [inv], countries=COUNTRIES).text == "Russia invaded Ukraine"
    assert lemma("pushing for") == ("push", "for") and lemma("criticised") == ("criticise", "")


def test_counts_are_kept_with_each() -> None:
    e = event(
        0, "RETREAT", "exchanged", "The two sides exchanged 500 prisoners each on Sunday.", mode="release"
    )
    said = realise(story([e]), [e], countries=COUNTRIES)
    assert said.text == "Russia and Ukraine exchanged 500 prisoners each"
    deal = event(1, "AGREE", "agreed", "Both sides agreed to swap 800-for-800 prisoners of war.")
    assert (
        realise(story([deal]), [deal], countries=COUNTRIES).text
        == "Russia and Ukraine agreed to exchange 800 prisoners each"
    )


def test_no_template_phrases() -> None:
    for type_, mode in [
        ("AGREE", None),
        ("SUPPORT", None),
        ("RETREAT", "return"),
        ("RETREAT", None),
        ("COERCE", None),
    ]:
        e = event(0, type_, "moved", "Something was moved.", mode=mode)
        text = realise(story([e]), [e], countries=COUNTRIES).text
        assert " or " not in text, text


def test_hedges_and_disagreements_in_words() -> None:
    assert hedge("Russia and Ukraine held talks") == "One report says Russia and Ukraine held talks"
    assert hedge("The teams met") == "One report says the teams met"
    c = Conflict(
        "date", ({"value": "2025-05-15", "article_ids": ["a"]}, {"value": "2025-05-16", "article_ids": ["b"]})
    )
    assert differ([c], 2025) == "reports differ: 15 or 16 May"
    n = Conflict(
        "count of prisoners",
        ({"value": "1000", "article_ids": ["a"]}, {"value": "1200", "article_ids": ["b"]}),
    )
    assert differ([n], 2025) == "reports differ: prisoners 1,000 or 1,200"


LISBON = Place("Lisbon", 2267057, "PRT", 38.7, -9.1)
ENVOY = ActorRef("person:marco-rubio", "Marco Rubio", "USA", None)


def test_a_place_or_a_trips_host_is_no_party() -> None:
    # the city read as the trip's target, and the host country a traveller flew to
    trip = event(40, "CONSULT", "expected", "The envoy is expected in Lisbon on Sunday.", "planned",
                 source=ENVOY, mode="visit")  # fmt: skip
    city = ActorRef("country:prt", "Lisbon", "PRT", None)
    said = realise(story([trip], "planned", place=LISBON, parties=(ENVOY, city)), [trip], countries=COUNTRIES)
    assert said.text == "Marco Rubio is expected to travel to Lisbon"
    flew = event(41, "CONSULT", "flew", "The envoy flew to Portugal on Sunday.", source=ENVOY, mode="visit")
    host = ActorRef("country:prt", "Portugal", "PRT", None)
    said = realise(story([flew], place=LISBON, parties=(ENVOY, host)), [flew], countries=COUNTRIES)
    assert said.text == "Marco Rubio flew to Lisbon"


def test_a_body_met_keeps_its_words_and_a_host_side_stays() -> None:
    met = event(
        42, "CONSULT", "met", "The envoy met Portuguese and Spanish officials in Lisbon.", source=ENVOY
    )
    body = ActorRef("country:prt", "Portuguese and Spanish officials", "PRT", None)
    said = realise(story([met], place=LISBON, parties=(ENVOY, body)), [met], countries=COUNTRIES)
    assert said.text == "Marco Rubio met Portuguese and Spanish officials in Lisbon"
    kyiv = Place("Kyiv", 703448, "UKR", 50.4, 30.5)
    talks = event(43, "CONSULT", "talks", "Moscow and Kyiv held talks in the Ukrainian capital.")
    said = realise(story([talks], place=kyiv), [talks], countries=COUNTRIES)
    assert said.text == "Russia and Ukraine held talks in Kyiv"


def test_a_meeting_only_proposed_is_possible_not_due() -> None:
    asked = event(50, "CONSULT", "meet", "Kyiv proposed that the two leaders meet before the end of June.",
                  "planned", "2025-06")  # fmt: skip
    said = realise(story([asked], "planned", "2025-06"), [asked], year=2025, newest="2025-05-20")
    assert said.state == "possible"
    set_ = event(
        51, "CONSULT", "meet", "The leaders are set to meet in June, as Kyiv proposed.", "planned", "2025-06"
    )
    said = realise(story([asked, set_], "planned", "2025-06"), [asked, set_], year=2025, newest="2025-05-20")
    assert said.state == DUE
    hoped = event(52, "CONSULT", "meet", "The leaders could meet in June.", "hypothetical", "2025-06")
    said = realise(story([hoped], "planned", "2025-06"), [hoped], year=2025, newest="2025-05-20")
    assert said.state == "possible"  # a plan no report states


def test_a_meeting_placed_in_a_sides_own_name_keeps_both_sides() -> None:
    talks = event(53, "CONSULT", "talks", "Moscow and Kyiv held talks, officials in Ukraine said.")
    ukraine = Place("Ukraine", 690791, "UKR", 49.0, 32.0)
    said = realise(story([talks], place=ukraine), [talks], countries=COUNTRIES)
    assert said.text == "Russia and Ukraine held talks"  # not "Russia held talks in Ukraine"


def test_a_building_takes_the() -> None:
    talks = event(54, "CONSULT", "talks", "Moscow and Kyiv held talks in the Oval Office.")
    office = Place("Oval Office", None, "USA", 38.9, -77.0)
    assert realise(story([talks], place=office), [talks], countries=COUNTRIES).text == (
        "Russia and Ukraine held talks in the Oval Office"
    )
    states = Place("United States", 6252001, "USA", 39.8, -98.5)
    assert realise(story([talks], place=states), [talks], countries=COUNTRIES).text.endswith(
        "in the United States"
    )


def test_delegations_from_a_country_are_that_country() -> None:
    arm = ActorRef("country:arm", "Delegations from Armenia", "ARM", None)
    aze = ActorRef("country:aze", "Delegations from Azerbaijan", "AZE", None)
    talks = event(60, "CONSULT", "talks", "Delegations from Armenia and Azerbaijan held talks in Geneva.",
                  source=arm, target=aze)  # fmt: skip
    said = realise(story([talks], place=GENEVA, parties=(arm, aze)), [talks], countries=COUNTRIES)
    assert said.text == "Armenia and Azerbaijan held talks in Geneva"
    team = ActorRef("country:arm", "the Armenian team", "ARM", None)  # one body keeps its words
    met = event(61, "CONSULT", "met", "The Armenian team met Azerbaijan in Geneva.", source=team, target=aze)
    assert realise(
        story([met], place=GENEVA, parties=(team, aze)), [met], countries=COUNTRIES
    ).text.startswith("The Armenian team")


def test_a_building_or_a_country_as_a_sentence_names_it() -> None:
    from detente.report.placenames import placed

    assert placed("Dolmabahçe Palace") == "the Dolmabahçe Palace"
    assert placed("Serena Hotel") == "the Serena Hotel"
    assert placed("the Kremlin") == "the Kremlin" and placed("Kremlin") == "the Kremlin"
    assert placed("United States") == "the United States"
    assert placed("Istanbul") == "Istanbul" and placed("Hall Lake") == "Hall Lake"
