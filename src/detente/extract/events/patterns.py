"""The CAMEO verb patterns (PETRARCH2, compiled into `data/petrarch/verbs.json`) read on a parse.

A PETRARCH verb is a trigger only when one of its block's patterns fits the clause: the words
after the verb (particles, the object's noun phrase, prepositional phrases with their objects)
and before it (the subject). The fullest fit wins; a `---` pattern says "no event here"
("seize the opportunity"), and a CAMEO 01/02 reading (statements, appeals) is no PLOVER event.
Sentences that name a discard ("tournament", "world cup") carry no events.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from detente.lexicon.petrarch import Item, Pattern, Reading, Verb, VerbLexicon, load_discards, load_verbs
from detente.lexicon.triggers import Lexeme
from detente.lexicon.words import words

if TYPE_CHECKING:
    from spacy.tokens import Token

_OBJECTS = ("dobj", "attr", "oprd", "acomp", "dative")
_MODIFIERS = ("compound", "amod", "nmod", "det", "nummod", "poss")
_DISCARD_EXEMPT = words("events.discard_exempt")

IsActor = Callable[["Token"], bool]

# PLOVER types by quad class (verbal/material, cooperation/conflict). A pattern re-codes a
# hand-made trigger only across classes: "struck a deal" is no assault, "exchanged ideas" no
# release; within a class ("met for talks" read as an invitation) the hand-made coding stands.
_QUAD = {
    **dict.fromkeys(("AGREE", "CONSULT", "SUPPORT", "REQUEST"), "verbal cooperation"),
    **dict.fromkeys(("CONCEDE", "COOPERATE", "AID", "RETREAT"), "material cooperation"),
    **dict.fromkeys(("ACCUSE", "REJECT", "THREATEN"), "verbal conflict"),
    **dict.fromkeys(("PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"), "material conflict"),
}


# Types a verb known only to the dictionary may code on its own. Judged on dev, the generic
# cooperative patterns ("led * DELEGATION" → an invitation, "end * WAR" → a ceasefire, "use *
# FORCES" → military cooperation, "give up" → a concession) were mostly wrong; the material-
# conflict ones mostly right.
STANDALONE_TYPES = frozenset({"PROTEST", "COERCE", "ASSAULT", "SANCTION", "MOBILIZE"})


def other_sense(pattern_type: str, hand_type: str) -> bool:
    """Whether a pattern's type is another quad class than the hand-made trigger's."""
    return _QUAD.get(pattern_type) != _QUAD.get(hand_type)


@dataclass(frozen=True, slots=True)
class Sense:
    """The pattern that fits a verb's clause: its reading (None: no event) and what it used."""

    verb: Verb
    pattern: Pattern
    reading: Reading | None
    weight: int  # words and prepositions the pattern matched: the fuller fit wins
    objects: tuple[int, ...]  # token indices of the object nouns the pattern named
    preps: tuple[str, ...]  # prepositions whose objects the pattern marks as the target

    @property
    def void(self) -> bool:
        """True for an explicit `---` pattern: the dictionary's "this use is no event"."""
        return self.pattern.cameo == "---"

    @property
    def names_clause(self) -> bool:
        """True when the pattern names words after the verb (an object, a particle, a phrase)."""
        return any(i.kind != "mark" for i in self.pattern.after)

    @property
    def blocked(self) -> bool:
        """True when the fitting pattern says there is no event (`---`, CAMEO 01/02)."""
        return self.reading is None

    def lexeme(self) -> Lexeme | None:
        """The trigger coding of the reading (None when blocked)."""
        r = self.reading
        if r is None or r.type is None:
            return None
        return Lexeme(
            type=r.type,
            cameo=r.code,
            mode=r.mode,
            preps=self.preps or ("against",),
            implicit_target=False,
        )


@dataclass(frozen=True, slots=True)
class _Phrase:
    """A constituent of the clause: its words (head last) and its tokens."""

    words: tuple[str, ...]
    lemma: str
    tokens: tuple[Token, ...]
    head: Token


def _phrase(head: Token) -> _Phrase:
    mods = [c for c in head.lefts if c.dep_ in _MODIFIERS]
    toks = sorted({t for m in mods for t in m.subtree} | {head}, key=lambda t: t.i)
    return _Phrase(tuple(t.lower_ for t in toks), head.lemma_.lower(), tuple(toks), head)


class Patterns:
    """The verb dictionary's patterns, ready to match one verb token at a time."""

    def __init__(self, lexicon: VerbLexicon) -> None:
        self.lex = lexicon
        # synonym sets by phrase length, so a slot is matched by slicing, not by scanning
        self._sets: dict[str, dict[int, frozenset[tuple[str, ...]]]] = {}
        for name, forms in lexicon.synsets.items():
            by_len: dict[int, set[tuple[str, ...]]] = {}
            for f in forms:
                split = tuple(f.split())
                by_len.setdefault(len(split), set()).add(split)
            self._sets[name] = {k: frozenset(v) for k, v in by_len.items()}

    def verbs(self, verb: Token) -> list[tuple[Verb, Token | None]]:
        """The dictionary's verbs for a token, multi-word ones ("fight back") first, with the word they used."""
        out: list[tuple[Verb, Token | None]] = []
        for c in verb.rights:
            if c.dep_ in ("prt", "dobj", "prep", "advmod"):
                for v in self.lex.verbs(f"{verb.lower_} {c.lower_}") or self.lex.verbs(
                    f"{verb.lemma_.lower()} {c.lower_}"
                ):
                    out.append((v, c))
        single = self.lex.verbs(verb.lower_) or self.lex.verbs(verb.lemma_.lower())
        out += [(v, None) for v in single if " " not in v.verb]
        return out

    def sense(self, verb: Token, subject: Token | None, is_actor: IsActor) -> Sense | None:
        """The best-fitting pattern of the token's verbs, or None when no pattern fits."""
        best: Sense | None = None
        for v, used in self.verbs(verb):
            block = self.lex.blocks.get(v.block)
            if block is None:
                continue
            clause = _Clause(verb, subject, used)
            for p in block.patterns:
                if p.event is None and p.reverse is not None:
                    continue  # a reverse-only reading (target acts on source): not read here
                fit = clause.fit(p, self, is_actor)
                if fit is None:
                    continue
                weight, objects, preps = fit
                if best is None or weight > best.weight:
                    best = Sense(v, p, p.event if p.event and not p.event.dropped else None,
                                 weight, objects, preps)  # fmt: skip
            if best is not None:
                break  # a multi-word verb's fit beats the single word's
        return best

    def slots(self, slots: Sequence[tuple[str, ...]], words: Sequence[str], lemma: str) -> bool:
        """Whether the word slots (head last) match the end of a phrase's words."""
        variants = [tuple(words)]
        if words and lemma != words[-1]:
            variants.append((*words[:-1], lemma))
        return any(self._suffix(slots, w, len(w)) for w in variants)

    def _suffix(self, slots: Sequence[tuple[str, ...]], words: tuple[str, ...], end: int) -> bool:
        if not slots:
            return True
        for alt in slots[-1]:
            for n, forms in self._alternatives(alt):
                if n <= end and words[end - n : end] in forms and self._suffix(slots[:-1], words, end - n):
                    return True
        return False

    def _alternatives(self, alt: str) -> Iterable[tuple[int, frozenset[tuple[str, ...]]]]:
        if alt.startswith("&"):
            return self._sets.get(alt.upper(), self._sets.get(alt, {})).items()
        split = tuple(alt.split())
        return ((len(split), frozenset((split,))),)


class _Clause:
    """The constituents around one verb token that patterns are matched against."""

    def __init__(self, verb: Token, subject: Token | None, used: Token | None) -> None:
        passive = any(c.dep_ == "auxpass" for c in verb.children)
        self.particles: list[_Phrase] = []
        self.objects: list[_Phrase] = []
        self.preps: list[Token] = []
        for c in verb.rights if not passive else verb.children:
            if used is not None and c.i == used.i:
                continue
            if c.dep_ in ("prt", "advmod") and c.i > verb.i:
                self.particles.append(_phrase(c))
            elif c.dep_ in _OBJECTS or (passive and c.dep_ == "nsubjpass"):
                self.objects.append(_phrase(c))
                self.preps += [g for g in c.children if g.dep_ == "prep"]
            elif c.dep_ == "prep" and c.i > verb.i:
                self.preps.append(c)
        if passive:
            agent = next((c for c in verb.children if c.dep_ == "agent"), None)
            pobj = next((g for g in agent.children if g.dep_ == "pobj"), None) if agent else None
            subject = pobj
        self.subject = _phrase(subject) if subject is not None else None

    def fit(
        self, p: Pattern, lex: Patterns, is_actor: IsActor
    ) -> tuple[int, tuple[int, ...], tuple[str, ...]] | None:
        """(weight, object tokens named, target prepositions) when the pattern fits, else None."""
        weight = 0
        named: list[int] = []
        target_preps: list[str] = []
        for item in p.before:
            if item.kind == "noun":
                if self.subject is None or not lex.slots(item.words, self.subject.words, self.subject.lemma):
                    return None
                weight += len(item.words)
            elif item.kind == "prep":
                return None  # a preposition before the verb: too rare to read reliably
        taken: set[int] = set()
        for item in p.after:
            if item.kind == "mark":
                if item.mark == "target":
                    actor = next((o for o in self.objects if is_actor(o.head)), None)
                    if actor is None:
                        return None
                    weight += 1
                continue
            if item.kind == "noun":
                hit = next(
                    (
                        ph
                        for ph in (*self.particles, *self.objects)
                        if ph.head.i not in taken and lex.slots(item.words, ph.words, ph.lemma)
                    ),
                    None,
                )
                if hit is None:
                    return None
                taken.add(hit.head.i)
                if hit in self.objects:
                    named.append(hit.head.i)
                weight += len(item.words)
                continue
            prep = self._prep(item, lex, is_actor, taken, named)
            if prep is None:
                return None
            weight += 1 + sum(len(o.words) for o in item.objects if o.kind == "noun")
            if any(o.kind == "mark" and o.mark == "target" for o in item.objects):
                target_preps.append(prep.lower_)
        return (weight, tuple(named), tuple(target_preps)) if weight else None

    def _prep(
        self, item: Item, lex: Patterns, is_actor: IsActor, taken: set[int], named: list[int]
    ) -> Token | None:
        for prep in self.preps:
            if prep.i in taken or prep.lower_ not in item.prep:
                continue
            pobjs = [g for g in prep.children if g.dep_ == "pobj"]
            first = item.objects[0] if item.objects else None
            if first is None or (first.kind == "mark" and first.mark != "target"):
                taken.add(prep.i)
                return prep
            if first.kind == "mark":
                if any(is_actor(t) for t in pobjs):
                    taken.add(prep.i)
                    return prep
                continue
            if first.kind != "noun":
                continue
            hit = next((t for t in pobjs if lex.slots(first.words, *_words(t))), None)
            if hit is not None:
                taken.add(prep.i)
                named.append(hit.i)
                return prep
        return None


def _words(tok: Token) -> tuple[tuple[str, ...], str]:
    ph = _phrase(tok)
    return ph.words, ph.lemma


@lru_cache(maxsize=1)
def load_patterns() -> Patterns:
    """The compiled verb patterns, indexed once per process."""
    return Patterns(load_verbs())


@lru_cache(maxsize=1)
def _discard_re() -> re.Pattern[str] | None:
    phrases = [
        d.phrase
        for d in load_discards().sentence
        if not any(ch.isdigit() for ch in d.phrase) and d.phrase not in _DISCARD_EXEMPT
    ]
    if not phrases:
        return None
    alts = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alts})(?![\w-])")


def discarded(text: str) -> bool:
    """Whether a sentence names a discard (sports, films, disasters): no events are read from it."""
    found = _discard_re()
    return found is not None and found.search(text.lower()) is not None
