"""JSON: `/api/brief` (the briefing as `detente brief --format json`) and `/api/{kind}` for every
record kind of the contract, paginated, with the filters of the CLI's views."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from detente.errors import ConfigError, StoreError
from detente.lexicon.names import fold
from detente.records import RECORD_KINDS, Article, Position, Quote, Record, Story
from detente.web.app import NotFound
from detente.web.data import actor_of, check_date, in_dates, text_of
from detente.web.pages import reader_of, scope_of

router = APIRouter(prefix="/api")
MAX_LIMIT = 1000

# Which filters mean something for which kind (the others are refused, not silently ignored).
_FILTERS: dict[str, set[str]] = {
    "article_id": {"mention", "event", "role", "quote", "position", "story"},
    "actor": {"actor", "mention", "event", "role", "quote", "position", "story"},
    "since": {"article", "event", "role", "quote", "position", "story", "mention"},
    "until": {"article", "event", "role", "quote", "position", "story", "mention"},
    "q": set(RECORD_KINDS),
    "type": {"actor", "event", "story"},
    "status": {"event", "story"},
    "issue": {"position"},
    "stance": {"position"},
    "speaker": {"quote"},
    "direct": {"quote"},
}


@router.get("/brief", response_class=Response)
def brief(
    request: Request,
    query: str | None = None,
    actor: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> Response:
    """The briefing as plain data, the shape of `detente brief --format json`."""
    reader = reader_of(request)
    body = reader.briefing_json(scope_of(reader, query, actor, since, until))
    return Response(content=body, media_type="application/json")


@router.get("/{kind}")
def records(
    request: Request,
    kind: str,
    limit: int = Query(100, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0),
    article_id: str | None = None,
    actor: str | None = None,
    since: str | None = None,
    until: str | None = None,
    q: str | None = None,
    type: str | None = None,
    status: str | None = None,
    issue: str | None = None,
    stance: str | None = None,
    speaker: str | None = None,
    direct: bool | None = None,
) -> dict[str, Any]:
    """Records of one contract kind as contract JSON: `{kind, total, limit, offset, items}`."""
    if kind not in RECORD_KINDS:
        raise NotFound(f"no record kind '{kind}' (kinds: {', '.join(RECORD_KINDS)}, and brief)")
    given = {
        "article_id": article_id, "actor": actor, "since": since, "until": until, "q": q, "type": type,
        "status": status, "issue": issue, "stance": stance, "speaker": speaker, "direct": direct,
    }  # fmt: skip
    for name, value in given.items():
        if value is not None and value != "" and kind not in _FILTERS[name]:
            usable = sorted(n for n, kinds in _FILTERS.items() if kind in kinds)
            raise ConfigError(
                f"'{name}' does not filter {kind} records", fix=f"filter {kind} by: {', '.join(usable)}"
            )
    since, until = check_date("since", since), check_date("until", until)
    reader = reader_of(request)
    wanted_actor = None
    if actor:
        try:
            wanted_actor = reader.find_actor(actor)
        except StoreError as exc:
            raise NotFound(f"no actor named '{actor}' is stored") from exc
    if not any(v is not None and v != "" for v in given.values()):  # one page, read as such
        total, page = reader.record_page(kind, offset, limit)
        return {"kind": kind, "total": total, "limit": limit, "offset": offset,
                "items": [r.to_record() for r in page]}  # fmt: skip
    search_ids = None
    if q and kind == "article":
        search_ids = {h.article_id for h in reader.search(q, 100_000)}
    items = []
    for rec, src in reader.records(kind):
        if (
            article_id
            and getattr(rec, "article_id", None) != article_id
            and not (isinstance(rec, Story) and article_id in rec.article_ids)
        ):
            continue
        if wanted_actor and wanted_actor not in actor_of(rec):
            continue
        if (since or until) and not in_dates(_date_of(rec, src), since, until):
            continue
        if q and not (
            rec.id in search_ids
            if isinstance(rec, Article) and search_ids is not None
            else fold(q) in text_of(rec)
        ):
            continue
        if type and getattr(rec, "type", None) not in (type, type.upper()):
            continue
        if status and getattr(rec, "status", None) != status:
            continue
        if isinstance(rec, Position) and (
            (issue and rec.issue != issue) or (stance and rec.stance != stance)
        ):
            continue
        if isinstance(rec, Quote) and (
            (speaker and fold(speaker) not in fold(rec.speaker or ""))
            or (direct is not None and rec.direct != direct)
        ):
            continue
        items.append(rec)
    page = items[offset : offset + limit]
    return {
        "kind": kind,
        "total": len(items),
        "limit": limit,
        "offset": offset,
        "items": [r.to_record() for r in page],
    }


def _date_of(rec: Record, src: Any) -> str | None:
    if isinstance(rec, Story):
        return rec.date
    return getattr(src, "published", None)
