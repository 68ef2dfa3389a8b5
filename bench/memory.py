"""Peak memory of `detente ingest` on long articles, and its growth on twice the input.

Runs `detente ingest` as a subprocess into a fresh store over
../shared/data/corpus/world_security.jsonl (or its first --limit articles), then again
into another fresh store with the corpus given twice on the command line (the second
pass is read and checked against the store batch by batch). Peak RSS is the child's
`ru_maxrss` from os.wait4 (issue 6 targets: < 1.5 GB, growth < 10%).

    .venv/bin/python bench/memory.py [--limit N] [--workers N] [--batch-size N]
"""

from __future__ import annotations

import argparse
import logging
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _shared import require  # noqa: E402

LOGGER = logging.getLogger(__name__)
CORPUS = "corpus/world_security.jsonl"
# Issue 6's limits.
MAX_PEAK_BYTES = 1.5 * 1024**3
MAX_GROWTH = 0.10


def peak_rss(cmd: list[str]) -> tuple[int, float, str]:
    """Peak RSS in bytes of the process started by `cmd` (Linux: ru_maxrss is in KiB)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    tail = [line.rstrip() for line in proc.stderr][-1:]
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {tail}")
    return usage.ru_maxrss * 1024, time.perf_counter() - t0, tail[0] if tail else ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="first N articles (0: all)")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument(
        "--batch-size",
        type=int,
        default=None,
        help="articles per batch (default: detente's own setting)",
    )
    args = parser.parse_args()
    source = require(CORPUS)
    detente = str(Path(sys.executable).with_name("detente"))
    with tempfile.TemporaryDirectory() as tmp:
        corpus = source
        if args.limit:
            corpus = Path(tmp) / "corpus.jsonl"
            with source.open(encoding="utf-8") as src, corpus.open("w", encoding="utf-8") as dst:
                for i, line in enumerate(src):
                    if i >= args.limit:
                        break
                    dst.write(line)
        common = ["--workers", str(args.workers)]
        if args.batch_size:
            common += ["--batch-size", str(args.batch_size)]
        once, t1, line1 = peak_rss(
            [detente, "ingest", str(corpus), "--db", f"{tmp}/once.duckdb", *common]
        )
        twice, t2, line2 = peak_rss(
            [detente, "ingest", str(corpus), str(corpus), "--db", f"{tmp}/twice.duckdb", *common]
        )
    growth = (twice - once) / once
    mb = 1024**2
    print(f"corpus: {corpus.name if not args.limit else f'first {args.limit} of ' + CORPUS}")
    print(f"once:  peak RSS {once / mb:.0f} MB in {t1:.0f} s  [{line1}]")
    print(f"twice: peak RSS {twice / mb:.0f} MB in {t2:.0f} s  [{line2}]")
    ok = once < MAX_PEAK_BYTES and twice < MAX_PEAK_BYTES and growth < MAX_GROWTH
    print(f"growth: {growth:+.1%}   {'PASS' if ok else 'FAIL'} (< 1.5 GB, growth < 10%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
