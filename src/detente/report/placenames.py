"""Places and countries as a sentence names them: "the United States", "the Dolmabahçe Palace"."""

from __future__ import annotations

from functools import lru_cache

from detente.lexicon.words import words

_THE = words("report.country_the")
_PLACE_THE = frozenset({"white house", "oval office", "kremlin", "pentagon", "vatican", "elysee", "élysée"})
_BUILDINGS = frozenset(
    {
        "palace",
        "hotel",
        "house",
        "centre",
        "center",
        "hall",
        "building",
        "headquarters",
        "residence",
        "embassy",
    }
)


@lru_cache(maxsize=4096)
def the_country(name: str) -> str:
    """A country's name as said in a sentence: "the United States", "Russia"."""
    if name.lower().startswith("the "):
        return name
    return f"the {name}" if any(w in _THE for w in name.lower().split()) else name


def placed(where: str) -> str:
    """A place as a sentence names it: "the Oval Office", "the Dolmabahçe Palace", "the United States"."""
    low = where.lower()
    if low.removesuffix(" palace") in _PLACE_THE or low.rsplit(" ", 1)[-1] in _BUILDINGS:
        return where if low.startswith("the ") else f"the {where}"
    return the_country(where)
