"""The issue list (`Phoenix.IssueCoding.txt`) → `issues.json`; the discards → `discards.json`.

Issues: `<ISSUE CATEGORY="NAME" TYPE="ALL">` sections of `term [CODE]` lines. In a term,
`n:word` stands for the noun and its plural, `v:word` for the verb's regular forms and `a+b`
for both "a b" and "a-b"; `~phrase` cancels the section's issues in a sentence and `~~phrase`
in the whole story. A term line without `[CODE]` takes its section's category as its code
(PETRARCH skipped such lines; every one of them plainly belongs to its section).

Discards: one phrase a line; `+PHRASE` discards the whole story, a bare one the sentence; a
trailing `_` asks for a whole-word match (otherwise the phrase is a stem).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .common import ErrataLog, Errors, Line, normalise_phrase, read_lines
from .inflect import plural, verb_forms

Json = dict[str, Any]

_OPEN = re.compile(r'^<ISSUE\s+CATEGORY="([A-Z0-9_\-]+)"\s+TYPE="([A-Z]+)">$')
_TERM = re.compile(r"^([^\[\]]+?)\s*(?:\[([A-Z0-9_\-]+)\])?$")
ISSUE_FORMS = '<ISSUE CATEGORY="NAME" TYPE="ALL">, term [CODE], term, ~phrase, ~~phrase, </ISSUE>'
DISCARD_FORMS = "PHRASE, PHRASE_ (whole word), +PHRASE (whole story)"

MOJIBAKE = {"\u2020": " ", "\u2030": "ä", "\u00c8": "é", "\u00cb": "è", "\u00ac\u00ed": "'", "\ufb01": "fi"}
"""Characters of the issue file that are Mac Roman bytes read as another encoding (the dagger
is a no-break space, ‰ an ä …), put back as the letters they were."""


def expand_term(term: str) -> list[str]:
    """Every phrase an issue term stands for (n:, v: and + expanded), lower case, sorted."""
    forms = [term.lower()]
    done: list[str] = []
    while forms:
        cur = forms.pop()
        if "+" in cur:
            forms += [cur.replace("+", " ", 1), cur.replace("+", "-", 1)]
            continue
        m = re.search(r"\b([nv]):(\S+)", cur)
        if m:
            word = m.group(2)
            alts = [word, plural(word)] if m.group(1) == "n" else [word, *verb_forms(word)]
            forms += [cur[: m.start()] + alt + cur[m.end() :] for alt in alts]
            continue
        done.append(" ".join(cur.split()))
    return sorted(set(done))


def read_issues(path: Path, errata: ErrataLog) -> Json:
    """The issue categories, each with its type, its codes' phrases and its exclusions."""
    categories: dict[str, Json] = {}
    current: Json | None = None
    errors = Errors()
    for line in read_lines(path, errata):
        with errors.collect():
            current = _issue_line(line, current, categories)
    if current is not None:
        errors.found.append(Line(path.name, 0, "", "").error("the last section is not closed", "</ISSUE>"))
    errors.raise_any()
    for cat in categories.values():
        cat["issues"] = {code: sorted(set(forms)) for code, forms in sorted(cat["issues"].items())}
        for key in ("exclude_sentence", "exclude_story"):
            cat[key] = sorted(set(cat[key]))
    return dict(sorted(categories.items()))


def _issue_line(line: Line, current: Json | None, categories: dict[str, Json]) -> Json | None:
    text = line.text
    for bad, good in MOJIBAKE.items():
        text = text.replace(bad, good)
    if text.startswith("<ISSUE"):
        m = _OPEN.match(text)
        if not m or current is not None:
            raise line.error("bad or nested section start", ISSUE_FORMS)
        entry = categories.setdefault(
            m.group(1), {"type": m.group(2), "issues": {}, "exclude_sentence": [], "exclude_story": []}
        )
        return {"name": m.group(1), "entry": entry}
    if text == "</ISSUE>":
        if current is None:
            raise line.error("</ISSUE> closes no section", ISSUE_FORMS)
        return None
    if current is None:
        raise line.error("a term outside any <ISSUE> section", ISSUE_FORMS)
    entry = current["entry"]
    if text.startswith("~"):
        story = text.startswith("~~")
        phrase = text[2:] if story else text[1:]
        if not phrase.strip():
            raise line.error("an empty exclusion", ISSUE_FORMS)
        entry["exclude_story" if story else "exclude_sentence"].extend(expand_term(phrase))
        return current
    m = _TERM.match(text)
    if not m:
        raise line.error("bad issue term", ISSUE_FORMS)
    code = m.group(2) or current["name"]
    entry["issues"].setdefault(code, []).extend(expand_term(m.group(1)))
    return current


def read_discards(path: Path, errata: ErrataLog) -> Json:
    """The sentence- and story-level discard phrases as {phrase, whole_word}, sorted."""
    out: dict[str, list[Json]] = {"sentence": [], "story": []}
    errors = Errors()
    for line in read_lines(path, errata):
        with errors.collect():
            text = line.text
            story = text.startswith("+")
            body = text[1:].strip() if story else text
            if not body or "[" in body or "]" in body:
                raise line.error("bad discard line", DISCARD_FORMS)
            phrase = " ".join(body.rstrip("_").split()).lower()
            out["story" if story else "sentence"].append({"phrase": phrase, "whole_word": body.endswith("_")})
    errors.raise_any()
    return {
        k: sorted({(d["phrase"], d["whole_word"]): d for d in v}.values(), key=_key) for k, v in out.items()
    }


def _key(d: Json) -> tuple[str, bool]:
    return d["phrase"], d["whole_word"]


__all__ = ["expand_term", "normalise_phrase", "read_discards", "read_issues"]
