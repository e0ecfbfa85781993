"""`detente.evaluate.score` agrees with the reference scorer on synthetic exports of the dev gold.

The exports are built from the gold facts themselves, perturbed the ways an extractor goes
wrong: facts dropped, evidence cut short or run on into the paragraph, the wrong type, a party
named by its country code only, by surname, misspelt, swapped or wrong, dates, statuses,
places, roles, quotes and stances altered. Both scorers read the same file.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from detente.config import load_settings
from detente.evaluate import evaluate, score
from detente.evaluate.match import ACTION_TYPES
from detente.lexicon.actors import load_knowledge
from detente.lexicon.names import fold

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
EVAL = SHARED / "eval"
TYPES = sorted({t for ts in ACTION_TYPES.values() for t in ts} | {"AID", "PROTEST", "SANCTION", "MOBILIZE"})
OTHER_PEOPLE = ["Jane Roe", "Ivan Petrov", "Amina Diallo"]
ROLES = ["spokesman", "army chief", "mediator", "deputy foreign minister"]

needs_eval = pytest.mark.skipif(not (EVAL / "gold_dev.jsonl").is_file(), reason="no shared eval data")


def _code(name: str | None) -> str | None:
    """A country code the name stands for, read word by word from the knowledge files."""
    kb = load_knowledge()
    for w in [fold(name or ""), *fold(name or "").split()]:
        e = kb.lookup(w)
        if e and e.country and e.via != "actor":
            return e.country
    return None


class Synth:
    """Builds a perturbed export; `harsh` raises every rate of damage."""

    def __init__(self, seed: int, harsh: float, texts: dict[str, str]) -> None:
        self.rng = random.Random(seed)
        self.harsh = harsh
        self.texts = texts

    def bad(self, p: float) -> bool:
        return self.rng.random() < p * self.harsh

    def evidence(self, art: str, ev: str) -> str:
        r = self.rng.random()
        if r < 0.1 * self.harsh:  # the whole paragraph around the sentence
            text = self.texts.get(art, "")
            at = text.find(ev)
            return text[max(0, at - 400) : at + len(ev) + 400] if at >= 0 else ev
        if r < 0.3 * self.harsh:  # cut at a random point, around the 0.6 threshold
            w = ev.split()
            return " ".join(w[: max(1, round(len(w) * self.rng.uniform(0.45, 0.95)))])
        if r < 0.4 * self.harsh:  # run on with words of a neighbouring sentence
            w = ev.split()
            return ev + " " + " ".join(self.rng.sample(w, k=max(1, len(w) // 2)))
        return ev

    def party(self, name: str | None) -> dict[str, Any] | None:
        if not name:
            return None if self.rng.random() < 0.5 else {"name": "Jane Roe", "country": None}
        code = _code(name)
        r = self.rng.random()
        if r < 0.15 * self.harsh:
            return {"name": self.rng.choice(OTHER_PEOPLE), "country": self.rng.choice(["FRA", None])}
        if r < 0.3 and code:
            return {
                "actor_id": None,
                "name": self.rng.choice(["the delegation", "officials"]),
                "country": code,
            }
        if r < 0.45:
            return {"name": name.split()[-1] + self.rng.choice(["", "y", "iy"]), "country": None}
        if r < 0.5:
            return None
        return {"name": name, "country": code if self.rng.random() < 0.5 else None}

    def event(self, g: dict[str, Any]) -> dict[str, Any]:
        types = sorted(ACTION_TYPES.get(g["action"], {"CONSULT"}))
        src, tgt = self.party(g["actor"]), self.party(g.get("target"))
        if g["action"] in ("meet", "agree") and self.rng.random() < 0.3:
            src, tgt = tgt, src
        date = g.get("date")
        if date and self.bad(0.3):
            date = self.rng.choice([None, "2024-01-02", date[:7], date[:4]])
        place = g.get("place")
        if place and self.bad(0.3):
            place = self.rng.choice(["Geneva", "Turkey", "Doha", "Washington"])
        status = g.get("status") or "occurred"
        if self.bad(0.2):
            status = self.rng.choice(["occurred", "planned", "negated", "hypothetical"])
        return {
            "kind": "event",
            "article_id": g["article_id"],
            "type": self.rng.choice(TYPES) if self.bad(0.2) else self.rng.choice(types),
            "status": status,
            "source": src,
            "target": tgt,
            "date": date,
            "place": {"name": place, "country": _code(place)} if place else None,
            "evidence": self.evidence(g["article_id"], g["evidence"]),
        }

    def role(self, g: dict[str, Any]) -> dict[str, Any]:
        person = g["person"]
        if self.bad(0.15):
            person = self.rng.choice(OTHER_PEOPLE)
        elif self.rng.random() < 0.4:
            person = person.split()[-1]
        role = g["role"]
        r = self.rng.random()
        if r < 0.2 * self.harsh:
            role = self.rng.choice(ROLES)
        elif r < 0.4:
            w = role.replace(";", " ").split()
            role = " ".join(self.rng.sample(w, k=max(1, len(w) // 2)))
        elif r < 0.5 * self.harsh:
            role = role + " and " + " ".join(self.rng.choice(ROLES) for _ in range(4))
        aff, country = g.get("affiliation"), _code(g.get("affiliation"))
        r = self.rng.random()
        if r < 0.2 * self.harsh:
            aff, country = self.rng.choice([("France", "FRA"), (None, None), ("Hamas", None)])
        elif r < 0.4:
            aff = None
        return {
            "kind": "role",
            "article_id": g["article_id"],
            "person": person,
            "role": role,
            "affiliation": aff,
            "country": country,
            "evidence": g.get("evidence"),
        }

    def quote(self, g: dict[str, Any]) -> dict[str, Any]:
        w = g["quote"].split()
        r = self.rng.random()
        if r < 0.3 * self.harsh:
            text = " ".join(w[: max(1, round(len(w) * self.rng.uniform(0.5, 1.0)))])
        elif r < 0.5 * self.harsh:
            text = (
                g["quote"]
                + " "
                + " ".join(g["evidence"].split()[: round(len(w) * self.rng.uniform(0.2, 1.5))])
            )
        else:
            text = g["quote"]
        speaker: str | None = g["speaker"]
        country = _code(speaker)
        r = self.rng.random()
        if r < 0.15 * self.harsh:
            speaker, country = self.rng.choice(OTHER_PEOPLE), None
        elif r < 0.35:
            speaker = (speaker or "").split()[-1]
        elif r < 0.45 and country:
            speaker = "a senior official"
        return {
            "kind": "quote",
            "article_id": g["article_id"],
            "speaker": speaker,
            "country": country,
            "text": text,
            "direct": True,
            "evidence": g["evidence"],
        }

    def position(self, g: dict[str, Any]) -> dict[str, Any]:
        ref = self.party(g["party"]) or {"name": None, "country": None}
        stance = g["stance"]
        if self.bad(0.25):
            stance = self.rng.choice(["support", "oppose", "conditional"])
        return {
            "kind": "position",
            "article_id": g["article_id"],
            "party": ref.get("name"),
            "country": ref.get("country"),
            "issue": "ceasefire",
            "stance": stance,
            "evidence": self.evidence(g["article_id"], g["evidence"]),
        }

    def build(self, gold: list[dict[str, Any]]) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = [{"kind": "article", "id": a, "text": t} for a, t in self.texts.items()]
        for g in gold:
            if self.bad(0.15):
                continue
            if g["kind"] == "event" and g["action"] == "say" and self.rng.random() < 0.5:
                out.append(self.quote({**g, "quote": g["evidence"], "speaker": g["actor"]}))
                continue
            out.append(getattr(self, g["kind"])(g))
        return out


def _reference(gold: Path, articles: Path, export: Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, str(EVAL / "score.py"), str(gold), str(articles), str(export), "--json"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


@needs_eval
@pytest.mark.parametrize(("seed", "harsh"), [(1, 0.0), (2, 1.0), (3, 2.0), (4, 1.5)])
def test_score_agrees_with_reference(tmp_path: Path, seed: int, harsh: float) -> None:
    gold_path, articles = EVAL / "gold_dev.jsonl", EVAL / "dev.jsonl"
    gold = [json.loads(line) for line in gold_path.read_text("utf-8").splitlines() if line.strip()]
    texts = {a["id"]: a["text"] for a in map(json.loads, articles.read_text("utf-8").splitlines()) if a}
    records = Synth(seed, harsh, texts).build(gold)
    export = tmp_path / "export.jsonl"
    export.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")

    ref = _reference(gold_path, articles, export)
    mine = score(gold, records)

    assert mine.articles == ref["articles"]
    for kind, ks in mine.kinds.items():
        theirs = ref[kind]
        assert ks.gold == theirs["gold"] - theirs.get("say", 0)
        assert ks.recall is not None
        assert ks.recall == pytest.approx(theirs["recall"], abs=0.02), kind
        assert ks.per_article == pytest.approx(theirs["per_article"], abs=0.06), kind
    accuracies = [("event", "date_acc"), ("event", "status_acc"), ("event", "place_acc"), ("role", "aff_acc")]
    for kind, name in accuracies:
        got, want = mine.kinds[kind].extra[name], ref[kind].get(name)
        assert (got is None) == (want is None), name
        if got is not None:
            assert got == pytest.approx(want, abs=0.03), name
    ev = mine.kinds["event"].extra
    assert ev["say"] == ref["event"].get("say", 0)
    assert abs(int(ev["say_found"] or 0) - ref["event"].get("say_found", 0)) <= 1


ARTICLE = {
    "id": "eval-1",
    "published": "2025-06-02",
    "title": "Envoys meet",
    "text": "Defence Minister Rustem Umerov led the Ukrainian delegation to the talks in Geneva on Monday. "
    "Umerov said both sides had agreed to swap prisoners.",
}


@pytest.mark.model
def test_evaluate_ingests_into_a_throwaway_store(tmp_path: Path) -> None:
    articles = tmp_path / "articles.jsonl"
    articles.write_text(json.dumps(ARTICLE) + "\n", encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    fact = {"article_id": "eval-1", "kind": "role", "person": "Rustem Umerov", "role": "Defence Minister"}
    gold.write_text(json.dumps({**fact, "affiliation": "Ukraine", "evidence": "x"}) + "\n", encoding="utf-8")
    settings = load_settings(db=str(tmp_path / "unused.db"))

    report = evaluate(gold, articles, settings)

    assert report.articles == 1
    assert report.records.get("article") == 1
    assert set(report.kinds) == {"event", "role", "quote", "position"}
    assert report.kinds["role"].gold == 1
    assert not (tmp_path / "unused.db").exists()  # the user's database is never touched
