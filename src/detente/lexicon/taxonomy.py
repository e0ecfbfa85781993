"""The issue taxonomy (`data/issues.yaml` plus a user's `issues:`/`stances:`) and its stance words."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from detente.errors import ConfigError
from detente.lexicon.files import check_keys, shipped_yaml, user_data

_ISSUE_KEYS = ("slug", "label", "terms")


@dataclass(frozen=True, slots=True)
class Issue:
    """One issue of the taxonomy."""

    slug: str
    label: str
    pattern: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class Taxonomy:
    """Issues in match order and the stance vocabulary."""

    issues: tuple[Issue, ...]
    support: dict[str, frozenset[str]]
    oppose: dict[str, frozenset[str]]
    conditions: tuple[str, ...]
    actions: frozenset[str] = frozenset()

    def issue_of(self, text: str) -> Issue | None:
        """The first issue whose terms occur in `text`."""
        low = " " + " ".join(re.findall(r"[\w'’,-]+", text.lower())) + " "
        for issue in self.issues:
            if issue.pattern.search(low):
                return issue
        return None


def _pattern(terms: Sequence[str]) -> re.Pattern[str]:
    alts = [re.escape(t.lower()).replace(r"\*", r"[\w'-]*").replace(r"\ ", " ") for t in terms]
    return re.compile(r"(?<![\w-])(?:" + "|".join(alts) + r")(?![\w-])")


def _freeze(groups: dict[str, set[str]]) -> dict[str, frozenset[str]]:
    return {k: frozenset(v) for k, v in groups.items()}


@lru_cache(maxsize=8)
def load_taxonomy(extra: tuple[str, ...] = ()) -> Taxonomy:
    """The shipped issue taxonomy plus the `issues:`/`stances:` sections of the user's files."""
    sources = [("issues.yaml", shipped_yaml("issues.yaml")), *user_data(extra)]
    terms: dict[str, list[str]] = {}
    labels: dict[str, str] = {}
    stances: dict[str, dict[str, set[str]]] = {"support": {}, "oppose": {}}
    conditions: list[str] = []
    actions: set[str] = set()
    for where, data in sources:
        if not isinstance(data, dict):
            raise ConfigError(f"{where}: not a mapping", fix="write issues: [...] and stances: {...}")
        for raw in data.get("issues") or ():
            if not isinstance(raw, dict) or not raw.get("slug"):
                raise ConfigError(
                    f"{where}: an issue lacks a slug", fix="give each issue a slug, a label and terms"
                )
            check_keys(raw, _ISSUE_KEYS, where, "issue key")
            slug = str(raw["slug"])
            labels.setdefault(slug, str(raw.get("label", slug)))
            terms.setdefault(slug, []).extend(str(t) for t in raw.get("terms") or ())
        for stance, groups in (data.get("stances") or {}).items():
            if stance == "conditions":
                conditions.extend(groups)
                continue
            if stance == "actions":
                actions.update(groups)
                continue
            if stance not in stances:
                raise ConfigError(
                    f"{where}: unknown stance '{stance}'", fix="use support, oppose or conditions"
                )
            for kind, words in (groups or {}).items():
                stances[stance].setdefault(kind, set()).update(words)
    issues = tuple(Issue(slug, labels[slug], _pattern(words)) for slug, words in terms.items() if words)
    return Taxonomy(
        issues,
        _freeze(stances["support"]),
        _freeze(stances["oppose"]),
        tuple(sorted(set(conditions), key=len, reverse=True)),
        frozenset(actions),
    )
