"""Confidence: the probability that an extracted record is right, from a small logistic model.

Extraction knows things about each event that say how far to trust it: how its trigger was
read (a verb or a noun after "the"), how its parties were resolved (a known actor, a country,
a bare name, nobody), its status, cue words around the trigger (a modal, a negation, an "if"),
whether the sentence is quoted or crowded with other events, whether the event's date and
place were found and whether another sentence of the article reports the same happening.
`event_features` turns these into named numbers; `confidence = sigmoid(w · x + b)` with the
weights of `data/confidence.json`, trained by `python -m tools.calibrate` on hand judgments.

The features read only what an exported record keeps (the event, its article, the article's
other events), so training computes them from an export with this very function. The record's
own `confidence` is never a feature: re-exports carry the model's output.
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from detente.errors import ConfigError
from detente.extract.grammar import AUXILIARIES, NOUNS, VERBS
from detente.lexicon.words import words
from detente.records import ActorRef, Article, Event

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = [
    "QUOTE_MARKS",
    "Model",
    "article_event_features",
    "cue_features",
    "event_features",
    "line_is_heading",
    "load_models",
    "names_in",
    "parse_models",
    "read_models",
    "score_events",
    "sigmoid",
]

WEIGHTS = "confidence.json"
"""The shipped weights, in `detente/data/`."""

FORMAT = 1
"""The weights file's format; a file of another format is refused."""

_WORD = re.compile(r"[\w'’]+")
QUOTE_MARKS = '"“”«»'
_WINDOW = 6  # words either side of the trigger whose cues count
_HEADING_WORDS = 12
_STOPS = ".!?:;…"
_CLOSERS = "\"'”’»)"
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

_FUTURE = words("status.future_aux") | words("events.future_modals")
_POSSIBLE = words("status.possible_aux")
_NEGATION = words("negation_with_nt")
_CONDITION = words("status.hypothetical_marks") | words("status.would_conditions")
_DETERMINERS = (
    words("status.future_noun_mods")
    | words("parties.person_pronouns")
    | words("parties.plural_pronouns")
    | words("parties.thing_pronouns")
    | {"the", "a", "an"}
)


def _inflected(lemmas: frozenset[str] | set[str]) -> frozenset[str]:
    """The lemmas with their regular inflections, so raw sentence words can be matched."""
    out: set[str] = set()
    for w in lemmas:
        stem = w[:-1] if w.endswith("e") else w
        out |= {w, w + "s", w + "d", w + "ed", stem + "ed", stem + "ing", w + "es"}
    return frozenset(out)


_PLANNING = _inflected(words("status.planning"))
_PLANNING_LEMMAS = words("status.planning") | words("events.offers") | words("status.scheduling")
_NEGATING_LEMMAS = words("status.negating")
_REPORTING_LEMMAS = words("quotes.reporting_verbs")
_MODALS = words("events.future_modals") | words("status.possible_aux") | words("status.future_aux")
_DEP_GROUPS = {
    "ROOT": "root",
    "ccomp": "complement",
    "xcomp": "complement",
    "advcl": "adverbial",
    "relcl": "relative",
    "acl": "relative",
    "conj": "conj",
    "dobj": "argument",
    "pobj": "argument",
    "nsubj": "argument",
    "nsubjpass": "argument",
    "attr": "argument",
    "compound": "modifier",
    "amod": "modifier",
    "npadvmod": "modifier",
}
_OFFERS = _inflected(words("events.offers"))
_DATE_WORDS = words("months") | words("weekdays")
_YEAR = re.compile(r"(19|20)\d\d")
# The irregular pasts of say, tell and write, which regular inflection cannot make.
_REPORTING = _inflected(words("quotes.reporting_verbs")) | {"said", "told", "wrote"}


def sigmoid(z: float) -> float:
    """The logistic function, safe for large |z|."""
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def _ref_kind(ref: ActorRef | None) -> str:
    """How a party was resolved: none, a bare name, or the kind of actor it codes to."""
    if ref is None:
        return "none"
    if not ref.actor_id:
        return "name"
    return ref.actor_id.split(":", 1)[0]


def _ref_key(ref: ActorRef | None) -> str:
    if ref is None:
        return ""
    return ref.actor_id or ref.country or ref.name


def names_in(name: str, sentence: str) -> bool:
    """Whether the sentence itself names a party (else it came from a pronoun or inference)."""
    lower = sentence.lower()
    name = name.lower()
    if name in lower:
        return True
    # "Zelenskyy" for "Volodymyr Zelenskyy": the last word of a name is how reports repeat it.
    last = name.split()[-1] if name.split() else name
    return len(last) > 3 and last in lower


def _named_in(ref: ActorRef | None, sentence: str) -> bool:
    return ref is not None and names_in(ref.name, sentence)


def _line_of(text: str, start: int, end: int) -> str:
    left = text.rfind("\n", 0, start) + 1
    right = text.find("\n", max(end - 1, left))
    return text[left : right if right >= 0 else len(text)].strip()


def line_is_heading(text: str, start: int, end: int) -> bool:
    """Whether the line of a sentence is short and ends without a stop: a title or a heading."""
    line = _line_of(text, start, end)
    return len(line.split()) <= _HEADING_WORDS and not line.rstrip(_CLOSERS).rstrip().endswith(tuple(_STOPS))


@dataclass(frozen=True, slots=True)
class _ArticleView:
    """What every event of one article shares: sentence crowding and who-did-what-to-whom repeats."""

    text: str
    published: str | None
    per_sentence: Counter[int]
    happenings: Counter[tuple[str, frozenset[str]]]
    sentences_of: dict[tuple[str, frozenset[str]], frozenset[int]]
    total: int
    doc: Doc | None


def _happening(ev: Event) -> tuple[str, frozenset[str]]:
    return (ev.type, frozenset(k for k in (_ref_key(ev.source), _ref_key(ev.target)) if k))


def _view(article: Article, events: Sequence[Event], doc: Doc | None) -> _ArticleView:
    sentences: dict[tuple[str, frozenset[str]], set[int]] = {}
    for ev in events:
        sentences.setdefault(_happening(ev), set()).add(ev.start)
    return _ArticleView(
        text=article.text,
        published=article.published,
        per_sentence=Counter(ev.start for ev in events),
        happenings=Counter(_happening(ev) for ev in events),
        sentences_of={k: frozenset(v) for k, v in sentences.items()},
        total=len(events),
        doc=doc,
    )


def cue_features(sentence: str, trigger: str, status: str) -> dict[str, float]:
    """Cue words near the trigger, whether the trigger reads as a noun, whether it is quoted."""
    out: dict[str, float] = {}
    tokens = [m.group(0).lower() for m in _WORD.finditer(sentence)]
    first = trigger.split()[0].lower() if trigger.split() else ""
    at = tokens.index(first) if first in tokens else -1
    if at < 0:
        out["trigger_not_found"] = 1.0
        before, near = tokens, tokens
    else:
        before = tokens[max(0, at - _WINDOW) : at]
        near = tokens[max(0, at - _WINDOW) : at + _WINDOW + 1]
        if at > 0 and tokens[at - 1] in _DETERMINERS:
            out["trigger_nominal"] = 1.0
        if at > 0 and tokens[at - 1] == "to":
            out["trigger_infinitive"] = 1.0
        where = sentence.lower().find(first)
        if sum(sentence[: max(where, 0)].count(c) for c in QUOTE_MARKS) % 2 == 1:
            out["trigger_in_quote"] = 1.0
    window, governing = set(near), set(before)
    for name, cue, scope in (
        ("cue_future", _FUTURE, window),
        ("cue_possible", _POSSIBLE, window),
        ("cue_negation", _NEGATION, window),
        ("cue_condition", _CONDITION, set(tokens)),
        ("cue_planning", _PLANNING, governing),
        ("cue_offer", _OFFERS, governing),
        ("cue_reporting", _REPORTING, window),
    ):
        if scope & cue:
            out[name] = 1.0
    if status == "occurred" and any(
        out.get(k)
        for k in (
            "cue_future",
            "cue_possible",
            "cue_condition",
            "cue_planning",
            "cue_offer",
            "trigger_infinitive",
        )
    ):
        out["occurred_despite_cue"] = 1.0  # the largest cause of wrong events: a plan stored as done
    if status == "occurred" and out.get("trigger_nominal"):
        out["occurred_nominal"] = 1.0
    if first.endswith("ing"):
        out["trigger_ing"] = 1.0
    if len(trigger.split()) > 1:
        out["trigger_phrase"] = 1.0
    if any(c in sentence for c in QUOTE_MARKS):
        out["quoted_sentence"] = 1.0
    if sentence.rstrip(_CLOSERS).rstrip().endswith("?"):
        out["question"] = 1.0
    dates = sum(1 for t in tokens if t in _DATE_WORDS or _YEAR.fullmatch(t))
    if dates > 1:
        out["several_dates"] = 1.0
    out["sentence_words"] = math.log1p(len(tokens)) / 4.0
    return out


def _trigger_token(doc: Doc, ev: Event) -> Token | None:
    """The trigger's first token in the event's sentence (the first of that spelling)."""
    span = doc.char_span(ev.start, ev.end, alignment_mode="expand")
    first = ev.trigger.split()[0] if ev.trigger.split() else ""
    if span is None or not first:
        return None
    return next((t for t in span if t.text == first), None)


def _parse_features(doc: Doc, ev: Event) -> dict[str, float]:
    """How the trigger sits in its parse: noun or verb, its clause, what governs it, its tense."""
    t = _trigger_token(doc, ev)
    if t is None:
        return {"parse_missing": 1.0}
    out: dict[str, float] = {f"dep={_DEP_GROUPS.get(t.dep_, 'other')}": 1.0}
    if t.pos_ in NOUNS:
        out["pos=noun"] = 1.0
    elif t.pos_ in VERBS:
        out["pos=verb"] = 1.0
        if t.tag_ in ("VBD", "VBN"):
            out["verb_past"] = 1.0
    depth, head = 0, t
    while head.head.i != head.i and depth < 8:
        head = head.head
        depth += 1
        lemma = head.lemma_.lower()
        if depth <= 3 and lemma in _PLANNING_LEMMAS:
            out["governed_by_plan"] = 1.0
        if depth <= 3 and lemma in _NEGATING_LEMMAS:
            out["governed_by_negating"] = 1.0
        if lemma in _REPORTING_LEMMAS:
            out["governed_by_reporting"] = 1.0
    out["depth"] = min(depth, 6) / 3.0
    for child in t.children:
        if child.dep_ in AUXILIARIES and child.lower_ in _MODALS:
            out["modal_aux"] = 1.0
        if child.dep_ == "neg":
            out["negated_child"] = 1.0
    if ev.status == "occurred" and (out.get("governed_by_plan") or out.get("modal_aux")):
        out["occurred_but_governed"] = 1.0
    return out


def _features(ev: Event, view: _ArticleView) -> dict[str, float]:
    sentence = ev.evidence
    out: dict[str, float] = {f"type={ev.type}": 1.0, f"status={ev.status}": 1.0}
    if ev.mode:
        out["mode"] = 1.0
    src, tgt = _ref_kind(ev.source), _ref_kind(ev.target)
    out[f"source={src}"] = 1.0
    out[f"target={tgt}"] = 1.0
    if ev.source is not None and not _named_in(ev.source, sentence):
        out["source_unnamed"] = 1.0
    if ev.target is not None and not _named_in(ev.target, sentence):
        out["target_unnamed"] = 1.0
    if (
        ev.source is not None
        and ev.target is not None
        and ev.source.country
        and ev.source.country == ev.target.country
    ):
        out["same_country"] = 1.0
    if ev.attributed_to is not None:
        out["attributed"] = 1.0
    out.update(cue_features(sentence, ev.trigger, ev.status))
    if line_is_heading(view.text, ev.start, ev.end):
        out["heading"] = 1.0
    if ev.start <= view.text.find("\n") or "\n" not in view.text:
        out["first_line"] = 1.0
    out["position"] = ev.start / max(len(view.text), 1)
    crowd = view.per_sentence[ev.start]
    out["sentence_events"] = math.log(crowd)
    out["article_events"] = math.log1p(view.total) / 4.0
    if ev.date is None:
        out["date=none"] = 1.0
    elif ev.date_text and _ISO_DATE.fullmatch(ev.date_text.strip()):
        out["date=header"] = 1.0  # the article's "date 2025-05-16" line, not the sentence's words
    else:
        out["date=sentence"] = 1.0
        if view.published and ev.date > view.published and ev.status == "occurred":
            out["date_after_published"] = 1.0
    if ev.date is not None and ev.date == view.published:
        out["date_is_published"] = 1.0
    if ev.place is not None:
        out["place"] = 1.0
        if ev.place.name.lower() not in sentence.lower():
            out["place_not_in_sentence"] = 1.0
        parties = {r.country for r in (ev.source, ev.target) if r is not None and r.country}
        if ev.place.country and ev.place.country in parties:
            out["place_in_party_country"] = 1.0
    happening = _happening(ev)
    if len(view.sentences_of.get(happening, ())) > 1:
        out["repeated_in_article"] = 1.0
    if view.doc is not None:
        out.update(_parse_features(view.doc, ev))
    return out


def event_features(
    event: Event, article: Article, events: Sequence[Event], doc: Doc | None = None
) -> dict[str, float]:
    """The named features of one event, given its article, all the article's events (itself
    included) and the article's parse (`doc`; without it, the parse features are left out)."""
    return _features(event, _view(article, events, doc))


def article_event_features(
    article: Article, events: Sequence[Event], doc: Doc | None = None
) -> list[dict[str, float]]:
    """The features of every event of one article, in order (the shared view built once)."""
    view = _view(article, events, doc)
    return [_features(ev, view) for ev in events]


@dataclass(frozen=True, slots=True)
class Model:
    """One record kind's logistic model: a weight per named feature and a bias."""

    weights: Mapping[str, float]
    bias: float

    def probability(self, features: Mapping[str, float]) -> float:
        """sigmoid(w · x + b); a feature the model has no weight for counts for nothing."""
        z = self.bias + sum(self.weights.get(name, 0.0) * value for name, value in features.items())
        return sigmoid(z)


def parse_models(data: Any, where: str) -> dict[str, Model]:
    """The models of a parsed weights file, or a ConfigError naming `where` and what is wrong."""
    fix = "regenerate it with `python -m tools.calibrate`"
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ConfigError(f"{where} is not a confidence weights file of format {FORMAT}", fix=fix)
    models = data.get("models")
    if not isinstance(models, dict) or not models:
        raise ConfigError(f"{where} holds no models", fix=fix)
    out: dict[str, Model] = {}
    for kind, raw in models.items():
        if not isinstance(raw, dict):
            raise ConfigError(f"{where}: model '{kind}' is not a mapping", fix=fix)
        names, weights, bias = raw.get("features"), raw.get("weights"), raw.get("bias")
        ok = (
            isinstance(names, list)
            and isinstance(weights, list)
            and len(names) == len(weights)
            and all(isinstance(n, str) for n in names)
            and len(set(names)) == len(names)
            and all(isinstance(w, int | float) and math.isfinite(w) for w in weights)
            and isinstance(bias, int | float)
            and math.isfinite(bias)
        )
        if not ok:
            raise ConfigError(
                f"{where}: model '{kind}' needs 'features' (distinct names), as many finite "
                "'weights' and a finite 'bias'",
                fix=fix,
            )
        assert isinstance(names, list) and isinstance(weights, list) and isinstance(bias, int | float)
        out[str(kind)] = Model(dict(zip(names, (float(w) for w in weights), strict=True)), float(bias))
    return out


def read_models(path: Path) -> dict[str, Model]:
    """The models of a weights file on disk (a ConfigError naming it when unreadable or invalid)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ConfigError(f"cannot read confidence weights {path}: {exc}", fix="restore the file") from exc
    return parse_models(data, str(path))


@lru_cache(maxsize=1)
def load_models() -> dict[str, Model]:
    """The shipped models, read once per process."""
    node = resources.files("detente").joinpath("data", WEIGHTS)
    where = f"detente/data/{WEIGHTS}"
    try:
        data = json.loads(node.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ConfigError(f"cannot read confidence weights {where}: {exc}", fix="reinstall detente") from exc
    return parse_models(data, where)


def score_events(article: Article, events: tuple[Event, ...], doc: Doc | None) -> tuple[Event, ...]:
    """The events with `confidence` set to the model's probability that each is right."""
    model = load_models().get("event")
    if model is None or not events:
        return events
    feats = article_event_features(article, events, doc)
    return tuple(
        dataclasses.replace(ev, confidence=round(model.probability(f), 3))
        for ev, f in zip(events, feats, strict=True)
    )
