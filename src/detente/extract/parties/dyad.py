"""The article's two main parties: the two sides "the two sides" and unnamed talks stand for.

They are the two most often named countries or groups (at least twice each), one per state
— a rebel group and its own state are two sides (DRC and M23) — leaving out people,
journalists, international bodies and a country named only as where something happens.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from detente.codes import NON_STATE, is_country_id
from detente.lexicon.words import words
from detente.records import Actor, ActorRef, Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc

_PLACE_PREPS = words("parties.place_preps")


def main_dyad(
    doc: Doc, actors: Mapping[str, Actor], mentions: Iterable[Mention]
) -> tuple[ActorRef, ActorRef] | None:
    """The article's two main parties, most named first, or None when it has no two."""
    counts: Counter[str] = Counter()
    first: dict[str, Mention] = {}
    for m in mentions:
        actor = actors.get(m.actor_id)
        if actor is None or actor.type == "person" or not m.country or (m.sector or actor.sector) in ("JRN",):
            continue
        if m.country in NON_STATE or _as_place(doc, m):
            continue
        key = m.country if actor.type == "country" else m.actor_id
        counts[key] += 1
        first.setdefault(key, m)
    ranked = [k for k, n in counts.most_common() if n >= 2]
    picked: list[ActorRef] = []
    for key in ranked:
        m = first[key]
        actor = actors[m.actor_id]
        # One side per state — but a rebel group and its own state are two sides (DRC and M23).
        if any(
            p.country == m.country and (actor.type != "group") == is_country_id(p.actor_id) for p in picked
        ):
            continue
        picked.append(
            ActorRef(
                actor_id=m.actor_id if actor.type != "country" else actor.id,
                name=actor.name,
                country=m.country,
                sector=None,
            )
        )
        if len(picked) == 2:
            return picked[0], picked[1]
    return None


def _as_place(doc: Doc, m: Mention) -> bool:
    """A country or capital named as where something happens ("talks in Pretoria") is no party."""
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    return root.dep_ == "pobj" and root.head.lower_ in _PLACE_PREPS
