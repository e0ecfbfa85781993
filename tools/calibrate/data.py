"""Judged examples: each judgment matched to its record in an export, with the record's features."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from detente.extract.confidence_said import FEATURES_OF
from detente.records import RECORD_KINDS, Article, Record
from tools.judge.kinds import judgment_key
from tools.judge.store import load_judgments, read_jsonl, stored_key

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["JUDGED", "Example", "examples", "load_all_judgments", "split_articles"]

JUDGED: dict[str, Path] = {
    "dev": Path("tests/fixtures/judged"),
    "deve": Path("tests/fixtures/judged"),
    "h3": Path("tests/fixtures/judged_heldout3"),
}
"""Where each judged set's judgments live."""

RIGHT = "right"


@dataclass(frozen=True, slots=True)
class Example:
    """One judged record: its features, whether it was judged right, and what the export said."""

    kind: str
    set: str
    article_id: str
    features: dict[str, float]
    label: int
    confidence: float | None
    training_only: bool = False
    """Matched in an export of an earlier extractor: learnt from, never reported on."""


def load_all_judgments(sets: Iterable[str] = tuple(JUDGED)) -> list[dict[str, Any]]:
    """The judgments of the named sets (dev, deve, h3), each row carrying its `set`."""
    rows: list[dict[str, Any]] = []
    for name in sets:
        if name not in JUDGED:
            raise ValueError(f"unknown judged set {name!r}; known: {', '.join(JUDGED)}")
        for row in load_judgments(JUDGED[name], name):
            rows.append({**row, "set": row.get("set") or name})
    return rows


def _read_export(path: Path) -> tuple[dict[str, Article], dict[str, list[dict[str, Any]]]]:
    """The articles of an export and its records by article id, in export order."""
    articles: dict[str, Article] = {}
    records: dict[str, list[dict[str, Any]]] = {}
    for row in read_jsonl(path):
        kind = str(row.get("kind"))
        if kind == "article":
            articles[str(row["id"])] = Article.from_record(row)
        elif kind in FEATURES_OF:
            records.setdefault(str(row.get("article_id")), []).append(row)
    return articles, records


def _parser(parse: bool) -> Callable[[list[str]], list[Doc | None]]:
    """Parse texts as ingest does (the settings' model and knowledge), or give no parses."""
    if not parse:
        return lambda texts: [None] * len(texts)
    from detente.config import load_settings
    from detente.nlp import load_pipeline
    from detente.nlp import parse as parse_texts

    settings = load_settings()
    nlp = load_pipeline(settings.model, settings.max_sentence_tokens, settings.knowledge)
    return lambda texts: list(parse_texts(nlp, texts))


def examples(
    exports: Sequence[Path],
    judgments: Iterable[dict[str, Any]],
    kinds: Iterable[str] = ("event",),
    *,
    parse: bool = True,
    training_only: Sequence[Path] = (),
) -> list[Example]:
    """Every judgment of the given kinds that matches a record of an export, as an example.

    A record matches a judgment when the judging tool's key (kind, article, offsets, judged
    values) is equal, so only what the current extractor still writes is learnt from; a
    judgment matches at most once, whatever number of exports repeat its article (the first
    export that has it wins). Records of `training_only` exports (made by an earlier extractor,
    for judgments the current one no longer matches) come last and are marked as such.
    """
    wanted = set(kinds)
    by_key = {stored_key(j): j for j in judgments if j["kind"] in wanted}
    out: list[Example] = []
    used: set[tuple[Any, ...]] = set()
    parser = _parser(parse)
    for number, path in enumerate([*exports, *training_only]):
        articles, records = _read_export(path)
        # Only articles with a judged record are parsed: parsing is what training spends its time on.
        judged_ids = sorted(
            a for a, rows in records.items() if a in articles and any(judgment_key(r) in by_key for r in rows)
        )
        docs = dict(zip(judged_ids, parser([articles[a].text for a in judged_ids]), strict=True))
        for article_id in judged_ids:
            rows, article = records[article_id], articles[article_id]
            for kind in sorted(wanted):
                mine = [r for r in rows if r.get("kind") == kind]
                if not mine:
                    continue
                parsed: list[Record] = [RECORD_KINDS[kind].from_record(r) for r in mine]
                feats = FEATURES_OF[kind](article, parsed, docs[article_id])
                for row, f in zip(mine, feats, strict=True):
                    key = judgment_key(row)
                    judgment = by_key.get(key)
                    if judgment is None or key in used:
                        continue
                    used.add(key)
                    conf = row.get("confidence")
                    out.append(
                        Example(
                            kind=kind,
                            set=str(judgment["set"]),
                            article_id=article_id,
                            features=f,
                            label=int(judgment["verdict"] == RIGHT),
                            confidence=float(conf) if isinstance(conf, int | float) else None,
                            training_only=number >= len(exports),
                        )
                    )
    return out


def split_articles(judgments: Iterable[dict[str, Any]], fraction: float, seed: int) -> set[str]:
    """The article ids held out for calibration: `fraction` of each judged set's articles, seeded.

    The split is drawn over the judged articles, not the matched ones, so an extractor change
    that loses an article's matches does not move other articles between the parts.
    """
    by_set: dict[str, set[str]] = {}
    for j in judgments:
        by_set.setdefault(str(j["set"]), set()).add(str(j["article_id"]))
    held: set[str] = set()
    for name in sorted(by_set):
        ids = sorted(by_set[name])
        random.Random(f"{seed}:{name}").shuffle(ids)
        held.update(ids[: round(len(ids) * fraction)])
    return held
