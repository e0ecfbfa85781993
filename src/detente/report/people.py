"""Who: the people of the talks by party, delegation heads first, the absent named as absent.

A role that says its holder leads ("head of the Russian side", "led the team") makes a head; a
person said to stay away ("… were also absent", "said he would not attend") is named as absent,
and so is one whose own meeting is reported as not happening. Roles that are not offices (a
date, another person's name, a list of officials) are left out.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from detente.lexicon.names import fold
from detente.lexicon.words import words
from detente.records import Source, Story
from detente.store.digests import RoleDigest, role_digests

if TYPE_CHECKING:
    from detente.report.briefing import Builder, Bullet, Section

_LEAD = words("report.lead_roles")
_DELEGATION = words("report.delegation_nouns")
_GENERIC = words("report.generic_roles")
_ABSENCE = words("report.absence")
_SKIP = words("report.role_key_skip")
_NOT_OFFICE = re.compile(r"\d|\band other\b|\bofficials\b|[;:()\[\]]")
_DANGLING = frozenset({"to", "of", "for", "in", "at", "with", "and", "the", "a"})
_ABSENCE_REACH = 140
_ABSENT_RE = re.compile(
    r"\b(?:" + "|".join(re.escape(c) for c in sorted(_ABSENCE, key=len, reverse=True)) + r")\b"
)


@dataclass(slots=True)
class Person:
    """One person of the talks with the roles reports give them."""

    actor_id: str
    name: str
    country: str
    roles: list[tuple[RoleDigest, Source]] = field(default_factory=list)
    head: bool = False
    absent: bool = False
    absence: list[tuple[RoleDigest, Source] | Story] = field(default_factory=list)
    """What says the person stays away: a role's sentence, or a meeting reported as not happening."""


def _role_key(role: str) -> str:
    return " ".join(sorted(set(fold(role).replace("defense", "defence").split()) - _SKIP))


def _office(role: str, names: set[str]) -> bool:
    """A role that reads as an office: no digits, no list of officials, no other person's name."""
    if _NOT_OFFICE.search(role) or len(role.split()) > 9:
        return False
    folded = fold(role)
    if not folded.split() or folded.split()[-1] in _GENERIC | _DANGLING:
        return False  # "Special Envoy to": a role cut before its object
    return not any(n in folded for n in names)


def _unowned(r: RoleDigest, names: set[str]) -> RoleDigest:
    """The role without a leading other person's name: "Trump Secretary of State" → "Secretary of State"."""
    first, _, rest = r.role.partition(" ")
    if rest and fold(first.rstrip("’'s")) in names:
        return r._replace(role=rest)
    return r


def _offices(roles: list[tuple[RoleDigest, Source]], others: set[str]) -> list[tuple[RoleDigest, Source]]:
    """The roles that read as offices, each without a leading other person's name (each role's
    wording judged once: a person's reports repeat the same few titles)."""
    judged: dict[str, tuple[str, bool]] = {}  # role as read → (role as shown, an office)
    out = []
    for r, src in roles:
        seen = judged.get(r.role)
        if seen is None:
            shown = _unowned(r, others).role
            seen = judged[r.role] = (shown, _office(shown, others))
        if seen[1]:
            out.append((r if seen[0] == r.role else r._replace(role=seen[0]), src))
    return out


def _leads(role: str) -> bool:
    folded = f" {fold(role)} "
    return any(f" {w} " in folded for w in _LEAD) and any(f" {w} " in folded for w in _DELEGATION)


def _absent(name: str, evidence: str) -> bool:
    """The person is the one said to stay away: named before the cue, close to it."""
    low = evidence.lower()
    surname = name.split()[-1].lower()
    at = low.find(surname)
    if at < 0:
        return False
    after = low[at + len(surname) : at + len(surname) + _ABSENCE_REACH]
    return bool(_ABSENT_RE.search(after)) and " led by " not in after


def gather(b: Builder) -> dict[str, Person]:
    """The people in scope with their roles, heads and absences marked."""
    found: dict[str, Person] = {}
    canonical: dict[str, str] = {}  # each stored actor id made canonical once
    for r in role_digests(b.store, articles=b.in_scope):  # digests: no record built for each role
        src = b.articles.get(r.article_id)
        if src is None or not r.actor_id:
            continue
        aid = canonical.get(r.actor_id)
        if aid is None:
            aid = canonical[r.actor_id] = b.store.canonical_id(r.actor_id) or r.actor_id
        p = found.setdefault(aid, Person(aid, r.person, r.country or ""))
        p.roles.append((r, src))
    surnames = {fold(p.name.split()[-1]) for p in found.values() if p.name.split()}
    for p in found.values():
        p.name = Counter(r.person for r, _ in p.roles).most_common(1)[0][0]
        p.country = Counter(r.country or "" for r, _ in p.roles).most_common(1)[0][0]
        others = surnames - {fold(p.name.split()[-1])}
        p.roles = _offices(p.roles, others)
        p.head = any(_leads(r.role) for r, _ in p.roles)
        if not p.head:
            p.absence = [(r, src) for r, src in p.roles if _absent(p.name, r.evidence)]
            p.absent = bool(p.absence)
    for s in b.stories:  # "Zelensky will not attend": his own meeting is reported as not happening
        if s.type == "CONSULT" and s.status == "negated" and len(s.parties) == 1:
            ref = s.parties[0]
            absent = (b.store.canonical_id(ref.actor_id) or ref.actor_id) if ref.actor_id else None
            if absent is not None and absent in found and not found[absent].head:
                found[absent].absent = True
                found[absent].absence.append(s)
    return found


def heads(b: Builder, story: Story) -> list[tuple[str, str]]:
    """(country, person) of the delegation heads named in the reports of a story, else in all."""
    people = _people(b)
    codes = [p.country for p in story.parties if p.country]
    out = []
    for code in codes:
        chosen = [p for p in people.values() if p.head and p.country == code]
        near = [p for p in chosen if any(s.article_id in story.article_ids for _, s in p.roles)]
        pick = near or chosen
        if pick:
            best = max(pick, key=lambda p: len({s.article_id for _, s in p.roles}))
            out.append((code, best.name))
    return out


def _people(b: Builder) -> dict[str, Person]:
    cached = getattr(b, "_people", None)
    if cached is None:
        cached = gather(b)
        b._people = cached  # type: ignore[attr-defined]
    return cached


def who(b: Builder) -> Section:
    """People by party (the main pair first): heads, then the others by reports, then the absent."""
    from detente.report.briefing import Section

    sec = Section("who", "Who")
    people = _people(b)
    pair = list(b.dyad())
    by_country: dict[str, list[Person]] = defaultdict(list)
    for p in people.values():
        if p.roles and "\ufffd" not in p.name:  # a name the article's encoding broke is no name
            by_country[p.country].append(p)
    order = sorted(by_country, key=lambda c: (c not in pair, pair.index(c) if c in pair else 0,
                                              -sum(len(p.roles) for p in by_country[c])))  # fmt: skip
    chosen: list[tuple[int, Person]] = []
    for rank_c, code in enumerate(order):
        ranked = sorted(
            by_country[code], key=lambda p: (not p.head, p.absent, -len({s.article_id for _, s in p.roles}))
        )
        for i, p in enumerate(ranked):
            chosen.append((i * 10 + rank_c, p))
    keep = sorted(chosen, key=lambda ip: ip[0])[: b.cap("who")]
    kept = {p.actor_id for _, p in keep}
    for code in order:
        for p in sorted(by_country[code], key=lambda p: (not p.head, p.absent, -len(p.roles))):
            if p.actor_id in kept:
                sec.bullets.append(_person_bullet(b, p))
    return sec


def _person_bullet(b: Builder, p: Person) -> Bullet:
    from detente.report.briefing import Bullet

    country = b.countries.get(p.country)
    party = country.name if country is not None else (p.country or "Other")
    keys = Counter(_role_key(r.role) for r, _ in p.roles)
    picked: list[str] = []
    for key, _ in sorted(keys.items(), key=lambda kv: (-kv[1], len(kv[0]))):
        if not any(
            set(k.split()) <= set(key.split()) for k in picked
        ):  # "President" over "Turkey's president"
            picked.append(key)
    shown, cites = [], []
    for key in picked[:3]:
        r, src = next((r, s) for r, s in p.roles if _role_key(r.role) == key)
        if not _leads(r.role):
            shown.append(r.role)
        cites.append(b.cites.add(src, r.evidence, r.start, r.end))
    titles = ", ".join(shown)
    for said in p.absence[:2] if p.absent else ():  # the sentence that says so is cited too
        if isinstance(said, Story):
            cites += b.story_cites(said)[:1]
        else:
            cites.append(b.cites.add(said[1], said[0].evidence, said[0].start, said[0].end))
    if p.head:
        text = f"{party}: {p.name}{', ' + titles if titles else ''}, leads the delegation"
    elif p.absent:
        text = f"{party}: {p.name}{', ' + titles if titles else ''}, is not taking part"
    else:
        text = f"{party}: {p.name}, {titles}" if titles else f"{party}: {p.name}"
    return Bullet(
        text + ".", sorted(set(cites)), "person",
        data={"person": p.name, "country": party, "head": p.head, "absent": p.absent, "roles": shown},
    )  # fmt: skip
