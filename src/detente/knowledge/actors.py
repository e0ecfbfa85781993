"""When two stored actors are one: the cross-article link policy, free of any storage backend.

A backend finds the candidates (actors of the same type whose transliteration keys match) and
applies the links this module decides; every backend thus merges the same way. The policy is
conservative: a surname-only person joins the one full name with that surname; spellings of
one full name join when their given names are compatible and their countries agree; an
organisation or group joins the one other spelling of its name; a user's split always wins.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from detente.lexicon.names import fold, given_compatible, surname, translit_key
from detente.records import Actor

SplitCheck = Callable[[str, str], bool]
"""True when the user split these two actor ids apart."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """A canonical stored actor that may be another spelling of a new one."""

    id: str
    name: str
    country: str | None
    wikidata: str | None = None


@dataclass(frozen=True, slots=True)
class Link:
    """`from_id` stands for `to_id` from now on; `reason` says which rule decided it."""

    from_id: str
    to_id: str
    reason: str


def candidate_key(actor: Actor) -> tuple[str, str]:
    """Which stored actors to offer as candidates: ("surname_key", key) for people, else ("name_key", key)."""
    if actor.type == "person":
        return "surname_key", translit_key(surname(actor.name))
    return "name_key", translit_key(actor.name)


def links_for(actor: Actor, candidates: Sequence[Candidate], split: SplitCheck) -> list[Link]:
    """The redirects a newly stored `actor` calls for, given the live candidates of its key."""
    if actor.type == "person":
        return _person_links(actor, candidates, split)
    same = [
        c for c in candidates
        if c.id != actor.id and (not actor.country or not c.country or c.country == actor.country)
    ]  # fmt: skip
    if len(same) == 1 and not split(actor.id, same[0].id):
        return [Link(actor.id, same[0].id, "spelling")]
    return []


def _person_links(actor: Actor, candidates: Sequence[Candidate], split: SplitCheck) -> list[Link]:
    rows = [c for c in candidates if c.id != actor.id and not split(actor.id, c.id)]
    full = [c for c in rows if len(fold(c.name).split()) > 1]
    if len(fold(actor.name).split()) == 1:  # a bare surname joins the one full name it can be
        return [Link(actor.id, full[0].id, "surname")] if len(full) == 1 else []
    links = []
    if not full:  # surname-only actors seen before now join this full name
        links = [Link(c.id, actor.id, "surname") for c in rows if len(fold(c.name).split()) == 1]
    same = [
        c for c in full
        if given_compatible(actor.name, c.name) and (not actor.country or not c.country or actor.country == c.country)
    ]  # fmt: skip
    if len(same) == 1:
        other = same[0]
        # The spelling that carries a Wikidata id is the better canonical name.
        if actor.wikidata and not other.wikidata:
            links.append(Link(other.id, actor.id, "spelling"))
        else:
            links.append(Link(actor.id, other.id, "spelling"))
    return links
