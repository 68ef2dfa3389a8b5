"""The coding pipeline on a Dask cluster, each partition written as Parquet.

The client reads the inputs (`iter_articles`) and cuts them into partitions of
`partition_size` articles; each partition is one task. A worker codes it with
`detente.pipeline.Pipeline` (loaded once per worker process and reused by every task) and
writes `DIR/<table>/<partition>.parquet` for the store's tables through the same Arrow
conversion `Store.write` uses (`detente.store.records.extraction_tables`). At most a few
partitions per worker thread are in flight, so client memory stays bounded however long
the input.

A partition's name, `part-<n>-<key>`, carries its position and a content key (the ids of
its articles and rejections, and the settings that change coding). Rerunning on the same
input skips every partition already written; another input never overwrites one.

The output directory must be visible to the workers under the same path (a local disk for
a LocalCluster, a shared file system for a remote scheduler).
"""

from __future__ import annotations

import logging
import threading
import time
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from detente import __version__
from detente.config import Settings
from detente.scale.parquet import partition_done, write_partition
from detente.store.records import extraction_tables, quarantine_table
from detente.store.schema import utcnow
from detente.types import Article, Extraction, Rejected, content_id

if TYPE_CHECKING:
    from distributed import Client, Future

    from detente.pipeline import Pipeline

LOGGER = logging.getLogger(__name__)

# Articles per partition (one task, one Parquet file per table). Large enough that a task's
# overhead (scheduling, pickling, a Parquet footer) is small beside coding ~200 wire
# articles (several seconds of parsing); small enough to spread a few thousand over workers.
DEFAULT_PARTITION_SIZE = 200
# Workers of the LocalCluster started when no scheduler address is given (this machine's
# two cores; each worker process holds its own spaCy model, ~0.4 GB).
DEFAULT_WORKERS = 2
# Partitions submitted but not finished, per worker thread: enough to keep workers busy
# while the client reads ahead, few enough to keep client memory flat.
IN_FLIGHT_PER_THREAD = 2
# Times the scheduler reruns a partition whose worker died (the task is idempotent).
TASK_RETRIES = 1

# One Pipeline per worker process and Settings, shared by the tasks it runs; the lock makes
# tasks on a multi-threaded worker take turns (a spaCy pipeline is not meant to be shared
# by threads).
_PIPELINES: dict[Settings, Pipeline] = {}
_PIPELINE_LOCK = threading.Lock()


@dataclass(slots=True)
class PartitionReport:
    """What one partition task did (returned from the worker to the client)."""

    name: str
    articles: int = 0
    events: int = 0
    skipped: bool = False
    rejected: list[Rejected] = field(default_factory=list)
    seconds: float = 0.0


@dataclass(slots=True)
class DaskIngestResult:
    """Counts for one `ingest_dask` run."""

    out_dir: str
    partitions: int = 0
    partitions_skipped: int = 0
    partitions_failed: int = 0
    articles_read: int = 0
    articles_written: int = 0
    events_written: int = 0
    rejected: list[Rejected] = field(default_factory=list)


def worker_pipeline(settings: Settings) -> Pipeline:
    """The Pipeline for `settings` in this process, loaded on first use."""
    from detente.pipeline import Pipeline

    pipeline = _PIPELINES.get(settings)
    if pipeline is None:
        LOGGER.info("loading the coding pipeline in worker process")
        pipeline = _PIPELINES.setdefault(settings, Pipeline(settings))
    return pipeline


def partition_name(
    index: int, articles: Sequence[Article], rejected: Sequence[Rejected], settings: Settings
) -> str:
    """`part-<index>-<key>`; the key changes with the partition's content or the coding."""
    key = content_id(
        __version__,
        repr(settings.model_names),
        repr(settings.min_confidence),
        settings.user_data_dir,
        *(a.id for a in articles),
        *(f"{r.origin}\x1e{r.problem}" for r in rejected),
    )
    return f"part-{index:05d}-{key}"


def iter_partitions(
    items: Iterable[Article | Rejected], size: int
) -> Iterator[tuple[list[Article], list[Rejected]]]:
    """Consecutive partitions of up to `size` articles, each with the rejections read
    since the previous one (so they are quarantined beside the partition's articles)."""
    if size < 1:
        raise ValueError(f"partition size must be >= 1, got {size}")
    articles: list[Article] = []
    rejected: list[Rejected] = []
    for item in items:
        if isinstance(item, Rejected):
            rejected.append(item)
            continue
        articles.append(item)
        if len(articles) >= size:
            yield articles, rejected
            articles, rejected = [], []
    if articles or rejected:
        yield articles, rejected


def code_partition(
    articles: list[Article],
    rejected: list[Rejected],
    out_dir: str,
    name: str,
    settings: Settings,
) -> PartitionReport:
    """Runs on a worker: code `articles`, write the partition's Parquet files atomically."""
    started = time.perf_counter()
    directory = Path(out_dir)
    if partition_done(directory, name):
        return PartitionReport(name=name, skipped=True)
    pipeline = worker_pipeline(settings)
    coded: dict[str, Extraction] = {}
    failed: list[Rejected] = []
    with _PIPELINE_LOCK:
        for item in pipeline.code(articles):
            if isinstance(item, Rejected):
                failed.append(item)
            else:
                coded.setdefault(item.article.id, item)
    now = utcnow()
    tables = extraction_tables(coded.values(), now)
    tables["quarantine"] = quarantine_table([*rejected, *failed], now)
    write_partition(directory, name, tables)
    return PartitionReport(
        name=name,
        articles=tables["articles"].num_rows,
        events=tables["events"].num_rows,
        rejected=failed,
        seconds=time.perf_counter() - started,
    )


@contextmanager
def dask_client(
    scheduler: str | None = None, *, n_workers: int = DEFAULT_WORKERS, processes: bool = True
) -> Iterator[Client]:
    """A Client on `scheduler`, or on a LocalCluster bound to 127.0.0.1 (no dashboard)."""
    from distributed import Client, LocalCluster

    if scheduler:
        client = Client(scheduler)
        try:
            yield client
        finally:
            client.close()
        return
    with warnings.catch_warnings():
        # With the dashboard off the scheduler still serves /health on a free port of
        # 127.0.0.1; distributed warns when its default, 8787, is taken. Not a problem.
        warnings.filterwarnings("ignore", message="Port .* is already in use")
        cluster = LocalCluster(
            n_workers=n_workers,
            threads_per_worker=1,
            processes=processes,
            host="127.0.0.1",
            dashboard_address=None,
        )
    try:
        client = Client(cluster)
        try:
            yield client
        finally:
            client.close()
    finally:
        cluster.close()


def _threads(client: Client) -> int:
    try:
        return max(1, sum(client.nthreads().values()))
    except Exception:  # a scheduler that does not answer now still gets work
        return 1


def ingest_dask(
    items: Iterable[Article | Rejected],
    out_dir: str | Path,
    client: Client,
    settings: Settings | None = None,
    *,
    partition_size: int = DEFAULT_PARTITION_SIZE,
    on_rejected: Callable[[Rejected], None] | None = None,
) -> DaskIngestResult:
    """Code `items` on `client`'s cluster into the Parquet store at `out_dir`.

    Rejected inputs (read here or failing on a worker) are written to the partition's
    `quarantine` table and passed to `on_rejected`. A partition whose task fails is
    reported as a rejection naming it and left unwritten; the next run retries it.
    """
    from distributed import as_completed

    settings = settings or Settings()
    directory = Path(out_dir).resolve()
    directory.mkdir(parents=True, exist_ok=True)
    result = DaskIngestResult(out_dir=str(directory))
    limit = IN_FLIGHT_PER_THREAD * _threads(client)
    pending = as_completed()
    names: dict[Any, str] = {}

    def reject(item: Rejected) -> None:
        result.rejected.append(item)
        if on_rejected:
            on_rejected(item)

    def collect(future: Future) -> None:
        name = names.pop(future.key, "?")
        try:
            report: PartitionReport = future.result()
        except Exception as exc:  # one failed partition must not end the run
            result.partitions_failed += 1
            LOGGER.warning("partition %s failed: %s", name, exc)
            reject(Rejected(origin=name, problem=f"partition failed: {exc}", stage="dask"))
            return
        finally:
            future.release()
        if report.skipped:
            result.partitions_skipped += 1
            return
        result.articles_written += report.articles
        result.events_written += report.events
        for item in report.rejected:
            reject(item)
        LOGGER.info(
            "%s: %d articles, %d events in %.1f s",
            name,
            report.articles,
            report.events,
            report.seconds,
        )

    for index, (articles, rejected) in enumerate(iter_partitions(items, partition_size)):
        result.partitions += 1
        result.articles_read += len(articles)
        for item in rejected:
            reject(item)
        name = partition_name(index, articles, rejected, settings)
        if partition_done(directory, name):
            result.partitions_skipped += 1
            continue
        future = client.submit(
            code_partition,
            articles,
            rejected,
            str(directory),
            name,
            settings,
            key=f"detente-{name}",
            retries=TASK_RETRIES,
        )
        names[future.key] = name
        pending.add(future)
        while pending.count() >= limit:
            collect(next(pending))
    for future in pending:
        collect(future)
    return result


__all__ = [
    "DEFAULT_PARTITION_SIZE",
    "DEFAULT_WORKERS",
    "DaskIngestResult",
    "PartitionReport",
    "code_partition",
    "dask_client",
    "ingest_dask",
    "iter_partitions",
    "partition_name",
    "worker_pipeline",
]
