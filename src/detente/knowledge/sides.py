"""Which side of a conflict a party is on: a state, or a non-state group of that state.

A state's officials, bodies and delegations are its side ("Zelensky", "Kyiv" and "the
Ukrainian delegation" are all UKR), but a rebel or paramilitary group, an armed opposition
or any `group:` actor is a side of its own even though it carries its state's country code:
the ELN is not Colombia, the RSF is not Sudan. Stories, the position table and the briefing
ask this module, so that the two sides of a civil conflict stay two everywhere.
"""

from __future__ import annotations

from detente.codes import SHARED_CODES, id_kind
from detente.lexicon.names import fold
from detente.records import ActorRef

NON_STATE_SECTORS = frozenset({"REB", "PRM", "INS", "SEP", "OPP", "UAF"})
"""Sectors of armed or political movements that face their own state (CAMEO's non-state codes)."""


def non_state(ref: ActorRef) -> bool:
    """Whether a party is a non-state group (or one of its members), not its country's state."""
    return id_kind(ref.actor_id) == "group" or ref.sector in NON_STATE_SECTORS


def own_key(ref: ActorRef) -> str:
    """The party itself: its actor, else its folded name."""
    return ref.actor_id or fold(ref.name) or "-"


def side_key(ref: ActorRef | None) -> str:
    """The side a party is on: its state's code, or the group itself when it is a non-state group."""
    if ref is None:
        return "-"
    if non_state(ref):
        if ref.actor_id:
            return ref.actor_id
        # "the rebels" unnamed: the country's rebels, apart from its state
        return f"{ref.country}/{ref.sector}" if ref.country and ref.sector else own_key(ref)
    if ref.country and ref.country not in SHARED_CODES:
        return ref.country
    return own_key(ref)


def event_sides(source: ActorRef | None, target: ActorRef | None) -> tuple[str, str]:
    """The sides of one event's two parties. When both fall on one side (Kiir meets Machar,
    both South Sudanese officials) each keeps its own id: an event has two sides, not one."""
    a, b = side_key(source), side_key(target)
    if (
        a == b
        and a != "-"
        and source is not None
        and target is not None
        and own_key(source) != own_key(target)
    ):
        return own_key(source), own_key(target)
    return a, b
