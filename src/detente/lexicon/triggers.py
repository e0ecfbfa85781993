"""The event trigger lexicon (`data/events.yaml`, plus a user's `events:` additions), loaded once."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from detente.codes import PLOVER_TYPES
from detente.errors import ConfigError
from detente.lexicon.files import check_keys, shipped_yaml, user_data

_KEYS = (
    "type cameo mode sym preps target objects control speech min_args needs_prep objects_actor"
    " actor_object light no_clause implicit_target no_object future_clause not_objects no_infinitive"
).split()
_PARTS = ("verbs", "nouns")


@dataclass(frozen=True, slots=True)
class Lexeme:
    """How one trigger word codes an event and how its arguments attach."""

    type: str
    cameo: str
    mode: str | None = None
    sym: bool = False
    preps: tuple[str, ...] = ()
    no_target: bool = False
    objects: frozenset[str] = frozenset()
    control: str | None = None
    speech: bool = False
    min_args: int = 0
    needs_prep: tuple[str, ...] = ()
    objects_actor: bool = False
    light: bool = False
    no_clause: bool = False
    implicit_target: bool = True
    no_object: bool = False
    future_clause: bool = False
    not_objects: frozenset[str] = frozenset()
    no_infinitive: bool = False


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Verb triggers (single lemmas and "lemma particle" phrases) and noun triggers."""

    verbs: dict[str, Lexeme]
    nouns: dict[str, Lexeme]

    def verb(self, lemma: str, particles: tuple[str, ...] = ()) -> tuple[str, Lexeme] | None:
        """The entry for a verb, preferring a phrasal form with one of its particles."""
        readings = self.verb_readings(lemma, particles)
        return readings[0] if readings else None

    def verb_readings(self, lemma: str, particles: tuple[str, ...] = ()) -> list[tuple[str, Lexeme]]:
        """Every entry for a verb, phrasal forms first: "hand over" a plan, else "hand" hostages."""
        keys = [f"{lemma} {p}" for p in particles] + [lemma]
        return [(k, self.verbs[k]) for k in dict.fromkeys(keys) if k in self.verbs]


def _lexeme(key: str, raw: Any, where: str) -> Lexeme:
    if not isinstance(raw, dict):
        raise ConfigError(
            f"{where}: trigger '{key}' is not a mapping", fix="write it as {type: ..., cameo: ...}"
        )
    check_keys({"name": key, **raw}, ["name", *_KEYS], where, "trigger key")
    kind = raw.get("type")
    if kind not in PLOVER_TYPES:
        raise ConfigError(
            f"{where}: trigger '{key}' has type {kind!r}", fix=f"use one of {sorted(PLOVER_TYPES)}"
        )
    if not raw.get("cameo"):
        raise ConfigError(
            f"{where}: trigger '{key}' has no cameo code", fix="give the closest CAMEO code as a string"
        )
    return Lexeme(
        type=kind,
        cameo=str(raw["cameo"]),
        mode=raw.get("mode"),
        sym=bool(raw.get("sym", False)),
        preps=tuple(raw.get("preps") or ()),
        no_target=raw.get("target") == "none",
        objects=frozenset(raw.get("objects") or ()),
        control=raw.get("control"),
        speech=bool(raw.get("speech", False)),
        min_args=int(raw.get("min_args", 0)),
        needs_prep=tuple(raw.get("needs_prep") or ()),
        objects_actor=bool(raw.get("objects_actor", False) or raw.get("actor_object", False)),
        light=bool(raw.get("light", False)),
        no_clause=bool(raw.get("no_clause", False)),
        implicit_target=raw.get("implicit_target", True) is not False,
        no_object=bool(raw.get("no_object", False)),
        future_clause=bool(raw.get("future_clause", False)),
        not_objects=frozenset(raw.get("not_objects") or ()),
        no_infinitive=bool(raw.get("no_infinitive", False)),
    )


def _sections(data: Any, where: str) -> dict[str, Any]:
    if not data:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(
            f"{where}: the events section is not a mapping", fix="write events: {verbs: ..., nouns: ...}"
        )
    check_keys(data, _PARTS, where, "events part")
    return data


@lru_cache(maxsize=8)
def load_lexicon(extra: tuple[str, ...] = ()) -> Lexicon:
    """The shipped trigger lexicon plus `events:` sections of the user's knowledge files."""
    verbs: dict[str, Lexeme] = {}
    nouns: dict[str, Lexeme] = {}
    files = [("events.yaml", shipped_yaml("events.yaml"))]
    files += [(where, data.get("events")) for where, data in user_data(extra)]
    for where, section in files:
        data = _sections(section, where)
        for key, raw in (data.get("verbs") or {}).items():
            verbs[str(key)] = _lexeme(str(key), raw, where)
        for key, raw in (data.get("nouns") or {}).items():
            nouns[str(key)] = _lexeme(str(key), raw, where)
    return Lexicon(verbs=verbs, nouns=nouns)
