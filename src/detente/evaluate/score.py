"""Evaluation: score extracted records against hand-written gold facts (`detente eval`).

Recall only, per kind (the gold is not exhaustive), with date, status, place and affiliation
accuracy on the facts found, and records per article so that a flood of records shows. The
matching follows the record contract's "Gold facts" section; see `detente.evaluate.match`.
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table

from detente.config import Settings
from detente.errors import ConfigError
from detente.evaluate.match import (
    ACTION_TYPES,
    ACTIONS,
    TWO_SIDED,
    Parties,
    date_agrees,
    quote_covers,
    ref_label,
    role_fits,
    same_sentence,
)
from detente.lexicon.actors import Knowledge, load_knowledge
from detente.report.export import iter_export
from detente.store import open_store

KINDS = ("event", "role", "quote", "position")
STATUSES = ("occurred", "planned", "negated", "hypothetical")
STANCES = ("support", "oppose", "conditional")
_REQUIRED = {
    "event": ("actor", "action", "evidence"),
    "role": ("person", "role"),
    "quote": ("speaker", "quote"),
    "position": ("party", "stance", "evidence"),
}
NO_SENTENCE = "no record from this sentence"


@dataclass(frozen=True, slots=True)
class KindScore:
    """Recall for one kind of gold fact, with its kind-specific counts and accuracies.

    `gold` counts the facts recall is measured on (an event's `say` facts are counted apart,
    in `extra["say"]` and `extra["say_found"]`).
    """

    kind: str
    gold: int
    found: int
    recall: float | None
    extra: dict[str, float | int | None]
    per_article: float


@dataclass(frozen=True, slots=True)
class Miss:
    """A gold fact not found, or found with a wrong detail (date, status, place, affiliation)."""

    kind: str
    article_id: str
    gold: dict[str, Any]
    why: str


@dataclass(frozen=True, slots=True)
class EvalReport:
    """The whole evaluation: articles with gold, a score per kind, misses, records per kind."""

    articles: int
    kinds: dict[str, KindScore]
    misses: list[Miss] = field(default_factory=list)
    records: dict[str, int] = field(default_factory=dict)


# -- reading gold -------------------------------------------------------------------------------
def read_gold(path: str | Path) -> list[dict[str, Any]]:
    """Gold facts from a JSONL file, one `{"article_id", "kind", ...}` object a line.

    Raises ConfigError naming the file and line for anything that cannot be scored.
    """
    p = Path(path)
    try:
        lines = p.read_text("utf-8").splitlines()
    except OSError as exc:
        raise ConfigError(f"cannot read gold file {p}: {exc.strerror}", fix="check the path") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"gold file {p} is not UTF-8 text", fix="save it as UTF-8 JSONL") from exc
    facts = []
    for n, line in enumerate(lines, 1):
        if line.strip():
            facts.append(_check_fact(line, f"gold file {p}, line {n}"))
    if not facts:
        raise ConfigError(f"gold file {p} holds no facts", fix="write one JSON object a line")
    return facts


def _check_fact(line: str, where: str) -> dict[str, Any]:
    try:
        fact = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{where}: not valid JSON ({exc.msg})", fix="write one JSON object a line") from exc
    if not isinstance(fact, dict):
        raise ConfigError(
            f"{where}: a {type(fact).__name__}, not an object", fix="write one JSON object a line"
        )
    kind = fact.get("kind")
    if kind not in _REQUIRED:
        raise ConfigError(f"{where}: unknown kind {kind!r}", fix=f"use one of: {', '.join(KINDS)}")
    missing = [k for k in ("article_id", *_REQUIRED[kind]) if not isinstance(fact.get(k), str) or not fact[k]]
    if missing:
        raise ConfigError(
            f"{where}: a {kind} fact needs {', '.join(missing)}",
            fix="give it as a non-empty string (see 'Gold facts' in the record contract)",
        )
    checks = [
        ("action", ACTIONS, fact.get("action") if kind == "event" else None),
        ("status", STATUSES, fact.get("status")),
        ("stance", STANCES, fact.get("stance")),
    ]
    for key, valid, value in checks:
        if value is not None and value not in valid:
            raise ConfigError(f"{where}: {key} {value!r} is not known", fix=f"use one of: {', '.join(valid)}")
    return fact


# -- scoring ------------------------------------------------------------------------------------
def score(
    gold: list[dict[str, Any]], records: list[dict[str, Any]], *, kb: Knowledge | None = None
) -> EvalReport:
    """Score exported records (contract dicts) against gold facts; `kb` says what names stand for."""
    parties = Parties(kb if kb is not None else load_knowledge())
    by_art: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for r in records:
        if r.get("article_id"):
            by_art[str(r["article_id"])][str(r.get("kind"))].append(r)
    exported = {r.get("id") for r in records if r.get("kind") == "article"}
    tally: dict[str, Counter[str]] = {k: Counter() for k in KINDS}
    misses: list[Miss] = []
    judge = {"event": _event, "role": _role, "quote": _quote, "position": _position}
    for g in gold:
        kind, art_id = g.get("kind"), str(g.get("article_id"))
        if kind not in judge:  # read_gold refuses these; a caller's own list may hold them
            continue
        whys = judge[kind](g, by_art.get(art_id, {}), parties, tally[kind])
        if whys and exported and art_id not in exported:
            whys = ["article not in the export"]
        misses.extend(Miss(kind, art_id, g, why) for why in whys)
    arts = {str(g.get("article_id")) for g in gold if g.get("kind") in judge}
    per_kind = Counter(str(r.get("kind")) for r in records if r.get("article_id") in arts)
    kinds = {k: _kind_score(k, tally[k], per_kind[k] / max(1, len(arts))) for k in KINDS}
    counts = Counter(str(r.get("kind")) for r in records)
    return EvalReport(len(arts), kinds, misses, dict(counts))


def _acc(ok: int, n: int) -> float | None:
    return ok / n if n else None


def _kind_score(kind: str, c: Counter[str], per_article: float) -> KindScore:
    extra: dict[str, float | int | None]
    if kind == "event":
        extra = {
            "date_acc": _acc(c["date_ok"], c["dated"]),
            "status_acc": _acc(c["status_ok"], c["status_n"]),
            "place_acc": _acc(c["place_ok"], c["placed"]),
            "typed": c["typed"],
            "sentence": c["sentence"],
            "say": c["say"],
            "say_found": c["say_found"],
        }
    elif kind == "role":
        extra = {"aff_acc": _acc(c["aff_ok"], c["aff_n"]), "person": c["person"]}
    elif kind == "quote":
        extra = {"text_found": c["text"]}
    else:
        extra = {"sentence": c["sentence"], "party": c["party"]}
    return KindScore(kind, c["gold"], c["found"], _acc(c["found"], c["gold"]), extra, per_article)


Recs = dict[str, list[dict[str, Any]]]


def _named(r: dict[str, Any], key: str) -> dict[str, Any]:
    """A record's party string with the record's country code, as a party to match."""
    return {"name": r.get(key) or "", "country": r.get("country")}


def _event(g: dict[str, Any], art: Recs, parties: Parties, c: Counter[str]) -> list[str]:
    evidence = g.get("evidence")
    action = g.get("action")
    if action == "say":
        c["say"] += 1
        said = any(
            same_sentence(evidence, r.get("evidence")) for r in art.get("event", []) + art.get("quote", [])
        )
        c["say_found"] += said
        return [] if said else [NO_SENTENCE]
    c["gold"] += 1
    cands = [r for r in art.get("event", []) if same_sentence(evidence, r.get("evidence"))]
    typed = [r for r in cands if r.get("type") in ACTION_TYPES.get(str(action), frozenset())]
    c["sentence"] += bool(cands)
    c["typed"] += bool(typed)
    if not cands:
        return [NO_SENTENCE]
    if not typed:
        return [f"wrong type (got {', '.join(sorted({str(r.get('type')) for r in cands}))})"]
    actor, target = g.get("actor"), g.get("target")

    def fits(r: dict[str, Any]) -> bool:
        src, tgt = r.get("source"), r.get("target")
        if parties.matches(actor, src) and (not target or parties.matches(target, tgt)):
            return True
        # Two-sided acts ("Ukraine and Russia met") may be extracted in either order.
        return (
            bool(action in TWO_SIDED and target)
            and parties.matches(target, src)
            and parties.matches(actor, tgt)
        )

    full = [r for r in typed if fits(r)]
    if not full:
        r = typed[0]
        return [f"parties differ (got {ref_label(r.get('source'))} → {ref_label(r.get('target'))})"]
    c["found"] += 1
    whys = []
    if g.get("date"):
        c["dated"] += 1
        ok = any(date_agrees(g["date"], r.get("date")) for r in full)
        c["date_ok"] += ok
        if not ok:
            whys.append(f"wrong date (got {full[0].get('date') or 'none'})")
    if g.get("status"):
        c["status_n"] += 1
        ok = any(r.get("status") == g["status"] for r in full)
        c["status_ok"] += ok
        if not ok:
            whys.append(f"wrong status (got {full[0].get('status') or 'none'})")
    if g.get("place"):
        c["placed"] += 1
        places = [r.get("place") or {} for r in full]
        # "In Qatar" is right for any place in Qatar; "in Doha" wants Doha (or a name for it).
        in_country = parties.is_country(g["place"])
        ok = any(
            p.get("name") and parties.matches(g["place"], p if in_country else p.get("name")) for p in places
        )
        c["place_ok"] += ok
        if not ok:
            whys.append(f"wrong place (got {places[0].get('name') or 'none'})")
    return whys


def _role(g: dict[str, Any], art: Recs, parties: Parties, c: Counter[str]) -> list[str]:
    c["gold"] += 1
    cands = [r for r in art.get("role", []) if parties.matches(g["person"], r.get("person"))]
    c["person"] += bool(cands)
    if not cands:
        return ["no role for this person"]
    ok = [r for r in cands if role_fits(g["role"], r.get("role"))]
    if not ok:
        return [f"role differs (got {'; '.join(str(r.get('role')) for r in cands[:3])})"]
    c["found"] += 1
    c["aff_n"] += 1
    aff = [_named(r, "affiliation") for r in ok]
    if any(parties.matches(g.get("affiliation"), a) for a in aff):
        c["aff_ok"] += 1
        return []
    return [f"wrong affiliation (got {ref_label(aff[0]) if aff[0]['name'] or aff[0]['country'] else 'none'})"]


def _quote(g: dict[str, Any], art: Recs, parties: Parties, c: Counter[str]) -> list[str]:
    c["gold"] += 1
    cands = [r for r in art.get("quote", []) if quote_covers(g["quote"], r.get("text"))]
    c["text"] += bool(cands)
    if not cands:
        return ["no quote with these words"]
    speakers = [_named(r, "speaker") for r in cands]
    if any(parties.matches(g["speaker"], s) for s in speakers):
        c["found"] += 1
        return []
    return [f"speaker differs (got {ref_label(speakers[0])})"]


def _position(g: dict[str, Any], art: Recs, parties: Parties, c: Counter[str]) -> list[str]:
    c["gold"] += 1
    cands = [r for r in art.get("position", []) if same_sentence(g.get("evidence"), r.get("evidence"))]
    c["sentence"] += bool(cands)
    if not cands:
        return [NO_SENTENCE]
    held = [r for r in cands if parties.matches(g["party"], _named(r, "party"))]
    c["party"] += bool(held)
    if not held:
        return [f"party differs (got {ref_label(_named(cands[0], 'party'))})"]
    if any(r.get("stance") == g["stance"] for r in held):
        c["found"] += 1
        return []
    return [f"stance differs (got {held[0].get('stance')})"]


# -- running ------------------------------------------------------------------------------------
def evaluate(
    gold_path: str | Path, articles_path: str | Path, settings: Settings, db: str | Path | None = None
) -> EvalReport:
    """Ingest the articles into a store, export every record, score against the gold.

    The store is a throw-away one unless `db` names a file to keep (to inspect the records).
    """
    from detente.pipeline import ingest  # the engine and its model load only when evaluating

    gold = read_gold(gold_path)
    with tempfile.TemporaryDirectory(prefix="detente-eval-") as tmp:
        store = open_store(db if db is not None else Path(tmp) / "eval.db")
        try:
            ingest([str(articles_path)], store, settings, command="eval")
            records = list(iter_export(store))
        finally:
            store.close()
    return score(gold, records, kb=load_knowledge(settings.knowledge))


# -- showing ------------------------------------------------------------------------------------
def _fmt(value: float | int | None) -> str:
    if value is None:
        return "–"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def _details(ks: KindScore) -> str:
    e = ks.extra
    if ks.kind == "event":
        return (
            f"date {_fmt(e['date_acc'])} · status {_fmt(e['status_acc'])} · place {_fmt(e['place_acc'])}"
            f" · typed {e['typed']} · sentence {e['sentence']} · say {e['say_found']}/{e['say']}"
        )
    if ks.kind == "role":
        return f"affiliation {_fmt(e['aff_acc'])} · person {e['person']}"
    if ks.kind == "quote":
        return f"text found {e['text_found']}"
    return f"sentence {e['sentence']} · party {e['party']}"


def describe(fact: dict[str, Any], width: int = 90) -> str:
    """A gold fact in one short line, for the misses table."""
    kind = fact.get("kind")
    if kind == "event":
        text = " ".join(str(fact[k]) for k in ("actor", "action", "target") if fact.get(k))
    elif kind == "role":
        text = f"{fact.get('person')}: {fact.get('role')}"
    elif kind == "quote":
        text = f"{fact.get('speaker')}: “{fact.get('quote')}”"
    else:
        text = f"{fact.get('party')} {fact.get('stance')} ({fact.get('issue')})"
    return text if len(text) <= width else text[: width - 1] + "…"


def render(report: EvalReport, misses: bool = False, limit: int | None = None) -> RenderableType:
    """A table of recall per kind; with `misses`, also a table of (up to `limit`) misses."""
    table = Table(title=f"Evaluation on {report.articles} articles", title_justify="left")
    table.add_column("kind")
    for name in ("found", "recall", "per article"):
        table.add_column(name, justify="right")
    table.add_column("details")
    for ks in report.kinds.values():
        table.add_row(
            ks.kind, f"{ks.found}/{ks.gold}", _fmt(ks.recall), f"{ks.per_article:.1f}", _details(ks)
        )
    if not misses:
        return table
    shown = report.misses if limit is None else report.misses[:limit]
    more = len(report.misses) - len(shown)
    caption = f"{more} more not shown" if more > 0 else None
    miss_table = Table(title=f"Misses ({len(report.misses)})", title_justify="left", caption=caption)
    for name in ("kind", "article", "gold fact", "why"):
        miss_table.add_column(name, overflow="fold")
    for m in shown:
        miss_table.add_row(m.kind, m.article_id, describe(m.gold), m.why)
    return Group(table, miss_table)


def report_json(report: EvalReport) -> dict[str, Any]:
    """The report as plain JSON: per kind its counts, recall and accuracies, then the misses."""

    def rounded(v: float | int | None) -> float | int | None:
        return round(v, 3) if isinstance(v, float) else v

    kinds = {
        k: {
            "gold": ks.gold,
            "found": ks.found,
            "recall": rounded(ks.recall),
            "per_article": round(ks.per_article, 2),
            **{name: rounded(v) for name, v in ks.extra.items()},
        }
        for k, ks in report.kinds.items()
    }
    return {
        "articles": report.articles,
        "kinds": kinds,
        "records": report.records,
        "misses": [
            {"kind": m.kind, "article_id": m.article_id, "why": m.why, "gold": m.gold} for m in report.misses
        ],
    }
