"""Named groups of words a language's extraction rules read: `data/<lang>/words.yaml`.

Every stage that matches words (the planning verbs of `status`, the attribution verbs of
`quotes`, month names of `dates` …) takes them from here instead of spelling them inline, so
a second language is a second `words.yaml`, and a list is written once. A group is a list of
strings (`words` for a set, `word_list` where order matters) or, for the few that pair a word
with something, a mapping (`word_map`, `number_map`). Group names are dotted by stage
(`status.planning`) unless several stages share one meaning (`negation`).

The file is read once per process and checked whole: a group that is not a non-empty list of
distinct strings (or a mapping of words to scalars) is a ConfigError naming it, and so is a
request for a group the file does not define, so a typo fails at import, not silently.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from detente.errors import ConfigError
from detente.lexicon.files import shipped_yaml

__all__ = ["DEFAULT_LANG", "group_names", "number_map", "parse_groups", "word_list", "word_map", "words"]

DEFAULT_LANG = "en"
"""The language whose words the extraction rules read when none is named."""

_NAME = re.compile(r"[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)*")

Group = tuple[str, ...] | Mapping[str, str | int]


def _path(lang: str) -> str:
    return f"{lang}/words.yaml"


@lru_cache(maxsize=4)
def _groups(lang: str) -> Mapping[str, Group]:
    """Every group of `data/<lang>/words.yaml`, checked."""
    where = f"data/{_path(lang)}"
    try:
        raw = shipped_yaml(_path(lang))
    except FileNotFoundError as exc:
        raise ConfigError(
            f"no word groups for language '{lang}' ({where} is missing)",
            fix="add the file, or use a pipeline of a language detente ships",
        ) from exc
    return parse_groups(raw, where)


def parse_groups(raw: Any, where: str) -> Mapping[str, Group]:
    """The checked groups of a parsed words file, or a ConfigError naming `where` and the group."""
    if not isinstance(raw, dict):
        raise ConfigError(f"{where} holds no mapping of groups", fix="write 'group.name: [word, …]' lines")
    return MappingProxyType({str(name): _check(str(name), value, where) for name, value in raw.items()})


def _check(name: str, value: Any, where: str) -> Group:
    if not _NAME.fullmatch(name):
        raise ConfigError(
            f"{where}: group name '{name}' is not lower-case words joined by dots",
            fix="name it like 'status.planning'",
        )
    if isinstance(value, list):
        return _check_list(name, value, where)
    if isinstance(value, dict):
        return _check_map(name, value, where)
    raise ConfigError(
        f"{where}: group '{name}' is a {type(value).__name__}, not a list or a mapping",
        fix="write the group as a YAML list of words",
    )


def _check_list(name: str, value: list[Any], where: str) -> tuple[str, ...]:
    bad = [repr(v) for v in value if not isinstance(v, str) or not v.strip()]
    if bad or not value:
        what = f"entries that are not words: {', '.join(bad[:5])}" if bad else "no entries"
        raise ConfigError(f"{where}: group '{name}' has {what}", fix="list non-empty strings (quote them)")
    twice = sorted({v for v in value if value.count(v) > 1})
    if twice:
        raise ConfigError(
            f"{where}: group '{name}' lists {', '.join(repr(v) for v in twice)} twice",
            fix="keep one of each",
        )
    return tuple(value)


def _check_map(name: str, value: dict[Any, Any], where: str) -> Mapping[str, str | int]:
    bad = [
        repr(k)
        for k, v in value.items()
        if not isinstance(k, str) or not k.strip() or isinstance(v, bool) or not isinstance(v, str | int)
    ]
    if bad or not value:
        what = f"bad entries: {', '.join(bad[:5])}" if bad else "no entries"
        raise ConfigError(f"{where}: group '{name}' has {what}", fix="map each word to a string or a number")
    return MappingProxyType(dict(value))


def _group(name: str, lang: str) -> Group:
    groups = _groups(lang)
    if name not in groups:
        near = difflib.get_close_matches(name, list(groups), n=3)
        raise ConfigError(
            f"data/{_path(lang)} has no word group '{name}'",
            fix=f"did you mean {' or '.join(near)}?" if near else "define it in the file",
        )
    return groups[name]


def _as_list(name: str, lang: str) -> tuple[str, ...]:
    group = _group(name, lang)
    if not isinstance(group, tuple):
        raise ConfigError(
            f"word group '{name}' is a mapping, not a list", fix=f"read it with word_map('{name}')"
        )
    return group


def word_list(name: str, lang: str = DEFAULT_LANG) -> tuple[str, ...]:
    """The words of group `name` in the file's order (for rules where the first match wins)."""
    return _as_list(name, lang)


def words(name: str, lang: str = DEFAULT_LANG) -> frozenset[str]:
    """The words of group `name` as a set, for membership tests."""
    return frozenset(_as_list(name, lang))


def _as_map(name: str, lang: str, kind: type[Any]) -> Mapping[str, Any]:
    group = _group(name, lang)
    if isinstance(group, tuple):
        raise ConfigError(
            f"word group '{name}' is a list, not a mapping", fix=f"read it with words('{name}')"
        )
    bad = [k for k, v in group.items() if not isinstance(v, kind)]
    if bad:
        raise ConfigError(
            f"word group '{name}' maps {', '.join(repr(k) for k in bad[:5])} to something not a {kind.__name__}",
            fix=f"map every word of '{name}' to a {kind.__name__}",
        )
    return group


def word_map(name: str, lang: str = DEFAULT_LANG) -> Mapping[str, str]:
    """Group `name` as a read-only mapping of words to strings (e.g. a word to its label)."""
    return _as_map(name, lang, str)


def number_map(name: str, lang: str = DEFAULT_LANG) -> Mapping[str, int]:
    """Group `name` as a read-only mapping of words to numbers ("two" → 2)."""
    return _as_map(name, lang, int)


def group_names(lang: str = DEFAULT_LANG) -> tuple[str, ...]:
    """The names of every group the language's file defines, in file order."""
    return tuple(_groups(lang))
