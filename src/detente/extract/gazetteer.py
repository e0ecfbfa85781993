"""The gazetteer pass: a spaCy pipeline component that fixes the model's entity slips (Doc in, Doc out).

It runs right after `ner` in the pipeline `nlp.load_pipeline` builds, with the knowledge
files the settings name (`knowledge`, passed as the component's config), so every Doc an
extraction stage sees already has its entities corrected:

- known names the model mislabels ("Kyiv" or "Türkiye" as PERSON) get the right label;
- known names it missed are added;
- longer model entities that contain a known name ("Russian Defence Ministry") are kept;
- a bare surname of a person the article has named in full ("Dagalo, widely known as …")
  is a person even where the model missed it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from detente.extract.grammar import LABEL_BY_TYPE, LABEL_BY_VIA, NAME_LIKE_TAGS
from detente.lexicon.actors import Entry, Knowledge, known_names, load_knowledge
from detente.lexicon.words import words

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc, Span

__all__ = ["FACTORY", "entity_label", "fixed_with", "register"]

FACTORY = "detente_gazetteer"
"""The component's factory name, as `nlp.add_pipe` takes it."""

_CALENDAR = words("months") | words("weekdays")


def register() -> None:
    """Make the component known to spaCy (once per process), under the name `FACTORY`."""
    from spacy.language import Language

    if FACTORY not in Language.factories:
        Language.factory(FACTORY, default_config={"knowledge": []}, func=make_gazetteer)


def make_gazetteer(nlp: Language, name: str, knowledge: list[str]) -> Callable[[Doc], Doc]:
    """The component for `nlp`, with the shipped knowledge and the user's files `knowledge`."""
    files = tuple(knowledge)
    kb = load_knowledge(files)
    matcher = _matcher(nlp, kb)

    def gazetteer(doc: Doc) -> Doc:
        _known_names(doc, kb, matcher)
        _surnames(doc)
        doc.user_data[FACTORY] = files
        return doc

    return gazetteer


def fixed_with(doc: Doc) -> tuple[str, ...] | None:
    """The user knowledge files the component fixed `doc` with, or None when it did not run on it."""
    files = doc.user_data.get(FACTORY)
    return tuple(files) if files is not None else None


def entity_label(entry: Entry) -> str:
    """The entity label a known name takes: how it was found (a capital is a GPE), else its type."""
    return LABEL_BY_VIA.get(entry.via) or LABEL_BY_TYPE[entry.type]


def _matcher(nlp: Language, kb: Knowledge) -> PhraseMatcher:
    from spacy.matcher import PhraseMatcher

    matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
    names = [n for n in known_names(kb) if n[:1].isupper() or n[:1].isdigit()]
    matcher.add("KNOWN", [nlp.make_doc(n) for n in names])
    return matcher


def _surnames(doc: Doc) -> None:
    from spacy.tokens import Span

    ents = list(doc.ents)
    surnames = {e[-1].text for e in ents if e.label_ == "PERSON" and len(e) > 1 and e[-1].is_title}
    if not surnames:
        return
    covered = {i for e in ents for i in range(e.start, e.end)}
    added = [
        Span(doc, t.i, t.i + 1, label="PERSON")
        for t in doc
        if t.text in surnames
        and t.i not in covered
        and t.pos_ in NAME_LIKE_TAGS
        and t.lower_ not in _CALENDAR
    ]
    if added:
        doc.ents = sorted(ents + added, key=lambda e: e.start)


def _known_names(doc: Doc, kb: Knowledge, matcher: PhraseMatcher) -> None:
    from spacy.tokens import Span
    from spacy.util import filter_spans

    known: list[Span] = []
    for _, start, end in matcher(doc):
        span = doc[start:end]
        entry = kb.lookup(span.text)
        if entry is not None:
            known.append(Span(doc, start, end, label=entity_label(entry)))
    if not known:
        return
    known = filter_spans(known)
    ents = list(doc.ents)
    out: list[Span] = []
    used: set[int] = set()
    for ent in ents:
        overlapping = [k for k in known if k.start < ent.end and ent.start < k.end]
        if not overlapping:
            out.append(ent)
            continue
        k = max(overlapping, key=len)
        if (k.start, k.end) == (ent.start, ent.end):
            out.append(k)  # same words: the knowledge files know their label
        elif ent.start <= k.start and k.end <= ent.end and ent.label_ != "PERSON":
            out.append(ent)  # a longer name holding a known one: "Kyiv Independent"
        elif ent.label_ == "PERSON" and ent.start <= k.start and k.end <= ent.end and k.label_ == "PERSON":
            out.append(ent)  # "President Zelensky": titles are stripped later
        else:
            out.append(k)
        used.update(id(x) for x in overlapping)
    out.extend(
        k for k in known if id(k) not in used and not any(k.start < e.end and e.start < k.end for e in ents)
    )
    doc.ents = filter_spans(out)
