"""Speed of the event coder alone, without spaCy's parse (issue 3: >= 2,000 sentences/s).

    .venv/bin/python bench/coder_speed.py [--articles N] [--repeat R]

Reads the first N articles of ../shared/data/corpus/wire_afp_xinhua.jsonl (skips when
absent) with detente's JSONL reader, parses them once with `pipeline.nlp` (every component,
detente_actors included), then times only `pipeline.coder.code(doc, article)` over those
docs, R times, in this one process (one core). Prints sentences and articles per second for
the best and the median round (wall clock), and for the best round's CPU time.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from itertools import islice

from _shared import require

from detente.ingest import read_jsonl
from detente.pipeline import Pipeline
from detente.types import Article, Rejected

CORPUS = "corpus/wire_afp_xinhua.jsonl"
# 150 articles (about 1,800 sentences) parse in under a minute even when the shared
# 2-core development machine is busy.
DEFAULT_ARTICLES = 150
DEFAULT_REPEAT = 5


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=DEFAULT_ARTICLES, metavar="N")
    parser.add_argument("--repeat", type=int, default=DEFAULT_REPEAT, metavar="R")
    args = parser.parse_args(argv)
    path = require(CORPUS)
    articles: list[Article] = []
    for item in islice(read_jsonl(path), args.articles):
        if isinstance(item, Rejected):
            print(f"skipped {item.message()}", file=sys.stderr)
        else:
            articles.append(item)
    pipeline = Pipeline()
    started = time.perf_counter()
    docs = list(
        pipeline.nlp.pipe(
            ((a.text, a) for a in articles),
            as_tuples=True,
            batch_size=pipeline.settings.batch_size,
        )
    )
    parse_s = time.perf_counter() - started
    sentences = sum(1 for doc, _ in docs for _ in doc.sents)
    rounds: list[float] = []
    cpu_rounds: list[float] = []
    events = 0
    for _ in range(max(1, args.repeat)):
        t0, c0 = time.perf_counter(), time.process_time()
        events = sum(len(list(pipeline.coder.code(doc, article))) for doc, article in docs)
        rounds.append(time.perf_counter() - t0)
        cpu_rounds.append(time.process_time() - c0)
    best, median = min(rounds), statistics.median(rounds)
    cpu = min(cpu_rounds)
    print(
        f"{len(docs)} articles, {sentences} sentences, {events} events; "
        f"spaCy parse (all components) {parse_s:.1f} s = {sentences / parse_s:,.0f} sentences/s"
    )
    print(
        f"coder only, best of {len(rounds)}: {best:.3f} s = {sentences / best:,.0f} sentences/s, "
        f"{len(docs) / best:,.0f} articles/s"
    )
    print(f"coder only, median: {median:.3f} s = {sentences / median:,.0f} sentences/s")
    print(
        f"coder only, best CPU time of this process: {cpu:.3f} s = "
        f"{sentences / cpu:,.0f} sentences/s (less sensitive to a busy machine)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
