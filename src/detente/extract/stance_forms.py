"""Stance forms with a shape of their own, read by `PositionReader` (`extract/positions.py`).

A characterisation takes its stance from its predicate ("calls the accord a blueprint for a
separate state" → oppose); a contingent act hangs on a condition ("their return to talks was
contingent on …"); a judgement a speaker passes on a thing ("this accord is vital for
stability", "talks before that are not acceptable") is the speaker's stance on it, and so is
"there will be no referendum" or "the accord is a betrayal". `time_limits` tells a date ("before
the end of June") from a condition ("before the troops leave"). Negation, conditions and a
stance noun given up ("dropped its demand for …") are read here for `PositionReader` too.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from detente.extract.claims import own_clause
from detente.extract.grammar import ADJECTIVE_HEADS, NOMINAL_SUBJECTS
from detente.extract.status import STRICT_CONDITIONS, conditioned
from detente.lexicon.words import word_map, words
from detente.records import ActorRef

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from detente.extract.parties import Parties
    from detente.lexicon.taxonomy import Taxonomy

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
_FIRST_NEEDS = words("positions.first_needs")
_PREP_BOUND = word_map("positions.prep_bound_nouns")
BINDING_ACTS = words("positions.binding_acts")
SETTLEMENT_ACTS = words("positions.acts_of_things")
_WE = words("positions.we")
_HOSTILE = words("positions.hostile_things")
_EMPTY_THINGS = words("positions.empty_things")
_REFUSAL_AUX = words("positions.refusal_aux")
_STOPPING = words("positions.stopping_acts")
_REFUSING = words("positions.refusing")
_REPORTING = words("positions.reporting_verbs")
_EPISTEMIC = words("positions.epistemic")
_UNDECIDED = words("positions.undecided_marks")
_LASTING = words("positions.lasting_acts")
_STATE_WORDS = words("positions.state_side_words")
_MOVEMENT_WORDS = words("positions.movement_side_words")
_BINDING_TEXTS = words("positions.binding_texts")
# Auxiliaries that make "there will be …" a stance on what is to be, not a report of what was.
_EXISTENTIAL_AUX = words("positions.existential_aux")
# Words after "there can be no X" that make X conditional: "no peace without justice".
_EXISTENTIAL_CONDITIONS = words("positions.existential_conditions")

Found = list[tuple[ActorRef, str, str]]
"""Parties, each with its stance and the words the stance is about."""


class StanceForms:
    """The special stance forms; the reader that inherits them says who a token's party is."""

    doc: Doc
    parties: Parties
    tax: Taxonomy

    def _who(self, tok: Token) -> list[ActorRef]:
        raise NotImplementedError

    def _speaker(self, tok: Token) -> list[ActorRef]:
        raise NotImplementedError

    def _speaks_for_itself(self, tok: Token) -> bool:
        raise NotImplementedError

    def _subject_refs(self, verb: Token) -> list[ActorRef]:
        raise NotImplementedError

    def _given_up(self, tok: Token) -> bool:
        """A stance noun a party gives up: "abandoned its demand for independence" opposes it now."""
        verb = tok.head
        if not (
            tok.dep_ == "dobj"
            and verb.pos_ == "VERB"
            and verb.lemma_.lower() in self.tax.oppose.get("verbs", ())
            and not self._negated(verb)
        ):
            return False
        # its own demand ("X dropped its demand"), not another's ("Y rejected X's plans")
        owner = next((c for c in tok.children if c.dep_ == "poss"), None)
        mine = {r.actor_id or r.name for r in self._who(owner)} if owner is not None else set()
        return bool(mine & {r.actor_id or r.name for r in self._subject_refs(verb)})

    def _negated(self, tok: Token) -> bool:
        scope = [tok]
        if tok.dep_ in ("acomp", "amod", "pobj", "dobj", "attr") or tok.pos_ == "ADP":
            scope.append(tok.head)
        if tok.dep_ == "xcomp":
            scope.append(tok.head)
        return any(negation(c) for t in scope for c in t.children)

    def _conditional(self, tok: Token) -> bool:
        own = {c.i for c in tok.children if c.dep_ == "mark"}  # "until he meets": the stance is the meeting
        own |= time_limits(tok.sent)  # "talks before the end of June" sets a date, no condition
        mine = own_clause(tok)
        head = tok.head if tok.dep_ in ADJECTIVE_HEADS else tok
        # "called on both sides to show flexibility and said a deal was possible if …": the
        # condition is on what the second verb says, not on the call
        said = [
            g
            for c in head.children
            if c.dep_ == "conj" and c.lemma_.lower() in _REPORTING
            for g in c.children
        ]
        own |= {t.i for g in said if g.dep_ == "ccomp" for t in g.subtree}
        words = [t.lower_ for t in head.subtree if t.i not in own and t.i in mine]
        clause = " " + " ".join(words) + " "
        clause = (
            clause.replace(" once again ", " ").replace(" once more ", " ").replace(" at once ", " ")
        )  # not a condition
        if any(f" {c} " in clause and f" without {c} " not in clause for c in self.tax.conditions):
            return True
        if (
            tok.dep_ == "xcomp"
            and tok.head.lemma_ in _FIRST_NEEDS
            and any(c.lower_ == "first" and c.nbor(1).lower_ != "of" for c in tok.head.children)
        ):  # not "first of all"
            return True  # "would first have to agree on …": a precondition
        if self._restricted(tok.head if tok.dep_ in ADJECTIVE_HEADS else tok):
            return True
        # "ready to free them, but only if …": the parser hangs the condition on the main verb.
        if len(mine) == len(tok.sent):
            return conditioned(tok)
        rest = " " + " ".join(t.lower_ for t in tok.sent if t.i > tok.i and t.i in mine) + " "
        return any(f" {c} " in rest for c in STRICT_CONDITIONS)

    def _restricted(self, head: Token) -> bool:
        """ "only on the basis of", "only one-on-one": a restriction is a condition."""
        doc = self.doc
        return any(
            t.lower_ == "only" and t.i + 1 < len(doc) and doc[t.i + 1].pos_ in ("ADP", "SCONJ", "ADV", "ADJ")
            for t in head.subtree
        )

    def _act_of_things(self, tok: Token) -> str | None:
        """ "Prisoners will be released", "the troops will leave": a settlement's act to come whose
        subject is no party is the stance of whoever says so; the words from its subject on."""
        if tok.lemma_.lower() not in SETTLEMENT_ACTS:
            return None
        subj = next((c for c in tok.children if c.dep_ in NOMINAL_SUBJECTS and c.i < tok.i), None)
        if subj is None or subj.pos_ not in ("NOUN", "PROPN"):
            return None
        if subj.dep_ == "nsubj" and (subj.pos_ == "PROPN" or subj.ent_type_ or self._who(subj)):
            return None  # an actor's own act: its holder is the actor
        if subj.dep_ == "nsubj" and tok.lemma_.lower() in _LASTING:
            return None  # "the truce will hold": a forecast of it lasting
        return self.doc[subj.left_edge.i : tok.right_edge.i + 1].text

    def _after_clause(self, verb: Token, clause: Token) -> list[ActorRef] | None:
        """ "Putin and Zelensky must meet, he added": a pronoun reporting after what it reports
        is none of the people that clause names (empty when no one else is near). None when the
        subject is no such pronoun."""
        subj = self.parties.subject_of(verb)
        if subj is None or subj.pos_ != "PRON" or subj.lower_ in _WE or subj.i < clause.i:
            return None
        named = [self.parties.ref(m) for t in clause.subtree if (m := self.parties.mention_at(t)) is not None]
        return self.parties.resolve(subj, conj=False, avoid=named) if named else None

    def _refused(self, tok: Token) -> bool:
        """A negated action is a stance when it is a will or a refusal: "will not attend", "refused to go"."""
        aux = {c.lower_ for c in tok.children if c.dep_ == "aux"}
        return bool(aux & _REFUSAL_AUX) or tok.head.lemma_.lower() in _REFUSING

    def _voiced(self, tok: Token) -> list[ActorRef]:
        """Who wants an act with no party of its own: the subject of the nearest verb of
        proposing or saying above it ("Russia proposed that talks be held"), else the speaker."""
        support = self.tax.support.get("verbs", frozenset())
        for t in tok.ancestors:
            if t.pos_ == "VERB" and (t.lemma_.lower() in support or t.lemma_.lower() in _REPORTING):
                found = self._subject_refs(t)
                if found:
                    return found
            if t.pos_ == "VERB" and t.lemma_.lower() in self.tax.oppose.get("verbs", ()):
                return []  # "rejected that the troops be withdrawn": not a wish
        return self._speaker(tok)

    def _refusal(self, tok: Token) -> tuple[str, str] | None:
        """ "We will not host foreign bases", "will never give up the land": a party refuses any
        act on an issue the taxonomy names (oppose; "will not resume attacks" wants a truce)."""
        aux = {c.lower_ for c in tok.children if c.dep_ == "aux"}
        if not aux & _REFUSAL_AUX or not any(negation(c) for c in tok.children):
            return None
        obj = next((c for c in tok.children if c.dep_ in ("dobj", "prep")), None)
        if obj is None:
            return None
        said = self.doc[obj.left_edge.i : obj.right_edge.i + 1].text
        issue = self.tax.issue_of(said)
        if issue is None or issue.slug in ("direct-talks", "peace-agreement"):
            return None  # "will not let the talks fail" is no refusal of the talks
        return ("support" if self._hostile_act(tok) else "oppose"), "actions"

    def _hostile_act(self, tok: Token) -> bool:
        """An act on a hostile thing ("resume military operations", "continue the offensive"):
        the stance on a truce is the other way round."""
        if tok.lemma_.lower() in _STOPPING:
            return False  # "agreed to cease hostilities" wants the truce
        heads = [c for c in tok.children if c.dep_ == "dobj"]
        heads += [g for c in tok.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
        return any(h.lemma_.lower() in _HOSTILE for h in heads)

    def _dyad_side(self, tok: Token) -> list[ActorRef]:
        """ "The rebels want …", "the government offered …" with no side named in the phrase:
        the article's main pair of parties, if one of them is a state and one a movement."""
        low = tok.lower_
        if tok.pos_ != "NOUN" or not any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
            return []
        if any(c.dep_ in ("amod", "compound", "poss", "nmod") for c in tok.children):
            return []  # "the Sudanese government", "the M23 rebels": the phrase names its side
        dyad = self.parties.dyad
        if dyad is None or not (low in _STATE_WORDS or low in _MOVEMENT_WORDS):
            return []
        states = [r for r in dyad if (r.actor_id or "").startswith("country:")]
        groups = [
            r
            for r in dyad
            if r not in states
            and (a := self.parties.actors.get(r.actor_id or ""))
            and a.type in ("group", "organization")
        ]
        side = states if low in _STATE_WORDS else groups
        return side if len(side) == 1 and len(states) == 1 and len(groups) == 1 else []

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
        stance = _judged(said)
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

    def _existential(self, tok: Token) -> Found | None:
        """ "There will be no referendum", "there must be a ceasefire first", said in a quote or
        reported: the speaker's stance on what is (not) to be; "no peace without justice" sets a
        condition. None when `tok` is no modal "there be" with a thing to be."""
        if tok.lemma_ != "be" or not any(c.dep_ == "expl" for c in tok.children):
            return None
        aux = {c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")}
        if tok.dep_ == "xcomp":  # "there has to be", "there needs to be"
            aux |= {tok.head.lemma_.lower()}
        thing = next((c for c in tok.children if c.dep_ == "attr"), None)
        if thing is None or not aux & _EXISTENTIAL_AUX or thing.lemma_.lower() in _EMPTY_THINGS:
            return None  # "there will be no changes to the team" says nothing of an issue
        span = self.doc[thing.left_edge.i : thing.right_edge.i + 1]
        words_ = [t for t in span if not (t.i == thing.left_edge.i and t.lower_ == "no")]
        if not any(t.pos_ in _CONTENT and not t.is_stop for t in words_):
            return []
        denied = any(c.lower_ in ("no", "any") for c in thing.children) or self._negated(tok)
        if thing.lemma_.lower() in _HOSTILE:
            denied = not denied  # "there will be no attacks": a truce wanted, not opposed
        stance = "oppose" if denied else "support"
        if any(t.lower_ in _EXISTENTIAL_CONDITIONS for t in span) or self._conditional(tok):
            stance = "conditional"
        about = self.doc[words_[0].i : words_[-1].i + 1].text if words_ else span.text
        return [(party, stance, about) for party in self._speaker(tok)]

    def _predicated(self, tok: Token) -> Found | None:
        """ "The accord is a betrayal", "autonomy is the final solution": a thing (no party) said
        to be what a disparaging or praising word names takes the speaker's stance."""
        if tok.dep_ != "attr" or tok.pos_ != "NOUN" or tok.head.lemma_ != "be":
            return None
        be = tok.head
        subj = self.parties.subject_of(be)
        if subj is None or subj.pos_ not in ("NOUN", "PROPN") or self._who(subj):
            return None
        said = " " + " ".join(t.lower_ for t in tok.subtree) + " "
        stance = _judged(said)
        if stance is None:
            return None
        if self._negated(be):
            stance = "support" if stance == "oppose" else "oppose"
        span = self.doc[subj.left_edge.i : subj.right_edge.i + 1]
        if not any(t.pos_ in _CONTENT and not t.is_stop for t in span):
            return []
        return [(party, stance, span.text) for party in self._speaker(tok)]

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
        if any(c.dep_ == "mark" and c.lower_ in _UNDECIDED for c in be.children):
            return []  # "to see whether a deal is possible": nothing judged yet
        subj = self.parties.subject_of(be)
        clause = next(
            (c for c in (*tok.children, *be.children) if c.dep_ in ("ccomp", "xcomp") and c.i > tok.i), None
        )
        # "it would not be possible to sign …": an "it" with a clause to stand for is no party
        expletive = subj is not None and subj.lower_ == "it" and clause is not None
        if subj is None or (not expletive and self._who(subj)):
            return None
        if subj.lower_ == "it":  # "it is important that the truce hold": the clause it stands for
            if clause is not None and clause.dep_ == "ccomp" and tok.lemma_.lower() in _EPISTEMIC:
                return []  # "it is possible that the talks resume": a forecast, not a wish
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
        elif stance == "oppose" and any(
            t.lower_ in _EXISTENTIAL_CONDITIONS and t.dep_ in ("mark", "prep") for t in span
        ):
            stance = "conditional"  # "it would not be possible to sign until all factions join"
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


def passive_first(tok: Token) -> bool:
    """A passive verb with its subject before it: "amnesty should be granted to …"."""
    return any(c.dep_ == "nsubjpass" and c.i < tok.i for c in tok.children)


def binds(tok: Token) -> bool:
    """An act that binds its subject to a text: "signed the peace accord", "initialled the deal"."""
    return tok.lemma_.lower() in BINDING_ACTS and any(
        c.dep_ == "dobj" and c.lemma_.lower() in _BINDING_TEXTS for c in tok.children
    )


def unbound(tok: Token, lemma: str) -> bool:
    """A stance noun that takes a stance only with its own preposition, here without it."""
    bound = _PREP_BOUND.get(lemma)
    if bound is None:
        return False
    if bound == "to" and any(c.dep_ == "acl" for c in tok.children):
        return False  # "a bid to end the war": the infinitive hangs on the noun
    return not any(c.dep_ in ("prep", "aux") and c.lower_ == bound for c in tok.children)


def _judged(said: str) -> str | None:
    """The stance a judgement's words give (`said` padded with spaces): "a betrayal" opposes,
    "the solution" supports; disparaging words win."""
    if any(f" {w} " in said for w in _DISPARAGING):
        return "oppose"
    return "support" if any(f" {w} " in said for w in _PRAISING) else None
