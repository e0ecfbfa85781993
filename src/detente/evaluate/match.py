"""How `detente eval` matches an extracted record to a hand-written gold fact.

The rules are those of the record contract's "Gold facts" section: forgiving on wording
(folded word overlap), strict on who and what (the same party, the same kind of act). Which
names stand for a country comes from detente's own knowledge files, so a country a user adds
there is understood here too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from detente.codes import OWN_CODES
from detente.lexicon.actors import Knowledge
from detente.lexicon.names import fold, surname
from detente.lexicon.words import words as word_group

ACTION_TYPES: dict[str, frozenset[str]] = {
    "meet": frozenset({"CONSULT"}),
    "travel": frozenset({"CONSULT"}),
    "propose": frozenset({"AGREE", "REQUEST"}),
    "agree": frozenset({"AGREE", "SUPPORT", "CONCEDE", "COOPERATE"}),
    "demand": frozenset({"REQUEST"}),
    "reject": frozenset({"REJECT"}),
    "accuse": frozenset({"ACCUSE"}),
    "attack": frozenset({"ASSAULT", "COERCE"}),
    "release/exchange": frozenset({"RETREAT", "COOPERATE", "AGREE"}),
    "threaten": frozenset({"THREATEN"}),
}
"""The PLOVER types each gold action may be extracted as."""

ACTIONS = (*ACTION_TYPES, "say")
TWO_SIDED = frozenset({"meet", "agree", "release/exchange"})

# Same sentence: most of the gold sentence, and the record's evidence not a whole paragraph.
SENTENCE_COVER, SENTENCE_PRECISION = 0.6, 0.4
# Quotes: most of the quoted words, and not much more.
QUOTE_COVER, QUOTE_PRECISION = 0.7, 0.5
# Roles: at least a quarter of the extracted role's words belong to the gold role, so that a
# long string of titles does not match every role by sharing "minister".
ROLE_PRECISION = 0.25

_FUNCTION = word_group("evaluate.function_words")
# Words that say nothing about who a party is: two parties sharing only these are not the same.
_GENERIC = _FUNCTION | word_group("evaluate.generic_party_words")
# Knowledge entries that stand for a state: its names, demonyms, capitals and seats of power.
_STATE_VIA = frozenset({"country", "demonym", "capital", "seat"})
# International bodies with a code of their own stand for it as a country name does ("the EU");
# the generic codes (IGO, NGO, ...) are shared by many bodies and identify none.
_LONGEST_NAME = 6


def words(text: str | None) -> list[str]:
    """The folded words of a text (accents, case and punctuation gone)."""
    return fold(text).split() if text else []


def cover(gold: str | None, got: str | None) -> tuple[float, float]:
    """(share of the gold's words found in `got`, share of `got`'s words found in the gold)."""
    g, x = words(gold), words(got)
    if not g or not x:
        return 0.0, 0.0
    common = sum((Counter(g) & Counter(x)).values())
    return common / len(g), common / len(x)


def same_sentence(gold_evidence: str | None, evidence: str | None) -> bool:
    """Was a record with this evidence read from the gold's sentence?"""
    recall, precision = cover(gold_evidence, evidence)
    return recall >= SENTENCE_COVER and precision >= SENTENCE_PRECISION


def quote_covers(gold_quote: str | None, text: str | None) -> bool:
    """Does an extracted quote hold most of the gold quote's words and not much more?"""
    recall, precision = cover(gold_quote, text)
    return recall >= QUOTE_COVER and precision >= QUOTE_PRECISION


def date_agrees(gold: str | None, got: str | None) -> bool:
    """Dates agree up to the coarser precision ("2025-05" and "2025-05-16" do)."""
    return bool(gold and got) and (str(got).startswith(str(gold)) or str(gold).startswith(str(got)))


def role_words(role: str | None) -> list[str]:
    """The words of a role, with the two spellings of defence made one."""
    return ["defence" if w == "defense" else w for w in words(role)]


def role_fits(gold_role: str | None, got_role: str | None) -> bool:
    """Does an extracted role name the gold role (shared content words, not mostly others)?"""
    gold_w, got_w = role_words(gold_role), role_words(got_role)
    if not set(gold_w) & set(got_w) - _FUNCTION:
        return False
    # Function words count in the share too: "head of the delegation" is four words long.
    common = sum((Counter(gold_w) & Counter(got_w)).values())
    return common / len(got_w) >= ROLE_PRECISION


def ref_parts(ref: Mapping[str, Any] | str | None) -> tuple[str, str | None] | None:
    """(name, country code) of an ACTOR_REF, a plain name, or None when there is no party."""
    if ref is None:
        return None
    if isinstance(ref, str):
        return ref, None
    name, country = ref.get("name"), ref.get("country")
    if isinstance(name, Mapping):  # a nested ref where the contract has a string; read it anyway
        country = country or name.get("country")
        name = name.get("name")
    return str(name or ""), country if isinstance(country, str) else None


class Parties:
    """Decides whether an extracted party stands for a gold party, using the knowledge files."""

    def __init__(self, kb: Knowledge) -> None:
        self._kb = kb
        self._codes: dict[str, frozenset[str]] = {}

    def _code(self, key: str) -> str | None:
        entry = self._kb.lookup(key)
        if entry is None or not entry.country:
            return None
        if entry.via in _STATE_VIA or (entry.type == "organization" and entry.country in OWN_CODES):
            return entry.country
        return None

    def codes(self, name: str | None) -> frozenset[str]:
        """The country codes a name stands for: "Kyiv" → UKR, "the Sudanese army" → SDN."""
        key = fold(name) if name else ""
        if key in self._codes:
            return self._codes[key]
        whole = self._code(key) if key else None
        found: set[str] = {whole} if whole else set()
        if not whole:
            # Longest names first, left to right, so that "Democratic Republic of the Congo"
            # is not also read as the "Congo" inside it.
            ws, i = key.split(), 0
            while i < len(ws):
                for n in range(min(_LONGEST_NAME, len(ws) - i), 0, -1):
                    code = self._code(" ".join(ws[i : i + n]))
                    if code:
                        found.add(code)
                        i += n
                        break
                else:
                    i += 1
        self._codes[key] = frozenset(found)
        return self._codes[key]

    def is_country(self, name: str | None) -> bool:
        """Is the name a country's own name ("Qatar"), not a city, demonym or seat?"""
        entry = self._kb.lookup(name) if name else None
        return entry is not None and entry.via == "country"

    def matches(self, gold: str | None, ref: Mapping[str, Any] | str | None) -> bool:
        """Does `ref` (an ACTOR_REF, a `{name, country}` or a plain name) stand for the gold party?"""
        if not gold:
            return True
        parts = ref_parts(ref)
        if parts is None:
            return False
        name, country = parts
        got = _tokens(name)
        gold_codes = self.codes(gold)
        if gold_codes:
            if country in gold_codes or self.codes(name) & gold_codes:
                return True
            # A record coded to another country is another party, whatever words it shares
            # ("the army" of TCD is not the "Sudanese army").
            return not country and bool(_tokens(gold) & got)
        last = surname(gold)
        # Surnames are transliterated many ways (Zelensky, Zelenskyy, Zelenskiy): a longer
        # token holding the other counts.
        if last and (last in got or any(last in t or t in last for t in got if len(t) > 3)):
            return True
        shared = _tokens(gold) & got
        return bool(shared) and len(shared) >= max(1, len(_tokens(gold)) // 2)


def _tokens(name: str | None) -> set[str]:
    return {t for t in words(name) if t not in _GENERIC and len(t) > 1}


def ref_label(ref: Mapping[str, Any] | str | None) -> str:
    """A party as a miss report shows it: its name, with its country code when known."""
    parts = ref_parts(ref)
    if parts is None:
        return "nobody"
    name, country = parts
    if name and country:
        return f"{name} ({country})"
    return name or country or "unnamed"
