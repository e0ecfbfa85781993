"""Who a quote's speaker is and how far the reporter commits to the words.

`speaker_type` sorts a speaker into the kinds an analyst weighs differently (an official, a
spokesperson, a negotiator, an expert, a witness, an unnamed source, a document, a news
agency), from the words that name them and the roles the article gives them. `commitment` is
read off the attribution verb: "said" reports, "claimed" keeps a distance, "denied",
"acknowledged" and "warned" say what kind of speech act it was. `described_speaker` turns a
description ("the top Russian diplomat", "a Norwegian official") into the person the article
names in that role, else into an unnamed source that keeps its country and role.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from detente.lexicon.names import fold
from detente.lexicon.words import words
from detente.records import ActorRef, Commitment, SpeakerType

if TYPE_CHECKING:
    from spacy.tokens import Token

    from detente.extract.parties import Parties

_CLAIMED = words("quotes.commitment_claimed")
_DENIED = words("quotes.commitment_denied")
_ACKNOWLEDGED = words("quotes.commitment_acknowledged")
_WARNED = words("quotes.commitment_warned")
DOCUMENT_NOUNS = words("quotes.document_nouns")
_SPOKES = words("quotes.spokesperson_nouns")
_NEGOTIATORS = words("quotes.negotiator_nouns")
_EXPERTS = words("quotes.expert_nouns")
_WITNESSES = words("quotes.witness_nouns")
_UNNAMED = words("quotes.unnamed_nouns")
_AGENCIES = words("quotes.news_agencies")
_MEDIA = words("quotes.media_nouns")
_BODIES = words("quotes.official_bodies")
REPORTING_ONLY = words("quotes.reporting_only")
# Role words of one who leads a side at the table: "head of the Russian side".
_LEADING = words("speakers.leading_words")
_TALKS_SIDES = words("speakers.talks_sides")
_PRESS_SECTORS = ("JRN",)
_HE = words("speakers.male_pronouns")
_SHE = words("speakers.female_pronouns")
_MALE_WORDS = words("speakers.male_words")
_FEMALE_WORDS = words("speakers.female_words")
_SPEAKER_REACH = 3  # sentences before the pronoun's own that an antecedent may be in
# Mentions that are no speaker: the object of a preposition ("met with X", "after X arrived"
# is a clause of its own and stays), a possessor, a compound modifier.
_NOT_SPEAKER_DEPS = frozenset({"pobj", "poss", "compound", "dobj", "dative", "npadvmod"})
# A description's head and the role words of the person it stands for ("top diplomat" is the
# foreign minister).
_ROLE_OF = {
    "diplomat": (
        "foreign minister",
        "foreign secretary",
        "secretary of state",
        "minister of foreign affairs",
    ),
    "negotiator": ("negotiator", "head of the delegation", "delegation head", "chief negotiator"),
    "envoy": ("envoy", "special representative"),
    "spokesman": ("spokesman", "spokesperson", "spokeswoman", "press secretary"),
    "spokeswoman": ("spokeswoman", "spokesperson", "spokesman", "press secretary"),
    "spokesperson": ("spokesperson", "spokesman", "spokeswoman", "press secretary"),
    "mediator": ("mediator", "facilitator", "envoy"),
}


def commitment_of(lemma: str | None) -> Commitment:
    """The reporter's commitment that an attribution verb's lemma carries (default "said")."""
    low = (lemma or "").lower()
    if low in _DENIED:
        return "denied"
    if low in _CLAIMED:
        return "claimed"
    if low in _ACKNOWLEDGED:
        return "acknowledged"
    if low in _WARNED:
        return "warned"
    return "said"


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z][a-z'-]*", text.lower()))


def _has(text: str, nouns: frozenset[str]) -> bool:
    low = " " + " ".join(re.findall(r"[a-z][a-z'-]*", text.lower())) + " "
    return any(f" {n} " in low for n in nouns)


def is_outlet(ref: ActorRef, parties: Parties, outlet: str | None = None) -> bool:
    """The speaker is a news outlet or agency (by its sector, its name, or the article's outlet)."""
    actor = parties.actors.get(ref.actor_id or "")
    if actor is not None and actor.sector in _PRESS_SECTORS:
        return True
    if ref.sector in _PRESS_SECTORS:
        return True
    name = fold(ref.name)
    if ref.actor_id is None and set(name.split()) & _MEDIA:
        return True  # "Iranian state television", "state media"
    return name in _AGENCIES or bool(outlet and name and name == fold(outlet))


def speaker_type(ref: ActorRef, parties: Parties, outlet: str | None = None) -> SpeakerType:
    """The kind of speaker a quote has, from its name as written and the roles the article gives it."""
    if is_outlet(ref, parties, outlet):
        return "news agency"
    actor = parties.actors.get(ref.actor_id or "")
    said = ref.name
    if actor is not None and actor.type == "person":
        said += " " + " ".join(r.role for r in parties.roles if r.actor_id == actor.id)
        entry = parties.kb.lookup(actor.name)
        if entry is not None and entry.roles:
            said += " " + entry.roles[0]
    name_words = _words(ref.name)
    if ref.actor_id is None and name_words & DOCUMENT_NOUNS:
        return "document"
    for nouns, kind in (
        (_SPOKES, "spokesperson"),
        (_NEGOTIATORS, "negotiator"),
        (_EXPERTS, "expert"),
        (_WITNESSES, "witness"),
    ):
        if _has(said, nouns):
            return kind  # type: ignore[return-value]
    if actor is not None and any(_leads_talks(r.role) for r in parties.roles if r.actor_id == actor.id):
        return "negotiator"  # "head of the Russian side"
    if ref.actor_id is None and name_words & _BODIES and not name_words & _UNNAMED:
        return "official"  # "the PKK executive committee", "the presidency": a body speaking on record
    if ref.actor_id is None or (actor is not None and actor.type != "person" and name_words & _UNNAMED):
        return "unnamed source"
    return "official"


def described_speaker(tok: Token, ref: ActorRef | None, parties: Parties) -> ActorRef | None:
    """A description of one speaker ("the top Russian diplomat", "a senior Norwegian official"):
    the person the article names in that role, else an unnamed source with its country. None
    when `tok` is no such description (a name, a group, a country)."""
    head = tok.lower_
    if tok.tag_ in ("NNS", "NNPS") or head not in (_UNNAMED | _SPOKES | _NEGOTIATORS | set(_ROLE_OF)):
        return None
    if ref is not None:
        actor = parties.actors.get(ref.actor_id or "")
        if actor is not None and actor.type == "person":
            return None  # already the person
    country = ref.country if ref is not None else None
    if country is None:
        for t in tok.subtree:
            m = parties.mention_at(t)
            if m is not None and m.country:
                country = m.country
    wanted = _ROLE_OF.get(head)
    if wanted:
        for role in parties.roles:
            if role.actor_id is None or (country and role.country and role.country != country):
                continue
            if any(w in role.role.lower() for w in wanted) or (
                head == "negotiator" and _leads_talks(role.role)
            ):
                return ActorRef(role.actor_id, role.person, role.country or country, role.sector)
    left = [t for t in tok.subtree if t.i <= tok.i and t.dep_ != "punct"]
    name = " ".join(t.text for t in left) if left else tok.text
    if country is None and any(t.lower_ == "the" for t in tok.children):
        earlier = _described_before(tok, parties)  # "the official" after "a Ukrainian official"
        if earlier is not None:
            return earlier
    return ActorRef(actor_id=None, name=name, country=country, sector=None)


def _leads_talks(role: str) -> bool:
    """ "head of the Russian side", "leader of the team": a role that leads a side in talks."""
    low = set(re.findall(r"[a-z]+", role.lower()))
    return bool(low & _LEADING) and bool(low & _TALKS_SIDES)


def _described_before(tok: Token, parties: Parties) -> ActorRef | None:
    """The last earlier description with the same head noun that names a country ("a
    Ukrainian official … the official said"): that unnamed source again."""
    for t in reversed(tok.doc[: tok.i]):
        if t.lower_ != tok.lower_ or t.tag_ != tok.tag_:
            continue
        country = None
        for c in t.subtree:
            m = parties.mention_at(c)
            if c.i < t.i and m is not None and m.country:
                country = m.country
        if country is not None:
            left = [c for c in t.subtree if c.i <= t.i and c.dep_ != "punct"]
            return ActorRef(actor_id=None, name=" ".join(c.text for c in left), country=country, sector=None)
    return None


def gender_of(actor_id: str, parties: Parties) -> str | None:
    """A person's gender: the knowledge files', else a gendered title or role word the article
    puts next to one of their mentions ("Ms", "spokeswoman"); None when nothing says."""
    actor = parties.actors.get(actor_id)
    if actor is None or actor.type != "person":
        return None
    entry = parties.kb.lookup(actor.name)
    if entry is not None and entry.gender in ("m", "f"):
        return entry.gender
    doc = parties.doc
    for start, end, m in parties.spans:
        if m.actor_id != actor_id:
            continue
        near = [t.lower_.rstrip(".") for t in doc[max(0, start - 3) : min(len(doc), end + 4)]]
        if any(w in _FEMALE_WORDS for w in near):
            return "f"
        if any(w in _MALE_WORDS for w in near):
            return "m"
    for role in parties.roles:
        if role.actor_id == actor_id:
            low = set(re.findall(r"[a-z]+", role.role.lower()))
            if low & _FEMALE_WORDS:
                return "f"
            if low & _MALE_WORDS:
                return "m"
    return None


def pronoun_speaker(pron: Token, parties: Parties, inside: set[int]) -> ActorRef | None:
    """The person a "he"/"she" speaking refers to: the last named person of a matching gender
    who could be a speaker (not someone named inside a quote, nor a preposition's object such
    as "met with X"), the subject of a main clause first, this sentence's then the earlier
    ones'. None when `pron` is no such pronoun or no one fits (never an organisation)."""
    low = pron.lower_
    if low in _HE:
        wanted = "m"
    elif low in _SHE:
        wanted = "f"
    else:
        return None
    doc = parties.doc
    sent = pron.sent
    for _ in range(_SPEAKER_REACH + 1):
        best: tuple[int, int, ActorRef] | None = None  # rank, position, ref
        for start, end, m in parties.spans:
            if start < sent.start or start >= sent.end or start >= pron.i:
                continue
            if any(i in inside for i in range(start, end)):
                continue
            actor = parties.actors.get(m.actor_id)
            if actor is None or actor.type != "person":
                continue
            gender = gender_of(m.actor_id, parties)
            if gender is not None and gender != wanted:
                continue
            root = doc[start:end].root
            if root.dep_ in _NOT_SPEAKER_DEPS:
                continue
            rank = 0 if root.dep_ in ("nsubj", "nsubjpass") and root.head.dep_ == "ROOT" else 1
            if root.dep_ == "appos" or root.head.dep_ == "appos":
                rank = 2  # "…, like Erik Solheim, …": an aside, not the clause's subject
            if best is None or (rank, -start) < (best[0], -best[1]):
                best = (rank, start, parties.ref(m))
        if best is not None and best[0] < 2:
            return best[2]
        if sent.start == 0:
            return best[2] if best is not None else None
        if best is not None:
            return best[2]
        sent = doc[sent.start - 1].sent
    return None


__all__ = [
    "DOCUMENT_NOUNS",
    "REPORTING_ONLY",
    "commitment_of",
    "described_speaker",
    "gender_of",
    "is_outlet",
    "pronoun_speaker",
    "speaker_type",
]
