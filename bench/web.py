"""Web view speed over a large store: fill it with bench/brief.py's generated facts, then time
every page through the app (in process, no network): the first request (cold: nothing cached)
and the median of the next five, each as wall and CPU milliseconds (the CPU figure holds on a
shared machine). Targets: < 300 ms a page, < 100 ms an article page.

    python bench/web.py [-n 10000] [--repeat 5] [--db FILE [--reuse]]

With --db the store is kept in FILE; --reuse reads FILE as it is when it already has articles.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from brief import fill  # bench/brief.py: the generated articles and their facts
from detente.config import load_settings
from detente.store import SQLiteStore
from detente.web import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


def timed(client: TestClient, path: str) -> tuple[float, float]:
    """Wall and CPU seconds of one request (CPU of this process: the app runs in it, in a thread)."""
    t, c = time.perf_counter(), time.process_time()
    r = client.get(path)
    elapsed, cpu = time.perf_counter() - t, time.process_time() - c
    if r.status_code != 200:
        raise SystemExit(f"{path}: HTTP {r.status_code}: {r.text[:300]}")
    return elapsed, cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--db", type=Path, help="keep the store in this SQLite file")
    ap.add_argument("--reuse", action="store_true", help="read --db as it is when it has articles")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "big.db"
        if args.reuse and db.is_file():
            with SQLiteStore(db) as store:  # read-write: an older store is migrated once
                n = store.counts()["articles"]
            print(f"store: {n:,} generated articles, reused as it was")
        else:
            t = time.perf_counter()
            fill(str(db), args.n)
            print(f"store: {args.n:,} generated articles, filled in {time.perf_counter() - t:.1f} s")
        client = TestClient(create_app(db, load_settings(db=str(db)), warm=False))
        story = re.search(r'href="(/stories/[^"]+)"', client.get("/stories").text)
        actor = re.search(r'href="(/actors/person[^"]+)"', client.get("/actors").text)
        assert story and actor
        client.app.state.reader._cache.clear()  # type: ignore[attr-defined]  # the listings above warmed it
        pages = {
            "/": 300, "/stories": 300, story[1]: 300, "/actors": 300, actor[1]: 300, "/positions": 300,
            "/quotes": 300, "/quotes?speaker=umerov": 300, "/search?q=talks": 300, "/timeline": 300,
            "/articles/b000042?mark=0-40": 100, "/articles/b009999": 100,
            "/api/brief": 300, "/api/event?limit=100": 300, "/api/article?limit=100&offset=5000": 300,
        }  # fmt: skip
        failed = []
        print(f"{'page':44} {'cold ms':>9} {'cold CPU':>9} {'median ms':>10} {'med. CPU':>9} {'target':>7}")
        for path, target in pages.items():
            cold, cold_cpu = timed(client, path)
            runs = [timed(client, path) for _ in range(args.repeat)]
            warm = statistics.median(w for w, _ in runs) * 1000
            warm_cpu = statistics.median(c for _, c in runs) * 1000
            ok = warm < target
            failed += [] if ok else [path]
            print(
                f"{path:44} {cold * 1000:9.1f} {cold_cpu * 1000:9.1f} {warm:10.1f} {warm_cpu:9.1f} "
                f"{'<' + str(target):>7} {'ok' if ok else 'SLOW'}"
            )
    print("all pages within target" if not failed else f"over target: {', '.join(failed)}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
