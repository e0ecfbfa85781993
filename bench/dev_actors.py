"""How many of the dev gold's persons and countries detente's actor mentions find, per article.

    python bench/dev_actors.py DB [--gold ../shared/eval/gold_dev.jsonl] [--misses]

DB is a store into which `../shared/eval/dev.jsonl` was ingested. A gold person counts as
found when the article has a person mention whose actor shares its surname; a gold country
(a party written as a country, capital, demonym or seat of power) when the article has a
mention coded with that country.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

from detente.lexicon.actors import load_knowledge
from detente.lexicon.names import fold, surname
from detente.store import SQLiteStore

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("db")
    ap.add_argument("--gold", default=str(ROOT.parent / "shared" / "eval" / "gold_dev.jsonl"))
    ap.add_argument("--misses", action="store_true")
    args = ap.parse_args()
    kb = load_knowledge()
    store = SQLiteStore(args.db)
    names: dict[str, set[str]] = {
        a.id: {surname(n) for n in (a.name, *a.aliases)}  # type: ignore[attr-defined]
        for a in store.iter_records("actor")
    }
    persons: dict[str, set[str]] = defaultdict(set)
    countries: dict[str, set[str]] = defaultdict(set)
    for m in store.iter_records("mention"):
        if m.label == "PERSON":  # type: ignore[attr-defined]
            persons[m.article_id] |= names.get(m.actor_id, {surname(m.text)})  # type: ignore[attr-defined]
        if m.country:  # type: ignore[attr-defined]
            countries[m.article_id].add(m.country)  # type: ignore[attr-defined]
    want_p: set[tuple[str, str]] = set()
    want_c: set[tuple[str, str]] = set()
    for line in Path(args.gold).read_text(encoding="utf-8").splitlines():
        g = json.loads(line)
        art = g["article_id"]
        party_names = [g.get("person"), g.get("speaker"), g.get("actor"), g.get("target"), g.get("party")]
        for n in (p.strip() for x in filter(None, party_names) for p in x.split(" and ")):
            entry = kb.lookup(n) or _country_in(n, kb)
            if (entry is not None and entry.type == "country") or (entry is not None and entry.via == "seat"):
                want_c.add((art, entry.country or ""))
            elif (len(fold(n).split()) >= 2 and n[:1].isupper() and entry is None) or (
                entry is not None and entry.type == "person"
            ):
                want_p.add((art, n))
    found_p = [(a, n) for a, n in sorted(want_p) if surname(n) in persons[a]]
    found_c = [(a, c) for a, c in sorted(want_c) if c in countries[a]]
    print(f"gold persons found:   {len(found_p)}/{len(want_p)} ({len(found_p) / max(1, len(want_p)):.1%})")
    print(f"gold countries found: {len(found_c)}/{len(want_c)} ({len(found_c) / max(1, len(want_c)):.1%})")
    if args.misses:
        for a, n in sorted(want_p - set(found_p)):
            print(f"  person miss  {a}: {n}")
        for a, c in sorted(want_c - set(found_c)):
            print(f"  country miss {a}: {c}")


def _country_in(name: str, kb):  # "Sudanese army" → Sudan; "the Russian delegation" → Russia
    for word in name.replace("’", "'").split():
        entry = kb.lookup(word.removesuffix("'s"))
        if entry is not None and entry.type == "country":
            return entry
    return None


if __name__ == "__main__":
    main()
