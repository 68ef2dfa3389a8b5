"""Speed of the event coder alone, without spaCy's parse (issue 3: >= 2,000 sentences/s).

    .venv/bin/python bench/coder_speed.py [--articles N] [--repeat R]

Reads the first N articles of ../shared/data/corpus/wire_afp_xinhua.jsonl (skips when
absent) with detente's JSONL reader, parses them once with `pipeline.nlp` (every component,
detente_actors included), then times only `pipeline.coder.code(doc, article)` over those
docs, R times, in this one process (one core), each round from cold per-Doc caches. Two
figures: the coder as a first pass runs it, resolving each article's toponyms (for event
locations, `detente.places`) on its first event; and the coder with that per-article place
resolution done before the clock starts (its own time printed beside). Prints sentences per
second for the best and the median round (wall clock), and for the best round's CPU time.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from itertools import islice

from _shared import require

from detente.dates import normalise
from detente.ingest import read_jsonl
from detente.pipeline import Pipeline
from detente.places import doc_places
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
    print(
        f"{len(docs)} articles, {sentences} sentences; spaCy parse (all components) "
        f"{parse_s:.1f} s = {sentences / parse_s:,.0f} sentences/s"
    )
    for label, places_first in (
        ("events, with each article's place resolution", False),
        ("events, place resolution done beforehand", True),
    ):
        rounds, cpu_rounds, places_s, events = _time(pipeline, docs, args.repeat, places_first)
        best, median, cpu = min(rounds), statistics.median(rounds), min(cpu_rounds)
        print(f"{label} ({events} events):")
        print(f"  best of {len(rounds)}: {best:.3f} s = {sentences / best:,.0f} sentences/s")
        print(f"  median: {median:.3f} s = {sentences / median:,.0f} sentences/s")
        print(f"  best CPU time: {cpu:.3f} s = {sentences / cpu:,.0f} sentences/s")
        if places_first:
            per_article = 1000 * places_s / len(docs)
            print(f"  (place resolution itself: {places_s:.3f} s, {per_article:.1f} ms/article)")
    return 0


def _time(
    pipeline: Pipeline, docs: list, repeat: int, places_first: bool
) -> tuple[list[float], list[float], float, int]:
    """Wall and CPU seconds of `repeat` rounds of the coder over `docs`; with
    `places_first`, each Doc's toponyms are resolved (`doc_places`, once per article, as
    every event's location needs) before the clock starts, and that time is returned too."""
    rounds: list[float] = []
    cpu_rounds: list[float] = []
    places_s = 0.0
    events = 0
    for _ in range(max(1, repeat)):
        _forget(docs)
        if places_first:
            t0 = time.perf_counter()
            for doc, article in docs:
                dateline = pipeline.coder.gazetteer.resolve(article.dateline)
                doc_places(doc, dateline if article.dateline else None, pipeline.coder.gazetteer)
            places_s = time.perf_counter() - t0
        t0, c0 = time.perf_counter(), time.process_time()
        events = sum(len(list(pipeline.coder.code(doc, article))) for doc, article in docs)
        rounds.append(time.perf_counter() - t0)
        cpu_rounds.append(time.process_time() - c0)
    return rounds, cpu_rounds, places_s, events


def _forget(docs: list) -> None:
    """Every round codes the docs as a first pass would: the coder's per-Doc caches (places,
    dates) and the date normaliser's memo are emptied, so repeated rounds measure no work
    skipped that a real run does once per article."""
    normalise.cache_clear()
    for doc, _ in docs:
        for key in [k for k in doc.user_data if str(k).startswith("detente.")]:
            del doc.user_data[key]


if __name__ == "__main__":
    sys.exit(main())
