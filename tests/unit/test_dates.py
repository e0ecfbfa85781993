"""Date resolution against the publication date (no model needed)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from detente.extract.dates import DateValue, resolve_date

THU = dt.date(2025, 5, 15)
SAT = dt.date(2025, 5, 17)
SUN = dt.date(2025, 5, 18)
MON = dt.date(2025, 5, 19)
NEW_YEAR = dt.date(2025, 1, 2)  # a Thursday just after the turn of the year
YEAR_END = dt.date(2024, 12, 30)  # a Monday whose week runs into the next year

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def got(expr: str, p: dt.date | None, planned: bool = False) -> tuple[str, str | None, str] | None:
    value = resolve_date(expr, p, planned=planned)
    return None if value is None else (value.date, value.date_end, value.precision)


def day(iso: str) -> tuple[str, None, str]:
    return (iso, None, "day")


def span(a: str, b: str) -> tuple[str, str, str]:
    return (a, b, "range")


@pytest.mark.parametrize(
    ("expr", "p", "planned", "want"),
    [
        ("May 16, 2025", THU, False, day("2025-05-16")),
        ("16 May 2025", THU, False, day("2025-05-16")),
        ("Saturday 19 July 2025", THU, False, day("2025-07-19")),
        ("2025-05-16", THU, False, day("2025-05-16")),
        ("27/6/2025", THU, False, day("2025-06-27")),
        ("May 16", THU, True, day("2025-05-16")),
        # The most recent 16 May is a year back: too far, the coming one is meant.
        ("May 16", THU, False, day("2025-05-16")),
        ("16 May", THU, False, day("2025-05-16")),
        ("on 15 May", THU, False, day("2025-05-15")),
        ("the 16th of May", THU, False, day("2025-05-16")),
        ("Sept. 3", THU, True, day("2025-09-03")),
        ("Jul 23", dt.date(2025, 7, 24), False, day("2025-07-23")),
        ("April 20", THU, False, day("2025-04-20")),
        ("June 2", THU, True, day("2025-06-02")),
        ("December 28", NEW_YEAR, False, day("2024-12-28")),
        ("January 10", NEW_YEAR, False, day("2025-01-10")),
        ("May 8", THU, True, day("2025-05-08")),
        ("Thursday (May 15)", THU, False, day("2025-05-15")),
        ("the morning of May 15", dt.date(2025, 5, 16), False, day("2025-05-15")),
        ("today, March 29", dt.date(2022, 3, 29), False, day("2022-03-29")),
        ("March 2022", THU, False, ("2022-03", None, "month")),
        ("December 2024", THU, False, ("2024-12", None, "month")),
        ("in March", THU, False, ("2025-03", None, "month")),
        ("in December", NEW_YEAR, False, ("2024-12", None, "month")),
        ("in July", THU, True, ("2025-07", None, "month")),
        ("last May", THU, False, ("2024-05", None, "month")),
        ("next May", THU, True, ("2026-05", None, "month")),
        ("mid-May", THU, False, ("2025-05", None, "month")),
        ("late July", THU, True, ("2025-07", None, "month")),
        ("late July", dt.date(2025, 8, 10), False, ("2025-07", None, "month")),
        ("the end of August", dt.date(2025, 7, 23), True, ("2025-08", None, "month")),
        ("by the end of August", dt.date(2025, 7, 23), True, ("2025-08", None, "month")),
        ("2022", THU, False, ("2022", None, "year")),
        ("in 2022", THU, False, ("2022", None, "year")),
        ("mid-2024", THU, False, ("2024", None, "year")),
        ("May 14-15", THU, True, span("2025-05-14", "2025-05-15")),
        ("May 14-15", THU, False, span("2025-05-14", "2025-05-15")),
        ("14–15 May", THU, False, span("2025-05-14", "2025-05-15")),
        ("May 14 to 15", THU, False, span("2025-05-14", "2025-05-15")),
        ("May 16 and 17", THU, True, span("2025-05-16", "2025-05-17")),
        ("between 23 and 25 May", THU, True, span("2025-05-23", "2025-05-25")),
        ("May 30 - June 2, 2025", THU, True, span("2025-05-30", "2025-06-02")),
        ("30 December – 2 January", NEW_YEAR, False, span("2024-12-30", "2025-01-02")),
        # Two full dates joined by "and" are two days, not a range: the first is read.
        ("16 May and 17 June", THU, True, day("2025-05-16")),
    ],
)
def test_absolute_dates(expr: str, p: dt.date, planned: bool, want: tuple[str, str | None, str]) -> None:
    assert got(expr, p, planned) == want


@pytest.mark.parametrize(
    ("expr", "p", "planned", "want"),
    [
        ("Thursday", THU, False, "2025-05-15"),
        ("Thursday", THU, True, "2025-05-15"),
        ("on Thursday", THU, False, "2025-05-15"),
        ("Thursday morning", THU, False, "2025-05-15"),
        ("Thursday night", THU, True, "2025-05-15"),
        ("Friday", THU, False, "2025-05-09"),
        ("Friday", THU, True, "2025-05-16"),
        ("Wednesday evening", THU, False, "2025-05-14"),
        ("Wednesday", THU, True, "2025-05-21"),
        ("last Thursday", THU, False, "2025-05-08"),
        ("last Wednesday", THU, False, "2025-05-14"),
        ("next Thursday", THU, True, "2025-05-22"),
        ("next Friday", THU, True, "2025-05-16"),
        ("this Friday", THU, True, "2025-05-16"),
        ("this Tuesday", THU, False, "2025-05-13"),
        ("Sunday", SUN, False, "2025-05-18"),
        ("Sunday", SUN, True, "2025-05-18"),
        ("Saturday", SUN, False, "2025-05-17"),
        ("Saturday", SUN, True, "2025-05-24"),
        ("Monday", SUN, True, "2025-05-19"),
        ("Sunday", MON, False, "2025-05-18"),
        ("Monday", MON, True, "2025-05-19"),
        ("Monday", MON, False, "2025-05-19"),
        ("Friday", NEW_YEAR, False, "2024-12-27"),
    ],
)
def test_weekdays(expr: str, p: dt.date, planned: bool, want: str) -> None:
    assert got(expr, p, planned) == day(want)


@pytest.mark.parametrize(
    ("expr", "p", "want"),
    [
        ("today", THU, day("2025-05-15")),
        ("Today", THU, day("2025-05-15")),
        ("tonight", THU, day("2025-05-15")),
        ("this morning", THU, day("2025-05-15")),
        ("earlier in the day", THU, day("2025-05-15")),
        ("earlier today", THU, day("2025-05-15")),
        ("overnight", THU, day("2025-05-15")),
        ("yesterday", THU, day("2025-05-14")),
        ("last night", THU, day("2025-05-14")),
        ("the day before", THU, day("2025-05-14")),
        ("tomorrow", THU, day("2025-05-16")),
        ("tomorrow", dt.date(2024, 12, 31), day("2025-01-01")),
        ("two days ago", THU, day("2025-05-13")),
        ("a week ago", THU, day("2025-05-08")),
        ("three weeks ago", THU, day("2025-04-24")),
        ("a month ago", THU, ("2025-04", None, "month")),
        ("two years ago", THU, ("2023", None, "year")),
        ("last week", THU, span("2025-05-05", "2025-05-11")),
        ("this week", THU, span("2025-05-12", "2025-05-18")),
        ("next week", THU, span("2025-05-19", "2025-05-25")),
        ("next week", YEAR_END, span("2025-01-06", "2025-01-12")),
        ("this week", YEAR_END, span("2024-12-30", "2025-01-05")),
        ("last week", NEW_YEAR, span("2024-12-23", "2024-12-29")),
        ("last weekend", THU, span("2025-05-10", "2025-05-11")),
        ("last weekend", SAT, span("2025-05-10", "2025-05-11")),
        ("last weekend", SUN, span("2025-05-10", "2025-05-11")),
        ("last weekend", MON, span("2025-05-17", "2025-05-18")),
        ("this past weekend", MON, span("2025-05-17", "2025-05-18")),
        ("this weekend", THU, span("2025-05-17", "2025-05-18")),
        ("the weekend", THU, span("2025-05-10", "2025-05-11")),
        ("the weekend", SUN, span("2025-05-17", "2025-05-18")),
        ("earlier this month", THU, ("2025-05", None, "month")),
        ("this month", THU, ("2025-05", None, "month")),
        ("last month", THU, ("2025-04", None, "month")),
        ("next month", THU, ("2025-06", None, "month")),
        ("last month", NEW_YEAR, ("2024-12", None, "month")),
        ("next month", YEAR_END, ("2025-01", None, "month")),
        ("earlier this year", THU, ("2025", None, "year")),
        ("this year", NEW_YEAR, ("2025", None, "year")),
        ("last year", NEW_YEAR, ("2024", None, "year")),
        ("next year", THU, ("2026", None, "year")),
        ("by the end of the year", THU, ("2025", None, "year")),
        ("Thursday last week", THU, day("2025-05-08")),
        ("Monday next week", THU, day("2025-05-19")),
    ],
)
def test_relative_expressions(expr: str, p: dt.date, want: tuple[str, str | None, str]) -> None:
    assert got(expr, p) == want


def test_planned_weekend_is_the_coming_one() -> None:
    assert got("the weekend", THU, planned=True) == span("2025-05-17", "2025-05-18")
    assert got("next weekend", THU, planned=True) == span("2025-05-24", "2025-05-25")


@pytest.mark.parametrize(
    "expr",
    [
        "in the coming days",
        "soon",
        "recently",
        "three years",
        "24 hours",
        "a month-long occupation",
        "two-year",
        "15 months",
        "the past three years",
        "over the last year",
        "42-day",
        "the 1990s",
        "decades",
        "talks may resume",
        "",
        "   ",
    ],
)
def test_durations_and_vague_expressions_are_not_dates(expr: str) -> None:
    assert resolve_date(expr, THU) is None
    assert resolve_date(expr, THU, planned=True) is None


@pytest.mark.parametrize(
    ("expr", "want"),
    [
        ("May 16, 2025", day("2025-05-16")),
        ("16 May 2025", day("2025-05-16")),
        ("2025-05-16", day("2025-05-16")),
        ("March 2022", ("2022-03", None, "month")),
        ("2022", ("2022", None, "year")),
        ("May 14-15, 2025", span("2025-05-14", "2025-05-15")),
        ("30 December - 2 January 2025", span("2024-12-30", "2025-01-02")),
    ],
)
def test_without_publication_absolute_dates_resolve(expr: str, want: tuple[str, str | None, str]) -> None:
    assert got(expr, None) == want


@pytest.mark.parametrize(
    "expr",
    ["May 16", "on 15 May", "in March", "May 14-15", "Thursday", "last Thursday", "yesterday", "today",
     "last week", "last weekend", "earlier this month", "last year", "two days ago"],
)  # fmt: skip
def test_without_publication_relative_dates_do_not_resolve(expr: str) -> None:
    assert resolve_date(expr, None) is None
    assert resolve_date(expr, None, planned=True) is None


def test_impossible_days_fall_back_to_what_is_certain() -> None:
    assert got("February 30", THU) == ("2025-02", None, "month")
    assert got("2025-02-30", THU) == ("2025", None, "year")
    assert got("February 29", dt.date(2024, 3, 1)) == day("2024-02-29")


def test_value_keeps_the_expression_as_written() -> None:
    assert resolve_date("  on Thursday ", THU) == DateValue("2025-05-15", None, "day", "on Thursday")


@given(
    p=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2035, 12, 31)),
    index=st.integers(min_value=0, max_value=6),
    planned=st.booleans(),
)
def test_weekday_lands_within_a_week_on_the_right_side(p: dt.date, index: int, planned: bool) -> None:
    value = resolve_date(WEEKDAYS[index], p, planned=planned)
    assert value is not None and value.precision == "day" and value.date_end is None
    d = dt.date.fromisoformat(value.date)
    assert d.weekday() == index
    gap = (d - p).days if planned else (p - d).days
    assert 0 <= gap <= 6
