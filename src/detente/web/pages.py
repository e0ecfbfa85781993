"""The HTML pages: a few lines each, over `Reader` and the report library."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from detente.errors import ConfigError, StoreError
from detente.ingest.normalize import iso_date
from detente.report.briefing import Scope
from detente.web.app import NotFound, render
from detente.web.data import Reader, check_date, in_dates

router = APIRouter()
T = TypeVar("T")
PAGE = 100
STANCES = ("support", "conditional", "oppose")


def reader_of(request: Request) -> Reader:
    """The app's store reader (one per app, made at start-up)."""
    reader: Reader = request.app.state.reader
    return reader


def scope_of(
    reader: Reader, query: str | None, actor: str | None, since: str | None, until: str | None
) -> Scope:
    """The briefing scope of the filters, checked as `detente brief` checks its options."""
    for name, value in (("since", since), ("until", until)):
        if value and iso_date(value) is None:
            raise ConfigError(f"{name}={value!r} is not a date", fix="write it as YYYY-MM-DD")
    if actor:
        try:
            reader.find_actor(actor)
        except StoreError as exc:
            raise NotFound(f"no actor named '{actor}' is stored") from exc
    return Scope(
        query=query or None,
        actor=actor or None,
        since=iso_date(since) if since else None,
        until=iso_date(until) if until else None,
    )


def page_of(items: list[T], offset: int, limit: int = PAGE) -> tuple[list[T], dict[str, int]]:
    """One page of a list and where it sits (for the previous/next links)."""
    return items[offset : offset + limit], {"offset": offset, "limit": limit, "total": len(items)}


@router.get("/", response_class=HTMLResponse)
def brief(
    request: Request,
    query: str | None = None,
    actor: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> HTMLResponse:
    """The briefing: the sections and citations of `detente brief`, each citation one click from its sentence."""
    reader = reader_of(request)
    briefing = reader.briefing(scope_of(reader, query, actor, since, until))
    by_n = {c.n: c for c in briefing.citations}
    return render(request, "brief.html", brief=briefing, by_n=by_n)


@router.get("/stories", response_class=HTMLResponse)
def stories(
    request: Request,
    type: str | None = None,
    status: str | None = None,
    party: str | None = None,
    since: str | None = None,
    until: str | None = None,
    offset: int = Query(0, ge=0),
) -> HTMLResponse:
    """Story events by date, filtered by type, status, party and date."""
    from detente.lexicon.names import fold
    from detente.report.phrases import story_sentence

    since, until = check_date("since", since), check_date("until", until)
    if not (type or status or party or since or until):  # the whole list: one page read
        total, first, types = reader_of(request).story_page(offset, PAGE)
        page = {"offset": offset, "limit": PAGE, "total": total}
        return render(
            request, "stories.html", rows=[(s, story_sentence(s)) for s in first], page=page, types=types
        )
    everything = reader_of(request).stories()
    rows = [
        s
        for s in everything
        if (not type or s.type == type.upper())
        and (not status or s.status == status)
        and (not party or any(fold(party) in fold(p.name) for p in s.parties))
        and in_dates(s.date, since, until)
    ]
    shown, page = page_of(rows, offset)
    types = sorted({s.type for s in everything})
    return render(
        request, "stories.html", rows=[(s, story_sentence(s)) for s in shown], page=page, types=types
    )


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story(request: Request, story_id: str) -> HTMLResponse:
    """One story: its reports (each cited), the conflicts between them, its status over time."""
    view = reader_of(request).story(story_id)
    if view is None:
        raise NotFound(f"no story with id '{story_id}' is stored")
    return render(request, "story.html", view=view)


@router.get("/actors", response_class=HTMLResponse)
def actors(
    request: Request, q: str | None = None, type: str | None = None, offset: int = Query(0, ge=0)
) -> HTMLResponse:
    """Canonical actors, most mentioned first, by name or alias."""
    infos = [i for i in reader_of(request).actors(q) if not type or i.actor.type == type]
    shown, page = page_of(infos, offset)
    return render(request, "actors.html", rows=shown, page=page)


@router.get("/actors/{actor_id:path}", response_class=HTMLResponse)
def actor(request: Request, actor_id: str) -> HTMLResponse:
    """One actor: aliases, roles over time, events, quotes and positions, each cited."""
    view = reader_of(request).actor(actor_id)
    if view is None:
        raise NotFound(f"no actor with id '{actor_id}' is stored")
    return render(request, "actor.html", view=view)


@router.get("/positions", response_class=HTMLResponse)
def positions(request: Request, issue: str | None = None, party: str | None = None) -> HTMLResponse:
    """The party × issue matrix: latest stance, reports agreeing, and each stance's history."""
    reader = reader_of(request)
    slugs = [i.slug for i in reader.taxonomy.issues] + ["other"]
    if issue and issue not in slugs:
        raise NotFound(f"no issue '{issue}' in the taxonomy (issues: {', '.join(slugs)})")
    rows = reader.positions(issue, party)
    issues = [s for s in slugs if any(r.issue == s for r in rows)]
    parties: dict[str, dict[str, Any]] = {}
    for r in rows:
        parties.setdefault(r.party, {})[r.issue] = r
    order = sorted(parties, key=lambda p: (-sum(c.reports for c in parties[p].values()), p))
    labels = {i.slug: i.label for i in reader.taxonomy.issues}
    return render(
        request,
        "positions.html",
        issues=issues,
        labels=labels,
        parties=[(p, parties[p]) for p in order],
        all_issues=slugs,
    )


@router.get("/quotes", response_class=HTMLResponse)
def quotes(
    request: Request,
    speaker: str | None = None,
    issue: str | None = None,
    since: str | None = None,
    until: str | None = None,
    q: str | None = None,
    direct: bool = False,
    offset: int = Query(0, ge=0),
) -> HTMLResponse:
    """Who said what, newest first, by speaker, issue, words and date."""
    reader = reader_of(request)
    since, until = check_date("since", since), check_date("until", until)
    if not (speaker or issue or since or until or q or direct):  # the whole list: one page read
        total, shown = reader.quote_page(offset, PAGE)
        page = {"offset": offset, "limit": PAGE, "total": total}
    else:
        shown, page = page_of(reader.quotes(speaker, issue, since, until, q, direct), offset)
    return render(
        request, "quotes.html", rows=shown, page=page, issues=[i.slug for i in reader.taxonomy.issues]
    )


@router.get("/changes", response_class=HTMLResponse)
def changes(
    request: Request, since: str | None = None, kind: str | None = None, offset: int = Query(0, ge=0)
) -> HTMLResponse:
    """What `detente watch` found changed (new and changed stories, stances, conflicts, roles), newest first."""
    from detente.knowledge.changes import KINDS

    if kind and kind not in KINDS:
        raise ConfigError(f"unknown alert kind '{kind}'", fix=f"use one of: {', '.join(KINDS)}")
    rows = reader_of(request).alerts(check_date("since", since), (kind,) if kind else ())
    shown, page = page_of(rows, offset)
    return render(request, "changes.html", rows=shown, page=page, kinds=KINDS)


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, q: str = "", limit: int = Query(50, ge=1, le=500)) -> HTMLResponse:
    """Full-text search over the articles, with the matching words marked in each snippet."""
    hits = reader_of(request).search(q, limit) if q.strip() else []
    return render(request, "search.html", hits=[(h, _snippet(h.snippet)) for h in hits], q=q)


def _snippet(text: str) -> list[tuple[bool, str]]:
    """The store's snippet as (marked?, words) pieces: the matches sit between '**' pairs."""
    pieces = text.split("**")
    return [(i % 2 == 1, piece) for i, piece in enumerate(pieces) if piece]


@router.get("/articles/{article_id:path}", response_class=HTMLResponse)
def article(request: Request, article_id: str, mark: str | None = None) -> HTMLResponse:
    """An article with the cited sentence marked and every fact read from it beside the text."""
    view = reader_of(request).article(article_id, mark)
    if view is None:
        raise NotFound(f"no article with id '{article_id}' is stored")
    return render(request, "article.html", view=view, facts=view.facts)


@router.get("/timeline", response_class=HTMLResponse)
def timeline(
    request: Request,
    query: str | None = None,
    actor: str | None = None,
    since: str | None = None,
    until: str | None = None,
    type: str | None = None,
    status: str | None = None,
    offset: int = Query(0, ge=0),
) -> HTMLResponse:
    """Story events by date as a chart (each dot links to its story) and a list."""
    reader = reader_of(request)
    scope = scope_of(reader, query, actor, None, until)
    start = iso_date(since) if since else None
    if since and start is None:
        raise ConfigError(f"since={since!r} is not a date", fix="write it as YYYY-MM-DD")
    points = [
        p
        for p in reader.briefing(scope).timeline
        if (not start or (p["date"] or "") >= start)
        and (not type or p["type"] == type.upper())
        and (not status or p["status"] == status)
    ]
    all_types = sorted({p["type"] for p in reader.briefing(scope).timeline})
    rows, page = page_of(points, offset)
    drawn = reader.cached(("chart", scope, start, type, status), lambda _: chart(points))
    return render(request, "timeline.html", points=points, rows=rows, page=page, chart=drawn, types=all_types)


def chart(points: list[dict[str, Any]], width: int = 900) -> dict[str, Any] | None:
    """Where the story events sit on the timeline chart: x by date, one lane per type, one dot per
    type and day (its size the outlets reporting that day), linking to the story or that day's stories."""
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for p in points:
        if p["date"]:
            groups.setdefault((p["type"], p["date"]), []).append(p)
    days: dict[str, dt.date] = {}
    for _, raw in groups:
        padded = raw + "-01-01" if len(raw) == 4 else raw + "-01" if len(raw) == 7 else raw
        try:
            days[raw] = dt.date.fromisoformat(padded)
        except ValueError:
            continue
    if not days:
        return None
    lo, hi = min(days.values()), max(days.values())
    span = max(1, (hi - lo).days)
    lanes: dict[str, int] = {}
    dots = []
    for (kind, raw), items in sorted(groups.items(), key=lambda kv: (days.get(kv[0][1], lo), kv[0][0])):
        if raw not in days:
            continue
        lane = lanes.setdefault(kind, len(lanes))
        sources = sum(p["sources"] for p in items)
        one = items[0] if len(items) == 1 else None
        dots.append(
            {
                "x": round(90 + (width - 130) * (days[raw] - lo).days / span, 1),
                "y": 30 + lane * 24,
                "r": 4 + min(8, sources),
                "type": kind,
                "date": raw,
                "status": one["status"] if one else "many",
                "title": f"{raw} · {one['text']}" if one else f"{raw} · {len(items)} {kind} story events",
                "sources": sources,
                "href": f"/stories/{quote(one['story_id'], safe='')}"
                if one
                else f"/stories?{urlencode({'type': kind, 'since': raw, 'until': raw})}",
            }
        )
    height = 60 + len(lanes) * 24
    return {
        "width": width,
        "height": height,
        "dots": dots,
        "lanes": lanes,
        "lo": lo.isoformat(),
        "hi": hi.isoformat(),
    }
