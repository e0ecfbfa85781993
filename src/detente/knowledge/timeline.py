"""A story over time: what each report said of it when it was published, and where it stands now.

A meeting is announced ("due on Thursday"), held ("met on Thursday"), sometimes called off.
Each report is read as of its own publication: an "occurred" event dated after the day it
was published cannot have happened yet and is a plan; a "planned" event dated well before
its own report is a plan that date no longer holds (the day it was announced, or a plan
since moved), so its date does not place the story. The story's status is the latest
well-sourced one; a happening that was reported held stays held (a later "did not meet" is
a disagreement, not a new status). Reports disagree on the outcome only when reports of the
same time do: "will not meet" on the eve and "met" the day after are history, not a conflict.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from detente.records import Conflict, Event, EventStatus, Source, StatusReport

# When one report says several things of one happening, the firmer reading is its say.
_RANK: dict[str, int] = {"occurred": 3, "negated": 2, "planned": 1, "hypothetical": 0}
WELL_SOURCED = 0.6
"""Confidence from which one report alone is enough to set a story's status."""
_STALE_PLAN_DAYS = 1


@dataclass(frozen=True, slots=True)
class Say:
    """What one article said of a story: its status, with how strongly and when."""

    article_id: str
    published: str | None
    outlet: str | None
    status: EventStatus
    weight: float


def span(event: Event) -> tuple[dt.date, dt.date] | None:
    """The days an event's date can mean (a month is all its days, a year all of its)."""
    if not event.date:
        return None
    try:
        parts = [int(p) for p in event.date.split("-")]
        if len(parts) == 3:
            lo = dt.date(*parts)
            hi = dt.date.fromisoformat(event.date_end) if event.date_end else lo
            return lo, hi
        if len(parts) == 2:
            y, m = parts
            return dt.date(y, m, 1), dt.date(y, m, calendar.monthrange(y, m)[1])
        return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)
    except ValueError:
        return None


def published(src: Source) -> dt.date | None:
    """The day a report was published, if it says."""
    try:
        return dt.date.fromisoformat(src.published[:10]) if src.published else None
    except ValueError:
        return None


def as_reported(event: Event, src: Source) -> Event:
    """The event as its report could know it on the day it was published."""
    pub, days = published(src), span(event)
    if pub is None or days is None:
        return event
    if event.status == "occurred" and days[0] > pub:
        return dataclasses.replace(event, status="planned")  # not yet: it is due
    if event.status in ("planned", "hypothetical") and (pub - days[1]).days > _STALE_PLAN_DAYS:
        # "proposed last weekend the talks for Thursday": the date is not the meeting's
        return dataclasses.replace(event, date=None, date_end=None, date_precision=None, date_text=None)
    return event


def says(items: Sequence[tuple[Event, Source]]) -> list[Say]:
    """Each article's say on a story: its events' status, weighted by their confidence."""
    by_article: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    srcs: dict[str, Source] = {}
    for e, s in items:
        by_article[s.article_id][e.status] += e.confidence
        srcs[s.article_id] = s
    out = []
    for aid, weights in by_article.items():
        # "ready to discuss compromises at the talks", "proposed the talks": a hypothetical
        # mention does not outvote the same report's word that the talks are due or were held
        firm = {st: w for st, w in weights.items() if st != "hypothetical"} or weights
        status = max(firm, key=lambda st: (firm[st], _RANK.get(st, 0)))
        s = srcs[aid]
        out.append(Say(aid, s.published, s.outlet, status, weights[status]))  # type: ignore[arg-type]
    return sorted(out, key=lambda x: (x.published or "", x.article_id))


def history(said: Sequence[Say]) -> tuple[StatusReport, ...]:
    """The status each day's reports gave, oldest first (one entry per day and status)."""
    days: dict[tuple[str | None, str], list[str]] = {}
    for x in said:
        days.setdefault(((x.published or None) and x.published[:10], x.status), []).append(x.article_id)
    return tuple(
        StatusReport(status, day, tuple(aids))  # type: ignore[arg-type]
        for (day, status), aids in sorted(days.items(), key=lambda kv: (kv[0][0] or "", _RANK[kv[0][1]]))
    )


def latest_status(said: Sequence[Say], date: str | None) -> EventStatus:
    """The story's status: held once well reported held, else the newest well-sourced report's."""
    usable = [x for x in said if x.status != "hypothetical"] or list(said)
    if date:
        # after the day, "the planned talks" is a stale plan or a mention, not news of the outcome
        current = [x for x in usable if not (x.status == "planned" and (x.published or "") > date[:10])]
        usable = current or usable
    outlets: dict[str, set[str]] = defaultdict(set)
    for x in usable:
        outlets[x.status].add(x.outlet or x.article_id)
    well = [x for x in usable if x.weight >= WELL_SOURCED or len(outlets[x.status]) >= 2] or usable
    if any(x.status == "occurred" for x in well):
        return "occurred"
    newest = max(x.published or "" for x in well)
    return max((x.status for x in well if (x.published or "") == newest), key=lambda st: _RANK[st])


def outcome_conflict(said: Sequence[Say], date: str | None) -> Conflict | None:
    """ "Met" and "did not meet" from reports of the same time (both after the day, when dated)."""
    outcomes: dict[str, set[str]] = {}
    for x in said:
        if x.status not in ("occurred", "negated"):
            continue
        if date and (x.published or "") < date[:10]:
            continue  # "will not meet" on the eve is the story's history
        outcomes.setdefault(x.status, set()).add(x.article_id)
    if len(outcomes) < 2:
        return None
    total = sum(len(v) for v in outcomes.values())
    if sum(1 for v in outcomes.values() if len(v) >= 2 or len(v) * 3 >= total) < 2:
        return None
    return Conflict(
        "outcome", tuple({"value": v, "article_ids": sorted(a)} for v, a in sorted(outcomes.items()))
    )
