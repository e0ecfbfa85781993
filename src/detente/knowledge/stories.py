"""Story events: the events of many articles that report one happening, merged, with conflicts.

Events share a story key when they have the same type and the same sides (in either order
for two-sided types: meetings, agreements, exchanges); a side is a state ("Zelensky", "Kyiv"
and "the Ukrainian delegation" are all UKR) or a non-state group of its own (the ELN is not
Colombia; `knowledge.sides`). Within a key, events whose dates are compatible (an exact date
and a "Friday" that resolves to it; a month and a day in it) are one story; undated events
join the story nearest their article's publication.

Reports of one meeting change over time: "due on Thursday" on the eve, "met on Thursday"
after. They are one story whose status is the latest well-sourced one, with the status each
day's reports gave kept as its history; "reports differ on the outcome" only when reports of
the same time disagree. Disagreements on date, place or a count ("1,000 prisoners" vs
"1,200") are kept as conflicts, each value with the articles that report it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from detente.codes import TWO_SIDED, id_kind
from detente.knowledge.sides import event_sides, own_key, side_key
from detente.knowledge.timeline import (
    Say,
    as_reported,
    history,
    latest_status,
    outcome_conflict,
    published,
    says,
    span,
)
from detente.records import ActorRef, Conflict, Event, Place, Source, Story

COUNT = re.compile(
    r"(\d[\d,.]*)(?:\s+|-for-\d[\d,]*\s+)(?:more\s+|ukrainian\s+|russian\s+|israeli\s+|palestinian\s+)?"
    r"(prisoners|pows|captives|detainees|hostages|bodies|soldiers|civilians|people)",
    re.I,
)
_UNDATED_DAYS = 7
# Types whose modes are different happenings: a release of prisoners is not a withdrawal of
# troops, an arrest is not a seizure. CONSULT keeps its talks together whoever mediates them
# (third-party, multilateral) but a visit or a phone call is a happening of its own.
_MODE_KEYED = frozenset({"RETREAT", "ASSAULT", "COERCE", "ACCUSE"})
_OWN_MODES = frozenset({"visit", "phone"})
# Determiners that point back at a happening the article has just named: "those talks".
_POINTING = ("those", "these", "that", "this")


def party_key(ref: ActorRef | None) -> str:
    """What a party is for merging: its side (a state's code, or a non-state group's own id)."""
    return side_key(ref)


def story_key(event: Event) -> str:
    """The key events of one kind of happening share: type (with its mode where modes are
    different happenings) and sides (sorted when two-sided). A person acting alone ("Zelensky
    travelled to Ankara") keeps their own id: their delegation's arrival is another happening."""
    a, b = event_sides(event.source, event.target)
    if event.target is None and event.source is not None and id_kind(event.source.actor_id) == "person":
        a = own_key(event.source)
    if event.type in TWO_SIDED and b < a:
        a, b = b, a
    kind = event.type
    if event.mode and (event.type in _MODE_KEYED or event.mode in _OWN_MODES):
        kind = f"{event.type}/{event.mode}"
    return f"{kind}|{a}|{b}"


@dataclass(slots=True)
class _Cluster:
    items: list[tuple[Event, Source]] = field(default_factory=list)
    lo: dt.date | None = None
    hi: dt.date | None = None

    def add(self, event: Event, src: Source, span: tuple[dt.date, dt.date] | None) -> None:
        self.items.append((event, src))
        if span is not None:
            self.lo = span[0] if self.lo is None else min(self.lo, span[0])
            self.hi = span[1] if self.hi is None else max(self.hi, span[1])


_interval = span
_published = published


def _precise(event: Event) -> bool:
    return event.date_precision in ("day", "range")


def cluster(events: Iterable[tuple[Event, Source]]) -> list[list[tuple[Event, Source]]]:
    """Group the events of one story key into happenings, dated events first."""
    dated = [(e, s) for e, s in events if _interval(e) is not None]
    undated = [(e, s) for e, s in events if _interval(e) is None]
    dated.sort(key=lambda es: (not _precise(es[0]), _interval(es[0])))  # days before months
    clusters: list[_Cluster] = []
    for e, s in dated:
        span = _interval(e)
        assert span is not None
        home = None
        for c in clusters:
            if c.lo is not None and c.hi is not None and _compatible(span, (c.lo, c.hi), _precise(e)):
                home = c
                break
        if home is None:
            home = _Cluster()
            clusters.append(home)
        # A month or a year joins a story without stretching its days.
        home.add(e, s, span if _precise(e) or home.lo is None else None)
    for e, s in undated:
        pub = _published(s)
        best = _pointed_at(e, clusters)
        gap = None
        for c in clusters if best is None else ():
            if pub is None or c.hi is None:
                continue
            if e.status == "occurred":  # reported on the day or within a week after
                distance = 0 if c.lo is not None and c.lo <= pub <= c.hi else (pub - c.hi).days
            else:
                distance = (c.lo - pub).days if c.lo else 999
            if 0 <= distance <= _UNDATED_DAYS and (gap is None or distance < gap):
                best, gap = c, distance
        if best is None:
            best = next((c for c in clusters if c.lo is None and _same_week(c, pub)), None)
        if best is None:
            best = _Cluster()
            clusters.append(best)
        best.add(e, s, None)
    return [c.items for c in clusters]


def _pointed_at(event: Event, clusters: Sequence[_Cluster]) -> _Cluster | None:
    """ "But those talks broke down": the happening of the same key its own article named last
    before it, when the mention points back with a demonstrative."""
    words = event.evidence.lower().split()
    head = (event.trigger or "").lower().split()[:1]
    if not head or not any(
        w in _POINTING and i + 1 < len(words) and words[i + 1].strip(",.;:") == head[0]
        for i, w in enumerate(words)
    ):
        return None
    best, where = None, -1
    for c in clusters:
        for e, _ in c.items:
            if e.article_id == event.article_id and where < e.start < event.start:
                best, where = c, e.start
    return best


def _compatible(a: tuple[dt.date, dt.date], b: tuple[dt.date, dt.date], precise: bool) -> bool:
    """Overlapping days, or exact dates a day apart (the same swap reported on its two days)."""
    if a[0] <= b[1] and b[0] <= a[1]:
        return True
    return precise and (abs((a[0] - b[1]).days) <= 1 or abs((b[0] - a[1]).days) <= 1)


def _same_week(c: _Cluster, pub: dt.date | None) -> bool:
    if pub is None or not c.items:
        return False
    other = _published(c.items[0][1])
    return other is not None and abs((other - pub).days) <= _UNDATED_DAYS


def build_story(key: str, items: Sequence[tuple[Event, Source]]) -> Story:
    """One story from the events of one happening: majority date and place, conflicts kept."""
    events = [e for e, _ in items]
    # A report that it happened outweighs the plan it followed: "due on Thursday", held on Friday.
    days: Counter[str] = Counter()
    anyd: Counter[str] = Counter()
    for e in events:
        if e.date:
            weight = 3 if e.status == "occurred" else 1
            anyd[e.date] += weight
            if _precise(e):
                days[e.date] += weight
    date = (days or anyd).most_common(1)[0][0] if (days or anyd) else None
    date_end = next((e.date_end for e in events if e.date == date and e.date_end), None)
    specific = [e.place for e in events if e.place and not _country_level(e.place)]
    places = Counter(p.name for p in specific) or Counter(e.place.name for e in events if e.place)
    place_name = places.most_common(1)[0][0] if places else None
    place: Place | None = next((e.place for e in events if e.place and e.place.name == place_name), None)
    latest = max(items, key=lambda es: (es[1].published or "", es[0].confidence))[0]
    said = says(items)
    status = latest_status(said, date)
    newest = max((s.published for _, s in items if s.published), default=None)
    if status == "occurred" and date and newest and date[:10] > newest[: len(date)]:
        status = "planned"  # "before the end of August", reported in July: not yet
    first = min(items, key=lambda es: (es[1].published or "9999", es[0].id))[0]
    anchor = date or (min((s.published for _, s in items if s.published), default="") or "")
    sid = "s-" + hashlib.sha256(f"{key}|{anchor[:10]}|{first.id}".encode()).hexdigest()[:12]
    return Story(
        id=sid,
        type=latest.type,
        mode=Counter(e.mode for e in events).most_common(1)[0][0],
        status=status,
        parties=_parties(events),
        date=date,
        date_end=date_end,
        place=place,
        event_ids=tuple(e.id for e in events),
        article_ids=tuple(dict.fromkeys(s.article_id for _, s in items)),
        sources=len({s.outlet or s.article_id for _, s in items}),
        conflicts=_conflicts(items, said, date),
        history=history(said),
    )


def _country_level(place: Place) -> bool:
    """A place that is a whole country ("Turkey"), less telling than a city or a venue."""
    return (
        place.country is not None
        and place.lat is not None
        and place.geonameid is not None
        and place.name in _COUNTRY_NAMES.get(place.country, ())
    )


_COUNTRY_NAMES: dict[str, set[str]] = {}


def _load_country_names() -> None:
    from detente.lexicon.actors import load_knowledge

    for code, c in load_knowledge().countries.items():
        _COUNTRY_NAMES[code] = {c.name, *c.aliases}


def _parties(events: Sequence[Event]) -> tuple[ActorRef, ...]:
    """The ref each side is most often named by; a person keeps their own id, their country a facet."""
    sides: dict[str, list[ActorRef]] = {}
    for e in events:
        for ref, key in zip((e.source, e.target), event_sides(e.source, e.target), strict=True):
            if ref is not None:
                sides.setdefault(key, []).append(ref)
    out = []
    for refs in sides.values():
        named = Counter((r.actor_id, r.name, r.country, r.sector) for r in refs)
        actor_id, name, country, sector = named.most_common(1)[0][0]
        out.append(ActorRef(actor_id, name, country, sector))
    return tuple(out)


def _far_apart(values: dict[str, set[str]], items: Sequence[tuple[Event, Source]]) -> dict[str, set[str]]:
    """Places within 30 km are one place ("Dolmabahçe Palace" and "Istanbul"): merge their reports."""
    where: dict[str, tuple[float, float]] = {}
    for e, _ in items:
        if e.place and e.place.lat is not None and e.place.lon is not None:
            where.setdefault(e.place.name, (e.place.lat, e.place.lon))
    merged: dict[str, set[str]] = {}
    for name, arts in sorted(values.items(), key=lambda kv: -len(kv[1])):
        home = next(
            (m for m in merged if name in where and m in where and _km(where[name], where[m]) < 30), None
        )
        merged.setdefault(home or name, set()).update(arts)
    return merged


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 12742 * math.asin(math.sqrt(h))


def _disagree(values: dict[str, set[str]]) -> bool:
    """Reports disagree when at least two values each have real support (not one stray report)."""
    total = sum(len(v) for v in values.values())
    backed = [v for v in values.values() if len(v) >= 2 or len(v) * 3 >= total]
    return len(backed) > 1


def _conflicts(
    items: Sequence[tuple[Event, Source]], said: Sequence[Say], date: str | None
) -> tuple[Conflict, ...]:
    out: list[Conflict] = []
    getters: tuple[tuple[str, Callable[[Event], str | None]], ...] = (
        ("date", lambda e: e.date if _precise(e) else None),
        ("place", lambda e: e.place.name if e.place and not _country_level(e.place) else None),
    )
    for fieldname, value_of in getters:
        values: dict[str, set[str]] = {}
        for e, s in items:
            v = value_of(e)
            if v:
                values.setdefault(v, set()).add(s.article_id)
        if fieldname == "place":
            values = _far_apart(values, items)
        if len(values) > 1 and _disagree(values):
            out.append(
                Conflict(
                    fieldname,
                    tuple({"value": v, "article_ids": sorted(a)} for v, a in sorted(values.items())),
                )
            )
    counts: dict[str, dict[str, set[str]]] = {}
    for e, s in items:
        for number, noun in COUNT.findall(e.evidence):
            counts.setdefault(noun.lower(), {}).setdefault(number.replace(",", "").rstrip("."), set()).add(
                s.article_id
            )
    for noun, values in counts.items():
        if len(values) > 1 and _disagree(values):
            out.append(
                Conflict(
                    f"count of {noun}",
                    tuple({"value": v, "article_ids": sorted(a)} for v, a in sorted(values.items())),
                )
            )
    outcome = outcome_conflict(said, date)  # "met" in one report, "did not meet" in another
    if outcome is not None:
        out.append(outcome)
    return tuple(out)


def stories_for(key: str, items: Iterable[tuple[Event, Source]]) -> list[Story]:
    """Every story of one key, the same whatever order the store returns its events in."""
    if not _COUNTRY_NAMES:
        _load_country_names()
    # Two writers interleave their batches: the stored order of events is not the reports' order.
    ordered = sorted(items, key=lambda es: (es[1].published or "", es[1].article_id, es[0].start, es[0].id))
    reported = [(as_reported(e, s), s) for e, s in ordered]
    return [build_story(key, group) for group in cluster(reported)]
