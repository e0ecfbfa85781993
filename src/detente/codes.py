"""The code vocabulary every stage shares: PLOVER types, actor codes and sectors, actor ids.

One definition of each, so that "an international body, not a state" or "a state's own organ"
means the same thing in extraction, stories, views and evaluation.
"""

from __future__ import annotations

from typing import TypeGuard

PLOVER_TYPES = frozenset(
    "AGREE CONSULT SUPPORT CONCEDE COOPERATE AID RETREAT REQUEST ACCUSE REJECT THREATEN PROTEST "
    "SANCTION MOBILIZE COERCE ASSAULT".split()
)
"""The sixteen PLOVER event types."""

TWO_SIDED = frozenset({"CONSULT", "AGREE", "COOPERATE", "RETREAT", "SUPPORT"})
"""Types whose parties act together, so "A met B" and "B met A" are one happening."""

INTERNATIONAL = frozenset({"IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC"})
"""Actor codes in the country slot that stand for no state (CAMEO's international codes)."""

NON_STATE = frozenset({"IGO", "UNO", "EUR", "NGO"})
"""The international codes the knowledge files give bodies; a party coded so is no state's side."""

SHARED_CODES = frozenset({"IGO", "NGO"})
"""Generic codes that many bodies share: such a code identifies none of them."""

OWN_CODES = NON_STATE - SHARED_CODES
"""International bodies with a code of their own ("the EU", "the UN"), named as a country is."""

STATE_SECTORS = frozenset({"GOV", "MIL", "JUD", "LEG", "SPY", "COP", "PTY"})
"""Sectors of a state's organs and office holders: such an organisation belongs to a state."""

STATE_VOICE_SECTORS = frozenset({"GOV", "MIL", "SPY", "LEG"})
"""Sectors whose stances are the state's own (a party or a court speaks for itself)."""

COUNTRY_PREFIX = "country:"


def is_state_code(code: str | None) -> TypeGuard[str]:
    """True for an ISO-3 country code, false for none and for the international codes."""
    return bool(code) and code not in NON_STATE


def country_id(code: str) -> str:
    """The actor id of the country with ISO-3 `code` ("UKR" → "country:ukr")."""
    return COUNTRY_PREFIX + code.lower()


def is_country_id(actor_id: str | None) -> bool:
    """True for the id of a country actor."""
    return (actor_id or "").startswith(COUNTRY_PREFIX)


def id_kind(actor_id: str | None) -> str | None:
    """The actor type an id names ("group:hamas" → "group"), or None."""
    if not actor_id or ":" not in actor_id:
        return None
    return actor_id.split(":", 1)[0]
