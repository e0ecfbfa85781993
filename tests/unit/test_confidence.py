"""The confidence model: features of hand-built events, the weights file, and what it predicts."""

from __future__ import annotations

import dataclasses
import json
from importlib import resources
from pathlib import Path

import pytest

from detente.errors import ConfigError
from detente.extract import version
from detente.extract.confidence import (
    Model,
    article_event_features,
    event_features,
    load_models,
    parse_models,
    read_models,
    score_events,
    sigmoid,
)
from detente.extract.confidence_said import (
    article_position_features,
    article_quote_features,
    score_positions,
    score_quotes,
)
from detente.records import ActorRef, Article, Event, Place, Position, Quote

# Two reports written for these tests: a plain meeting, and a planned swap whose parties the
# second sentence names only by pronoun.
TEXT = (
    "Kenya and Somalia held talks in Nairobi on Tuesday.\n\n"
    "Officials said they would probably agree to exchange detainees if the talks went well."
)
FIRST = TEXT.index("Kenya")
FIRST_END = TEXT.index("\n")
SECOND = TEXT.index("Officials")
ARTICLE = Article(
    id="a1",
    url=None,
    outlet="test",
    published="2025-03-05",
    title=None,
    language="en",
    text=TEXT,
    text_sha256="x",
)
KENYA = ActorRef("country:ken", "Kenya", "KEN", None)
SOMALIA = ActorRef("country:som", "Somalia", "SOM", None)
NAIROBI = Place("Nairobi", None, "KEN", None, None)


def event(n: int, start: int, end: int, trigger: str, **changes: object) -> Event:
    base = Event(
        id=f"a1-e{n}",
        article_id="a1",
        type="CONSULT",
        mode=None,
        cameo="040",
        status="occurred",
        source=KENYA,
        target=SOMALIA,
        trigger=trigger,
        date=None,
        date_end=None,
        date_precision=None,
        date_text=None,
        place=None,
        evidence=TEXT[start:end],
        start=start,
        end=end,
        confidence=0.5,
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def test_features_of_a_plain_meeting() -> None:
    ev = event(
        0,
        FIRST,
        FIRST_END,
        "held",
        date="2025-03-04",
        date_text="Tuesday",
        date_precision="day",
        place=NAIROBI,
    )
    f = event_features(ev, ARTICLE, [ev])
    assert f["type=CONSULT"] == 1.0 and f["status=occurred"] == 1.0
    assert f["source=country"] == 1.0 and f["target=country"] == 1.0
    assert "source_unnamed" not in f and "target_unnamed" not in f
    assert f["date=sentence"] == 1.0 and f["place"] == 1.0
    assert "place_not_in_sentence" not in f
    assert f["first_line"] == 1.0
    assert f["sentence_events"] == 0.0  # log(1): alone in its sentence
    assert "occurred_despite_cue" not in f


def test_features_of_a_hedged_event_read_from_pronouns() -> None:
    ev = event(1, SECOND, len(TEXT), "exchange", type="RETREAT", place=NAIROBI)
    f = event_features(ev, ARTICLE, [ev])
    assert f["source_unnamed"] == 1.0 and f["target_unnamed"] == 1.0
    assert f["trigger_infinitive"] == 1.0
    assert f["cue_condition"] == 1.0 and f["cue_future"] == 1.0
    assert f["occurred_despite_cue"] == 1.0
    assert f["place_not_in_sentence"] == 1.0
    assert f["cue_reporting"] == 1.0
    assert "first_line" not in f


def test_crowding_and_repeats_come_from_the_other_events() -> None:
    a = event(0, FIRST, FIRST_END, "held")
    b = event(1, FIRST, FIRST_END, "held", type="AGREE")
    c = event(2, SECOND, len(TEXT), "talks")
    fa, fb, fc = article_event_features(ARTICLE, [a, b, c])
    assert fa["sentence_events"] == fb["sentence_events"] > fc["sentence_events"]
    assert fa["repeated_in_article"] == 1.0 and fc["repeated_in_article"] == 1.0
    assert "repeated_in_article" not in fb


def test_the_records_own_confidence_is_no_feature() -> None:
    ev = event(0, FIRST, FIRST_END, "held")
    low = event(0, FIRST, FIRST_END, "held", confidence=0.01)
    assert event_features(ev, ARTICLE, [ev]) == event_features(low, ARTICLE, [low])


def test_model_output_is_monotone_in_a_good_feature() -> None:
    model = Model({"named": 0.8, "hedged": -1.2}, 0.1)
    probabilities = [model.probability({"named": x}) for x in (0.0, 0.5, 1.0, 2.0)]
    assert probabilities == sorted(probabilities) and probabilities[0] < probabilities[-1]
    assert model.probability({"unknown feature": 5.0}) == pytest.approx(sigmoid(0.1))


def test_shipped_model_trusts_a_named_party_more_than_an_inferred_one() -> None:
    named = event(0, FIRST, FIRST_END, "held")
    inferred = event(0, FIRST, FIRST_END, "held", source=ActorRef("country:eth", "Ethiopia", "ETH", None))
    (a,) = score_events(ARTICLE, (named,), None)
    (b,) = score_events(ARTICLE, (inferred,), None)
    assert 0.0 < b.confidence < a.confidence < 1.0


def test_score_events_changes_only_the_confidence() -> None:
    ev = event(0, FIRST, FIRST_END, "held")
    (scored,) = score_events(ARTICLE, (ev,), None)
    assert scored.confidence != ev.confidence
    assert scored == dataclasses.replace(ev, confidence=scored.confidence)


def test_shipped_weights_load() -> None:
    models = load_models()
    assert "event" in models and models["event"].weights


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "is not a confidence weights file"),
        ({"format": 2, "models": {}}, "is not a confidence weights file"),
        ({"format": 1, "models": {}}, "holds no models"),
        ({"format": 1, "models": {"event": {"features": ["a"], "weights": [], "bias": 0}}}, "model 'event'"),
        ({"format": 1, "models": {"event": {"features": ["a"], "weights": ["x"], "bias": 0}}}, "finite"),
        (
            {"format": 1, "models": {"event": {"features": ["a", "a"], "weights": [1, 2], "bias": 0}}},
            "distinct",
        ),
        ({"format": 1, "models": {"event": {"features": [], "weights": [], "bias": None}}}, "bias"),
    ],
)
def test_bad_weights_are_refused_naming_the_file(data: object, message: str) -> None:
    with pytest.raises(ConfigError, match=message) as info:
        parse_models(data, "weights.json")
    assert "weights.json" in str(info.value)


def test_unreadable_weights_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "confidence.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(ConfigError, match=str(path)):
        read_models(path)
    path.write_text(
        json.dumps({"format": 1, "models": {"event": {"features": ["x"], "weights": [2.0], "bias": -1.0}}})
    )
    assert read_models(path)["event"].probability({"x": 1.0}) == pytest.approx(sigmoid(1.0))


def test_the_weights_are_part_of_the_extractor_version() -> None:
    data = resources.files("detente").joinpath("data")
    walked = [name for name, _ in version._walk(data.joinpath("confidence.json"), "data/confidence.json")]
    assert walked == ["data/confidence.json"]
    assert "confidence.json" not in version._NOT_KNOWLEDGE


QUOTE_TEXT = 'The envoy said the door stayed open.\n\nTalks resume.\nHe added: "We will be back" soon.'


def _quote(start: int, end: int, text: str, speaker: str | None, **changes: object) -> Quote:
    base = Quote("a1", speaker, None, None, text, True, "said", QUOTE_TEXT[start:end], start, end)
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def test_quote_features_show_span_and_speaker() -> None:
    article = dataclasses.replace(ARTICLE, text=QUOTE_TEXT)
    end = QUOTE_TEXT.index("\n")
    clean = _quote(0, end, "the door stayed open", "the envoy", direct=False)
    second = QUOTE_TEXT.index("He added")
    broken = _quote(second, len(QUOTE_TEXT), "We will\n be back", "Olek Marsh")
    f_clean, f_broken = article_quote_features(article, [clean, broken])
    assert f_clean["indirect"] == 1.0 and "speaker_unnamed" not in f_clean
    assert f_clean["speaker=name"] == 1.0 and f_clean["span_starts_lower"] == 1.0
    assert f_broken["direct"] == 1.0 and f_broken["speaker_unnamed"] == 1.0
    assert f_broken["span_line_break"] == 1.0 and f_broken["span_outside_sentence"] == 1.0
    assert f_broken["quoted_sentence"] == 1.0


def test_position_features_show_party_and_content() -> None:
    sentence = "Arland said it would accept talks if Borduria withdrew."
    article = dataclasses.replace(ARTICLE, text=sentence)
    pos = Position(
        "a1", "Borduria", "country:bbb", "BBB", None, "direct-talks", "conditional", sentence, 0, len(sentence),
        topic="talks", condition="if Borduria withdrew",
    )  # fmt: skip
    (f,) = article_position_features(article, [pos])
    assert f["party=country"] == 1.0 and "party_unnamed" not in f
    assert f["stance=conditional"] == 1.0 and f["condition"] == 1.0 and "claim" not in f
    assert f["cue_condition"] == 1.0


def test_quotes_and_positions_are_scored_and_default_to_unscored() -> None:
    article = dataclasses.replace(ARTICLE, text=QUOTE_TEXT)
    quote = _quote(0, QUOTE_TEXT.index("\n"), "the door stayed open", "the envoy")
    assert quote.confidence is None
    (scored,) = score_quotes(article, (quote,))
    assert scored.confidence is not None and 0.0 < scored.confidence < 1.0
    assert dataclasses.replace(scored, confidence=None) == quote
    old = {k: v for k, v in quote.to_record().items() if k != "confidence"}
    assert Quote.from_record(old).confidence is None  # records written before the field read back
    assert score_positions(article, ()) == ()


def test_a_clean_quote_is_trusted_more_than_a_broken_one() -> None:
    article = dataclasses.replace(ARTICLE, text=QUOTE_TEXT)
    end = QUOTE_TEXT.index("\n")
    clean = _quote(0, end, "the door stayed open", "The envoy")
    broken = _quote(0, end, "the door", "Olek Marsh")
    a, b = score_quotes(article, (clean, broken))
    assert a.confidence is not None and b.confidence is not None and a.confidence > b.confidence
