"""What the store keeps of each watched feed: its validators, when it was read, its errors."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FeedState:
    """One watched feed (or page) and what the last polls said about it."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    last_checked: str | None = None
    """When it was last polled (ISO time), whatever the answer."""
    last_seen: str | None = None
    """When it last answered with a new body (not 304)."""
    errors: int = 0
    """Polls that failed in a row (0 once one succeeds): the backoff grows with it."""
    last_error: str | None = None
    next_try: float = 0.0
    """Epoch seconds before which the feed is not polled again (backoff); 0: poll every round."""

    def replace(self, **changes: object) -> FeedState:
        """A copy with some fields changed."""
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]
