"""Actor mentions: PERSON/ORG/GPE/NORP entities (fixed by the `gazetteer` component), resolved to actors.

`extract_actors(doc, article, kb)` returns the article's canonical actors and its mentions.
Within an article, a surname ("Zelensky") resolves to the full name the article gives
("Volodymyr Zelensky"), the nearest preceding one when two people share it; countries are
recognised from names, demonyms, capitals and seats of power with their ISO-3 codes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from detente.extract.acronyms import stray_acronyms
from detente.extract.aliases import Named, field_name, resolve_aliases
from detente.extract.communities import community_of, people_of
from detente.extract.gazetteer import entity_label
from detente.extract.grammar import ACTOR_LABELS
from detente.lexicon.actors import Entry, Knowledge
from detente.lexicon.names import actor_id, fold, surname
from detente.lexicon.petrarch import load_actors, office_holder
from detente.lexicon.places import is_city
from detente.lexicon.words import words
from detente.records import Actor, ActorType, Article, Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

_POSSESSIVE = words("possessive_endings")
_CREDITS = words("actors.credits")
# Live-blog clocks and the platforms statements are posted on are named like organisations.
_NOT_ACTORS = words("actors.not_actors")
_PERSON_NOUNS = words("actors.person_nouns")
_NAME_PARTICLES = words("actors.name_particles")
_GENERIC_ORG = words("actors.generic_org")


@dataclass(frozen=True, slots=True)
class _Found:
    span_text: str
    name: str
    label: str
    start: int
    end: int
    entry: Entry | None


def strip_title(words: Sequence[str], kb: Knowledge) -> list[str]:
    """A name's words without leading titles and a trailing possessive.

    ["Deputy", "Foreign", "Minister", "Mikhail", "Galuzin"] → ["Mikhail", "Galuzin"].
    """
    out = list(words)
    while out and out[-1] in _POSSESSIVE:
        out.pop()
    changed = True
    while changed and len(out) > 1:
        changed = False
        for n in range(min(5, len(out) - 1), 0, -1):
            head = " ".join(out[:n]).lower().rstrip(".")
            if head in kb.offices or head in kb.honorifics or head.rstrip(".") + "." in kb.offices:
                out = out[n:]
                changed = True
                break
    return out


def _person_name(span: Span, kb: Knowledge) -> str:
    words = strip_title([t.text for t in span], kb)
    if words and words[0].lower() == "the":
        words = words[1:]
    return " ".join(words)


def _org_country(span: Span, kb: Knowledge) -> str | None:
    for n in (3, 2, 1):
        for i in range(len(span) - n + 1):
            entry = kb.lookup(span[i : i + n].text)
            if entry is not None and entry.type == "country":
                return entry.country
    return None


def _resolve_people(found: list[_Found], kb: Knowledge) -> list[_Found]:
    """Give every person mention the article's fullest name for them."""
    full: list[tuple[int, str, str]] = []  # (start, surname key, full name) of multi-word names
    for f in found:
        if f.label == "PERSON" and len(f.name.split()) > 1:
            full.append((f.start, surname(f.name), f.name))
    out = []
    for f in found:
        if f.label != "PERSON":
            out.append(f)
            continue
        entry = f.entry or kb.lookup(f.name)
        name = f.name
        if len(name.split()) == 1:
            key = fold(name)
            same = [x for x in full if x[1] == key]
            if not same and entry is None and kb.by_surname(name) is None:
                opened = {x[2] for x in full if fold(x[2].split()[0]) == key}
                if len(opened) == 1:  # "Sheikh Mohammed", "Abiy": the one full name it opens
                    same = [x for x in full if x[2] in opened]
            if same:
                before = [x for x in same if x[0] < f.start]
                name = (before[-1] if before else same[0])[2]
                entry = kb.lookup(name) or entry
            elif entry is None:
                entry = kb.by_surname(name)
        if entry is not None and entry.type != "person" and entry.via != "actor":
            entry = None
        out.append(_Found(f.span_text, entry.name if entry else name, f.label, f.start, f.end, entry))
    return out


# Short names two states share, which the countries file therefore leaves out: the news's
# "Congo" is Kinshasa's or Brazzaville's, "Korea" the North or the South.
_SHARED_NAMES = {"congo": ("COD", "COG"), "korea": ("KOR", "PRK")}


def _shared_names(doc: Doc, kb: Knowledge) -> dict[str, Entry]:
    """The state a shared short name stands for in this article: the one of its states the
    article names otherwise (by full name, demonym or capital), when it names only one."""
    named: set[str] = set()
    for ent in doc.ents:
        entry = kb.lookup(ent.text) if ent.label_ in ACTOR_LABELS else None
        if entry is not None and entry.type == "country" and entry.country:
            named.add(entry.country)
    out: dict[str, Entry] = {}
    for name, states in _SHARED_NAMES.items():
        here = [c for c in states if c in named]
        entry = kb.country_entry(here[0]) if len(here) == 1 else None
        if entry is not None:
            out[name] = entry
    return out


def _found(doc: Doc, kb: Knowledge) -> list[_Found]:
    out = []
    surnames = {e[-1].text for e in doc.ents if e.label_ == "PERSON" and len(e) > 1}
    shared = _shared_names(doc, kb)
    ents = list(doc.ents)
    joined: set[int] = set()  # the second halves of communities split in two entities
    for n, ent in enumerate(ents):
        if n in joined or ent.label_ not in ACTOR_LABELS:
            continue
        after = ents[n + 1] if n + 1 < len(ents) else None
        if (
            after is not None
            and after.start == ent.end
            and {ent.label_, after.label_} <= {"NORP", "GPE"}
            and (community := community_of(f"{ent.text} {after.text}", kb)) is not None
        ):
            # "Greek Cypriot leaders" tagged "Greek" + "Cypriot": one community, not two states
            joined.add(n + 1)
            text = doc.text[ent.start_char : after.end_char]
            out.append(_Found(text, community[0], "NORP", ent.start_char, after.end_char, None))
            continue
        text = ent.text
        entry = kb.lookup(text)
        if entry is None and ent.label_ in ("GPE", "ORG"):
            entry = shared.get(fold(text.removeprefix("the ").removeprefix("The ")))
        if ent.label_ == "PERSON":
            name = _person_name(ent, kb)
            if not name or not name[:1].isupper() or name.lower().rstrip(".") in _NOT_ACTORS:
                continue
            entry = entry if entry is not None and entry.type == "person" else kb.lookup(name)
            if entry is not None and entry.type != "person":
                # A person label on a country or seat: the model's slip, keep the knowledge.
                out.append(_Found(text, entry.name, entity_label(entry), ent.start_char, ent.end_char, entry))
                continue
            out.append(_Found(text, name, "PERSON", ent.start_char, ent.end_char, entry))
        elif entry is not None:
            out.append(_Found(text, entry.name, ent.label_, ent.start_char, ent.end_char, entry))
        elif ent.label_ in ("NORP", "ORG") and (community := community_of(text, kb)) is not None:
            out.append(_Found(text, community[0], "NORP", ent.start_char, ent.end_char, None))
        elif len(ent) == 1 and ent[0].is_title and (text in surnames or kb.by_surname(text) is not None):
            # "Fidan" tagged GPE or ORG: a surname the article or the knowledge files know.
            out.append(_Found(text, text, "PERSON", ent.start_char, ent.end_char, None))
        elif ent.label_ == "ORG" and _titled_name(ent, kb):
            # "envoy Staffan de Mistura" tagged ORG: a name right after a title is a person's
            out.append(_Found(text, _person_name(ent, kb), "PERSON", ent.start_char, ent.end_char, None))
        elif ent.label_ == "ORG" and _plausible_org(ent, kb):
            name = text.removeprefix("the ").removeprefix("The ")
            if len(ent) == 1 and (kb.by_surname(name) is not None or name in surnames):
                # "Trump" tagged ORG: a person the knowledge files or the article name.
                out.append(_Found(text, name, "PERSON", ent.start_char, ent.end_char, None))
            else:
                out.append(_Found(text, name, "ORG", ent.start_char, ent.end_char, None))
    return sorted(
        _as_communities(out) + _stray_surnames(doc, surnames) + _stray_acronyms(doc, kb),
        key=lambda f: f.start,
    )


def _as_communities(found: list[_Found]) -> list[_Found]:
    """ "the Serbs", "Serb forces" in an article about the Bosnian Serbs: that community, not Serbia
    (when the article names one community of that people only)."""
    named = {f.name for f in found if f.label == "NORP" and f.entry is None}
    by_word: dict[str, set[str]] = {}
    for name in named:
        for word in people_of(name):
            by_word.setdefault(word, set()).add(name)
    if not by_word:
        return found
    out = []
    for f in found:
        bare = f.span_text.removeprefix("the ").removeprefix("The ")
        names = by_word.get(bare, set()) if f.entry is not None and f.entry.via == "demonym" else set()
        out.append(
            _Found(f.span_text, next(iter(names)), "NORP", f.start, f.end, None) if len(names) == 1 else f
        )
    return out


def _stray_surnames(doc: Doc, surnames: set[str]) -> list[_Found]:
    """Surnames of the article's people that the model left outside any actor entity.

    "Kiir accused Machar of plotting a coup" can come back as one WORK_OF_ART, or the name as
    no entity at all; a capitalised proper noun that is the last word of a full name the
    article gives (and not the start of a longer name) is that person.
    """
    out = []
    for tok in doc:
        if tok.ent_type_ in ACTOR_LABELS or tok.pos_ != "PROPN" or tok.text not in surnames:
            continue
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if nxt is not None and nxt.pos_ == "PROPN" and nxt.text[:1].isupper():
            continue  # "Kiir Mayardit": a longer name the model did not tag, not the surname alone
        out.append(_Found(tok.text, tok.text, "PERSON", tok.idx, tok.idx + len(tok.text), None))
    return out


def _stray_acronyms(doc: Doc, kb: Knowledge) -> list[_Found]:
    """Armed groups' acronyms the model left outside any actor entity (see `acronyms`)."""
    return [_Found(a.text, a.name, "ORG", a.start, a.end, a.entry) for a in stray_acronyms(doc, kb)]


def _titled_name(ent: Span, kb: Knowledge) -> bool:
    """Two to four capitalised words (with "de", "al", "bin" …) right after a title word."""
    if ent.start == 0 or not 2 <= len(ent) <= 5:
        return False
    prev = ent.doc[ent.start - 1]
    if prev.lower_ not in kb.title_words and prev.lower_ not in _PERSON_NOUNS:
        return False
    words = [t for t in ent if t.text != "-"]
    capital = [t for t in words if t.text[:1].isupper()]
    return len(capital) >= 2 and all(t.text[:1].isupper() or t.lower_ in _NAME_PARTICLES for t in words)


def _plausible_org(ent: Span, kb: Knowledge) -> bool:
    words = [t for t in ent if not t.is_punct]
    if (
        not words
        or len(words) > 8
        or not any(t.text[:1].isupper() for t in words)
        or all(t.like_num for t in words)
    ):
        return False
    if "/" in ent.text or any(t.lower_ in _CREDITS for t in words):
        return False  # photo credits: "AP Photo/...", "Getty Images"
    if all(t.lower_.rstrip(".") in _NOT_ACTORS for t in words):
        return False
    if len(words) == 1:
        if words[0].is_upper and len(words[0]) >= 7:
            return False  # a shouted word, not an acronym
        low = words[0].lower_
        # "Defence" of "Deputy Defence Minister", "State" of "Secretary of State".
        if low in kb.title_words or low in _GENERIC_ORG:
            return False
    return not is_city(ent.text)


def _is_place(kb: Knowledge) -> Callable[[str], bool]:
    def is_place(word: str) -> bool:
        entry = kb.lookup(word.rstrip("'’s"))
        return entry is not None and entry.type == "country"

    return is_place


def _resolve_aliases(doc: Doc, found: list[_Found], kb: Knowledge) -> tuple[list[_Found], dict[str, _Group]]:
    """One name for every piece of an unknown organisation's long name (see `aliases`)."""
    found = [
        _Found(f.span_text, group, "ORG", f.start, f.end, None) if (group := _group_name(f)) else f
        for f in found
    ]
    items = [Named(f.name, f.label, f.start, f.end, f.entry is not None) for f in found]
    proper = frozenset(t.idx for t in doc if t.pos_ == "PROPN" or t.ent_type_ in ACTOR_LABELS)
    titles = frozenset(kb.title_words) | frozenset(kb.honorifics)

    def filed(name: str) -> str | None:  # the field's name for a group the knowledge files lack
        return None if kb.lookup(name) is not None else field_name(name)

    whole = doc.text  # Doc.text is rebuilt from every token on each access: read it once
    res = resolve_aliases(whole, items, _is_place(kb), titles, proper, _field_acronyms, filed)
    out: list[_Found] = []
    members: dict[str, list[str]] = {}
    for i, f in enumerate(found):
        if i in res.absorbed:
            continue
        if i in res.ends or i in res.starts:
            start, end = res.starts.get(i, f.start), res.ends.get(i, f.end)
            text = whole[start:end]
            f = _Found(text, text.removeprefix("the ").removeprefix("The "), "ORG", start, end, None)
        if i in res.canonical:
            name = res.canonical[i]
            if f.name != name:
                members.setdefault(name, []).append(f.name)
            f = _Found(f.span_text, name, "ORG", f.start, f.end, None)
        out.append(f)
    groups = {
        name: _Group(res.homes.get(name), tuple(sorted(set(names), key=lambda n: -len(n.split()))))
        for name, names in members.items()
    }
    return out, groups


@lru_cache(maxsize=4096)
def _field_acronyms(name: str) -> frozenset[str]:
    """Acronyms the PETRARCH non-state dictionary gives the group `name` lists under.

    The converter (`tools/petrarch`) splits "liberation tigers of tamil eelam (ltte)" into the
    name and the acronym, so an acronym is a short one-word name of the record ("ltte",
    "farc"): "the LTTE" and "the Tamil Tigers" are then one group in an article. A bracket
    left in a name is a qualifier ("national liberation army (colombia)"), never an acronym.
    """
    return frozenset(
        n.upper()
        for entry in load_actors().entries(name)
        if entry.file == "nonstate"
        for n in entry.names
        if n.isalpha() and len(n) <= 6
    )


def _group_name(f: _Found) -> str | None:
    """The group's name when the model took a non-state group for a person, else None.

    "the Tamil Tigers", "the Red Brigades": a person's name is rarely plural, and the
    PETRARCH non-state dictionary names groups (and their leaders, hence the plural);
    "Tamil Tiger rebels" uses the singular as a modifier, so its plural is tried too.
    """
    words = f.name.split()
    if f.label != "PERSON" or f.entry is not None or len(words) < 2 or not words[-1][:1].isupper():
        return None
    last = words[-1]
    plural = last.endswith("s") and not last.endswith("ss")
    for name in (f.name,) if plural else (f.name + "s",):
        entries = load_actors().entries(name)
        if entries and all(e.file == "nonstate" for e in entries):
            return name
    return None


@dataclass(frozen=True, slots=True)
class _Group:
    home: tuple[int, int] | None  # where the long name stands: its country words count
    pieces: tuple[str, ...]  # its other names, longest first


def _group_code(name: str, group: _Group | None, article: Article) -> tuple[str | None, str | None] | None:
    """The field's code for a long name, else for its longest piece the dictionaries know.

    A one-word piece ("Tigers") is too loose to borrow a code from: the field lists such
    words for many groups.
    """
    code = _field_code(name, "organization", article)
    if code is not None or group is None:
        return code
    for piece in group.pieces:
        if len(piece.split()) > 1 and (code := _field_code(piece, "organization", article)):
            return code
    return None


def extract_actors(
    doc: Doc, article: Article, kb: Knowledge
) -> tuple[tuple[Actor, ...], tuple[Mention, ...]]:
    """The article's canonical actors and every mention of them, in text order."""
    actors: dict[str, Actor] = {}
    surfaces: dict[str, set[str]] = {}
    mentions: list[Mention] = []
    found, groups = _resolve_aliases(doc, _resolve_people(_found(doc, kb), kb), kb)
    org_codes: dict[str, tuple[str | None, str | None]] = {}
    for f in found:
        e = f.entry
        if e is not None:
            kind: ActorType = e.type
            country, sector, wikidata, aliases = e.country, e.sector, e.wikidata, e.aliases
            if e.via in ("country", "demonym", "capital"):
                kind, name = "country", e.name
            else:
                name = e.name
        else:
            kind = "person" if f.label == "PERSON" else "organization"
            name = f.name
            wikidata, aliases = None, ()
            community = community_of(name, kb) if f.label == "NORP" else None
            if community is not None:  # "the Bosnian Serbs": a people where it lives, a side of its own
                kind, country, sector = "group", community[1], None
            elif kind == "organization" and name in org_codes:
                # every piece of one long name is one actor: the same country and sector
                country, sector = org_codes[name]
            else:
                group = groups.get(name)
                home = group.home if group is not None and group.home is not None else (f.start, f.end)
                country = (
                    _org_country(doc.char_span(*home) or doc[0:0], kb) if kind == "organization" else None
                )
                sector = kb.sector_of(name) if kind == "organization" else None
                on_day = (
                    _group_code(name, group, article)
                    if kind == "organization"
                    else _field_code(name, kind, article)
                )
                if on_day is not None:
                    # unknown to detente's own files: the field's dictionaries, as on the day
                    country, sector = on_day[0] or country, on_day[1] or sector
                if kind == "organization":
                    org_codes[name] = (country, sector)
        aid = actor_id(kind, name, country)
        if aid not in actors:
            actors[aid] = Actor(
                id=aid,
                name=name,
                type=kind,
                aliases=tuple(aliases),
                country=country,
                sector=None if kind == "country" else sector,
                wikidata=wikidata,
            )
        if e is None or e.via in ("actor", "country", "seat"):
            surfaces.setdefault(aid, set()).add(_clean_surface(f.span_text, kb, f.label))
        mention_sector = sector if e is None or e.via != "country" else None
        if e is not None and e.via == "capital":
            mention_sector = "GOV"
        mentions.append(
            Mention(
                article_id=article.id,
                actor_id=aid,
                text=f.span_text,
                label=f.label,
                country=country,
                sector=mention_sector,
                start=f.start,
                end=f.end,
            )
        )
    final = tuple(
        Actor(
            id=a.id,
            name=a.name,
            type=a.type,
            aliases=_merge_aliases(a.aliases, surfaces.get(a.id, ()), a.name),
            country=a.country,
            sector=a.sector,
            wikidata=a.wikidata,
        )
        for a in actors.values()
    )
    return final, tuple(mentions)


def _field_code(name: str, kind: ActorType, article: Article) -> tuple[str | None, str | None] | None:
    """(country, sector) from the compiled PETRARCH actors on the article's day, or None.

    "Barack Obama" in 2012 is the US government, "Boko Haram" a Nigerian rebel group, "the
    Security Council" the UN. A one-word person's name ("Ali") is taken only when a single
    record lists it, so a common name borrows no stranger's office.
    """
    key = name.removeprefix("the ").removeprefix("The ")
    if kind == "person" and len(key.split()) < 2 and len(load_actors().entries(key)) != 1:
        return None
    day = (article.published or "")[:10] or dt.date.today().isoformat()
    try:
        return office_holder(key, day)
    except ValueError:  # a publication date that is no ISO date
        return office_holder(key, dt.date.today())


def _clean_surface(text: str, kb: Knowledge, label: str) -> str:
    if label == "PERSON":
        return " ".join(strip_title(text.split(), kb))
    return text.removeprefix("the ").removeprefix("The ")


def _merge_aliases(known: Iterable[str], seen: Iterable[str], name: str) -> tuple[str, ...]:
    out: dict[str, str] = {}
    for n in (*known, *sorted(seen)):
        if n and fold(n) != fold(name) and fold(n) not in out:
            out[fold(n)] = n
    return tuple(out.values())
