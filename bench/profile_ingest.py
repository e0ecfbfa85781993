"""Where an ingest's time goes: CPU seconds per stage, in the main process and in every worker.

    python bench/profile_ingest.py [-n 400] [--workers 2] [--html] [--top 20] [--keep DIR]

Generates the corpus (JSONL from bench/corpus.py, or with `--html` one whole HTML page per
article), ingests it once into a fresh SQLite store in a fresh subprocess, and times each
stage there and in each worker process (a wrapper around the local engine's worker
initializer and the reader processes' one, imported from a temporary folder). The timers wrap the
functions that do each stage, wherever the package bound them, and count the calling
thread's CPU time (not wall time: a busy shared machine does not inflate them). A stage's
time excludes the stages nested in it (reading excludes decode, html and normalise).

    load       a worker's start: loading the model and knowledge (once per worker)
    read       reading files and lines, sniffing, JSON (readers' own time, less the stages below)
    decode     bytes -> str (`ingest.decode.decode`)
    html       main-text extraction of pages (`ingest.html.read_html`, trafilatura)
    normalise  `ingest.normalize.finish` (NFC, spaces, ids, dates, language guess)
    parse      `nlp.pipe` (spaCy, detente's pipeline components included)
    extract    `detente.extract.extract` (every fact of an article)
    check      `Store.article_states` (what is current)
    write      `Store.save` and `record_failures` (one transaction per batch)
    stories    `pending_story_keys` and `update_stories`
    other      the rest of the process's CPU (all threads): sending and receiving batches
               and results (pickling), the engine loop, start-up after the timer began

`--top N` also runs cProfile in the main process and lists its N costliest functions.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

# Imported by the main process and the workers by name, so it lives in a temporary folder
# on PYTHONPATH (a function of this script's __main__ cannot be sent to a worker).
HOOK = r'''
import functools, json, os, resource, sys, time
import multiprocessing.util

STAGES = {
    "read": [("detente.ingest", "read_inputs"), ("detente.ingest", "read_path"), ("detente.ingest", "read_file")],
    "decode": [("detente.ingest.decode", "decode")],
    "html": [("detente.ingest.html", "read_html")],
    "normalise": [("detente.ingest.normalize", "finish")],
    "parse": [("detente.nlp", "parse")],
    "extract": [("detente.extract", "extract")],
    "check": [("detente.store.sqlite.store", "SQLiteStore.article_states")],
    "write": [("detente.store.sqlite.store", "SQLiteStore.save"),
              ("detente.store.sqlite.store", "SQLiteStore.record_failures")],
    "stories": [("detente.store.sqlite.stories", "StoryTables.update_stories"),
                ("detente.store.sqlite.stories", "StoryTables.pending_story_keys")],
}
totals = {s: 0.0 for s in STAGES}
_stack = []  # [stage, child seconds] of the timed calls now running, outermost first


def _enter(stage):
    _stack.append([stage, 0.0, time.thread_time()])


def _leave():
    stage, child, began = _stack.pop()
    spent = time.thread_time() - began
    totals[stage] += spent - child
    if _stack:
        _stack[-1][1] += spent


def _timed_iter(stage, it):
    while True:
        _enter(stage)
        try:
            item = next(it)
        except StopIteration:
            return
        finally:
            _leave()
        yield item


def _wrap(stage, fn):
    @functools.wraps(fn)
    def timed(*args, **kwargs):
        _enter(stage)
        try:
            out = fn(*args, **kwargs)
        finally:
            _leave()
        if hasattr(out, "__next__"):  # a generator (a reader, nlp.pipe): time each step
            return _timed_iter(stage, out)
        return out
    timed.__wrapped_stage__ = stage
    return timed


def install():
    """Wrap every stage function where it is defined and wherever a module bound it by name."""
    import importlib
    originals = {}
    for stage, places in STAGES.items():
        for module, attr in places:
            try:
                owner = importlib.import_module(module)
            except ImportError:
                continue
            *path, name = attr.split(".")
            for part in path:
                owner = getattr(owner, part)
            fn = owner.__dict__.get(name)
            if fn is None or hasattr(fn, "__wrapped_stage__"):
                continue
            timed = _wrap(stage, fn)
            setattr(owner, name, timed)
            originals[id(fn)] = timed
    for mod in list(sys.modules.values()):
        if getattr(mod, "__name__", "").startswith("detente"):
            for key, value in list(vars(mod).items()):
                if id(value) in originals:
                    setattr(mod, key, originals[id(value)])


def dump(tag, began, cpu0):
    ru = resource.getrusage(resource.RUSAGE_SELF)
    out = os.environ["DETENTE_PROFILE_OUT"]
    with open(os.path.join(out, f"{tag}-{os.getpid()}.json"), "w") as fh:
        json.dump({"cpu": ru.ru_utime + ru.ru_stime - cpu0, "wall": time.perf_counter() - began,
                   "rss_mb": ru.ru_maxrss / 1024, "stages": totals}, fh)


def _start(tag, original, args, kwargs):
    ru = resource.getrusage(resource.RUSAGE_SELF)
    multiprocessing.util.Finalize(
        None, dump, args=(tag, time.perf_counter(), ru.ru_utime + ru.ru_stime), exitpriority=100
    )
    install()
    began = time.thread_time()
    try:
        original(*args, **kwargs)
    finally:
        totals["load"] = totals.get("load", 0.0) + time.thread_time() - began


def init(*args, **kwargs):
    """The engine's own worker initializer, timed from its first line to the worker's exit."""
    from detente.engines import local
    _start("worker", local._init_worker, args, kwargs)


def init_reader(*args, **kwargs):
    """The reader processes' initializer (where the package has them), timed the same way."""
    from detente.engines import readers
    _start("reader", readers._init_reader, args, kwargs)
'''

CHILD = r"""
import cProfile, json, os, resource, sys, tempfile, time
import _detente_profile_hook as hook
from detente.config import load_settings
from detente.engines import local
from detente.nlp import load_pipeline
from detente.lexicon.actors import load_knowledge
from detente.pipeline import ingest
from detente.store import open_store

spec, workers, out, top = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
local._init_worker = hook.init  # the pool looks the initializer up when it starts
try:
    from detente.engines import readers
    readers._init_reader = hook.init_reader
except ImportError:  # a checkout from before the reader processes
    pass
db = os.path.join(tempfile.mkdtemp(), "profile.db")
settings = load_settings(db=db, workers=workers, force_workers=True)
if workers == 1:  # the model loaded before timing, as the workers load theirs in their initializer
    load_pipeline(settings.model, settings.max_sentence_tokens, settings.knowledge)
    load_knowledge(settings.knowledge)
hook.install()
store = open_store(db)
prof = cProfile.Profile(time.thread_time) if top else None
t = time.perf_counter()
ru = resource.getrusage(resource.RUSAGE_SELF)
cpu0, thread0 = ru.ru_utime + ru.ru_stime, time.thread_time()
if prof:
    prof.enable()
summary = ingest([spec], store, settings)
if prof:
    prof.disable()
    prof.dump_stats(os.path.join(out, "main.prof"))
thread = time.thread_time() - thread0
hook.dump("main", t, cpu0)
store.close()
meta = json.load(open(os.path.join(out, f"main-{os.getpid()}.json")))
meta.update(added=summary.added, failed=summary.failed, words=summary.words, main_thread=thread)
json.dump(meta, open(os.path.join(out, "main.json"), "w"))
"""

ORDER = ("load", "read", "decode", "html", "normalise", "parse", "extract", "check", "write", "stories")


def run(spec: Path, workers: int, out: Path, top: int) -> None:
    """Ingest `spec` with `workers` in a timed subprocess, its figures going to `out`."""
    (out / "_detente_profile_hook.py").write_text(HOOK, encoding="utf-8")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(out), env.get("PYTHONPATH", "")) if p)
    env["DETENTE_PROFILE_OUT"] = str(out)
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(spec), str(workers), str(out), str(top)],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    if proc.returncode != 0:
        sys.exit(f"profiled ingest failed:\n{proc.stderr[-3000:]}")


def report(out: Path, words: int, top: int) -> None:
    """Print the per-stage table of the main process and every worker that reported."""
    main = json.loads((out / "main.json").read_text())
    rows = [("main", main)]
    for tag in ("reader", "worker"):
        for i, path in enumerate(sorted(out.glob(f"{tag}-*.json")), start=1):
            rows.append((f"{tag} {i}", json.loads(path.read_text())))
    print(
        f"ingest: {main['added']} added, {main['failed']} failed, {words:,} words in {main['wall']:.1f} s "
        f"wall ({words / main['wall']:.0f} words/s)"
    )
    print("CPU seconds per stage (thread CPU time, nested stages excluded):")
    print(f"{'process':10} {'CPU s':>7} " + " ".join(f"{s:>9}" for s in ORDER) + f" {'other':>7}")
    total = dict.fromkeys(ORDER, 0.0)
    cpu_all = 0.0
    for name, meta in rows:
        st = meta["stages"]
        seen = sum(st.get(s, 0.0) for s in ORDER)
        print(
            f"{name:10} {meta['cpu']:7.2f} "
            + " ".join(f"{st.get(s, 0.0):9.2f}" for s in ORDER)
            + f" {meta['cpu'] - seen:7.2f}"
        )
        for s in ORDER:
            total[s] += st.get(s, 0.0)
        cpu_all += meta["cpu"]
    seen = sum(total.values())
    print(
        f"{'all':10} {cpu_all:7.2f} "
        + " ".join(f"{total[s]:9.2f}" for s in ORDER)
        + f" {cpu_all - seen:7.2f}"
    )
    print("share      " + " " * 8 + " ".join(f"{total[s] / cpu_all:9.1%}" for s in ORDER))
    print(
        f"\nmain process: {main['cpu']:.2f} CPU s ({main['main_thread']:.2f} in its main thread) over "
        f"{main['wall']:.1f} s wall; per 1,000 words: main {1000 * main['cpu'] / words:.3f} CPU s, "
        f"all processes {1000 * cpu_all / words:.3f} CPU s"
    )
    if top:
        import pstats

        print(f"\n--- main process: top {top} functions by own CPU time")
        pstats.Stats(str(out / "main.prof")).sort_stats("tottime").print_stats(top)


def main() -> None:
    """Generate the corpus, run the timed ingest, print the per-stage summary."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=400, help="articles (default 400)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--html", action="store_true", help="one whole HTML page per article, not JSONL")
    ap.add_argument(
        "--top", type=int, default=0, help="also cProfile the main process: its N costliest functions"
    )
    ap.add_argument("--keep", help="keep the figures (and main.prof with --top) in this folder")
    args = ap.parse_args()
    sys.path.insert(0, str(HERE))
    from corpus import write_html, write_jsonl

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(args.keep or tmp) / "profile"
        out.mkdir(parents=True, exist_ok=True)
        for old in out.glob("*.json"):
            old.unlink()
        if args.html:
            spec = Path(tmp) / "pages"
            words = write_html(spec, args.n)
        else:
            spec = Path(tmp) / "corpus.jsonl"
            words = write_jsonl(spec, args.n)
        kind = "HTML pages" if args.html else "JSONL articles"
        print(f"corpus: {args.n} {kind}, {words:,} words · workers={args.workers}")
        run(spec, args.workers, out, args.top)
        report(out, words, args.top)


if __name__ == "__main__":
    main()
