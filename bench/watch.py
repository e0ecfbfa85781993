"""detente watch's costs: an idle round over unchanged feeds, and a new item's time to its alert.

    python bench/watch.py [-n 100] [--repeat 5]

A feed server (its own process, so its CPU is not counted) serves `n` RSS feeds from a
folder on 127.0.0.1 with ETags. A first round reads every feed (two short generated reports
each); then idle rounds, where every feed answers 304, are timed in CPU seconds of this
process (the target: under 1 s for 100 feeds); last, one feed gains an item and the time from
its fetch to its alert's delivery is measured (the target: under 5 s).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from detente.config import load_settings
from detente.store import SQLiteStore
from detente.watch.runner import Watcher, WatchOptions
from detente.watch.sinks import StreamSink

SERVER = r"""
import hashlib, sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
root = Path(sys.argv[1])
class H(BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def do_GET(self):
        f = root / self.path.lstrip("/")
        if not f.is_file():
            self.send_response(404); self.send_header("Content-Length", "0"); self.end_headers(); return
        body = f.read_bytes()
        tag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == tag:
            self.send_response(304); self.send_header("ETag", tag); self.end_headers(); return
        self.send_response(200); self.send_header("ETag", tag)
        self.send_header("Content-Type", "application/rss+xml"); self.send_header("Content-Length", str(len(body)))
        self.end_headers(); self.wfile.write(body)
s = ThreadingHTTPServer(("127.0.0.1", 0), H)
print(s.server_address[1], flush=True)
s.serve_forever()
"""

SIDES = [("Armenia", "Azerbaijan"), ("Serbia", "Kosovo"), ("Ethiopia", "Eritrea"), ("Georgia", "Russia")]
CITIES = ["Geneva", "Vienna", "Doha", "Oslo", "Nairobi"]


def item(feed: int, n: int) -> str:
    """One generated report: delegations that will meet (n even) or met (n odd) somewhere."""
    a, b = SIDES[(feed + n) % len(SIDES)]
    city = CITIES[(feed * 3 + n) % len(CITIES)]
    day = 3 + (feed + n) % 20
    verb = "will meet" if n % 2 == 0 else "met"
    text = f"Delegations from {a} and {b} {verb} in {city} on March {day}, officials said."
    return (
        f"<item><guid>feed{feed}-item{n}</guid><title>Talks {feed}-{n}</title>"
        f"<link>http://news.invalid/{feed}/{n}</link><pubDate>Mon, 0{1 + n % 8} Mar 2025 08:00:00 GMT</pubDate>"
        f"<description>{text}</description></item>"
    )


NEW_ITEM = (
    "<item><guid>feed0-new</guid><title>Talks announced</title><link>http://news.invalid/0/new</link>"
    "<pubDate>Mon, 10 Mar 2025 08:00:00 GMT</pubDate><description>Delegations from Chad and Sudan will "
    "meet in Oslo on March 28, officials said.</description></item>"
)


def feed(number: int, items: int, extra: str = "") -> bytes:
    """An RSS document for feed `number` with `items` items (and `extra` first)."""
    body = extra + "".join(item(number, n) for n in range(items))
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire {number}</title>'
        f"<link>http://news.invalid/</link><description>bench</description>{body}</channel></rss>"
    ).encode()


def main() -> None:
    """Run the benchmark and print its figures."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=100, help="feeds")
    ap.add_argument("--repeat", type=int, default=5, help="idle rounds timed")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "feeds"
        root.mkdir()
        for i in range(args.n):
            (root / f"{i}.rss").write_bytes(feed(i, 2))
        server = subprocess.Popen(
            [sys.executable, "-c", SERVER, str(root)], stdout=subprocess.PIPE, text=True
        )
        try:
            assert server.stdout is not None
            port = int(server.stdout.readline())
            settings = load_settings(db=str(Path(tmp) / "watch.db"), allow_private_fetch=True)
            store = SQLiteStore(settings.db)
            store.add_feeds(f"http://127.0.0.1:{port}/{i}.rss" for i in range(args.n))
            sink = StreamSink(io.StringIO(), name="bench")
            watcher = Watcher(store, settings, [sink], WatchOptions(rounds=1))
            t = time.perf_counter()
            watcher.warm()
            print(f"model loaded in {time.perf_counter() - t:.1f} s")
            [first] = watcher.run()
            print(
                f"first round: {first.changed} feeds read, {first.new_entries} entries ingested, "
                f"{first.alerts} alerts, {first.seconds:.1f} s wall, {first.cpu_seconds:.1f} s CPU"
            )
            cpu, wall = [], []
            for _ in range(args.repeat):
                [idle] = Watcher(store, settings, [sink], WatchOptions(rounds=1)).run()
                assert idle.unchanged == args.n, idle
                cpu.append(idle.cpu_seconds)
                wall.append(idle.seconds)
            print(
                f"idle round over {args.n} unchanged feeds (304): CPU median {statistics.median(cpu):.3f} s, "
                f"max {max(cpu):.3f} s; wall median {statistics.median(wall):.3f} s  (target: CPU < 1 s)"
            )
            (root / "0.rss").write_bytes(feed(0, 2, NEW_ITEM))  # one new item in one feed
            [fresh] = Watcher(store, settings, [sink], WatchOptions(rounds=1)).run()
            print(
                f"one new item: {fresh.alerts} alerts, fetch to delivered alert {fresh.latency or 0:.2f} s "
                f"(target: < 5 s); round {fresh.seconds:.2f} s wall, {fresh.cpu_seconds:.2f} s CPU"
            )
            digest = hashlib.sha256(sink.stream.getvalue().encode()).hexdigest()[:8]  # type: ignore[attr-defined]
            print(f"alert stream: {sink.stream.getvalue().count(chr(10))} lines (sha {digest})")  # type: ignore[attr-defined]
            store.close()
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
