"""CAMEO codes in detente's terms: event codes → PLOVER type/mode/context, actor codes → country/sector.

Event codes go through the OEDA table `CAMEO2PLOVER-2021.txt`. The table leaves out, on purpose,
codes that a pattern may still carry; those are resolved by these rules and nothing else:

- CAMEO 01 (public statements) and 02 (appeals): the PLOVER manual drops both categories, so
  such a pattern compiles with `plover: null` and `dropped: true` (it still matches, and still
  blocks a vaguer pattern, but it is no PLOVER event);
- CAMEO codes added after the table's source (176 cyber attack, 1951/1952 aerial munitions):
  they take the row of their parent code (`17`, `195`), as the manual says sub-codes collapse;
- `---`: no event (the pattern matches and blocks, but codes nothing).

Any other code missing from the table is an error. Actor codes are read three letters at a
time; see `actor_code` for how a CAMEO actor code becomes detente's country and sector.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .common import ErrataLog, Line, read_lines

NO_EVENT = "---"

DROPPED_FAMILIES = ("01", "02")
"""CAMEO cue categories PLOVER dropped (public statements, appeals)."""

DROPPED_CODES = frozenset(
    "010 011 012 013 014 015 016 017 018 019 "
    "020 021 0211 0212 0213 0214 022 023 0231 0232 0233 0234 024 0241 0242 0243 0244 "
    "025 0251 0252 0253 0254 0255 0256 026 027 028".split()
)
"""Every CAMEO 1.1b3 code of the two dropped categories (so a typo such as 029 still fails)."""

NEWER_CODES = {"176": "17", "1951": "195", "1952": "195"}
"""CAMEO codes the 2021 table does not list, each with the code whose row it takes."""


@dataclass(frozen=True, slots=True)
class Plover:
    """The PLOVER reading of one CAMEO code."""

    type: str
    mode: str | None
    context: tuple[str, ...]

    def as_json(self) -> dict[str, object]:
        """The JSON object written for this reading."""
        return {"type": self.type, "mode": self.mode, "context": list(self.context)}


_ROW = re.compile(r"^(\d{2,4}):\s*([A-Z]+)\s*(?:,\s*([^,]*?)\s*(?:,\s*(.*?))?)?\s*$")


class CameoTable:
    """The CAMEO → PLOVER table, read from `CAMEO2PLOVER-2021.txt`."""

    def __init__(self, rows: dict[str, Plover], families: dict[str, list[Plover]]) -> None:
        self.rows = rows
        self.families = families

    @classmethod
    def read(cls, path: Path, errata: ErrataLog) -> CameoTable:
        """Parse the table; a line that is no `CODE: TYPE, mode, context` row is an error."""
        rows: dict[str, Plover] = {}
        families: dict[str, list[Plover]] = {}
        for line in read_lines(path, errata):
            if line.text.startswith("~"):
                continue  # the file's end marker
            m = _ROW.match(line.text)
            if not m:
                raise line.error("not a CAMEO → PLOVER row", "CODE: TYPE, mode, context  # note")
            code, ptype = m.group(1), m.group(2)
            mode = (m.group(3) or "").strip() or None
            context = tuple(c.strip() for c in (m.group(4) or "").split(";") if c.strip())
            row = Plover(ptype, mode, context)
            if len(code) == 2:
                families.setdefault(code, []).append(row)
            elif code in rows and rows[code] != row:
                raise line.error(f"CAMEO code {code} is mapped twice, differently", "one row per code")
            else:
                rows[code] = row
        return cls(rows, families)

    def resolve(self, code: str, line: Line) -> tuple[Plover | None, bool]:
        """(PLOVER reading, dropped?) of an event code; an unknown code is an error at `line`."""
        if code in self.rows:
            return self.rows[code], False
        if code in DROPPED_CODES:
            return None, True
        parent = NEWER_CODES.get(code)
        if parent is not None:
            if parent in self.rows:
                return self.rows[parent], False
            family = self.families.get(parent, [])
            if len(family) == 1:
                return Plover(family[0].type, None, ()), False
        raise line.error(
            f"unknown CAMEO event code {code!r}",
            "a code of CAMEO2PLOVER-2021.txt, a CAMEO 01/02 code (dropped by PLOVER), "
            f"one of {sorted(NEWER_CODES)}, or --- for no event",
        )


# --- actor codes -------------------------------------------------------------------------------

COUNTRY_ALIASES = {"KSV": "XKX", "TMP": "TLS", "ROM": "ROU", "ANG": "AGO"}
"""CAMEO country codes that differ from ISO 3166-1 alpha-3 (Kosovo, East Timor, Romania, and
the Angola code the non-state file writes as ANG)."""

INTERNATIONAL_FIRST = frozenset({"IGO", "NGO", "IMG", "MNC", "ISM"})
"""First segments that are PLOVER international codes (the country slot of a non-state body)."""

ROLE_SECTORS = {
    "GOV": "GOV",
    "MIL": "MIL",
    "REB": "REB",
    "INS": "REB",  # PLOVER folds CAMEO's insurgents and separatists into REB
    "SEP": "REB",
    "OPP": "OPP",
    "PTY": "PTY",
    "COP": "COP",
    "JUD": "JUD",
    "SPY": "SPY",
    "LEG": "LEG",
    "MED": "JRN",  # CAMEO MED is media; PLOVER renamed it JRN
    "HLH": "MED",  # CAMEO HLH is health; PLOVER renamed it MED
    "EDU": "EDU",
    "BUS": "BUS",
    "CVL": "CVL",
    "REF": "REF",
    "LAB": "LAB",
    "AGR": "AGR",
    "ELI": "ELI",
    "CRM": "CRM",
    "UAF": "UAF",
    "HRI": "HRI",
    "REL": "REL",
}
"""CAMEO role segments → PLOVER/detente sector codes. Religion, ideology and topic segments
(MUS, CHR, RAD, ENV, DEV, …) are attributes, not sectors, and give none."""

STATE_ROLES = frozenset({"GOV", "MIL", "JUD", "LEG", "COP", "SPY"})
"""The only roles read from an IGO code: its other segments name an agency's field (UNHCR is
IGOUNOREFHCR), not its members' sector."""


@dataclass(frozen=True, slots=True)
class ActorCode:
    """A CAMEO actor code read as detente's country (ISO-3 or international code) and sector."""

    country: str | None
    sector: str | None


def actor_code(code: str, iso: frozenset[str]) -> ActorCode:
    """Detente's (country, sector) for a well-formed CAMEO actor code (segments of three).

    The first segment is the country: an ISO-3 code detente knows (or one of COUNTRY_ALIASES),
    an international code (IGOUNO… → UNO, IGOEUREEC… → EUR, other IGO → IGO, NGO, IMG, MNC), or
    something else (a dissolved state such as USR or YUG, a region such as MEA, a religion, or a
    bare role such as ELI), which gives no country. The sector is the first later segment found
    in ROLE_SECTORS (for IGOs: in STATE_ROLES); a bare role as first segment is its own sector.
    """
    if code == NO_EVENT:
        return ActorCode(None, None)
    segs = [code[i : i + 3] for i in range(0, len(code), 3)]
    first, rest = segs[0], segs[1:]
    country: str | None
    roles = ROLE_SECTORS
    if first in INTERNATIONAL_FIRST:
        country = first
        if first == "IGO":
            roles = {k: v for k, v in ROLE_SECTORS.items() if k in STATE_ROLES}
            if rest[:1] == ["UNO"]:
                country, rest = "UNO", rest[1:]
            elif rest[:2] == ["EUR", "EEC"]:
                country, rest = "EUR", rest[2:]
        elif first in ("MNC", "NGO") and rest and (rest[0] in iso or rest[0] in COUNTRY_ALIASES):
            rest = rest[1:]  # MNCUSA…, NGOGBR…: the home country, not a role
    elif first in iso or first in COUNTRY_ALIASES:
        country = COUNTRY_ALIASES.get(first, first)
    else:
        country = None
        if first in ROLE_SECTORS:
            rest = [first, *rest]
    sector = next((roles[s] for s in rest if s in roles), None)
    return ActorCode(country, sector)
