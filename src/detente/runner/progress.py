"""Progress of an ingest run: a bar on a terminal, a quiet line every so often in logs."""

from __future__ import annotations

import logging
import time
from typing import TextIO

LOGGER = logging.getLogger(__name__)

# Articles between two progress lines when stderr is not a terminal (a log file): about
# one line a minute at single-process speed on the development machine (~20 articles/s).
LOG_EVERY = 1000


class Progress:
    """Counts articles and events; shows them as a tqdm bar or as periodic log lines."""

    def __init__(
        self,
        err: TextIO,
        *,
        total: int | None = None,
        tty: bool | None = None,
        every: int = LOG_EVERY,
        enabled: bool = True,
    ) -> None:
        self.err = err
        self.every = max(1, every)
        self.articles = 0
        self.events = 0
        self.duplicates = 0
        self._next_line = self.every
        self._start = time.monotonic()
        self._bar = None
        if not enabled:
            self.every = 0
            return
        is_tty = tty if tty is not None else bool(getattr(err, "isatty", lambda: False)())
        if is_tty:
            from tqdm import tqdm

            self._bar = tqdm(
                total=total,
                unit=" articles",
                file=err,
                dynamic_ncols=True,
                smoothing=0.05,
                mininterval=0.5,
            )

    @property
    def rate(self) -> float:
        elapsed = time.monotonic() - self._start
        return self.articles / elapsed if elapsed > 0 else 0.0

    def advance(self, articles: int, events: int, duplicates: int = 0) -> None:
        self.articles += articles
        self.events += events
        self.duplicates += duplicates
        if self._bar is not None:
            self._bar.update(articles)
            self._bar.set_postfix(events=self.events, duplicates=self.duplicates, refresh=False)
        elif self.every and self.articles >= self._next_line:
            while self._next_line <= self.articles:
                self._next_line += self.every
            print(
                f"detente: {self.articles} articles, {self.events} events, "
                f"{self.duplicates} duplicates, {self.rate:.1f} articles/s",
                file=self.err,
                flush=True,
            )

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None
