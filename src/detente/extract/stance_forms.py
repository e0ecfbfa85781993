"""Stance forms with a shape of their own, read by `PositionReader` (`extract/positions.py`).

A characterisation takes its stance from its predicate ("calls the accord a blueprint for a
separate state" → oppose); a contingent act hangs on a condition ("their return to talks was
contingent on …"); a judgement a speaker passes on a thing ("this accord is vital for
stability", "talks before that are not acceptable") is the speaker's stance on it. `time_limits`
tells a date ("before the end of June") from a condition ("before the troops leave").
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from detente.extract.claims import own_clause
from detente.extract.grammar import NOMINAL_SUBJECTS
from detente.extract.status import conditioned
from detente.lexicon.words import word_map, words
from detente.records import ActorRef

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from detente.extract.parties import Parties

CHARACTERISING = words("positions.characterising")
# Judgements a speaker passes on a thing, and the stance each takes on it.
EVALUATIVE = word_map("positions.evaluative")
_DISPARAGING = words("positions.disparaging")
_PRAISING = words("positions.praising")
_CONTINGENT = words("positions.contingent")
_TIME_PREPS = words("positions.time_preps")
_NEG = words("negation")
_MEETING = words("positions.meeting_words")
_LEADERS = words("parties.leader_words")
_CONTENT = ("NOUN", "PROPN", "VERB", "ADJ", "NUM")

Found = list[tuple[ActorRef, str, str]]
"""Parties, each with its stance and the words the stance is about."""


class StanceForms:
    """The special stance forms; the reader that inherits them says who a token's party is."""

    doc: Doc
    parties: Parties

    def _who(self, tok: Token) -> list[ActorRef]:
        raise NotImplementedError

    def _speaker(self, tok: Token) -> list[ActorRef]:
        raise NotImplementedError

    def _speaks_for_itself(self, tok: Token) -> bool:
        raise NotImplementedError

    def _subject_refs(self, verb: Token) -> list[ActorRef]:
        raise NotImplementedError

    def _negated(self, tok: Token) -> bool:
        raise NotImplementedError

    def _characterised(self, tok: Token) -> Found | None:
        """ "calls the accord a blueprint for a separate state": the predicate's words say the
        stance (disparaging → oppose, praising → support); any other predicate ("called him the
        voice of the nation") takes none. None when the word is no characterisation."""
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in CHARACTERISING:
            return None
        obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
        pred = next((c for c in tok.children if c.dep_ == "oprd"), None)
        if pred is None:
            as_ = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "as"), None)
            pred = next((c for c in as_.children if c.dep_ == "pobj"), None) if as_ is not None else None
        if pred is None:  # "called him the voice of …" parsed as a clause: its subject and head
            clause = next(
                (c for c in tok.children if c.dep_ in ("ccomp", "xcomp") and c.pos_ == "NOUN"), None
            )
            subj = next((c for c in clause.children if c.dep_ in NOMINAL_SUBJECTS), None) if clause else None
            if clause is not None and subj is not None:
                obj, pred = subj, clause
        if obj is None or pred is None:
            return None
        said = " " + " ".join(t.lower_ for t in pred.subtree if t.i not in {x.i for x in obj.subtree}) + " "
        stance = (
            "oppose"
            if any(f" {w} " in said for w in _DISPARAGING)
            else "support"
            if any(f" {w} " in said for w in _PRAISING)
            else None
        )
        if stance is None or obj.lower_ in ("him", "her", "me", "us", "them"):
            return []
        if self._negated(tok):
            stance = "support" if stance == "oppose" else "oppose"
        about = self.doc[obj.left_edge.i : obj.right_edge.i + 1].text
        if obj.pos_ == "PRON":  # "calls it a blueprint for …": the predicate says what it is about
            about = self.doc[pred.left_edge.i : pred.right_edge.i + 1].text
        parties = self._subject_refs(tok) or (self._speaker(tok) if self._speaks_for_itself(tok) else [])
        return [(party, stance, about) for party in parties]

    def _contingent(self, tok: Token) -> Found | None:
        """ "their return to talks was contingent on …": the owner's act, on a condition."""
        if tok.lower_ not in _CONTINGENT or tok.pos_ != "ADJ" or tok.dep_ != "acomp":
            return None
        subj = self.parties.subject_of(tok.head)
        if subj is None or subj.pos_ != "NOUN":
            return None
        owner = next((c for c in subj.children if c.dep_ == "poss"), None)
        parties = self._who(owner) if owner is not None else []
        if not parties:
            return None
        skip = {t.i for t in owner.subtree} if owner is not None else set()
        kept = [t for t in subj.subtree if t.i not in skip]
        about = self.doc[kept[0].i : kept[-1].i + 1].text if kept else ""
        return [(party, "conditional", about) for party in parties] if about else None

    def _evaluation(self, tok: Token) -> Found | None:
        """ "This accord is vital for stability", "any talks before that will not be acceptable",
        said in a quote or reported: the speaker judges the thing the adjective is said of. None
        when the word is no judgement of a thing (a party as its subject takes the usual path)."""
        stance = EVALUATIVE.get(tok.lemma_.lower())
        if stance is None:
            return None
        if tok.pos_ == "ADJ" and tok.dep_ == "acomp":
            be = tok.head
        elif tok.pos_ == "NOUN" and tok.dep_ == "pobj" and tok.head.lower_ == "of":
            be = tok.head.head  # "it is of the utmost importance that …"
        else:
            return None
        if be.lemma_ != "be":
            return None
        subj = self.parties.subject_of(be)
        if subj is None or self._who(subj):
            return None
        if subj.lower_ == "it":  # "it is important that the truce hold": the clause it stands for
            clause = next((c for c in (*tok.children, *be.children) if c.dep_ in ("ccomp", "xcomp")), None)
            if clause is None:
                return []
            span = self.doc[clause.left_edge.i : clause.right_edge.i + 1]
        elif subj.pos_ in ("PRON", "DET") and subj.lower_ not in ("this", "that"):
            return []
        else:
            span = self.doc[subj.left_edge.i : subj.right_edge.i + 1]
        if not any(t.pos_ in _CONTENT and not t.is_stop for t in span) or span.text.lower() in (
            "this",
            "that",
        ):
            return []
        parties = self._speaker(tok)
        if not parties:
            return []
        if self._negated(tok) or any(negation(c) for c in be.children):
            stance = "support" if stance == "oppose" else "oppose"
        if conditioned(tok):  # "acceptable, but only if …" (a condition inside the thing judged is its own)
            stance = "conditional"
        return [(party, str(stance), span.text) for party in parties]


def time_limits(sent: Span) -> set[int]:
    """ "before the end of June", "until Friday": a preposition whose object is a date or a
    time only dates the stance, unlike "before the troops leave", which is a condition."""
    out: set[int] = set()
    for t in sent:
        if t.lower_ in _TIME_PREPS and t.dep_ == "prep":
            objs = [c for c in t.children if c.dep_ == "pobj"]
            if objs and all(o.ent_type_ in ("DATE", "TIME") for o in objs):
                out.add(t.i)
    return out


def negation(tok: Token) -> bool:
    """ "not", "n't", "never", "no" as a negation of its head."""
    return tok.dep_ == "neg" or (tok.lower_ in _NEG and tok.dep_ in ("advmod", "neg"))


def meets_leader(tok: Token, parties: Parties) -> bool:
    """The stance is on meeting a head of state or government ("ready to meet Putin", "a
    meeting with Erdogan"): a leader the article or the knowledge files name as one."""
    clause = own_clause(tok)
    for t in tok.subtree:
        if t.i not in clause or t.lemma_.lower() not in _MEETING:
            continue
        met = [c for c in t.children if c.dep_ == "dobj"]
        met += [g for c in t.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
        met += [g for m in list(met) for g in m.children if g.dep_ == "conj"]
        if any(_is_leader(m, parties) for m in met):
            return True
    return False


def _is_leader(tok: Token, parties: Parties) -> bool:
    m = parties.mention_at(tok)
    actor = parties.actors.get(m.actor_id) if m is not None else None
    if actor is None or actor.type != "person":
        return False
    roles = [r.role for r in parties.roles if r.actor_id == actor.id]
    entry = parties.kb.lookup(actor.name)
    roles += list(entry.roles[:1]) if entry is not None else []
    return any(set(re.findall(r"[a-z]+", r.lower())) & _LEADERS for r in roles)
