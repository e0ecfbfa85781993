"""People's roles: which wordings read as offices, judged once per wording (no model)."""

from __future__ import annotations

from detente.records import Source
from detente.report.people import _offices
from detente.store.digests import RoleDigest


def _role(text: str, start: int) -> tuple[RoleDigest, Source]:
    role = RoleDigest("a1", "Ana Ruiz", "p:ana-ruiz", text, "ES", "Ana Ruiz, …", start, start + 5)
    return role, Source("a1", "2024-03-01", "Daily", None, None)


def test_offices_keep_each_report_and_strip_another_persons_name() -> None:
    roles = [
        _role("Foreign Minister", 0),
        _role("Lopez Foreign Minister", 10),  # another person's name leads: dropped from the role
        _role("Foreign Minister", 20),  # the same wording again: kept again, with its own report
        _role("Special Envoy to", 30),  # cut before its object: no office
        _role("Lopez and other officials", 40),  # a list of officials: no office
    ]
    kept = _offices(roles, {"lopez"})
    assert [(r.role, r.start) for r, _ in kept] == [
        ("Foreign Minister", 0),
        ("Foreign Minister", 10),
        ("Foreign Minister", 20),
    ]
    assert kept[0][0] is roles[0][0]  # a role read as it stands is not copied


def test_offices_judge_a_wording_against_this_persons_others() -> None:
    roles = [_role("Chief Negotiator Lopez", 0)]
    assert _offices(roles, {"lopez"}) == []  # names another person
    assert [r.role for r, _ in _offices(roles, {"garcia"})] == ["Chief Negotiator Lopez"]
