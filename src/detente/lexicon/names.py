"""Name keys: folding for lookups, slugs for actor ids, surnames for person matching."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from detente.codes import country_id

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
        return country_id(country)
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


# Transliteration variants of the same name: Umerov / Umierov / Umyerov, Zelensky / Zelenskyy /
# Zelenskiy, Kyslytsia / Kyslytsya, Defence / Defense. Applied in order to a folded name.
_TRANSLIT = (
    ("yy", "y"),
    ("iy", "y"),
    ("yi", "y"),
    ("ii", "i"),
    ("ya", "a"),
    ("ia", "a"),
    ("yu", "u"),
    ("iu", "u"),
    ("ye", "e"),
    ("ie", "e"),
    ("kh", "h"),
    ("zh", "z"),
    ("ts", "c"),
    ("tch", "ch"),
    ("y", "i"),
    ("j", "i"),
    ("w", "v"),
    ("ck", "k"),
    ("ph", "f"),
    ("defense", "defence"),
    ("g", "h"),  # Ukrainian h for Russian g: Serhii / Sergei, Heorhiy / Georgy
)
_DOUBLE = re.compile(r"(.)\1+")
# Ukrainian and Russian forms of one given name, by transliteration key.
_GIVEN = {
    "volodimir": "vladimir",
    "oleksandr": "aleksandr",
    "alexander": "aleksandr",
    "olexandr": "aleksandr",
    "oleksi": "aleksei",
    "aleksi": "aleksei",
    "andri": "andrei",
    "mikola": "nikolai",
    "dmitro": "dmitri",
    "evhen": "evheni",
    "ihor": "ihor",
    "iuri": "uri",
    "petro": "piotr",
    "pavlo": "pavel",
}


@lru_cache(maxsize=100_000)
def translit_key(name: str) -> str:
    """A key that spellings of one name share across transliterations ("Umierov" → "umerov")."""
    words = []
    for word in fold(name).split():
        for a, b in _TRANSLIT:
            word = word.replace(a, b)
        words.append(_DOUBLE.sub(r"\1", word))
    return " ".join(words)


def given_compatible(a: str, b: str) -> bool:
    """Could two persons' names with the same surname be one person? ("Volodymyr" and
    "Vladimir Zelensky" yes; "Shehbaz Sharif" and "Nawaz Sharif" no; a bare surname yes)."""
    wa, wb = translit_key(a).split()[:-1], translit_key(b).split()[:-1]
    if not wa or not wb:
        return True
    x, y = _GIVEN.get(wa[0], wa[0]), _GIVEN.get(wb[0], wb[0])
    if x == y or (len(x) == 1 and y.startswith(x)) or (len(y) == 1 and x.startswith(y)):
        return True
    return x[:3] == y[:3] and abs(len(x) - len(y)) <= 2
