"""Conversion between detente's records and the store's table rows.

Writing: Extractions become Arrow tables with explicit schemas (bulk insert, DESIGN.md),
shared by `Store.write` and the Dask engine's Parquet partitions. Reading: flat rows
become the nested dicts of the output contract (`source`, `target`, `location`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import duckdb
import pyarrow as pa

from detente.errors import StoreError
from detente.types import Actor, Article, Event, Extraction, Quote, Rejected, content_id

_SECTORS = pa.list_(pa.string())

_ARTICLE_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("title", pa.string()),
        ("text", pa.string()),
        ("published", pa.date32()),
        ("url", pa.string()),
        ("outlet", pa.string()),
        ("lang", pa.string()),
        ("dateline", pa.string()),
        ("origin", pa.string()),
        ("ingested_at", pa.timestamp("us")),
    ]
)


def _actor_fields(prefix: str) -> list[tuple[str, pa.DataType]]:
    return [
        (f"{prefix}_text", pa.string()),
        (f"{prefix}_code", pa.string()),
        (f"{prefix}_country", pa.string()),
        (f"{prefix}_sectors", _SECTORS),
        (f"{prefix}_name", pa.string()),
        (f"{prefix}_entry", pa.string()),
        (f"{prefix}_start", pa.int32()),
        (f"{prefix}_end", pa.int32()),
    ]


_EVENT_SCHEMA = pa.schema(
    [
        ("event_id", pa.string()),
        ("article_id", pa.string()),
        ("sentence_index", pa.int32()),
        ("evidence", pa.string()),
        ("start", pa.int32()),
        ("end", pa.int32()),
        *_actor_fields("source"),
        *_actor_fields("target"),
        ("cameo", pa.string()),
        ("cameo_name", pa.string()),
        ("cameo_root", pa.string()),
        ("plover", pa.string()),
        ("quad_class", pa.int8()),
        ("goldstein", pa.float64()),
        ("date", pa.date32()),
        ("location_name", pa.string()),
        ("location_country", pa.string()),
        ("location_lat", pa.float64()),
        ("location_lon", pa.float64()),
        ("location_entry", pa.string()),
        ("negated", pa.bool_()),
        ("mode", pa.string()),
        ("rule", pa.string()),
        ("confidence", pa.float64()),
        ("trigger", pa.string()),
        ("trigger_start", pa.int32()),
        ("trigger_end", pa.int32()),
        ("date_precision", pa.string()),
    ]
)

_ACTOR_SCHEMA = pa.schema(
    [
        ("article_id", pa.string()),
        ("start", pa.int32()),
        ("end", pa.int32()),
        ("text", pa.string()),
        ("code", pa.string()),
        ("country", pa.string()),
        ("sectors", _SECTORS),
        ("name", pa.string()),
        ("entry", pa.string()),
    ]
)

_QUOTE_SCHEMA = pa.schema(
    [
        ("quote_id", pa.string()),
        ("article_id", pa.string()),
        ("sentence_index", pa.int32()),
        ("kind", pa.string()),
        ("content", pa.string()),
        ("content_start", pa.int32()),
        ("content_end", pa.int32()),
        *_actor_fields("speaker"),
        ("cue", pa.string()),
        ("cue_start", pa.int32()),
        ("cue_end", pa.int32()),
        ("rule", pa.string()),
        ("confidence", pa.float64()),
    ]
)

_QUARANTINE_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("origin", pa.string()),
        ("stage", pa.string()),
        ("problem", pa.string()),
        ("payload", pa.string()),
        ("recorded_at", pa.timestamp("us")),
    ]
)

_ARTICLE_SUMMARY_COLUMNS = ("id", "title", "url", "outlet", "published")


@dataclass(frozen=True, slots=True)
class WriteResult:
    """What one `Store.write` call did."""

    articles_new: int = 0
    articles_existing: int = 0
    events_new: int = 0
    # Ids of the articles written by this call, in input order.
    new_article_ids: tuple[str, ...] = ()


def _event_date(value: str | date | None) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(value)


def _actor_row(prefix: str, actor: Actor | None) -> dict[str, Any]:
    if actor is None:
        return {name: None for name, _ in _actor_fields(prefix)}
    return {
        f"{prefix}_text": actor.text,
        f"{prefix}_code": actor.code,
        f"{prefix}_country": actor.country,
        f"{prefix}_sectors": list(actor.sectors),
        f"{prefix}_name": actor.name,
        f"{prefix}_entry": actor.entry,
        f"{prefix}_start": actor.start,
        f"{prefix}_end": actor.end,
    }


def _event_row(event: Event) -> dict[str, Any]:
    loc = event.location
    return {
        "event_id": event.event_id,
        "article_id": event.article_id,
        "sentence_index": event.sentence_index,
        "evidence": event.evidence,
        "start": event.start,
        "end": event.end,
        **_actor_row("source", event.source),
        **_actor_row("target", event.target),
        "cameo": event.cameo,
        "cameo_name": event.cameo_name,
        "cameo_root": event.cameo_root,
        "plover": event.plover,
        "quad_class": event.quad_class,
        "goldstein": event.goldstein,
        "date": _event_date(event.date),
        "location_name": loc.name if loc else None,
        "location_country": loc.country if loc else None,
        "location_lat": loc.lat if loc else None,
        "location_lon": loc.lon if loc else None,
        "location_entry": loc.entry if loc else None,
        "negated": event.negated,
        "mode": event.mode,
        "rule": event.rule,
        "confidence": event.confidence,
        "trigger": event.trigger,
        "trigger_start": event.trigger_start,
        "trigger_end": event.trigger_end,
        "date_precision": event.date_precision,
    }


def _article_row(article: Article, now: datetime) -> dict[str, Any]:
    return {
        "id": article.id,
        "title": article.title,
        "text": article.text,
        "published": article.published,
        "url": article.url,
        "outlet": article.outlet,
        "lang": article.lang,
        "dateline": article.dateline,
        "origin": article.origin,
        "ingested_at": now,
    }


def _actor_mention_row(article_id: str, actor: Actor) -> dict[str, Any]:
    return {
        "article_id": article_id,
        "start": actor.start,
        "end": actor.end,
        "text": actor.text,
        "code": actor.code,
        "country": actor.country,
        "sectors": list(actor.sectors),
        "name": actor.name,
        "entry": actor.entry,
    }


def _quote_row(quote: Quote) -> dict[str, Any]:
    return {
        "quote_id": quote.quote_id,
        "article_id": quote.article_id,
        "sentence_index": quote.sentence_index,
        "kind": quote.kind,
        "content": quote.content,
        "content_start": quote.content_start,
        "content_end": quote.content_end,
        **_actor_row("speaker", quote.speaker),
        "cue": quote.cue,
        "cue_start": quote.cue_start,
        "cue_end": quote.cue_end,
        "rule": quote.rule,
        "confidence": quote.confidence,
    }


def extraction_tables(extractions: Iterable[Extraction], now: datetime) -> dict[str, pa.Table]:
    """Arrow tables (`articles`, `events`, `actors`, `quotes`) with the store's columns.

    The one conversion from Extractions to rows: `Store.write` inserts these tables and the
    Dask engine (`detente.scale`) writes them as Parquet. An event id or actor mention seen
    twice is kept once (the first).
    """
    articles: list[dict[str, Any]] = []
    events: dict[str, dict[str, Any]] = {}
    actors: dict[tuple[str, int, int], dict[str, Any]] = {}
    quotes: dict[str, dict[str, Any]] = {}
    for x in extractions:
        articles.append(_article_row(x.article, now))
        for event in x.events:
            events.setdefault(event.event_id, _event_row(event))
        for actor in x.actors:
            row = _actor_mention_row(x.article.id, actor)
            actors.setdefault((x.article.id, actor.start, actor.end), row)
        for quote in x.quotes:
            quotes.setdefault(quote.quote_id, _quote_row(quote))
    return {
        "articles": pa.Table.from_pylist(articles, schema=_ARTICLE_SCHEMA),
        "events": pa.Table.from_pylist(list(events.values()), schema=_EVENT_SCHEMA),
        "actors": pa.Table.from_pylist(list(actors.values()), schema=_ACTOR_SCHEMA),
        "quotes": pa.Table.from_pylist(list(quotes.values()), schema=_QUOTE_SCHEMA),
    }


def quarantine_table(items: Iterable[Rejected], now: datetime) -> pa.Table:
    """An Arrow table with the `quarantine` columns; the same rejection is kept once."""
    rows: dict[str, dict[str, Any]] = {}
    for item in items:
        qid = content_id(item.origin, item.problem, item.payload)
        rows.setdefault(
            qid,
            {
                "id": qid,
                "origin": item.origin,
                "stage": item.stage,
                "problem": item.problem,
                "payload": item.payload,
                "recorded_at": now,
            },
        )
    return pa.Table.from_pylist(list(rows.values()), schema=_QUARANTINE_SCHEMA)


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


def _as_date(name: str, value: date | str | None) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise StoreError(f"{name}: {value!r} is not an ISO date (YYYY-MM-DD)") from exc


def _nested_actor(row: dict[str, Any], prefix: str) -> dict[str, Any] | None:
    if row.get(f"{prefix}_text") is None:
        return None
    return {
        "text": row[f"{prefix}_text"],
        "code": row[f"{prefix}_code"],
        "country": row[f"{prefix}_country"] or "",
        "sectors": list(row[f"{prefix}_sectors"] or []),
        "name": row[f"{prefix}_name"] or "",
        "start": row[f"{prefix}_start"],
        "end": row[f"{prefix}_end"],
        "entry": row[f"{prefix}_entry"] or "",
    }


def _event_dict(row: dict[str, Any]) -> dict[str, Any]:
    """A flat `events` row in the DESIGN.md output-contract shape (`Event.to_dict`)."""
    location = None
    if row.get("location_name") is not None:
        location = {
            "name": row["location_name"],
            "country": row["location_country"] or "",
            "lat": row["location_lat"],
            "lon": row["location_lon"],
            "entry": row["location_entry"] or "",
        }
    return {
        "kind": "event",
        "event_id": row["event_id"],
        "article_id": row["article_id"],
        "sentence_index": row["sentence_index"],
        "evidence": row["evidence"],
        "start": row["start"],
        "end": row["end"],
        "source": _nested_actor(row, "source"),
        "target": _nested_actor(row, "target"),
        "cameo": row["cameo"],
        "cameo_name": row["cameo_name"],
        "cameo_root": row["cameo_root"],
        "plover": row["plover"],
        "quad_class": row["quad_class"],
        "goldstein": row["goldstein"],
        "date": _iso(row["date"]),
        "location": location,
        "negated": row["negated"],
        "mode": row["mode"],
        "rule": row["rule"],
        "confidence": row["confidence"],
        "trigger": row["trigger"],
        "trigger_start": row["trigger_start"],
        "trigger_end": row["trigger_end"],
        "date_precision": row.get("date_precision"),
    }


def _quote_dict(row: dict[str, Any]) -> dict[str, Any]:
    """A flat `quotes` row in the `Quote.to_dict` shape."""
    return {
        "kind": "quote",
        "quote_id": row["quote_id"],
        "article_id": row["article_id"],
        "sentence_index": row["sentence_index"],
        "quote_kind": row["kind"],
        "content": row["content"],
        "content_start": row["content_start"],
        "content_end": row["content_end"],
        "speaker": _nested_actor(row, "speaker"),
        "cue": row["cue"] or "",
        "cue_start": row["cue_start"],
        "cue_end": row["cue_end"],
        "rule": row["rule"] or "",
        "confidence": row["confidence"],
    }


def _rows(cur: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    names = [d[0] for d in cur.description or ()]
    return [dict(zip(names, values, strict=True)) for values in cur.fetchall()]
