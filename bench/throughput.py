"""detente's end-to-end ingest speed against spaCy's own `nlp.pipe` on the same texts.

Ingests ../shared/data/corpus/wire_afp_xinhua.jsonl (or its first --limit articles) into a
fresh store with `detente.runner.ingest` (read, dedupe, parse, code, write), then times the
plain English model's `nlp.pipe` over the same texts with the same batch size and number of
processes. Prints articles per second for both and their ratio (issue 6 target: >= 0.75),
with CPU seconds as a second view on a shared machine.

    .venv/bin/python bench/throughput.py [--workers N] [--limit N] [--batch-size N]
"""

from __future__ import annotations

import argparse
import logging
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _shared import require  # noqa: E402

LOGGER = logging.getLogger(__name__)
CORPUS = "corpus/wire_afp_xinhua.jsonl"


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (the worker processes)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--limit", type=int, default=0, help="first N articles (0: all)")
    parser.add_argument("--batch-size", type=int, default=0, help="default: Settings")
    parser.add_argument("--order", choices=("detente-first", "spacy-first"), default="spacy-first")
    args = parser.parse_args()
    source = require(CORPUS)

    from detente.config import Settings
    from detente.ingest import iter_articles
    from detente.nlp.model import load_model
    from detente.runner import ingest
    from detente.store import Store
    from detente.types import Article

    settings = Settings()
    if args.batch_size:
        settings = settings.with_overrides(batch_size=args.batch_size)
    with tempfile.TemporaryDirectory() as tmp:
        lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
        if args.limit:
            lines = lines[: args.limit]
        corpus = Path(tmp) / "corpus.jsonl"
        corpus.write_text("".join(lines), encoding="utf-8")
        texts = [a.text for a in iter_articles([corpus]) if isinstance(a, Article)]
        n = len(texts)

        def run_spacy() -> tuple[float, float]:
            nlp = load_model(settings.model_names)  # the plain English model
            list(nlp.pipe(texts[:8]))  # warm up
            c0, t0 = cpu_seconds(), time.perf_counter()
            for _ in nlp.pipe(texts, batch_size=settings.batch_size, n_process=args.workers):
                pass
            return time.perf_counter() - t0, cpu_seconds() - c0

        def run_detente() -> tuple[float, float, str]:
            if args.workers <= 1:  # load model and gazetteer before the clock, as for spaCy
                from detente.pipeline import Pipeline

                Pipeline(settings.with_overrides(n_process=1))
            with Store(Path(tmp) / "bench.duckdb") as store:
                c0, t0 = cpu_seconds(), time.perf_counter()
                report = ingest(iter_articles([corpus]), store, settings, workers=args.workers)
                return time.perf_counter() - t0, cpu_seconds() - c0, report.line()

        if args.order == "spacy-first":
            s_wall, s_cpu = run_spacy()
            d_wall, d_cpu, line = run_detente()
        else:
            d_wall, d_cpu, line = run_detente()
            s_wall, s_cpu = run_spacy()
    print(f"articles: {n}, workers: {args.workers}, batch size: {settings.batch_size}")
    print(f"detente ingest: {line}")
    print(
        f"detente end to end: {n / d_wall:.2f} articles/s ({d_wall:.1f} s wall, {d_cpu:.1f} s CPU)"
    )
    print(
        f"spaCy nlp.pipe:     {n / s_wall:.2f} articles/s ({s_wall:.1f} s wall, {s_cpu:.1f} s CPU)"
    )
    print(
        f"ratio (wall): {s_wall / d_wall:.2f}   ratio (CPU): {s_cpu / d_cpu:.2f}   target >= 0.75"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
