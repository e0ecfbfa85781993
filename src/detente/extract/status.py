"""Whether an event occurred, is planned, negated or hypothetical, from the words around it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from detente.extract.grammar import AUXILIARIES, NOUNS, VERBS
from detente.lexicon.words import word_list, words

if TYPE_CHECKING:
    from spacy.tokens import Token

_FUTURE_AUX = words("status.future_aux")
_POSSIBLE_AUX = words("status.possible_aux")
_NEG_WORDS = words("negation_with_nt")
_PLANNING = words("status.planning")
_NEGATING = words("status.negating")
STRICT_CONDITIONS = word_list("status.strict_conditions")
_HYPOTHETICAL_MARKS = words("status.hypothetical_marks")
_TEMPORAL_MARKS = words("status.temporal_marks")
_SCHEDULING = words("status.scheduling")
_FUTURE_NOUN_MODS = words("status.future_noun_mods")
_WOULD_CONDITIONS = words("status.would_conditions")
_CALLING_OFF = words("status.calling_off")


def _says_no(tok: Token) -> bool:
    """ "no talks", "no part": a noun with "no" for its determiner."""
    return any(c.lower_ == "no" and c.dep_ == "det" for c in tok.children)


def _negated(tok: Token) -> bool:
    return any(
        c.dep_ == "neg"
        or (c.lower_ in _NEG_WORDS and c.dep_ in ("advmod", "det"))
        # "took no part", "held no talks": the object's "no" denies the verb
        or (c.dep_ == "dobj" and _says_no(c))
        for c in tok.children
    )


def clause_status(verb: Token) -> str | None:
    """The status the grammar of one verb gives, or None when nothing marks it (occurred)."""
    aux = {c.lower_ for c in verb.children if c.dep_ in AUXILIARIES}
    if _negated(verb):
        return "negated"
    if any(c.dep_ == "mark" and c.lower_ in _HYPOTHETICAL_MARKS for c in verb.children):
        return "hypothetical"
    if aux & _POSSIBLE_AUX:
        return "hypothetical"
    if "would" in aux:
        # "would" reports a plan ("said he would attend") unless a condition is in sight.
        sent = verb.sent
        return "hypothetical" if any(t.lower_ in _WOULD_CONDITIONS for t in sent) else "planned"
    if aux & _FUTURE_AUX or ("going" in aux and any(c.lower_ == "to" for c in verb.children)):
        return "planned"
    return None


def status_of(trigger: Token) -> str:
    """occurred | planned | negated | hypothetical for an event trigger (verb or event noun).

    Looks at the trigger's own auxiliaries and negation, then up the chain of verbs that
    control it ("refused to attend" → negated; "is due to hold" → planned; "if … would" →
    hypothetical), and for nouns at their modifiers ("the next meeting" → planned).
    """
    found = _status_of(trigger)
    if found == "planned" and conditioned(trigger):
        return "hypothetical"  # "ready to meet him, but only once the changes are made"
    return found


def conditioned(tok: Token) -> bool:
    """A condition follows the word in its sentence: "…, but only if", "provided that"."""
    rest = " " + " ".join(t.lower_ for t in tok.sent if t.i > tok.i) + " "
    return any(f" {c} " in rest for c in STRICT_CONDITIONS)


def _status_of(trigger: Token) -> str:
    tok = trigger
    if tok.pos_ in NOUNS:
        if _says_no(tok):
            return "negated"
        # "took no part in the talks", "played no role in the negotiations"
        if (
            tok.dep_ == "pobj"
            and tok.head.dep_ == "prep"
            and tok.head.head.pos_ == "NOUN"
            and _says_no(tok.head.head)
        ):
            return "negated"
        if any(c.lower_ in _FUTURE_NOUN_MODS for c in tok.children if c.dep_ in ("amod", "compound")):
            return "planned"
        if tok.dep_ not in ("nsubj", "nsubjpass", "dobj", "attr"):
            return "occurred"  # "not against meetings": the verb of a phrase around it says nothing
        head = tok.head
        if head.pos_ not in VERBS:
            return "occurred"
        lemma = head.lemma_.lower()
        if lemma in _SCHEDULING:
            return "negated" if lemma in _CALLING_OFF or _negated(head) else "planned"
        tok = head
    elif tok.lemma_.lower() in _SCHEDULING and tok.pos_ == "VERB":
        # "the meeting was planned for Wednesday", anchored at the scheduling verb itself
        if tok.lemma_.lower() in _CALLING_OFF or _negated(tok):
            return "negated"
        if any(c.dep_ == "nsubjpass" and c.pos_ == "NOUN" for c in tok.children):
            return "planned"
    seen = 0
    while seen < 6:
        seen += 1
        found = clause_status(tok)
        if found:
            return found
        if tok.dep_ in ("xcomp",) or (
            tok.dep_ in ("advcl", "acl") and any(c.lower_ == "to" and c.dep_ == "aux" for c in tok.children)
        ):
            head = tok.head
            lemma = head.lemma_.lower()
            if lemma in _NEGATING:
                return "negated"
            if _negated(head):
                return "negated"
            if lemma == "be" and tok.dep_ == "xcomp" and any(c.lower_ == "to" for c in tok.children):
                return "planned"  # "Hamas is to hand over 33 hostages": arranged, still to come
            if lemma in _PLANNING or head.lower_ in _PLANNING:
                inherited = clause_status(head)
                return inherited if inherited in ("negated", "hypothetical") else "planned"
            tok = head
            continue
        if tok.dep_ == "conj":
            tok = tok.head
            continue
        if tok.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in _TEMPORAL_MARKS for c in tok.children
        ):
            # "talks will continue after both sides have presented their visions": still to come.
            above = clause_status(tok.head)
            if above in ("planned", "hypothetical"):
                return above
            break
        if tok.dep_ == "acomp" or (tok.dep_ == "ROOT" and tok.lemma_ == "be"):
            break
        break
    return "occurred"
