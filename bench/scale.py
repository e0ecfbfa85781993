"""Scaling out: articles/s and peak memory of the local engine (1 and 2 workers) and Dask LocalCluster(2).

    python bench/scale.py [-n 2000] [--small 500] [--repeat 1]

Every configuration ingests the same generated articles (bench/corpus.py) into a fresh SQLite
store, each run in a fresh subprocess so nothing (model, caches) carries over; the time is the
whole ingest call as a user sees it: worker start-up and model loading included. Peak memory is
sampled from /proc twice a second: the main process, and its descendants (worker processes,
forkserver, Dask nannies' workers) together, with their CPU time. Printed: articles/s, the
speed-up over the local engine with 1 worker, CPU seconds per article (all processes; this does
not depend on what else the machine runs) and the speed-up it allows on 2 idle cores, and peak
memory at `--small` and at `-n` articles (flat in N is the goal).

Targets (issue 15): Dask LocalCluster(2) >= 1.7x and local with 2 workers >= 1.8x the single
worker, on a machine with 2 free cores.
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

RUN = r"""
import json, os, sys, tempfile, threading, time

cpu = {}  # pid -> the latest utime + stime seen (s): summed at the end, the run's CPU time
tick = os.sysconf("SC_CLK_TCK")

def tree() -> tuple[float, float]:
    # Resident memory (MB) of this process, and of all its descendants together.
    kids = {}
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
                kids.setdefault(int(fields[1]), []).append(int(pid))
            except OSError:
                pass
    page = os.sysconf("SC_PAGE_SIZE")
    def rss(pid):
        try:
            fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
            cpu[pid] = (int(fields[11]) + int(fields[12])) / tick
            return int(open(f"/proc/{pid}/statm").read().split()[1]) * page / 2**20
        except OSError:
            return 0.0
    main, rest, todo = rss(os.getpid()), 0.0, list(kids.get(os.getpid(), []))
    while todo:
        pid = todo.pop()
        rest += rss(pid)
        todo += kids.get(pid, [])
    return main, rest

peak = {"main": 0.0, "workers": 0.0, "total": 0.0}
def watch():
    while True:
        m, w = tree()
        peak["main"], peak["workers"], peak["total"] = max(peak["main"], m), max(peak["workers"], w), max(peak["total"], m + w)
        time.sleep(0.5)
threading.Thread(target=watch, daemon=True).start()
time.sleep(0.1)
start_cpu = sum(cpu.values())  # the interpreter's start-up, not the run's

from detente.config import load_settings
from detente.pipeline import ingest
from detente.store import open_store

path, engine, workers = sys.argv[1], sys.argv[2], int(sys.argv[3])
db = os.path.join(tempfile.mkdtemp(), "scale.db")
settings = load_settings(db=db, engine=engine, workers=workers, force_workers=True)
store = open_store(db)
t = time.perf_counter()
summary = ingest([path], store, settings)
dt = time.perf_counter() - t
time.sleep(0.6)  # one more sample after the end (workers are gone: their last sample stands)
store.close()
print(json.dumps({"n": summary.added, "failed": summary.failed, "seconds": dt, "cpu": sum(cpu.values()) - start_cpu, **peak}))
"""

CONFIGS = (("local", 1), ("local", 2), ("dask", 2))


def run(path: Path, engine: str, workers: int) -> dict[str, float]:
    proc = subprocess.run(
        [sys.executable, "-c", RUN, str(path), engine, str(workers)],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        sys.exit(f"benchmark subprocess failed ({engine}, {workers}):\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=2000, help="articles (default 2000)")
    ap.add_argument("--small", type=int, default=500, help="the smaller N for the memory check (default 500)")
    ap.add_argument("--repeat", type=int, default=1, help="runs of each at -n; medians are reported")
    args = ap.parse_args()
    sys.path.insert(0, str(HERE))
    from corpus import write_jsonl

    label = {c: f"{c[0]} x{c[1]}" if c[0] == "local" else f"dask LocalCluster({c[1]})" for c in CONFIGS}
    with tempfile.TemporaryDirectory() as tmp:
        big, small = Path(tmp) / "big.jsonl", Path(tmp) / "small.jsonl"
        words = write_jsonl(big, args.n)
        write_jsonl(small, args.small)
        print(
            f"corpus: {args.n:,} articles, {words:,} words · {os.cpu_count()} cores here · "
            f"{args.repeat} run(s) each, interleaved"
        )
        at_n: dict[tuple[str, int], list[dict[str, float]]] = {c: [] for c in CONFIGS}
        for _ in range(args.repeat):  # interleaved, so drift on a shared machine hits all alike
            for c in CONFIGS:
                r = run(big, *c)
                assert r["n"] == args.n and r["failed"] == 0, r
                at_n[c].append(r)
        at_small = {c: run(small, *c) for c in CONFIGS}
        rate = {c: args.n / statistics.median(r["seconds"] for r in at_n[c]) for c in CONFIGS}
        base = rate[CONFIGS[0]]
        # CPU seconds per article (all processes) do not depend on what else runs on the machine:
        # with W free cores, a run that is CPU-bound goes at most W / (CPU s per article) articles/s.
        per = {c: statistics.median(r["cpu"] for r in at_n[c]) / args.n for c in CONFIGS}
        print(
            f"\n{'engine':24} {'articles/s':>10} {'x local x1':>10} {'CPU s/art':>9} {'CPU-bound x':>11}"
            "   peak MB main / workers / total"
        )
        for c in CONFIGS:
            r = at_n[c][-1]
            bound = min(c[1], 2) * per[CONFIGS[0]] / per[c] if c[1] > 1 else 1.0
            print(
                f"{label[c]:24} {rate[c]:10.1f} {rate[c] / base:10.2f} {per[c]:9.3f} {bound:11.2f}   "
                f"{r['main']:6.0f} / {r['workers']:6.0f} / {r['total']:6.0f}"
            )
        print("(CPU-bound x: the speed-up over local x1 on 2 idle cores if the run were CPU-bound)")
        print(f"\npeak total MB at N={args.small:,} and N={args.n:,} (flat in N is the goal):")
        for c in CONFIGS:
            s, b = at_small[c]["total"], at_n[c][-1]["total"]
            print(f"  {label[c]:24} {s:6.0f} -> {b:6.0f}  ({b / s:.2f}x)")
        print(
            f"\ntargets: dask LocalCluster(2) >= 1.7x: {rate[CONFIGS[2]] / base:.2f}x · "
            f"local x2 >= 1.8x: {rate[CONFIGS[1]] / base:.2f}x"
        )


if __name__ == "__main__":
    main()
