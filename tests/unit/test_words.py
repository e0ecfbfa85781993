"""The named word groups of data/en/words.yaml: loaded, checked, and each read by some module."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from detente.errors import ConfigError
from detente.lexicon.files import shipped_yaml
from detente.lexicon.words import group_names, number_map, parse_groups, word_list, word_map, words

SRC = Path(__file__).resolve().parents[2] / "src" / "detente"


def test_groups_load_as_sets_and_ordered_lists() -> None:
    assert "will" in words("status.future_aux")
    assert word_list("status.strict_conditions")[0] == "but only"
    assert isinstance(words("status.planning"), frozenset)


def test_no_group_is_empty_or_repeats_an_entry() -> None:
    raw = shipped_yaml("en/words.yaml")
    for name in group_names():
        entries = list(raw[name])
        assert entries, name
        assert len(entries) == len(set(entries)), name


def test_yaml_booleans_cannot_sneak_in() -> None:
    # `no` unquoted is a YAML boolean: the checker must refuse it rather than drop the word.
    with pytest.raises(ConfigError, match="'negation'"):
        parse_groups({"negation": ["not", False]}, "test.yaml")


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ({"status.planning": "plan intend"}, "'status.planning' is a str"),
        ({"quotes.speech": []}, "'quotes.speech' has no entries"),
        ({"quotes.speech": ["say", "say"]}, "'quotes.speech' lists 'say' twice"),
        ({"quotes.speech": ["say", ""]}, "'quotes.speech' has entries that are not words"),
        ({"dates.numbers": {"two": [2]}}, "'dates.numbers' has bad entries"),
        ({"Status Planning": ["plan"]}, "'Status Planning' is not lower-case"),
        (["plan"], "holds no mapping"),
    ],
)
def test_a_malformed_group_fails_with_its_name(raw: Any, fragment: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(fragment)):
        parse_groups(raw, "test.yaml")


def test_an_unknown_group_fails_and_suggests_the_near_one() -> None:
    with pytest.raises(ConfigError, match=re.escape("no word group 'status.planing'")) as err:
        words("status.planing")
    assert "status.planning" in err.value.fix


def test_a_list_is_not_read_as_a_mapping_nor_the_reverse() -> None:
    with pytest.raises(ConfigError, match="is a list"):
        word_map("status.planning")
    maps = [n for n in group_names() if isinstance(shipped_yaml("en/words.yaml")[n], dict)]
    for name in maps:
        with pytest.raises(ConfigError, match="is a mapping"):
            words(name)


def test_number_and_word_maps_check_their_values() -> None:
    numbers = [n for n in group_names() if isinstance(shipped_yaml("en/words.yaml")[n], dict)]
    for name in numbers:
        values = shipped_yaml("en/words.yaml")[name].values()
        if all(isinstance(v, int) for v in values):
            assert set(number_map(name).values()) == set(values)
            with pytest.raises(ConfigError, match="not a str"):
                word_map(name)


def test_every_group_is_read_by_some_module() -> None:
    # A group nobody reads is a dead list: it drifts from the code that once used it.
    source = "\n".join(p.read_text("utf-8") for p in SRC.rglob("*.py"))
    unused = [name for name in group_names() if not re.search(rf"[\"']{re.escape(name)}[\"']", source)]
    assert not unused, f"groups no module reads: {unused}"
