"""Name keys: folding for lookups, slugs for actor ids, surnames for person matching."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_APOS = str.maketrans({"’": "'", "‘": "'", "`": "'", "ʼ": "'"})
_NON_WORD = re.compile(r"[^a-z0-9]+")
_SPECIAL = str.maketrans(
    {"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ð": "d", "þ": "th"}
)


@lru_cache(maxsize=200_000)
def fold(name: str) -> str:
    """A lookup key: lower case, accents and punctuation gone, "the" dropped, spaces single.

    "the Kremlin" → "kremlin"; "Erdoğan" → "erdogan"; "U.S." → "us".
    """
    text = unicodedata.normalize("NFKD", name.translate(_APOS).lower().translate(_SPECIAL))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("'s ", " ").removesuffix("'s").replace(".", "").replace("'", "")
    words = _NON_WORD.sub(" ", text).split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def slug(name: str) -> str:
    """A readable id part: the folded name with hyphens ("Recep Tayyip Erdoğan" → "recep-tayyip-erdogan")."""
    return fold(name).replace(" ", "-") or "unnamed"


def actor_id(actor_type: str, canonical: str, country: str | None = None) -> str:
    """The deterministic id of a canonical actor: `type:slug` (countries: `country:iso3`)."""
    if actor_type == "country" and country:
        return f"country:{country.lower()}"
    return f"{actor_type}:{slug(canonical)}"


_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xiv", "xvi"})


def surname(name: str) -> str:
    """The folded last word of a person's name, past "Jr." and regnal numbers.

    "Volodymyr Zelensky" → "zelensky"; "Charles III" → "charles"; "Gideon Sa'ar" → "saar".
    """
    words = fold(name).split()
    while len(words) > 1 and words[-1] in _SUFFIXES:
        words.pop()
    return words[-1] if words else ""
