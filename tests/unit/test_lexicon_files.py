"""The one knowledge-file reader: typos fail with the valid keys, sections are checked, bombs refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.errors import ConfigError
from detente.lexicon.actors import load_knowledge
from detente.lexicon.files import load_yaml, user_data
from detente.lexicon.places import load_gazetteer
from detente.lexicon.taxonomy import load_taxonomy
from detente.lexicon.triggers import load_lexicon
from tests.conftest import write


def test_a_typo_in_a_trigger_key_names_the_entry_and_lists_the_valid_keys(tmp_path: Path) -> None:
    mine = write(
        tmp_path / "verbs.yaml",
        "events:\n  verbs:\n    broker: {type: CONSULT, cameo: '042', prep: [between]}\n",
    )
    with pytest.raises(ConfigError) as caught:
        load_lexicon((str(mine),))
    message = str(caught.value) + " " + (caught.value.fix or "")
    assert "'prep'" in message and "'broker'" in message and "preps" in message


def test_a_user_trigger_is_loaded_and_wins(tmp_path: Path) -> None:
    mine = write(
        tmp_path / "verbs.yaml",
        "events:\n  verbs:\n    broker: {type: CONSULT, cameo: '042', preps: [between]}\n",
    )
    lexicon = load_lexicon((str(mine),))
    assert lexicon.verbs["broker"].preps == ("between",)


@pytest.mark.parametrize(
    ("content", "loader", "words"),
    [
        ("actor:\n  - {name: X}\n", load_knowledge, "unknown section"),
        ("actors:\n  - {name: Ilse Brandvold, type: person, contry: NOR}\n", load_knowledge, "'contry'"),
        ("countries:\n  - {code: XXA, name: Atlantis, capital: [Poseidonis]}\n", load_knowledge, "'capital'"),
        ("issues:\n  - {slug: land, label: Land, term: [land]}\n", load_taxonomy, "'term'"),
        ("places:\n  - {name: Harbour House, kind: venue, town: Izmir}\n", load_gazetteer, "'town'"),
        ("events:\n  verb:\n    broker: {type: CONSULT, cameo: '042'}\n", load_lexicon, "'verb'"),
        ("events:\n  verbs:\n    broker: {type: BARGAIN, cameo: '042'}\n", load_lexicon, "BARGAIN"),
        ("just a sentence\n", load_knowledge, "neither a mapping nor a list"),
    ],
)
def test_bad_user_files_fail_with_what_is_wrong(
    tmp_path: Path, content: str, loader: object, words: str
) -> None:
    path = write(tmp_path / "bad.yaml", content)
    with pytest.raises(ConfigError) as caught:
        loader((str(path),))  # type: ignore[operator]
    assert words in str(caught.value) + " " + (caught.value.fix or "")
    assert "bad.yaml" in str(caught.value)


def test_a_bare_list_is_places_when_it_gives_kinds_else_actors(tmp_path: Path) -> None:
    places = write(tmp_path / "p.yaml", "- {name: Harbour House, kind: venue, country: TUR}\n")
    actors = write(tmp_path / "a.yaml", "- {name: Ilse Brandvold, type: person, country: NOR}\n")
    assert list(user_data((str(places),))[0][1]) == ["places"]
    assert list(user_data((str(actors),))[0][1]) == ["actors"]
    assert load_knowledge((str(actors),)).lookup("Ilse Brandvold") is not None
    assert load_knowledge((str(places),)).lookup("Harbour House") is None


def test_an_alias_bomb_is_refused_quickly() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
    )
    bomb += "z: [" + ", ".join(["*i"] * 200) + "]\n" + "w: [" + ", ".join(["*a"] * 900) + "]\n"
    with pytest.raises(ConfigError, match="aliases"):
        load_yaml(bomb, "bomb.yaml")


def test_an_unreadable_or_undecodable_user_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        user_data((str(tmp_path / "missing.yaml"),))
    latin = write(tmp_path / "latin.yaml", "actors:\n  - {name: Caf\xe9}\n".encode("latin-1"))
    with pytest.raises(ConfigError, match="not UTF-8"):
        user_data((str(latin),))
