"""The records detente reads, extracts, stores and exports.

Every record is a small frozen dataclass whose fields follow the record contract
(`shared/spec/records.md`): `to_record()` gives the contract's JSON object (with its
`kind`), `from_record()` reads one back. Stages pass these records, never rows or dicts.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal, Self, TypeVar, get_args, get_origin

ActorType = Literal["person", "organization", "group", "country"]
EventStatus = Literal["occurred", "planned", "negated", "hypothetical"]
DatePrecision = Literal["day", "month", "year", "range"]
Stance = Literal["support", "oppose", "conditional"]
SpeakerType = Literal[
    "official", "spokesperson", "negotiator", "expert", "witness", "unnamed source", "document", "news agency"
]
Commitment = Literal["said", "claimed", "denied", "acknowledged", "warned"]


class Record:
    """Base of the exported record kinds: contract serialisation for frozen dataclasses."""

    __slots__ = ()
    KIND: ClassVar[str] = ""

    def to_record(self) -> dict[str, Any]:
        """The contract's JSON object for this record, `kind` first, nested refs as objects."""
        out: dict[str, Any] = {"kind": self.KIND}
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            out[f.name] = _plain(getattr(self, f.name))
        return out

    @classmethod
    def from_record(cls, data: dict[str, Any]) -> Self:
        """Rebuild a record from its contract object (unknown keys are ignored)."""
        kwargs: dict[str, Any] = {}
        for name, convert in _converters(cls):
            if name in data:
                value = data[name]
                kwargs[name] = value if convert is None or value is None else convert(value)
        return cls(**kwargs)


_CONVERTERS: dict[type, tuple[tuple[str, Any], ...]] = {}


def _converters(cls: type) -> tuple[tuple[str, Any], ...]:
    """Per field, how to turn JSON back into the field's type (None: as it is), built once per class.

    Reading records back is the hot path of every report, so the type hints are not walked per value.
    """
    found = _CONVERTERS.get(cls)
    if found is None:
        found = _CONVERTERS[cls] = tuple((name, _converter(hint)) for name, hint in _fields(cls))
    return found


def _converter(hint: Any) -> Any:
    origin = get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in get_args(hint) if a is not type(None)]
        return _converter(inner[0]) if len(inner) == 1 else None
    if origin is tuple:
        item = _converter(get_args(hint)[0])
        return (lambda v: tuple(item(x) for x in v)) if item is not None else tuple
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        subs = _converters(hint)

        def build(value: Any, cls: type = hint) -> Any:
            if not isinstance(value, dict):
                return value
            return cls(
                **{
                    n: (value[n] if c is None or value[n] is None else c(value[n]))
                    for n, c in subs
                    if n in value
                }
            )

        return build
    return None


_FIELDS: dict[type, tuple[tuple[str, Any], ...]] = {}


def _fields(cls: type) -> tuple[tuple[str, Any], ...]:
    """(field name, type hint) of a dataclass, resolved once (get_type_hints is slow)."""
    found = _FIELDS.get(cls)
    if found is None:
        hints = typing.get_type_hints(cls)
        found = _FIELDS[cls] = tuple((f.name, hints[f.name]) for f in dataclasses.fields(cls))
    return found


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


R = TypeVar("R", bound=Record)


@dataclass(frozen=True, slots=True)
class Article(Record):
    """One news report as stored: text normalised once; all offsets refer to `text`."""

    KIND: ClassVar[str] = "article"
    id: str
    url: str | None
    outlet: str | None
    published: str | None
    title: str | None
    language: str | None
    text: str
    text_sha256: str


@dataclass(frozen=True, slots=True)
class ActorRef:
    """A party as an event names it, with its canonical actor and coding."""

    actor_id: str | None
    name: str
    country: str | None
    sector: str | None


@dataclass(frozen=True, slots=True)
class Place:
    """A resolved place; coordinates and GeoNames id may be null for venues and regions."""

    name: str
    geonameid: int | None
    country: str | None
    lat: float | None
    lon: float | None


@dataclass(frozen=True, slots=True)
class Actor(Record):
    """A canonical actor, merged across articles and spellings."""

    KIND: ClassVar[str] = "actor"
    id: str
    name: str
    type: ActorType
    aliases: tuple[str, ...] = ()
    country: str | None = None
    sector: str | None = None
    wikidata: str | None = None


@dataclass(frozen=True, slots=True)
class Mention(Record):
    """One mention of an actor in an article, with the coding this mention carries."""

    KIND: ClassVar[str] = "mention"
    article_id: str
    actor_id: str
    text: str
    label: str
    country: str | None
    sector: str | None
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Event(Record):
    """Who did what to whom, when and where, read from one sentence."""

    KIND: ClassVar[str] = "event"
    id: str
    article_id: str
    type: str
    mode: str | None
    cameo: str | None
    status: EventStatus
    source: ActorRef | None
    target: ActorRef | None
    trigger: str
    date: str | None
    date_end: str | None
    date_precision: DatePrecision | None
    date_text: str | None
    place: Place | None
    evidence: str
    start: int
    end: int
    confidence: float
    # Who says it happened, when the sentence reports another party's claim ("Israel said a
    # mortar was fired from Gaza"); None when the report states it itself (docs/records.md).
    attributed_to: ActorRef | None = None


@dataclass(frozen=True, slots=True)
class Role(Record):
    """A role a person holds, as the article states it."""

    KIND: ClassVar[str] = "role"
    article_id: str
    person: str
    actor_id: str | None
    role: str
    affiliation: str | None
    country: str | None
    sector: str | None
    evidence: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Quote(Record):
    """Who said what: a direct quote or reported speech."""

    KIND: ClassVar[str] = "quote"
    article_id: str
    speaker: str | None
    actor_id: str | None
    country: str | None
    text: str
    direct: bool
    cue: str | None
    evidence: str
    start: int
    end: int
    speaker_type: SpeakerType | None = None
    """What kind of speaker: official, spokesperson, negotiator, expert, witness, unnamed source,
    document or news agency."""
    commitment: Commitment | None = None
    """How far the reporter commits to the words, from the attribution verb: said, claimed,
    denied, acknowledged or warned."""
    confidence: float | None = None
    """The predicted probability that the quote is right (speaker and words); null when unscored."""


@dataclass(frozen=True, slots=True)
class Position(Record):
    """Where a party stands on an issue."""

    KIND: ClassVar[str] = "position"
    article_id: str
    party: str
    actor_id: str | None
    country: str | None
    sector: str | None
    issue: str
    stance: Stance
    evidence: str
    start: int
    end: int
    topic: str | None = None
    """What the stance is about, in the article's words ("an unconditional ceasefire")."""
    claim: str | None = None
    """What the party wants (or rejects), a short phrase from the governed clause
    ("Ukraine cedes the territory Russian troops hold")."""
    condition: str | None = None
    """The condition a conditional stance hangs on, its clause as written ("if the rebels disarm")."""
    confidence: float | None = None
    """The predicted probability that the position is right (party, issue, stance); null when unscored."""


@dataclass(frozen=True, slots=True)
class Conflict:
    """Reports that disagree on one field of a story event."""

    field: str
    values: tuple[dict[str, Any], ...]


@dataclass(frozen=True, slots=True)
class StatusReport:
    """The status the reports of one day gave a story ("planned" on the eve, "occurred" after)."""

    status: EventStatus
    published: str | None
    article_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Story(Record):
    """A story event: the events of many articles that report one happening."""

    KIND: ClassVar[str] = "story"
    id: str
    type: str
    mode: str | None
    status: EventStatus
    parties: tuple[ActorRef, ...]
    date: str | None
    date_end: str | None
    place: Place | None
    event_ids: tuple[str, ...]
    article_ids: tuple[str, ...]
    sources: int
    conflicts: tuple[Conflict, ...] = ()
    history: tuple[StatusReport, ...] = ()
    """The status each day's reports gave, oldest first: how a plan became a meeting."""


@dataclass(frozen=True, slots=True)
class Failure(Record):
    """An input that could not be read or processed, why, and what to do about it."""

    KIND: ClassVar[str] = "failure"
    source: str
    line: int | None
    reason: str
    fix: str
    at: str

    def message(self) -> str:
        """One line for the terminal: where, what went wrong, how to fix it."""
        where = f"{self.source}:{self.line}" if self.line is not None else self.source
        return f"{where}: {self.reason} — {self.fix}"


@dataclass(frozen=True, slots=True)
class Source:
    """The article a record was read from, as a citation needs it."""

    article_id: str
    published: str | None
    outlet: str | None
    url: str | None
    title: str | None


@dataclass(frozen=True, slots=True)
class ArticleFacts:
    """Everything extracted from one article, ready for the store."""

    article: Article
    actors: tuple[Actor, ...] = ()
    mentions: tuple[Mention, ...] = ()
    events: tuple[Event, ...] = ()
    roles: tuple[Role, ...] = ()
    quotes: tuple[Quote, ...] = ()
    positions: tuple[Position, ...] = ()


@dataclass(frozen=True, slots=True)
class RunSummary:
    """What one ingest run did: counts per outcome, and the failures it recorded."""

    run_id: int
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    failed: int = 0
    words: int = 0
    reextracted: int = 0
    """Articles stored before whose facts were made again (a new extractor, or a failed extraction retried)."""
    seconds: float = 0.0
    failures: tuple[Failure, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        """True when every input was read and stored."""
        return self.failed == 0


RECORD_KINDS: dict[str, type[Record]] = {
    cls.KIND: cls for cls in (Article, Actor, Mention, Event, Role, Quote, Position, Story, Failure)
}
"""Every exportable record kind by its `kind` name, in export order."""
