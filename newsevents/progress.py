"""Progress of a long run: a live bar on a terminal, periodic log lines otherwise.

The same numbers (articles done/total, words/s, ETA, events, quarantined) reach Prefect's logs,
so a scheduled run shows its progress in the UI as well as on a console.
"""

from __future__ import annotations

import logging
import sys
import time
from typing import Any


class Progress:
    """Counts articles and words; renders to a TTY or logs every ``log_every`` seconds."""

    def __init__(self, total: int, words_total: int, logger: Any = None, enabled: bool | None = None,
                 log_every: float = 10.0, started: float | None = None) -> None:
        self.total = total
        self.words_total = words_total
        self.done = 0
        self.words = 0
        self.events = 0
        self.quarantined = 0
        self.logger = logger or logging.getLogger("newsevents")
        self.tty = sys.stderr.isatty() if enabled is None else enabled
        self.log_every = log_every
        # ``started``: when NLP really began (``time.monotonic``), if that was before the flow (prefetch)
        self.started = time.monotonic() if started is None else started
        self.last_log = time.monotonic()

    def line(self) -> str:
        elapsed = max(time.monotonic() - self.started, 1e-9)
        rate = self.words / elapsed
        remaining = (self.words_total - self.words) / rate if rate > 0 else float("nan")
        eta = f"{remaining:,.0f}s" if remaining == remaining else "?"
        return (f"{self.done}/{self.total} articles, {rate:,.0f} words/s, ETA {eta}, "
                f"{self.events} events, {self.quarantined} quarantined")

    def advance(self, articles: int, words: int, *, events: int, quarantined: int) -> None:
        self.done += articles
        self.words += words
        self.events = events
        self.quarantined = quarantined
        now = time.monotonic()
        if self.tty:
            width = 30
            filled = int(width * self.done / self.total) if self.total else width
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.line()}")
            sys.stderr.flush()
        if now - self.last_log >= self.log_every or self.done == self.total:
            self.logger.info("progress: %s", self.line())
            self.last_log = now

    def close(self) -> None:
        if self.tty and self.total:
            sys.stderr.write("\n")
            sys.stderr.flush()
