"""Within-article aliases of organisations the knowledge files don't know.

News names an armed group or party once in full and then by pieces of that name: "the
Liberation Tigers of Tamil Eelam" becomes "the LTTE", "the Tigers" and "the Tamil Tigers";
"the National Liberation Army, or ELN" becomes "the ELN". `resolve_aliases` finds the
article's long names (an unknown organisation, grown over "of <Capitalised words>" when the
model cut it there) and gives each later or earlier piece the long name, so one group is
one actor. It works on plain `Named` items so that `actors.py` keeps its own records.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from detente.lexicon.petrarch import load_actors
from detente.lexicon.words import words

_CONNECTORS = frozenset({"of", "the", "and", "for"})
_GENERIC_ORG = words("actors.generic_org")
_POSSESSIVE_RE = re.compile(r"(['’]s|['’])$")
_INITIALS_RE = re.compile(r"^(?:[A-Z]\.)+$")
# "... of Tamil Eelam": one to four capitalised words after "of", the model's cut-off tail.
_TAIL_RE = re.compile(r"^ of ((?:[A-Z][\w'’-]*)(?: [A-Z][\w'’-]*){0,3})")
# "The Liberation Tigers of ...": capitalised words and "of" before a name the model cut there.
_LEAD_RE = re.compile(r"((?:[A-Z][\w'’-]*)(?: [A-Z][\w'’-]*){0,3}) of $")
# "... (LTTE)", "..., or ELN", "..., known as the FARC": an acronym the writer declares.
# A hyphenated tail is part of it: "the Sudan People's Liberation Movement-in-Opposition (SPLM-IO)".
_DECLARED_RE = re.compile(
    r"^(?: \(| ?, (?:or|known as|also known as) (?:the )?)([A-Z][A-Z&]{1,7}(?:-[A-Z0-9]{1,4})?)\b"
)
_ACRONYM_RE = re.compile(r"^[A-Z][A-Z&]{1,7}(?:-[A-Z0-9]{1,4})?$")


@dataclass(frozen=True, slots=True)
class Named:
    """One entity mention as actors.py found it: `known` when the knowledge files resolved it."""

    name: str
    label: str
    start: int
    end: int
    known: bool


@dataclass(frozen=True, slots=True)
class Aliases:
    """What `resolve_aliases` decided: item index → long name, grown spans, absorbed items.

    `homes` gives each long name the span where it stands in full.
    """

    canonical: dict[int, str]
    starts: dict[int, int]
    ends: dict[int, int]
    absorbed: frozenset[int]
    homes: dict[str, tuple[int, int]]


def _content(name: str) -> list[str]:
    out = []
    for raw in name.split():
        w = _POSSESSIVE_RE.sub("", raw).lower()
        if not w or w in _CONNECTORS:
            continue
        # "Tiger"/"Tigers", "Force"/"Forces": a name's number changes with its grammar
        out.append(w[:-1] if len(w) > 3 and w.endswith("s") else w)
    return out


def _head(name: str) -> str | None:
    """The head noun of a long name: the last word before its first connector."""
    first: list[str] = []
    for raw in name.split():
        if raw.lower() in _CONNECTORS:
            if first:
                break
            continue
        first.append(raw)
    content = _content(" ".join(first))
    return content[-1] if content else None


def initials(name: str) -> str:
    """The upper-case initials of a name's words, skipping of/the/and/for.

    "Liberation Tigers of Tamil Eelam" → "LTTE".
    """
    return "".join(w[0].upper() for w in name.split() if w.lower() not in _CONNECTORS and w[:1].isalpha())


def _strip(name: str) -> str:
    name = name.removeprefix("the ").removeprefix("The ")
    return _POSSESSIVE_RE.sub("", name)


def _grow(
    text: str, items: Sequence[Named], title_words: frozenset[str], proper: frozenset[int]
) -> tuple[dict[int, int], dict[int, int], set[int]]:
    """Unknown ORG names the model cut at "of", grown to the full name: (starts, ends, absorbed).

    Leads first: in "the Liberation Tigers of Tamil Eelam" the model may tag both halves,
    and the name is the one grown back over "Liberation Tigers", not "Tigers of Tamil Eelam".
    """
    starts: dict[int, int] = {}
    ends: dict[int, int] = {}
    absorbed: set[int] = set()
    for i, it in enumerate(items):
        if it.label == "ORG" and not it.known and i not in absorbed:
            lead = _lead(text, items, i, title_words, proper)
            if lead is not None and not any(j in starts for j in lead[1]):
                starts[i] = lead[0]
                absorbed.update(lead[1])
    for i, it in enumerate(items):
        if it.label != "ORG" or it.known or i in absorbed:
            continue
        m = _TAIL_RE.match(text[it.end : it.end + 80])
        if m is None:
            continue
        end = it.end + m.end()
        inside = [j for j, o in enumerate(items) if j != i and o.start < end and o.end > it.end]
        # "the Army of Sri Lanka": a tail the knowledge files know is a place, not the name
        if any(items[j].known or items[j].label in ("GPE", "LOC") or j in starts for j in inside):
            continue
        if any(items[j].end > end for j in inside):
            continue
        ends[i] = end
        absorbed.update(inside)
    return starts, ends, absorbed


def _lead(
    text: str, items: Sequence[Named], i: int, title_words: frozenset[str], proper: frozenset[int]
) -> tuple[int, list[int]] | None:
    """Where item `i` starts when grown back over "<Capitalised words> of", and what it absorbs."""
    it = items[i]
    base = max(0, it.start - 60)
    lead = _LEAD_RE.search(text[base : it.start])
    if lead is None:
        return None
    begin = it.start - len(lead.group(0))
    words_at = [(base + lead.start() + m.start(), m.group()) for m in re.finditer(r"\S+", lead.group(1))]
    head = [w for _, w in words_at if w.lower() != "the"]
    inside = [j for j, o in enumerate(items) if j != i and o.start < it.start and o.end > begin]
    # "Delegates of the Popular Army": a common noun starting a sentence is no name;
    # "Minister of ...", "Syria of ...", "Jane Smith of ...": nor an office, a place or a
    # person; a lone word the model took for a person may be part of it.
    if (
        not head
        or any(w.lower() != "the" and at not in proper for at, w in words_at)
        or any(w.lower().rstrip(".") in title_words for w in head)
        or any(items[j].known or items[j].label in ("GPE", "LOC") for j in inside)
        or any(
            items[j].label == "PERSON" and " " in text[items[j].start : items[j].end].strip() for j in inside
        )
        or (len(head) == 1 and inside)
        or any(items[j].start < begin for j in inside)
    ):
        return None
    return it.start - len(" of ") - len(" ".join(head)), inside


def resolve_aliases(
    text: str,
    items: Sequence[Named],
    is_place: Callable[[str], bool],
    title_words: frozenset[str] = frozenset(),
    proper: frozenset[int] | None = None,
    field_acronyms: Callable[[str], frozenset[str]] = lambda name: frozenset(),
    field_name: Callable[[str], str | None] = lambda name: None,
) -> Aliases:
    """Give every piece of an unknown organisation's long name that long name.

    `items` are the article's mentions in text order; `is_place(word)` says whether a word
    names a country or its people ("Syrian"), which a piece must not carry: "the Syrian Army"
    is no piece of "the Free Syrian Army"; `title_words` ("minister") start no long name;
    `proper` holds the offsets of proper-noun words, the only words a name grows back over
    (None: every capitalised word); `field_acronyms(long name)` the acronyms the field's
    dictionaries give a group ("Tamil Tigers" → LTTE), for an acronym no initials explain;
    `field_name(name)` the name those dictionaries file a group under, which every article's
    name for it becomes ("the Tamil Tigers" here, "the LTTE" there: one group across articles).
    """
    if proper is None:
        proper = frozenset(m.start() for m in re.finditer(r"\b[A-Z]", text))
    starts, ends, absorbed = _grow(text, items, title_words, proper)
    names = {
        i: text[starts.get(i, it.start) : ends.get(i, it.end)] if i in ends or i in starts else it.name
        for i, it in enumerate(items)
    }
    surnames = {
        _content(it.name)[-1]
        for i, it in enumerate(items)
        if it.label == "PERSON" and i not in absorbed and len(it.name.split()) > 1 and _content(it.name)
    }
    longs: dict[int, str] = {}
    declared: dict[str, int] = {}
    for i, it in enumerate(items):
        if it.known or i in absorbed or it.label != "ORG":
            continue
        name = _strip(names[i])
        content = _content(name)
        if len(content) < 2 or any(_INITIALS_RE.match(w) for w in name.split()):
            continue
        if content[-1] in surnames:  # "S.P. Thamilselvan" tagged ORG is a person
            continue
        longs[i] = name
        end = ends.get(i, it.end)
        m = _DECLARED_RE.match(text[end : end + 40])
        if m is not None:
            declared.setdefault(m.group(1), i)
    # A long name inside a longer one ("Liberation Tigers" in "... of Tamil Eelam") is the longer.
    order = sorted(longs, key=lambda i: (-len(_content(longs[i])), items[i].start))
    group: dict[int, str] = {}
    for i in order:
        words_i = set(_content(longs[i]))
        if any(is_place(w) for w in longs[i].split()):
            group[i] = longs[i]
            continue
        into = [j for j in order if j in group and j != i and words_i <= set(_content(longs[j]))]
        group[i] = group[into[0]] if into else longs[i]
    canonical: dict[int, str] = {}
    for i, it in enumerate(items):
        if it.known or i in absorbed:
            continue
        if i in group:
            canonical[i] = group[i]
            continue
        hits = _match(_strip(it.name), it.label, longs, group, declared, surnames, is_place, field_acronyms)
        target = _nearest(hits, it.start, longs, group, items)
        if target is not None:
            canonical[i] = target
    homes: dict[str, tuple[int, int]] = {}
    for i in sorted(group, key=lambda i: items[i].start):
        if group[i] == longs[i]:
            homes.setdefault(longs[i], (starts.get(i, items[i].start), ends.get(i, items[i].end)))
    for i, it in enumerate(items):  # the field's own name for a group, the same in every article
        if it.known or i in absorbed or it.label != "ORG":
            continue
        filed = field_name(canonical.get(i, _strip(names[i])))
        if filed is not None:
            home = homes.pop(canonical.get(i, ""), None)
            canonical[i] = filed
            if home is not None:
                homes.setdefault(filed, home)
    return Aliases(canonical, starts, ends, frozenset(absorbed), homes)


def _nearest(
    hits: set[str], start: int, longs: dict[int, str], group: dict[int, str], items: Sequence[Named]
) -> str | None:
    """Of the long names a piece fits, the one named last before it; None when that is unclear.

    "the Tigers" after "the Liberation Tigers of Tamil Eelam" and before "the Sea Tigers"
    is the former: a writer shortens a name already given.
    """
    if len(hits) <= 1:
        return next(iter(hits), None)
    before = [(items[i].start, group[i]) for i in longs if group[i] in hits and items[i].start < start]
    return max(before)[1] if before else None


def _match(
    name: str,
    label: str,
    longs: dict[int, str],
    group: dict[int, str],
    declared: dict[str, int],
    surnames: set[str],
    is_place: Callable[[str], bool],
    field_acronyms: Callable[[str], frozenset[str]],
) -> set[str]:
    """The long names `name` is a piece or an acronym of."""
    if label not in ("ORG", "PERSON", "NORP"):
        return set()
    if _ACRONYM_RE.match(name):
        if name in declared:
            return {group[declared[name]]}
        hits = {group[i] for i, n in longs.items() if initials(n) == name}
        return hits or {group[i] for i, n in longs.items() if name in field_acronyms(n)}
    content = _content(name)
    if not content or any(is_place(w) for w in name.split()):
        return set()
    if len(content) == 1 and (content[0] in _GENERIC_ORG or content[0] in surnames):
        return set()
    hits = set()
    for i, long in longs.items():
        words_long = set(_content(long))
        if not set(content) <= words_long:
            continue
        head = _head(long)
        # a single word, or anything the model took for a person, must carry the head noun
        if (len(content) == 1 or label == "PERSON") and content[-1] != head:
            continue
        hits.add(group[i])
    return hits


_CONNECTOR_CASE = {"of", "the", "and", "for", "de", "del", "la", "al"}


@lru_cache(maxsize=4096)
def field_name(name: str) -> str | None:
    """The name the PETRARCH non-state dictionary files a group under, cased as a name, when
    `name` is one of that record's names ("Tamil Tigers", "LTTE" → "Liberation Tigers of Tamil
    Eelam"); None for a name it does not list, or lists as its own record's first name."""
    entries = [e for e in load_actors().entries(name) if e.file == "nonstate" and len(e.names) > 1]
    if len(entries) != 1:
        return None  # several records share the name: which group is unclear
    first = entries[0].names[0]
    if " " not in first or first.lower() == name.lower().removeprefix("the "):
        return None
    words = first.split()
    return " ".join(w if w in _CONNECTOR_CASE and k else w[:1].upper() + w[1:] for k, w in enumerate(words))
