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
from detente.types import Article, Extraction, Rejected

LOGGER = logging.getLogger("detente")
INPUT_FORMATS = ("auto", "text", "jsonl", "html")
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
            events.clear()
    if args.format == "table":
        write_table(events, out)
    elif args.format == "gdelt":
        from detente.export import write_gdelt

        write_gdelt(events, out)
    return 0 if coded or not args.rejected else 1


def cmd_ingest(args: argparse.Namespace, settings: Settings, out: TextIO, err: TextIO) -> int:
    from detente.pipeline import Pipeline
    from detente.store import Store

    pipeline = Pipeline(settings)
    totals = {"read": 0, "new": 0, "existing": 0, "events": 0}
    with Store(args.db) as store:
        batch: list[Extraction] = []

        def flush() -> None:
            if batch:
                result = store.write(batch)
                totals["new"] += result.articles_new
                totals["existing"] += result.articles_existing
                totals["events"] += result.events_new
                batch.clear()

        for item in pipeline.code(_read_inputs(args, err)):
            if isinstance(item, Rejected):
                _report(item, err)
                args.rejected.append(item)
                continue
            totals["read"] += 1
            batch.append(item)
            if len(batch) >= settings.batch_size:
                flush()
        flush()
        if args.rejected:
            store.quarantine(args.rejected)
        print(
            f"detente: {totals['read']} articles read, {totals['new']} new, "
            f"{totals['existing']} already stored, {totals['events']} events added, "
            f"{len(args.rejected)} inputs quarantined",
            file=err,
        )
        if args.summary:
            _print_summary(store.summary(), out)
    return 0 if totals["read"] or not args.rejected else 1


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


def cmd_serve(args: argparse.Namespace, settings: Settings, out: TextIO, err: TextIO) -> int:
    import uvicorn

    from detente.api import create_app
    from detente.pipeline import Pipeline

    pipeline = Pipeline(settings) if settings.api_token else None
    app = create_app(args.db, settings, pipeline=pipeline)
    print(f"detente: serving {args.db} at http://{args.host}:{args.port}", file=err)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
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
    p.add_argument("paths", nargs="+", help="files or folders")
    p.add_argument("--db", default=None, help="DuckDB store file (default: detente.duckdb)")
    p.add_argument("--summary", action="store_true", help="print the store's summary after")
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

    p = sub.add_parser("serve", help="serve the dashboard and the HTTP API")
    p.add_argument("--db", default=None)
    p.add_argument("--host", default=None, help="address to bind (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=None)
    p.set_defaults(func=cmd_serve)
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
