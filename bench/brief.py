"""Read speed over a large store: fill it through the store API with generated facts, then time
what a reader asks for, as the CLI does it (a read-only open each time): `detente brief` (build +
Markdown), `detente timeline`, `detente positions`, `detente quotes` (the newest 50), and a brief
scoped by --actor and --until. Targets (issue 17, at 100,000 articles): brief < 3 s (goal < 1 s),
timeline and positions < 1 s.

    python bench/brief.py [-n 10000] [--repeat 3] [--db FILE_OR_POSTGRESQL_URL] [--reuse]

Without --db the store is a temporary SQLite file; with it, the facts are saved into that store
(an SQLite file or a `postgresql://` URL; saving again changes nothing) and it is kept. `--reuse`
skips the filling when the store already holds the articles (filling 100,000 takes minutes).

Facts are generated, not parsed (parsing 10,000 texts is the ingest benchmark's job).
"""

from __future__ import annotations

import argparse
import inspect
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from detente.ingest.normalize import Draft, finish
from detente.lexicon.taxonomy import Taxonomy, load_taxonomy
from detente.records import Actor, ActorRef, ArticleFacts, Event, Mention, Place, Position, Quote, Role
from detente.report.briefing import Scope, build_briefing
from detente.report.render import to_markdown
from detente.report.timeline import select
from detente.report.views import position_table, quote_list
from detente.store import Incoming, Store, open_store

COUNTRIES = [
    ("UKR", "Ukraine"),
    ("RUS", "Russia"),
    ("TUR", "Turkey"),
    ("USA", "United States"),
    ("QAT", "Qatar"),
    ("ISR", "Israel"),
]
PEOPLE = [("Rustem Umerov", "UKR", "Defence Minister"), ("Vladimir Medinsky", "RUS", "presidential aide"),
          ("Hakan Fidan", "TUR", "Foreign Minister"), ("Marco Rubio", "USA", "Secretary of State")]  # fmt: skip
PLACES = [Place("Istanbul", 745044, "TUR", 41.0, 28.9), Place("Doha", 290030, "QAT", 25.3, 51.5), None]
TYPES = [
    ("CONSULT", "046", None),
    ("AGREE", "030", None),
    ("RETREAT", "0841", "release"),
    ("REJECT", "120", None),
]
ISSUES = ["ceasefire", "territory", "prisoner-exchange", "leaders-meeting", "sanctions"]


def facts(i: int, rng: random.Random) -> ArticleFacts:
    (ca, na), (cb, nb) = rng.sample(COUNTRIES, 2)
    person, pc, role = rng.choice(PEOPLE)
    day = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    sents = [f"{na} and {nb} held talks on the matter, officials said.", f"{person} said the talks had been useful for both sides.",
             f"{na} again rejected a proposal put forward by {nb}."]  # fmt: skip
    text = " ".join(sents)
    art = finish(
        Draft(
            source="bench",
            text=text,
            id=f"b{i:06d}",
            url=f"https://bench.example/{i}",
            outlet=f"outlet{i % 40}",
            published=day,
        )
    )
    offs = [text.index(s) for s in sents]
    ref = lambda c, n: ActorRef(f"country:{c.lower()}", n, c, None)  # noqa: E731
    pid = "person:" + person.lower().replace(" ", "-")
    actors = (Actor(f"country:{ca.lower()}", na, "country", (), ca), Actor(f"country:{cb.lower()}", nb, "country", (), cb),
              Actor(pid, person, "person", (), pc, "GOV"))  # fmt: skip
    mentions = (
        Mention(art.id, actors[0].id, na, "GPE", ca, None, 0, len(na)),
        Mention(art.id, pid, person, "PERSON", pc, "GOV", offs[1], offs[1] + len(person)),
    )
    events = []
    for k in range(3):
        t, cameo, mode = rng.choice(TYPES)
        s = sents[k % 3]
        events.append(Event(f"{art.id}-e{k}", art.id, t, mode, cameo, rng.choice(["occurred", "occurred", "planned"]),  # type: ignore[arg-type]
                            ref(ca, na), ref(cb, nb), "held talks", day, None, "day", "on that day", rng.choice(PLACES),
                            s, offs[k % 3], offs[k % 3] + len(s), 0.8))  # fmt: skip
    quotes = (
        Quote(
            art.id,
            person,
            pid,
            pc,
            "the talks had been useful for both sides",
            False,
            "said",
            sents[1],
            offs[1],
            offs[1] + len(sents[1]),
        ),
    )
    positions = tuple(Position(art.id, na, f"country:{ca.lower()}", ca, None, rng.choice(ISSUES), rng.choice(["support", "oppose", "conditional"]),  # type: ignore[arg-type]
                               sents[2], offs[2], offs[2] + len(sents[2])) for _ in range(2))  # fmt: skip
    roles = (
        Role(
            art.id,
            person,
            pid,
            role,
            dict(COUNTRIES).get(pc),
            pc,
            "GOV",
            sents[1],
            offs[1],
            offs[1] + len(sents[1]),
        ),
    )
    return ArticleFacts(
        article=art,
        actors=actors,
        mentions=mentions,
        events=tuple(events),
        roles=roles,
        quotes=quotes,
        positions=positions,
    )


def fill(spec: str, n: int) -> tuple[str, dict[str, int], float, float]:
    """Save `n` generated articles into the store at `spec` and build their stories."""
    rng = random.Random(11)
    store: Store = open_store(spec)
    run = store.begin_run("bench", "0", None)
    t = time.perf_counter()
    batch = []
    for i in range(n):
        batch.append(Incoming(facts(i, rng)))
        if len(batch) == 500:
            store.save(batch, run)
            batch = []
    if batch:
        store.save(batch, run)
    filled = time.perf_counter() - t
    t = time.perf_counter()
    store.update_stories(store.pending_story_keys())
    built = time.perf_counter() - t
    counts, backend = store.counts(), type(store).__name__
    store.close()
    return backend, counts, filled, built


def held(spec: str) -> tuple[str, dict[str, int]] | None:
    """The backend and counts of a store already there (None when it is not, or is empty)."""
    try:
        store = open_store(spec)  # read-write: an older store is migrated once
    except Exception:
        return None
    with store:
        counts = store.counts()
        return (type(store).__name__, counts) if counts["articles"] else None


def timed(spec: str, repeat: int, read: Callable[[Store], object]) -> tuple[list[float], list[float], object]:
    """Wall and CPU seconds of `read` over a fresh read-only store, `repeat` times; its last result."""
    walls, cpus, out = [], [], None
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        with open_store(spec, read_only=True) as reader:
            out = read(reader)
        walls.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
    return walls, cpus, out


def table(store: Store, tax: Taxonomy) -> object:
    """The position table as `detente positions` asks for it (no --history: no report's sentence);
    a tree older than the history flag (a `--db` store read with an earlier checkout) reads all."""
    if "history" in inspect.signature(position_table).parameters:
        return position_table(store, tax, history=False)
    return position_table(store, tax)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--db", help="the store to fill and read (default: a temporary SQLite file)")
    ap.add_argument("--reuse", action="store_true", help="read the --db store as it is when it has articles")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        spec = args.db or str(Path(tmp) / "big.db")
        found = held(spec) if args.db and args.reuse else None
        if found is not None:
            backend, counts = found
            how = "reused as it was"
        else:
            backend, counts, filled, built = fill(spec, args.n)
            how = f"filled in {filled:.1f} s; stories built in {built:.1f} s"
        tax = load_taxonomy()
        reads: dict[str, tuple[Callable[[Store], object], float | None]] = {
            "brief": (lambda s: to_markdown(build_briefing(s, tax, timeline=False)), 3.0),
            "timeline": (lambda s: select(build_briefing(s, tax, Scope()).timeline, None, None), 1.0),
            "positions": (lambda s: table(s, tax), 1.0),
            "quotes": (lambda s: quote_list(s, limit=50), None),
            "brief --actor --until": (
                lambda s: to_markdown(
                    build_briefing(s, tax, Scope(actor="Rustem Umerov", until="2025-03-31"))
                ),
                None,
            ),
        }
        results = {name: timed(spec, args.repeat, read) for name, (read, _) in reads.items()}
    print(f"backend: {backend}")
    print(
        f"store: {counts['articles']:,} articles, {counts['events']:,} events, {counts['positions']:,} positions, "
        f"{counts['stories']:,} story events ({how})"
    )
    for name, (walls, cpus, _out) in results.items():
        target = reads[name][1]
        aim = f"; target < {target:g} s" if target else ""
        print(
            f"{name}: median {statistics.median(walls):.2f} s wall, {statistics.median(cpus):.2f} s CPU over "
            f"{args.repeat} runs ({', '.join(f'{x:.2f}' for x in walls)}){aim}"
        )
    text = results["brief"][2]
    assert isinstance(text, str)
    print(f"briefing: {len(text.splitlines())} lines")
    sys.exit(0)


if __name__ == "__main__":
    main()
