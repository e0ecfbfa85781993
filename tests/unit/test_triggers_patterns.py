"""The PETRARCH verb patterns as a trigger source: slot matching, senses, discards, lexicon entries."""

from __future__ import annotations

import pytest

from detente.errors import ConfigError
from detente.extract.events import patterns
from detente.lexicon import petrarch
from detente.lexicon.triggers import _lexeme, load_lexicon


@pytest.fixture(scope="module")
def pats() -> patterns.Patterns:
    return patterns.load_patterns()


def test_slots_match_the_end_of_a_phrase_head_last(pats: patterns.Patterns) -> None:
    # {HUNGER STRIKE}: both words, in order, ending at the head
    assert pats.slots((("hunger",), ("strike",)), ("a", "hunger", "strike"), "strike")
    assert not pats.slots((("hunger",), ("strike",)), ("a", "general", "strike"), "strike")
    assert not pats.slots((("hunger",), ("strike",)), ("hunger", "strike", "leader"), "leader")
    # the head may match by its lemma: PROTEST fits "protests"
    assert pats.slots((("protest",),), ("protests",), "protest")


def test_synonym_sets_match_any_of_their_forms(pats: patterns.Patterns) -> None:
    assert pats.slots((("&FIGHT",),), ("fierce", "battles"), "battle")
    assert not pats.slots((("&FIGHT",),), ("fierce", "storms"), "storm")


def _sense(cameo: str, text: str) -> patterns.Sense:
    verbs = petrarch.load_verbs()
    reading = verbs.readings.get(cameo)
    block = next(iter(verbs.blocks.values()))
    pattern = petrarch.Pattern(1, text, (), (), cameo, reading, None)
    usable = reading if reading is not None and not reading.dropped else None
    return patterns.Sense(block.verbs[0], pattern, usable, 1, (), ())


def test_a_sense_gives_the_plover_coding_of_its_code() -> None:
    lex = _sense("173", "- * &SUSPECT [173]").lexeme()
    assert lex is not None and (lex.type, lex.mode, lex.cameo) == ("COERCE", "arrest", "173")
    assert lex.implicit_target is False  # a dictionary reading invents no target


@pytest.mark.parametrize("cameo", ["010", "020"])
def test_statements_and_appeals_are_no_event(cameo: str) -> None:
    sense = _sense(cameo, f"- * X [{cameo}]")
    assert sense.blocked and sense.lexeme() is None and not sense.void


def test_a_void_pattern_blocks() -> None:
    sense = _sense("---", "- * OPPORTUNITY [---]")
    assert sense.blocked and sense.void


def test_senses_across_quad_classes_only() -> None:
    assert patterns.other_sense("SUPPORT", "ASSAULT")  # struck a deal
    assert patterns.other_sense("CONSULT", "RETREAT")  # exchanged ideas
    assert not patterns.other_sense("AGREE", "CONSULT")  # met for talks stays a meeting
    assert not patterns.other_sense("AGREE", "REQUEST")


def test_discards_void_sports_sentences_but_not_rounds_of_talks() -> None:
    assert patterns.discarded("Chile won the football match against Peru.")
    assert patterns.discarded("The Cricket board met on Monday.")
    assert not patterns.discarded("The third round of talks opened in Doha.")
    assert not patterns.discarded("They met two years ago in Geneva.")
    assert not patterns.discarded("Kenya championed the plan.")  # a whole phrase, not a prefix
    assert not patterns.discarded("The talks resume in 1999 terms.")  # years are no discard here


def test_the_shipped_lexicon_has_the_new_triggers_with_plover_codes() -> None:
    lex = load_lexicon()
    for verb, type_ in [
        ("jail", "COERCE"),
        ("imprison", "COERCE"),
        ("sentence", "COERCE"),
        ("indict", "COERCE"),
        ("ratify", "SUPPORT"),
        ("donate", "AID"),
        ("grant", "AID"),
        ("evacuate", "AID"),
        ("resign", "CONCEDE"),
        ("surrender", "CONCEDE"),
        ("demobilise", "RETREAT"),
        ("summon", "ACCUSE"),
        ("lodge", "ACCUSE"),
        ("stage", "PROTEST"),
    ]:
        assert lex.verbs[verb].type == type_, verb
        assert lex.verbs[verb].cameo in petrarch.load_verbs().readings, verb
    assert lex.nouns["hunger strike"].type == "PROTEST"
    assert "investigation" in lex.verbs["open"].objects and lex.nouns["investigation"].type == "ACCUSE"


def test_a_hand_made_trigger_with_a_bad_type_names_it() -> None:
    with pytest.raises(ConfigError, match="jail"):
        _lexeme("jail", {"type": "PRISON", "cameo": "173"}, "events.yaml")


def test_every_shipped_code_has_the_reading_of_its_plover_type() -> None:
    readings = petrarch.load_verbs().readings
    lex = load_lexicon()
    for key, entry in {**lex.verbs, **lex.nouns}.items():
        reading = readings.get(entry.cameo)
        if reading is not None and not reading.dropped and key in ("jail", "donate", "summon", "resign"):
            assert reading.type == entry.type, key
