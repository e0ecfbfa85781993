"""The briefing: "what is known", in the seed explainer's shape, generated from stored knowledge.

Sections: a short lead (what happened last, what comes next); when and where; who; where the
parties stand; what was said; expectations; background. Every bullet is written from facts
(story events, roles, positions, quotes) and carries numbered citations to the sentences those
facts were read from — outlet, date, URL — all of them when several outlets report a fact;
conflicting reports are shown as such. `since` adds what changed in articles published on or
after a date.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from detente.knowledge.stories import COUNT
from detente.lexicon.names import fold
from detente.lexicon.taxonomy import Taxonomy
from detente.lexicon.words import words
from detente.records import Event, Mention, Quote, Role, Source, Story
from detente.report.phrases import day, story_sentence
from detente.report.views import position_table
from detente.store.base import Store

MAX_CITES = 6
_EXPECTED = frozenset(
    {"CONSULT", "AGREE", "SUPPORT", "RETREAT", "COOPERATE", "REQUEST", "REJECT", "THREATEN"}
)


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


class _Cites:
    def __init__(self) -> None:
        self.by_key: dict[tuple[str, int, int], Citation] = {}

    def add(self, src: Source, evidence: str, start: int, end: int) -> int:
        key = (src.article_id, start, end)
        if key not in self.by_key:
            self.by_key[key] = Citation(
                len(self.by_key) + 1,
                src.article_id,
                src.outlet,
                src.published,
                src.url,
                src.title,
                evidence,
                start,
                end,
            )
        return self.by_key[key].n


class _Builder:
    def __init__(self, store: Store, taxonomy: Taxonomy, scope: Scope) -> None:
        self.store, self.tax, self.scope = store, taxonomy, scope
        self.cites = _Cites()
        self.articles = self._articles()
        self.stories = [s for s in store.iter_stories() if any(a in self.articles for a in s.article_ids)]
        self.events: dict[str, tuple[Event, Source]] = {}  # loaded for the stories shown, not all
        self._quotes: list[tuple[Quote, Source]] | None = None
        self.latest = max((s.published for s in self.articles.values() if s.published), default=None)

    def _articles(self) -> dict[str, Source]:
        ids: set[str] | None = None
        if self.scope.query:
            ids = {h.article_id for h in self.store.search(self.scope.query, limit=100_000)}
        out: dict[str, Source] = {}
        for src in self.store.article_sources():
            if ids is not None and src.article_id not in ids:
                continue
            if self.scope.until and src.published and src.published > self.scope.until:
                continue
            out[src.article_id] = src
        if self.scope.actor:
            wanted = self.store.find_actor(self.scope.actor)
            keep = {
                m.article_id
                for m in self.store.iter_records("mention")
                if isinstance(m, Mention) and self.store.canonical_id(m.actor_id) == wanted
            }
            out = {k: v for k, v in out.items() if k in keep}
        return out

    def quotes(self) -> list[tuple[Quote, Source]]:
        """The direct quotes in scope, read once."""
        if self._quotes is None:
            self._quotes = [
                (q, s)
                for q, s in self.store.iter_sourced("quote", direct_only=True)
                if isinstance(q, Quote) and s.article_id in self.articles
            ]
        return self._quotes

    def _sourced(self, kind: str) -> Iterable[tuple[Any, Source]]:
        for rec, src in self.store.iter_sourced(kind):
            if src.article_id in self.articles:
                yield rec, src

    # -- citations ------------------------------------------------------------------------------
    def _load(self, story: Story) -> None:
        missing = [e for e in story.event_ids if e not in self.events]
        if missing:
            self.events.update(self.store.get_events(missing))

    def _story_cites(self, story: Story) -> list[int]:
        self._load(story)
        seen: dict[str, int] = {}
        for eid in story.event_ids:
            found = self.events.get(eid)
            if found is None:
                continue
            e, src = found
            if src.article_id in self.articles and src.article_id not in seen:
                seen[src.article_id] = self.cites.add(src, e.evidence, e.start, e.end)
        return list(seen.values())[:MAX_CITES]

    def _amount(self, story: Story) -> str | None:
        """The number the reports give ("1,000 prisoners"), when most of them agree on it."""
        if story.type not in ("RETREAT", "AGREE", "ASSAULT") or any(
            c.field.startswith("count") for c in story.conflicts
        ):
            return None
        self._load(story)
        found: Counter[str] = Counter()
        for eid in story.event_ids:
            if eid in self.events:
                for number, noun in COUNT.findall(self.events[eid][0].evidence):
                    found[f"{number.rstrip('.,')} {noun.lower()}"] += 1
        return found.most_common(1)[0][0] if found else None

    def _conflict_note(self, story: Story) -> str:
        notes = []
        for c in story.conflicts:
            values = []
            for v in c.values:
                cites = [self._cite_article(story, a) for a in v["article_ids"]]
                label = day(v["value"]) if c.field == "date" else v["value"]
                values.append(f"{label} {''.join(f'[{n}]' for n in cites if n)}".strip())
            notes.append(f"reports differ on the {c.field}: " + "; ".join(values))
        return (" — " + " · ".join(notes)) if notes else ""

    def _cite_article(self, story: Story, article_id: str) -> int | None:
        self._load(story)
        for eid in story.event_ids:
            found = self.events.get(eid)
            if found and found[1].article_id == article_id and article_id in self.articles:
                return self.cites.add(found[1], found[0].evidence, found[0].start, found[0].end)
        return None

    def _story_bullet(self, story: Story, kind: str) -> Bullet:
        text = story_sentence(story)
        amount = self._amount(story)
        if amount:
            text += f" — {amount}"
        if story.sources > 1:
            text += f" ({story.sources} outlets)"
        text += self._conflict_note(story)
        return Bullet(
            text,
            self._story_cites(story),
            kind,
            data={"story_id": story.id, "parties": [p.name for p in story.parties]},
        )

    # -- sections -------------------------------------------------------------------------------
    def meetings(self) -> list[Story]:
        return sorted(
            (s for s in self.stories if s.type == "CONSULT" and len(s.parties) >= 2 and s.date),
            key=lambda s: (s.date or "", -s.sources),
        )

    def when_and_where(self) -> Section:
        sec = Section("when", "When and where")
        for s in self._top(self.meetings(), 12):
            sec.bullets.append(self._story_bullet(s, "meeting"))
        return sec

    def _top(self, stories: Sequence[Story], n: int) -> list[Story]:
        """The n most reported, back in date order."""
        best = sorted(stories, key=lambda s: -s.sources)[:n]
        return sorted(best, key=lambda s: (s.date or "9999", -s.sources))

    def who(self) -> Section:
        sec = Section("who", "Who")
        roles: dict[str, list[tuple[Role, Source]]] = defaultdict(list)
        for r, src in self._sourced("role"):
            if isinstance(r, Role) and r.actor_id:
                roles[(self.store.canonical_id(r.actor_id) or r.actor_id)].append((r, src))
        ranked = sorted(roles.items(), key=lambda kv: -len({s.article_id for _, s in kv[1]}))
        by_country: dict[str, list[Bullet]] = defaultdict(list)
        for _, items in ranked[:24]:
            person = Counter(r.person for r, _ in items).most_common(1)[0][0]
            country = Counter(r.affiliation or r.country or "" for r, _ in items).most_common(1)[0][0]
            texts = Counter(_role_key(r.role) for r, _ in items)
            chosen = [k for k, _ in texts.most_common(3)]
            shown = [next(r.role for r, _ in items if _role_key(r.role) == k) for k in chosen]
            cites = []
            for k in chosen:
                r, src = next((r, s) for r, s in items if _role_key(r.role) == k)
                cites.append(self.cites.add(src, r.evidence, r.start, r.end))
            bullet = Bullet(
                f"{person} — {'; '.join(shown)}", cites, "person", data={"person": person, "country": country}
            )
            by_country[country or "other"].append(bullet)
        for country, bullets in sorted(by_country.items(), key=lambda kv: -len(kv[1])):
            for b in bullets[:6]:
                b.text = f"{country}: {b.text}" if country != "other" else b.text
                sec.bullets.append(b)
        return sec

    def stances(self) -> Section:
        sec = Section("stand", "Where the parties stand")
        rows = [
            r
            for r in position_table(
                self.store, self.tax, by_country=True, articles=set(self.articles), quotes=self.quotes()
            )
            if r.issue != "other"
        ]
        in_scope = []
        for r in rows:
            history = [h for h in r.history if h.article_id in self.articles]
            if history:
                in_scope.append((r, history))
        in_scope.sort(key=lambda rh: (rh[0].issue, -len(rh[1])))
        for r, history in in_scope[:30]:
            latest = history[-1]
            label = next((i.label for i in self.tax.issues if i.slug == r.issue), r.issue)
            who = f"{r.party} ({', '.join(r.members[:3])})" if r.members else r.party
            text = f"{label}: {who} — {_stance_words(latest.stance)} (as of {day(latest.date) or 'undated'}, {len({h.article_id for h in history})} report(s))"
            earlier = [h for h in history if h.stance != latest.stance]
            if earlier:
                text += f"; earlier {_stance_words(earlier[-1].stance)} ({day(earlier[-1].date)})"
            cites = [
                self.cites.add(self.articles[h.article_id], h.evidence, h.start, h.end)
                for h in history[-MAX_CITES:]
            ]
            bullet = Bullet(
                text,
                sorted(set(cites)),
                "position",
                data={"party": r.party, "members": r.members, "issue": r.issue, "stance": latest.stance},
            )
            if r.quote:
                bullet.quote = r.quote
            sec.bullets.append(bullet)
        return sec

    def said(self) -> Section:
        sec = Section("said", "What was said")
        quotes = [(q, s) for q, s in self.quotes() if len(q.text.split()) >= 8 and q.speaker]
        per: dict[str, list[tuple[Quote, Source]]] = defaultdict(list)
        for q, s in quotes:
            per[q.actor_id or fold(q.speaker or "")].append((q, s))
        ranked = sorted(per.values(), key=lambda qs: -len(qs))[:8]
        chosen = []
        for qs in ranked:
            qs.sort(key=lambda qs_: (qs_[1].published or "", len(qs_[0].text)), reverse=True)
            chosen.extend(qs[:2])
        chosen.sort(key=lambda qs_: qs_[1].published or "", reverse=True)
        for q, s in chosen[:12]:
            n = self.cites.add(s, q.evidence, q.start, q.end)
            when = f", {day(s.published)}" if s.published else ""
            sec.bullets.append(
                Bullet(
                    f"{q.speaker}{when}", [n], "quote", quote=q.text.strip(" ,"), data={"speaker": q.speaker}
                )
            )
        return sec

    def expectations(self) -> Section:
        sec = Section("expect", "Expectations")
        after = self.latest or ""
        planned = [
            s for s in self.stories
            if s.status in ("planned", "hypothetical") and (s.date is None or s.date >= after[: len(s.date)])
        ]  # fmt: skip
        planned = [s for s in planned if s.type in _EXPECTED and (len(s.parties) >= 2 or s.sources >= 2)]
        planned.sort(key=lambda s: (s.date or "9999", -s.sources))
        for s in planned[:10]:
            sec.bullets.append(self._story_bullet(s, "expected"))
        return sec

    def background(self) -> Section:
        sec = Section("background", "Background")
        past = [s for s in self.stories if s.status == "occurred" and s.date and s.type != "CONSULT"]
        past += [s for s in self.meetings() if self.latest and s.date and s.date < self.latest[:7]]
        for s in self._top(past, 15):
            sec.bullets.append(self._story_bullet(s, "background"))
        return sec

    def lead(self) -> list[Bullet]:
        out = []
        done = [
            s
            for s in self.stories
            if s.status == "occurred" and s.date and len(s.parties) >= 2 and s.sources >= 1
        ]
        if done:
            last = max(done, key=lambda s: (s.date or "", s.sources))
            b = self._story_bullet(last, "lead")
            b.text = "Latest: " + b.text
            out.append(b)
        nxt = self.expectations().bullets
        if nxt:
            b = nxt[0]
            b.text = "Next: " + b.text
            out.append(b)
        return out

    def changes(self, since: str) -> Section:
        sec = Section("changes", f"What changed since {day(since)}")
        new = [
            s
            for s in self.stories
            if all((self.articles[a].published or "") >= since for a in s.article_ids if a in self.articles)
        ]
        for s in self._top(new, 10):
            sec.bullets.append(self._story_bullet(s, "new"))
        for b in self.stances().bullets:
            if "earlier" in b.text:
                sec.bullets.append(
                    Bullet("Changed: " + b.text, b.cites, "changed", quote=b.quote, data=b.data)
                )
        return sec

    def timeline(self) -> list[dict[str, Any]]:
        return [
            {
                "date": s.date,
                "type": s.type,
                "status": s.status,
                "text": story_sentence(s),
                "sources": s.sources,
                "story_id": s.id,
            }
            for s in sorted((s for s in self.stories if s.date), key=lambda s: s.date or "")
        ]


_ROLE_KEY_SKIP = words("report.role_key_skip")


def _role_key(role: str) -> str:
    return " ".join(sorted(set(fold(role).replace("defense", "defence").split()) - _ROLE_KEY_SKIP))


def _stance_words(stance: str) -> str:
    return {"support": "supports", "oppose": "opposes", "conditional": "supports on conditions"}.get(
        stance, stance
    )


def build_briefing(store: Store, taxonomy: Taxonomy, scope: Scope | None = None) -> Briefing:
    """The briefing over the stored articles in `scope` (all by default)."""
    scope = scope or Scope()
    b = _Builder(store, taxonomy, scope)
    sections = []
    if scope.since:
        sections.append(b.changes(scope.since))
    sections += [b.when_and_where(), b.who(), b.stances(), b.said(), b.expectations(), b.background()]
    lead = b.lead()
    citations = sorted(b.cites.by_key.values(), key=lambda c: c.n)
    subject = scope.query or scope.actor or "the stored reports"
    generated = dt.date.today().isoformat()
    return Briefing(
        title=f"What is known: {subject}",
        scope={"query": scope.query, "actor": scope.actor, "since": scope.since, "until": scope.until,
               "articles": len(b.articles), "latest": b.latest, "generated": generated},
        lead=lead,
        sections=[s for s in sections if s.bullets],
        citations=citations,
        timeline=b.timeline(),
    )  # fmt: skip
