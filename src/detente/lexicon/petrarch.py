"""Cached readers of the data generated from the PETRARCH2 dictionaries (`data/petrarch/*.json`).

The files are compiled by `python -m tools.petrarch` (MIT notice: LICENSES/PETRARCH2-MIT.txt)
and committed; each loader parses its file once per process. `office_holder` answers "who was
this person on that day": the CAMEO actor code in force on the date, read as detente's
(country, sector), so a former president is ELI, not GOV. Detente's own knowledge files are
newer (the dictionaries end in 2015) and callers let them win.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, NamedTuple

from detente.errors import ConfigError

Word = tuple[str, ...]
"""One word slot of a pattern: its alternatives ("aid", "special clause", "&CURRENCY")."""


def _load(name: str) -> Any:
    try:
        text = resources.files("detente").joinpath(f"data/petrarch/{name}").read_text("utf-8")
    except OSError as exc:
        raise ConfigError(
            f"generated file data/petrarch/{name} is missing", fix="run python -m tools.petrarch"
        ) from exc
    return json.loads(text)


def normalise_name(name: str) -> str:
    """A name as the generated files key it: lower case, single spaces, no underscores."""
    return " ".join(name.replace("_", " ").split()).lower()


# --- verbs -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Reading:
    """The PLOVER reading of a CAMEO code; `dropped` for CAMEO 01/02 (no PLOVER event)."""

    code: str
    type: str | None
    mode: str | None
    context: tuple[str, ...]
    dropped: bool


@dataclass(frozen=True, slots=True)
class Item:
    """One element of a pattern: a noun phrase, a prepositional phrase or a marker.

    kind "noun": `words` (head last); kind "prep": `prep` and its `objects`; kind "mark":
    `mark` is "source" ($), "target" (+), "any" (^) or "compound" (%).
    """

    kind: str
    words: tuple[Word, ...] = ()
    prep: Word = ()
    objects: tuple[Item, ...] = ()
    mark: str | None = None


@dataclass(frozen=True, slots=True)
class Pattern:
    """A verb pattern: what comes before and after the verb, and the events it codes."""

    line: int
    text: str
    before: tuple[Item, ...]
    after: tuple[Item, ...]
    cameo: str
    event: Reading | None
    reverse: Reading | None


@dataclass(frozen=True, slots=True)
class Verb:
    """A verb (or a multi-word verb such as "carry out") of a block, with all its forms."""

    verb: str
    head: int
    forms: tuple[str, ...]
    cameo: str
    event: Reading | None
    reverse: Reading | None
    block: str


@dataclass(frozen=True, slots=True)
class VerbBlock:
    """A block of synonymous verbs sharing their patterns."""

    name: str
    cameo: str
    event: Reading | None
    verbs: tuple[Verb, ...]
    patterns: tuple[Pattern, ...]


@dataclass(frozen=True, slots=True)
class VerbLexicon:
    """The CAMEO verb dictionary: blocks, synonym sets, and verbs by inflected form."""

    blocks: Mapping[str, VerbBlock]
    synsets: Mapping[str, frozenset[str]]
    by_form: Mapping[str, tuple[Verb, ...]]
    readings: Mapping[str, Reading]

    def verbs(self, form: str) -> tuple[Verb, ...]:
        """The verbs one of whose forms is `form` ("fought back" → the FIGHT_BACK verb)."""
        return self.by_form.get(normalise_name(form), ())


def _item(raw: Mapping[str, Any]) -> Item:
    if "mark" in raw:
        return Item("mark", mark=raw["mark"])
    if "prep" in raw:
        return Item("prep", prep=_word(raw["prep"]), objects=tuple(_item(o) for o in raw["objects"]))
    return Item("noun", words=tuple(_word(w) for w in raw["noun"]))


def _word(raw: str | list[str]) -> Word:
    return (raw,) if isinstance(raw, str) else tuple(raw)


@lru_cache(maxsize=1)
def load_verbs() -> VerbLexicon:
    """The verb dictionary of `verbs.json`, parsed once per process."""
    data = _load("verbs.json")
    readings = {
        code: Reading(code, r["type"], r["mode"], tuple(r["context"]), r["dropped"])
        for code, r in data["codes"].items()
    }

    def reading(code: str | None) -> Reading | None:
        return readings[code] if code else None

    blocks: dict[str, VerbBlock] = {}
    by_form: dict[str, list[Verb]] = {}
    for b in data["blocks"]:
        verbs = tuple(
            Verb(
                v["verb"],
                v["head"],
                tuple(v["forms"]),
                v["cameo"],
                reading(v["event"]),
                reading(v["reverse"]),
                b["name"],
            )
            for v in b["verbs"]
        )
        patterns = tuple(
            Pattern(
                p["line"],
                p["text"],
                tuple(_item(i) for i in p["before"]),
                tuple(_item(i) for i in p["after"]),
                p["cameo"],
                reading(p["event"]),
                reading(p["reverse"]),
            )
            for p in b["patterns"]
        )
        blocks[b["name"]] = VerbBlock(b["name"], b["cameo"], reading(b["event"]), verbs, patterns)
        for verb in verbs:
            for form in verb.forms:
                by_form.setdefault(form, []).append(verb)
    synsets = {name: frozenset(s["forms"]) for name, s in data["synsets"].items()}
    return VerbLexicon(blocks, synsets, {k: tuple(v) for k, v in by_form.items()}, readings)


# --- actors ------------------------------------------------------------------------------------


class CodeSpan(NamedTuple):
    """A CAMEO actor code and the days it applies, as ISO dates (None: open end).

    Both ends None is the record's default code. A named tuple with ISO strings, not a
    dataclass with dates: 37,000 of them are built at load, and ISO dates compare as strings.
    """

    code: str
    start: str | None
    until: str | None

    @property
    def dated(self) -> bool:
        """True for a date-restricted code, false for the record's default."""
        return self.start is not None or self.until is not None

    def covers(self, day: str) -> bool:
        """True when the ISO date `day` lies in the span (both ends inclusive)."""
        return (self.start is None or self.start <= day) and (self.until is None or day <= self.until)


@dataclass(frozen=True, slots=True)
class ActorEntry:
    """One actor record: its names and its codes in the dictionary's order."""

    names: tuple[str, ...]
    raw_codes: tuple[Mapping[str, str], ...]
    file: str

    @property
    def spans(self) -> tuple[CodeSpan, ...]:
        """The record's codes with their date ranges (built on demand: most are never asked)."""
        return tuple(CodeSpan(c["code"], c.get("from"), c.get("until")) for c in self.raw_codes)

    def code_on(self, day: dt.date | str) -> str | None:
        """The code in force on `day`: the first dated code covering it, else the default.

        None when no code applies; "---" (an explicit "no code") is returned as None too.
        """
        iso = _day(day)
        spans = self.spans
        found = next((s.code for s in spans if s.dated and s.covers(iso)), None)
        if found is None:
            found = next((s.code for s in spans if not s.dated), None)
        return None if found in (None, "---") else found


HORIZON = "2015-12-31"
"""The dictionaries' last day: their latest dated code starts in 2015. An open range ("president
since 2009") says nothing about a later day's office, so past it only the country is kept."""


@dataclass(frozen=True, slots=True)
class ActorLexicon:
    """The Phoenix actor dictionaries by name, and every actor code read as (country, sector).

    Records are kept as parsed and turned into `ActorEntry` only when a name is asked for:
    27,000 records are indexed once per process, and an article asks for a few dozen.
    """

    records: tuple[tuple[str, tuple[str, ...], tuple[Mapping[str, str], ...]], ...]
    index: Mapping[str, tuple[int, ...]]
    codes: Mapping[str, tuple[str | None, str | None] | None]

    def entries(self, name: str) -> tuple[ActorEntry, ...]:
        """The records that list `name` (any case, underscores or spaces)."""
        found = self.index.get(normalise_name(name), ())
        return tuple(ActorEntry(self.records[i][1], self.records[i][2], self.records[i][0]) for i in found)

    def code_on(self, name: str, day: dt.date | str) -> str | None:
        """The CAMEO code of `name` on `day`: the latest-starting dated code of its records that
        covers the day ("Salva Kiir": Sudan's from 2005, South Sudan's from 2011), else the first
        record's default."""
        span = self.span_on(name, day)
        return span.code if span is not None else None

    def span_on(self, name: str, day: dt.date | str) -> CodeSpan | None:
        """The code span in force for `name` on `day` (see `code_on`); None when none applies."""
        iso = _day(day)
        entries = self.entries(name)
        dated = [s for e in entries for s in e.spans if s.dated and s.covers(iso)]
        if dated:
            best = max(dated, key=lambda s: s.start or "")
            return None if best.code == "---" else best
        for e in entries:
            default = next((s for s in e.spans if not s.dated), None)
            if default is not None:
                return None if default.code == "---" else default
        return None


def _day(day: dt.date | str) -> str:
    """`day` as an ISO date string; a string must start with YYYY-MM-DD."""
    if isinstance(day, dt.datetime):
        return day.date().isoformat()
    if isinstance(day, dt.date):
        return day.isoformat()
    return dt.date.fromisoformat(day[:10]).isoformat()


@lru_cache(maxsize=1)
def load_actors() -> ActorLexicon:
    """The actor dictionaries of `actors.json`, indexed once per process."""
    data = _load("actors.json")
    records: list[tuple[str, tuple[str, ...], tuple[Mapping[str, str], ...]]] = []
    index: dict[str, list[int]] = {}
    for file in ("countries", "international", "nonstate"):
        for rec in data["files"].get(file, ()):
            n = len(records)
            records.append((file, tuple(rec["names"]), tuple(rec["codes"])))
            for name in rec["names"]:
                index.setdefault(name, []).append(n)
    codes = {k: (v["country"], v["sector"]) if v else None for k, v in data["codes"].items()}
    return ActorLexicon(tuple(records), {k: tuple(v) for k, v in index.items()}, codes)


def office_holder(name: str, day: dt.date | str) -> tuple[str | None, str | None] | None:
    """(country, sector) of `name` on `day` from the code then in force, or None.

    ("Barack Obama", 2012-05-01) → ("USA", "GOV"). Past the dictionaries' horizon an open range
    no longer proves the office: the country stays, the sector is the record's default if it
    has one of the same country ("Bouteflika" in 2020: ELI), else unknown. A person with no code
    in force that day (between offices, before a career) gives None. Detente's own, newer files
    win over this answer.
    """
    lexicon = load_actors()
    span = lexicon.span_on(name, day)
    read = lexicon.codes.get(span.code) if span else None
    if not read or read == (None, None):
        return None
    if span is not None and span.dated and span.until is None and _day(day) > HORIZON:
        default = next(
            (s for e in lexicon.entries(name) for s in e.spans if not s.dated and s.code != "---"), None
        )
        later = lexicon.codes.get(default.code) if default else None
        return (read[0], later[1] if later and later[0] == read[0] else None)
    return read


# --- agents, issues, discards ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Agent:
    """A role noun ("foreign minister") and the sector it gives the actor it qualifies.

    `international` is set instead of a sector for an organisation type written before the
    actor's code (PETRARCH's `[IGO~]`).
    """

    phrase: str
    plural: str | None
    code: str
    sector: str | None
    international: str | None


@lru_cache(maxsize=1)
def load_agents() -> Mapping[str, tuple[Agent, ...]]:
    """The agent dictionary of `agents.json` keyed by singular and plural phrase."""
    out: dict[str, list[Agent]] = {}
    for a in _load("agents.json")["agents"]:
        agent = Agent(a["phrase"], a["plural"], a["code"], a["sector"], a["international"])
        for key in {agent.phrase, agent.plural}:
            if key:
                out.setdefault(key, []).append(agent)
    return {k: tuple(v) for k, v in out.items()}


@dataclass(frozen=True, slots=True)
class IssueCategory:
    """An issue category: its issue codes with their phrases, and the phrases that cancel it."""

    name: str
    type: str
    issues: Mapping[str, tuple[str, ...]]
    exclude_sentence: tuple[str, ...]
    exclude_story: tuple[str, ...]


@lru_cache(maxsize=1)
def load_issues() -> Mapping[str, IssueCategory]:
    """The issue list of `issues.json` by category name."""
    return {
        name: IssueCategory(
            name,
            c["type"],
            {code: tuple(p) for code, p in c["issues"].items()},
            tuple(c["exclude_sentence"]),
            tuple(c["exclude_story"]),
        )
        for name, c in _load("issues.json")["categories"].items()
    }


@dataclass(frozen=True, slots=True)
class Discard:
    """A phrase whose presence means "no event here" (sports, films, history)."""

    phrase: str
    whole_word: bool


@dataclass(frozen=True, slots=True)
class Discards:
    """Discard phrases that void a sentence, and those that void the whole story."""

    sentence: tuple[Discard, ...]
    story: tuple[Discard, ...]


@lru_cache(maxsize=1)
def load_discards() -> Discards:
    """The discard list of `discards.json`."""
    data = _load("discards.json")
    return Discards(
        tuple(Discard(d["phrase"], d["whole_word"]) for d in data["sentence"]),
        tuple(Discard(d["phrase"], d["whole_word"]) for d in data["story"]),
    )
