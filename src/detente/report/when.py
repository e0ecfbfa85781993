"""When and where: each round of the main sides' talks (date, place, state, who led each
delegation), other meetings of named sides, who will not attend, trips to the talks and the
outcomes of the rounds. Which stories are meetings, which are rounds of the present series and
which a reader is told of are decided here."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import replace
from typing import TYPE_CHECKING

from detente.lexicon.actors import load_knowledge
from detente.lexicon.names import fold
from detente.lexicon.words import words
from detente.records import ActorRef, Story
from detente.report.people import heads
from detente.report.realise import DUE, EXPECTED, HELD, NOT_HELD, POSSIBLE, demonym, parse_day

if TYPE_CHECKING:
    from detente.report.briefing import Builder, Bullet, Section

_TEAMS = words("report.delegation_nouns")
_GENERIC = words("report.generic_roles")
# An unnamed party is still a side when it is an armed or opposing group.
_GROUP_WORDS = words("roles.rebel_words") | {"opposition", "separatists", "separatist"}
_DEMONYMS = frozenset(d for c in load_knowledge().countries.values() for d in (*c.demonyms, c.name))


def _section(key: str, title: str) -> Section:
    from detente.report.briefing import Section

    return Section(key, title)


def _led_by(b: Builder, story: Story) -> str:
    """ "; Vladimir Medinsky leads the Russian delegation, Rustem Umerov the Ukrainian one"."""
    found = heads(b, story)
    parts: list[str] = []
    for code, person in found:
        adj = demonym(code, b.countries)
        parts.append(f"{person} {'leads' if not parts else ''} the {adj} delegation".replace("  ", " "))
    if not parts:
        return ""
    if len(parts) == 2:
        second = parts[1].replace(" the ", " the ", 1).replace(" delegation", " one")
        return f"; {parts[0]}, {second}"
    return f"; {parts[0]}"


def own_dated(b: Builder, story: Story) -> bool:
    """The story's date is read from one of its own meeting reports (a held, planned or called-off
    event whose own date expression gives that date), not attached from another event or the
    publication."""
    if not story.date:
        return False
    return any(
        e.date
        and e.date_text
        and e.date[: len(story.date)] == story.date
        and e.status in ("occurred", "planned", "negated")
        for e in b.events_of(story)
    )


def own_placed(b: Builder, story: Story) -> bool:
    """The story's place is read from a report that says what the briefing states (a place from
    a merged possibility — "could meet in Turkey" — is no place of the talks held)."""
    if story.place is None:
        return False
    want = {HELD: ("occurred",), POSSIBLE: ("hypothetical",)}.get(b.said(story).state, ("planned", "negated"))
    return any(
        e.place is not None and e.place.name == story.place.name and e.status in want
        for e in b.events_of(story)
    )


def _named_side(ref: ActorRef) -> str:
    """An unresolved party that still names a side, as its key: as an armed or opposing group
    ("a coalition of opposition groups", "the Tamil Tiger rebels"), or by a proper name that is
    no country's adjective ("National Salvation Front"); "" for a country's officials or a
    relational noun ("European counterparts", "Turkish officials", "field commanders"): no one a
    reader could place."""
    words_ = ref.name.replace("'s", "").replace("’s", "").split()
    key = f"name:{fold(ref.name).removeprefix('the ')}"
    if {w.lower() for w in words_} & _GROUP_WORDS:
        return key
    if not words_ or words_[-1].lower() in _GENERIC:
        return ""
    # a capital opening the name may open the sentence ("Experts met"): a name all in capitals is one
    titled = len(words_) > 1 and all(w[:1].isupper() for w in words_)
    proper = [w for i, w in enumerate(words_) if w[:1].isupper() and (i or titled)]
    return key if any(w not in _DEMONYMS for w in proper) else ""


def _distinct_parties(story: Story) -> int:
    """How many different sides a story names that are known actors, countries or proper names:
    two people of one country are two sides (a president and a rebel leader), and so are a state
    and a group of it (PLOVER), but a country and a person of its own (its envoy) are one."""
    named = [p for p in story.parties if p.actor_id or p.country]
    states = {p.country for p in named if (p.actor_id or "").startswith("country:")}
    sides = {
        p.country if p.country in states and (p.actor_id or "").startswith(("person:", "country:"))
        else (p.actor_id or p.country or "")
        for p in named
    }  # fmt: skip
    sides |= {_named_side(p) for p in story.parties if not (p.actor_id or p.country)}
    return len(sides - {""})


def side_key(ref: ActorRef) -> str:
    """The side a party stands for in the rounds: a group by itself (a rebel movement is not its
    country's government), a state or its people by the country, else its proper name."""
    aid = ref.actor_id or ""
    if aid.startswith("organization:"):
        return aid
    return ref.country or aid or _named_side(ref)


def side_keys(story: Story) -> frozenset[str]:
    """The sides of a story's parties ("" left out)."""
    return frozenset(side_key(p) for p in story.parties) - {""}


def main_sides(stories: list[Story]) -> frozenset[str]:
    """The two sides the stored meetings are mostly between (by outlets), governments or groups:
    "Indonesia" and "the Free Aceh Movement" as well as "Russia" and "Ukraine"."""
    pairs: Counter[frozenset[str]] = Counter()
    for s in stories:
        keys = side_keys(s)
        if s.type == "CONSULT" and len(keys) == 2 and s.mode not in ("visit", "phone"):
            pairs[keys] += s.sources
    return pairs.most_common(1)[0][0] if pairs else frozenset()


_POOL = 60  # stories of one kind whose events are read (the most reported): enough for any cap


def _pool(b: Builder, stories: list[Story]) -> list[Story]:
    """The most reported of `stories`, their events read in one go (a large store has thousands)."""
    pool = sorted(stories, key=lambda s: -s.sources)[:_POOL]
    b.load(pool)
    return pool


def meetings(b: Builder) -> list[Story]:
    """The meetings a reader lists under "When and where": talks between two or more named parties
    (of two countries, or a government and a group of one) that were held, are due or expected,
    or were called off, each with a place or a date of its own; not phone calls, not a possibility.
    A lone report's meeting of two named sides read nearly as surely as the briefing asks is one
    too (told hedged)."""
    from detente.report.briefing import MEETING_MARGIN

    floor = b.scope.min_confidence - MEETING_MARGIN
    unsure = [s for s in b.unsure if s.type == "CONSULT" and s.mode is None and _distinct_parties(s) >= 2]
    b.load(unsure)
    cands = [
        s for s in b.stories
        if s.type == "CONSULT" and s.mode not in ("phone", "visit") and (s.place is not None or s.date)
        and _distinct_parties(s) >= (1 if s.mode == "third-party" else 2)  # a mediator may be named alone
    ] + [s for s in unsure if (s.place is not None or s.date) and b.confidence(s) >= floor]  # fmt: skip
    out = []
    for s in _pool(b, cands):
        if not (own_placed(b, s) or own_dated(b, s)):
            continue
        said = b.said(s)
        if said.state == POSSIBLE or b.stale(s):
            continue
        if said.state == NOT_HELD and s.sources < 2:
            continue  # "A and B did not meet" from one report is more often a misread than news
        out.append(s)
    return out


def _absences(b: Builder) -> list[Story]:
    """One named party's meeting reported as not happening ("will not attend"), with a place or date."""
    cands = [
        s for s in b.stories
        if s.type == "CONSULT" and s.status == "negated" and len(s.parties) == 1 and s.mode != "phone"
        and _traveller(s) and (s.place is not None or s.date) and b.current(s)
    ]  # fmt: skip
    return [
        s for s in _pool(b, cands) if (s.place is not None or own_dated(b, s)) and b.said(s).state != HELD
    ]


def _traveller(story: Story) -> bool:
    """A person or a delegation travels abroad; a country "travelling" is a misread, and so is a
    leader "travelling" to his own capital (he hosts)."""
    first = story.parties[0] if story.parties else None
    if first is None:
        return False
    if (
        story.mode == "visit"
        and story.place is not None
        and first.country
        and story.place.country == first.country
    ):
        return False
    if (first.actor_id or "").startswith("person:"):
        return True
    return any(w in _TEAMS for w in first.name.lower().split())


def _trips(b: Builder) -> list[Story]:
    """Trips of people or delegations abroad to a named place that are due, expected or under way."""
    cands = [
        s for s in b.stories
        if s.type == "CONSULT" and s.mode == "visit" and s.place is not None and _traveller(s)
        and s.parties[0].country != s.place.country and b.current(s)
    ]  # fmt: skip
    return [s for s in _pool(b, cands) if b.said(s).state in (HELD, DUE, EXPECTED) and not b.stale(s)]


def series(b: Builder, rounds: list[Story]) -> list[Story]:
    """The rounds of the present series: back from the latest, until a year passes without one
    (the talks of 2022 are background to those of 2025, not a round of them)."""
    dated = sorted((r for r in rounds if r.date), key=lambda r: r.date or "", reverse=True)
    keep: list[Story] = []
    for r in dated:
        day, last = parse_day(r.date), parse_day(keep[-1].date) if keep else None
        if day is not None and last is not None and (last - day).days > 365:
            break
        keep.append(r)
    return keep + [r for r in rounds if not r.date]


def confirmed(b: Builder, rounds: list[Story]) -> list[Story]:
    """The rounds a reader is told of: an undated report of talks held, where dated rounds were
    held, is one of them again (or a misread place: "talks in Ukraine"), not another; and a round one report alone dates within ten days of a round
    several reports date at the same place is that round misdated (a date read from a sentence
    about something else), unless the report is news of the last two days. An undated plan at the
    place of a round held after its last report is that round's plan, overtaken."""
    dated = [r for r in rounds if own_dated(b, r)]
    held_at = [r for r in dated if b.said(r).state == HELD]
    firm = [r for r in dated if r.sources >= 2]
    latest = parse_day(b.latest)
    out = []
    for r in rounds:
        if r not in dated and b.said(r).state == HELD and held_at:
            continue
        if r not in dated and b.said(r).state in (DUE, EXPECTED) and _overtaken(b, r, held_at):
            continue
        newest, day = parse_day(b.newest(r)), parse_day(r.date)
        fresh = latest is not None and newest is not None and (latest - newest).days <= 2
        echo = any(
            f is not r and f.place is not None and r.place is not None and f.place.name == r.place.name
            and (d := parse_day(f.date)) is not None and day is not None and abs((d - day).days) <= 10
            for f in firm
        )  # fmt: skip
        if r.sources < 2 and echo and not fresh:
            continue
        out.append(r)
    return out


def _overtaken(b: Builder, plan: Story, held: list[Story]) -> bool:
    """A round was held at the plan's place on or after the day of the plan's last report."""
    where, last = (plan.place.name if plan.place is not None else None), (b.newest(plan) or "")[:10]
    return bool(where and last) and any(
        r.place is not None and r.place.name == where and (r.date or "") >= last for r in held
    )


def _dated_copy(b: Builder, story: Story) -> Story:
    """The story as the briefing states it: without a date its own reports do not give."""
    return story if own_dated(b, story) else replace(story, date=None, date_end=None)


def _hosted(story: Story) -> bool:
    """The story names its host country as a party ("Ethiopia and South Africa held talks in Pretoria")."""
    where = story.place.country if story.place is not None else None
    return bool(where) and any(
        p.country == where and (p.actor_id or "").startswith("country:") for p in story.parties
    )


def one_reading(b: Builder, found: list[Story]) -> list[Story]:
    """A meeting read twice from the same sentences, once with its delegates and once with their
    country and the host ("Ethiopia and South Africa held talks in Pretoria"), is told by the
    reading that does not make the host a party: a hosted reading is left out where another
    story of the same day and place is read from some of its sentences."""
    said = {s.id: frozenset((e.article_id, e.start) for e in b.events_of(s)) for s in found}

    def where(s: Story) -> tuple[str | None, str | None]:
        return s.date, s.place.name if s.place is not None else None

    return [
        s for s in found
        if not _hosted(s)
        or not any(t is not s and not _hosted(t) and where(t) == where(s) and said[t.id] & said[s.id] for t in found)
    ]  # fmt: skip


def _recent(b: Builder, rounds: list[Story]) -> str:
    """The first day of the present talks: half a year before their first round (or the last
    report, when no round is dated), for the other meetings told beside the rounds."""
    days = [d for r in rounds if (d := parse_day(r.date)) is not None]
    anchor = min(days) if days else b.today
    if anchor is None:
        return ""
    return (anchor - dt.timedelta(days=183)).isoformat()


def when_and_where(b: Builder) -> Section:
    """Each round of the main sides' talks (date, place, state, who led each delegation), other
    meetings of named parties, who will not attend, trips to the talks, and earlier rounds where
    room is left: a round needs a held or planned report with its own date; a date reached only
    by inference is not stated."""
    sec = _section("when", "When and where")
    pair = set(b.dyad())
    found = one_reading(b, meetings(b))
    sides = main_sides(found)
    of_pair = [s for s in found if side_keys(s) == sides] if sides else []
    rounds = confirmed(b, series(b, of_pair))
    since = _recent(b, rounds)
    others = [s for s in found if s not in of_pair and (not s.date or s.date >= since)]
    earlier = [s for s in confirmed(b, of_pair) if s not in rounds and s.date and b.said(s).state == HELD]
    # then the other meetings held before the present talks (a mediator's first rounds)
    earlier += [
        s for s in found if s not in of_pair and s not in others and s.date and b.said(s).state == HELD
    ]
    seen: dict[str, Bullet] = {}
    heads_said: list[str] = []

    def add(story: Story, kind: str, place: str | None, extra: str = "") -> None:
        bullet = b.story_bullet(_dated_copy(b, story), kind, place=place, extra=extra)
        bullet.data["story_id"] = story.id
        key = bullet.text.removeprefix("One report says ").removeprefix("Reports suggest ").lower()
        if key in seen:  # two stories the reports tell the same way: one line, both cited
            seen[key].cites = sorted(set(seen[key].cites) | set(bullet.cites))
            return
        seen[key] = bullet
        sec.bullets.append(bullet)

    cap = b.cap("when")
    for s in b.top(rounds, "when"):
        # "leads" is said of the present talks: with no report dated, a round held is not known to be
        led = _led_by(b, s) if b.current(s) and (b.today is not None or b.said(s).state != HELD) else ""
        who = ",".join(sorted(name for _, name in heads(b, s)))
        if led and who in heads_said:  # the same heads again: said once, with the first round
            led = ""
        heads_said.append(who)
        add(s, "meeting", b.place_of(s), led)
    for s in b.top(others, "when")[: max(0, cap - len(sec.bullets))]:
        add(s, "meeting", b.place_of(s))
    for s in b.top(_absences(b), "when")[: max(0, min(3, cap + 2 - len(sec.bullets)))]:
        add(s, "absent", b.place_of(s))
    for s in b.top(_trips(b), "when")[: max(0, min(3, cap + 3 - len(sec.bullets)))]:
        add(s, "trip", None)
    for s in b.top(earlier, "when")[: max(0, cap - len(sec.bullets))]:
        add(s, "earlier", b.place_of(s))  # the meetings of an earlier series, where room is left
    outcomes = [
        s for s in b.stories
        if s.type in ("AGREE", "SUPPORT") and s.date and b.current(s)
        and {p.country for p in s.parties} == pair and s.sources >= 2
    ]  # fmt: skip
    fresh = [s for s in b.top(outcomes, "when", extra=4) if not b.stale(s) and b.said(s).complete]
    for s in fresh[: max(0, min(2, cap - len(sec.bullets)))]:
        sec.bullets.append(b.story_bullet(s, "outcome"))
    return sec
