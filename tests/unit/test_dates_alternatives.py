"""Two weekdays joined by "or" are a span of both days ("due on Thursday or Friday")."""

from __future__ import annotations

import datetime as dt

from detente.extract.dates import resolve_date

THURSDAY = dt.date(2025, 5, 15)


def test_either_of_two_days_ahead_is_a_span_of_both() -> None:
    got = resolve_date("Thursday or Friday", THURSDAY, planned=True)
    assert got is not None and (got.date, got.date_end, got.precision) == (
        "2025-05-15",
        "2025-05-16",
        "range",
    )


def test_either_of_two_past_days_is_a_span_of_both() -> None:
    got = resolve_date("Monday or Tuesday", THURSDAY)
    assert got is not None and (got.date, got.date_end) == ("2025-05-12", "2025-05-13")


def test_days_that_do_not_follow_each_other_keep_the_first() -> None:
    got = resolve_date("Thursday or Friday", THURSDAY)  # not planned: Friday reads as last week's
    assert got is not None and (got.date, got.date_end) == ("2025-05-15", None)
