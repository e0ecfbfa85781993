"""Regular English inflections for the forms the dictionaries leave implicit.

PETRARCH generated them by bare suffixing ("ACCOMPANYED", "STOPED", "ENVOIES"); detente matches
real text, so the regular forms here follow English spelling instead: -ies/-ied after a
consonant + y, -es after a sibilant, a doubled final consonant for one-syllable verbs ending in
consonant-vowel-consonant, and a dropped silent e before -ing. Irregular forms come from the
dictionaries' own `{...}` lists, which always win.
"""

from __future__ import annotations

import re

_VOWELS = "aeiou"
_CVC = re.compile(r"^[^aeiou]*[aeiou][^aeiouwxy]$")


def plural(phrase: str) -> str:
    """The regular plural of a noun phrase (its last word inflected)."""
    head, _, last = phrase.rpartition(" ")
    if last.endswith("y") and len(last) > 1 and last[-2] not in _VOWELS:
        word = last[:-1] + "ies"
    elif last.endswith(("s", "x", "z", "ch", "sh")):
        word = last + "es"
    else:
        word = last + "s"
    return f"{head} {word}" if head else word


def verb_forms(verb: str) -> list[str]:
    """The regular third-person, past and -ing forms of a one-word verb (lower case)."""
    if verb.endswith("y") and len(verb) > 1 and verb[-2] not in _VOWELS:
        return [verb[:-1] + "ies", verb[:-1] + "ied", verb + "ing"]
    third = verb + "es" if verb.endswith(("s", "x", "z", "ch", "sh", "o")) else verb + "s"
    if _CVC.match(verb):
        double = verb + verb[-1]
        return [third, double + "ed", double + "ing"]
    if verb.endswith("ie"):
        return [third, verb + "d", verb[:-2] + "ying"]
    if verb.endswith("e"):
        ing = verb + "ing" if verb.endswith(("ee", "ye", "oe")) else verb[:-1] + "ing"
        return [third, verb + "d", ing]
    return [third, verb + "ed", verb + "ing"]
