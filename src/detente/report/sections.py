"""The briefing's story sections: lead, when and where, what was said, expectations, background,
why here, what changed, and the timeline rows. Who and where the parties stand are in
`people.py` and `stances.py`."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from detente.lexicon.names import fold
from detente.lexicon.words import words
from detente.records import Quote, Source, Story
from detente.report.people import heads
from detente.report.realise import (
    DUE,
    EXPECTED,
    HELD,
    NOT_HELD,
    POSSIBLE,
    Said,
    demonym,
    parse_day,
    party_name,
    say_date,
)
from detente.report.stances import host_stances, short_quote

if TYPE_CHECKING:
    from detente.report.briefing import Builder, Bullet, Section

_AGENCIES = words("report.news_agencies")
_TEAMS = words("report.delegation_nouns")
_LEAD_TYPES = frozenset({"CONSULT", "AGREE", "SUPPORT", "RETREAT"})
_SPEECH_VERBS = frozenset({"said", "told", "says", "added", "stressed", "wrote", "noted", "warned", "stated"})


def _section(key: str, title: str) -> Section:
    from detente.report.briefing import Section

    return Section(key, title)


def _bullet(text: str, cites: list[int], kind: str, **kw: Any) -> Bullet:
    from detente.report.briefing import Bullet

    return Bullet(text, cites, kind, **kw)


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


def _distinct_parties(story: Story) -> int:
    """How many different sides a story names that are known actors or countries: two people of
    one country are two sides (a president and a rebel leader), and so are a state and a group of
    it (PLOVER), but a country and a person of its own (its envoy) are one."""
    named = [p for p in story.parties if p.actor_id or p.country]
    states = {p.country for p in named if (p.actor_id or "").startswith("country:")}
    sides = {
        p.country if p.country in states and (p.actor_id or "").startswith(("person:", "country:"))
        else (p.actor_id or p.country or "")
        for p in named
    }  # fmt: skip
    return len(sides - {""})


_POOL = 60  # stories of one kind whose events are read (the most reported): enough for any cap


def _pool(b: Builder, stories: list[Story]) -> list[Story]:
    """The most reported of `stories`, their events read in one go (a large store has thousands)."""
    pool = sorted(stories, key=lambda s: -s.sources)[:_POOL]
    b.load(pool)
    return pool


def meetings(b: Builder) -> list[Story]:
    """The meetings a reader lists under "When and where": talks between two or more named parties
    (of two countries, or a government and a group of one) that were held, are due or expected,
    or were called off, each with a place or a date of its own; not phone calls, not a possibility."""
    cands = [
        s for s in b.stories
        if s.type == "CONSULT" and s.mode not in ("phone", "visit") and (s.place is not None or s.date)
        and _distinct_parties(s) >= (1 if s.mode == "third-party" else 2)  # a mediator may be named alone
    ]  # fmt: skip
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
    about something else), unless the report is news of the last two days."""
    dated = [r for r in rounds if own_dated(b, r)]
    held_at = [r for r in dated if b.said(r).state == HELD]
    firm = [r for r in dated if r.sources >= 2]
    latest = parse_day(b.latest)
    out = []
    for r in rounds:
        if r not in dated and b.said(r).state == HELD and held_at:
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


def _dated_copy(b: Builder, story: Story) -> Story:
    """The story as the briefing states it: without a date its own reports do not give."""
    from dataclasses import replace

    return story if own_dated(b, story) else replace(story, date=None, date_end=None)


def when_and_where(b: Builder) -> Section:
    """Each round of the main pair's talks (date, place, state, who led each delegation), other
    meetings of named parties, who will not attend, and trips to the talks: a round needs a held
    or planned report with its own date; a date reached only by inference is not stated."""
    sec = _section("when", "When and where")
    pair = set(b.dyad())
    found = meetings(b)
    rounds = confirmed(b, series(b, [s for s in found if pair and {p.country for p in s.parties} == pair]))
    others = [s for s in found if {p.country for p in s.parties} != pair and b.current(s)]
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
        led = _led_by(b, s) if b.current(s) else ""
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
    outcomes = [
        s for s in b.stories
        if s.type in ("AGREE", "SUPPORT") and s.date and b.current(s)
        and {p.country for p in s.parties} == pair and s.sources >= 2
    ]  # fmt: skip
    fresh = [s for s in b.top(outcomes, "when", extra=4) if not b.stale(s) and b.said(s).complete]
    for s in fresh[: max(0, min(2, cap - len(sec.bullets)))]:
        sec.bullets.append(b.story_bullet(s, "outcome"))
    return sec


def said(b: Builder) -> Section:
    """Direct quotes of weight: a few per speaker, the speakers most quoted first, no agency."""
    sec = _section("said", "What was said")
    outlets = {fold(s.outlet or "").split(".")[0] for s in b.articles.values() if s.outlet}
    per: dict[str, list[tuple[Quote, Source]]] = defaultdict(list)
    for q, s in b.quotes():
        name = fold(q.speaker or "")
        kind = getattr(q, "speaker_type", None)
        if (
            len(q.text.split()) < 6
            or not name
            or name in _AGENCIES
            or name in outlets
            or kind in ("media", "outlet")
        ):
            continue
        per[q.actor_id or name].append((q, s))
    ranked = sorted(per.values(), key=lambda qs: -len({s.article_id for _, s in qs}))
    chosen: list[tuple[Quote, Source]] = []
    for round_ in range(2):
        for qs in ranked:
            qs.sort(key=lambda x: (x[1].published or "", len(x[0].text)), reverse=True)
            if len(qs) > round_:
                chosen.append(qs[round_])
    multi_day = len({s.published for s in b.articles.values()}) > 1
    for q, s in chosen[: b.cap("said")]:
        n = b.cites.add(s, q.evidence, q.start, q.end)
        cue = q.cue if q.cue and q.cue.split()[0].lower() in _SPEECH_VERBS and q.cue != "told" else "said"
        when = f" ({say_date(s.published, b.year, False)})" if s.published and multi_day else ""
        sec.bullets.append(
            _bullet(
                f"{q.speaker} {cue}{when}:",
                [n],
                "quote",
                quote=short_quote(q.text),
                data={"speaker": q.speaker},
            )
        )
    return sec


def expectations(b: Builder) -> Section:
    """What comes next: happenings due, expected or possible after the last report."""
    sec = _section("expect", "Expectations")
    ahead = [
        s for s in b.stories
        if s.id not in b.used and s.status in ("planned", "hypothetical")
        and (s.date is None or not b.latest or s.date >= b.latest[: len(s.date)])
        and s.type in _EXPECTED_TYPES() and (len(s.parties) >= 2 or s.sources >= 2 or s.mode == "visit")
    ]  # fmt: skip
    for s in [s for s in b.top(ahead, "expect", extra=6) if not b.stale(s)][: b.cap("expect")]:
        st = b.said(s).state
        if not b.said(s).complete and not b.detail:
            continue
        if st in (DUE, EXPECTED) or (st == POSSIBLE and (s.sources >= 2 or s.type == "CONSULT")):
            sec.bullets.append(
                b.story_bullet(s, "expected", place=b.place_of(s) if s.type == "CONSULT" else None)
            )
    return sec


def _EXPECTED_TYPES() -> frozenset[str]:
    from detente.report.briefing import _EXPECTED_TYPES as types

    return types


def background(b: Builder) -> Section:
    """What happened before the latest month, oldest first."""
    from detente.report.briefing import _BACKGROUND_TYPES

    sec = _section("background", "Background")
    month = (b.latest or "9999")[:7]
    past = [
        s for s in b.stories
        if s.id not in b.used and s.status == "occurred" and s.date and (s.date[:7] < month or not b.current(s))
        and s.type in _BACKGROUND_TYPES and len(s.parties) >= 2
    ]  # fmt: skip
    sayable = [
        s for s in b.top(past, "background", by_date=False, extra=8) if b.said(s).state == HELD and (b.said(s).complete or b.detail)
    ]  # fmt: skip  # filtered before the cap, so that an unsayable story takes no place
    for s in sorted(sayable[: b.cap("background")], key=lambda s: s.date or ""):
        sec.bullets.append(
            b.story_bullet(s, "background", place=b.place_of(s) if s.type == "CONSULT" else None)
        )
    return sec


def why_here(b: Builder) -> Section:
    """The host: the earlier talks it held, its leaders' meetings with the parties, its stance."""
    code = b.host()
    if code is None:
        return _section("why", "Why here")
    country = b.countries.get(code)
    name = country.name if country is not None else code
    sec = _section("why", f"Why {name}")
    pair = set(b.dyad())
    hosted = [
        s for s in b.stories
        if s.type == "CONSULT" and s.date and s.place is not None and s.place.country == code
        and {p.country for p in s.parties} == pair and s.status == "occurred"
    ]  # fmt: skip
    earlier = sorted(hosted, key=lambda s: s.date or "")
    if earlier:
        first = earlier[0]
        where = first.place.name if first.place else name
        others = " and ".join(party_name(p, b.countries) for p in first.parties[:2])
        text = f"{name} has hosted talks between {others} before: in {where} {_when(b, first)}"
        if len(earlier) > 1:
            text += f" ({len(earlier)} rounds there in these reports)"
        sec.bullets.append(
            _bullet(
                text + ".",
                b.story_cites(first),
                "host",
                data={
                    "story_id": first.id,
                    "host": name,
                    "state": HELD,
                    "parties": [p.name for p in first.parties],
                },
            )
        )
    meets = [
        s for s in b.stories
        if s.type == "CONSULT" and s.id not in b.used and len(s.parties) >= 2
        and any(p.country == code for p in s.parties) and any(p.country in pair for p in s.parties)
    ]  # fmt: skip
    for s in b.top(meets, "why")[:1]:
        sec.bullets.append(b.story_bullet(s, "host", place=b.place_of(s)))
    sec.bullets.extend(host_stances(b, code)[: max(0, b.cap("why") - len(sec.bullets))])
    return sec


def _when(b: Builder, story: Story) -> str:
    from detente.report.realise import best_date, say_when

    return say_when(best_date(story, b.events_of(story)), story.date_end, b.year)


def _sides(story: Story) -> set[str | None]:
    """The countries of a story's parties, leaving out a "party" that is its own place (the city a
    team arrived in, read as the arrival's target)."""
    where = story.place.name if story.place is not None else None
    return {p.country for p in story.parties if p.name != where}


def lead(b: Builder) -> list[Bullet]:
    """The last thing that happened between the main parties and the next thing due."""
    out = []
    pair = set(b.dyad())
    close = [
        s for s in b.stories
        if s.date and s.type in _EXPECTED_TYPES() and (len(s.parties) >= 2 or (s.mode == "visit" and _traveller(s)))
    ]  # fmt: skip  # a delegation's arrival is news too
    close = sorted(close, key=lambda s: (s.date or "", s.sources), reverse=True)[:40]  # the newest
    b.load(close)
    main = [s for s in close if not pair or _sides(s) <= pair | {None}] or close
    done = [
        s for s in main
        if s.status == "occurred" and s.type in _LEAD_TYPES and b.said(s).state == HELD and b.said(s).complete
    ]  # fmt: skip
    if not done:  # nothing between the main pair: the last meeting of anyone with them
        done = [
            s for s in close if s.type == "CONSULT" and s.status == "occurred" and b.said(s).state == HELD
        ]
    if done:
        last = max(done, key=lambda s: (s.date or "", b.rank(s)))
        bullet = b.story_bullet(last, "lead", place=b.place_of(last) if last.type == "CONSULT" else None)
        bullet.text = "Latest: " + bullet.text
        out.append(bullet)
    ahead = [
        s for s in main
        if s.type in _LEAD_TYPES and not b.stale(s) and b.said(s).complete
        and (b.said(s).state in (DUE, EXPECTED) or (b.said(s).state == POSSIBLE and s.sources >= 2))
        and (not s.date or not b.latest or s.date >= b.latest[: len(s.date)])
    ]  # fmt: skip  # what comes next is a meeting or a deal (a possible one if several reports say so)
    if ahead:
        nxt = min(ahead, key=lambda s: (s.date or "9999", -b.rank(s)))
        bullet = b.story_bullet(nxt, "lead", place=b.place_of(nxt) if nxt.type == "CONSULT" else None)
        bullet.text = "Next: " + bullet.text
        out.append(bullet)
    return out


def changes(b: Builder, since: str) -> Section:
    """Stories first reported on or after `since`."""
    from detente.report.phrases import day

    sec = _section("changes", f"What changed since {day(since)}")
    new = [
        s for s in b.stories
        if all((b.articles[a].published or "") >= since for a in s.article_ids if a in b.articles)
    ]  # fmt: skip
    for s in b.top(new, "changes", extra=6):
        if (b.said(s).complete or b.detail) and len(sec.bullets) < b.cap("changes"):
            sec.bullets.append(b.story_bullet(s, "new"))
    return sec


def timeline_rows(b: Builder) -> list[dict[str, Any]]:
    """Every dated story, oldest first: date, type, record status, the reader's state, its
    sentence (`text`, dated; `label`, undated), outlets, story id, and whether the briefing states it."""
    from detente.report.realise import best_date, realise, say_when

    dated = sorted((s for s in b.stories if s.date), key=lambda s: s.date or "")
    b.load(sorted(dated, key=lambda s: -s.sources)[:60])
    rows = []
    plain: dict[tuple[Any, ...], Said] = {}
    when: dict[tuple[str | None, str | None], str] = {}  # many stories share a day: said once each
    for s in dated:
        events = b.events_of(s) if all(e in b.events for e in s.event_ids) else ()
        if events:
            place = b.place_of(s) if s.type == "CONSULT" else None
            short = realise(s, events, year=b.year, newest=b.newest(s), countries=b.countries,
                            with_date=False, place=place)  # fmt: skip
        else:  # a story the briefing does not state: its record alone, each shape said once
            key = (s.type, s.mode, s.status, s.parties, s.place.name if s.place else None)
            if key not in plain:
                plain[key] = realise(s, (), year=b.year, countries=b.countries, with_date=False)
            short = plain[key]
        day = (best_date(s, events) if events else s.date, s.date_end)
        if day not in when:
            when[day] = say_when(day[0], day[1], b.year)
        rows.append({
            "date": s.date, "type": s.type, "status": s.status, "sources": s.sources,
            "text": f"{short.text} {when[day]}", "story_id": s.id,
            "state": short.state, "label": short.text, "date_end": s.date_end, "shown": s.id in b.used,
            "complete": short.complete,
        })  # fmt: skip
    return rows
