"""Noun-phrase helpers shared by the resolvers: a phrase's text and its conjuncts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from detente.extract.grammar import OUTSIDE_NOUN_PHRASE

if TYPE_CHECKING:
    from spacy.tokens import Token


def np_text(h: Token) -> str:
    """The noun phrase of a head without relative clauses, appositions or trailing prepositions."""
    keep = [h]
    for child in h.children:
        if child.i < h.i and child.dep_ not in OUTSIDE_NOUN_PHRASE:
            keep.extend(child.subtree)
    tokens = sorted({t.i: t for t in keep}.values(), key=lambda t: t.i)
    return " ".join(t.text for t in tokens).replace(" 's", "'s").replace(" ’s", "’s")


def conjuncts(tok: Token) -> list[Token]:
    """The heads conjoined to `tok`, in breadth-first order ("Kyiv, Moscow and Washington")."""
    out = []
    stack = [c for c in tok.children if c.dep_ == "conj"]
    # "Kyiv, its allies and the United States": the list is often parsed as an apposition.
    stack += [g for c in tok.children if c.dep_ == "appos" for g in c.children if g.dep_ == "conj"]
    while stack:
        c = stack.pop(0)
        out.append(c)
        stack.extend(x for x in c.children if x.dep_ == "conj")
    return out
