"""Descriptions of one person: "Russia's top negotiator", "the Kremlin spokesman", "the Ukrainian president".

The person is whom the article itself gives that role (its stated roles, nearest the
description), else the article's person whose known office it is (the knowledge files).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from detente.extract.grammar import PLURAL_NOUN_TAGS
from detente.extract.parties.phrase import np_text
from detente.lexicon.words import words
from detente.records import ActorRef, Role

if TYPE_CHECKING:
    from spacy.tokens import Token

    from detente.extract.parties.resolve import Parties

# Singular nouns that describe one person: "Russia's top negotiator", "the Kremlin spokesman".
DESCRIPTIONS = words("parties.descriptions")
_LEADER_WORDS = words("parties.leader_words")
_FILLER = words("parties.description_filler")
_ROLE_REACH = 2000  # chars after the description a stated role may still be


def described_person(p: Parties, h: Token) -> ActorRef | None:
    """The person a singular description headed by `h` points at, or None."""
    if h.tag_ in PLURAL_NOUN_TAGS or h.lower_ not in DESCRIPTIONS or h.dep_ == "amod":
        return None  # "the chief task": an adjective, no person
    for c in h.children:  # "the head of Russia's delegation, Vladimir Medinsky": the name is right there
        m = p.by_token.get(c.i)
        if c.dep_ == "appos" and m is not None and m.label == "PERSON":
            return p.ref(m)
    if any(
        c.dep_ in ("amod", "compound") and c.ent_type_ in ("NORP", "GPE") and c.i not in p.by_token
        for c in h.children
    ):
        return None  # "the Transnistrian leader": a side no knowledge file knows, nobody we know
    words = {t.lower_ for t in h.subtree if t.is_alpha} - _FILLER
    country = _side(p, h)
    best: tuple[int, Role] | None = None
    for role in p.roles:
        if role.start > h.idx + _ROLE_REACH:
            continue
        if country and role.country and role.country != country:
            continue
        overlap = len(words & set(role.role.lower().split()))
        if h.lower_ in role.role.lower() and overlap and (best is None or overlap > best[0]):
            best = (overlap, role)
    holder = best[1].actor_id if best is not None else None
    if best is None or holder is None:
        return _known_holder(p, h, country)
    role = best[1]
    return ActorRef(actor_id=holder, name=name_of(p, holder, h), country=role.country, sector=role.sector)


def _side(p: Parties, h: Token) -> str | None:
    """The country a description names: its last modifier's, else a place or people in the phrase."""
    country = None
    for mod in p.modifiers(h):
        country = mod.country or country
    for t in h.subtree:  # "the head of the Russian delegation": the side is in the phrase
        m = p.by_token.get(t.i)
        if country is None and m is not None and m.label in ("GPE", "NORP") and m.country:
            country = m.country
    return country


def name_of(p: Parties, actor_id: str, h: Token) -> str:
    """How the article names a person a description points at (its nearest earlier mention)."""
    name = None
    for start, _, m in p.spans:
        if m.actor_id == actor_id and (name is None or start < h.i):
            name = m.text
    return name or np_text(h)


def _known_holder(p: Parties, h: Token, country: str | None) -> ActorRef | None:
    """ "the Ukrainian president": the article's person whose known office it is."""
    if country is None:
        return None
    words = _LEADER_WORDS if h.lower_ == "leader" else {h.lower_}
    for _, _, m in p.spans:
        actor = p.actors.get(m.actor_id)
        if actor is None or actor.type != "person" or actor.country != country:
            continue
        entry = p.kb.lookup(actor.name)
        if entry is not None and any(words & set(r.lower().split()) for r in entry.roles[:1]):
            return ActorRef(
                actor_id=actor.id, name=name_of(p, actor.id, h), country=country, sector=actor.sector
            )
    return None
