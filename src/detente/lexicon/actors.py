"""Names detente knows: countries, actors, titles and sectors, loaded once into fast lookups.

Shipped files live in `detente/data/` (countries, actors, titles, sectors); a user file of
the same shape — a mapping with any of `countries:`, `actors:`, `titles:`, `sectors:`,
or a bare list of actors — adds to them and wins on conflicts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from detente.errors import ConfigError
from detente.lexicon.files import check_keys, shipped_yaml, user_data
from detente.lexicon.names import fold, surname
from detente.records import ActorType

_REGNAL = re.compile(r"\s(?:I{1,3}|IV|V|VI{1,3}|IX|X{1,2}I{0,3}|XIV|XV|XVI)$")
ACTOR_TYPES = ("person", "organization", "group", "country")
_COUNTRY_KEYS = ("code", "name", "aliases", "demonyms", "capitals", "seats", "wikidata")
_SEAT_KEYS = ("name", "sector")
_ACTOR_KEYS = ("name", "type", "country", "sector", "wikidata", "aliases", "gender", "roles")
_TITLE_KEYS = ("honorifics", "offices")


@dataclass(frozen=True, slots=True)
class Entry:
    """What a name stands for: a canonical actor and how a mention of it is coded."""

    name: str
    type: ActorType
    country: str | None
    sector: str | None = None
    wikidata: str | None = None
    aliases: tuple[str, ...] = ()
    gender: str | None = None
    via: str = "actor"  # actor | country | demonym | capital | seat
    roles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Country:
    """A country's names as the knowledge files give them."""

    code: str
    name: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    capitals: tuple[str, ...]
    wikidata: str | None


@dataclass(slots=True, eq=False)
class Knowledge:
    """Every name detente knows, keyed by its folded form."""

    countries: dict[str, Country] = field(default_factory=dict)
    names: dict[str, Entry] = field(default_factory=dict)
    surnames: dict[str, list[Entry]] = field(default_factory=dict)
    honorifics: frozenset[str] = frozenset()
    offices: frozenset[str] = frozenset()
    title_words: frozenset[str] = frozenset()
    sectors: list[tuple[str, re.Pattern[str]]] = field(default_factory=list)
    surface: set[str] = field(default_factory=set)

    def lookup(self, name: str) -> Entry | None:
        """The entry a name (any spelling, with or without "the") stands for."""
        return self.names.get(fold(name))

    def by_surname(self, name: str) -> Entry | None:
        """The one known person with this surname, or None when unknown or ambiguous."""
        found = self.surnames.get(fold(name), [])
        return found[0] if len(found) == 1 else None

    def country_entry(self, code: str) -> Entry | None:
        """The country actor for an ISO-3 code."""
        c = self.countries.get(code)
        if c is None:
            return None
        return Entry(c.name, "country", c.code, None, c.wikidata, c.aliases, via="country")

    def sector_of(self, text: str) -> str | None:
        """The PLOVER sector a role or organisation name implies ("Defence Ministry" → MIL)."""
        low = " " + " ".join(re.findall(r"[\w']+", text.lower())) + " "
        for code, pattern in self.sectors:
            if pattern.search(low):
                return code
        return None

    # -- building ------------------------------------------------------------------------
    def _add(self, name: str, entry: Entry, override: bool) -> None:
        key = fold(name)
        if not key:
            return
        if override or key not in self.names:
            self.names[key] = entry
        self.surface.add(name.removeprefix("the ").strip())

    def add_country(self, raw: dict[str, Any], where: str, override: bool = False) -> None:
        """Add one country entry (names, demonyms, capitals, seats of power)."""
        _entry(raw, _COUNTRY_KEYS, where, "country key")
        code = _need(raw, "code", where)
        country = Country(
            code=code,
            name=_need(raw, "name", where),
            aliases=tuple(raw.get("aliases") or ()),
            demonyms=tuple(raw.get("demonyms") or ()),
            capitals=tuple(raw.get("capitals") or ()),
            wikidata=raw.get("wikidata"),
        )
        self.countries[code] = country
        whole = Entry(country.name, "country", code, None, country.wikidata, country.aliases, via="country")
        for n in (country.name, *country.aliases):
            self._add(n, whole, override)
        for n in country.demonyms:
            self._add(
                n, Entry(country.name, "country", code, None, country.wikidata, via="demonym"), override
            )
        for n in country.capitals:
            self._add(
                n, Entry(country.name, "country", code, "GOV", country.wikidata, via="capital"), override
            )
        for seat in raw.get("seats") or ():
            if not isinstance(seat, dict) or "name" not in seat:
                raise ConfigError(
                    f"{where}: a seat of {code} needs a name", fix="write seats as {name: ..., sector: GOV}"
                )
            check_keys(seat, _SEAT_KEYS, where, "seat key")
            sname = str(seat["name"]).removeprefix("the ")
            self._add(
                seat["name"], Entry(sname, "organization", code, seat.get("sector"), via="seat"), override
            )

    def add_actor(self, raw: dict[str, Any], where: str, override: bool = False) -> None:
        """Add one person, organisation or group with its aliases."""
        _entry(raw, _ACTOR_KEYS, where, "actor key")
        kind = raw.get("type", "person")
        if kind not in ACTOR_TYPES:
            raise ConfigError(
                f"{where}: actor '{raw.get('name')}' has type '{kind}'", fix=f"use one of {ACTOR_TYPES}"
            )
        entry = Entry(
            name=_need(raw, "name", where),
            type=kind,
            country=raw.get("country"),
            sector=raw.get("sector"),
            wikidata=raw.get("wikidata"),
            aliases=tuple(raw.get("aliases") or ()),
            gender=raw.get("gender"),
            roles=tuple(raw.get("roles") or ()),
        )
        for n in (entry.name, *entry.aliases):
            self._add(n, entry, override)
        if kind == "person" and not _REGNAL.search(entry.name):
            # "Mohammed VI" is not a Mr Mohammed: regnal names have no surname to index.
            for n in {surname(x) for x in (entry.name, *entry.aliases)}:
                bucket = self.surnames.setdefault(n, [])
                if all(e.name != entry.name for e in bucket):
                    bucket.append(entry)


def _need(raw: dict[str, Any], key: str, where: str) -> str:
    value = raw.get(key)
    if not value:
        raise ConfigError(f"{where}: an entry lacks '{key}' ({raw!r:.80})", fix=f"give every entry a '{key}'")
    return str(value)


def _entry(raw: Any, valid: tuple[str, ...], where: str, what: str) -> None:
    if not isinstance(raw, dict):
        raise ConfigError(
            f"{where}: an entry is not a mapping ({raw!r:.80})", fix="write entries as key: value"
        )
    check_keys(raw, valid, where, what)


def _sector_patterns(raw: dict[str, Sequence[str]]) -> list[tuple[str, re.Pattern[str]]]:
    out = []
    for code, words in raw.items():
        alts = [re.escape(w.lower()).replace(r"\*", r"[\w']*").replace(r"\ ", " ") for w in words]
        out.append((str(code), re.compile(r" (?:" + "|".join(alts) + r") ")))
    return out


def _apply(kb: Knowledge, data: Any, where: str, override: bool) -> None:
    if isinstance(data, list):
        data = {"actors": data}
    if not isinstance(data, dict):
        raise ConfigError(
            f"knowledge file {where} holds neither a mapping nor a list",
            fix="see the shipped files for the shape",
        )
    for raw in data.get("countries") or ():
        kb.add_country(raw, where, override)
    for raw in data.get("actors") or ():
        kb.add_actor(raw, where, override)
    titles = data.get("titles") or {}
    check_keys(titles, _TITLE_KEYS, where, "titles key")
    kb.honorifics |= {t.lower() for t in titles.get("honorifics") or ()}
    kb.offices |= {t.lower() for t in titles.get("offices") or ()}
    kb.title_words = frozenset(w for t in kb.offices for w in t.replace(".", "").split() if len(w) > 2)
    if data.get("sectors"):
        kb.sectors = _sector_patterns(data["sectors"]) + kb.sectors


def _shipped(name: str) -> Any:
    return shipped_yaml(name)


@lru_cache(maxsize=8)
def load_knowledge(extra: tuple[str, ...] = ()) -> Knowledge:
    """The shipped knowledge plus the user's files `extra` (later files win), cached per process."""
    kb = Knowledge()
    _apply(kb, {"countries": _shipped("countries.yaml")}, "countries.yaml", override=False)
    # Actors win over country-derived names ("Hamas" the group, not a place).
    _apply(kb, {"actors": _shipped("actors.yaml")}, "actors.yaml", override=True)
    _apply(kb, {"titles": _shipped("titles.yaml")}, "titles.yaml", override=False)
    kb.sectors = _sector_patterns(_shipped("sectors.yaml"))
    for path, data in user_data(extra):
        _apply(kb, data, path, override=True)
    return kb


def known_names(kb: Knowledge) -> Iterable[str]:
    """Every surface form worth matching in text (for the gazetteer pass)."""
    return sorted(kb.surface)
