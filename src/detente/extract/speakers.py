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
REPORTING_ONLY = words("quotes.reporting_only")
_PRESS_SECTORS = ("JRN",)
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
            if any(w in role.role.lower() for w in wanted):
                return ActorRef(role.actor_id, role.person, role.country or country, role.sector)
    left = [t for t in tok.subtree if t.i <= tok.i and t.dep_ != "punct"]
    name = " ".join(t.text for t in left) if left else tok.text
    return ActorRef(actor_id=None, name=name, country=country, sector=None)


__all__ = [
    "DOCUMENT_NOUNS",
    "REPORTING_ONLY",
    "commitment_of",
    "described_speaker",
    "is_outlet",
    "speaker_type",
]
