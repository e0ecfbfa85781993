"""The one reader of knowledge files: shipped YAML in `detente/data/` and a user's additions.

Every loader in `detente.lexicon` reads through here, so a file is parsed once per process and
validated the same way: an unknown section or an unknown key in an entry is an error that
names the file and lists the valid ones (a typo such as `prep:` for `preps:` must not be
silently ignored).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from detente.errors import ConfigError

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 5x faster

SECTIONS = ("countries", "actors", "titles", "sectors", "events", "issues", "stances", "places")
"""The sections a user knowledge file may hold (a bare list is a list of actors)."""

MAX_ALIASES = 1000
"""More YAML aliases than this in one file is an alias bomb, not knowledge."""


def load_yaml(text: str, where: str) -> Any:
    """The YAML document in `text`, or a ConfigError naming `where` and the fix."""
    if text.count("*") > MAX_ALIASES and _alias_count(text) > MAX_ALIASES:
        raise ConfigError(
            f"knowledge file {where} uses more than {MAX_ALIASES} YAML aliases",
            fix="write the entries out instead of repeating anchors",
        )
    try:
        return yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        raise ConfigError(
            f"knowledge file {where} is not valid YAML: {exc}", fix="fix the YAML syntax"
        ) from exc


def _alias_count(text: str) -> int:
    try:
        return sum(isinstance(ev, yaml.AliasEvent) for ev in yaml.parse(text, Loader=_LOADER))
    except yaml.YAMLError:
        return 0  # load_yaml reports the syntax error itself


def shipped_text(name: str) -> str:
    """The text of a knowledge file shipped in `detente/data/` (`name` may hold a folder)."""
    return resources.files("detente").joinpath(f"data/{name}").read_text("utf-8")


@lru_cache(maxsize=32)
def shipped_yaml(name: str) -> Any:
    """The parsed YAML of a shipped knowledge file, read once per process."""
    return load_yaml(shipped_text(name), name)


def user_files(extra: Iterable[str]) -> list[tuple[str, str]]:
    """(path, text) of the user's knowledge files, or a ConfigError naming the one that cannot be read."""
    out = []
    for path in extra:
        try:
            out.append((path, Path(path).read_text("utf-8")))
        except OSError as exc:
            raise ConfigError(
                f"cannot read knowledge file {path}: {exc.strerror}", fix="check the path in 'knowledge'"
            ) from exc
        except UnicodeDecodeError as exc:
            raise ConfigError(
                f"knowledge file {path} is not UTF-8 text ({exc.reason} at byte {exc.start})",
                fix="save the file as UTF-8",
            ) from exc
    return out


@lru_cache(maxsize=8)
def user_data(extra: tuple[str, ...] = ()) -> tuple[tuple[str, dict[str, Any]], ...]:
    """(path, sections) of each user knowledge file, parsed once and checked.

    A bare list is a list of places when its entries give a `kind` and no `type`, else a list
    of actors; a mapping may hold only the known SECTIONS.
    """
    out = []
    for path, text in user_files(extra):
        data = load_yaml(text, path)
        if data is None:
            data = {}
        if isinstance(data, list):
            data = {_bare_list_section(data): data}
        if not isinstance(data, dict):
            raise ConfigError(
                f"knowledge file {path} holds neither a mapping nor a list",
                fix=f"write a mapping with any of: {', '.join(SECTIONS)}",
            )
        check_keys(data, SECTIONS, path, "section")
        out.append((path, data))
    return tuple(out)


def _bare_list_section(entries: list[Any]) -> str:
    keys = {k for e in entries if isinstance(e, dict) for k in e}
    return "places" if "kind" in keys and "type" not in keys else "actors"


def check_keys(raw: dict[str, Any], valid: Collection[str], where: str, what: str) -> None:
    """A ConfigError when `raw` has a key outside `valid`, naming it and listing the valid ones."""
    unknown = [str(k) for k in raw if k not in valid]
    if unknown:
        name = raw.get("name") or raw.get("slug")
        owner = f" of '{name}'" if isinstance(name, str) else ""
        raise ConfigError(
            f"{where}: unknown {what}{owner}: {', '.join(repr(k) for k in unknown)}",
            fix=f"valid {what}s: {', '.join(sorted(valid))}",
        )
