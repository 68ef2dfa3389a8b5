"""Writing events in other systems' formats: GDELT 2.0, PLOVER/POLECAT JSON, Parquet, CSV.

`export(store, fmt, ...)` reads a store (a DuckDB file or a Parquet directory) with the
same filters as `detente events` and writes one of:

- `gdelt`: GDELT 2.0 event-table columns (61, tab-separated, a header line) where they
  apply; the columns detente does not code (tone, religion, ethnicity, actor geography)
  stay empty. Country codes are CAMEO/ISO alpha-3 (GDELT's geo columns use FIPS 10-4).
- `plover`: one JSON object a line, laid out like a POLECAT record (see `PLOVER_FIELDS`).
- `parquet`: a directory `OUT/<table>/part-00000-export.parquet` for events, articles and
  actors, written by DuckDB's COPY; it opens as a read-only store (`Store(OUT)`).
- `csv`: the events table flattened, one event a row, with its article's url and outlet.

Every file is written under a temporary name and renamed into place when complete.
"""

from __future__ import annotations

import csv
import json
import logging
import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any, TextIO

import duckdb

from detente import __version__
from detente.errors import StoreError
from detente.events.codebook import default_codebook
from detente.store import Store
from detente.store.records import _event_dict

LOGGER = logging.getLogger(__name__)

EXPORT_FORMATS = ("gdelt", "plover", "parquet", "csv")
# Rows fetched from DuckDB at a time while streaming an export.
FETCH_ROWS = 2000
# Tables in a Parquet export: a store of its own (`Store(OUT)` opens it).
PARQUET_TABLES = ("events", "articles", "actors")
# Name of the one partition file a Parquet export writes per table.
PARQUET_PART = "part-00000-export"

# GDELT 2.0 event table columns, in order (GDELT 2.0 Event Codebook, V2.0, 2015).
_ACTOR_FIELDS = (
    "Code",
    "Name",
    "CountryCode",
    "KnownGroupCode",
    "EthnicCode",
    "Religion1Code",
    "Religion2Code",
    "Type1Code",
    "Type2Code",
    "Type3Code",
)
_GEO_FIELDS = (
    "Type",
    "FullName",
    "CountryCode",
    "ADM1Code",
    "ADM2Code",
    "Lat",
    "Long",
    "FeatureID",
)
GDELT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    *(f"Actor1{f}" for f in _ACTOR_FIELDS),
    *(f"Actor2{f}" for f in _ACTOR_FIELDS),
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    *(f"Actor1Geo_{f}" for f in _GEO_FIELDS),
    *(f"Actor2Geo_{f}" for f in _GEO_FIELDS),
    *(f"ActionGeo_{f}" for f in _GEO_FIELDS),
    "DATEADDED",
    "SOURCEURL",
)


def _actor(prefix: str, actor: dict[str, Any] | None) -> dict[str, Any]:
    actor = actor or {}
    sectors = list(actor.get("sectors") or []) + ["", "", ""]
    return {
        f"{prefix}Code": actor.get("code", ""),
        f"{prefix}Name": (actor.get("name") or "").upper(),
        f"{prefix}CountryCode": actor.get("country", ""),
        f"{prefix}Type1Code": sectors[0],
        f"{prefix}Type2Code": sectors[1],
        f"{prefix}Type3Code": sectors[2],
    }


def _fraction_date(day: str) -> str:
    """GDELT's FractionDate, YYYY.FFFF: the year plus the share of it elapsed by `day`."""
    try:
        d = date(int(day[:4]), int(day[4:6]), int(day[6:8]))
    except ValueError:
        return ""
    return f"{d.year + (d.timetuple().tm_yday - 1) / 365:.4f}"


def _date_added(event: dict[str, Any], day: str) -> str:
    """GDELT's DATEADDED, YYYYMMDDHHMMSS (UTC): when the event's article was stored."""
    added = event.get("date_added")
    if isinstance(added, datetime):
        return added.strftime("%Y%m%d%H%M%S")
    if isinstance(added, str) and added:
        return added.replace("-", "").replace(":", "").replace("T", "").replace(" ", "")[:14]
    return f"{day}000000" if day else ""


def _geo_type(loc: dict[str, Any]) -> int | str:
    """GDELT geo type: 1 country, 4 world city (detente places are countries or GeoNames)."""
    if not loc:
        return ""
    return 1 if str(loc.get("entry", "")).startswith("country:") else 4


def gdelt_row(event: dict[str, Any]) -> dict[str, Any]:
    """One event (the output-contract dict) as a GDELT 2.0 event-table row.

    Optional keys an export adds: `url`, `num_mentions`, `num_sources`, `num_articles`,
    `date_added`.
    """
    day = (event.get("date") or "").replace("-", "")
    loc = event.get("location") or {}
    mentions = event.get("num_mentions") or event.get("mentions") or 1
    row: dict[str, Any] = {
        "GLOBALEVENTID": event["event_id"],
        "SQLDATE": day,
        "MonthYear": day[:6],
        "Year": day[:4],
        "FractionDate": _fraction_date(day) if day else "",
        "IsRootEvent": 1 if event.get("sentence_index", 0) == 0 else 0,
        "EventCode": event["cameo"],
        "EventBaseCode": event["cameo"][:3],
        "EventRootCode": event["cameo_root"],
        "QuadClass": event["quad_class"],
        "GoldsteinScale": event["goldstein"],
        "NumMentions": mentions,
        "NumSources": event.get("num_sources") or 1,
        "NumArticles": event.get("num_articles") or mentions,
        "AvgTone": "",
        "ActionGeo_Type": _geo_type(loc),
        "ActionGeo_FullName": loc.get("name", ""),
        "ActionGeo_CountryCode": loc.get("country", ""),
        "ActionGeo_Lat": loc.get("lat") if loc.get("lat") is not None else "",
        "ActionGeo_Long": loc.get("lon") if loc.get("lon") is not None else "",
        "ActionGeo_FeatureID": loc.get("entry", ""),
        "DATEADDED": _date_added(event, day),
        "SOURCEURL": event.get("url", ""),
    }
    row.update(_actor("Actor1", event.get("source")))
    row.update(_actor("Actor2", event.get("target")))
    return row


def write_gdelt(events: Iterable[dict[str, Any]], out: TextIO, header: bool = True) -> int:
    """GDELT 2.0 event-table rows, tab-separated; returns how many were written."""
    writer = csv.DictWriter(
        out,
        fieldnames=GDELT_COLUMNS,
        delimiter="\t",
        restval="",
        extrasaction="ignore",
        lineterminator="\n",
    )
    if header:
        writer.writeheader()
    n = 0
    for event in events:
        writer.writerow(gdelt_row(event))
        n += 1
    return n


# -- PLOVER / POLECAT -------------------------------------------------------------------

# Fields of one PLOVER export record, in order. The layout follows POLECAT's records (PLOVER
# manual draft 0.8 and the POLECAT codebook): event id, story id and dates, the source
# ("actor") and target ("recipient") with text, name, country and sectors, the PLOVER event
# type, mode and contexts, the place with coordinates, and detente's evidence and rule.
PLOVER_FIELDS: tuple[str, ...] = (
    "event_id",
    "story_id",
    "story_date",
    "event_date",
    "publisher",
    "url",
    "headline",
    "source",
    "target",
    "event_type",
    "mode",
    "context",
    "quad_code",
    "goldstein",
    "cameo",
    "cameo_name",
    "negated",
    "modality",
    "location",
    "evidence",
    "sentence_index",
    "rule",
    "confidence",
    "coder",
)


def _plover_actor(actor: dict[str, Any] | None) -> dict[str, Any] | None:
    if not actor:
        return None
    sectors = list(actor.get("sectors") or [])
    return {
        "text": actor.get("text", ""),
        "name": actor.get("name", ""),
        "code": actor.get("code", ""),
        "country": actor.get("country", ""),
        "sector": sectors[0] if sectors else "",
        "sectors": sectors,
    }


def _plover_location(loc: dict[str, Any] | None) -> dict[str, Any] | None:
    if not loc:
        return None
    entry = str(loc.get("entry", ""))
    return {
        "placename": loc.get("name", ""),
        "country": loc.get("country", ""),
        "lat": loc.get("lat"),
        "lon": loc.get("lon"),
        "geonames_id": entry.split(":", 1)[1] if entry.startswith("geonames:") else None,
        "entry": entry,
    }


def plover_record(event: dict[str, Any]) -> dict[str, Any]:
    """One event (the output-contract dict, plus optional article keys) as a PLOVER record.

    `mode` is the PLOVER mode the codebook maps the CAMEO code to (empty when it has none);
    `context` is the list of PLOVER contexts, which detente does not code yet (always
    empty); `modality` is detente's own mode (asserted, future, conditional, intended,
    alleged).
    """
    code = default_codebook().get(event["cameo"])
    return {
        "event_id": event["event_id"],
        "story_id": event["article_id"],
        "story_date": event.get("published"),
        "event_date": event.get("date"),
        "publisher": event.get("outlet", ""),
        "url": event.get("url", ""),
        "headline": event.get("title", ""),
        "source": _plover_actor(event.get("source")),
        "target": _plover_actor(event.get("target")),
        "event_type": event.get("plover") or (code.plover if code else ""),
        "mode": code.plover_mode if code else "",
        "context": [],
        "quad_code": event["quad_class"],
        "goldstein": event["goldstein"],
        "cameo": event["cameo"],
        "cameo_name": event.get("cameo_name", ""),
        "negated": bool(event.get("negated")),
        "modality": event.get("mode", "asserted"),
        "location": _plover_location(event.get("location")),
        "evidence": event.get("evidence", ""),
        "sentence_index": event.get("sentence_index"),
        "rule": event.get("rule", ""),
        "confidence": event.get("confidence"),
        "coder": f"detente {__version__}",
    }


def write_plover(events: Iterable[dict[str, Any]], out: TextIO) -> int:
    """PLOVER records as JSON Lines; returns how many were written."""
    n = 0
    for event in events:
        out.write(json.dumps(plover_record(event), ensure_ascii=False) + "\n")
        n += 1
    return n


# -- reading a store --------------------------------------------------------------------


def _has_table(cur: duckdb.DuckDBPyConnection, name: str) -> bool:
    row = cur.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]
    ).fetchone()
    return bool(row and row[0])


def _event_query(cur: duckdb.DuckDBPyConnection, where: str) -> str:
    """Events with their article's fields and GDELT-style mention counts."""
    mentions = (
        "LEFT JOIN (SELECT m.event_id, count(*) AS num_mentions, "
        "count(DISTINCT m.article_id) AS num_articles, count(DISTINCT a2.outlet) AS num_sources "
        "FROM event_mentions m LEFT JOIN articles a2 ON a2.id = m.article_id "
        "GROUP BY m.event_id) m USING (event_id)"
        if _has_table(cur, "event_mentions")
        else ""
    )
    counts = (
        "m.num_mentions, m.num_articles, m.num_sources"
        if mentions
        else "NULL AS num_mentions, NULL AS num_articles, NULL AS num_sources"
    )
    return (
        "SELECT e.*, a.url AS article_url, a.outlet AS article_outlet, "
        "a.title AS article_title, a.published AS article_published, "
        f"a.ingested_at AS article_ingested_at, {counts} "
        f"FROM events e LEFT JOIN articles a ON a.id = e.article_id {mentions} "
        f"{where} ORDER BY e.date NULLS LAST, e.event_id"
    )


def iter_event_rows(store: Store, **filters: Any) -> Iterator[dict[str, Any]]:
    """Flat `events` rows joined with their article's url, outlet, title and dates.

    `filters` are those of `Store.events` (actor, since, until, code, source, target, ...).
    """
    where, params = store._where(**filters)  # the filters `detente events` applies
    cur = store.cursor()
    try:
        try:
            cur.execute(_event_query(cur, where), params)
        except duckdb.Error as exc:
            raise StoreError(f"reading events from {store.path} failed: {exc}") from exc
        names = [d[0] for d in cur.description or ()]
        while rows := cur.fetchmany(FETCH_ROWS):
            for values in rows:
                yield dict(zip(names, values, strict=True))
    finally:
        cur.close()


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


def event_records(store: Store, **filters: Any) -> Iterator[dict[str, Any]]:
    """Events in the output-contract shape, with `url`, `outlet`, `title`, `published`,
    `date_added` and mention counts added; oldest first."""
    for row in iter_event_rows(store, **filters):
        event = _event_dict(row)
        event.update(
            url=row["article_url"] or "",
            outlet=row["article_outlet"] or "",
            title=row["article_title"] or "",
            published=_iso(row["article_published"]),
            date_added=row["article_ingested_at"],
            num_mentions=row["num_mentions"],
            num_articles=row["num_articles"],
            num_sources=row["num_sources"],
        )
        yield event


# -- CSV --------------------------------------------------------------------------------


def _csv_cell(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return ";".join(str(v) for v in value)
    if value is None:
        return ""
    return _iso(value)


def write_csv(rows: Iterable[dict[str, Any]], out: TextIO) -> int:
    """Flat event rows as CSV with a header; list cells joined with ";"."""
    writer: Any = None
    n = 0
    for row in rows:
        flat = {_CSV_RENAMES.get(k, k): _csv_cell(v) for k, v in row.items()}
        if writer is None:
            writer = csv.DictWriter(out, fieldnames=list(flat), lineterminator="\n")
            writer.writeheader()
        writer.writerow(flat)
        n += 1
    return n


# Article columns joined onto each CSV row, named as in the CSV header.
_CSV_RENAMES = {
    "article_url": "url",
    "article_outlet": "outlet",
    "article_title": "title",
    "article_published": "published",
    "article_ingested_at": "ingested_at",
}


# -- Parquet ----------------------------------------------------------------------------


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def export_parquet(store: Store, out_dir: str | Path, **filters: Any) -> dict[str, int]:
    """Events, their articles and actor mentions as `OUT/<table>/part-00000-export.parquet`.

    With filters, articles and actors are those of the exported events. Returns the rows
    written per table.
    """
    where, params = store._where(**filters)
    selected = f"SELECT article_id FROM events {where}"
    queries = {
        "events": (f"SELECT * FROM events {where} ORDER BY date NULLS LAST, event_id", params),
        "articles": (
            f"SELECT * FROM articles WHERE id IN ({selected}) ORDER BY id"
            if where
            else "SELECT * FROM articles ORDER BY id",
            params,
        ),
        "actors": (
            f"SELECT * FROM actors WHERE article_id IN ({selected}) "
            'ORDER BY article_id, start, "end"'
            if where
            else 'SELECT * FROM actors ORDER BY article_id, start, "end"',
            params,
        ),
    }
    root = Path(out_dir)
    counts: dict[str, int] = {}
    cur = store.cursor()
    try:
        for table, (sql, args) in queries.items():
            path = root / table / f"{PARQUET_PART}.parquet"
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
            try:
                cur.execute(
                    f"COPY ({sql}) TO {_sql_string(str(tmp))} (FORMAT parquet, COMPRESSION zstd)",
                    args,
                )
                row = cur.fetchone()
                counts[table] = int(row[0]) if row else 0
                os.replace(tmp, path)
            except duckdb.Error as exc:
                raise StoreError(f"exporting {table} to {path} failed: {exc}") from exc
            finally:
                tmp.unlink(missing_ok=True)
    finally:
        cur.close()
    return counts


# -- one entry point --------------------------------------------------------------------


@contextmanager
def _text_output(path: str | Path | None, stream: TextIO | None) -> Iterator[IO[str]]:
    """`stream` when no path is given, else a file written atomically (temp name, rename)."""
    if path is None or str(path) == "-":
        yield stream if stream is not None else sys.stdout
        return
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    try:
        with tmp.open("w", encoding="utf-8", newline="") as fh:
            yield fh
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def export(
    store: Store,
    fmt: str,
    out: str | Path | None = None,
    stream: TextIO | None = None,
    **filters: Any,
) -> int:
    """Write the store's events (filtered as `Store.events`) in format `fmt`.

    `out` is a file (or, for parquet, a directory); text formats go to `stream` when it is
    None. Returns how many events were written.
    """
    if fmt not in EXPORT_FORMATS:
        raise StoreError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    if fmt == "parquet":
        if out is None or str(out) == "-":
            raise StoreError("--format parquet writes a directory: give it with --out DIR")
        return export_parquet(store, out, **filters)["events"]
    with _text_output(out, stream) as fh:
        if fmt == "csv":
            return write_csv(iter_event_rows(store, **filters), fh)
        events = event_records(store, **filters)
        if fmt == "gdelt":
            return write_gdelt(events, fh)
        return write_plover(events, fh)


__all__ = [
    "EXPORT_FORMATS",
    "GDELT_COLUMNS",
    "PLOVER_FIELDS",
    "event_records",
    "export",
    "export_parquet",
    "gdelt_row",
    "iter_event_rows",
    "plover_record",
    "write_csv",
    "write_gdelt",
    "write_plover",
]
