"""Views over stored facts for people: the party × issue position table and the quote list."""

from __future__ import annotations

import gc
from collections import Counter, defaultdict
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from detente.codes import STATE_VOICE_SECTORS, country_id, id_kind, is_country_id, is_state_code
from detente.knowledge.quotes import QuoteGroup, group_quotes
from detente.knowledge.sides import non_state
from detente.lexicon.names import fold
from detente.lexicon.taxonomy import Taxonomy
from detente.records import ActorRef, Position, Quote, Role, Source
from detente.store.base import Store
from detente.store.digests import PositionDigest, position_digests, sourced_by_id


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause Python's cycle collector while a view is built. A large store's view allocates
    hundreds of thousands of small records that live until it is done, and each collection
    walks all of them again (at 100,000 articles a third of the briefing's CPU); they hold no
    cycles that need freeing earlier, and the collector runs again as soon as the view is made."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


@dataclass(frozen=True, slots=True)
class Stated:
    """One report of a party's stance on an issue."""

    stance: str
    date: str | None
    outlet: str | None
    url: str | None
    article_id: str
    evidence: str
    topic: str | None
    start: int = 0
    end: int = 0
    claim: str | None = None
    condition: str | None = None


@dataclass(slots=True)
class PositionRow:
    """A party's latest stance on an issue, with how many reports carry it and its best quote."""

    party: str
    actor_id: str | None
    country: str | None
    issue: str
    stance: str
    date: str | None
    reports: int
    agreeing: int
    quote: str | None = None
    quote_source: str | None = None
    history: list[Stated] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    """The parties a country row gathers ("Donald Trump", "the White House")."""
    claim: str | None = None
    """What the party wants, as the latest report words it."""
    condition: str | None = None
    """The condition of the latest stance, when it is conditional."""
    changed: str | None = None
    """When the latest stance replaced a different one (None: it never changed)."""
    previous: str | None = None
    """The stance it replaced."""


def _party_key(p: Position | PositionDigest, by_country: bool) -> str:
    """Group by actor, or — for a state's own officials and bodies — by the state (a non-state
    group of that state, or a body of no known sector, keeps its own row)."""
    if (
        by_country
        and p.country
        and is_state_code(p.country)
        and (p.sector in STATE_VOICE_SECTORS or (p.sector is None and id_kind(p.actor_id) != "organization"))
    ) and not non_state(ActorRef(p.actor_id, p.party, p.country, p.sector)):
        return country_id(p.country)
    return p.actor_id or fold(p.party)


def position_table(
    store: Store,
    taxonomy: Taxonomy,
    issue: str | None = None,
    party: str | None = None,
    by_country: bool = False,
    articles: Collection[str] | None = None,
    quotes: Sequence[tuple[Quote, Source]] | None = None,
    history: bool = True,
) -> list[PositionRow]:
    """Party × issue rows: the latest stance (by publication date), its date, the number of
    reports and of reports agreeing with it, the party's strongest quote on the issue; each
    row's `history` (every report, oldest first) unless `history` is False."""
    with paused_gc():
        rows = position_rows(store, taxonomy, issue, party, by_country, articles, quotes)
        if history:
            found = stated(store, [d for _, items in rows for d in items])
            for row, items in rows:
                row.history = [found[d.id] for d in items]
        return [row for row, _ in rows]


def position_rows(
    store: Store,
    taxonomy: Taxonomy,
    issue: str | None = None,
    party: str | None = None,
    by_country: bool = False,
    articles: Collection[str] | None = None,
    quotes: Sequence[tuple[Quote, Source]] | None = None,
) -> list[tuple[PositionRow, list[PositionDigest]]]:
    """The rows of `position_table` without their history, each with the digests of its
    positions, oldest first (the sentences are read only for the reports a reader is shown)."""
    groups: dict[tuple[str, str], list[PositionDigest]] = defaultdict(list)
    keys: dict[tuple[str | None, str, str | None, str | None], str] = {}
    for rec in position_digests(store, articles=articles, issue=issue or None):
        if party and fold(party) not in fold(rec.party) and fold(party) != fold(rec.country or ""):
            continue
        who = (rec.actor_id, rec.party, rec.country, rec.sector)
        key = keys.get(who)
        if key is None:  # a party's key, worked out once for all its reports
            key = keys[who] = _party_key(rec, by_country)
            if rec.actor_id and key == rec.actor_id:  # "Santos" and "Juan Manuel Santos": one actor, one row
                key = keys[who] = store.canonical_id(key) or key
        groups[(key, rec.issue)].append(rec)
    best_quotes = _BestQuotes(store, taxonomy, articles, quotes)
    rows: list[tuple[PositionRow, list[PositionDigest]]] = []
    for (_, slug), items in groups.items():
        items.sort(key=lambda p: (p.published or "", p.start))
        latest = items[-1]
        previous, changed = _change(items)
        country_row = by_country and is_country_id(_party_key(latest, True))
        names = [p.party for p in items]
        row = PositionRow(
            party=_country_name(latest.country, names) if country_row else _display_name(names),
            actor_id=latest.actor_id,
            country=latest.country,
            issue=slug,
            stance=latest.stance,
            date=latest.published,
            reports=len({p.article_id for p in items}),
            agreeing=len({p.article_id for p in items if p.stance == latest.stance}),
            members=sorted(set(names) - {_country_name(latest.country, names)}) if country_row else [],
            claim=next((p.claim for p in reversed(items) if p.claim), None),
            condition=latest.condition,
            changed=changed,
            previous=previous,
        )
        best = best_quotes.best(store.canonical_id(latest.actor_id) or latest.actor_id or "", slug, items)
        if best is not None:
            row.quote, row.quote_source = best[0].text, _cite(best[1])
        rows.append((row, items))
    rows.sort(key=lambda ri: (ri[0].issue, -ri[0].reports, ri[0].party))
    return rows


def stated(store: Store, digests: Sequence[PositionDigest]) -> dict[int, Stated]:
    """The reports of these positions as a reader is shown them (their sentences read by id)."""
    found = sourced_by_id(store, "position", {d.id for d in digests})
    out = {}
    for pid, (p, s) in found.items():
        assert isinstance(p, Position)
        out[pid] = Stated(
            p.stance, s.published, s.outlet, s.url, s.article_id, p.evidence, p.topic, p.start, p.end, p.claim,
            p.condition,
        )  # fmt: skip
    return out


def _change(history: Sequence[Stated | PositionDigest]) -> tuple[str | None, str | None]:
    """The stance the latest one replaced and the date of the first report of the latest run."""
    if not history:
        return None, None
    latest = history[-1].stance
    i = len(history) - 1
    while i > 0 and history[i - 1].stance == latest:
        i -= 1
    if i == 0:
        return None, None
    first = history[i]
    return history[i - 1].stance, first.published if isinstance(first, PositionDigest) else first.date


def _country_name(code: str | None, names: list[str]) -> str:
    from detente.lexicon.actors import load_knowledge

    country = load_knowledge().countries.get(code or "")
    return country.name if country is not None else _display_name(names)


def _display_name(names: list[str]) -> str:
    # Ties (as often as long: "Russia", "Moscow") go to the first in sorted order, not to the
    # order of a set, which changes from run to run.
    counts = Counter(names)
    return max(sorted(counts), key=lambda n: (counts[n], len(n)))


class _BestQuotes:
    """Each party's strongest direct quote on an issue: the longest of its most recent quotes
    about the issue, else one of its quotes that a report of the position itself stands on
    (their sentences overlap). The quotes are read once and ranked once per party and issue,
    not once per row (a country row weighs every quote of its officials)."""

    def __init__(
        self,
        store: Store,
        taxonomy: Taxonomy,
        articles: Collection[str] | None,
        quotes: Sequence[tuple[Quote, Source]] | None,
    ) -> None:
        self.store, self.taxonomy, self.articles, self.quotes = store, taxonomy, articles, quotes
        self._by_actor: dict[str, list[tuple[Quote, Source]]] | None = None
        self._slugs: dict[str, str | None] = {}  # a quote text's issue, found once
        self._best: dict[str, dict[str | None, tuple[Quote, Source]]] = {}

    def _said(self, actor: str) -> list[tuple[Quote, Source]]:
        if self._by_actor is None:
            self._by_actor = defaultdict(list)
            found = (
                self.quotes
                if self.quotes is not None
                else self.store.iter_sourced("quote", direct_only=True, articles=self.articles)
            )
            for rec, src in found:
                assert isinstance(rec, Quote)
                if self.articles is not None and src.article_id not in self.articles:
                    continue
                if rec.direct and rec.actor_id:
                    self._by_actor[self.store.canonical_id(rec.actor_id) or rec.actor_id].append((rec, src))
                    if rec.country:  # a minister's words also speak for the country's side
                        self._by_actor[country_id(rec.country)].append((rec, src))
        return self._by_actor.get(actor, [])

    def best(self, actor: str, slug: str, positions: Sequence[PositionDigest]) -> tuple[Quote, Source] | None:
        """The party's strongest quote on the issue (`max` over the quotes in reading order: the
        first of equal ones)."""
        said = self._said(actor)
        ranked = self._best.get(actor)
        if ranked is None:
            ranked = self._best[actor] = {}
            for q, s in said:
                if q.text not in self._slugs:
                    found = self.taxonomy.issue_of(q.text)
                    self._slugs[q.text] = found.slug if found is not None else None
                key, held = self._slugs[q.text], ranked.get(self._slugs[q.text])
                if held is None or _strength(q, s) > _strength(*held):
                    ranked[key] = (q, s)
        if slug in ranked or not said:
            return ranked.get(slug)
        spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for p in positions:
            spans[p.article_id].append((p.start, p.end))
        on_span = [
            (q, s) for q, s in said
            if any(q.start < end and start < q.end for start, end in spans.get(s.article_id, ()))
        ]  # fmt: skip
        return max(on_span, key=lambda qs: _strength(*qs)) if on_span else None


def _strength(q: Quote, s: Source) -> tuple[str, int]:
    return s.published or "", len(q.text.split())


def _cite(src: Source) -> str:
    return ", ".join(x for x in (src.outlet, src.published) if x)


@dataclass(frozen=True, slots=True)
class QuoteRow:
    """A quote as the quote list shows it."""

    speaker: str | None
    text: str
    direct: bool
    cue: str | None
    date: str | None
    outlet: str | None
    url: str | None
    article_id: str
    start: int = 0
    end: int = 0
    speaker_type: str | None = None
    commitment: str | None = None


def quote_list(
    store: Store,
    speaker: str | None = None,
    search: str | None = None,
    direct_only: bool = False,
    limit: int | None = None,
) -> list[QuoteRow]:
    """Quotes, newest first; `speaker` and `search` match folded words of the speaker and the text."""
    rows: list[QuoteRow] = []
    want_speaker = fold(speaker) if speaker else None
    want_text = fold(search) if search else None
    aliases = _aliases(store) if want_speaker else {}
    # Read newest first, in the order the list is shown, so a limited list stops reading early.
    for rec, src in store.iter_sourced("quote", direct_only=direct_only, newest_first=True):
        assert isinstance(rec, Quote)
        if direct_only and not rec.direct:
            continue
        if want_speaker:
            names = " ".join([fold(rec.speaker or ""), *aliases.get(rec.actor_id or "", [])])
            if want_speaker not in names:
                continue
        if want_text and want_text not in fold(rec.text):
            continue
        rows.append(
            QuoteRow(
                rec.speaker,
                rec.text,
                rec.direct,
                rec.cue,
                src.published,
                src.outlet,
                src.url,
                src.article_id,
                rec.start,
                rec.end,
                rec.speaker_type,
                rec.commitment,
            )
        )
        if limit and len(rows) == limit:
            break
    return rows


def grouped_quotes(
    store: Store,
    speaker: str | None = None,
    search: str | None = None,
    direct_only: bool = False,
    limit: int | None = None,
) -> list[QuoteGroup[QuoteRow]]:
    """The quote list with one entry per quote, however many outlets carried it
    (`knowledge.quotes`); reads at most ten rows for each quote asked for, newest first."""
    rows = quote_list(store, speaker, search, direct_only, limit * 10 if limit else None)
    groups = group_quotes(rows, speaker_of=lambda r: r.speaker, text_of=lambda r: r.text)
    return groups[:limit] if limit else groups


def _aliases(store: Store) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for actor in store.iter_records("actor"):
        out[actor.id] = [fold(n) for n in (actor.name, *actor.aliases)]  # type: ignore[attr-defined]
    return out


@dataclass(frozen=True, slots=True)
class HeldRole:
    """A role an actor held, as one report states it."""

    role: str
    affiliation: str | None
    date: str | None
    outlet: str | None
    url: str | None
    article_id: str
    start: int = 0
    end: int = 0


def held_role(rec: Role, src: Source) -> HeldRole:
    """A role as one report states it."""
    return HeldRole(
        rec.role, rec.affiliation, src.published, src.outlet, src.url, src.article_id, rec.start, rec.end
    )


def actor_roles(store: Store, actor_ids: Collection[str]) -> dict[str, list[HeldRole]]:
    """The roles each actor is given, with the date and source of every report, oldest first."""
    wanted = set(actor_ids)
    out: dict[str, list[HeldRole]] = defaultdict(list)
    for rec, src in store.iter_sourced("role"):
        assert isinstance(rec, Role)
        aid = store.canonical_id(rec.actor_id) if rec.actor_id else None
        if aid in wanted:
            out[aid].append(held_role(rec, src))
    return dict(out)
