"""The briefing: "what is known", in the seed explainer's shape, generated from stored knowledge.

Sections: a lead (what happened last, what comes next); when and where (each round: date, place,
state, who led each delegation); who (by party, delegation heads first, the absent named as
absent); where the parties stand (issue by issue, each stance as a sentence with its content);
what was said; expectations; background (oldest first); why here (the host and its role).
Every sentence is written by the realiser (`report/realise.py`) from facts and carries numbered
citations to the sentences those facts were read from. Facts are ranked by confidence ×
independent outlets × recency and about 40 bullets are kept (`detail` keeps all); a fact that one
report alone gives, where others could have confirmed it, is hedged; a disagreement is said once.
`since` adds what changed in articles published on or after a date.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from detente.lexicon.actors import load_knowledge
from detente.lexicon.taxonomy import Taxonomy
from detente.records import Event, Quote, Source, Story
from detente.report import people, stances
from detente.report.realise import (
    CANCELLED,
    DUE,
    EXPECTED,
    HELD,
    POSSIBLE,
    POSTPONED,
    Said,
    differ,
    hedge,
    parse_day,
    party_name,
    realise,
    say_date,
    settled,
)
from detente.report.views import paused_gc
from detente.store.base import Store

MAX_CITES = 6
# Bullets per section by default (about 40 in all); `detail` lifts the caps.
CAPS = {"when": 10, "who": 12, "stand": 8, "said": 4, "expect": 4, "background": 4, "why": 3, "changes": 8}
_EXPECTED_TYPES = frozenset(
    {"CONSULT", "AGREE", "SUPPORT", "RETREAT", "COOPERATE", "REQUEST", "REJECT", "THREATEN"}
)
_BACKGROUND_TYPES = frozenset({"CONSULT", "AGREE", "SUPPORT", "RETREAT", "ASSAULT", "COERCE", "REJECT"})
MIN_CONFIDENCE = 0.5
"""The default `Scope.min_confidence`: a lone report's fact is used when more likely right than wrong."""
SURE_ALONE = 0.7
"""A lone report's fact is stated without "One report says" only when read at least this surely
(the confidence refit: 0.85 of the events read at 0.7 or more are right) and no other outlet
reporting those days could have confirmed it."""
MEETING_MARGIN = 0.1
"""A lone report's meeting of two named sides, with its own place or date, is told (hedged: "One
report says …") down to this much below `min_confidence`: judged on dev, such meetings read at
0.4–0.5 were mostly right, and a reader looking for the rounds wants them, marked as unsure."""


@dataclass(frozen=True, slots=True)
class Citation:
    """A numbered source: the sentence a fact was read from, in its article."""

    n: int
    article_id: str
    outlet: str | None
    published: str | None
    url: str | None
    title: str | None
    evidence: str
    start: int
    end: int


@dataclass(slots=True)
class Bullet:
    """One line of the briefing, written from facts, with its citation numbers."""

    text: str
    cites: list[int]
    kind: str
    quote: str | None = None
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Section:
    """A titled list of bullets."""

    key: str
    title: str
    bullets: list[Bullet] = field(default_factory=list)


@dataclass(slots=True)
class Briefing:
    """The whole briefing, ready to render as Markdown, HTML or JSON."""

    title: str
    scope: dict[str, Any]
    lead: list[Bullet]
    sections: list[Section]
    citations: list[Citation]
    timeline: list[dict[str, Any]]


@dataclass(frozen=True, slots=True)
class Scope:
    """Which stored articles a briefing covers."""

    query: str | None = None
    actor: str | None = None
    since: str | None = None
    until: str | None = None
    min_confidence: float = MIN_CONFIDENCE
    """A story one outlet alone reports is used only when one of its events is at least this sure."""


class Cites:
    """The numbered citations of one briefing, each sentence once."""

    def __init__(self) -> None:
        self.by_key: dict[tuple[str, int, int], Citation] = {}

    def add(self, src: Source, evidence: str, start: int, end: int) -> int:
        """The number of the citation of `evidence` in `src` (a new one the first time)."""
        key = (src.article_id, start, end)
        if key not in self.by_key:
            self.by_key[key] = Citation(
                len(self.by_key) + 1, src.article_id, src.outlet, src.published, src.url, src.title,
                evidence, start, end,
            )  # fmt: skip
        return self.by_key[key].n


class Builder:
    """The facts in scope and the ranked, realised stories the sections are written from."""

    def __init__(self, store: Store, taxonomy: Taxonomy, scope: Scope, detail: bool = False) -> None:
        self.store, self.tax, self.scope, self.detail = store, taxonomy, scope, detail
        self.cites = Cites()
        self.articles = self._articles()
        # Unscoped, every article is in scope: the reads below need no article filter.
        narrowed = bool(scope.query or scope.actor or scope.until)
        self.in_scope: set[str] | None = set(self.articles) if narrowed else None
        self.stories = [
            s
            for s in store.iter_stories(articles=self.in_scope)
            if any(a in self.articles for a in s.article_ids)
        ]
        self.events: dict[str, tuple[Event, Source]] = {}  # loaded for the stories ranked, not all
        self.unsure: list[Story] = []
        """Stories left out as a lone report read with too little confidence (a meeting among
        them may still be told, hedged, when its reading is nearly as sure)."""
        if scope.min_confidence > 0:  # corroborated by two outlets, or sure enough on its own
            self.load(s for s in self.stories if s.sources < 2)
            kept: list[Story] = []
            for s in self.stories:
                (
                    kept if s.sources >= 2 or self.confidence(s) >= scope.min_confidence else self.unsure
                ).append(s)
            self.stories = kept
        self._quotes: list[tuple[Quote, Source]] | None = None
        self._direct: list[tuple[Quote, Source]] | None = None
        self._said: dict[str, Said] = {}
        self.latest = max((s.published for s in self.articles.values() if s.published), default=None)
        latest_day = parse_day(self.latest)
        self.year = latest_day.year if latest_day else None
        self.today = latest_day
        self.outlets = len({s.outlet or s.article_id for s in self.articles.values()})
        self.countries = load_knowledge().countries
        self.used: set[str] = set()

    def _articles(self) -> dict[str, Source]:
        """The articles in scope, filtered by the store: search, the actor's mentions, `until`."""
        ids: set[str] | None = None
        if self.scope.query:
            ids = {h.article_id for h in self.store.search(self.scope.query, limit=100_000)}
        if self.scope.actor:
            keep = self.store.articles_mentioning(self.store.find_actor(self.scope.actor))
            ids = keep if ids is None else ids & keep
        return {s.article_id: s for s in self.store.article_sources(ids=ids, until=self.scope.until)}

    def cap(self, key: str) -> int:
        """How many bullets a section keeps."""
        return 10_000 if self.detail else CAPS.get(key, 5)

    def quotes(self, direct_only: bool = True) -> list[tuple[Quote, Source]]:
        """The quotes in scope (direct ones, or all), read once (the direct ones alone when only
        they are asked for: the database picks them)."""
        if self._quotes is None and direct_only:
            if self._direct is None:
                self._direct = [
                    (q, s)
                    for q, s in self.store.iter_sourced("quote", direct_only=True, articles=self.in_scope)
                    if isinstance(q, Quote) and s.article_id in self.articles
                ]
            return self._direct
        if self._quotes is None:
            self._quotes = [
                (q, s)
                for q, s in self.store.iter_sourced("quote", articles=self.in_scope)
                if isinstance(q, Quote) and s.article_id in self.articles
            ]
        return self._quotes if not direct_only else [(q, s) for q, s in self._quotes if q.direct]

    def quotes_of(self, article_id: str) -> list[tuple[Quote, Source]]:
        """The quotes of one article in scope, in reading order."""
        if article_id not in self.articles:
            return []
        if self._quotes is not None:
            return [(q, s) for q, s in self._quotes if s.article_id == article_id]
        return [
            (q, s) for q, s in self.store.iter_sourced("quote", articles={article_id}) if isinstance(q, Quote)
        ]

    def sourced(self, kind: str) -> Iterable[tuple[Any, Source]]:
        """Records of `kind` in scope, with their sources."""
        for rec, src in self.store.iter_sourced(kind, articles=self.in_scope):
            if src.article_id in self.articles:
                yield rec, src

    # -- stories --------------------------------------------------------------------------------
    def load(self, stories: Iterable[Story]) -> None:
        """Read the events of these stories (one query for all that are missing)."""
        missing = [e for s in stories for e in s.event_ids if e not in self.events]
        if missing:
            self.events.update(self.store.get_events(missing))

    def events_of(self, story: Story) -> list[Event]:
        """A story's events that are in scope."""
        self.load([story])
        return [
            e
            for eid in story.event_ids
            if (f := self.events.get(eid)) and (e := f[0]) and f[1].article_id in self.articles
        ]

    def newest(self, story: Story) -> str | None:
        """When the last report of a story was published."""
        return max(
            (self.articles[a].published or "" for a in story.article_ids if a in self.articles), default=None
        )

    def said(self, story: Story, place: str | None = None) -> Said:
        """The realised sentence of a story (cached)."""
        key = f"{story.id}|{story.date}|{place}"
        if key not in self._said:
            events = self.events_of(story)
            published = {e.id: self.events[e.id][1].published for e in events}
            self._said[key] = realise(
                story, events, year=self.year, newest=self.newest(story),
                countries=self.countries, place=place, published=published,
            )  # fmt: skip
        return self._said[key]

    def current(self, story: Story) -> bool:
        """Part of the present talks: dated within half a year of the last report."""
        d, latest = parse_day(story.date), self.today
        return d is None or latest is None or (latest - d).days <= 183

    def stale(self, story: Story) -> bool:
        """A plan whose date had passed when its last report was written (and no report says it
        was held): a misread date or a plan overtaken, not a round to announce."""
        newest = self.newest(story) or ""
        end = story.date_end or story.date or ""
        if len(end) != 10 or not newest or end >= newest[:10]:
            return False
        return self.said(story).state != HELD

    def confidence(self, story: Story) -> float:
        """How sure the reading of a story is: each sentence that tells it is one more reading
        that could be wrong on its own, so the story stands unless all of them are wrong
        (1 - the product of (1 - c), one c per sentence, its most confident event). A report
        that says its talks are due in three sentences is surer than any one sentence is."""
        best: dict[tuple[str, int], float] = {}
        for e in self.events_of(story):
            key = (e.article_id, e.start)
            best[key] = max(best.get(key, 0.0), e.confidence)
        if not best:
            return 0.5
        doubt = 1.0
        for c in best.values():
            doubt *= 1.0 - c
        return 1.0 - doubt

    def rank(self, story: Story) -> float:
        """Confidence × independent outlets × recency (a report a year older counts a third)."""
        age = 0
        if self.today is not None:
            newest = parse_day(self.newest(story))
            age = max(0, (self.today - newest).days) if newest else 365
        return self.confidence(story) * story.sources * (1 / (1 + age / 180))

    def top(self, stories: Sequence[Story], key: str, by_date: bool = True, extra: int = 0) -> list[Story]:
        """The best-ranked stories of a section (`extra` more to filter), back in date order."""
        pool = sorted(stories, key=lambda s: -s.sources)[: max(3 * self.cap(key), 30)]
        self.load(pool)
        best = sorted(pool, key=lambda s: -self.rank(s))[: self.cap(key) + extra]
        return sorted(best, key=lambda s: (s.date or "9999", -s.sources)) if by_date else best

    def story_cites(self, story: Story) -> list[int]:
        """One citation per article reporting a story (the first sentence it was read from)."""
        self.load([story])
        seen: dict[str, int] = {}
        for eid in story.event_ids:
            found = self.events.get(eid)
            if found is None:
                continue
            e, src = found
            if src.article_id in self.articles and src.article_id not in seen:
                seen[src.article_id] = self.cites.add(src, e.evidence, e.start, e.end)
        return list(seen.values())[:MAX_CITES]

    def uncorroborated(self, story: Story) -> bool:
        """One outlet alone says it where several could have, or its reading is unsure. Several
        could have when the store holds three outlets or more, unless the report is read surely
        (`SURE_ALONE`) and no two other outlets reported within three days of it: a round of talks
        of 2005 that the one report of that month tells surely, in reports spread over two years,
        is not hedged for want of a second report nobody wrote."""
        sure = self.confidence(story)
        if sure < 0.5:
            return True
        if story.sources != 1 or self.outlets < 3:
            return False
        if sure < SURE_ALONE:
            return True
        day = parse_day(self.newest(story))
        if day is None:
            return True
        own = {self.articles[a].outlet or a for a in story.article_ids if a in self.articles}
        near = set().union(*(self._outlets_on().get(day + dt.timedelta(days=d), set()) for d in range(-3, 4)))
        return len(near - own) >= 2

    def _outlets_on(self) -> dict[dt.date, set[str]]:
        """The outlets that published on each day (indexed once)."""
        cached: dict[dt.date, set[str]] | None = self.__dict__.get("_outlets_by_day")
        if cached is None:
            cached = defaultdict(set)
            for src in self.articles.values():
                day = parse_day(src.published)
                if day is not None:
                    cached[day].add(src.outlet or src.article_id)
            self.__dict__["_outlets_by_day"] = cached
        return cached

    def story_bullet(self, story: Story, kind: str, place: str | None = None, extra: str = "") -> Bullet:
        """A bullet stating a story: its sentence, hedged when one report alone gives it, the
        reports' disagreements said once, and the citations of every outlet."""
        said = self.said(story, place)
        text = said.text + extra
        if self.uncorroborated(story):
            text = hedge(text, story.sources)
        events = self.events_of(story)
        published = {e.id: self.events[e.id][1].published for e in events}
        note = differ(settled(story, events, said.state, published), self.year)
        if note:
            text += f" ({note})"
        self.used.add(story.id)
        return Bullet(
            text + ".",
            self.story_cites(story),
            kind,
            data={"story_id": story.id, "parties": [p.name for p in story.parties], "state": said.state,
                  "date": story.date, "sources": story.sources},
        )  # fmt: skip

    # -- the main pair and its rounds --------------------------------------------------------------
    def dyad(self) -> tuple[str, ...]:
        """The two countries the stored talks are mostly between (counted once per story list:
        every section asks)."""
        cached: tuple[list[Story], tuple[str, ...]] | None = self.__dict__.get("_dyad")
        if cached is None or cached[0] is not self.stories:
            cached = self.__dict__["_dyad"] = (self.stories, self._count_dyad())
        return cached[1]

    def _count_dyad(self) -> tuple[str, ...]:
        pairs: Counter[tuple[str, ...]] = Counter()
        for s in self.stories:
            codes = tuple(sorted({p.country for p in s.parties if p.country}))
            if s.type == "CONSULT" and len(codes) == 2:
                pairs[codes] += s.sources
        return pairs.most_common(1)[0][0] if pairs else ()

    def rounds(self) -> list[Story]:
        """Meetings of the main pair, dated."""
        pair = set(self.dyad())
        return [
            s for s in self.stories
            if s.type == "CONSULT" and s.date and len(s.parties) >= 2 and pair
            and {p.country for p in s.parties} == pair and s.mode not in ("visit", "phone")
        ]  # fmt: skip

    def place_of(self, story: Story) -> str | None:
        """Where a meeting is: its own place, else where its parties' teams arrive that day."""
        if story.place is not None and story.place.country not in {p.country for p in story.parties}:
            return story.place.name
        if story.place is not None:
            return story.place.name
        codes = {p.country for p in story.parties}
        for s in self._visits().get(story.date, ()):
            if s.parties[0].country in codes and s.place is not None and s.place.country not in codes:
                return s.place.name
        return None

    def _visits(self) -> dict[str | None, list[Story]]:
        """The visits with a place and a party, by date, in story order (indexed once: every
        meeting without a place of its own looks for its parties' visits that day)."""
        cached: tuple[list[Story], dict[str | None, list[Story]]] | None = self.__dict__.get("_visits_by_day")
        if cached is None or cached[0] is not self.stories:
            found: dict[str | None, list[Story]] = defaultdict(list)
            for s in self.stories:
                if s.type == "CONSULT" and s.mode == "visit" and s.place is not None and s.parties:
                    found[s.date].append(s)
            cached = self.__dict__["_visits_by_day"] = (self.stories, dict(found))
        return cached[1]

    def host(self) -> str | None:
        """The country whose places the main pair meets in, when it is neither of them."""
        pair = set(self.dyad())
        found: Counter[str] = Counter()
        for s in self.rounds():
            where = self.place_of(s)
            place = s.place if s.place is not None and s.place.name == where else None
            code = place.country if place is not None else self._visit_country(s, where)
            if code and code not in pair:
                found[code] += s.sources
        return found.most_common(1)[0][0] if found else None

    def _visit_country(self, story: Story, where: str | None) -> str | None:
        for s in self.stories:
            if s.place is not None and s.place.name == where:
                return s.place.country
        return None


def build_briefing(
    store: Store, taxonomy: Taxonomy, scope: Scope | None = None, detail: bool = False, timeline: bool = True
) -> Briefing:
    """The briefing over the stored articles in `scope` (all by default); `detail` keeps every
    fact instead of about 40 bullets; `timeline=False` leaves out the timeline rows (every dated
    story: Markdown does not show them)."""
    with paused_gc():
        return _build(store, taxonomy, scope or Scope(), detail, timeline)


def _build(store: Store, taxonomy: Taxonomy, scope: Scope, detail: bool, timeline: bool) -> Briefing:
    from detente.report import sections as make
    from detente.report.when import when_and_where

    b = Builder(store, taxonomy, scope, detail)
    parts = []
    if scope.since:
        parts.append(make.changes(b, scope.since))
    when = when_and_where(b)
    parts += [when, people.who(b), stances.stand(b), make.said(b), make.expectations(b),
              make.background(b), make.why_here(b)]  # fmt: skip
    lead = make.lead(b)
    citations = sorted(b.cites.by_key.values(), key=lambda c: c.n)
    subject = scope.query or scope.actor or "the stored reports"
    generated = dt.date.today().isoformat()
    return Briefing(
        title=f"What is known: {subject}",
        scope={"query": scope.query, "actor": scope.actor, "since": scope.since, "until": scope.until,
               "articles": len(b.articles), "latest": b.latest, "generated": generated,
               "outlets": b.outlets, "detail": detail},
        lead=lead,
        sections=[s for s in parts if s.bullets],
        citations=citations,
        timeline=make.timeline_rows(b) if timeline else [],
    )  # fmt: skip


__all__ = [
    "CANCELLED", "DUE", "EXPECTED", "HELD", "POSSIBLE", "POSTPONED", "Briefing", "Builder", "Bullet",
    "Citation", "Scope", "Section", "build_briefing", "party_name", "say_date",
]  # fmt: skip
