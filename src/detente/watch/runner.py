"""The watch loop: rounds over the watched feeds, each feed polled, read, ingested and diffed.

One feed at a time: a conditional GET (an unchanged feed is a 304 and nothing more); a
changed one is read into entries, the entries never seen are ingested through the normal
ingest path (only the stories their events touch are rebuilt), and the alerts for what they
changed are committed with the entries and the feed's state in one transaction, then
delivered to every sink. A feed that fails (unreachable, slow, malformed) is a failure row
and a backoff that doubles with each failure in a row, jittered; it never stops the round.

A stop request (SIGINT/SIGTERM through `stop_on_signals`, or `stop.set()`) ends the watch
once the feed being read is committed.
"""

from __future__ import annotations

import random
import re
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import FrameType

from detente.config import Settings
from detente.errors import ConfigError, InputError
from detente.extract.version import extractor_version
from detente.ingest import now, to_failure
from detente.knowledge.changes import Alert, changes
from detente.pipeline import ingest
from detente.records import Failure, RunSummary
from detente.store.base import Store
from detente.watch.entries import Entry, read_polled
from detente.watch.poll import Polled, Poller
from detente.watch.sinks import Sink, flush
from detente.watch.state import FeedState

_UNITS = {"": 1.0, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}
_EVERY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$", re.I)


def parse_every(text: str) -> float:
    """Seconds from "90s", "10m", "1.5h", "1d" or a plain number of seconds."""
    m = _EVERY.match(text)
    if not m or float(m[1]) <= 0:
        raise ConfigError(
            f"--every {text!r} is not a duration", fix="write e.g. 30s, 10m, 1h (a number and s, m, h or d)"
        )
    return float(m[1]) * _UNITS[m[2].lower()]


@dataclass(frozen=True, slots=True)
class WatchOptions:
    """How a watch paces itself."""

    every: float = 600.0
    """Seconds between the starts of two rounds."""
    rounds: int | None = None
    """Stop after this many rounds (None: until stopped)."""
    backoff: float = 60.0
    """A failing feed waits this long after its first failure, twice as long after each next one…"""
    backoff_cap: float = 6 * 3600.0
    """…but never longer than this."""
    jitter: float = 0.2
    """Each wait is stretched or shrunk at random by up to this fraction (feeds spread out)."""


@dataclass(slots=True)
class RoundReport:
    """What one round did."""

    number: int
    feeds: int = 0
    unchanged: int = 0
    changed: int = 0
    waiting: int = 0
    """Feeds skipped this round because they back off after errors."""
    errors: int = 0
    new_entries: int = 0
    alerts: int = 0
    sent: int = 0
    send_errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    latency: float | None = None
    """The longest time from a changed feed's fetch to its alerts being delivered (seconds)."""


class Watcher:
    """Rounds over the store's watched feeds, alerts to `sinks`."""

    def __init__(
        self,
        store: Store,
        settings: Settings,
        sinks: Sequence[Sink],
        options: WatchOptions | None = None,
        *,
        stop: threading.Event | None = None,
        on_failure: Callable[[Failure], None] | None = None,
        on_alert: Callable[[Alert], None] | None = None,
        rng: random.Random | None = None,
    ) -> None:
        # New entries are few: the model is loaded once in this process, no worker pool per feed.
        self.settings = settings.replace(workers=1)
        self.store, self.sinks = store, list(sinks)
        self.options = options or WatchOptions()
        self.stop = stop or threading.Event()
        self.on_failure, self.on_alert = on_failure, on_alert
        self.rng = rng or random.Random()
        self.poller: Poller | None = None
        self.run_id: int | None = None
        self.failed = 0

    def warm(self) -> None:
        """Load the model and the knowledge files now, so that a new entry's first alert does not
        wait for them (seconds, once per process)."""
        from detente.lexicon.actors import load_knowledge
        from detente.nlp import load_pipeline

        s = self.settings
        load_pipeline(s.model, s.max_sentence_tokens, s.knowledge)
        load_knowledge(s.knowledge)

    # -- the loop ----------------------------------------------------------------------------
    def run(self, on_round: Callable[[RoundReport], None] | None = None) -> list[RoundReport]:
        """Rounds until `options.rounds` are done or a stop is requested; their reports."""
        reports: list[RoundReport] = []
        began = time.perf_counter()
        version = extractor_version(self.settings.model, tuple(self.settings.knowledge))
        self.run_id = self.store.begin_run("watch", version, self.settings.model)
        self.poller = Poller(self.settings)
        status = "interrupted"
        try:
            self._flush_all(RoundReport(0))  # what a killed run committed but could not send
            number = 0
            while not self.stop.is_set():
                number += 1
                start = time.monotonic()
                report = self.round(number)
                reports.append(report)
                if on_round:
                    on_round(report)
                if self.options.rounds is not None and number >= self.options.rounds:
                    status = "finished"
                    break
                pause = self.options.every * self._jitter() - (time.monotonic() - start)
                self.stop.wait(max(0.0, pause))
            else:
                status = "finished"  # stopped between rounds: a clean end
        finally:
            self.poller.close()  # the sinks are the caller's: it closes them
            summary = RunSummary(
                run_id=self.run_id,
                added=sum(r.new_entries for r in reports),
                failed=self.failed,
                seconds=time.perf_counter() - began,
            )
            self.store.finish_run(summary, status=status)
        return reports

    def round(self, number: int = 1) -> RoundReport:
        """Poll every watched feed that is due once; commit and deliver what changed."""
        report = RoundReport(number)
        wall, cpu = time.perf_counter(), time.process_time()
        quiet: list[FeedState] = []  # states with nothing to commit with them: written once, at the end
        for state in self.store.feeds():
            if self.stop.is_set():
                break
            report.feeds += 1
            if state.next_try > time.time():
                report.waiting += 1
                continue
            new_state = self._feed(state, report)
            if new_state is not None:
                quiet.append(new_state)
        self.store.update_feeds(quiet)
        self._flush_all(report)
        report.seconds = time.perf_counter() - wall
        report.cpu_seconds = time.process_time() - cpu
        return report

    # -- one feed ----------------------------------------------------------------------------
    def _feed(self, state: FeedState, report: RoundReport) -> FeedState | None:
        """Poll and read one feed; the state to write later, or None when it was committed here."""
        assert self.poller is not None
        checked = now()
        try:
            polled = self.poller.poll(state.url, state.etag, state.last_modified)
            fetched = time.monotonic()
            if not polled.changed:
                report.unchanged += 1
                return _healthy(state, polled, checked, changed=False)
            report.changed += 1
            entries, failures = self._read(state.url, polled)
        except InputError as exc:
            report.errors += 1
            self._fail(to_failure(exc))
            return self._backoff(state, checked, exc.message)
        except Exception as exc:  # a reader bug on one feed must not stop the watch
            report.errors += 1
            why = f"unexpected error while reading the feed: {type(exc).__name__}: {exc}"
            self._fail(
                Failure(state.url, None, why, "report this as a bug, with the feed if you can", checked)
            )
            return self._backoff(state, checked, why)
        for failure in failures:
            self._fail(failure)
        new_state = _healthy(state, polled, checked, changed=True)
        fresh = self._unseen(entries)
        if not fresh:
            return new_state
        report.new_entries += len(fresh)
        summary = ingest(
            [],
            self.store,
            self.settings,
            command=f"watch {state.url}",
            on_failure=self._fail,
            reads=[e.read for e in fresh],
        )
        self.failed += summary.failed
        ids = list(dict.fromkeys(e.article_id for e in fresh))
        alerts = changes(self.store.related_facts(ids), set(ids), now())
        seen = [(key, e.article_id) for e in fresh for key in e.keys]
        self.store.commit_watch(new_state, seen, alerts, [s.name for s in self.sinks])
        report.alerts += len(alerts)
        if self.on_alert:
            for alert in alerts:
                self.on_alert(alert)
        self._flush_all(report)
        latency = time.monotonic() - fetched
        report.latency = latency if report.latency is None else max(report.latency, latency)
        return None

    def _read(self, url: str, polled: Polled) -> tuple[list[Entry], list[Failure]]:
        entries: list[Entry] = []
        failures: list[Failure] = []
        for item in read_polled(url, polled):
            (failures if isinstance(item, Failure) else entries).append(item)  # type: ignore[arg-type]
        return entries, failures

    def _unseen(self, entries: Sequence[Entry]) -> list[Entry]:
        """Entries none of whose keys a watch has ingested (the first copy of a repeated one)."""
        seen = self.store.seen_entries(k for e in entries for k in e.keys)
        out: list[Entry] = []
        for e in entries:
            if not seen.intersection(e.keys):
                out.append(e)
                seen.update(e.keys)
        return out

    def _backoff(self, state: FeedState, checked: str, why: str) -> FeedState:
        errors = state.errors + 1
        wait = min(self.options.backoff_cap, self.options.backoff * 2 ** (errors - 1)) * self._jitter()
        return state.replace(last_checked=checked, errors=errors, last_error=why, next_try=time.time() + wait)

    def _jitter(self) -> float:
        j = self.options.jitter
        return self.rng.uniform(1 - j, 1 + j)

    def _fail(self, failure: Failure) -> None:
        self.failed += 1
        if self.run_id is not None:
            self.store.record_failures([failure], self.run_id)
        if self.on_failure:
            self.on_failure(failure)

    def _flush_all(self, report: RoundReport) -> None:
        for sink in self.sinks:
            sent, error = flush(self.store, sink)
            report.sent += sent
            if error:
                report.send_errors.append(error)


def _healthy(state: FeedState, polled: Polled, checked: str, *, changed: bool) -> FeedState:
    """The state after a good answer: new validators (a 304 may omit them), errors cleared."""
    return state.replace(
        etag=polled.etag or state.etag,
        last_modified=polled.last_modified or state.last_modified,
        last_checked=checked,
        last_seen=checked if changed else state.last_seen,
        errors=0,
        last_error=None,
        next_try=0.0,
    )


@contextmanager
def stop_on_signals(stop: threading.Event) -> Iterator[None]:
    """While inside, SIGINT and SIGTERM ask `stop` to end the watch after the current feed;
    a second SIGINT interrupts at once (KeyboardInterrupt)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def ask(signum: int, frame: FrameType | None) -> None:
        if stop.is_set() and signum == signal.SIGINT:
            raise KeyboardInterrupt
        stop.set()

    old = {s: signal.signal(s, ask) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for s, handler in old.items():
            signal.signal(s, handler)
