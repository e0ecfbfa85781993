"""Communities named by two peoples' words, homed where they live."""

from __future__ import annotations

import pytest

from detente.extract.communities import community_of, people_of
from detente.lexicon.actors import load_knowledge


@pytest.fixture(scope="module")
def kb():
    return load_knowledge()


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Bosnian Serb", ("Bosnian Serbs", "BIH")),  # an ethnic people: home is the first word's country
        ("the Bosnian Serbs", ("Bosnian Serbs", "BIH")),
        ("Kosovo Albanians", ("Kosovo Albanians", "XKX")),
        ("Iraqi Kurds", ("Iraqi Kurds", "IRQ")),
        ("Turkish Cypriots", ("Turkish Cypriots", "CYP")),  # a country's people: home is the head's
        ("Serbian", None),
        ("Serbian Orthodox", None),
        ("Turkish Airlines", None),
    ],
)
def test_a_community_is_homed_where_it_lives(kb, text: str, want: tuple[str, str] | None) -> None:
    assert community_of(text, kb) == want


def test_only_an_ethnic_head_stands_alone_for_its_community() -> None:
    assert people_of("Bosnian Serbs") == {"Serbs", "Serb"}
    assert people_of("Turkish Cypriots") == frozenset()  # "Cypriots" could be either community
