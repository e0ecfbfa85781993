"""The dyad's other side for "his counterpart" when no person on the other side is named."""

from __future__ import annotations

from detente.extract.parties.dyad_refs import other_side
from detente.records import ActorRef

RUS = ActorRef("country:rus", "Russia", "RUS", None)
UKR = ActorRef("country:ukr", "Ukraine", "UKR", None)
COL = ActorRef("country:col", "Colombia", "COL", None)
ELN = ActorRef("group:eln", "ELN", "COL", "REB")
UMEROV = ActorRef("person:rustem-umerov", "Umerov", "UKR", "GOV")
PETRO = ActorRef("person:gustavo-petro", "Petro", "COL", "GOV")
ERDOGAN = ActorRef("person:recep-tayyip-erdogan", "Erdogan", "TUR", "GOV")


def test_a_delegate_s_counterpart_is_the_other_state() -> None:
    assert other_side((RUS, UKR), UMEROV) == [RUS]


def test_a_government_s_counterpart_is_its_own_rebels() -> None:
    assert other_side((COL, ELN), PETRO) == [ELN]
    assert other_side((COL, ELN), ELN) == [COL]


def test_a_mediator_or_no_dyad_has_no_counterpart_side() -> None:
    assert other_side((RUS, UKR), ERDOGAN) is None
    assert other_side(None, UMEROV) is None
