"""Whose side a role puts a person on: the organisation, country or region its words name.

"leader of the Ulster Unionist Party" → the party, even when the knowledge files don't know it;
"SDLP deputy leader" after "the Social Democratic and Labour Party (SDLP)" → that party under
its full name; "Irish Foreign Minister" → Ireland; "Northern Ireland Secretary" → the state
that appoints the minister for a region (the gazetteer places the region), never the region;
"the Lagan Valley MP" → no country at all (a constituency or town is not a side).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from detente.codes import is_state_code
from detente.knowledge.sides import NON_STATE_SECTORS
from detente.lexicon.actors import Knowledge
from detente.lexicon.words import words
from detente.records import Actor, Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from detente.lexicon.places import Gazetteer

ROLE_NOUNS = words("roles.role_nouns")
# Organisations that are sides of their own, whatever country they work in: parties and
# movements, armed groups, and international bodies ("the AU mediation team").
OWN_SIDE_SECTORS = NON_STATE_SECTORS | {"PTY"}
# Small words a defined name may hold without an initial in its acronym.
_NAME_JOINERS = words("roles.name_joiners")
# Offices a state gives for a region: "Northern Ireland Secretary" serves the state.
_REGION_OFFICES = words("roles.region_offices")
_REGION_MINISTERS = words("roles.region_ministers")
# Words of a region's own government: "First Minister", "Prime Minister", "regional minister".
_REGION_OWN = words("roles.region_own")
# Nouns that refer back to the party or movement named last: "the party's deputy leader".
_PARTY_NOUNS = words("roles.party_nouns")
# How a word may name a country inside a longer name: "Philippine" of "Philippine Peace Panel",
# not "Valley" (Anguilla's capital) of "Lagan Valley" nor "Ireland" of "Northern Ireland".
_OWN_NAMES = frozenset({"country", "demonym"})
_NAME_PARTICLES = ("al-", "el-", "ad-", "an-", "ar-", "as-", "at-", "ash-", "az-", "ul-")
_SIDE_LABELS = frozenset({"GPE", "NORP", "ORG"})
# Where an ambassador or envoy is posted: "ambassador to Ethiopia" names the host, not the side.
_POSTED = words("roles.posted")
# Places that are parts of a state, not towns: they may name a side or a minister's brief.
_REGION_KINDS = frozenset({"state", "region", "area"})


@dataclass(frozen=True, slots=True)
class Side:
    """A side as a role states it: the name written, its country code, the sector its kind gives."""

    name: str | None
    country: str | None
    sector: str | None = None
    weak: bool = False  # an organisation of no known kind: a known person's own state wins
    # The organisation's country is not known: a known person's own state fills it, the report's
    # country never does (a party's member coded with the state would speak for the state).
    guessed: bool = False


def defined_acronyms(doc: Doc, by_token: Mapping[int, Mention]) -> dict[str, tuple[str, int, int]]:
    """Acronyms the text defines: "the Social Democratic and Labour Party (SDLP)".

    Each acronym maps to the name written in full with it ("Social Democratic and Labour Party
    (SDLP)") and the token span of the full name. The full name is the run of capitalised words
    just before the bracket whose initials spell the acronym, else the organisation the model
    tagged there ("the Kurdistan Workers' Party (PKK)").
    """
    out: dict[str, tuple[str, int, int]] = {}
    for tok in doc:
        if tok.text != "(" or tok.i < 1 or tok.i + 2 >= len(doc) or doc[tok.i + 2].text != ")":
            continue
        acr = doc[tok.i + 1].text
        letters = "".join(c for c in acr if c.isalpha())
        if not (2 <= len(letters) <= 8 and letters.isupper()) or acr in out:
            continue
        start = _initials_start(doc, tok.i, letters)
        if start is None:
            m = by_token.get(tok.i - 1)
            if m is None or m.label != "ORG":
                continue
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None or span.end != tok.i:
                continue
            start = span.start
        first = start
        while start < tok.i and (
            doc[start].lower_ == "the"
            or _epithet(doc[start].text)
            or doc[start].is_punct
            or (start > first and doc[start - 1].text == "-")
        ):
            start += 1  # "the", an epithet ("the outlawed …", "the pro-Kurdish …")
        full = doc[start : tok.i].text
        if full:
            out[acr] = (f"{full} ({acr})", start, tok.i)
    return out


def _initials_start(doc: Doc, bracket: int, letters: str) -> int | None:
    """Where the run of words whose initials spell `letters` begins, ending before `bracket`."""
    want = letters.upper()
    got = ""
    i = bracket - 1
    while i >= 0 and bracket - i <= 12:
        t = doc[i]
        if t.lower_ in _NAME_JOINERS or t.text in ("'s", "’s", "'", "’", "-"):
            i -= 1
            continue
        if not t.text[:1].isupper():
            return None
        got = t.text[0].upper() + got
        if got == want:
            return i
        if not want.endswith(got):
            return None
        i -= 1
    return None


class SideFinder:
    """Finds the side a role phrase names, with the article's mentions and knowledge."""

    def __init__(
        self,
        doc: Doc,
        actors: Mapping[str, Actor],
        by_token: Mapping[int, Mention],
        kb: Knowledge,
        gazetteer: Gazetteer | None,
    ) -> None:
        self.doc, self.actors, self.by_token, self.kb = doc, actors, by_token, kb
        self.gazetteer = gazetteer
        # The model may tag one organisation as a person in another sentence ("the Sinn Fein
        # president"): a name the article also tags as an organisation is that organisation.
        self.org_names: dict[str, Actor] = {}
        for m in by_token.values():
            actor = actors.get(m.actor_id)
            if m.label == "ORG" and actor is not None and actor.type in ("organization", "group"):
                self.org_names.setdefault(_written(m.text).lower(), actor)
        self.acronyms = defined_acronyms(doc, by_token)
        self.in_full_name: dict[int, str] = {}
        for acr, (_, start, end) in self.acronyms.items():
            for i in range(start, end):
                self.in_full_name[i] = acr
        # Parties and movements in the order the text names them, for "the party's deputy leader".
        self.named_parties: list[tuple[int, Side]] = []
        for i in sorted(by_token):
            m = by_token[i]
            if i > 0 and by_token.get(i - 1) is m:
                continue
            side = (self._group([doc[i]]) or self._party([doc[i]])) if m.label == "ORG" else None
            if side is not None:
                self.named_parties.append((i, side))

    def side(self, tokens: Sequence[Token]) -> Side | None:
        """The side the words of a role name, first the most specific; never the country an
        ambassador or envoy is posted to ("South Sudan's ambassador to Ethiopia")."""
        tokens = _before_posting(tokens)
        for find in (
            self._group,
            self._party,
            self._country,
            self._place,
            self._served,
            self._movement,
            self._named_elsewhere,
        ):
            found = find(tokens)
            if found is not None:
                return found
        return None

    def org_of(self, m: Mention | None) -> Actor | None:
        """The actor a mention stands for, an organisation the model mistook for a person too."""
        if m is None:
            return None
        if m.label == "PERSON":
            return self.org_names.get(_written(m.text).lower())
        return self.actors.get(m.actor_id)

    def organisation_side(self, tokens: Sequence[Token]) -> Side | None:
        """Only an organisation's side: "a senior official in the SPLM-IO" (not "envoy in Kyiv")."""
        for find in (self._group, self._party, self._movement):
            found = find(tokens)
            if found is not None:
                return found
        return None

    def group_side(self, actor: Actor) -> Side:
        """A group the article names as a side ("the rebels' negotiator": its one movement)."""
        return Side(actor.name, actor.country if is_state_code(actor.country) else None, actor.sector)

    def country_side(self, code: str) -> Side:
        """A country code as a side, under the country's name where the knowledge files know it."""
        entry = self.kb.countries.get(code)
        if entry is None and not is_state_code(code):
            return Side(None, code)  # "IGO", "IMG": a code for a kind of body, not a name
        return Side(entry.name if entry is not None else code, code)

    # -- each kind of side, most specific first ----------------------------------------------
    def _group(self, tokens: Sequence[Token]) -> Side | None:
        """An armed or political group the knowledge files know: "LTTE negotiator"."""
        for t in tokens:
            m = self.by_token.get(t.i)
            actor = self.org_of(m)
            if actor is not None and m is not None and _own_side(actor) and actor.type == "group":
                return Side(self._name(m.text), actor.country, actor.sector)
        return None

    def _party(self, tokens: Sequence[Token]) -> Side | None:
        """A party or movement the text names, known or not: "leader of the Alliance Party",
        "SDLP deputy leader" (under the full name the text defines for it)."""
        for t in tokens:
            m = self.by_token.get(t.i)
            actor = self.org_of(m)
            acr = t.text if t.text in self.acronyms else self.in_full_name.get(t.i)
            if acr is not None:
                name = self.acronyms[acr][0]
                sector = (actor.sector if actor is not None else None) or self.kb.sector_of(name)
                if actor is not None and actor.country and not _own_side(actor):
                    continue  # a state's body or an international one: its country decides
                known = actor.country if actor is not None and is_state_code(actor.country) else None
                return Side(name, known, sector, guessed=known is None)
            if m is None and t.lower_ in _PARTY_NOUNS and t.i > 0 and self.doc[t.i - 1].lower_ == "the":
                return self._antecedent(t.i)  # "the party's deputy leader": the party named last
            if m is None or actor is None or actor.type != "organization" or not _own_side(actor):
                continue
            if is_state_code(actor.country):
                return Side(self._name(m.text), actor.country, actor.sector)  # as the role names it
            return Side(self._name(m.text, actor.name), None, actor.sector, guessed=True)
        return None

    def _country(self, tokens: Sequence[Token]) -> Side | None:
        """A country, its people or a body of it: "Irish", "Ukraine's", "the AU"."""
        for t in tokens:
            m = self.by_token.get(t.i)
            if (
                m is None
                or not m.country
                or not (m.label in _SIDE_LABELS or m.actor_id.startswith("country:"))
            ):
                continue
            actor = self.actors.get(m.actor_id)
            if not is_state_code(m.country) and actor is not None and actor.type == "organization":
                return Side(actor.name, m.country, actor.sector)  # "the AU mediation team"
            if self._region(m.text) is not None and not self._serves_state(tokens, t):
                return Side(_written(m.text), m.country)  # "the Tigray negotiator": the region's own side
            return self.country_side(m.country)
        return None

    def _place(self, tokens: Sequence[Token]) -> Side | None:
        """A country or region named in words the model did not tag: "Northern Ireland Secretary".

        A proper name is looked up whole; a town or constituency ("the Lagan Valley MP") makes
        no side, and a word of a longer name ("Valley") is not looked up alone.
        """
        for run in _proper_runs(tokens, self.kb):
            name = " ".join(t.text for t in run)
            entry = self.kb.lookup(name)
            if entry is not None and entry.type == "country" and entry.country:
                return self.country_side(entry.country)
            region = self._region(name)
            if region is not None:
                return self.country_side(region) if self._serves_state(tokens, run[0]) else Side(name, region)
        for run in _proper_runs(tokens, self.kb):  # "Philippine Peace Panel": a country's word in a name
            for t in run:
                entry = self.kb.lookup(t.text)
                if (
                    entry is not None
                    and entry.type == "country"
                    and entry.country
                    and entry.via in _OWN_NAMES
                ):
                    return self.country_side(entry.country)
        return None

    def _served(self, tokens: Sequence[Token]) -> Side | None:
        """The person served gives the side: "adviser to Zelensky"."""
        for t in tokens:
            m = self.by_token.get(t.i)
            if m is not None and is_state_code(m.country):
                return self.country_side(m.country)
        return None

    def _movement(self, tokens: Sequence[Token]) -> Side | None:
        """An organisation of no known kind nor country: "head of the Viv Ansanm coalition"."""
        for t in tokens:
            m = self.by_token.get(t.i)
            actor = self.org_of(m)
            if (
                m is not None
                and actor is not None
                and actor.type == "organization"
                and not actor.country
                and actor.sector is None
            ):
                return Side(self._name(m.text, actor.name), None, None, weak=True, guessed=True)
        return None

    def _named_elsewhere(self, tokens: Sequence[Token]) -> Side | None:
        """An organisation's name the model tagged elsewhere in the article but not here:
        "the Fianna Fail spokeswoman" after "Fianna Fail backed the accord"."""
        for run in _proper_runs(tokens, self.kb):
            name = " ".join(t.text for t in run)
            actor = self.org_names.get(name.lower())
            if actor is None or (actor.country and not _own_side(actor)):
                continue
            if is_state_code(actor.country):
                return Side(name, actor.country, actor.sector)
            return Side(name, None, actor.sector, weak=actor.sector is None, guessed=True)
        return None

    # -- helpers ---------------------------------------------------------------------------------
    def _name(self, text: str, canonical: str | None = None) -> str:
        """An organisation's name as a side: in full where the text defines its acronym ("GAM"
        after "the Free Aceh Movement (GAM)"), else its actor's name (the long name the article
        gives it), else as written."""
        name = _written(text)
        if name in self.acronyms:
            return self.acronyms[name][0]
        for full, _, _ in self.acronyms.values():
            if full.startswith(name + " ("):
                return full
        return _written(canonical) if canonical else name

    def _antecedent(self, i: int) -> Side | None:
        before = [side for at, side in self.named_parties if at < i]
        return before[-1] if before else None

    def _region(self, name: str) -> str | None:
        """The state a region of it belongs to ("Northern Ireland" → GBR); None for other names."""
        if self.gazetteer is None or self.kb.lookup(name) is not None:
            return None
        if self.gazetteer.kind(name) not in _REGION_KINDS:
            return None
        place = self.gazetteer.resolve_exact(name)
        return place.country if place is not None and is_state_code(place.country) else None

    @staticmethod
    def _serves_state(tokens: Sequence[Token], place: Token) -> bool:
        """A state's office for a region: "Northern Ireland Secretary", "minister for Scotland",
        "the Wales minister"; not the region's own ("the Kurdistan Region's prime minister",
        "Scotland's First Minister")."""
        said = {t.lower_ for t in tokens}
        if said & _REGION_OFFICES:
            return True
        if not said & _REGION_MINISTERS:
            return False
        return any(t.lower_ == "for" and t.i < place.i for t in tokens) or not said & _REGION_OWN


def _before_posting(tokens: Sequence[Token]) -> Sequence[Token]:
    for a, b in itertools.pairwise(tokens):
        if a.lower_ in _POSTED and b.lower_ == "to":
            return [t for t in tokens if t.i < b.i]
    return tokens


def _own_side(actor: Actor) -> bool:
    return actor.sector in OWN_SIDE_SECTORS or (actor.type == "group")


def _written(text: str) -> str:
    """An organisation's name as a side: without a leading "the" or a trailing possessive."""
    words = text.split()
    while len(words) > 1 and (words[0] in ("The", "THE") or _epithet(words[0])):
        words = words[1:]  # "the", an epithet: "the pro-Kurdish Peoples' Democratic Party"
    text = " ".join(words)
    for suffix in ("'s", "’s", "'", "’"):
        text = text.removesuffix(suffix)
    return text.strip()


def _epithet(word: str) -> bool:
    """A lower-case word before a name ("outlawed", "pro-Kurdish"), not a particle of the name
    ("al-Shabaab")."""
    return word[:1].islower() and not word.lower().startswith(_NAME_PARTICLES)


def _proper_runs(tokens: Sequence[Token], kb: Knowledge) -> list[list[Token]]:
    """Runs of adjacent capitalised words, less the role words at their ends: the names a role
    phrase holds ("Northern Ireland" of "Northern Ireland Secretary")."""
    runs: list[list[Token]] = []
    for t in tokens:
        if t.text[:1].isupper() and t.pos_ in ("PROPN", "ADJ", "NOUN"):
            if runs and runs[-1][-1].i == t.i - 1:
                runs[-1].append(t)
            else:
                runs.append([t])
    out = []
    for run in runs:
        while run and _role_word(run[-1], kb):
            run = run[:-1]
        while run and _role_word(run[0], kb):
            run = run[1:]
        if run:
            out.append(run)
    return out


def _role_word(t: Token, kb: Knowledge) -> bool:
    low = t.lower_.rstrip(".")
    return low in ROLE_NOUNS or low in kb.title_words
