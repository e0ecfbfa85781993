"""Scoring extracted records against gold facts: each matching rule, the report, reading gold."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console, Group
from rich.table import Table

from detente.errors import ConfigError
from detente.evaluate import EvalReport, read_gold, render, report_json, score
from detente.evaluate.match import Parties, cover, date_agrees, role_fits, same_sentence
from detente.lexicon.actors import load_knowledge

ART = "art-1"
MEET = "Envoys of Ukraine and Russia met in Geneva on Tuesday to talk about a truce along the front."
ACCUSE = "Kyiv accused Moscow of shelling a power station near the border overnight."
PARAGRAPH = (
    "The talks began late. "
    + MEET
    + " Both sides later said the meeting had been useful, although no date was set for another round,"
    " and observers from three other countries said they expected little from the process this year."
)
QUOTE_SENT = 'The minister said: "We will not give up a single village, whatever they offer us." He left.'
QUOTE = "We will not give up a single village, whatever they offer us."


def ref(name: str | None, country: str | None = None) -> dict[str, Any]:
    return {"actor_id": None, "name": name, "country": country, "sector": None}


def gold_event(**kw: Any) -> dict[str, Any]:
    base = {
        "article_id": ART,
        "kind": "event",
        "actor": "Ukraine",
        "action": "meet",
        "target": "Russia",
        "date": None,
        "place": None,
        "status": "occurred",
        "evidence": MEET,
    }
    return {**base, **kw}


def event(**kw: Any) -> dict[str, Any]:
    base = {
        "kind": "event",
        "article_id": ART,
        "type": "CONSULT",
        "status": "occurred",
        "source": ref("Ukraine", "UKR"),
        "target": ref("Russia", "RUS"),
        "date": None,
        "place": None,
        "evidence": MEET,
    }
    return {**base, **kw}


def one(gold: dict[str, Any], *records: dict[str, Any]) -> EvalReport:
    return score([gold], list(records))


def found(gold: dict[str, Any], *records: dict[str, Any]) -> bool:
    return one(gold, *records).kinds[gold["kind"]].found == 1


@pytest.fixture(scope="module")
def parties() -> Parties:
    return Parties(load_knowledge())


# -- same sentence ------------------------------------------------------------------------------
def test_record_from_the_gold_sentence_matches() -> None:
    assert found(gold_event(), event())


def test_paragraph_long_evidence_does_not_match() -> None:
    rep = one(gold_event(), event(evidence=PARAGRAPH))
    assert rep.kinds["event"].found == 0
    assert rep.misses[0].why == "no record from this sentence"


def test_a_fragment_of_the_sentence_does_not_match() -> None:
    words = MEET.split()
    assert not same_sentence(MEET, " ".join(words[: len(words) // 2]))
    assert same_sentence(MEET, " ".join(words[: len(words) * 3 // 4]))


def test_overlap_ignores_case_accents_and_punctuation() -> None:
    assert cover("Erdoğan met Zelensky.", "erdogan MET zelensky") == (1.0, 1.0)


# -- parties ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("gold", "got"),
    [
        ("Ukraine", ref("the delegation", "UKR")),  # by code
        ("Ukraine", ref("Kyiv")),  # a capital
        ("Ukraine", ref("Ukrainian negotiators")),  # a demonym inside a longer name
        ("the Kremlin", ref("Vladimir Putin", "RUS")),  # a seat of power by code
        ("Russia", ref("the Kremlin")),
        ("Sudanese army", ref("the military", "SDN")),
        ("the Russian delegation", ref("Moscow")),
        ("Türkiye", ref("Ankara")),
    ],
)
def test_country_party_by_code_name_capital_or_demonym(
    parties: Parties, gold: str, got: dict[str, Any]
) -> None:
    assert parties.matches(gold, got)


@pytest.mark.parametrize(
    ("gold", "got"),
    [("Ukraine", ref("Moscow", "RUS")), ("Sudanese army", ref("the army", "TCD")), ("Kyiv", ref("Warsaw"))],
)
def test_another_country_does_not_match(parties: Parties, gold: str, got: dict[str, Any]) -> None:
    assert not parties.matches(gold, got)


def test_a_multi_word_name_is_read_as_one_country(parties: Parties) -> None:
    assert parties.codes("the Democratic Republic of the Congo's army") == {"COD"}
    assert parties.codes("envoys of Qatar and Egypt") == {"QAT", "EGY"}
    assert parties.codes("Jane Roe") == frozenset()


@pytest.mark.parametrize(
    ("gold", "got", "ok"),
    [
        ("Volodymyr Zelensky", "Zelenskyy", True),  # transliteration: one holds the other
        ("Volodymyr Zelenskyy", "President Zelensky", True),
        ("Olexander Syrskyi", "Syrsky", True),
        ("Recep Tayyip Erdoğan", "Erdogan", True),
        ("Volodymyr Zelensky", "Vladimir Putin", False),
        ("Rapid Support Forces", "the RSF, the Rapid Support Forces", True),
        ("Hamas", "Hezbollah", False),
    ],
)
def test_person_or_group_by_surname(parties: Parties, gold: str, got: str, ok: bool) -> None:
    assert parties.matches(gold, ref(got)) is ok


def test_a_missing_party_matches_only_an_empty_gold(parties: Parties) -> None:
    assert not parties.matches("Ukraine", None)
    assert parties.matches(None, None)


def test_two_sided_actions_match_in_either_order() -> None:
    swapped = event(source=ref("Moscow"), target=ref("Kyiv"))
    assert found(gold_event(), swapped)
    assert found(gold_event(action="agree"), {**swapped, "type": "AGREE"})


def test_one_sided_actions_need_the_right_order() -> None:
    gold = gold_event(actor="Ukraine", action="accuse", target="Russia", evidence=ACCUSE)
    right = event(type="ACCUSE", source=ref("Kyiv"), target=ref("Moscow"), evidence=ACCUSE)
    wrong = event(type="ACCUSE", source=ref("Moscow"), target=ref("Kyiv"), evidence=ACCUSE)
    assert found(gold, right)
    rep = one(gold, wrong)
    assert rep.kinds["event"].found == 0
    assert rep.misses[0].why == "parties differ (got Moscow → Kyiv)"


def test_a_gold_without_target_accepts_any_target() -> None:
    assert found(gold_event(action="travel", target=None), event(target=ref("Jane Roe")))


# -- types --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("action", "etype", "ok"),
    [
        ("meet", "CONSULT", True),
        ("travel", "CONSULT", True),
        ("propose", "REQUEST", True),
        ("agree", "CONCEDE", True),
        ("demand", "REQUEST", True),
        ("attack", "COERCE", True),
        ("release/exchange", "RETREAT", True),
        ("threaten", "THREATEN", True),
        ("reject", "REJECT", True),
        ("meet", "REJECT", False),
        ("accuse", "ASSAULT", False),
    ],
)
def test_gold_actions_map_to_plover_types(action: str, etype: str, ok: bool) -> None:
    assert found(gold_event(action=action), event(type=etype)) is ok


def test_wrong_type_is_reported() -> None:
    rep = one(gold_event(), event(type="REJECT"))
    ev = rep.kinds["event"]
    assert (ev.found, ev.extra["sentence"], ev.extra["typed"]) == (0, 1, 0)
    assert rep.misses[0].why == "wrong type (got REJECT)"


def test_say_is_any_record_from_the_sentence_and_not_in_recall() -> None:
    said = gold_event(actor="Kremlin", action="say", target=None, evidence=QUOTE_SENT)
    quote = {"kind": "quote", "article_id": ART, "speaker": "x", "text": "y", "evidence": QUOTE_SENT}
    rep = score([said, gold_event()], [quote, event()])
    ev = rep.kinds["event"]
    assert (ev.gold, ev.found, ev.recall, ev.extra["say"], ev.extra["say_found"]) == (1, 1, 1.0, 1, 1)
    rep = score([said], [event()])
    assert rep.kinds["event"].extra["say_found"] == 0
    assert rep.kinds["event"].recall is None


# -- dates, status, place -----------------------------------------------------------------------
def test_dates_agree_by_prefix() -> None:
    assert date_agrees("2025-05", "2025-05-16")
    assert date_agrees("2025-05-16", "2025")
    assert not date_agrees("2025-05-16", "2025-05-17")
    assert not date_agrees("2025-05-16", None)


def test_date_status_and_place_accuracy() -> None:
    gold = gold_event(date="2025-05-16", place="Geneva", status="occurred")
    good = event(date="2025-05", place={"name": "Geneva", "country": "CHE"})
    rep = one(gold, good)
    assert rep.kinds["event"].extra | {"typed": 0} == {
        "date_acc": 1.0,
        "status_acc": 1.0,
        "place_acc": 1.0,
        "typed": 0,
        "sentence": 1,
        "say": 0,
        "say_found": 0,
    }
    assert rep.misses == []
    bad = event(date="2025-05-17", status="planned", place={"name": "Vienna", "country": "AUT"})
    rep = one(gold, bad)
    assert rep.kinds["event"].found == 1
    assert rep.kinds["event"].extra["date_acc"] == 0.0
    assert [m.why for m in rep.misses] == [
        "wrong date (got 2025-05-17)",
        "wrong status (got planned)",
        "wrong place (got Vienna)",
    ]


@pytest.mark.parametrize(
    ("gold", "name", "country", "ok"),
    [
        ("Qatar", "Doha", "QAT", True),  # a capital stands for its country
        ("Qatar", "Lusail", "QAT", True),  # any place in the gold's country
        ("Doha", "Qatar", None, True),
        ("Doha", "Lusail", "QAT", False),  # another city of the country is another place
        ("Geneva", "Geneva", None, True),
        ("Geneva", "Bern", "CHE", False),
    ],
)
def test_place_accuracy(gold: str, name: str, country: str | None, ok: bool) -> None:
    rep = one(gold_event(place=gold), event(place={"name": name, "country": country}))
    assert rep.kinds["event"].extra["place_acc"] == (1.0 if ok else 0.0)


# -- roles --------------------------------------------------------------------------------------
def gold_role(**kw: Any) -> dict[str, Any]:
    base = {
        "article_id": ART,
        "kind": "role",
        "person": "Rustem Umerov",
        "role": "Defense Minister",
        "affiliation": "Ukraine",
        "evidence": "x",
    }
    return {**base, **kw}


def role(**kw: Any) -> dict[str, Any]:
    base = {"kind": "role", "article_id": ART, "person": "Umerov", "role": "defence minister"}
    return {**base, "affiliation": "Ukraine", "country": "UKR", **kw}


def test_role_by_surname_and_role_words() -> None:
    assert found(gold_role(), role())
    assert role_fits("head of the Ukrainian delegation", "delegation head")
    assert not role_fits("Defense Minister", "spokesman")
    assert not role_fits("head of the delegation", "member of the council")  # only function words shared


def test_a_long_string_of_titles_is_not_a_role() -> None:
    long = "defence minister and adviser spokesman envoy governor mayor senator ambassador"
    rep = one(gold_role(), role(role=long))
    assert rep.kinds["role"].found == 0
    assert rep.kinds["role"].extra["person"] == 1
    assert rep.misses[0].why.startswith("role differs")


def test_role_of_another_person_is_missed() -> None:
    rep = one(gold_role(), role(person="Lavrov"))
    assert rep.misses[0].why == "no role for this person"


@pytest.mark.parametrize(
    ("affiliation", "country", "ok"),
    [
        ("Ukraine", None, True),
        (None, "UKR", True),
        ("Kyiv", None, True),
        ("Russia", "RUS", False),
        (None, None, False),
    ],
)
def test_role_affiliation_accuracy(affiliation: str | None, country: str | None, ok: bool) -> None:
    rep = one(gold_role(), role(affiliation=affiliation, country=country))
    assert rep.kinds["role"].found == 1
    assert rep.kinds["role"].extra["aff_acc"] == (1.0 if ok else 0.0)
    assert bool(rep.misses) is not ok


# -- quotes -------------------------------------------------------------------------------------
def gold_quote(**kw: Any) -> dict[str, Any]:
    return {
        "article_id": ART,
        "kind": "quote",
        "speaker": "Andriy Sybiha",
        "quote": QUOTE,
        "evidence": QUOTE_SENT,
        **kw,
    }


def quote(text: str, speaker: str = "Sybiha", country: str | None = None) -> dict[str, Any]:
    return {"kind": "quote", "article_id": ART, "speaker": speaker, "country": country, "text": text}


def test_quote_covering_most_words_matches() -> None:
    words = QUOTE.split()
    assert found(gold_quote(), quote(QUOTE))
    assert found(gold_quote(), quote(" ".join(words[:9])))  # 9 of 12 words: 0.75


def test_quote_too_short_or_too_long_does_not_match() -> None:
    words = QUOTE.split()
    assert not found(gold_quote(), quote(" ".join(words[:8])))  # 8 of 12 words
    too_long = QUOTE + " " + "and then the minister went on to speak about many other things at length"
    assert not found(gold_quote(), quote(too_long))
    assert one(gold_quote(), quote(too_long)).misses[0].why == "no quote with these words"


def test_quote_speaker_by_surname_or_country() -> None:
    assert found(gold_quote(speaker="Ukraine"), quote(QUOTE, "a senior official", "UKR"))
    rep = one(gold_quote(), quote(QUOTE, "Lavrov", "RUS"))
    assert rep.kinds["quote"].extra["text_found"] == 1
    assert rep.misses[0].why == "speaker differs (got Lavrov (RUS))"


# -- positions ----------------------------------------------------------------------------------
def gold_position(**kw: Any) -> dict[str, Any]:
    base = {"article_id": ART, "kind": "position", "party": "Ukraine", "issue": "truce", "stance": "support"}
    return {**base, "evidence": MEET, **kw}


def position(**kw: Any) -> dict[str, Any]:
    base = {"kind": "position", "article_id": ART, "party": "Kyiv", "country": None, "issue": "ceasefire"}
    return {**base, "stance": "support", "evidence": MEET, **kw}


def test_position_by_sentence_party_and_stance() -> None:
    assert found(gold_position(), position())
    assert found(gold_position(), position(party="officials", country="UKR", issue="something else"))
    rep = one(gold_position(), position(stance="oppose"))
    assert rep.misses[0].why == "stance differs (got oppose)"
    rep = one(gold_position(), position(party="Moscow"))
    assert (rep.kinds["position"].extra["sentence"], rep.kinds["position"].extra["party"]) == (1, 0)
    assert rep.misses[0].why == "party differs (got Moscow)"
    assert not found(gold_position(), position(evidence=PARAGRAPH))


# -- the report ---------------------------------------------------------------------------------
def test_records_per_article_and_counts() -> None:
    records = [
        {"kind": "article", "id": ART},
        {"kind": "article", "id": "art-2"},
        event(),
        event(article_id="art-2"),
        event(article_id="art-3"),
        {"kind": "actor", "id": "country:ukr"},
    ]
    gold = [gold_event(), gold_event(article_id="art-2", evidence=ACCUSE)]
    rep = score(gold, records)
    assert rep.articles == 2
    assert rep.kinds["event"].per_article == 1.0  # art-3 has no gold: not counted per article
    assert rep.records == {"article": 2, "event": 3, "actor": 1}
    assert rep.kinds["role"].gold == 0 and rep.kinds["role"].recall is None


def test_an_article_missing_from_the_export_is_said_so() -> None:
    rep = score([gold_event(article_id="gone")], [{"kind": "article", "id": ART}, event()])
    assert rep.misses[0].why == "article not in the export"


def test_render_and_json() -> None:
    gold = [gold_event(), gold_role(), gold_quote(), gold_position()]
    rep = score(gold, [event(), role(role="spokesman")])
    table = render(rep)
    assert isinstance(table, Table)
    grouped = render(rep, misses=True, limit=1)
    assert isinstance(grouped, Group)
    console = Console(width=140, record=True)
    console.print(grouped)
    text = console.export_text()
    assert "recall" in text and "role differs (got spokesman)" in text and "2 more not shown" in text
    data = json.loads(json.dumps(report_json(rep)))
    assert data["kinds"]["event"]["recall"] == 1.0
    assert data["kinds"]["role"]["person"] == 1
    assert len(data["misses"]) == 3


# -- reading gold -------------------------------------------------------------------------------
def write_gold(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_read_gold(tmp_path: Path) -> None:
    facts = [gold_event(), gold_role(), gold_quote(), gold_position()]
    path = write_gold(tmp_path, *(json.dumps(f) for f in facts[:2]), "", *(json.dumps(f) for f in facts[2:]))
    assert read_gold(path) == facts


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{broken", "line 2: not valid JSON"),
        ("[1, 2]", "line 2: a list, not an object"),
        (json.dumps(gold_event(kind="story")), "line 2: unknown kind 'story'"),
        (json.dumps(gold_event(evidence="")), "line 2: a event fact needs evidence"),
        (json.dumps({"kind": "role", "person": "X", "role": "Y"}), "line 2: a role fact needs article_id"),
        (json.dumps(gold_event(action="hug")), "line 2: action 'hug' is not known"),
        (json.dumps(gold_position(stance="maybe")), "line 2: stance 'maybe' is not known"),
        (json.dumps(gold_event(status="done")), "line 2: status 'done' is not known"),
    ],
)
def test_read_gold_errors_name_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    path = write_gold(tmp_path, json.dumps(gold_event()), line)
    with pytest.raises(ConfigError) as err:
        read_gold(path)
    assert str(path) in err.value.message
    assert message in err.value.message
    assert err.value.fix


def test_read_gold_missing_or_empty_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read gold file"):
        read_gold(tmp_path / "nope.jsonl")
    with pytest.raises(ConfigError, match="holds no facts"):
        read_gold(write_gold(tmp_path, ""))
