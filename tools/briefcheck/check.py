"""Scoring one briefing: gold meetings found under "When and where", and the briefing's hygiene.

Which gold events are meetings: the gold actions ``meet`` (CONSULT in PLOVER: talks, a round,
a summit, attending, all four statuses) are the meetings scored. ``travel`` (a visit: PLOVER
CONSULT/visit, "Rubio will travel to Istanbul") is counted apart, as trips, because a trip is
not a round of talks; ``agree`` and ``release/exchange`` are outcomes, not meetings.

A gold meeting is *briefed* when one bullet of the ``when`` section states a story that
- names its parties: every party the gold gives (actor, target) is matched, by the reference
  scorer's rule (country code or surname), by one of the story's parties or of its events'
  sources and targets;
- says the right status: occurred → held; planned → due or expected; negated → not held,
  cancelled or postponed; hypothetical → possible (or expected: "could meet" is often said so);
- and has the right place or date: the gold place matches the story's place or is named in the
  bullet's text, or the gold date is the story's date (or inside its range, or one of the dates
  the reports differ on).
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

MEETING_ACTIONS = frozenset({"meet"})
TRIP_ACTIONS = frozenset({"travel"})
STATES = {
    "occurred": {"held"},
    "planned": {"due", "expected"},
    "negated": {"not held", "cancelled", "postponed"},
    "hypothetical": {"possible", "expected"},
}
# Stock phrases a realiser falls back to when it has no content of its own: a reader learns
# nothing from them (or they are not English). Each is a regular expression over a bullet.
TEMPLATE_PHRASES: tuple[tuple[str, str], ...] = (
    ("either-or verb", r"\b(?:agreement or offer|signed or endorsed|bodies or people)\b"),
    ("demands of", r"\bmade demands\b"),
    ("a concession", r"\bmade a concession\b"),
    ("acted against", r"\bacted against\b"),
    ("penalties", r"\bimposed penalties\b"),
    ("bare cooperated", r"\bcooperated\s*(?:[.(]|$)"),
    ("one side", r"\bOne side\b"),
    ("placeholder", r"[{}]"),
    ("bare stance", r"(?:—|:)\s*(?:supports|opposes|conditional)\s*(?:[.(]|$)"),
    ("that + gerund", r"\b(?:demands|insists|says|backs|rejects|wants) that \w+ing\b"),
    ("backs + clause", r"\b(?:backs|rejects) (?:that|to|if|whether)\b"),
    (
        "bare verb",
        r"(?:^|: )(?:[\w’'-]+ ){1,5}(?:proposed|offered|accepted|signed|endorsed|agreed|rejected|demanded)\s*(?:[.(]|$)",
    ),
    ("a proposal", r"\b(?:endorsed|endorse|backed|rejected|reject) a proposal\b"),
    ("sent aid", r"\bsent aid to\b"),
    ("withdrew forces", r"\bwithdrew forces\b"),
    ("double words", r"\b(\w+) \1\b"),
)
_TEMPLATES = [(name, re.compile(rx, re.IGNORECASE)) for name, rx in TEMPLATE_PHRASES]


def load_scorer(path: Path) -> ModuleType:
    """The reference scorer (``score.py``), for its party and date matching."""
    spec = importlib.util.spec_from_file_location("briefcheck_score", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load the reference scorer at {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass(slots=True)
class StoryFacts:
    """What the store says of a story a bullet states: parties, dates, place."""

    parties: list[dict[str, Any]]
    dates: list[str]
    date_end: str | None
    place: str | None
    type: str = ""
    state: str = ""
    """The reader's state the realiser gives the story (held, due, …)."""
    kept: bool = True
    """Among the briefing's stories (not left out as a lone unsure report)."""


@dataclass(slots=True)
class Tally:
    """Counts for one briefing (or a sum of them)."""

    meetings: int = 0
    placed: int = 0
    briefed: int = 0
    anywhere: int = 0
    trips: int = 0
    trips_briefed: int = 0
    bullets: int = 0
    uncited: int = 0
    templates: int = 0
    when_bullets: int = 0
    missed: list[str] = field(default_factory=list)
    why: dict[str, int] = field(default_factory=dict)
    template_hits: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        """Sum `other` into this tally."""
        for name in ("meetings", "placed", "briefed", "anywhere", "trips", "trips_briefed", "bullets", "uncited",
                     "templates", "when_bullets"):  # fmt: skip
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.missed += other.missed
        for k, v in other.why.items():
            self.why[k] = self.why.get(k, 0) + v
        self.template_hits += other.template_hits


def _fold(text: str | None) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", (text or "").lower()))


def _date_fits(scorer: ModuleType, gold: str, facts: StoryFacts) -> bool:
    if any(scorer.date_ok(gold, d) for d in facts.dates):
        return True
    lo = facts.dates[0] if facts.dates else None
    return bool(lo and facts.date_end and len(gold) == 10 and lo <= gold <= facts.date_end)


def _parties_fit(scorer: ModuleType, gold: dict[str, Any], facts: StoryFacts) -> bool:
    wanted = [g for g in (gold.get("actor"), gold.get("target")) if g]
    return all(any(scorer.party_match(g, ref) for ref in facts.parties) for g in wanted)


def fits(scorer: ModuleType, gold: dict[str, Any], bullet: dict[str, Any], facts: StoryFacts) -> bool:
    """Does this bullet brief this gold meeting (parties, status, place or date)?"""
    if not _parties_fit(scorer, gold, facts):
        return False
    state = (bullet.get("data") or {}).get("state")
    if state not in STATES.get(gold.get("status") or "occurred", set()):
        return False
    place = gold.get("place")
    placed = bool(place) and (
        scorer.party_match(place, facts.place or "")
        or f" {_fold(place)} " in f" {_fold(bullet.get('text'))} "
    )
    dated = bool(gold.get("date")) and _date_fits(scorer, gold["date"], facts)
    return placed or dated


def why_missed(
    scorer: ModuleType,
    gold: dict[str, Any],
    facts_of: dict[str, StoryFacts],
    stated: dict[str, str],
) -> str:
    """Why a gold meeting is not briefed under "when": the gold gives neither place nor date;
    no meeting story names its parties (extraction); the stories that do have the wrong state, or
    the wrong place and date; the right story is left out as unsure, stated in another section,
    or dropped by the section's selection (`stated`: story id → the section stating it)."""
    if not (gold.get("place") or gold.get("date")):
        return "unplaceable"
    named = [(sid, f) for sid, f in facts_of.items() if _parties_fit(scorer, gold, f)]
    meets = [(sid, f) for sid, f in named if f.type == "CONSULT"]
    if not meets:
        return "not extracted as a meeting" if not named else "extracted as another type"
    states = STATES.get(gold.get("status") or "occurred", set())
    right_state = [(sid, f) for sid, f in meets if f.state in states]
    if not right_state:
        return "wrong state"
    fake = {"text": ""}
    right = [
        (sid, f) for sid, f in right_state if fits(scorer, gold, {"data": {"state": f.state}, **fake}, f)
    ]
    if not right:
        return "wrong place/date"
    if any(stated.get(sid) not in (None, "when") for sid, _ in right):
        return "stated elsewhere"
    if all(not f.kept for _, f in right):
        return "left out as unsure"
    if any(stated.get(sid) == "when" for sid, _ in right):
        return "stated in when, bullet wrong"
    return "dropped by selection"


def template_hits(text: str) -> list[str]:
    """The stock phrases a bullet uses, by name."""
    return [name for name, rx in _TEMPLATES if rx.search(text)]


def all_bullets(brief: dict[str, Any]) -> Iterable[tuple[str, dict[str, Any]]]:
    """Every bullet of a JSON briefing with its section key (the lead as ``lead``)."""
    for b in brief.get("lead", []):
        yield "lead", b
    for sec in brief.get("sections", []):
        for b in sec.get("bullets", []):
            yield sec["key"], b


def score_briefing(
    scorer: ModuleType,
    brief: dict[str, Any],
    gold: Sequence[dict[str, Any]],
    facts_of: dict[str, StoryFacts],
) -> Tally:
    """Count the gold meetings briefed under "when" and the briefing's bullets, uncited bullets
    and template phrases."""
    t = Tally()
    bullets = list(all_bullets(brief))
    for key, b in bullets:
        t.bullets += 1
        t.uncited += not b.get("cites")
        t.when_bullets += key == "when"
        hits = template_hits(b.get("text", ""))
        if hits:
            t.templates += 1
            t.template_hits.append(f"{key}: {b.get('text', '')}  [{', '.join(hits)}]")
    stated = [(k, b, facts_of.get((b.get("data") or {}).get("story_id") or "")) for k, b in bullets]
    stated_in: dict[str, str] = {}
    for k, b in bullets:
        sid = (b.get("data") or {}).get("story_id")
        if sid and stated_in.get(sid) != "when":
            stated_in[sid] = k
    for g in gold:
        if g.get("kind") != "event" or g.get("action") not in MEETING_ACTIONS | TRIP_ACTIONS:
            continue
        when = any(f is not None and fits(scorer, g, b, f) for k, b, f in stated if k == "when")
        seen = any(f is not None and fits(scorer, g, b, f) for k, b, f in stated)
        if g["action"] in TRIP_ACTIONS:
            t.trips += 1
            t.trips_briefed += seen
            continue
        t.meetings += 1
        t.placed += bool(g.get("place") or g.get("date"))  # a gold meeting with neither can never count
        t.briefed += when
        t.anywhere += seen
        if not when:
            why = why_missed(scorer, g, facts_of, stated_in)
            t.why[why] = t.why.get(why, 0) + 1
            t.missed.append(
                f"{g['article_id']} {g.get('actor')}–{g.get('target')} {g.get('status')} "
                f"{g.get('date') or '-'} {g.get('place') or '-'}  [{why}]"
            )
    return t
