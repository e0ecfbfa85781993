"""Phrases that stand for the other side of the article's dyad: "his counterpart" when no person
of the other side is named.

"Umerov said his counterpart had brought no proposal": when the article names no person on the
other side, the counterpart is still the other main party (Russia), not nobody. The side is
read from the dyad (`parties.dyad`), so a state's own rebels are the other side of that state.
"""

from __future__ import annotations

from detente.knowledge.sides import side_key
from detente.records import ActorRef


def other_side(dyad: tuple[ActorRef, ActorRef] | None, owner: ActorRef) -> list[ActorRef] | None:
    """The dyad's party on the other side from `owner`, or None when `owner` is on neither side
    (a mediator's counterpart is nobody we can name) or the article has no clear dyad."""
    if dyad is None:
        return None
    mine = side_key(owner)
    sides = [side_key(d) for d in dyad]
    if mine not in sides or sides[0] == sides[1]:
        return None
    return [dyad[1] if sides[0] == mine else dyad[0]]
