"""Position summaries: each party's rows of the position table aggregated by the database.

The position table groups positions by party (an actor, or a state for its officials and bodies)
and issue. Which party a position belongs to is worked out in Python (names, lexicons, merges),
but only once for each distinct (actor id, party, country, sector) — a few hundred in a large
store; the database then folds every position into its party's row with one pass of window
functions: the count, the reports, the latest stance, the stance it replaced and when, the
latest claim, and the reports read one way only (the briefing's stances). A 100,000-article store
returns a few hundred rows instead of 200,000 positions. Only the SQL text is here; each backend
runs it with its own placeholders.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

Who = tuple[str | None, str, str | None, str | None]
"""A position's (actor_id, party, country, sector): what its party key is worked out from."""


class PositionSummary(NamedTuple):
    """One party's position on one issue, aggregated over every position of the party."""

    key: str
    issue: str
    positions: int
    reports: int
    agreeing: int
    latest_id: int
    stance: str
    published: str | None
    actor_id: str | None
    party: str
    country: str | None
    sector: str | None
    condition: str | None
    previous: str | None
    changed: str | None
    claim: str | None
    clear_positions: int
    """Positions of the reports that read the party one way only on the issue."""
    clear_reports: int
    """Those reports."""
    first: int
    """Where the row's first position comes in reading order (the table's order among equals)."""
    whos: tuple[Who, ...] = ()
    """The stored parties the row gathers (to read its positions again)."""


_WHO = (
    "COALESCE(k.actor_id, '') = COALESCE(t.actor_id, '') AND k.party = t.party "
    "AND COALESCE(k.country, '') = COALESCE(t.country, '') AND COALESCE(k.sector, '') = COALESCE(t.sector, '')"
)


def whos_sql(issue: bool, mark: str) -> str:
    """The distinct parties of the stored positions (on one issue)."""
    where = f"WHERE issue = {mark} " if issue else ""
    return f"SELECT DISTINCT actor_id, party, country, sector FROM positions {where}"


def summary_sql(keys: int, issue: bool, mark: str) -> str:
    """The per-party summaries of `keys` (actor_id, party, country, sector, key) rows of
    parameters, then the issue when `issue`. The order of a party's positions is the table's:
    by publication date (undated as ''), sentence start, then storage order."""
    values = ", ".join([f"({', '.join([mark] * 5)})"] * keys)
    where = f"WHERE t.issue = {mark} " if issue else ""
    return f"""
WITH k (actor_id, party, country, sector, g) AS (VALUES {values}),
p AS (
    SELECT k.g, t.issue, t.id, t.article_id, t.stance, t.claim, t."condition", t.actor_id, t.party, t.country,
        t.sector, a.published,
        ROW_NUMBER() OVER w AS rn,
        ROW_NUMBER() OVER (ORDER BY a.published IS NULL, a.published, t.id) AS o,
        COUNT(*) OVER (PARTITION BY k.g, t.issue) AS n,
        LAST_VALUE(t.stance) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS ls
    FROM positions t JOIN articles a ON a.id = t.article_id JOIN k ON {_WHO} {where}
    WINDOW w AS (PARTITION BY k.g, t.issue
                 ORDER BY COALESCE(a.published, ''), t.start, a.published IS NULL, t.id)
),
per_article AS (
    SELECT g, issue, article_id, COUNT(*) AS c, COUNT(DISTINCT stance) AS s FROM p GROUP BY g, issue, article_id
),
clear AS (
    SELECT g, issue, SUM(c) AS c, COUNT(*) AS r FROM per_article WHERE s = 1 GROUP BY g, issue
),
agg AS (
    SELECT g, issue, MAX(n) AS n, COUNT(DISTINCT article_id) AS reports,
        COUNT(DISTINCT CASE WHEN stance = ls THEN article_id END) AS agreeing,
        MAX(CASE WHEN stance <> ls THEN rn END) AS diff,
        MAX(CASE WHEN claim IS NOT NULL AND claim <> '' THEN rn END) AS claimed, MIN(o) AS o
    FROM p GROUP BY g, issue
)
SELECT agg.g, agg.issue, agg.n, agg.reports, agg.agreeing, l.id, l.stance, l.published, l.actor_id, l.party,
    l.country, l.sector, l."condition", d.stance, c.published, cl.claim, COALESCE(clear.c, 0), COALESCE(clear.r, 0),
    agg.o
FROM agg
JOIN p l ON l.g = agg.g AND l.issue = agg.issue AND l.rn = agg.n
LEFT JOIN p d ON d.g = agg.g AND d.issue = agg.issue AND d.rn = agg.diff
LEFT JOIN p c ON c.g = agg.g AND c.issue = agg.issue AND c.rn = agg.diff + 1
LEFT JOIN p cl ON cl.g = agg.g AND cl.issue = agg.issue AND cl.rn = agg.claimed
LEFT JOIN clear ON clear.g = agg.g AND clear.issue = agg.issue
"""


def names_sql(keys: int, issue: bool, mark: str) -> str:
    """How many positions of each party row carry each name."""
    values = ", ".join([f"({', '.join([mark] * 5)})"] * keys)
    where = f"WHERE t.issue = {mark} " if issue else ""
    return (
        f"WITH k (actor_id, party, country, sector, g) AS (VALUES {values}) "
        f"SELECT k.g, t.issue, t.party, COUNT(*) FROM positions t JOIN k ON {_WHO} {where}"
        "GROUP BY k.g, t.issue, t.party"
    )


MAX_WHOS = 3000
"""More distinct parties than this (5 parameters each) and the table is built from digests."""


Summaries = tuple[list[PositionSummary], list[tuple[str, str, str, int]]]
"""The summaries, and (key, issue, name, positions) for the names each row's positions give its party."""


def summarise(
    rows: Callable[[str, Sequence[Any]], list[tuple[Any, ...]]],
    mark: str,
    key: Callable[[Who], str | None],
    issue: str | None,
) -> Summaries | None:
    """The summaries and name counts of each party row (`key` gives a stored party's row, None
    to leave it out), through `rows` (a backend's query runner); None when there are too many
    distinct parties for one query."""
    extra = [issue] if issue is not None else []
    whos: list[Who] = [(r[0], r[1], r[2], r[3]) for r in rows(whos_sql(issue is not None, mark), extra)]
    keyed = [(w, k) for w in whos if (k := key(w)) is not None]
    if len(keyed) > MAX_WHOS:
        return None
    if not keyed:
        return [], []
    args = [x for w, k in keyed for x in (*w, k)] + extra
    members: dict[str, list[Who]] = {}
    for w, k in keyed:
        members.setdefault(k, []).append(w)
    found = [
        PositionSummary._make((*r, tuple(members[r[0]])))
        for r in rows(summary_sql(len(keyed), issue is not None, mark), args)
    ]
    names = [
        (r[0], r[1], r[2], int(r[3])) for r in rows(names_sql(len(keyed), issue is not None, mark), args)
    ]
    return found, names
