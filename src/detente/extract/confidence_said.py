"""Confidence of what parties say: quotes and positions, by the model of `extract.confidence`.

A quote goes wrong mostly at its span (words cut mid-clause, a line break or a second sentence
taken in) and at its speaker (a pronoun resolved to the wrong person); a position at its party
(a reporter or a backer as the holder), its issue and whether the sentence states a stance at
all. The features say what the record shows of that: how the speaker or party was resolved and
whether the sentence names it, the span's length, edges and share of the sentence, quote marks,
cue words, crowding in the sentence. Like events' features they read only what an export keeps.
"""

from __future__ import annotations

import dataclasses
import math
from collections import Counter
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from detente.extract.confidence import (
    QUOTE_MARKS,
    article_event_features,
    cue_features,
    line_is_heading,
    load_models,
    names_in,
)
from detente.records import Article, Position, Quote

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = [
    "FEATURES_OF",
    "article_position_features",
    "article_quote_features",
    "score_positions",
    "score_quotes",
]


def _kind_of(actor_id: str | None, name: str | None) -> str:
    if not name:
        return "none"
    return actor_id.split(":", 1)[0] if actor_id else "name"


def _common(article: Article, evidence: str, start: int, end: int, crowd: int) -> dict[str, float]:
    out: dict[str, float] = {}
    if line_is_heading(article.text, start, end):
        out["heading"] = 1.0
    out["position"] = start / max(len(article.text), 1)
    out["sentence_records"] = math.log(max(crowd, 1))
    out["sentence_words"] = math.log1p(len(evidence.split())) / 4.0
    return out


def _span(text: str, evidence: str) -> dict[str, float]:
    """What the span's edges show: a line break, an open quote, a share of the sentence."""
    out: dict[str, float] = {"span_words": math.log1p(len(text.split())) / 4.0}
    share = len(text.strip()) / max(len(evidence), 1)
    out["span_share"] = min(share, 1.5)
    if "\n" in text:
        out["span_line_break"] = 1.0
    if sum(text.count(c) for c in QUOTE_MARKS) % 2 == 1:
        out["span_open_quote"] = 1.0
    if len(text.split()) <= 3:
        out["span_short"] = 1.0
    stripped = text.strip()
    if stripped and stripped[0].islower():
        out["span_starts_lower"] = 1.0
    if text.strip() not in evidence:
        out["span_outside_sentence"] = 1.0
    return out


def article_quote_features(
    article: Article, quotes: Sequence[Quote], doc: Doc | None = None
) -> list[dict[str, float]]:
    """The features of every quote of one article, in order (`doc` unused: quotes need no parse)."""
    crowd = Counter(q.start for q in quotes)
    out = []
    for q in quotes:
        f = _common(article, q.evidence, q.start, q.end, crowd[q.start])
        f[f"speaker={_kind_of(q.actor_id, q.speaker)}"] = 1.0
        if q.speaker and not names_in(q.speaker, q.evidence):
            f["speaker_unnamed"] = 1.0
        f["direct" if q.direct else "indirect"] = 1.0
        if q.cue is None:
            f["no_cue"] = 1.0
        f[f"speaker_type={q.speaker_type}"] = 1.0
        f[f"commitment={q.commitment}"] = 1.0
        if any(c in q.evidence for c in QUOTE_MARKS):
            f["quoted_sentence"] = 1.0
        f.update(_span(q.text, q.evidence))
        out.append(f)
    return out


def article_position_features(
    article: Article, positions: Sequence[Position], doc: Doc | None = None
) -> list[dict[str, float]]:
    """The features of every position of one article, in order (`doc` unused)."""
    crowd = Counter(p.start for p in positions)
    out = []
    for p in positions:
        f = _common(article, p.evidence, p.start, p.end, crowd[p.start])
        f[f"party={_kind_of(p.actor_id, p.party)}"] = 1.0
        if not names_in(p.party, p.evidence):
            f["party_unnamed"] = 1.0
        f[f"stance={p.stance}"] = 1.0
        f[f"issue={p.issue}"] = 1.0
        if p.issue == "other":
            f["issue_other"] = 1.0
        for name, value in (("topic", p.topic), ("claim", p.claim), ("condition", p.condition)):
            if value:
                f[name] = 1.0
        if p.topic:
            f.update(_span(p.topic, p.evidence))
        if any(c in p.evidence for c in QUOTE_MARKS):
            f["quoted_sentence"] = 1.0
        anchor = (p.claim or p.topic or "").split()
        f.update(cue_features(p.evidence, anchor[0] if anchor else "", "occurred"))
        out.append(f)
    return out


def _scored(kind: str, records: tuple[Any, ...], feats: list[dict[str, float]]) -> tuple[Any, ...]:
    model = load_models().get(kind)
    if model is None:
        return records
    return tuple(
        dataclasses.replace(r, confidence=round(model.probability(f), 3))
        for r, f in zip(records, feats, strict=True)
    )


def score_quotes(article: Article, quotes: tuple[Quote, ...]) -> tuple[Quote, ...]:
    """The quotes with `confidence` set to the model's probability that each is right."""
    return _scored("quote", quotes, article_quote_features(article, quotes)) if quotes else quotes


def score_positions(article: Article, positions: tuple[Position, ...]) -> tuple[Position, ...]:
    """The positions with `confidence` set to the model's probability that each is right."""
    return (
        _scored("position", positions, article_position_features(article, positions))
        if positions
        else positions
    )


FEATURES_OF: dict[str, Callable[[Article, Sequence[Any], Doc | None], list[dict[str, float]]]] = {
    "event": article_event_features,
    "quote": article_quote_features,
    "position": article_position_features,
}
"""Per record kind, the features of an article's records of that kind (what training reads)."""
