"""Who holds a stance: the owner of a stance noun, the subject of a stance verb, the speaker
of the quote or the reporting verb a subject-less stance is voiced in, "we" as the speaker's side.

`HolderReader` is the part of `PositionReader` (`extract/positions.py`) that answers these;
the stance forms it shares them with are in `extract/stance_forms.py`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from detente.codes import country_id, is_state_code
from detente.extract.grammar import ADJECTIVE_HEADS, NOMINAL_SUBJECTS, VERBS
from detente.extract.stance_forms import StanceForms, binds
from detente.lexicon.words import words
from detente.records import ActorRef

if TYPE_CHECKING:
    from spacy.tokens import Token

_WE = words("positions.we")
# Verbs by which a party voices a demand or proposal it holds: "repeated its call for …".
_VOICING = words("positions.voicing")
_REPORTING = words("positions.reporting_verbs")
_HOLDER_PREPS = words("positions.holder_preps")
_FIRST_PERSON = words("positions.first_person_subjects")
_SINGULAR_FIRST = words("positions.singular_first_person")
_HOLDING_PREPS = words("positions.holding_preps")
# Prepositions of a gerund that tells how or when its verb's subject acted ("after urging …",
# "by facilitating …"), unlike a verb's own argument ("objects to holding talks").
_ADVERBIAL_PREPS = words("positions.adverbial_preps")


class HolderReader(StanceForms):
    """Says who holds the stance a token takes; `voice` holds the article's quote spans and
    their speakers (set by the reader that inherits it)."""

    voice: list[tuple[int, int, ActorRef]]

    def _holders(self, tok: Token, pos: str) -> list[ActorRef]:
        if pos == "nouns":
            for c in tok.children:
                if c.dep_ in ("poss", "amod", "compound"):
                    refs = self._who(c)
                    if refs:
                        return refs
                if c.dep_ == "prep" and c.lower_ in _HOLDER_PREPS:
                    for pobj in c.children:
                        refs = self._who(pobj) if pobj.dep_ == "pobj" else []
                        if refs:
                            return refs
            if tok.dep_ in ("dobj", "attr") and tok.head.lemma_.lower() in _VOICING:
                return self._subject_refs(tok.head)  # "Kyiv reiterated its demand for …"
            prep = tok.head
            if tok.dep_ == "pobj" and prep.lower_ in _HOLDING_PREPS and prep.head.pos_ in VERBS:
                return self._subject_refs(prep.head)  # "she was in favour of …", "… with the aim of"
            return []
        target = tok
        if pos == "adjectives" and (tok.dep_ in ADJECTIVE_HEADS or tok.pos_ == "ADP"):
            target = tok.head  # "X is ready to …", "X is against …": the copula's subject
        found = self._subject_refs(target)
        if found and binds(tok):  # "Jakarta signed the accord with the rebels": both are bound
            seen = {r.actor_id or r.name for r in found}
            heads = [tok, *(c for c in tok.children if c.dep_ == "dobj")]  # "the accord with …" too
            for prep in (c for h in heads for c in h.children if c.dep_ == "prep" and c.lower_ == "with"):
                for pobj in (g for g in prep.children if g.dep_ == "pobj"):
                    found += [r for r in self._who(pobj) if (r.actor_id or r.name) not in seen]
        return found

    def _speaks_for_itself(self, tok: Token) -> bool:
        """No party of its own: a subject-less stance ("is ready to …" in a quote) or a first person."""
        head = tok.head if tok.dep_ in ADJECTIVE_HEADS else tok
        subj = next((c for c in head.children if c.dep_ in NOMINAL_SUBJECTS), None)
        if tok.pos_ == "NOUN" and any(c.dep_ == "poss" and c.lower_ not in _WE for c in tok.children):
            return False  # "al-Burhan's interest in talks" is al-Burhan's, named or not
        return subj is None or subj.lower_ in _FIRST_PERSON or tok.pos_ == "NOUN"

    def _speaker(self, tok: Token) -> list[ActorRef]:
        """Whoever voices the sentence: the speaker of the quote it is in, or of its reporting verb."""
        head = tok.head if tok.dep_ in ADJECTIVE_HEADS else tok
        subj = next((c for c in head.children if c.dep_ in NOMINAL_SUBJECTS), None)
        singular = (
            subj is not None and subj.lower_ in _SINGULAR_FIRST
        )  # "I pledged": the speaker, not their side
        for start, end, ref in self.voice:
            if start <= tok.idx < end:
                return [ref if singular else self._side(ref)]
        for t in tok.ancestors:
            if t.lemma_.lower() in _REPORTING and t.pos_ == "VERB":
                subj = next((c for c in t.children if c.dep_ == "nsubj"), None)
                if subj is not None:
                    clause = next((a for a in tok.ancestors if a.head.i == t.i and a.i != t.i), tok)
                    after = self._after_clause(t, clause)
                    return self.parties.resolve(subj, conj=False) if after is None else after
                if t.dep_ == "advcl" and t.tag_ == "VBG":  # "X threw cold water, saying …": X
                    return self._subject_refs(t.head)
        return []

    def _subject_refs(self, verb: Token) -> list[ActorRef]:
        for _ in range(4):
            subj = self.parties.subject_of(verb)
            if subj is not None:
                found = self._who(subj)
                if not found and subj.pos_ == "NOUN":
                    # "Russia's memorandum demands …": a document speaks for its owner.
                    for c in subj.children:
                        if c.dep_ in ("poss", "amod", "compound"):
                            found = self._who(c)
                            if found:
                                break
                return found
            if verb.dep_ in ("xcomp", "conj", "advcl") and verb.head.i != verb.i:
                verb = verb.head
                continue
            if (
                verb.dep_ == "pcomp"
                and verb.head.dep_ == "prep"
                and verb.head.lower_ in _ADVERBIAL_PREPS
                and verb.head.head.pos_ in VERBS
            ):
                verb = verb.head.head  # "flew to Ankara after daring Putin to …": the flier dares
                continue
            if verb.dep_ == "relcl":
                return self._who(verb.head)
            return []
        return []

    def _who(self, tok: Token) -> list[ActorRef]:
        if tok.lower_ in _WE and tok.pos_ == "PRON":  # "us", not "the US"
            for start, end, ref in self.voice:
                if start <= tok.idx < end:
                    return [self._side(ref)]
            return []
        return self.parties.resolve(tok) or self._dyad_side(tok)

    def _side(self, ref: ActorRef) -> ActorRef:
        """ "We" in a person's quote is their country's side."""
        if is_state_code(ref.country):
            country = self.parties.kb.countries.get(ref.country)
            if country is not None:
                return ActorRef(country_id(ref.country), country.name, ref.country, None)
        return ref
