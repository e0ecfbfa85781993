"""Where alerts go: standard output, a file (one JSON object a line), a webhook (one POST each).

Every stored alert carries an unsent flag per sink, set once the sink took it (`flush`). A
process killed between a delivery and its flag would send that alert again on its next
run; the file sink closes that gap by reading back, once per process, the ids its file
already holds (and dropping a line cut off mid-write), and the webhook sends each alert's id
as its `Idempotency-Key` so a receiver can drop the rare repeat. Standard output cannot be
read back: there a kill in that instant repeats one line.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

import httpx

from detente.errors import ConfigError, DetenteError
from detente.ingest.fetch import check_scheme
from detente.knowledge.changes import Alert
from detente.store.base import Store


class SinkError(DetenteError):
    """An alert could not be delivered; it stays unsent and is tried again next round."""


class Sink(ABC):
    """One destination of alerts; `name` keys its sent flags in the store."""

    name: str

    @abstractmethod
    def deliver(self, alert: Alert) -> None:
        """Deliver one alert, or raise SinkError."""

    def delivered(self, ids: set[str]) -> set[str]:
        """Which of `ids` this sink holds already (a file can tell; most sinks cannot)."""
        return set()

    def close(self) -> None:  # noqa: B027 - most sinks hold nothing
        """Release what the sink holds."""


def _line(alert: Alert) -> str:
    return json.dumps(alert.to_json(), ensure_ascii=False, separators=(",", ":")) + "\n"


class StreamSink(Sink):
    """Alerts as JSON lines on a text stream (standard output by default)."""

    def __init__(self, stream: TextIO | None = None, name: str = "stdout") -> None:
        self.stream = stream or sys.stdout
        self.name = name

    def deliver(self, alert: Alert) -> None:
        """Write the alert's line and flush it."""
        try:
            self.stream.write(_line(alert))
            self.stream.flush()
        except (OSError, ValueError) as exc:
            raise SinkError(f"cannot write alerts to {self.name}: {exc}", fix="check the output") from exc


class FileSink(Sink):
    """Alerts appended to a file, one JSON object a line, each line written whole and synced."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.name = f"file:{self.path.resolve()}"
        self._held: set[str] | None = None

    def delivered(self, ids: set[str]) -> set[str]:
        """The ids among `ids` whose lines the file already holds (read once per process)."""
        if self._held is None:
            self._held = self._read_back()
        return ids & self._held

    def _read_back(self) -> set[str]:
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return set()
        except OSError as exc:
            raise SinkError(
                f"cannot read {self.path}: {exc.strerror}", fix="check the --alerts path"
            ) from exc
        if data and not data.endswith(b"\n"):
            # A line cut off by a kill mid-write: its alert is still flagged unsent, so drop it.
            keep = data.rfind(b"\n") + 1
            with self.path.open("r+b") as fh:
                fh.truncate(keep)
            data = data[:keep]
        held = set()
        for raw in data.splitlines():
            try:
                value = json.loads(raw)
            except ValueError:
                continue  # not ours: the user may share the file with other writers
            if isinstance(value, dict) and isinstance(value.get("id"), str):
                held.add(value["id"])
        return held

    def deliver(self, alert: Alert) -> None:
        """Append the alert's line with one write, then sync it to disk."""
        data = _line(alert).encode()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                os.write(fd, data)
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError as exc:
            raise SinkError(
                f"cannot write {self.path}: {exc.strerror}", fix="check the --alerts path"
            ) from exc
        if self._held is not None:
            self._held.add(alert.id)


class WebhookSink(Sink):
    """Each alert POSTed as JSON to a URL, tried `tries` times with growing, jittered pauses."""

    def __init__(
        self,
        url: str,
        *,
        user_agent: str = "detente",
        tries: int = 3,
        pause: float = 0.5,
        timeout: float = 10.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        check_scheme(url, "--webhook")
        self.url = url
        self.name = f"webhook:{url}"
        self.tries, self.pause, self.sleep = max(1, tries), pause, sleep
        self.client = httpx.Client(timeout=timeout, headers={"User-Agent": user_agent})

    def deliver(self, alert: Alert) -> None:
        """POST the alert; a 2xx answer is a delivery, anything else is tried again."""
        why = ""
        for attempt in range(self.tries):
            if attempt:
                self.sleep(self.pause * 2 ** (attempt - 1) * random.uniform(0.75, 1.25))
            try:
                resp = self.client.post(
                    self.url,
                    content=_line(alert).encode(),
                    headers={"Content-Type": "application/json", "Idempotency-Key": alert.id},
                )
            except httpx.HTTPError as exc:
                why = f"{type(exc).__name__}: {exc}"
                continue
            if resp.is_success:
                return
            why = f"HTTP {resp.status_code} {resp.reason_phrase}"
        raise SinkError(
            f"the webhook {self.url} did not take alert {alert.id} after {self.tries} tries ({why})",
            fix="the alert is kept and sent again next round",
        )

    def close(self) -> None:
        """Close the HTTP client."""
        self.client.close()


def open_sinks(alerts: Sequence[str], webhooks: Sequence[str], user_agent: str = "detente") -> list[Sink]:
    """The sinks of `--alerts FILE|-` and `--webhook URL` options."""
    sinks: list[Sink] = []
    for target in dict.fromkeys(alerts):
        sinks.append(StreamSink() if target == "-" else FileSink(target))
    for url in dict.fromkeys(webhooks):
        try:
            sinks.append(WebhookSink(url, user_agent=user_agent))
        except DetenteError as exc:
            raise ConfigError(f"--webhook {url!r}: {exc.message}", fix="give an http(s) URL") from exc
    return sinks


def flush(store: Store, sink: Sink) -> tuple[int, str | None]:
    """Deliver the alerts `sink` has not had yet, oldest first; returns (sent, the first error).

    Each delivery is flagged at once; at the first failure the rest wait for the next round,
    in order.
    """
    pending = store.unsent_alerts(sink.name)
    if not pending:
        return 0, None
    held = sink.delivered({a.id for a in pending})
    store.mark_sent(sink.name, held)
    sent = 0
    for alert in pending:
        if alert.id in held:
            continue
        try:
            sink.deliver(alert)
        except SinkError as exc:
            store.mark_sent(sink.name, [alert.id], error=exc.message)
            return sent, exc.message
        store.mark_sent(sink.name, [alert.id])
        sent += 1
    return sent, None
