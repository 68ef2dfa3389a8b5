"""Local ingest vs `--engine dask` on the first N wire articles: wall time and same events.

    .venv/bin/python bench/dask_vs_local.py --limit 300 [--workers 2] [--partition-size 50]

Reads ../shared/data/corpus/wire_afp_xinhua.jsonl (skips when absent), copies its first
`--limit` lines to a temporary file, then times, each in this process through the CLI:
`detente ingest FILE --db T/local.duckdb` and `detente ingest FILE --engine dask --out
T/parquet` (a LocalCluster of `--workers` processes, one thread each). Both timings
include loading the model (once here; once per worker for Dask) and, for Dask, starting
the cluster. Prints articles per second for both and whether the event ids agree.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

from _shared import require

from detente.cli import main
from detente.store import Store

CORPUS = "corpus/wire_afp_xinhua.jsonl"


def _timed(argv: list[str]) -> float:
    err = io.StringIO()
    started = time.perf_counter()
    code = main(argv, out=io.StringIO(), err=err)
    elapsed = time.perf_counter() - started
    if code != 0:
        sys.exit(f"`detente {' '.join(argv)}` failed ({code}): {err.getvalue()[-500:]}")
    print(f"  {err.getvalue().strip().splitlines()[-1]}")
    return elapsed


def _events(path: Path) -> tuple[int, dict[str, str]]:
    """Articles stored, and event id -> article id."""
    with Store(path, read_only=True) as store:
        events = store.events(limit=10**7)
        return store.summary()["articles"], {e["event_id"]: e["article_id"] for e in events}


def run(limit: int, workers: int, partition_size: int) -> None:
    corpus = require(CORPUS)
    with tempfile.TemporaryDirectory(prefix="detente-dask-bench-") as tmp:
        root = Path(tmp)
        sample = root / "sample.jsonl"
        with corpus.open(encoding="utf-8") as src:
            sample.write_text("".join(islice(src, limit)), encoding="utf-8")
        print(f"{limit} articles from {CORPUS}, {os.cpu_count()} cores")
        local_s = _timed(["ingest", str(sample), "--db", str(root / "local.duckdb")])
        dask_s = _timed(
            [
                "ingest",
                str(sample),
                "--engine",
                "dask",
                "--out",
                str(root / "parquet"),
                "--dask-workers",
                str(workers),
                "--partition-size",
                str(partition_size),
            ]
        )
        n_local, local_ids = _events(root / "local.duckdb")
        n_dask, dask_ids = _events(root / "parquet")
    print(f"local: {local_s:7.1f} s  {n_local / local_s:6.1f} articles/s  {len(local_ids)} events")
    print(
        f"dask:  {dask_s:7.1f} s  {n_dask / dask_s:6.1f} articles/s  {len(dask_ids)} events "
        f"({workers} workers, partitions of {partition_size})"
    )
    print(f"dask/local speed: {local_s / dask_s:.2f}")
    differ = local_ids.keys() ^ dask_ids.keys()
    articles = {local_ids.get(e) or dask_ids.get(e) for e in differ}
    print(
        f"same event ids: {'yes' if not differ else 'NO'} ({len(differ)} events differ, "
        f"in {len(articles)} articles{': ' + ', '.join(sorted(articles)[:5]) if differ else ''})"
    )


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=300, help="first N articles (300)")
    parser.add_argument("--workers", type=int, default=2, help="Dask worker processes (2)")
    parser.add_argument("--partition-size", type=int, default=50, help="articles a task (50)")
    return parser.parse_args(argv)


if __name__ == "__main__":
    args = parse_args()
    run(args.limit, args.workers, args.partition_size)
