"""The Phoenix actor dictionaries → `actors.json`, and the agent dictionary → `agents.json`.

An actor record is a primary phrase (`BARACK_OBAMA`, optionally followed by codes), synonym
lines (`+PRESIDENT_OBAMA_`) and tab-indented code lines (`[USAGOV >090120]`). A code without a
date is the record's default; `<D` applies up to D, `>D` from D, `D1-D2` between them (all
inclusive); `[---]` is an explicit "no code". An agent line is `PHRASE {PLURAL} [~CODE]`
(`{}`: no plural; `[CODE~]`: an organisation type written before the actor's code), and
`!MARK! = A, B` defines a substitution set used as `CONGRESS!PERSON!`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from .cameo import NO_EVENT, actor_code
from .common import ErrataLog, Errors, Line, normalise_phrase, parse_date, read_lines
from .inflect import plural

Json = dict[str, Any]

_CODE = r"(?:---|(?:[A-Z0-9]{3})+)"
_DATES = r"(?:[<>]\s*\d+|\d+\s*-\s*\d+)"
_GROUP = re.compile(rf"\[\s*({_CODE})(?:\s+({_DATES}))?\s*\]")
_GROUPS = re.compile(rf"^(?:\s*\[\s*{_CODE}(?:\s+{_DATES})?\s*\])+\s*$")
_NAME = re.compile(r"^[^\[\]{}+\s][^\[\]{}]*$")
# "free aceh movement (gam)": a name with its acronym in brackets at the end.
# Up to five letters: a longer bracket is a word ("(colombia)", "(paradise)"), not an acronym.
_ACRONYM = re.compile(r"^(.*\S)\s*\(\s*([a-z][a-z-]{1,4})\s*\)$")
# Acronyms in the dictionaries that are also English words or given names: kept out, as a
# report's "Dawn" or "Ana" is a newspaper or a person far more often than the group.
_WORD_ACRONYMS = frozenset({"ana", "arb", "car", "dawn", "elf", "era", "hum", "isa", "let"})
_AGENT = re.compile(r"^([^\[\]{}]+?)\s*(?:\{([^{}]*)\})?\s*\[\s*(~?)([A-Z0-9]+)(~?)\s*\]$")
_MARKER_DEF = re.compile(r"^!([A-Z]+)!\s*=\s*(.+)$")

ACTOR_FORMS = (
    "NAME, NAME [CODE], +SYNONYM, <tab>[CODE], <tab>[CODE <YYMMDD], [CODE >YYMMDD], [CODE YYMMDD-YYMMDD]"
)
AGENT_FORMS = "PHRASE [~CODE], PHRASE {PLURAL} [~CODE], PHRASE {} [~CODE], PHRASE [CODE~], !MARK! = A, B"
REPLACEMENT = "\ufffd"


def _code_groups(text: str, line: Line) -> list[Json]:
    """The {code, from, until} entries of the bracketed code groups in `text`."""
    out: list[Json] = []
    for m in _GROUP.finditer(text):
        code, dates = m.group(1), m.group(2)
        start = until = None
        if dates:
            spec = "".join(dates.split())
            if spec[0] == "<":
                until = parse_date(spec[1:], line)
            elif spec[0] == ">":
                start = parse_date(spec[1:], line)
            else:
                lo, hi = spec.split("-")
                start, until = parse_date(lo, line), parse_date(hi, line)
                if start > until:
                    raise line.error(f"date range {dates!r} ends before it starts", "FROM-UNTIL")
        entry = {"code": code}
        if start:
            entry["from"] = start  # absent keys are open ends: the data ships in the wheel
        if until:
            entry["until"] = until
        out.append(entry)
    return out


class ActorReader:
    """Reads actor dictionaries into records; `codes` collects every actor code seen."""

    def __init__(self, iso: frozenset[str], errata: ErrataLog) -> None:
        self.iso = iso
        self.errata = errata
        self.files: dict[str, list[Json]] = {}
        self.codes: dict[str, Json | None] = {}
        self.dropped_names = 0
        self.codeless = 0
        self.label = ""

    def read(self, path: Path, label: str) -> None:
        """Add the records of one actor file under `label` in `files`, sorted by first name."""
        errors = Errors()
        current: Json | None = None
        records = self.files.setdefault(label, [])
        self.label = label
        for line in read_lines(path, self.errata, keep_indent=True):
            with errors.collect():
                current = self._line(line, current, records)
        self._close(current, records)
        errors.raise_any()
        records.sort(key=lambda r: (r["names"][0], json.dumps(r, sort_keys=True)))

    def _line(self, line: Line, current: Json | None, records: list[Json]) -> Json | None:
        text = line.text
        if text[0] in " \t":
            if current is None or not _GROUPS.match(text):
                raise line.error("an indented line holds only date-restricted codes", ACTOR_FORMS)
            current["codes"].extend(self._codes(text, line))
            return current
        if text.startswith("+"):
            if current is None or not _NAME.match(text[1:].strip() or "["):
                raise line.error(
                    "bad synonym line (a synonym follows its actor and has no code)", ACTOR_FORMS
                )
            self._name(current, text[1:])
            return current
        bracket = text.find("[")
        name, groups = (text, "") if bracket == -1 else (text[:bracket], text[bracket:])
        if not _NAME.match(name.strip() or "[") or (groups and not _GROUPS.match(groups)):
            raise line.error("bad actor line", ACTOR_FORMS)
        self._close(current, records)
        # no source line: 27,000 of them would cost 0.35 MB of the wheel for no reader
        record: Json = {"names": [], "codes": self._codes(groups, line)}
        self._name(record, name)
        return record

    def _codes(self, text: str, line: Line) -> list[Json]:
        entries = _code_groups(text, line)
        for entry in entries:
            code = entry["code"]
            if code not in self.codes:
                read = actor_code(code, self.iso) if code != NO_EVENT else None
                self.codes[code] = {"country": read.country, "sector": read.sector} if read else None
        return entries

    def _name(self, record: Json, raw: str) -> None:
        if REPLACEMENT in raw:
            self.dropped_names += 1  # a character lost before the file was published
            return
        for name in self._forms(normalise_phrase(raw)):
            if name and name not in record["names"]:
                record["names"].append(name)

    def _forms(self, name: str) -> list[str]:
        """The names a dictionary entry is found by in text. A group's entry often carries its
        acronym ("liberation tigers of tamil eelam (ltte)"), which no report writes that way:
        outside the country file, it gives the name without the bracket and the acronym alone
        (three letters or more, so no "an" or "ji" matches a word)."""
        if self.label == "countries":
            return [name]  # "congo (kinshasa)" and "virgin islands (uk)" need their bracket
        found = _ACRONYM.fullmatch(name)
        if found is None:
            return [name]
        base, acronym = found.group(1).strip(), found.group(2)
        if len(acronym.replace("-", "")) < 3 or acronym in _WORD_ACRONYMS:
            return [base]
        return [base, acronym]

    def _close(self, record: Json | None, records: list[Json]) -> None:
        if record is None:
            return
        if not record["codes"]:
            self.codeless += 1  # PETRARCH gives such an entry the null code: nothing to ship
            return
        if record["names"]:
            records.append(record)


def read_agents(path: Path, errata: ErrataLog) -> list[Json]:
    """The agent dictionary as sorted {phrase, plural, code, sector, international, source}."""
    from .cameo import ROLE_SECTORS

    markers: dict[str, list[str]] = {}
    out: list[Json] = []
    errors = Errors()
    for line in read_lines(path, errata):
        with errors.collect():
            mdef = _MARKER_DEF.match(line.text)
            if mdef:
                markers[mdef.group(1)] = [normalise_phrase(x) for x in mdef.group(2).split(",") if x.strip()]
                continue
            m = _AGENT.match(line.text)
            if not m or (m.group(3) and m.group(5)) or not (m.group(3) or m.group(5)):
                raise line.error("bad agent line", AGENT_FORMS)
            phrase, listed, code = m.group(1), m.group(2), m.group(4)
            if len(code) % 3:
                raise line.error(f"agent code {code!r} is not made of three-letter segments", AGENT_FORMS)
            before = bool(m.group(5))
            segs = [code[i : i + 3] for i in range(0, len(code), 3)]
            entry = {
                "code": m.group(3) + code + m.group(5),
                "sector": None
                if before
                else next((ROLE_SECTORS[s] for s in segs if s in ROLE_SECTORS), None),
                "international": segs[0] if before else None,
                "source": line.number,
            }
            mark = re.search(r"!([A-Z]+)!", phrase)
            if mark:
                if mark.group(1) not in markers:
                    raise line.error(f"substitution set !{mark.group(1)}! is not defined above", AGENT_FORMS)
                for sub in markers[mark.group(1)]:
                    expanded = phrase[: mark.start()] + sub.upper() + phrase[mark.end() :]
                    out.append({"phrase": normalise_phrase(expanded), "plural": None, **entry})
                continue
            name = normalise_phrase(phrase)
            if listed is None:
                plural_form: str | None = plural(name)
            else:
                plural_form = normalise_phrase(listed) or None
            out.append({"phrase": name, "plural": plural_form, **entry})
    errors.raise_any()
    return sorted(out, key=lambda a: (a["phrase"], a["source"]))
