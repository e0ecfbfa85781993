"""Whether an event occurred, is planned, negated or hypothetical, from the words around it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from detente.extract.grammar import AUXILIARIES, NOUNS, VERBS
from detente.extract.pending import conditional as _conditional
from detente.extract.pending import deal_of as _deal_of
from detente.extract.pending import denied_by_verb as _denied_by_verb
from detente.extract.pending import has_to as _has_to
from detente.extract.pending import in_return as _in_return
from detente.extract.pending import negated as _negated
from detente.extract.pending import pending as _pending
from detente.extract.pending import says_no as _says_no
from detente.extract.pending import sets_terms as _sets_terms
from detente.extract.pending import traded as _traded
from detente.lexicon.words import word_list, words

if TYPE_CHECKING:
    from spacy.tokens import Token

_FUTURE_AUX = words("status.future_aux")
_POSSIBLE_AUX = words("status.possible_aux")
_PLANNING = words("status.planning")
_NEGATING = words("status.negating")
STRICT_CONDITIONS = word_list("status.strict_conditions")
_HYPOTHETICAL_MARKS = words("status.hypothetical_marks")
_TEMPORAL_MARKS = words("status.temporal_marks")
_SCHEDULING = words("status.scheduling")
_FUTURE_NOUN_MODS = words("status.future_noun_mods")
_WOULD_CONDITIONS = words("status.would_conditions")
_CALLING_OFF = words("status.calling_off")
_DEMANDING = words("status.demanding")
_WISHING = words("status.wishing")
_WISHING_NOUNS = words("status.wishing_nouns")
_TOPIC_VERBS = words("status.topic_verbs")
_DEONTIC_AUX = words("status.deontic_aux")
_POSSIBLE_NOUN_MODS = words("status.possible_noun_mods")
_ENDING = words("status.ending")
_TRAVEL = words("status.travel")
_OBJECTING = words("status.objecting")
_COMMITTING = words("status.committing")
_TEMPORAL_PREPS = words("status.temporal_preps")
_DENYING_PREPS = words("status.denying_preps")
_AIMING_PREPS = words("status.aiming_preps")
_PURPOSE_NOUNS = words("status.purpose_nouns")
_IMMINENT = words("status.imminent")
_TERMS_NOUNS = words("status.terms_nouns")
# What a copula can say of an event that has not happened: "the meeting is possible".
_LIKELY = frozenset({"possible", "likely", "unlikely", "impossible", "probable", "feasible", "conceivable"})
# Verbs of taking part: their negation keeps a party away, it does not call the event off.
_ATTENDING = frozenset({"attend", "join", "skip", "boycott", "miss"})
# Nouns whose "that" clause is their content: what is demanded, proposed or hoped for.
_CONTENT_NOUNS = _DEMANDING | _WISHING_NOUNS
# Tags of a verb that carries its own tense: a conjunct with one is a clause of its own.
_FINITE = ("VBD", "VBZ", "VBP")
# Entity labels of a modifier that names who made a proposal: "Putin's offer", "the Ukrainian plan".
_OWNER_LABELS = ("PERSON", "NORP", "GPE", "ORG")


def _cleft_denied(verb: Token) -> bool:
    """ "It was not Moscow who broke off the talks": the verb of a cleft whose "it was" is negated."""
    head = verb.head.head if verb.dep_ == "relcl" and verb.head.dep_ == "attr" else verb.head
    if verb.dep_ not in ("relcl", "ccomp") or head.lemma_ != "be" or not _negated(head):
        return False
    kids = list(head.children)
    return any(c.dep_ == "nsubj" and c.lower_ == "it" for c in kids) and any(c.dep_ == "attr" for c in kids)


def clause_status(verb: Token) -> str | None:
    """The status the grammar of one verb gives, or None when nothing marks it (occurred)."""
    aux = {c.lower_ for c in verb.children if c.dep_ in AUXILIARIES}
    if any(c.dep_ == "mark" and c.lower_ in _HYPOTHETICAL_MARKS for c in verb.children):
        return "hypothetical"  # "if it does not free the hostages": a condition, negated or not
    if _negated(verb) or _cleft_denied(verb):
        # "has not yet agreed", "no date has yet been set": still pending, not refused;
        # "they should not discuss it": advice on what is to come, not an act denied
        pending = any(c.lower_ == "yet" for c in verb.children) or bool(aux & _DEONTIC_AUX)
        return "hypothetical" if pending else "negated"
    if aux & (_POSSIBLE_AUX | _DEONTIC_AUX):
        return "hypothetical"  # "could meet"; "Ukraine should agree" is a call, not an agreement
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
    found = _governed(trigger) or _status_of(trigger)
    if found == "planned" and conditioned(trigger):
        return "hypothetical"  # "ready to meet him, but only once the changes are made"
    return found


def conditioned(tok: Token) -> bool:
    """A condition follows the word in its sentence: "…, but only if", "provided that"."""
    rest = " " + " ".join(t.lower_ for t in tok.sent if t.i > tok.i) + " "
    return any(f" {c} " in rest for c in STRICT_CONDITIONS)


def _ahead(verb: Token) -> str | None:
    """The status a clause of time takes from the verb it times, when that verb is still to come:
    "will continue after both sides have presented" and "will not resume after the group frees
    the hostages" are planned; "met after the talks" says nothing (None)."""
    above = _status_of(verb)
    if above in ("planned", "hypothetical"):
        return above
    aux = {c.lower_ for c in verb.children if c.dep_ in AUXILIARIES}
    if above == "negated" and aux & (_FUTURE_AUX | _POSSIBLE_AUX | _DEONTIC_AUX | {"would"}):
        return "planned"  # the refusal is to come after it: what it waits for has not happened
    return None


def _past(verb: Token) -> bool:
    """ "after Putin declined", "after he had met Erdogan": a clause with a past tense of its own."""
    return verb.tag_ == "VBD" or any(c.dep_ == "aux" and c.lower_ == "had" for c in verb.children)


def _modality(verb: Token) -> str | None:
    """planned or hypothetical from a verb's auxiliaries alone, never negated."""
    aux = {c.lower_ for c in verb.children if c.dep_ in AUXILIARIES}
    if aux & (_POSSIBLE_AUX | _DEONTIC_AUX | {"would"}):
        return "hypothetical"
    if aux & _FUTURE_AUX:
        return "planned"
    return None


def _to_be(be: Token) -> str:
    """ "Hamas is to hand over hostages": arranged (planned); "the aim of the talks was to
    discuss a truce": a purpose (occurred when told in the past); "it is in their interest to
    accept": a judgement of what is best (hypothetical)."""
    subj = next((c for c in be.children if c.dep_ == "nsubj"), None)
    if subj is not None and subj.lemma_.lower() in _PURPOSE_NOUNS:
        return "occurred" if be.tag_ == "VBD" else "hypothetical"
    if (subj is not None and subj.lower_ == "it") or any(c.dep_ in ("acomp", "attr") for c in be.children):
        return "hypothetical"
    return "planned"


def _aimed_by(tok: Token) -> Token | None:
    """The verb a gerund or participle is aimed at through a preposition: "focus on reaching",
    "take place, with 1,000 prisoners exchanged"."""
    if tok.dep_ == "pcomp" and tok.head.lower_ in _AIMING_PREPS and tok.head.head.pos_ in VERBS:
        return tok.head.head
    noun = tok.head
    if (
        tok.dep_ == "acl"
        and tok.tag_ == "VBN"
        and noun.dep_ == "pobj"
        and noun.head.lower_ == "with"
        and noun.head.head.pos_ in VERBS
    ):
        return noun.head.head
    return None


def _told_as_past(noun: Token) -> bool:
    """ "Russia's new offensive began on Monday", "the next round opened in Geneva": the subject
    of a verb in the past tense (not one that schedules it) has happened, whatever its adjective."""
    verb = noun.head
    return (
        noun.dep_ in ("nsubj", "nsubjpass")
        and verb.pos_ == "VERB"
        and verb.tag_ == "VBD"
        and verb.lemma_.lower() not in _SCHEDULING
    )


def _to_be_done(verb: Token) -> bool:
    """ "a treaty to be signed", "prisoners to be exchanged": a passive infinitive on a noun."""
    return verb.head.pos_ in NOUNS and _has_to(verb) and any(c.dep_ == "auxpass" for c in verb.children)


def _infinitive_conj(verb: Token) -> bool:
    """ "agreed to a ceasefire and to start talks": an infinitive the parser hung as a conjunct of
    the verb that governs it, which is its xcomp in meaning."""
    return verb.dep_ == "conj" and verb.head.pos_ in VERBS and _has_to(verb)


def _bare_conj(verb: Token) -> bool:
    """A conjunct tagged present tense but with no subject or auxiliary of its own (VBP)."""
    return verb.tag_ == "VBP" and not any(
        c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in verb.children
    )


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
        mods = [c.lower_ for c in tok.children if c.dep_ in ("amod", "compound", "det")]
        # "a potential leaders' meeting": the parser hangs the adjective on the possessor
        mods += [
            g.lower_
            for c in tok.children
            if c.dep_ in ("poss", "compound")
            for g in c.children
            if g.dep_ == "amod" and g.i < c.i
        ]
        if "any" in mods and _denied_by_verb(tok):
            return "negated"  # "has not engaged in any negotiations": "any" under a denial
        if any(m in _POSSIBLE_NOUN_MODS for m in mods):
            return "hypothetical"  # "a potential leaders' meeting", "any agreement"
        if any(m in _FUTURE_NOUN_MODS for m in mods) and not _told_as_past(tok):
            return "planned"
        if tok.dep_ == "pobj" and tok.head.lower_ in _DENYING_PREPS:
            return "negated"  # "the talks ended without an agreement"
        if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.pos_ in NOUNS:
            # "the next round of talks will be held": the round's status is the talks', unless
            # the talks have a verb of their own ("a new round of talks being held in Istanbul")
            own = next(
                (
                    c
                    for c in (*tok.children, *tok.head.head.children)
                    if c.dep_ in ("acl", "relcl") and c.pos_ in VERBS
                ),
                None,
            )
            if own is not None:
                return "planned" if _has_to(own) else clause_status(own) or "occurred"
            above = _status_of(tok.head.head)
            if above != "occurred":
                return above
        if (
            tok.dep_ == "pobj"
            and tok.head.lower_ in ("on", "for")
            and tok.head.head.lemma_.lower() in _TERMS_NOUNS
            and tok.head.head.pos_ in NOUNS
        ):
            # "a deal on a prisoner exchange": the exchange is what the deal provides for
            above = _status_of(tok.head.head)
            return "hypothetical" if above in ("negated", "hypothetical") else "planned"
        if tok.dep_ == "conj" and tok.head.pos_ in NOUNS and tok.head.i < tok.i:
            # "includes the withdrawal of forces and the release of hostages": coordinated nouns
            # share the place of the first in the clause
            return _status_of(tok.head)
        if _in_return(tok):
            # "the release of hostages in exchange for prisoners": the trade is as the release is
            return _status_of(_traded(tok.head.head))
        if tok.dep_ not in ("nsubj", "nsubjpass", "dobj", "attr"):
            return "occurred"  # "not against meetings": the verb of a phrase around it says nothing
        head = tok.head
        if head.pos_ not in VERBS:
            return "occurred"
        lemma = head.lemma_.lower()
        if tok.dep_ == "dobj" and _sets_terms(head):
            return "planned"  # "the accord includes the release of hostages": its terms, not a release
        if lemma in _SCHEDULING:
            return "negated" if lemma in _CALLING_OFF or _negated(head) else "planned"
        if lemma == "be" and tok.dep_ == "nsubj" and any(c.dep_ == "acomp" for c in head.children):
            # "the talks were not easy", "so that the meeting would not be empty": the negation
            # denies the quality; the talks are as the clause's tense and modality say; "the
            # meeting is possible" says only that it may happen
            if any(c.dep_ == "acomp" and c.lemma_.lower() in _LIKELY for c in head.children):
                return "hypothetical"
            return _modality(head) or "occurred"
        if tok.dep_ == "dobj" and lemma in _ATTENDING and _negated(head):
            # "Putin will not attend the talks": his absence is denied, the talks still take place
            aux = {c.lower_ for c in head.children if c.dep_ in AUXILIARIES}
            return "planned" if aux & (_FUTURE_AUX | {"would"}) else "occurred"
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
        if _conditional(tok):
            return "hypothetical"  # "authorised them to meet the leaders if necessary"
        if _pending(tok):
            return "planned"  # "once the venue is agreed", "after Hamas steps down from power"
        deal = _deal_of(tok)
        if deal is not None:
            # "a deal to swap 1,000 prisoners each": what a deal provides for is still to come
            above = _status_of(deal)
            return "hypothetical" if above in ("negated", "hypothetical") else "planned"
        if tok.dep_ == "pcomp" and tok.head.lower_ in _DENYING_PREPS:
            return "negated"  # "gains access without firing a shot"
        if tok.dep_ == "pcomp" and tok.head.lower_ in _TEMPORAL_PREPS and tok.head.head.pos_ in VERBS:
            return _ahead(tok.head.head) or "occurred"  # "would decide after meeting Erdogan"
        aimed = _aimed_by(tok)
        if aimed is not None:
            ahead = _ahead(aimed)
            if ahead:
                return ahead  # "would focus on reaching a deal", "…, with 1,000 prisoners exchanged"
        if tok.dep_ in ("relcl", "acl") and _to_be_done(tok):
            # "a treaty to be signed by all guarantors": still to come, or only wished for
            return "hypothetical" if clause_status(tok.head.head) == "hypothetical" else "planned"
        if (
            tok.dep_ in ("xcomp",)
            or _infinitive_conj(tok)
            or (
                tok.dep_ in ("advcl", "acl")
                and any(c.lower_ == "to" and c.dep_ == "aux" for c in tok.children)
            )
        ):
            head = tok.head
            lemma = head.lemma_.lower()
            if lemma in _NEGATING:
                return "negated"
            if _negated(head):
                return "negated"
            if lemma == "have" and _has_to(tok) and not any(c.dep_ == "dobj" for c in head.children):
                if head.tag_ != "VBD" or _modality(head):
                    return "hypothetical"  # "will have to cede", "would first have to agree"
                tok = head  # "had to withdraw": it happened
                continue
            if lemma == "be" and tok.dep_ == "xcomp" and any(c.lower_ == "to" for c in tok.children):
                return _to_be(head)
            if lemma in _PLANNING or head.lower_ in _PLANNING or head.lower_ in _IMMINENT:
                inherited = clause_status(head)
                return inherited if inherited in ("negated", "hypothetical") else "planned"
            tok = head
            continue
        if tok.dep_ == "conj":
            if any(c.dep_ in ("nsubj", "nsubjpass", "mark") for c in tok.children):
                break  # "agreed to swap … and that Russia had offered": a clause of its own
            if _pending(tok.head):
                return "planned"  # "after both sides have drawn up and presented their plans"
            if tok.tag_ in _FINITE:
                # "does not seek escalation, urges talks": the second verb has its own polarity;
                # "should accept the offer and agree to talks": a bare form the tagger took for a
                # present tense shares the first verb's modal (never its negation)
                shared = clause_status(tok.head) if _bare_conj(tok) else None
                if shared in ("planned", "hypothetical"):
                    return shared
                break
            tok = tok.head
            continue
        if tok.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in _TEMPORAL_MARKS for c in tok.children
        ):
            # "talks will continue after both sides have presented their visions": still to come;
            # a clause in the past tense keeps its own ("would not attend after Putin declined")
            ahead = None if _past(tok) else _ahead(tok.head)
            if ahead:
                return ahead
            break
        if tok.dep_ == "acomp" or (tok.dep_ == "ROOT" and tok.lemma_ == "be"):
            break
        break
    return "occurred"


# -- the clauses that govern a trigger ---------------------------------------------------------


def _governors(tok: Token) -> list[tuple[Token, Token]]:
    """(word, governor) pairs up from `tok` through the phrases that embed it, nearest first.

    Climbs infinitives, gerunds, prepositional objects, a noun's verb and conjuncts that share
    their head's tense; stops at a finite conjunct, a relative clause or the root, and after a
    complement clause ("said that …"), whose verb has a status of its own.
    """
    out: list[tuple[Token, Token]] = []
    for _ in range(6):
        head = tok.head
        if head.i == tok.i:
            break
        dep = tok.dep_
        if dep == "conj" and (tok.tag_ in _FINITE or tok.pos_ not in (*VERBS, *NOUNS)):
            break
        if dep in ("acl", "relcl") and head.pos_ in NOUNS and _content_clause(tok, head):
            out.append((tok, head))  # "Moscow's demands that Ukraine withdraw": what is asked
            break
        if dep in ("pobj", "pcomp") and head.pos_ == "ADP" and head.head.i != head.i:
            out.append((tok, head.head))
            tok = head.head
            continue
        if dep in ("xcomp", "ccomp", "acl", "advcl", "dobj", "nsubj", "nsubjpass", "conj", "acomp"):
            if dep in ("advcl", "acl") and not _has_to(tok):
                break  # "after they met": a clause of time, not of purpose
            out.append((tok, head))
            if dep == "ccomp":
                break
            tok = head
            continue
        break
    return out


def _content_clause(verb: Token, noun: Token) -> bool:
    """ "the demand that its army withdraw": a finite clause stating what a demand or proposal
    asks for (a bare, subjunctive verb), not a relative clause about it ("the plan Russia made")."""
    return noun.lemma_.lower() in _CONTENT_NOUNS and not _has_to(verb) and _subjunctive(verb)


def _subjunctive(verb: Token) -> bool:
    """ "demanded that Iran cooperate", "insists they should leave": the clause is what is asked."""
    if verb.tag_ == "VB" or any(c.dep_ == "aux" and c.lower_ in _DEONTIC_AUX for c in verb.children):
        return True
    # "that Iran cooperate": a bare form after a singular subject, which a report would inflect
    return verb.tag_ == "VBP" and any(c.dep_ == "nsubj" and c.tag_ in ("NN", "NNP") for c in verb.children)


def _owned_offer(tok: Token) -> bool:
    """ "Putin's proposal", "the Ukrainian offer": a proposal already made by a named party (not
    "a Ukrainian withdrawal", whose modifier names who is to act)."""
    return (
        tok.pos_ in NOUNS
        and tok.lemma_.lower() in _WISHING_NOUNS
        and any(
            c.dep_ == "poss" or (c.dep_ in ("amod", "compound") and c.ent_type_ in _OWNER_LABELS)
            for c in tok.children
        )
    )


def _demands(word: Token, gov: Token) -> bool:
    lemma = gov.lemma_.lower()
    if lemma not in _DEMANDING:
        return False
    if (
        lemma == "call"
        and gov.pos_ in VERBS
        and not any(c.lower_ in ("on", "for", "upon") for c in gov.children)
    ):
        return False  # "called Erdoğan to discuss …" is a phone call; "called on/for" asks
    if word.dep_ == "ccomp" or (word.dep_ in ("acl", "relcl") and not _has_to(word)):
        return _subjunctive(word)
    return word.dep_ != "nsubj"  # "the demand was rejected": the demand itself


def demanded(trigger: Token) -> bool:
    """Whether the trigger is what a party demands or threatens, the content of a REQUEST or
    THREATEN event (PLOVER), not an event of its own: "urged Kyiv to accept", "threatened to
    withdraw", "called for talks", "Ukraine's request for a leaders' meeting"."""
    if _owned_offer(trigger):
        return False
    return any(_demands(word, gov) for word, gov in _governors(trigger))


def _governed(trigger: Token) -> str | None:
    """The status the words governing the trigger give it, or None when they say nothing."""
    if _owned_offer(trigger):
        return "occurred"  # "accept Putin's proposal": the proposal was made
    for word, gov in _governors(trigger):
        lemma = gov.lemma_.lower()
        if gov.pos_ in VERBS and any(
            c.dep_ == "mark" and c.lower_ in _HYPOTHETICAL_MARKS for c in gov.children
        ):
            return "hypothetical"  # "would decide whether to fly to Ankara for talks"
        if _committed_to(word, gov):
            found = _status_of(gov)
            return found if found in ("negated", "hypothetical") else "planned"
        if word.dep_ == "dobj" and lemma in _ENDING:
            return "occurred"  # "had not halted the strikes": the strikes happened
        if (
            lemma in _WISHING
            and (lemma != "look" or any(c.lower_ == "forward" for c in gov.children))
            and not (lemma == "open" and gov.pos_ == "VERB")  # "talks will open": no "open to talks"
        ):
            return "hypothetical"
        if gov.pos_ in NOUNS and lemma in _WISHING_NOUNS and word.dep_ in ("pobj", "pcomp", "acl", "dobj"):
            return "hypothetical"  # "a proposal to hold talks", "the possibility of a summit"
        if word.dep_ in ("dobj", "nsubjpass") and word.pos_ in NOUNS and lemma in _TOPIC_VERBS:
            return "hypothetical"  # "discussed a possible summit"
        if _objects(word, gov):
            return "hypothetical"  # "not against meetings": willingness, not a refusal
        if (lemma in _TRAVEL or lemma in _SCHEDULING) and _for_event(word) and not _was_there(gov):
            return "planned"  # "landed in Istanbul for the talks", "expected in Istanbul for meetings"
        if lemma in _TRAVEL and word.dep_ == "advcl" and trigger.pos_ in VERBS:
            return "planned"  # "was heading there to join the talks"
        if any(c.dep_ == "aux" and c.lower_ in _DEONTIC_AUX for c in gov.children):
            return "hypothetical"
    return None


def _committed_to(word: Token, gov: Token) -> bool:
    """ "agreed on exchanging bodies", "agreed to talks", "committed to continuing the talks":
    what a party commits to is still to come."""
    return (
        word.dep_ in ("pobj", "pcomp")
        and word.head.lower_ in ("to", "on", "upon")
        and gov.lemma_.lower() in _COMMITTING
        and gov.pos_ in (*VERBS, "ADJ")
    )


def _was_there(verb: Token) -> bool:
    """ "negotiators were in Istanbul for the talks": being there in the past, the talks with them."""
    return verb.lemma_ == "be" and verb.tag_ == "VBD"


def _for_event(word: Token) -> bool:
    """ "for the talks": an event noun a party goes to or is expected at."""
    return word.pos_ in NOUNS and word.dep_ == "pobj" and word.head.lower_ == "for"


def _objects(word: Token, gov: Token) -> bool:
    """ "is not against meetings", "does not object to holding talks": a negated objection."""
    denied = _negated(gov) or (gov.dep_ == "acomp" and _negated(gov.head))  # "are not opposed to"
    if gov.lemma_.lower() in _OBJECTING and denied:
        return True
    if word.dep_ == "pobj" and word.head.lower_ in _OBJECTING:
        return _negated(gov)
    return False
