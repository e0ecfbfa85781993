"""What a party wants and on what condition: the `claim` and `condition` of a position.

The claim is the clause the stance word governs, cut to a short phrase: its opening "to"/"for"/
"on" dropped, a stance noun's complement taken ("its readiness to resume talks" → "resume
talks"), the condition clause and any trailing aside left out. The condition is the clause a
condition word opens ("only if …", "provided that …", "contingent on …", "once …"), looked for
in the stance's own clause first, then in the rest of its sentence.
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


def condition_of(tok: Token, sent: Span) -> str | None:
    """The clause a condition word opens, in the stance word's clause or after it in its sentence."""
    head = tok.head if tok.dep_ in ("acomp", "amod") else tok
    scope = sorted(head.subtree, key=lambda t: t.i)
    found = _condition_start(scope) or _condition_start([t for t in sent if t.i > tok.i])
    if found is None:
        return None
    start = found
    # The clause the condition word opens: "if"/"only" hang on its verb; "provided"/"on" head it.
    clause = start.head if start.dep_ in ("mark", "advmod") else start
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


__all__ = ["claim_of", "condition_of"]
