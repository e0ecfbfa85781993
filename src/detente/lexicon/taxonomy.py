"""The issue taxonomy and its stance words.

The general issues of any negotiation (ceasefire, territory, withdrawal, prisoners, sanctions, …)
come from `data/issues.yaml`; each war's own words (its regions, its slogans) from one file per
conflict in `data/conflicts/`, which adds terms to the general issues or, for an issue of that war
alone, a new slug matched before them; a user's `issues:`/`stances:` sections come last.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from detente.errors import ConfigError
from detente.lexicon.files import check_keys, load_yaml, shipped_yaml, user_data

_ISSUE_KEYS = ("slug", "label", "terms")
_CONFLICT_KEYS = ("conflict", "label", "issues")
CONFLICTS_DIR = "data/conflicts"
"""Where the shipped per-war issue terms live, one YAML file per conflict."""


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


def conflict_files() -> list[tuple[str, dict[str, object]]]:
    """The shipped per-conflict term files (`data/conflicts/*.yaml`), by file name, validated."""
    folder = resources.files("detente").joinpath(CONFLICTS_DIR)
    out: list[tuple[str, dict[str, object]]] = []
    if not folder.is_dir():
        return out
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith((".yaml", ".yml")):
            continue
        where = f"conflicts/{entry.name}"
        data = load_yaml(entry.read_text("utf-8"), where)
        if not isinstance(data, dict):
            raise ConfigError(f"{where}: not a mapping", fix="write conflict:, label: and issues: [...]")
        check_keys(data, _CONFLICT_KEYS, where, "conflict key")
        out.append((where, data))
    return out


@lru_cache(maxsize=8)
def load_taxonomy(extra: tuple[str, ...] = ()) -> Taxonomy:
    """The general issue taxonomy, each conflict's own terms, then the user's `issues:`/`stances:`."""
    general: dict[str, object] = shipped_yaml("issues.yaml")
    users, conflicts = user_data(extra), conflict_files()
    sources = [("issues.yaml", general), *conflicts, *users]
    known = {str(i.get("slug")) for i in general.get("issues") or () if isinstance(i, dict)}  # type: ignore[attr-defined]
    # A war's own issue ("the root causes") or a user's new one is more specific than any
    # general one: it is matched first (a user's before a war's).
    first = [
        str(i["slug"])
        for _, data in [*users, *conflicts]
        if isinstance(data, dict)
        for i in data.get("issues") or ()
        if isinstance(i, dict) and i.get("slug") and str(i["slug"]) not in known
    ]
    terms: dict[str, list[str]] = {slug: [] for slug in first}
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
