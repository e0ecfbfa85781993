"""Place mentions: where an article says things happen, resolved against the gazetteer.

`find_places(doc, gazetteer, context)` reports every place the article names, in text
order: the model's GPE/LOC/FAC entities that resolve; ORG entities that are plainly a
place's name ("Kinshasa", "White House" tagged ORG); and the curated venues, regions,
countries and capitals the model did not tag at all ("Dolmabahce Palace", "the capital
Kyiv"). A capital can be both an actor ("Kyiv said") and a place ("talks in Kyiv"): places
are reported whatever their grammatical role, and the event extractor chooses.
`article_context(doc, kb)` gives the countries an article mentions, for `resolve()` to
break ties with.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from detente.extract.grammar import NUMERIC_LABELS, PLACE_LABELS
from detente.lexicon.names import fold
from detente.lexicon.words import words
from detente.records import Place

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from detente.lexicon.actors import Knowledge
    from detente.lexicon.places import Gazetteer

_CONTEXT_VIA = frozenset({"country", "demonym", "capital", "seat"})
_LEAD = words("places.lead")
_TAIL = words("possessive_endings") | {",", "."}
# Lower-case words that may follow the first word of a place's name ("Sharm el-Sheikh",
# "the Kursk region", "the Rafah crossing").
_LOWER_OK = words("places.lower_ok")


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place the text names: the words as written, their offsets, and the place."""

    text: str
    start: int
    end: int
    start_token: int
    end_token: int
    place: Place


def find_places(doc: Doc, gazetteer: Gazetteer, context: Collection[str] = ()) -> list[PlaceMention]:
    """GPE/LOC/FAC entities (and known venue names the model misses, e.g. "Dolmabahce
    Palace", "Ciragan Palace") that resolve to a place, in text order, without overlaps."""
    found: list[PlaceMention] = []
    # Entities that are not places block the names inside them ("Kyiv" of "Kyiv School of
    # Economics"), though not a venue inside an organisation's name ("the Oval Office of
    # the White House" tagged ORG), nor a longer name around them ("Kursk" tagged PRODUCT
    # in "the Kursk region").
    blocking: list[tuple[int, int, bool]] = []
    for ent in doc.ents:
        if ent.label_ in PLACE_LABELS:
            found.extend(_from_entity(ent, gazetteer, context))
        elif ent.label_ in ("ORG", "PERSON") and (mention := _whole(ent, gazetteer, context)) is not None:
            found.append(mention)
        elif ent.label_ not in NUMERIC_LABELS:
            blocking.append((ent.start, ent.end, ent.label_ == "ORG"))
    for m in _scan(doc, gazetteer, context):
        a, b = m.start_token, m.end_token
        inside = [org for s, e, org in blocking if s < b and a < e and not (a <= s and e <= b)]
        if not inside or (all(inside) and gazetteer.kind(m.text) == "venue"):
            found.append(m)
    # Longest first at each start; a mention overlapping one already kept is dropped.
    found.sort(key=lambda m: (m.start_token, m.start_token - m.end_token))
    kept: list[PlaceMention] = []
    for m in found:
        if not kept or m.start_token >= kept[-1].end_token:
            kept.append(m)
    return kept


def article_context(doc: Doc, knowledge: Knowledge) -> set[str]:
    """ISO-3 codes of the countries an article mentions (country names, demonyms, capitals
    via knowledge.lookup) — the context for resolve()."""
    codes: set[str] = set()
    names = [ent.text for ent in doc.ents]
    names += [t.text for t in doc if not t.ent_type_ and t.text[:1].isupper()]  # "Ukrainian" the model missed
    for name in names:
        entry = knowledge.lookup(name)
        if entry is not None and entry.via in _CONTEXT_VIA and entry.country in knowledge.countries:
            codes.add(entry.country)
    return codes


def _trim(span: Span) -> Span:
    start, end = span.start, span.end
    while start < end - 1 and span.doc[start].text in _LEAD:
        start += 1
    while end > start + 1 and span.doc[end - 1].text in _TAIL:
        end -= 1
    return span.doc[start:end]


def _mention(span: Span, place: Place) -> PlaceMention:
    return PlaceMention(span.text, span.start_char, span.end_char, span.start, span.end, place)


def _from_entity(ent: Span, gazetteer: Gazetteer, context: Collection[str]) -> Iterator[PlaceMention]:
    span = _trim(ent)
    place = gazetteer.resolve(span.text, context)
    if place is not None:
        yield _mention(span, place)
        return
    # "the Jeddah Talks", "Istanbul's Dolmabahce Palace": the longest known names inside.
    i = span.start
    while i < span.end:
        for j in range(span.end, i, -1):
            part = span.doc[i:j]
            if (
                _capitalised(part)
                and gazetteer.prominent(part.text)
                and (place := gazetteer.resolve_exact(part.text, context)) is not None
            ):
                yield _mention(part, place)
                i = j
                break
        else:
            i += 1


def _whole(ent: Span, gazetteer: Gazetteer, context: Collection[str]) -> PlaceMention | None:
    """An ORG or PERSON entity that is nothing but a place's name: for an ORG, a country, a
    capital, a places.yaml entry or a city of 15,000 people or more ("Bucha", "White House");
    for a PERSON, the first three only ("Kyiv", "Türkiye", "Khan Younis" tagged PERSON), as
    towns are named like people ("Florence", "Jackson") more often than capitals are."""
    span = _trim(ent)
    if not (gazetteer.known(span.text) or (ent.label_ == "ORG" and gazetteer.is_city(span.text))):
        return None
    place = gazetteer.resolve_exact(span.text, context)
    return _mention(span, place) if place is not None else None


def _capitalised(span: Span) -> bool:
    words = [t for t in span if t.is_alpha]
    if not words or not words[0].text[:1].isupper():
        return False
    if len(words) == 1 and len(span) == 1:
        return words[0].pos_ == "PROPN" or bool(words[0].ent_type_)  # not "Gulf" in "gulf between"
    return all(t.text[:1].isupper() or t.lower_ in _LOWER_OK for t in words)


@lru_cache(maxsize=4)
def _phrases(gazetteer: Gazetteer) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Folded surface names by first word, longest first."""
    by_first: dict[str, set[tuple[str, ...]]] = {}
    for name in gazetteer.surfaces():
        words = tuple(fold(name).split())
        if words:
            by_first.setdefault(words[0], set()).add(words)
    return {w: tuple(sorted(p, key=len, reverse=True)) for w, p in by_first.items()}


def _words(doc: Doc) -> list[tuple[str, Token, bool, bool]]:
    """(folded word, its token, first word of the token, last word of the token)."""
    out: list[tuple[str, Token, bool, bool]] = []
    for token in doc:
        parts = fold(token.text).split()
        out.extend((w, token, k == 0, k == len(parts) - 1) for k, w in enumerate(parts))
    return out


def _scan(doc: Doc, gazetteer: Gazetteer, context: Collection[str]) -> Iterable[PlaceMention]:
    phrases = _phrases(gazetteer)
    words = _words(doc)
    for p, (word, token, first, _) in enumerate(words):
        if not first or word not in phrases or not token.text[:1].isupper():
            continue
        for phrase in phrases[word]:
            q = p + len(phrase)
            if q <= len(words) and words[q - 1][3] and tuple(w for w, *_ in words[p:q]) == phrase:
                span = doc[token.i : words[q - 1][1].i + 1]
                if _capitalised(span) and (place := gazetteer.resolve_exact(span.text, context)) is not None:
                    yield _mention(span, place)
                break
