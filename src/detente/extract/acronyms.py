"""Armed groups' acronyms the model left outside any actor entity ("GAM agreed to disarm").

An acronym counts when the article declares it after a name ("the Free Aceh Movement (GAM)",
"the Sudan People's Liberation Movement-in-Opposition (SPLM-IO)"), or when it is a group of
detente's knowledge files or of the field's non-state dictionary; `aliases` then ties it to
the long name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from detente.extract.grammar import ACTOR_LABELS
from detente.lexicon.actors import Entry, Knowledge
from detente.lexicon.petrarch import load_actors

if TYPE_CHECKING:
    from spacy.tokens import Doc

_ACRONYM = re.compile(r"^[A-Z][A-Z0-9]{1,5}$")
_ACRONYM_TAIL = re.compile(r"^[A-Z0-9]{1,4}$")


@dataclass(frozen=True, slots=True)
class Acronym:
    """One stray acronym: as written, the name it stands for, its char span and known entry."""

    text: str
    name: str
    start: int
    end: int
    entry: Entry | None


def stray_acronyms(doc: Doc, kb: Knowledge) -> list[Acronym]:
    """The acronyms of armed groups outside the model's actor entities, in text order."""
    declared = set()
    for ent in doc.ents:
        if ent.label_ in ACTOR_LABELS and ent.end + 2 < len(doc) and doc[ent.end].text == "(":
            word = acronym_at(doc, ent.end + 1)
            if word is not None and word[1] < len(doc) and doc[word[1]].text == ")":
                declared.add(word[0])
    out = []
    i = 0
    while i < len(doc):
        tok = doc[i]
        found = acronym_at(doc, i) if tok.ent_type_ not in ACTOR_LABELS else None
        i = found[1] if found is not None else i + 1
        if found is None or tok.pos_ not in ("PROPN", "NOUN"):
            continue
        text = found[0]
        entry = kb.lookup(text)
        known = entry is not None and entry.type == "group"
        if not (text in declared or known or _field_group(text)):
            continue
        name = entry.name if known and entry else text
        out.append(Acronym(text, name, tok.idx, tok.idx + len(text), entry if known else None))
    return out


def acronym_at(doc: Doc, i: int) -> tuple[str, int] | None:
    """(text, end token) of an acronym starting at token i, hyphenated ones ("SPLM-IO", which the
    tokenizer splits in three) included; None when token i starts none."""
    if i >= len(doc) or not _ACRONYM.match(doc[i].text):
        return None
    if (
        i + 2 < len(doc)
        and doc[i + 1].text == "-"
        and not doc[i].whitespace_
        and not doc[i + 1].whitespace_
        and _ACRONYM_TAIL.match(doc[i + 2].text)
    ):
        return doc[i : i + 3].text, i + 3
    return doc[i].text, i + 1


def _field_group(acronym: str) -> bool:
    """Whether the PETRARCH non-state dictionary (and no other) lists the acronym."""
    entries = load_actors().entries(acronym)
    return bool(entries) and all(e.file == "nonstate" for e in entries)
