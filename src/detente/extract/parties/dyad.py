"""The article's two main parties: the two sides "the two sides" and unnamed talks stand for.

They are the two most often named countries or groups (at least twice each), one per state
— a rebel group and its own state are two sides (DRC and M23) — leaving out people,
journalists, international bodies, a country named only as where something happens, the
dateline, and a third party: a country named anywhere in the article as the mediator, host,
facilitator or sponsor of the talks ("Norwegian-brokered", "Qatar hosted", "the Thai hosts")
is not one of the two sides. A rebel movement the knowledge files do not know is still a side
when the article calls it one ("the Tamil Tiger rebels"). When the second side is not clearly
named more often than the next candidate, the article has no clear dyad, and nothing is
inferred from it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from detente.codes import NON_STATE, is_country_id
from detente.knowledge.sides import NON_STATE_SECTORS
from detente.lexicon.words import words
from detente.records import Actor, ActorRef, Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from detente.lexicon.actors import Knowledge

_PLACE_PREPS = words("parties.place_preps")
_THIRD_NOUNS = words("parties.third_party_nouns")
_THIRD_VERBS = words("parties.third_party_verbs")
_PLACE_NOUNS = words("parties.place_nouns")
_VENUE_NOUNS = words("parties.venue_nouns")
_BACKING = words("parties.backing_verbs")
# How a name attaches to a third party's verb: "Qatar hosted", "Norwegian-brokered".
_THIRD_DEPS = frozenset({"nsubj", "npadvmod", "amod", "compound", "nmod", "advmod"})


def main_dyad(
    doc: Doc,
    actors: Mapping[str, Actor],
    mentions: Iterable[Mention],
    kb: Knowledge | None = None,
    body_start: int = 0,
) -> tuple[ActorRef, ActorRef] | None:
    """The article's two main parties, most named first, or None when it has no clear two."""
    found = list(mentions)
    third = _third_countries(doc, found)
    described = _described_movements(doc, actors, found, kb)
    counts: Counter[str] = Counter()
    first: dict[str, Mention] = {}
    keys: dict[int, str] = {}  # each counted mention's side key, by its start
    communities: set[str] = set()
    for m in found:
        actor = actors.get(m.actor_id)
        if actor is None or actor.type == "person" or m.start < body_start:
            continue
        country = m.country or (m.actor_id if m.actor_id in described else _movement(doc, m, actor, kb))
        if not country or (m.sector or actor.sector) in ("JRN",) or country in NON_STATE or country in third:
            continue
        if _as_place(doc, m):
            continue
        key = country if actor.type == "country" else m.actor_id
        counts[key] += 1
        first.setdefault(key, m)
        keys[m.start] = key
        if m.label == "NORP" and actor.type == "group":
            communities.add(key)  # "the Bosnian Serbs", "Greek Cypriots": a people, not a body
    backs = _backers(doc, found, keys)
    ranked = [(k, n) for k, n in counts.most_common() if n >= 2]
    picked: list[tuple[str, ActorRef]] = []
    second = 0
    for key, n in ranked:
        m = first[key]
        actor = actors[m.actor_id]
        # One side per state — but a rebel group and its own state are two sides (DRC and M23),
        # and so are two communities of one island (the Greek and the Turkish Cypriots).
        if any(
            p.country == m.country
            and (actor.type != "group") == is_country_id(p.actor_id)
            and not (k in communities and key in communities)
            for k, p in picked
        ):
            continue
        ref = ActorRef(
            actor_id=m.actor_id if actor.type != "country" else actor.id,
            name=actor.name,
            country=m.country,
            sector=None,
        )
        if len(picked) == 2:
            if n != second:
                break
            # a third party named as often as the second: which two face each other is unclear,
            # unless one of the two is named as the other's backer ("Rwanda-backed M23 rebels")
            if (picked[1][0], key) in backs:
                picked[1] = (key, ref)
                continue
            if (key, picked[1][0]) in backs:
                continue
            return None
        second = n
        picked.append((key, ref))
    return (picked[0][1], picked[1][1]) if len(picked) == 2 else None


def _backers(doc: Doc, found: list[Mention], keys: Mapping[int, str]) -> set[tuple[str, str]]:
    """(backer, backed) side keys the article joins with a backing participle: "Rwanda-backed
    M23 rebels", "Iranian-backed Houthis" — a sponsor, less a side than whom it backs."""
    out: set[tuple[str, str]] = set()
    by_token: dict[int, str] = {}
    for m in found:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is not None and m.start in keys:
            for t in span:
                by_token[t.i] = keys[m.start]
    for m in found:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or m.start not in keys:
            continue
        verb = span.root.head
        if span.root.dep_ not in _THIRD_DEPS or verb.lemma_.lower() not in _BACKING or verb.i == span.root.i:
            continue
        backed = verb.head  # "backed" modifies the backed group's noun
        for t in (backed, *backed.children):
            if t.i in by_token and by_token[t.i] != keys[m.start]:
                out.add((keys[m.start], by_token[t.i]))
                break
    return out


def _third_countries(doc: Doc, found: list[Mention]) -> set[str]:
    """The countries of the article's third parties: each mention in a third party's part, and
    the country named on a third party's person ("hosted by Sudanese President Bashir")."""
    third: set[str] = set()
    roots: set[int] = set()
    for m in found:
        if _third_party(doc, m):
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None:
                roots.add(span.root.i)
            if m.country:
                third.add(m.country)
    for m in found:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or not m.country or span.root.dep_ not in ("amod", "compound", "nmod", "poss"):
            continue
        head = span.root.head
        if head.i in roots or (head.dep_ in ("compound", "appos", "conj") and head.head.i in roots):
            third.add(m.country)
    return third


def _as_place(doc: Doc, m: Mention) -> bool:
    """A country or capital named as where something happens ("talks in Pretoria", "at a
    Khartoum convention centre", "Ethiopia's capital") is no party."""
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    if root.dep_ == "appos" and root.head.dep_ == "pobj":
        root = root.head  # "in Pretoria, South Africa"
    if root.dep_ == "pobj" and root.head.lower_ in _PLACE_PREPS:
        return True
    head = root.head
    if root.dep_ == "poss" and head.lemma_.lower() in _PLACE_NOUNS:
        return True
    return (
        root.dep_ == "compound"
        and head.dep_ == "pobj"
        and head.head.lower_ in _PLACE_PREPS
        and head.lemma_.lower() in _VENUE_NOUNS
    )


def _third_party(doc: Doc, m: Mention) -> bool:
    """A name in a mediator's, host's or sponsor's part: "Norwegian facilitator Erik Solheim",
    "a Norwegian-brokered truce", "Qatar hosted the talks", "talks mediated by Oman", "Saudi
    and US mediators", "China, which brokered the deal"."""
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    if any(c.dep_ in ("relcl", "acl") and c.lemma_.lower() in _THIRD_VERBS for c in root.children):
        return True  # "China, which brokered the agreement"
    while root.dep_ == "conj" and root.head.i != root.i:
        root = root.head  # "Saudi and U.S. mediators": each conjunct plays the first one's part
    head = root.head
    if root.dep_ in ("amod", "compound", "nmod", "poss") and head.lemma_.lower() in _THIRD_NOUNS:
        return True
    if any(c.dep_ == "appos" and c.lemma_.lower() in _THIRD_NOUNS for c in root.children):
        return True  # "Norway, the facilitator, said …"
    if root.dep_ in _THIRD_DEPS and head.lemma_.lower() in _THIRD_VERBS and head.i != root.i:
        return True
    if root.dep_ == "nsubj" and _acts_as_third(head):
        return True  # "with Norway acting as mediator", "Qatar, serving as host"
    if any(c.dep_ in ("compound", "amod") and c.lemma_.lower() in _THIRD_NOUNS for c in root.children):
        return True  # "Mediator Qatar said …"
    if ("-" in span.text or (root.i + 2 < len(doc) and doc[root.i + 1].text == "-")) and _hyphenated(span):
        return True
    return root.dep_ == "pobj" and head.lower_ == "by" and head.head.lemma_.lower() in _THIRD_VERBS


def _acts_as_third(verb: Token) -> bool:
    """A verb whose "as" phrase names a third party's part: "acting as mediator"."""
    return any(
        prep.dep_ == "prep"
        and prep.lower_ == "as"
        and any(o.dep_ == "pobj" and o.lemma_.lower() in _THIRD_NOUNS for o in prep.children)
        for prep in verb.children
    )


def _hyphenated(span: Span) -> bool:
    """ "Norwegian-brokered": the name glued to a third party's participle."""
    doc = span.doc
    after = span.end + 1
    return after < len(doc) and doc[span.end].text == "-" and doc[after].lemma_.lower() in _THIRD_VERBS


def _movement(doc: Doc, m: Mention, actor: Actor, kb: Knowledge | None) -> str | None:
    """A key for a movement the knowledge files do not code, when the article calls it a rebel or
    armed group ("the Tamil Tiger rebels"): its own id stands for its country."""
    if kb is None or actor.type not in ("organization", "group"):
        return None
    if (m.sector or actor.sector) in NON_STATE_SECTORS:
        return m.actor_id  # the field codes it a rebel group with no one state ("INTREB")
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return None
    words_near = f"{span.text} {span.root.head.text}" if span.root.head.i >= span.end else span.text
    return m.actor_id if kb.sector_of(words_near) in NON_STATE_SECTORS else None


def _described_movements(
    doc: Doc, actors: Mapping[str, Actor], found: list[Mention], kb: Knowledge | None
) -> set[str]:
    """Organisations the knowledge files do not code that the article describes, once, as a rebel
    or armed movement: "Renamo, a former rebel movement", "the rebel movement Renamo"."""
    out: set[str] = set()
    if kb is None:
        return out
    for m in found:
        actor = actors.get(m.actor_id)
        if actor is None or actor.type not in ("organization", "group") or m.country:
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        nouns = [c for c in root.children if c.dep_ == "appos"]
        if root.dep_ in ("appos", "compound") and root.head.pos_ == "NOUN":
            nouns.append(root.head)  # "the rebel movement Renamo"
        for noun in nouns:
            words_of = " ".join(t.text for t in noun.subtree if t.i < noun.i or t.i == noun.i)
            if kb.sector_of(words_of) in NON_STATE_SECTORS:
                out.add(m.actor_id)
                break
    return out
