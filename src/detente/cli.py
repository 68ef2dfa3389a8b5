"""The `detente` command: a thin shell over the library functions."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from detente import __version__
from detente.config import Settings, load_settings
from detente.errors import DetenteError
from detente.types import Article, Rejected

LOGGER = logging.getLogger("detente")
INPUT_FORMATS = ("auto", "text", "jsonl", "html", "csv", "feed")
TABLE_COLUMNS = (
    ("date", 10),
    ("source", 22),
    ("cameo", 34),
    ("target", 22),
    ("neg", 3),
    ("rule", 28),
)


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from exc


def _report(rejected: Rejected, err: TextIO) -> None:
    print(f"detente: skipped {rejected.message()}", file=err)


# -- output formats --------------------------------------------------------------------


def _actor_cell(actor: dict[str, Any] | None) -> str:
    if not actor:
        return "-"
    code = actor.get("code") or "?"
    return f"{code} ({actor.get('text', '')})"


def _clip(text: str, width: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def write_table(events: Iterable[dict[str, Any]], out: TextIO) -> int:
    """An aligned, human-readable table of events; returns how many rows it wrote."""
    header = "  ".join(name.upper().ljust(width) for name, width in TABLE_COLUMNS)
    print(header.rstrip(), file=out)
    print("-" * len(header), file=out)
    n = 0
    for e in events:
        cells = {
            "date": e.get("date") or "",
            "source": _actor_cell(e.get("source")),
            "cameo": f"{e.get('cameo')} {e.get('cameo_name', '')}",
            "target": _actor_cell(e.get("target")),
            "neg": "yes" if e.get("negated") else "",
            "rule": e.get("rule", ""),
        }
        row = "  ".join(_clip(cells[name], width).ljust(width) for name, width in TABLE_COLUMNS)
        print(row.rstrip(), file=out)
        n += 1
    print(f"({n} event{'s' if n != 1 else ''})", file=out)
    return n


def write_jsonl(records: Iterable[dict[str, Any]], out: TextIO) -> int:
    n = 0
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        n += 1
    return n


def write_events(events: Iterable[dict[str, Any]], fmt: str, out: TextIO) -> int:
    if fmt == "table":
        return write_table(events, out)
    return write_jsonl(events, out)


# -- commands --------------------------------------------------------------------------


def _read_inputs(args: argparse.Namespace, err: TextIO) -> Iterator[Article]:
    """Articles from the command's paths ("-" is stdin); rejected inputs reported, kept aside."""
    from detente.ingest import iter_articles

    paths: list[str] = list(getattr(args, "paths", None) or [args.path])
    for item in iter_articles(paths, input_format=args.input, default_date=args.date):
        if isinstance(item, Rejected):
            _report(item, err)
            args.rejected.append(item)
        else:
            yield item


def cmd_code(args: argparse.Namespace, settings: Settings, out: TextIO, err: TextIO) -> int:
    from detente.pipeline import Pipeline

    pipeline = Pipeline(settings)
    events: list[dict[str, Any]] = []
    coded = 0
    for item in pipeline.code(_read_inputs(args, err)):
        if isinstance(item, Rejected):
            _report(item, err)
            args.rejected.append(item)
            continue
        coded += 1
        events.extend(e.to_dict() for e in item.events)
        if args.format == "jsonl":  # stream: a large input shows results as they come
            write_jsonl(events, out)
            write_jsonl((q.to_dict() for q in item.quotes), out)  # "kind": "quote" records
            events.clear()
    if args.format == "table":
        write_table(events, out)
    elif args.format == "gdelt":
        from detente.export import write_gdelt

        write_gdelt(events, out)
    return 0 if coded or not args.rejected else 1


def cmd_ingest_dask(args: argparse.Namespace, settings: Settings, out: TextIO, err: TextIO) -> int:
    """`detente ingest --engine dask --out DIR`: partitions coded on a Dask cluster."""
    from detente.ingest import iter_articles
    from detente.ingest.tabular import parse_columns
    from detente.scale import dask_client, ingest_dask
    from detente.store import Store

    if not args.out:
        print("detente: --engine dask needs --out DIR (the Parquet store to write)", file=err)
        return 2
    if getattr(args, "urls", None) or any("://" in p for p in args.paths):
        print("detente: --engine dask reads files and folders; fetch URLs locally", file=err)
        return 2
    items = iter_articles(
        args.paths,
        input_format=args.input,
        default_date=args.date,
        columns=parse_columns(getattr(args, "columns", None)),
    )
    with dask_client(args.scheduler, n_workers=args.dask_workers) as client:
        result = ingest_dask(
            items,
            args.out,
            client,
            settings,
            partition_size=args.partition_size,
            on_rejected=lambda item: _report(item, err),
        )
    print(
        f"detente: {result.articles_read} articles read in {result.partitions} partitions "
        f"({result.partitions_skipped} already written, {result.partitions_failed} failed), "
        f"{result.articles_written} articles and {result.events_written} events written to "
        f"{result.out_dir}, {len(result.rejected)} inputs quarantined",
        file=err,
    )
    if args.summary and (result.articles_written or result.partitions_skipped):
        with Store(result.out_dir, read_only=True) as store:
            _print_summary(store.summary(), out)
    return 0 if result.articles_read or not result.rejected else 1


def cmd_ingest(args: argparse.Namespace, settings: Settings, out: TextIO, err: TextIO) -> int:
    """Streaming ingest (detente.runner): bounded batches, workers, duplicates, resume."""
    from detente.store import Store

    if getattr(args, "engine", "local") == "dask":
        return cmd_ingest_dask(args, settings, out, err)

    from itertools import chain

    from detente.ingest import iter_articles
    from detente.ingest.fetch import Fetcher, fetch_articles, read_url_list
    from detente.ingest.tabular import parse_columns
    from detente.runner import Progress, estimate_total, ingest, known_urls

    if not args.paths and not args.urls:
        print("detente: give files, folders, URLs or --urls FILE to ingest", file=err)
        return 2
    if args.batch_size is not None:
        if args.batch_size < 1:
            print("detente: --batch-size must be at least 1", file=err)
            return 2
        settings = settings.with_overrides(batch_size=args.batch_size)
    columns = parse_columns(args.columns)
    files = [p for p in args.paths if "://" not in p]
    web = [p for p in args.paths if "://" in p]
    with Store(args.db) as store, Fetcher() as fetcher:
        sources = [
            iter_articles(files, input_format=args.input, default_date=args.date, columns=columns)
        ]
        urls = chain(web, *(read_url_list(Path(u)) for u in args.urls or ()))
        if web or args.urls:
            sources.append(
                fetch_articles(
                    urls,
                    fetcher,
                    default_date=args.date,
                    known=known_urls(store),
                    follow_links=args.follow_links,
                )
            )
        is_tty = bool(getattr(err, "isatty", lambda: False)())
        total = estimate_total(args.paths) if is_tty and not args.urls else None
        progress = Progress(err, total=total, tty=is_tty, every=args.progress_every)
        try:
            report = ingest(
                chain(*sources),
                store,
                settings,
                workers=args.workers or settings.workers,
                progress=progress,
                on_reject=lambda item: _report(item, err),
                dedupe=not args.no_dedupe,
            )
        finally:
            progress.close()
        print(f"detente: {report.line()}", file=err)
        if args.summary:
            _print_summary(store.summary(), out)
    return 0 if report.read or not report.quarantined else 1


def _print_summary(summary: dict[str, Any], out: TextIO) -> None:
    print(f"Articles: {summary['articles']}", file=out)
    print(f"Events:   {summary['events']}", file=out)
    if summary.get("top_pairs"):
        print("Most active actor pairs:", file=out)
        for pair in summary["top_pairs"]:
            print(
                f"  {pair['source']:>12} -> {pair['target']:<12} {pair['events']:>5} events",
                file=out,
            )


def cmd_events(args: argparse.Namespace, settings: Settings, out: TextIO, err: TextIO) -> int:
    from detente.store import Store

    if not Path(args.db).exists():
        print(f"detente: no store at {args.db}; run `detente ingest` first", file=err)
        return 1
    with Store(args.db, read_only=True) as store:
        events = store.events(
            actor=args.actor, since=args.since, until=args.until, code=args.code, limit=args.limit
        )
    write_events(events, args.format, out)
    return 0


def cmd_summary(args: argparse.Namespace, settings: Settings, out: TextIO, err: TextIO) -> int:
    from detente.store import Store

    if not Path(args.db).exists():
        print(f"detente: no store at {args.db}; run `detente ingest` first", file=err)
        return 1
    with Store(args.db, read_only=True) as store:
        _print_summary(store.summary(), out)
    return 0


def _num(value: float | None, spec: str = "+.3f") -> str:
    """`value` formatted by `spec`; "-" as wide as a formatted zero when it is None."""
    return "-".rjust(len(format(0.0, spec))) if value is None else format(value, spec)


def _trend_line(trend: dict[str, Any], interval: str) -> str:
    span = f"{trend['window_start']}..{trend['window_end']}"
    counts = f"{trend['n_events']} events in {trend['n_periods']} {interval}s with events"
    if trend["slope"] is None:
        return f"Trend {span} ({counts}): too few to fit a line -> {trend['direction']}"
    return (
        f"Trend {span} ({counts}): {_num(trend['slope'])} Goldstein/{interval}, "
        f"stderr {_num(trend['stderr'], '.3f')}, 95% CI [{_num(trend['ci_low'])}, "
        f"{_num(trend['ci_high'])}] -> {trend['direction']}"
    )


def cmd_dyad(args: argparse.Namespace, settings: Settings, out: TextIO, err: TextIO) -> int:
    from detente.analysis import dyad_series
    from detente.store import Store

    if not Path(args.db).exists():
        print(f"detente: no store at {args.db}; run `detente ingest` first", file=err)
        return 1
    with Store(args.db, read_only=True) as store:
        series = dyad_series(
            store,
            args.a,
            args.b,
            interval=args.interval,
            since=args.since,
            until=args.until,
            directed=args.directed,
            window=args.window,
        ).to_dict()
    if args.format == "json":
        out.write(json.dumps(series) + "\n")
        return 0
    arrow = "->" if series["directed"] else "<->"
    print(f"{series['a']} {arrow} {series['b']}, by {series['interval']}", file=out)
    print("PERIOD      EVENTS    Q1    Q2    Q3    Q4  GOLDSTEIN     MEAN", file=out)
    for p in series["series"]:
        print(
            f"{p['period']:<10}  {p['events']:>6}  {p['q1']:>4}  {p['q2']:>4}  {p['q3']:>4}  "
            f"{p['q4']:>4}  {p['goldstein_sum']:>9.2f}  {_num(p['goldstein_mean'], '>7.2f')}",
            file=out,
        )
    if not series["series"]:
        print("(no dated events between these actors)", file=out)
    print(_trend_line(series["trend"], series["interval"]), file=out)
    return 0


def cmd_trends(args: argparse.Namespace, settings: Settings, out: TextIO, err: TextIO) -> int:
    from detente.analysis import top_pair_trends
    from detente.store import Store

    if not Path(args.db).exists():
        print(f"detente: no store at {args.db}; run `detente ingest` first", file=err)
        return 1
    with Store(args.db, read_only=True) as store:
        items = [
            t.to_dict()
            for t in top_pair_trends(
                store,
                since=args.since,
                until=args.until,
                top=args.top,
                min_events=args.min_events,
                interval=args.interval,
            )
        ]
    if args.format == "json":
        out.write(json.dumps({"interval": args.interval, "items": items}) + "\n")
        return 0
    print(f"Most active pairs, trend in Goldstein points per {args.interval} (95% CI)", file=out)
    print(
        f"{'A':<12} {'B':<12} {'EVENTS':>6} {'MEAN':>6} {'SLOPE':>7} {'STDERR':>6}  "
        f"{'95% CI':<17} DIRECTION",
        file=out,
    )
    for t in items:
        ci = f"[{_num(t['ci_low'])}, {_num(t['ci_high'])}]"
        print(
            f"{t['a']:<12} {t['b']:<12} {t['events']:>6} {_num(t['goldstein_mean'], '>6.2f')} "
            f"{_num(t['slope'], '>+7.3f')} {_num(t['stderr'], '>6.3f')}  {ci:<17} "
            f"{t['direction']}",
            file=out,
        )
    print(f"({len(items)} pair{'s' if len(items) != 1 else ''})", file=out)
    return 0


def cmd_serve(args: argparse.Namespace, settings: Settings, out: TextIO, err: TextIO) -> int:
    import uvicorn

    from detente.api import create_app
    from detente.pipeline import Pipeline

    pipeline = Pipeline(settings) if settings.api_token else None
    app = create_app(args.db, settings, pipeline=pipeline)
    print(f"detente: serving {args.db} at http://{args.host}:{args.port}", file=err)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0


def cmd_export(args: argparse.Namespace, settings: Settings, out: TextIO, err: TextIO) -> int:
    from detente.export import export
    from detente.store import Store

    if not Path(args.db).exists():
        print(f"detente: no store at {args.db}; run `detente ingest` first", file=err)
        return 1
    with Store(args.db, read_only=True) as store:
        n = export(
            store,
            args.format,
            args.out,
            out,
            actor=args.actor,
            since=args.since,
            until=args.until,
            code=args.code,
        )
    where = f" to {args.out}" if args.out and args.out != "-" else ""
    print(f"detente: {n} events exported as {args.format}{where}", file=err)
    return 0


def cmd_eval(args: argparse.Namespace, settings: Settings, out: TextIO, err: TextIO) -> int:
    from detente.evaluation import evaluate, format_report
    from detente.evaluation.gold import doc_articles_path
    from detente.pipeline import Pipeline

    if not Path(args.gold).is_file():
        print(f"detente: gold file {args.gold} does not exist", file=err)
        return 1
    articles = Path(args.articles) if args.articles else doc_articles_path(args.gold)
    if args.kind == "doc" and not articles.is_file():
        print(f"detente: articles file {articles} does not exist (see --articles)", file=err)
        return 1
    report = evaluate(
        args.kind,
        args.gold,
        pipeline=Pipeline(settings),
        limit=args.limit,
        articles_path=args.articles,
    )
    for problem in report.problems:
        print(f"detente: {problem}", file=err)
    if args.json:
        out.write(json.dumps(report.to_dict(errors=args.errors), ensure_ascii=False) + "\n")
    else:
        out.write(format_report(report, errors=args.errors))
    return 0


# -- argument parsing ------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="detente", description="News in, political event data (CAMEO, PLOVER) out."
    )
    parser.add_argument("--version", action="version", version=f"detente {__version__}")
    parser.add_argument(
        "--config",
        help="settings TOML file (default $DETENTE_CONFIG or ~/.config/detente/config.toml)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress and debug")
    sub = parser.add_subparsers(dest="command", required=True)

    def inputs(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--date",
            type=_iso_date,
            help="publication date for inputs that carry none (YYYY-MM-DD)",
        )
        p.add_argument(
            "--input",
            choices=INPUT_FORMATS,
            default="auto",
            help="input format (auto: by file extension; stdin is text)",
        )

    p = sub.add_parser("code", help="code one document (or a JSONL batch) and print events")
    p.add_argument("path", nargs="?", default="-", help="file to read, or - for stdin")
    inputs(p)
    p.add_argument("--format", choices=("jsonl", "table", "gdelt"), default="jsonl")
    p.set_defaults(func=cmd_code)

    p = sub.add_parser("ingest", help="code files, JSONL or HTML (or folders) into the store")
    p.add_argument(
        "paths", nargs="*", help="files, folders, feeds (.rss/.atom/.xml), CSV, or http(s) URLs"
    )
    p.add_argument("--urls", action="append", help="file of URLs to fetch, one a line")
    p.add_argument("--columns", help="column map for CSV/JSONL, e.g. text=body,date=published_at")
    p.add_argument(
        "--workers", type=int, default=None, help="coding processes (default: settings, 1)"
    )
    p.add_argument("--batch-size", type=int, help="articles per batch and per transaction")
    p.add_argument(
        "--follow-links", action="store_true", help="read feed items from their linked pages"
    )
    p.add_argument("--no-dedupe", action="store_true", help="do not look for near duplicates")
    p.add_argument(
        "--progress-every", type=int, default=1000, help="articles between log lines (no TTY)"
    )
    p.add_argument("--db", default=None, help="DuckDB store file (default: detente.duckdb)")
    p.add_argument("--summary", action="store_true", help="print the store's summary after")
    p.add_argument(
        "--engine",
        choices=("local", "dask"),
        default="local",
        help="local: this process into --db; dask: partitions on a Dask cluster into --out",
    )
    p.add_argument("--scheduler", help="Dask scheduler address (default: a LocalCluster)")
    p.add_argument("--out", help="directory of Parquet tables written by --engine dask")
    p.add_argument(
        "--dask-workers", type=int, default=2, help="LocalCluster worker processes (default 2)"
    )
    p.add_argument(
        "--partition-size", type=int, default=200, help="articles per Dask partition (200)"
    )
    inputs(p)
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("events", help="list stored events")
    p.add_argument("--db", default=None)
    p.add_argument("--actor", help="source or target code prefix, e.g. RUS or RUSGOV")
    p.add_argument("--code", help="CAMEO code prefix, e.g. 04 or 112")
    p.add_argument("--since", type=_iso_date)
    p.add_argument("--until", type=_iso_date)
    p.add_argument("--limit", type=int, default=100)
    p.add_argument("--format", choices=("table", "jsonl"), default="table")
    p.set_defaults(func=cmd_events)

    p = sub.add_parser("summary", help="articles, events and the most active pairs in a store")
    p.add_argument("--db", default=None)
    p.set_defaults(func=cmd_summary)

    def analysis_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--db", default=None)
        p.add_argument("--interval", choices=("day", "week", "month"), default="month")
        p.add_argument("--since", type=_iso_date)
        p.add_argument("--until", type=_iso_date)
        p.add_argument("--format", choices=("table", "json"), default="table")

    p = sub.add_parser("dyad", help="events between two actors over time, with their trend")
    p.add_argument("a", help="actor code or prefix, e.g. PAK or PAKGOV")
    p.add_argument("b", help="the other actor")
    analysis_options(p)
    p.add_argument("--directed", action="store_true", help="only events from A to B")
    p.add_argument("--window", type=int, help="fit the trend over the last N periods")
    p.set_defaults(func=cmd_dyad)

    p = sub.add_parser("trends", help="the most active actor pairs and their trends")
    analysis_options(p)
    p.add_argument("--top", type=int, default=20)
    p.add_argument("--min-events", type=int, default=3)
    p.set_defaults(func=cmd_trends)

    p = sub.add_parser("serve", help="serve the dashboard and the HTTP API")
    p.add_argument("--db", default=None)
    p.add_argument("--host", default=None, help="address to bind (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=None)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("export", help="write stored events as GDELT, PLOVER, Parquet or CSV")
    p.add_argument("--db", default=None, help="DuckDB store file or Parquet store directory")
    p.add_argument("--format", choices=("gdelt", "plover", "parquet", "csv"), required=True)
    p.add_argument("--out", help="output file (parquet: a directory); default stdout")
    p.add_argument("--actor", help="source or target code prefix, e.g. RUS or RUSGOV")
    p.add_argument("--code", help="CAMEO code prefix, e.g. 04 or 112")
    p.add_argument("--since", type=_iso_date)
    p.add_argument("--until", type=_iso_date)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("eval", help="score the coder against a gold set")
    p.add_argument("--gold", required=True, help="gold file (for --kind doc: *_gold.jsonl)")
    p.add_argument(
        "--kind", required=True, choices=("plv", "penta", "actor-roles", "cameo-jsonl", "doc")
    )
    p.add_argument("--articles", help="articles JSONL for --kind doc (default: beside --gold)")
    p.add_argument("--errors", type=int, default=0, metavar="N", help="print N mistakes")
    p.add_argument("--limit", type=int, default=None, metavar="N", help="first N items only")
    p.add_argument("--json", action="store_true", help="print the report as one JSON object")
    p.set_defaults(func=cmd_eval)
    return parser


def main(
    argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=err,
    )
    args.rejected = []
    try:
        settings = load_settings(args.config)
        if getattr(args, "db", "unset") is None:
            args.db = settings.db_path
        if getattr(args, "host", "unset") is None:
            args.host = settings.host
        if getattr(args, "port", "unset") is None:
            args.port = settings.port
        return int(args.func(args, settings, out, err))
    except DetenteError as exc:
        print(f"detente: {exc}", file=err)
        return 1
    except BrokenPipeError:  # `detente code … | head`
        return 0


if __name__ == "__main__":
    sys.exit(main())
