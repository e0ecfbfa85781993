"""Brief each negotiation alone and check the briefing against the gold: ``python -m tools.briefcheck``.

For a set (articles JSONL + gold JSONL), the articles are grouped by negotiation (the id's prefix
before its last ``-NN``, or the groups file), each group is ingested alone into a fresh store
(the spaCy model is loaded once for all), the JSON briefing is built, and ``check.py`` counts
the gold meetings it states under "When and where" with the right status and place or date,
and its bullets, uncited bullets and template phrases. Per negotiation, then overall.

    python -m tools.briefcheck dev            # ../shared/eval/dev.jsonl + gold_dev.jsonl
    python -m tools.briefcheck h1 --out /tmp/bc   # also writes each briefing (JSON, Markdown)
    python -m tools.briefcheck --articles A.jsonl --gold G.jsonl --groups groups.json
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from .check import StoryFacts, Tally, load_scorer, score_briefing

HERE = Path(__file__).resolve().parent
EVAL = Path("../shared/eval")
SETS = {
    "dev": (EVAL / "dev.jsonl", EVAL / "gold_dev.jsonl"),
    "dev_e": (EVAL / "dev_e.jsonl", EVAL / "gold_dev_e.jsonl"),
    "h1": (Path("tests/fixtures/heldout/articles.jsonl"), Path("tests/fixtures/heldout/gold.jsonl")),
    "h2": (Path("tests/fixtures/heldout2/articles.jsonl"), Path("tests/fixtures/heldout2/gold.jsonl")),
    "h3": (Path("tests/fixtures/heldout3/articles.jsonl"), Path("tests/fixtures/heldout3/gold.jsonl")),
    "h4": (Path("tests/fixtures/heldout4/articles.jsonl"), Path("tests/fixtures/heldout4/gold.jsonl")),
    "h5": (Path("tests/fixtures/heldout5/articles.jsonl"), Path("tests/fixtures/heldout5/gold.jsonl")),
    "h6": (Path("tests/fixtures/heldout6/articles.jsonl"), Path("tests/fixtures/heldout6/gold.jsonl")),
}
_NUMBERED = re.compile(r"^(.*)-\d+$")


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """The JSON objects of a file, one a line."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def group_of(article_id: str, groups: dict[str, str]) -> str:
    """The negotiation an article belongs to: the groups file's, else the id before its ``-NN``."""
    if article_id in groups:
        return groups[article_id]
    found = _NUMBERED.match(article_id)
    return found.group(1) if found else article_id


def load_groups(path: Path | None) -> dict[str, str]:
    """Article id → negotiation, from a JSON file of negotiation → [article ids]."""
    if path is None or not path.exists():
        return {}
    raw = json.loads(path.read_text(encoding="utf-8"))
    return {aid: name for name, ids in raw.items() if not name.startswith("_") for aid in ids}


def brief_alone(
    articles: list[dict[str, Any]], work: Path, detail: bool, db: Path | None = None
) -> tuple[dict[str, Any], str, dict[str, StoryFacts]]:
    """Ingest `articles` alone into a fresh store under `work`; the JSON and Markdown briefings
    and what the store says of each story (parties with their events' parties, dates, place)."""
    from detente.config import load_settings
    from detente.lexicon.taxonomy import load_taxonomy
    from detente.pipeline import ingest
    from detente.report.briefing import Builder, Scope, build_briefing
    from detente.report.render import to_json, to_markdown
    from detente.store import open_store

    src = work / "articles.jsonl"
    src.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles), encoding="utf-8")
    reuse = db is not None and db.exists()
    settings = load_settings(None, db=str(db or work / "store.db"))
    # a kept store is opened read-only: nothing rebuilds its stories between two runs
    store = open_store(settings.db, read_only=reuse)
    try:
        if not reuse:  # a kept store is briefed as it is (to try report changes without ingesting)
            ingest([str(src)], store, settings)
        taxonomy = load_taxonomy(settings.knowledge)
        briefing = build_briefing(store, taxonomy, detail=detail)
        # what the briefing's builder reads of each story: kept or left out as unsure, its state
        builder = Builder(store, taxonomy, Scope(min_confidence=0.0))
        kept = {s.id for s in Builder(store, taxonomy, Scope()).stories}
        facts: dict[str, StoryFacts] = {}
        for s in store.iter_stories():
            events = store.get_events(list(s.event_ids))
            refs = [{"name": p.name, "country": p.country} for p in s.parties]
            for e, _src in events.values():
                refs += [
                    {"name": r.name, "country": r.country} for r in (e.source, e.target) if r is not None
                ]
            dates = [d for d in (s.date,) if d]
            for c in s.conflicts:
                if c.field == "date":
                    dates += [str(v["value"]) for v in c.values]
            facts[s.id] = StoryFacts(
                refs, dates, s.date_end, s.place.name if s.place else None, s.type,
                builder.said(s).state, s.id in kept,
            )  # fmt: skip
        return to_json(briefing), to_markdown(briefing), facts
    finally:
        store.close()


def main(argv: list[str] | None = None) -> int:
    """Run the check; print per negotiation and overall."""
    p = argparse.ArgumentParser(prog="python -m tools.briefcheck", description=__doc__.split("\n")[0])
    p.add_argument("set", nargs="?", choices=sorted(SETS), help="a named set (or --articles/--gold)")
    p.add_argument("--articles", type=Path)
    p.add_argument("--gold", type=Path)
    p.add_argument("--groups", type=Path, default=HERE / "groups.json", help="negotiation → article ids")
    p.add_argument("--only", action="append", default=[], help="only this negotiation (repeatable)")
    p.add_argument("--scorer", type=Path, default=EVAL / "score.py")
    p.add_argument("--out", type=Path, help="write each briefing here (NAME.json, NAME.md)")
    p.add_argument("--detail", action="store_true", help="brief with --detail (every fact)")
    p.add_argument("--stores", type=Path, help="keep each negotiation's store here and reuse it next time")
    p.add_argument("--show", action="store_true", help="print missed meetings and template bullets")
    args = p.parse_args(argv)
    if args.set:
        articles_path, gold_path = SETS[args.set]
    elif args.articles and args.gold:
        articles_path, gold_path = args.articles, args.gold
    else:
        p.error("name a set or give --articles and --gold")
    scorer = load_scorer(args.scorer)
    groups = load_groups(args.groups)
    by_group: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for a in read_jsonl(articles_path):
        by_group[group_of(a["id"], groups)].append(a)
    gold_by: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for g in read_jsonl(gold_path):
        gold_by[group_of(g["article_id"], groups)].append(g)
    total = Tally()
    print(f"{'negotiation':22s} {'arts':>4s} {'meet':>4s} {'when':>4s} {'any':>4s} {'trip':>7s} "
          f"{'bul':>4s} {'uncit':>5s} {'tmpl':>4s}")  # fmt: skip
    for folder in (args.out, args.stores):
        if folder:
            folder.mkdir(parents=True, exist_ok=True)
    for name in sorted(by_group):
        if args.only and name not in args.only:
            continue
        with tempfile.TemporaryDirectory(prefix="briefcheck-") as tmp:
            db = args.stores / f"{name}.db" if args.stores else None
            brief, md, facts = brief_alone(by_group[name], Path(tmp), args.detail, db)
        t = score_briefing(scorer, brief, gold_by.get(name, []), facts)
        total.add(t)
        if args.out:
            (args.out / f"{name}.json").write_text(
                json.dumps(brief, ensure_ascii=False, indent=1), encoding="utf-8"
            )
            (args.out / f"{name}.md").write_text(md, encoding="utf-8")
        print(f"{name:22s} {len(by_group[name]):4d} {t.meetings:4d} {t.briefed:4d} {t.anywhere:4d} "
              f"{t.trips_briefed:3d}/{t.trips:<3d} {t.bullets:4d} {t.uncited:5d} {t.templates:4d}")  # fmt: skip
        if args.show:
            for m in t.missed:
                print(f"    missed: {m}")
            for h in t.template_hits:
                print(f"    template: {h}")
        sys.stdout.flush()
    if total.why:
        print(
            "why missed: "
            + ", ".join(f"{k} {v}" for k, v in sorted(total.why.items(), key=lambda kv: -kv[1]))
        )
    share = total.briefed / total.meetings if total.meetings else 0.0
    anywhere = total.anywhere / total.meetings if total.meetings else 0.0
    placed = total.briefed / total.placed if total.placed else 0.0
    print(
        f"OVERALL meetings briefed under 'when': {total.briefed}/{total.meetings} = {share:.2f} "
        f"(of the {total.placed} with a date or place: {placed:.2f}) "
        f"(anywhere {anywhere:.2f}); trips {total.trips_briefed}/{total.trips}; bullets {total.bullets} "
        f"({total.when_bullets} under 'when'), uncited {total.uncited}, with a template phrase {total.templates}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
