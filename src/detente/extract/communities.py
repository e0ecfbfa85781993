"""Communities named by two peoples' words: "Bosnian Serbs", "Kosovo Albanians", "Iraqi Kurds",
"Turkish Cypriots" — a people living in a country that is not the one their other word names.

Such a group is a side of its own (the Bosnian Serbs are neither Serbia nor Bosnia's government),
homed in the country where it lives: the first word's country when the head is an ethnic
people ("Bosnian Serbs": Bosnia), else the head's ("Turkish Cypriots": Cyprus). Within an
article that names one, the bare people noun ("the Serbs", "Serb forces") is that community.
"""

from __future__ import annotations

from detente.lexicon.actors import Knowledge
from detente.lexicon.names import fold
from detente.lexicon.words import words

_PEOPLES = words("actors.ethnic_peoples")


def _plural(word: str) -> str:
    return word if word.endswith("s") else f"{word}s"


def community_of(text: str, kb: Knowledge) -> tuple[str, str] | None:
    """(name, ISO-3 home) of a community named by `text` ("Bosnian Serb" → ("Bosnian Serbs", "BIH")),
    or None when the words name no such group."""
    parts = [w for w in text.split() if w.lower() != "the"]
    if len(parts) != 2 or not all(w[:1].isupper() for w in parts):
        return None
    place, head = parts[0], _plural(parts[1])
    first = kb.lookup(place)
    if first is None or first.type != "country" or first.country is None:
        return None
    if fold(head) in _PEOPLES:
        return f"{place} {head}", first.country
    second = kb.lookup(head)
    if second is None or second.type != "country" or second.country in (None, first.country):
        return None
    return f"{place} {head}", second.country


def people_of(name: str) -> frozenset[str]:
    """The bare words that stand for a community inside its article ("Serbs", "Serb"), or none
    when its head is a country's people rather than an ethnic one ("Cypriots" stays ambiguous)."""
    head = name.split()[-1]
    if fold(head) not in _PEOPLES:
        return frozenset()
    return frozenset({head, head.removesuffix("s")})
