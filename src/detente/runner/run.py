"""Streaming ingestion: read, deduplicate, code and write in bounded batches.

Memory stays flat however long the input: at any moment the run holds the batches in
flight (one, or `workers + 1` with worker processes) and nothing per article beyond them.
Which articles are already stored is asked of the store, batch by batch. Each batch is
written in one transaction (articles, events, mentions, duplicate links, LSH bands), so a
run killed at any moment loses at most the batches in flight, and running it again
resumes: stored articles are skipped by id, nothing is written twice.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

import duckdb

from detente.config import Settings
from detente.errors import StoreError
from detente.runner.dedupe import BatchPlan, Deduper, write_links
from detente.runner.progress import Progress
from detente.runner.workers import Done, LocalCoder, PoolCoder, make_coder
from detente.store import Store, WriteResult
from detente.types import Article, Extraction, Rejected

LOGGER = logging.getLogger(__name__)


@dataclass(slots=True)
class IngestReport:
    """Counts for one ingest run (counts only: nothing per article is kept)."""

    read: int = 0
    new: int = 0
    existing: int = 0
    duplicates: int = 0
    events: int = 0
    mentions: int = 0
    quarantined: int = 0
    seconds: float = 0.0

    @property
    def articles_per_second(self) -> float:
        return self.read / self.seconds if self.seconds > 0 else 0.0

    def line(self) -> str:
        return (
            f"{self.read} articles read, {self.new} new, {self.existing} already stored, "
            f"{self.duplicates} duplicates linked, {self.events} events added, "
            f"{self.quarantined} inputs quarantined ({self.seconds:.1f} s, "
            f"{self.articles_per_second:.1f} articles/s)"
        )


@dataclass(slots=True)
class _InFlight:
    plan: BatchPlan
    handle: object  # has .result() -> list[Extraction | Rejected]
    rejected: list[Rejected]
    ids: list[str]
    read: int
    existing: int
    started: float = field(default_factory=time.monotonic)


def _chunks(items: Iterable[Article | Rejected], size: int) -> Iterator[list[Article | Rejected]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


class Runner:
    """One ingest run into one store."""

    def __init__(
        self,
        store: Store,
        settings: Settings,
        *,
        workers: int = 1,
        progress: Progress | None = None,
        on_reject: Callable[[Rejected], None] | None = None,
        dedupe: bool = True,
    ) -> None:
        self.store = store
        self.settings = settings
        self.workers = max(1, workers)
        self.progress = progress
        self.on_reject = on_reject
        self.dedupe = dedupe
        self.report = IngestReport()
        self._deduper = Deduper(store)
        # Ids of articles in batches planned but not yet written (bounded by the batches
        # in flight), so an article repeated across in-flight batches is coded once.
        self._in_flight_ids: set[str] = set()
        self._coder: LocalCoder | PoolCoder | None = None

    def run(self, items: Iterable[Article | Rejected]) -> IngestReport:
        start = time.monotonic()
        # With worker processes, keep one more batch queued than there are workers.
        depth = 1 if self.workers <= 1 else self.workers + 1
        queue: deque[_InFlight] = deque()
        try:
            for chunk in _chunks(items, max(1, self.settings.batch_size)):
                queue.append(self._plan(chunk))
                while len(queue) >= depth:
                    self._finish(queue.popleft())
            while queue:
                self._finish(queue.popleft())
        finally:
            if self._coder is not None:
                self._coder.close()
            self.report.seconds = time.monotonic() - start
        return self.report

    # -- one batch ---------------------------------------------------------------------

    def _coding(self) -> LocalCoder | PoolCoder:
        """The coder, loaded on first use: a resumed run with nothing new loads no model."""
        if self._coder is None:
            self._coder = make_coder(self.settings, self.workers)
        return self._coder

    def _plan(self, chunk: list[Article | Rejected]) -> _InFlight:
        rejected = [x for x in chunk if isinstance(x, Rejected)]
        unique: dict[str, Article] = {}
        repeated = 0
        for x in chunk:
            if isinstance(x, Article):
                if x.id in unique or x.id in self._in_flight_ids:
                    repeated += 1
                else:
                    unique[x.id] = x
        stored = self.store.has_articles(unique) if unique else set()
        fresh = [a for aid, a in unique.items() if aid not in stored]
        plan = self._deduper.plan(fresh) if self.dedupe else BatchPlan(originals=fresh)
        handle = self._coding().submit(plan.originals) if plan.originals else Done([])
        ids = [a.id for a in fresh]
        self._in_flight_ids.update(ids)
        read = len(chunk) - len(rejected)
        return _InFlight(plan, handle, rejected, ids, read, len(stored) + repeated)

    def _finish(self, job: _InFlight) -> None:
        coded = job.handle.result()  # type: ignore[attr-defined]
        extractions = [x for x in coded if isinstance(x, Extraction)]
        rejected = job.rejected + [x for x in coded if isinstance(x, Rejected)]
        plan = job.plan
        duplicates = [Extraction(article=a) for a, _ in plan.duplicates]
        stored_ids = {x.article.id for x in extractions}
        mentions = 0

        def links(cur: duckdb.DuckDBPyConnection, _: WriteResult) -> None:
            nonlocal mentions
            mentions = write_links(cur, plan, stored_ids)

        try:
            result = self.store.write([*extractions, *duplicates], within=links)
        except StoreError as exc:
            LOGGER.warning("batch write failed (%s); writing its articles one by one", exc)
            result, mentions, failed = self._write_one_by_one(plan, extractions)
            rejected += failed
        if rejected:
            for item in rejected:
                if self.on_reject is not None:
                    self.on_reject(item)
            self.store.quarantine(rejected)
        self._deduper.release(plan)
        self._in_flight_ids.difference_update(job.ids)
        r = self.report
        r.read += job.read
        r.new += result.articles_new - len(plan.duplicates)
        r.duplicates += len(plan.duplicates)
        r.existing += job.existing + result.articles_existing
        r.events += result.events_new
        r.mentions += mentions
        r.quarantined += len(rejected)
        if self.progress is not None:
            self.progress.advance(job.read, result.events_new, len(plan.duplicates))
        LOGGER.debug("batch of %d written in %.2f s", job.read, time.monotonic() - job.started)

    def _write_one_by_one(
        self, plan: BatchPlan, extractions: list[Extraction]
    ) -> tuple[WriteResult, int, list[Rejected]]:
        """After a failed batch write: each article in its own transaction."""
        new = existing = events = mentions = 0
        failed: list[Rejected] = []
        singles: list[tuple[Extraction, BatchPlan]] = []
        for x in extractions:
            keys = plan.bands.get(x.article.id)
            singles.append((x, BatchPlan(bands={x.article.id: keys} if keys else {})))
        for article, link in plan.duplicates:
            singles.append((Extraction(article=article), BatchPlan(duplicates=[(article, link)])))
        for x, sub in singles:
            ids = {x.article.id}
            added = 0

            def links(cur: duckdb.DuckDBPyConnection, _: WriteResult, sub=sub, ids=ids) -> None:
                nonlocal added
                added = write_links(cur, sub, ids)

            try:
                res = self.store.write([x], within=links)
            except StoreError as exc:
                failed.append(
                    Rejected(
                        origin=x.article.origin or x.article.id,
                        problem=f"could not be stored: {exc.detail}",
                        payload=x.article.text[:500],
                        stage="store",
                    )
                )
                continue
            new += res.articles_new
            existing += res.articles_existing
            events += res.events_new
            mentions += added
        return WriteResult(new, existing, events), mentions, failed


def ingest(
    items: Iterable[Article | Rejected],
    store: Store,
    settings: Settings | None = None,
    *,
    workers: int = 1,
    progress: Progress | None = None,
    on_reject: Callable[[Rejected], None] | None = None,
    dedupe: bool = True,
) -> IngestReport:
    """Read, deduplicate, code and store `items` in batches of `settings.batch_size`."""
    runner = Runner(
        store,
        settings or Settings(),
        workers=workers,
        progress=progress,
        on_reject=on_reject,
        dedupe=dedupe,
    )
    return runner.run(items)


def known_urls(store: Store) -> Callable[[list[str]], set[str]]:
    """A lookup of which URLs the store already holds articles for (to skip refetching)."""

    def lookup(urls: list[str]) -> set[str]:
        if not urls:
            return set()
        cur = store.cursor()
        try:
            rows = cur.execute(
                "SELECT DISTINCT url FROM articles WHERE list_contains(?::VARCHAR[], url)",
                [list(urls)],
            ).fetchall()
        finally:
            cur.close()
        return {row[0] for row in rows}

    return lookup


# Suffixes whose files are counted by lines for the progress bar's total.
_LINE_SUFFIXES = frozenset({".jsonl", ".ndjson", ".csv", ".tsv"})
_OTHER_SUFFIXES = frozenset({".txt", ".text", ".md", ".html", ".htm"})


def estimate_total(paths: Iterable[str | Path]) -> int | None:
    """How many articles the inputs hold, for the progress bar's ETA; None when unknown.

    Lines of JSONL/CSV files (a CSV header counts as one), one per text or HTML file.
    Unknown for stdin, URLs, feeds and gzip, where counting would mean reading it all.
    """
    total = 0
    for item in paths:
        text = str(item)
        if text == "-" or "://" in text:
            return None
        path = Path(text)
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            suffix = file.suffix.lower()
            if suffix in _LINE_SUFFIXES:
                try:
                    with file.open("rb") as fh:
                        chunks = iter(lambda fh=fh: fh.read(1 << 20), b"")
                        total += sum(chunk.count(b"\n") for chunk in chunks)
                except OSError:
                    continue
            elif suffix in _OTHER_SUFFIXES:
                total += 1
            elif file.exists() and not path.is_dir():
                return None
    return total
