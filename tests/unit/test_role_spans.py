"""An actor page's roles: one line per title and affiliation, with its first and last report."""

from __future__ import annotations

from detente.report.views import HeldRole
from detente.web.data import role_spans


def held(role: str, aff: str | None, day: str | None, art: str) -> HeldRole:
    return HeldRole(role, aff, day, "The Courier", None, art, 10, 40)


def test_the_same_title_under_the_same_affiliation_is_one_line() -> None:
    roles = [
        held("Defence Minister", "Ukraine", "2025-05-16", "a3"),
        held("defence minister", "Ukraine", "2025-02-01", "a1"),
        held("Defence Minister", "Ukraine", None, "a9"),
        held("head of the delegation", "Ukraine", "2025-05-15", "a2"),
        held("Defence Minister", None, "2025-03-01", "a4"),
    ]
    spans = role_spans(roles)
    assert [(s.role, s.affiliation, s.reports) for s in spans] == [
        ("Defence Minister", "Ukraine", 3),
        ("Defence Minister", None, 1),
        ("head of the delegation", "Ukraine", 1),
    ]
    minister = spans[0]
    assert (minister.first, minister.last) == ("2025-02-01", "2025-05-16")
    assert minister.cite.article_id == "a3"  # the newest dated report is cited


def test_no_roles_no_lines() -> None:
    assert role_spans([]) == []
