"""The clauses that tell an event has not happened: negation, conditions, clauses of time in the
present, what a deal or plan provides for, and the trade of "in exchange for" (read by `status`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from detente.extract.grammar import AUXILIARIES, NOUNS, VERBS
from detente.lexicon.words import words

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = [
    "CONDITIONAL_MARKS",
    "conditional",
    "deal_of",
    "denied_by_verb",
    "has_to",
    "in_return",
    "negated",
    "pending",
    "says_no",
    "sets_terms",
    "traded",
]

_NEG_WORDS = words("negation_with_nt")
_PENDING_MARKS = words("status.pending_marks")
_TERMS_NOUNS = words("status.terms_nouns")
_TERMS_VERBS = words("status.terms_verbs")
# Auxiliaries of the present: "once the venue is agreed", "after both sides have presented".
_PRESENT_AUX = frozenset({"is", "are", "am", "has", "have", "'s", "'re", "'ve"})
CONDITIONAL_MARKS = frozenset({"if", "unless"})
"""Marks of a condition's clause: "if talks fail", "unless the siege is lifted"."""


def says_no(tok: Token) -> bool:
    """ "no talks", "no part": a noun with "no" for its determiner."""
    return any(c.lower_ == "no" and c.dep_ == "det" for c in tok.children)


def negated(tok: Token) -> bool:
    """Whether a word is denied by its own children: "not", "never", "no talks were held"."""
    return any(
        c.dep_ == "neg"
        or (c.lower_ in _NEG_WORDS and c.dep_ in ("advmod", "det"))
        # "took no part", "held no talks": the object's "no" denies the verb; so does the
        # subject's in "no date has been agreed", "no side attended"
        or (c.dep_ in ("dobj", "nsubjpass", "nsubj") and says_no(c))
        for c in tok.children
    )


def has_to(verb: Token) -> bool:
    """Whether a verb is an infinitive with "to"."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def in_return(noun: Token) -> bool:
    """ "in exchange for", "in return for": the trade phrase of another act (noun or verb)."""
    return (
        noun.lower_ in ("exchange", "return")
        and noun.dep_ == "pobj"
        and noun.head.lower_ == "in"
        and noun.head.head.pos_ in (*VERBS, *NOUNS)
        and any(c.dep_ == "prep" and c.lower_ == "for" for c in noun.children)
    )


def traded(word: Token) -> Token:
    """The act an "in exchange for" phrase trades, past the participles and "of" phrases of
    its object: "the return of soldiers captured by the militia in exchange for …" trades the return."""
    for _ in range(3):
        if word.dep_ == "acl" and word.tag_ == "VBN":
            word = word.head
        elif word.dep_ == "pobj" and word.head.lower_ == "of" and word.head.head.pos_ in NOUNS:
            word = word.head.head
        else:
            break
    return word


def denied_by_verb(noun: Token) -> bool:
    """The verb whose object the noun is (directly or through a preposition) is negated."""
    head = noun.head
    if noun.dep_ == "pobj" and head.pos_ == "ADP":
        head = head.head
    elif noun.dep_ not in ("dobj", "nsubjpass", "nsubj"):
        return False
    return head.pos_ in VERBS and head.lemma_ != "be" and negated(head)


def conditional(verb: Token) -> bool:
    """ "will strike if talks fail", "to meet them if necessary": a verb with an if-clause of its own.
    A verb told in the past keeps it ("has threatened to quit if the cabinet approves": the
    threat was made, the condition is on the quitting)."""
    if verb.tag_ == "VBD" or any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children):
        return False
    return verb.pos_ in VERBS and any(
        c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in CONDITIONAL_MARKS for m in c.children)
        for c in verb.children
    )


def pending(verb: Token) -> bool:
    """A clause of time in the present tense, which English uses for what is still to come:
    "once the date is agreed", "after Hamas steps down", "before both sides have signed"."""
    if verb.pos_ not in VERBS or verb.dep_ not in ("advcl", "conj", "acl", "relcl"):
        return False
    marks = [c for c in verb.children if c.dep_ == "mark"]
    first = verb.subtree.__next__() if not marks else marks[0]  # "once the venue … are agreed"
    if first.lower_ not in _PENDING_MARKS or first.dep_ not in ("mark", "advmod"):
        return False
    aux = [c.lower_ for c in verb.children if c.dep_ in AUXILIARIES]
    if aux:
        return aux[0] in _PRESENT_AUX
    return verb.tag_ in ("VBZ", "VBP")


def deal_of(verb: Token) -> Token | None:
    """The deal or plan whose infinitive the verb is: "a deal to swap prisoners", also when the
    parser hangs the infinitive on the verb of the deal ("yielded a deal | to swap")."""
    if not has_to(verb):
        return None
    if verb.dep_ in ("relcl", "acl") and verb.head.lemma_.lower() in _TERMS_NOUNS:
        return verb.head
    if verb.dep_ == "advcl" and verb.head.pos_ in VERBS:
        obj = next((c for c in verb.head.children if c.dep_ == "dobj"), None)
        if (
            obj is not None
            and obj.lemma_.lower() in _TERMS_NOUNS
            and obj.right_edge.i + 1 == verb.left_edge.i
        ):
            return obj
    return None


def sets_terms(verb: Token) -> bool:
    """ "the plan includes …", "the accord outlines … and includes …": a verb whose subject is
    a deal or plan sets out its terms."""
    if verb.lemma_.lower() not in _TERMS_VERBS:
        return False
    for _ in range(3):
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None:
            return subj.lemma_.lower() in _TERMS_NOUNS
        if verb.dep_ != "conj":
            return False
        verb = verb.head
    return False
