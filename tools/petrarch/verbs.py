"""The CAMEO verb dictionary (`CAMEO.2.0.txt`) → `verbs.json`.

The file holds synonym sets (`&NAME` then `+member` lines), verb blocks (a `--- NAME [CODE] ---`
header, verb lines `VERB {forms} [CODE]`, pattern lines `- before * after [CODE]`) and a few
transformations (`~ a (a b ATTACK) SAY = a b 015`). Patterns keep their structure: noun
phrases (`AID`, `{FINANCIAL AID}`: head last), prepositional phrases (`(OUT OF &FIGHT)`:
preposition first), synonym-set references (`&FIGHT`), and the markers `$` (source), `+`
(target), `^` (any phrase) and `%` (compound actor). Codes: `[042]`, `[042:043]` (the second
is the reverse event, target → source), `[:173]` (reverse only) and `[---]` (no event).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .cameo import NO_EVENT, CameoTable
from .common import ErrataLog, Errors, Line, normalise_phrase, read_lines
from .inflect import plural, verb_forms

Json = dict[str, Any]

_WORD = r"[A-Z0-9][A-Z0-9'.\-]*"
_WORD_RE = re.compile(rf"^{_WORD}$")
_MEMBER_RE = re.compile(r"^[A-Z0-9][A-Z0-9'.\-/&]*$")
_HEADER = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]\s*(?:---\s*)+$")
_VERB = re.compile(r"^([^\s{\[]+)\s*(?:\{([^}]*)\})?\s*(?:\[([^\]]*)\])?\s*$")
_CODE = re.compile(r"^(?:(---|\d{3,4})(?::(\d{3,4}))?|:(\d{3,4}))$")
_TOKEN = re.compile(r"[(){}]|[^\s(){}]+")
_TRANSFORM = re.compile(
    r"^~\s*(\S+)\s*\(\s*(\S+)\s+(\S+)\s+(\S+)\s*\)\s*(\S+)\s*=\s*(\S+)\s+(\S+)\s+(\S+)\s*$"
)
_MARKS = {"$": "source", "+": "target", "^": "any", "%": "compound"}

PATTERN_FORMS = (
    "- NOUNS (PREP NOUNS) * NOUNS (PREP NOUNS) [CODE], where a noun is WORD, {WORD ... HEAD}, "
    "&SYNSET or one of $ + ^ %, WORD may join words with _ and alternatives with /, and CODE is "
    "NNN, NNN:NNN, :NNN or ---"
)
VERB_FORMS = "VERB, VERB {FORM FORM ...} [CODE], +VERB_PARTICLE {+FORM_PARTICLE ...}, WORD_+VERB"


class VerbReader:
    """Reads one verb dictionary; `read` returns the JSON-ready content of `verbs.json`."""

    def __init__(self, table: CameoTable, errata: ErrataLog) -> None:
        self.table = table
        self.errata = errata
        self.synsets: dict[str, Json] = {}
        self.blocks: list[Json] = []
        self.transforms: list[Json] = []
        self.codes: dict[str, Json] = {}
        self._pending: list[tuple[Line, Json | None]] = []

    def read(self, path: Path) -> Json:
        """Parse `path`; a line that fits no form of its section is an InputError."""
        raw = path.read_text("utf-8").split("\n")
        start = next((i + 1 for i, r in enumerate(raw) if r.startswith("####### VERB PATTERNS")), None)
        if start is None:
            raise Line(path.name, 1, "", raw[0] if raw else "").error(
                "no '####### VERB PATTERNS' section marker", "synsets, the marker, then verb blocks"
            )
        synset: Json | None = None
        errors = Errors()
        for line in read_lines(path, self.errata, markers="#;"):
            with errors.collect():
                if line.number < start:
                    synset = self._synset_line(line, synset)
                elif line.text.startswith("~"):
                    self._pending.append((line, None))
                elif line.text.startswith("---"):
                    self._header(line)
                elif line.text.startswith("-"):
                    # read after all verbs and sets are known, into the block it sits in
                    self._pending.append((line, self._current(line)))
                else:
                    self._verb(line)
        known = self._verb_words()
        for line, block in self._pending:
            with errors.collect():
                if block is not None:
                    self._pattern(line, block)
                else:
                    self._transform(line, known)
        errors.raise_any()
        blocks = sorted(self.blocks, key=lambda b: (b["name"], b["line"]))
        synset_forms(self.synsets)
        return {
            "codes": dict(sorted(self.codes.items())),
            "synsets": dict(sorted(self.synsets.items())),
            "blocks": blocks,
            "transforms": self.transforms,
        }

    # --- synonym sets ---------------------------------------------------------------------------

    def _synset_line(self, line: Line, current: Json | None) -> Json | None:
        text = line.text
        if text.startswith("&"):
            label = text.rstrip("_")
            if not _WORD_RE.match(label[1:].replace("_", "-")):
                raise line.error("bad synonym-set label", "&NAME or &NAME_ (no plurals)")
            entry: Json = {
                "line": line.number,
                "plurals": not text.endswith("_"),
                "members": [],
                "singular": [],
            }
            self.synsets[label] = entry
            return entry
        if text.startswith("+") and current is not None:
            member = text[1:].strip()
            words = member.rstrip("_").replace("_", " ").split()
            if not words or not all(_MEMBER_RE.match(w) for w in words):
                raise line.error("bad synonym-set member", "+WORD, +WORD_WORD, +WORD_ (no plural)")
            phrase = normalise_phrase(member)
            current["members"].append(phrase)
            if not current["plurals"] or member.endswith("_"):
                current["singular"].append(phrase)
            return current
        raise line.error("not a synonym-set line", "&NAME, &NAME_, +MEMBER")

    # --- blocks and verbs -----------------------------------------------------------------------

    def _codes(self, spec: str, line: Line) -> Json:
        """The `cameo` (raw), `event` and `reverse` fields of a code such as 042, 042:043, :173, ---.

        `event` is the code of the source → target event and `reverse` that of the target →
        source one (None: no such event); each code's PLOVER reading goes to the `codes` table.
        """
        m = _CODE.match(spec)
        if not m:
            raise line.error(f"bad CAMEO code [{spec}]", "[NNN], [NNNN], [NNN:NNN], [:NNN] or [---]")
        forward, reverse = m.group(1), m.group(2) or m.group(3)
        return {"cameo": spec, "event": self._event(forward, line), "reverse": self._event(reverse, line)}

    def _event(self, code: str | None, line: Line) -> str | None:
        if code is None or code == NO_EVENT:
            return None
        if code not in self.codes:
            plover, dropped = self.table.resolve(code, line)
            reading: Json = plover.as_json() if plover else {"type": None, "mode": None, "context": []}
            self.codes[code] = {**reading, "dropped": dropped}
        return code

    def _header(self, line: Line) -> None:
        m = _HEADER.match(line.text)
        if not m:
            raise line.error("bad verb-block header", "--- NAME [CODE] ---")
        code = m.group(2).strip() or NO_EVENT
        self.blocks.append(
            {"name": m.group(1), "line": line.number, **self._codes(code, line), "verbs": [], "patterns": []}
        )

    def _current(self, line: Line) -> Json:
        if not self.blocks:
            raise line.error("a verb or pattern before any block header", "--- NAME [CODE] --- first")
        return self.blocks[-1]

    def _verb(self, line: Line) -> None:
        block = self._current(line)
        m = _VERB.match(line.text)
        if not m:
            raise line.error("bad verb line", VERB_FORMS)
        primary, listed, code = m.group(1), m.group(2), m.group(3)
        words, head = _verb_phrase(primary, line)
        if listed is None:
            inflected = verb_forms(words[head])
            forms = [words, *([*words[:head], w, *words[head + 1 :]] for w in inflected)]
        else:
            forms = [words]
            for form in listed.replace(",", " ").split():
                fwords, fhead = _verb_phrase(form, line)
                if (len(fwords), fhead) != (len(words), head):
                    raise line.error(f"form {form!r} does not match the verb's shape", VERB_FORMS)
                forms.append(fwords)
        code = (code or "").strip() or block["cameo"]
        phrases = list(dict.fromkeys(" ".join(f) for f in forms))
        block["verbs"].append(
            {
                "verb": " ".join(words),
                "head": head,
                "forms": phrases,
                **self._codes(code, line),
                "line": line.number,
            }
        )

    def _verb_words(self) -> set[str]:
        known = {b["name"] for b in self.blocks}
        for block in self.blocks:
            for verb in block["verbs"]:
                known.update(f.upper().replace(" ", "_") for f in verb["forms"])
        return known

    # --- patterns -------------------------------------------------------------------------------

    def _pattern(self, line: Line, block: Json) -> None:
        body = line.text[1:]
        m = re.search(r"\[([^\]]*)\]\s*$", body)
        if not m:
            raise line.error("a pattern must end with its code", PATTERN_FORMS)
        codes = self._codes(m.group(1).strip(), line)
        tokens = _TOKEN.findall(body[: m.start()])
        if tokens.count("*") != 1:
            raise line.error("a pattern needs exactly one '*' (the verb)", PATTERN_FORMS)
        star = tokens.index("*")
        before = self._sequence(tokens[:star], line)
        after = self._sequence(tokens[star + 1 :], line)
        block["patterns"].append(
            {
                "line": line.number,
                "text": " ".join(line.text.split()),
                "before": before,
                "after": after,
                **codes,
            }
        )

    def _sequence(self, tokens: list[str], line: Line) -> list[Json]:
        items: list[Json] = []
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            if tok == "(":
                end = _close(tokens, i, ")", line)
                inner = tokens[i + 1 : end]
                if not inner or inner[0] in _MARKS or inner[0] in "{}()":
                    raise line.error("a prepositional phrase starts with its preposition", PATTERN_FORMS)
                items.append({"prep": self._word(inner[0], line), "objects": self._sequence(inner[1:], line)})
                if any("prep" in o for o in items[-1]["objects"]):
                    raise line.error("nested prepositional phrases", PATTERN_FORMS)
                i = end + 1
            elif tok == "{":
                end = _close(tokens, i, "}", line)
                inner = tokens[i + 1 : end]
                if not inner or any(t in _MARKS or t in "{}()" for t in inner):
                    raise line.error("a braced noun phrase holds words only", PATTERN_FORMS)
                items.append({"noun": [self._word(t, line) for t in inner]})
                i = end + 1
            elif tok in _MARKS:
                items.append({"mark": _MARKS[tok]})
                i += 1
            elif tok in ")}":
                raise line.error(f"unbalanced {tok!r}", PATTERN_FORMS)
            else:
                items.append({"noun": [self._word(tok, line)]})
                i += 1
        return items

    def _word(self, token: str, line: Line) -> str | list[str]:
        """A pattern word: 'aid', 'special clause' (from _), '&FIGHT', or alternatives (from /)."""
        alts = []
        for alt in token.split("/"):
            parts = []
            for part in _split_joined(alt, self.synsets):
                if part.startswith("&"):
                    if part.rstrip("_") not in self.synsets:
                        raise line.error(f"undefined synonym set {part}", "a &NAME defined above")
                    parts.append(part.rstrip("_"))
                elif _WORD_RE.match(part):
                    parts.append(part.lower())
                else:
                    raise line.error(f"bad pattern word {part!r}", PATTERN_FORMS)
            alts.append(" ".join(parts))
        return alts[0] if len(alts) == 1 else alts

    # --- transformations ------------------------------------------------------------------------

    def _transform(self, line: Line, known: set[str]) -> None:
        m = _TRANSFORM.match(line.text)
        valid = "~ a (a b VERB) VERB = a b CODE, actors a-z . _, CODE NNN or Q"
        if not m:
            raise line.error("bad transformation", valid)
        up_src, lo_src, lo_tgt, lo_verb, up_verb, out_src, out_tgt, code = m.groups()
        for actor in (up_src, lo_src, lo_tgt, out_src, out_tgt):
            if not re.match(r"^[a-z._]$", actor):
                raise line.error(f"bad actor symbol {actor!r}", valid)
        for verb in (lo_verb, up_verb):
            if verb != "Q" and not all(v in known for v in verb.split("_")):
                raise line.error(f"unknown verb {verb!r} in a transformation", "a verb of this dictionary")
        event = None if code == "Q" else self._event(code, line)
        self.transforms.append(
            {
                "line": line.number,
                "source": up_src,
                "verb": up_verb,
                "lower": {"source": lo_src, "target": lo_tgt, "verb": lo_verb},
                "result": {"source": out_src, "target": out_tgt, "cameo": code, "event": event},
            }
        )


def _close(tokens: list[str], start: int, closer: str, line: Line) -> int:
    """The index of the `closer` matching tokens[start]; a brace may sit inside parentheses."""
    opener = tokens[start]
    inside_brace = False
    for j in range(start + 1, len(tokens)):
        tok = tokens[j]
        if tok == closer and not inside_brace:
            return j
        if tok == "{" and opener == "(" and not inside_brace:
            inside_brace = True
        elif tok == "}" and inside_brace:
            inside_brace = False
        elif tok in "({)}":
            raise line.error(f"{tok!r} misplaced inside {opener!r}", PATTERN_FORMS)
    raise line.error(f"unclosed {opener!r}", PATTERN_FORMS)


def _split_joined(token: str, synsets: dict[str, Json]) -> list[str]:
    """A pattern token split at its underscores, unless the whole token names a synonym set."""
    if token.startswith("&") and token.rstrip("_") in synsets:
        return [token]
    return [p for p in token.split("_") if p] or [token]


def _verb_phrase(token: str, line: Line) -> tuple[list[str], int]:
    """(lower-case words, index of the inflected word) of `WORD`, `+WORD_PART` or `PART_+WORD`."""
    parts = token.split("_")
    if len(parts) == 1:
        if not _WORD_RE.match(token):
            raise line.error(f"bad verb {token!r}", VERB_FORMS)
        return [token.lower()], 0
    marked = [i for i, p in enumerate(parts) if p.startswith("+")]
    if len(marked) != 1 or not all(_WORD_RE.match(p.lstrip("+")) for p in parts):
        raise line.error(f"a multi-word verb needs one '+' on its verb: {token!r}", VERB_FORMS)
    return [p.lstrip("+").lower() for p in parts], marked[0]


def synset_forms(synsets: dict[str, Json]) -> None:
    """Add to each synonym set the sorted list of phrases it matches (members and plurals)."""
    for entry in synsets.values():
        singular = set(entry.pop("singular"))
        forms = set(entry["members"])
        forms.update(plural(m) for m in entry["members"] if m not in singular)
        entry["forms"] = sorted(forms)
