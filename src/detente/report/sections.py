"""The briefing's story sections: lead, what was said, expectations, background, why here, what
changed, and the timeline rows. When and where is in `when.py`; who and where the parties stand
are in `people.py` and `stances.py`."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from detente.lexicon.names import fold
from detente.lexicon.words import words
from detente.records import Quote, Source, Story
from detente.report.placenames import placed
from detente.report.realise import (
    DUE,
    EXPECTED,
    HELD,
    POSSIBLE,
    Said,
    party_name,
    say_date,
)
from detente.report.stances import host_stances, short_quote
from detente.report.when import _traveller, series

if TYPE_CHECKING:
    from detente.report.briefing import Builder, Bullet, Section

_AGENCIES = words("report.news_agencies")
_LEAD_TYPES = frozenset({"CONSULT", "AGREE", "SUPPORT", "RETREAT"})
_SPEECH_VERBS = frozenset({"said", "told", "says", "added", "stressed", "wrote", "noted", "warned", "stated"})


def _section(key: str, title: str) -> Section:
    from detente.report.briefing import Section

    return Section(key, title)


def _bullet(text: str, cites: list[int], kind: str, **kw: Any) -> Bullet:
    from detente.report.briefing import Bullet

    return Bullet(text, cites, kind, **kw)


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
        and not (s.type == "CONSULT" and s.mode is None and _relational(s))
    ]  # fmt: skip  # talks with "European counterparts" name one side: no meeting a reader can expect
    for s in [s for s in b.top(ahead, "expect", extra=6) if not b.stale(s)][: b.cap("expect")]:
        st = b.said(s).state
        if not b.said(s).complete and not b.detail:
            continue
        if st in (DUE, EXPECTED) or (st == POSSIBLE and (s.sources >= 2 or s.type == "CONSULT")):
            sec.bullets.append(
                b.story_bullet(s, "expected", place=b.place_of(s) if s.type == "CONSULT" else None)
            )
    return sec


_RELATIONAL = frozenset({"counterpart", "counterparts", "partners", "peers"})


def _relational(story: Story) -> bool:
    """A party only named by its relation to another ("their European counterparts")."""
    return any(
        not (p.actor_id or p.country) and p.name.lower().rsplit(" ", 1)[-1] in _RELATIONAL
        for p in story.parties
    )


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
    sec.bullets.extend(_hosting(b, code, name))  # the present talks, then the rounds it held before them
    present = {s.id for s in series(b, b.rounds())}
    earlier = sorted((s for s in hosted if s.id not in present), key=lambda s: s.date or "")
    if earlier:
        first = earlier[0]
        where = first.place.name if first.place else name
        # one name for both sides ("Russian and Ukrainian delegations") is said once
        others = " and ".join(dict.fromkeys(party_name(p, b.countries) for p in first.parties[:2]))
        text = f"{name} has hosted talks between {others} before: in {placed(where)} {_when(b, first)}"
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
        and any(p.country == code and p.name != (s.place.name if s.place else None) for p in s.parties)
        and any(p.country in pair for p in s.parties) and s.status != "negated"
    ]  # fmt: skip  # the host's own people meeting a side: not a trip to its city, nor a trip not made
    for s in b.top(meets, "why")[:1]:
        sec.bullets.append(b.story_bullet(s, "host", place=b.place_of(s)))
    sec.bullets.extend(host_stances(b, code)[: max(0, b.cap("why") - len(sec.bullets))])
    return sec


def _hosting(b: Builder, code: str, name: str) -> list[Bullet]:
    """ "Turkey is to host the talks, in Istanbul": the latest round of the main pair placed in the
    host country (by its own place or its teams' arrival there)."""
    placed = []
    for s in b.rounds():
        if b.said(s).state not in (HELD, DUE, EXPECTED):
            continue  # a round called off or only proposed is hosted by no one
        where = b.place_of(s)
        place = s.place if s.place is not None and s.place.name == where else None
        if where and (place.country if place is not None else b._visit_country(s, where)) == code:
            placed.append((s, where))
    if not placed:
        return []
    story, where = max(placed, key=lambda sw: (sw[0].date or "", sw[0].sources))
    state = b.said(story).state
    verb = "hosted" if state == HELD else "is to host"
    text = f"{name} {verb} the talks between {' and '.join(party_name(p, b.countries) for p in story.parties[:2])}"
    held = len({s.date for s, w in placed if w == where and b.said(s).state == HELD})
    where += f" ({held} rounds)" if held > 1 else ""
    data = {"story_id": story.id, "host": name, "state": state, "parties": [p.name for p in story.parties]}
    return [_bullet(f"{text}, in {where}.", b.story_cites(story), "host", data=data)]


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
