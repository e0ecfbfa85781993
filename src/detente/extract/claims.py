"""What a party wants and on what condition: the `claim` and `condition` of a position.

The claim is the clause the stance word governs, cut to a short phrase: its opening "to"/"for"/
"on" dropped, a stance noun's complement taken ("its readiness to resume talks" → "resume
talks"), the condition clause and any trailing aside left out. The condition is the clause a
condition word opens ("only if …", "provided that …", "contingent on …", "once …"), looked for
in the stance's own clause first, then in the rest of its sentence. A sentence that sets two
parties side by side ("Kyiv wants X, while Moscow wants Y"; "…; …"; "…, but Moscow …") is cut
into its contrasting clauses first (`own_clause`): each stance's claim, condition and issue
come from its own clause only.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from detente.lexicon.words import word_list, words

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

_STARTS = sorted(word_list("claims.condition_starts"), key=len, reverse=True)
_OPENERS = words("claims.openers")
_DANGLING = words("claims.dangling")
_STANCE_NOUNS = words("claims.stance_nouns")
_CONTRAST = words("positions.contrast_markers")
_SUBJECTS = ("nsubj", "nsubjpass", "expl")
_MAX_CLAIM = 14  # words: a claim is a phrase, not the paragraph
_MAX_CONDITION = 24
_POSSESSIVES = {"its", "their", "his", "her", "our", "my", "your", "the", "a", "an", "this", "that"}
_CONDITION_RE = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(c) for c in _STARTS) + r")(?![\w-])", re.I)


def claim_of(about: str, act: str | None = None) -> str | None:
    """The short phrase of what is wanted, from the words a stance governs (None when empty);
    `act`: the verb of a pledged act, which is part of the claim ("release the detainees")."""
    text = " ".join(about.replace("“", "").replace("”", "").replace('"', "").split())
    if act and not text.lower().startswith(("that ", act[:4])):
        text = f"{act} {text}"
    text = _cut_condition(text)
    for _ in range(3):  # "its readiness to …", "on Ukraine ceding …": peel the openers
        low = text.lower().split(" ")
        if len(low) > 3 and low[0] in _POSSESSIVES and low[1] in _STANCE_NOUNS and low[2] in _OPENERS:
            text = " ".join(text.split(" ")[2:])
            continue
        if low and low[0] in _STANCE_NOUNS and len(low) > 1 and low[1] in _OPENERS:
            text = " ".join(text.split(" ")[1:])
            continue
        if len(low) > 1 and low[0] in _OPENERS:
            text = " ".join(text.split(" ")[1:])
            continue
        break
    # An aside after a comma ("…, which it called …") or a dash is no part of the claim.
    text = re.split(r"\s*(?:,\s*(?:which|who|whom|whose|while|as|saying|adding|but)\b|\s[—–]\s)", text)[0]
    tokens = text.split(" ")
    if len(tokens) > _MAX_CLAIM:
        cut = text.rfind(",", 0, len(" ".join(tokens[:_MAX_CLAIM])))
        tokens = (text[:cut] if cut > 20 else " ".join(tokens[:_MAX_CLAIM])).split(" ")
    while tokens and tokens[-1].lower().strip(",;:") in _DANGLING:
        tokens.pop()
    claim = " ".join(tokens).strip(" ,.;:—–-")
    return claim or None


def _cut_condition(text: str) -> str:
    """The text before its first condition word ("… only if X" → "…"), unless that leaves nothing."""
    m = _CONDITION_RE.search(text)
    if m is None or m.start() < 3:
        return text
    return text[: m.start()].rstrip(" ,;—–-")


def own_clause(tok: Token) -> frozenset[int]:
    """The token indices of the contrasting clause `tok` is in: the sentence cut at a ";" and at
    a "but"/"yet" that joins a clause with its own subject, and a "while"/"whereas" clause with
    its own subject set apart. The whole sentence when it sets nothing side by side."""
    sent = tok.sent
    label = {t.i: 0 for t in sent}
    part = 0
    for t in sent:
        if t.text == ";" or (t.dep_ == "cc" and t.lower_ in _CONTRAST and _own_subject_after(t)):
            part += 1
        label[t.i] = part
    for t in sent:
        if t.dep_ == "mark" and t.lower_ in _CONTRAST and t.lower_ not in ("but", "yet"):
            verb = t.head
            subj = _subject(verb)
            # a contrast sets a clause off ("…, while Moscow …", "While Moscow …, Kyiv …"); a
            # "while" inside its clause is time ("wants a truce while talks go on")
            set_off = t.i == sent.start or t.nbor(-1).text in (",", ";", "—", "–")
            if (
                verb.dep_ != "ROOT"
                and subj is not None
                and set_off
                and _another_party(subj, _subject(verb.head))
            ):
                part += 1
                for x in verb.subtree:
                    label[x.i] = part
    mine = label.get(tok.i, 0)
    return frozenset(i for i, p in label.items() if p == mine)


def _own_subject_after(cc: Token) -> bool:
    """ "…, but Moscow rejects it": the conjunct after the "but" is a verb with a subject of its
    own, another party than the first clause's (not "…, but we will respond if attacked", nor
    "…, but only if …", a condition on the first clause)."""
    nxt = cc.nbor(1) if cc.i + 1 < len(cc.doc) else None
    if nxt is None or nxt.lower_ == "only" or nxt.dep_ == "mark":
        return False
    first = _subject(cc.head)
    for c in cc.head.children:
        if c.dep_ != "conj" or c.i <= cc.i or any(g.dep_ == "mark" for g in c.children):
            continue
        subj = _subject(c)
        # the subject opens the new clause ("but then the Kremlin refused"), unlike a trailing
        # attribution hung on the "but" ("…, but not until …, Umerov said")
        if subj is not None and subj.left_edge.i <= cc.i + 3 and _another_party(subj, first):
            return True
    return False


def _subject(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in _SUBJECTS), None)


def _another_party(subj: Token, first: Token | None) -> bool:
    """A named subject (no pronoun, which may be the first clause's party again) other than `first`."""
    return subj.pos_ != "PRON" and (first is None or subj.lower_ != first.lower_)


def condition_of(tok: Token, sent: Span, within: frozenset[int] | None = None) -> str | None:
    """The clause a condition word opens, in the stance word's clause or after it in its sentence
    (`within`: the tokens of its contrasting clause, when the sentence has several)."""
    head = tok.head if tok.dep_ in ("acomp", "amod") else tok
    keep = within if within is not None else frozenset(t.i for t in sent)
    scope = sorted((t for t in head.subtree if t.i in keep), key=lambda t: t.i)
    found = _condition_start(scope) or _condition_start([t for t in sent if t.i > tok.i and t.i in keep])
    if found is None:
        return None
    start = found
    # "not until …": the clause is the one "until" opens
    opener = start.nbor(1) if start.lower_ == "not" and start.i + 1 < len(start.doc) else start
    # The clause the condition word opens: "if"/"only" hang on its verb; "provided"/"on" head it.
    clause = opener.head if opener.dep_ in ("mark", "advmod") else opener
    if clause.dep_ in ("mark", "prep") and clause.i > start.i:  # "only" on "if", "on" of "on condition"
        clause = clause.head if clause.dep_ == "mark" else clause
    end = max(max(t.i for t in clause.subtree), start.i)
    words_ = [t for t in sent if start.i <= t.i <= end][:_MAX_CONDITION]
    text = " ".join(t.text for t in words_) if words_ else ""
    text = re.sub(r"\s+([,.;:!?’'])", r"\1", text).strip(" ,.;:—–-")
    return text or None


def _condition_start(tokens: list[Token]) -> Token | None:
    """The first token at which a condition phrase begins ("only if", "provided that", "once")."""
    for i, t in enumerate(tokens):
        rest = " ".join(x.lower_ for x in tokens[i : i + 4])
        for c in _STARTS:
            if rest == c or rest.startswith(c + " "):
                if c == "once" and (
                    t.dep_ not in ("mark", "advmod") or rest.startswith(("once again", "once more"))
                ):
                    continue  # "once again", "all at once": not a condition
                if c == "subject to" and t.pos_ != "ADJ":
                    continue
                return t
    return None


__all__ = ["claim_of", "condition_of", "own_clause"]
