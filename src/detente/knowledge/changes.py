"""Change alerts: what a round of new reports changed in the knowledge, each change cited.

Backend-free. The input is every stored fact the new articles touch (the events of their
story keys, the positions of their party × issue pairs, the roles of their people), with
the ids of the new articles. "Before" is that knowledge without the new articles, "after"
is it with them: the same functions that build stories and pick a party's latest stance
decide both, so an alert says exactly what the new reports changed. Nothing is snapshotted,
which is what makes the watch crash-safe: until a round's alerts are committed its
articles still count as new, and the next run computes the same alerts again.

Kinds: `new_story`, `story_changed` (status, date or place), `position_changed` (a stance
flipped or became conditional), `conflict` (reports now disagree on a date, place, count or
outcome) and `new_role` (a person named to an office or a delegation).
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from detente.knowledge.stories import stories_for
from detente.lexicon.names import fold
from detente.records import Event, Position, Role, Source, Story

KINDS = ("new_story", "story_changed", "position_changed", "conflict", "new_role")
"""Every alert kind, in the order a round reports them."""


@dataclass(frozen=True, slots=True)
class Citation:
    """Where a change is reported: the article, its outlet and URL, and the sentence's offsets."""

    article_id: str
    url: str | None
    outlet: str | None
    published: str | None
    start: int
    end: int

    def to_json(self) -> dict[str, Any]:
        """The citation as a JSON object."""
        return {
            "article_id": self.article_id,
            "url": self.url,
            "outlet": self.outlet,
            "published": self.published,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True, slots=True)
class Alert:
    """One change: its kind, when it was found, what it is about, before → after, a line for people."""

    kind: str
    at: str
    subject: str
    """What changed, as a stable key: a story key, `party|issue`, `person|role`."""
    before: dict[str, Any] | None
    after: dict[str, Any]
    text: str
    citations: tuple[Citation, ...] = ()

    @property
    def id(self) -> str:
        """A content id: the same change found again (a re-run after a crash) has the same id."""
        cited = ",".join(sorted({c.article_id for c in self.citations}))
        basis = json.dumps([self.kind, self.subject, self.before, self.after, cited], sort_keys=True)
        return hashlib.sha256(basis.encode()).hexdigest()[:16]

    def to_json(self) -> dict[str, Any]:
        """The alert as one JSON object (one line of the alert stream, one webhook body)."""
        return {
            "id": self.id,
            "kind": self.kind,
            "at": self.at,
            "subject": self.subject,
            "before": self.before,
            "after": self.after,
            "text": self.text,
            "citations": [c.to_json() for c in self.citations],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Alert:
        """An alert back from its JSON object."""
        return cls(
            kind=data["kind"],
            at=data["at"],
            subject=data["subject"],
            before=data.get("before"),
            after=data["after"],
            text=data["text"],
            citations=tuple(Citation(**c) for c in data.get("citations") or ()),
        )


@dataclass(frozen=True, slots=True)
class Related:
    """Every stored fact that new articles touch (their own facts included), with its article."""

    events: dict[str, list[tuple[Event, Source]]] = field(default_factory=dict)
    """By story key: all events of each key a new article has an event in."""
    positions: list[tuple[Position, Source]] = field(default_factory=list)
    """The positions of every party × issue a new article states (a superset is fine)."""
    roles: list[tuple[Role, Source]] = field(default_factory=list)
    """The roles of every person a new article names to a role (a superset is fine)."""


def changes(related: Related, new: Collection[str], at: str) -> list[Alert]:
    """The alerts for what the articles `new` change in `related`, found at time `at`."""
    alerts: list[Alert] = []
    for key in sorted(related.events):
        alerts += _story_changes(key, related.events[key], new, at)
    alerts += _position_changes(related.positions, new, at)
    alerts += _new_roles(related.roles, new, at)
    order = {k: i for i, k in enumerate(KINDS)}
    alerts.sort(key=lambda a: order[a.kind])
    return list({a.id: a for a in alerts}.values())


# -- stories ------------------------------------------------------------------------------------
def _story_changes(
    key: str, items: Sequence[tuple[Event, Source]], new: Collection[str], at: str
) -> list[Alert]:
    old_items = [(e, s) for e, s in items if s.article_id not in new]
    before = stories_for(key, old_items) if old_items else []
    after = stories_for(key, items)
    sources = {e.id: (e, s) for e, s in items}
    out: list[Alert] = []
    for story in after:
        fresh = [sources[i] for i in story.event_ids if i in sources and sources[i][1].article_id in new]
        if not fresh:
            continue  # this story gained nothing from the new reports
        cites = _cite_events(fresh)
        match = _best_match(story, before)
        if match is None:
            out.append(
                Alert("new_story", at, key, None, _story_view(story), f"New: {_story_line(story)}", cites)
            )
        else:
            was, now = {}, {}
            for name, old_value, new_value in (
                ("status", match.status, story.status),
                ("date", match.date, story.date),
                ("place", _place(match), _place(story)),
            ):
                if old_value != new_value:
                    was[name], now[name] = old_value, new_value
            if was:
                what = "; ".join(f"{k} {was[k] or 'unknown'} → {now[k] or 'unknown'}" for k in was)
                out.append(
                    Alert(
                        "story_changed",
                        at,
                        key,
                        {**_story_view(match), "changed": was},
                        {**_story_view(story), "changed": now},
                        f"Changed: {_story_line(story, status=False)}: {what}",
                        _cite_events(fresh, prefer=story.status if "status" in now else None),
                    )
                )
        known = {c.field for c in match.conflicts} if match is not None else set()
        for conflict in story.conflicts:
            if conflict.field in known:
                continue
            disputed = {a for v in conflict.values for a in v["article_ids"]}
            values = " vs ".join(str(v["value"]) for v in conflict.values)
            out.append(
                Alert(
                    "conflict",
                    at,
                    f"{key}|{conflict.field}",
                    None,
                    {**_story_view(story), "field": conflict.field, "values": list(conflict.values)},
                    f"Reports disagree on the {conflict.field} of {_story_line(story, status=False)}: {values}",
                    _cite_events(
                        [
                            sources[i]
                            for i in story.event_ids
                            if i in sources and sources[i][1].article_id in disputed
                        ]
                    ),
                )
            )
    return out


def _best_match(story: Story, before: Sequence[Story]) -> Story | None:
    """The earlier story this one continues: the one it shares most events with (ids change as
    dates firm up, events do not)."""
    mine = set(story.event_ids)
    best, shared = None, 0
    for old in before:
        n = len(mine & set(old.event_ids))
        if n > shared:
            best, shared = old, n
    return best


def _place(story: Story) -> str | None:
    return story.place.name if story.place else None


def _story_view(story: Story) -> dict[str, Any]:
    return {
        "story_id": story.id,
        "type": story.type,
        "status": story.status,
        "parties": [p.name for p in story.parties],
        "date": story.date,
        "place": _place(story),
        "sources": story.sources,
    }


def _story_line(story: Story, status: bool = True) -> str:
    parties = " and ".join(p.name for p in story.parties) or "unknown parties"
    line = f"{story.type.lower()} — {parties}"
    if status:
        line += f", {story.status}"
    if story.date:
        line += f", {story.date}"
    if story.place:
        line += f", {story.place.name}"
    return line


def _cite_events(items: Iterable[tuple[Event, Source]], prefer: str | None = None) -> tuple[Citation, ...]:
    """Citations of events, newest report first; with `prefer`, the events of that status first."""
    ranked = sorted(
        items,
        key=lambda es: (prefer is not None and es[0].status != prefer, _newest_first(es[1]), es[0].start),
    )
    return tuple(dict.fromkeys(_cite(s, e.start, e.end) for e, s in ranked))


def _newest_first(src: Source) -> str:
    # Inverted so that an ascending sort puts the newest report first.
    return "".join(chr(0x10FFFF - ord(c)) for c in (src.published or ""))


def _cite(src: Source, start: int, end: int) -> Citation:
    return Citation(src.article_id, src.url, src.outlet, src.published, start, end)


# -- positions ----------------------------------------------------------------------------------
def position_key(p: Position) -> str:
    """A party × issue, as `detente positions` groups them: the actor, else the folded name."""
    return f"{p.actor_id or fold(p.party)}|{p.issue}"


def _latest(items: Sequence[tuple[Position, Source]]) -> tuple[Position, Source] | None:
    """The latest report of a stance: by publication date, then by place in the text."""
    return max(items, key=lambda ps: (ps[1].published or "", ps[0].start), default=None)


def _position_changes(items: Sequence[tuple[Position, Source]], new: Collection[str], at: str) -> list[Alert]:
    groups: dict[str, list[tuple[Position, Source]]] = defaultdict(list)
    for p, s in items:
        groups[position_key(p)].append((p, s))
    out = []
    for key in sorted(groups):
        group = groups[key]
        if not any(s.article_id in new for _, s in group):
            continue
        old = _latest([(p, s) for p, s in group if s.article_id not in new])
        now = _latest(group)
        if old is None or now is None or old[0].stance == now[0].stance:
            continue  # a first statement is not a change; a repeated stance neither
        p, s = now
        out.append(
            Alert(
                "position_changed",
                at,
                key,
                _position_view(*old),
                _position_view(p, s),
                f"{p.party} on {p.issue}: {old[0].stance} → {p.stance}",
                (_cite(s, p.start, p.end), _cite(old[1], old[0].start, old[0].end)),
            )
        )
    return out


def _position_view(p: Position, s: Source) -> dict[str, Any]:
    return {
        "party": p.party,
        "actor_id": p.actor_id,
        "issue": p.issue,
        "stance": p.stance,
        "as_of": s.published,
    }


# -- roles --------------------------------------------------------------------------------------
def role_key(r: Role) -> str:
    """A person × role: the actor (else the folded name) and the folded role words."""
    return f"{r.actor_id or fold(r.person)}|{fold(r.role)}"


def _new_roles(items: Sequence[tuple[Role, Source]], new: Collection[str], at: str) -> list[Alert]:
    groups: dict[str, list[tuple[Role, Source]]] = defaultdict(list)
    for r, s in items:
        groups[role_key(r)].append((r, s))
    out = []
    for key in sorted(groups):
        group = groups[key]
        if any(s.article_id not in new for _, s in group):
            continue  # known before this round
        r, s = min(group, key=lambda rs: (rs[1].published or "", rs[0].start))
        where = f" ({r.affiliation})" if r.affiliation else ""
        out.append(
            Alert(
                "new_role",
                at,
                key,
                None,
                {"person": r.person, "actor_id": r.actor_id, "role": r.role, "affiliation": r.affiliation},
                f"{r.person}: {r.role}{where}",
                tuple(dict.fromkeys(_cite(src, rr.start, rr.end) for rr, src in group)),
            )
        )
    return out
