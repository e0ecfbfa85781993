"""The realiser: a story becomes a sentence written from its own facts, not from a template.

The verb comes from the story's trigger ("declined", "proposed", "invasion" → "invaded"), its
object from the words that follow the trigger in the report ("the talks"), the tense and mood
from what the reports say of it — held, due, expected, cancelled, postponed, not held, possible —
and dates are said as a reader says them ("Friday 16 May"; the year only when it is not the
briefing's year). Counts are kept ("1,000 prisoners each"). A fact one report alone carries,
where others could have confirmed it, is hedged ("One report says …"); a disagreement between
reports is said once ("reports differ: 15 or 16 May").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from detente.codes import TWO_SIDED
from detente.knowledge.stories import COUNT
from detente.lexicon.actors import Country
from detente.lexicon.words import word_map, words
from detente.records import ActorRef, Conflict, Event, Story
from detente.report.dates import (
    _WEEKDAYS,
    best_date,
    differ,
    either_day,
    parse_day,
    say_choices,
    say_date,
    say_when,
)
from detente.report.placenames import placed, the_country

HELD, DUE, EXPECTED, CANCELLED, POSTPONED, NOT_HELD, POSSIBLE = (
    "held", "due", "expected", "cancelled", "postponed", "not held", "possible",
)  # fmt: skip
STATES = (HELD, DUE, EXPECTED, CANCELLED, POSTPONED, NOT_HELD, POSSIBLE)
"""The reader's words for where a happening stands, in the order a legend lists them."""

_PAST = word_map("report.verb_past")
_LEMMA = word_map("report.trigger_lemma")
_DUE_WORDS = words("report.state_due")
_EXPECTED_WORDS = words("report.state_expected")
_BODIES = words("report.delegation_nouns")
_GENERIC = words("report.generic_roles")
_SENT_BY = frozenset({"delegations", "negotiators", "representatives", "envoys", "officials", "delegates"})
_POSTPONED_WORDS = words("report.state_postponed")
_CANCELLED_WORDS = words("report.state_cancelled")
_PROPOSED = frozenset(
    {"proposed", "proposes", "proposal", "call for", "calls for", "called for", "suggested"}
)
_PARTICLES = words("report.particles")
_OPENERS = words("report.object_openers")
_STOPS = words("report.object_stops")
_WORD = re.compile(r"[\w’'-]+|[^\w\s]")
_EACH = re.compile(r"(\d[\d,]*)-for-(\d[\d,]*)")
_EACH_AFTER = re.compile(r"\d[\d,]* (?:[\w-]+ ){1,3}each\b")
_PLACED = frozenset({"CONSULT", "RETREAT", "AGREE", "SUPPORT", "ASSAULT", "COERCE", "MOBILIZE", "PROTEST"})


@dataclass(frozen=True, slots=True)
class Frame:
    """A verb phrase: base and past forms, and what follows the verb (its object, a place)."""

    base: str
    past: str
    rest: str = ""


# What each type says when its trigger gives no verb of its own; {b} is the other party.
_DEFAULT: dict[str, Frame] = {
    "CONSULT": Frame("hold", "held", "talks"),
    "CONSULT/visit": Frame("travel", "travelled", ""),
    "CONSULT/phone": Frame("speak", "spoke", "by phone"),
    "CONSULT/third-party": Frame("mediate", "mediated", "{with}"),
    "AGREE": Frame("agree", "agreed", ""),
    "SUPPORT": Frame("endorse", "endorsed", "{obj}"),
    "CONCEDE": Frame("make", "made", "a concession{to}"),
    "COOPERATE": Frame("cooperate", "cooperated", ""),
    "AID": Frame("send", "sent", "aid{to}"),
    "RETREAT": Frame("withdraw", "withdrew", "forces"),
    "RETREAT/release": Frame("exchange", "exchanged", "prisoners"),
    "RETREAT/return": Frame("return", "returned", "the remains of the dead"),
    "RETREAT/ceasefire": Frame("declare", "declared", "a ceasefire"),
    "REQUEST": Frame("make", "made", "demands{of}"),
    "REJECT": Frame("reject", "rejected", "{obj}"),
    "ACCUSE": Frame("criticise", "criticised", "{b}"),
    "THREATEN": Frame("threaten", "threatened", "{b}"),
    "PROTEST": Frame("protest", "protested", "{against}"),
    "SANCTION": Frame("impose", "imposed", "penalties{on}"),
    "MOBILIZE": Frame("deploy", "deployed", "forces"),
    "COERCE": Frame("act", "acted", "{against}"),
    "ASSAULT": Frame("attack", "attacked", "{b}"),
}
# Triggers whose own verb the realiser may use, by type: others read as the type's default.
_OWN_VERBS: dict[str, frozenset[str]] = {
    "AGREE": frozenset({"propose", "offer", "agree", "accept"}),
    "SUPPORT": frozenset({"sign", "endorse", "back", "welcome"}),
    "REJECT": frozenset({"reject", "decline", "refuse", "dismiss"}),
    "ACCUSE": frozenset({"accuse", "criticise", "condemn", "blame", "denounce"}),
    "THREATEN": frozenset({"threaten", "warn"}),
    "ASSAULT": frozenset({"invade", "attack", "strike", "shell", "bomb"}),
    "COERCE": frozenset({"occupy", "seize", "detain", "arrest"}),
    "RETREAT": frozenset({"release", "exchange", "return", "repatriate", "withdraw", "free"}),
    "REQUEST": frozenset({"urge", "demand", "press", "push", "seek", "call"}),
    "CONSULT/visit": frozenset({"arrive", "travel", "visit", "fly"}),
    "CONSULT": frozenset({"attend", "join", "meet"}),
}
_NEEDS_OBJECT = frozenset({"propose", "offer", "accept", "sign", "endorse", "back", "welcome", "seek"})


# -- status --------------------------------------------------------------------------------------
def _near(text: str, found: frozenset[str]) -> bool:
    low = f" {text.lower()} "
    return any(f" {w} " in low or f" {w}," in low for w in found)


def state(
    story: Story,
    events: Sequence[Event],
    newest: str | None = None,
    published: Mapping[str, str | None] | None = None,
) -> str:
    """Where a happening stands for a reader: held, due, expected, cancelled, postponed, not held,
    possible. Events that carry the story's date decide (a report that "Moscow was not serious
    about negotiating" does not make a round held); a report written on or after that date that
    says it happened (or not) outweighs the plans announced before it (`published`: event id →
    its article's publication date); a date after every report is not yet held."""
    dated = [e for e in events if e.date and story.date and e.date[: len(story.date)] == story.date]
    voters = dated or list(events)
    if published and story.date:
        after = [
            e for e in voters
            if e.status in ("occurred", "negated") and (published.get(e.id) or "")[: len(story.date)] >= story.date
        ]  # fmt: skip
        voters = after or voters
    votes: dict[str, float] = {}
    for e in voters:
        votes[e.status] = votes.get(e.status, 0.0) + e.confidence
    status: str = max(votes, key=lambda k: votes[k]) if votes else story.status
    if story.status != "occurred" and status == "occurred":
        status = story.status
    if status == "occurred" and newest and story.date and story.date > newest[: len(story.date)]:
        status = "planned"
    text = " ".join(e.evidence for e in voters if e.status == status) or " ".join(e.evidence for e in events)
    if status == "occurred":
        return HELD
    if status == "negated":
        if _near(text, _POSTPONED_WORDS):
            return POSTPONED
        if _near(text, _CANCELLED_WORDS):
            return CANCELLED
        return NOT_HELD
    if status == "hypothetical":
        return POSSIBLE
    if _near(text, _DUE_WORDS):
        return DUE
    plans = [e.evidence for e in voters if e.status == status]
    if (not plans and any(e.status == "hypothetical" for e in voters)) or (
        plans and all(_near(t, _PROPOSED) for t in plans) and not _near(text, _EXPECTED_WORDS)
    ):
        return POSSIBLE  # no report says it is planned, or only proposed ("Kyiv proposed they meet")
    return EXPECTED if _near(text, _EXPECTED_WORDS) else DUE


# -- verbs ---------------------------------------------------------------------------------------
def lemma(trigger: str) -> tuple[str, str]:
    """The verb a trigger stands for and a particle it carries: "pushing for" → ("push", "for")."""
    tokens = trigger.lower().split()
    if not tokens:
        return "", ""
    particle = tokens[-1] if len(tokens) > 1 and tokens[-1] in _PARTICLES else ""
    head = tokens[0] if particle or len(tokens) == 1 else tokens[-1]
    if head in _LEMMA:
        return _LEMMA[head], particle
    if head in _PAST:
        return head, particle
    for suffix, add in (
        ("ied", "y"),
        ("ed", ""),
        ("ed", "e"),
        ("ing", ""),
        ("ing", "e"),
        ("s", ""),
        ("d", ""),
    ):
        if head.endswith(suffix):
            stem = head[: -len(suffix)] + add
            if stem in _PAST:
                return stem, particle
            if len(stem) > 2 and stem[-1] == stem[-2] and stem[:-1] in _PAST:  # "shelling"
                return stem[:-1], particle
    return head, particle


def _object(event: Event, verb: str) -> str:
    """The phrase after the trigger when it opens with a determiner: "proposed the talks for" →
    "the talks". Pronoun owners stay unresolved, so the caller decides what to do with them."""
    at = event.evidence.lower().find(event.trigger.lower())
    if at < 0:
        return ""
    tokens = _WORD.findall(event.evidence[at + len(event.trigger) :])[:7]
    if not tokens:
        return ""
    if tokens[0].lower() not in _OPENERS:  # a bare plural: "proposed direct talks"
        bare: list[str] = []
        for tok in tokens[:3]:
            if not tok.isalpha() or not tok.islower() or tok in _STOPS:
                break
            bare.append(tok)
        return " ".join(bare) if bare and bare[-1].endswith("s") and not bare[-1].endswith("ss") else ""
    out: list[str] = []
    for tok in tokens:
        if (out and tok.lower() in _STOPS) or not (tok[0].isalnum() or tok[0] in "’'"):
            break
        if out and (tok in _WEEKDAYS or tok.lower() in _TIME_WORDS):
            break  # "signed a peace agreement Friday": the day is said with the date
        out.append(tok)
    return " ".join(out) if 1 < len(out) <= 5 else ""


def _frame(story: Story, head: Event | None) -> tuple[Frame, str]:
    """The verb phrase for a story and the lemma it came from."""
    key = (
        f"{story.type}/{story.mode}"
        if story.mode and f"{story.type}/{story.mode}" in _DEFAULT
        else story.type
    )
    default = _DEFAULT.get(key, _DEFAULT["CONSULT"])
    if head is None:
        return default, ""
    verb, particle = lemma(head.trigger)
    own = _OWN_VERBS.get(key, _OWN_VERBS.get(story.type, frozenset()))
    if verb not in own or verb not in _PAST:
        return default, ""
    obj = _object(head, verb)
    if verb in ("arrive", "travel", "fly", "visit"):
        return Frame(verb, _PAST[verb], ""), verb
    if verb in ("attend", "join"):
        return Frame(verb, _PAST[verb], "the talks"), verb
    if verb == "meet":
        return Frame("meet", "met", ""), verb
    needs = verb in _NEEDS_OBJECT or story.type in ("REJECT", "ACCUSE", "THREATEN")
    rest = f"{particle} {obj}".strip() if obj else (default.rest if needs else "")
    if not obj and particle:
        rest = default.rest
    return Frame(verb, _PAST[verb], rest), verb


# -- parties -------------------------------------------------------------------------------------
def party_name(ref: ActorRef, countries: Mapping[str, Country] | None = None) -> str:
    """A party as the briefing names it: a person by name; a country, or a word like "Russian",
    by the country's name; a body ("the Ukrainian team") as reported."""
    name = ref.name.strip()
    if ref.actor_id and ref.actor_id.startswith("person:"):
        return name
    country = countries.get(ref.country or "") if countries else None
    first = name.lower().split()[:2]
    if country is not None and len(first) == 2 and first[0] in _SENT_BY and first[1] in ("from", "of", "for"):
        return the_country(country.name)  # "Delegations from Armenia and …": the sides are the countries
    if any(w in _BODIES for w in name.lower().split()) or name.lower().rsplit(" ", 1)[-1] in _GENERIC:
        return name  # "the Russian team" arrived, "Turkish officials" met: not "Russia", "Turkey"
    if country is not None and (
        (ref.actor_id or "").startswith("country:") or name in country.demonyms or name in country.aliases
    ):
        return the_country(country.name)
    return name


def _is_venue(ref: ActorRef, story: Story, where: str, countries: Mapping[str, Country] | None) -> bool:
    """A party that is where the story happens, not who takes part: the place itself ("Istanbul"
    read as the target of an arrival, "declined to go to Türkiye"), or a trip's host country
    named as such ("flew to Türkiye") when someone from elsewhere travels. At a meeting the host
    country may be a side ("Russia and Ukraine met in Kyiv", "India and Pakistan met in India"): kept."""
    if where and ref.name == where:
        return (
            story.type != "CONSULT"
            or story.mode == "visit"
            or not (ref.actor_id or "").startswith("country:")
        )
    if story.mode != "visit" or not (ref.actor_id or "").startswith("country:") or story.place is None:
        return False
    if ref.country != story.place.country:
        return False
    country = countries.get(ref.country or "") if countries else None
    named_as_country = country is None or ref.name in (country.name, *country.aliases, *country.demonyms)
    others = [p for p in story.parties if p is not ref and p.country != ref.country]
    return named_as_country and bool(others)


def demonym(code: str | None, countries: Mapping[str, Country] | None) -> str:
    """The adjective of a country ("Russian"), or its name when none is known."""
    country = countries.get(code or "") if countries else None
    if country is None:
        return code or ""
    return country.demonyms[0] if country.demonyms else country.name


def _possessive(name: str) -> str:
    return f"{name}’" if name.endswith("s") else f"{name}’s"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


# -- sentences -----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Said:
    """A realised story: its sentence, the reader's state, and the head event it was written from."""

    text: str
    state: str
    head: Event | None
    complete: bool = True
    """False when the verb wants an object the reports do not give ("Ukraine proposed")."""


def head_event(story: Story, events: Sequence[Event], reader_state: str) -> Event | None:
    """The event a story's sentence is written from: one that carries its date and state, the
    most confident, naming a party as the story does."""
    if not events:
        return None
    want = {HELD: "occurred", NOT_HELD: "negated", CANCELLED: "negated", POSTPONED: "negated",
            POSSIBLE: "hypothetical"}.get(reader_state, "planned")  # fmt: skip
    names = {p.name for p in story.parties}

    def score(e: Event) -> tuple[int, int, int, float]:
        return (
            e.status == want,
            bool(story.date and e.date == story.date),
            bool(e.source and e.source.name in names),
            e.confidence,
        )

    return max(events, key=score)


def amount(story: Story, events: Sequence[Event]) -> str:
    """The number most reports give ("1,000 prisoners each"), unless they disagree on it."""
    if story.type not in ("RETREAT", "AGREE") or any(c.field.startswith("count") for c in story.conflicts):
        return ""
    found: Counter[str] = Counter()
    each = False
    for e in events:
        for number, noun in COUNT.findall(e.evidence):
            n = number.rstrip(".,")
            found[f"{n} {noun.lower()}"] += 1
        each |= any(a == b for a, b in _EACH.findall(e.evidence)) or bool(_EACH_AFTER.search(e.evidence))
    if not found:
        return ""
    best = found.most_common(1)[0][0]
    return best + (" each" if each else "")


def realise(
    story: Story,
    events: Sequence[Event] = (),
    *,
    year: int | None = None,
    newest: str | None = None,
    countries: Mapping[str, Country] | None = None,
    with_date: bool = True,
    place: str | None = None,
    published: Mapping[str, str | None] | None = None,
) -> Said:
    """The sentence for one story, from its type, trigger, arguments and state."""
    st = state(story, events, newest, published) if events else _plain_state(story)
    head = head_event(story, events, st)
    frame, verb = _frame(story, head)
    where = place or (story.place.name if story.place else "")
    refs = [r for r in story.parties if not _is_venue(r, story, where, countries)] or list(story.parties[:1])
    where = "" if any(r.name == where for r in refs) else where  # a side's own name says no place
    if head is not None and head.source is not None and len(refs) > 1:
        # The acting side first: "Russia rejected …", not "Ukraine and Russia rejected …".
        refs.sort(key=lambda r: r.name != head.source.name and r.country != head.source.country)  # type: ignore[union-attr]
    names_ = list(dict.fromkeys(party_name(r, countries) for r in refs))  # one side named twice: once
    a = names_[0] if names_ else ""
    b = names_[1] if len(names_) > 1 else ""
    # "Rubio met Turkish officials", as reported; two named sides "met" together
    met_body = verb == "meet" and b.lower().rsplit(" ", 1)[-1] in _GENERIC
    together = (
        story.type in TWO_SIDED and bool(b) and not met_body
        and verb not in ("propose", "offer", "arrive", "travel", "fly", "visit")
    )  # fmt: skip
    subject = f"{a} and {b}" if together else (a or "One side")
    plural = (
        together
        or subject.lower().split()[-1].endswith(("ies", "ers", "ians", "ives"))
        or (
            subject.split()[-1].islower()
            and subject.endswith("s")
            and not subject.endswith(("ss", "us", "is"))
        )
        or (subject.lower().startswith("the ") and subject.lower().endswith("s"))
    )
    obj = frame.rest
    count = amount(story, events)
    if count and story.type == "RETREAT":
        obj = count
    elif count and story.type == "AGREE" and verb in ("agree", "") and not obj:
        obj = f"to exchange {count}"  # "agreed to exchange 1,000 prisoners each"
    complete = bool(obj) or (story.type not in ("AGREE", "SUPPORT", "REQUEST") and verb not in _NEEDS_OBJECT)
    if story.type == "RETREAT" and not count and (not obj or obj == _DEFAULT["RETREAT"].rest):
        complete = False  # "withdrew forces", "are expected to release": what or whom, unsaid
    if not b and (
        story.type in ("ASSAULT", "COERCE", "ACCUSE", "THREATEN", "REJECT", "SANCTION")
        or (story.type == "CONSULT" and story.mode != "visit" and verb not in ("attend", "join"))
    ):
        complete = False  # "Ukraine invaded", "Putin held talks": the other side is missing
    other = "" if together else b
    found = _object(head, verb) if head is not None else ""
    if "{obj}" in obj:
        if not found and (story.type == "SUPPORT" or not other):
            complete = False  # "endorsed a proposal": which one, the reports do not say
        obj = obj.replace("{obj}", found or (f"{_possessive(other)} proposal" if other else "a proposal"))
    if (
        other
        and obj.split(" ", 1)[0].lower() in ("his", "her", "its", "their", "the")
        and story.type == "REJECT"
    ):
        obj = f"{_possessive(other)} {obj.split(' ', 1)[1]}"  # "declined his calls" → "declined Ukraine’s calls"
    obj = obj.format(
        b=other,
        to=f" to {other}" if other else "",
        of=f" of {other}" if other else "",
        on=f" on {other}" if other else "",
        against=f"against {other}" if other else "",
        **{"with": f"between {other} and others" if other else ""},
    ).strip()
    if story.type in ("ACCUSE", "THREATEN", "ASSAULT", "COERCE") and not obj and other:
        obj = other
    if met_body:
        obj = other
    if not verb and story.mode == "visit" and where:  # the type's own verb: "travel to Istanbul"
        verb = "travel"
    if story.mode == "visit" and not where:
        complete = False  # "Fidan travelled": where to, unsaid
    if where:
        where = placed(where)
    if verb in ("travel", "fly") and where:
        obj = f"to {where}"
    elif verb in ("arrive", "visit") and where:
        obj = f"in {where}" if verb == "arrive" else where
    elif where and story.type in _PLACED and (story.type == "CONSULT" or where not in names_):
        obj = f"{obj} in {where}".strip()
    text = _tensed(subject, frame, obj, st, plural, story, newest)
    if with_date and story.date:
        text += " " + (
            either_day(story, events, year) or say_when(best_date(story, events), story.date_end, year)
        )
    return Said(_cap(text.strip()), st, head, complete)


_TIME_WORDS = frozenset(
    {"today", "yesterday", "tomorrow", "tonight", "last", "next", "this", "earlier", "later"}
)


def settled(
    story: Story,
    events: Sequence[Event],
    reader_state: str,
    published: Mapping[str, str | None] | None = None,
) -> tuple[Conflict, ...]:
    """The disagreements a reader needs: of the dates, those that reports of the state stated
    give (a plan's first date is no disagreement with the day the meeting was held; a meeting a
    report published on day P still calls planned was not held before P); a value one report
    gives against three or more that agree is left out."""
    want = {HELD: "occurred", NOT_HELD: "negated", CANCELLED: "negated", POSTPONED: "negated",
            POSSIBLE: "hypothetical"}.get(reader_state, "planned")  # fmt: skip
    out = []
    for c in story.conflicts:
        kept = c.values
        if c.field == "date":
            dates = {e.date for e in events if e.status == want and e.date}
            kept = tuple(v for v in kept if str(v["value"]) in dates)
            if reader_state == HELD and published:  # a meeting still planned on day P was not held before P
                planned = [published.get(e.id) or "" for e in events if e.status == "planned"]
                if planned:
                    kept = tuple(v for v in kept if str(v["value"]) >= max(planned)[:10])
        most = max((len(v.get("article_ids") or ()) for v in kept), default=0)
        if most >= 3:  # one report against three or more is a misreading, not a disagreement
            kept = tuple(v for v in kept if len(v.get("article_ids") or ()) > 1)
        if len(kept) >= 2:
            out.append(Conflict(c.field, kept))
    return tuple(out)


def _plain_state(story: Story) -> str:
    return {"occurred": HELD, "negated": NOT_HELD, "hypothetical": POSSIBLE}.get(story.status, DUE)


def _tensed(subject: str, f: Frame, obj: str, st: str, plural: bool, story: Story, newest: str | None) -> str:
    be = "are" if plural else "is"
    tail = f" {obj}" if obj else ""
    if st == HELD:
        return f"{subject} {f.past}{tail}"
    if st == DUE:
        return f"{subject} {be} due to {f.base}{tail}"
    if st == EXPECTED:
        return f"{subject} {be} expected to {f.base}{tail}"
    if st == POSSIBLE:
        return f"{subject} may {f.base}{tail}"
    if st in (POSTPONED, CANCELLED):
        return f"plans for {subject} to {f.base}{tail} were {st}"
    future = not story.date or not newest or story.date >= newest[: len(story.date)]
    return f"{subject} {'will not' if future and f.base in ('attend', 'join') else 'did not'} {f.base}{tail}"


def hedge(text: str, reports: int = 1) -> str:
    """A fact not to state as true, said as the reports' claim: "One report says …" when one
    report alone gives it, "Reports suggest …" when several do but its reading is unsure."""
    first = text.split(" ", 1)[0]
    if first.lower() in ("the", "a", "an", "plans", "one"):
        text = text[:1].lower() + text[1:]
    return f"{'One report says' if reports <= 1 else 'Reports suggest'} {text}"


__all__ = [
    "CANCELLED", "DUE", "EXPECTED", "HELD", "NOT_HELD", "POSSIBLE", "POSTPONED", "STATES", "Frame", "Said",
    "amount", "best_date", "demonym", "differ", "either_day", "head_event", "hedge", "lemma", "parse_day",
    "party_name", "realise", "say_choices", "say_date", "say_when", "settled", "state",
    "the_country",
]  # fmt: skip  # the date functions live in dates.py and are read from here too
