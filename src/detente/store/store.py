"""The DuckDB store: one class that writes Extractions and answers queries over them.

A DuckDB connection is not thread-safe (DESIGN.md), so every method works on its own
cursor taken from the one connection; a Store can be shared by the threads of a server.
Writes go in bulk through Arrow tables registered on the cursor, one transaction per
`write` call, and skip articles already stored, so writing the same article twice changes
nothing.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from detente.errors import StoreError
from detente.store.schema import MIGRATIONS, applied_versions, migrate, utcnow
from detente.types import Actor, Article, Event, Extraction, Quote, Rejected, content_id

LOGGER = logging.getLogger(__name__)

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


class Store:
    """A DuckDB database of articles, events, actor mentions and quarantined inputs.

    >>> with Store(":memory:") as store:
    ...     store.summary()["events"]
    0
    """

    def __init__(self, path: str | Path = "detente.duckdb", *, read_only: bool = False) -> None:
        self.path = str(path)
        self.read_only = read_only
        self._lock = threading.Lock()
        memory = self.path == ":memory:"
        if not memory and Path(self.path).is_dir():
            # A directory of Parquet tables (`detente ingest --engine dask`): read-only views.
            from detente.scale.parquet import open_parquet_views

            self.read_only = True
            self._con = open_parquet_views(Path(self.path))
            return
        if memory and read_only:
            raise StoreError("an in-memory store cannot be opened read-only")
        if not memory:
            file = Path(self.path)
            if read_only and not file.exists():
                raise StoreError(f"store {file} does not exist; write to it once to create it")
            if file.is_dir():
                raise StoreError(f"store path {file} is a directory, not a DuckDB database file")
            if not read_only:
                file.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._con: duckdb.DuckDBPyConnection | None = duckdb.connect(
                self.path, read_only=read_only
            )
        except duckdb.Error as exc:
            raise StoreError(
                f"cannot open {self.path} as a DuckDB database ({exc}); is it a detente "
                "store, and not open for writing in another process?"
            ) from exc
        try:
            if read_only:
                missing = {v for v, _, _ in MIGRATIONS} - applied_versions(self._con)
                if missing:
                    raise StoreError(
                        f"store {self.path} lacks schema migrations {sorted(missing)}; "
                        "open it once read-write to migrate it"
                    )
            else:
                migrate(self._con)
        except BaseException:
            self._con.close()
            self._con = None
            raise

    @classmethod
    def open_parquet(cls, directory: str | Path) -> Store:
        """A read-only store over a directory of Parquet tables (`DIR/<table>/*.parquet`)."""
        if not Path(directory).is_dir():
            raise StoreError(f"{directory} is not a directory of Parquet tables")
        return cls(directory, read_only=True)

    # -- lifecycle ---------------------------------------------------------------------

    def close(self) -> None:
        with self._lock:
            if self._con is not None:
                self._con.close()
                self._con = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        mode = "read-only" if self.read_only else "read-write"
        return f"Store({self.path!r}, {mode})"

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A new cursor on the store's database, for use by one thread; close it after."""
        with self._lock:
            if self._con is None:
                raise StoreError(f"store {self.path} is closed")
            return self._con.cursor()

    @contextmanager
    def _cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        cur = self.cursor()
        try:
            yield cur
        finally:
            cur.close()

    def _query(self, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        with self._cursor() as cur:
            try:
                cur.execute(sql, params or [])
            except duckdb.Error as exc:
                raise StoreError(f"query on {self.path} failed: {exc}") from exc
            return _rows(cur)

    def _scalar(self, sql: str, params: list[Any] | None = None) -> Any:
        rows = self._query(sql, params)
        return next(iter(rows[0].values())) if rows else None

    def _require_writable(self) -> None:
        if self.read_only:
            raise StoreError(f"store {self.path} is open read-only; it cannot be written")

    # -- writing -----------------------------------------------------------------------

    def write(
        self,
        extractions: Iterable[Extraction],
        *,
        within: Callable[[duckdb.DuckDBPyConnection, WriteResult], None] | None = None,
    ) -> WriteResult:
        """Write extractions in ONE transaction; articles already stored are skipped.

        `within(cursor, result)`, when given, runs inside the same transaction after the
        extractions are written (the ingest runner links duplicates there), so both are
        committed together or not at all. On any error nothing is written and StoreError
        is raised.
        """
        self._require_writable()
        unique: dict[str, Extraction] = {}
        for extraction in extractions:
            unique.setdefault(extraction.article.id, extraction)
        if not unique and within is None:
            return WriteResult()
        with self._cursor() as cur:
            cur.begin()
            try:
                result = self._write_batch(cur, unique) if unique else WriteResult()
                if within is not None:
                    within(cur, result)
                cur.commit()
            except BaseException as exc:
                cur.rollback()
                if isinstance(exc, StoreError) or not isinstance(exc, Exception):
                    raise
                raise StoreError(
                    f"writing {len(unique)} article(s) to {self.path} failed, nothing was "
                    f"written: {type(exc).__name__}: {exc}"
                ) from exc
        LOGGER.debug("store write: %s", result)
        return result

    def _write_batch(
        self, cur: duckdb.DuckDBPyConnection, unique: dict[str, Extraction]
    ) -> WriteResult:
        ids = list(unique)
        cur.execute("SELECT id FROM articles WHERE list_contains(?::VARCHAR[], id)", [ids])
        existing = {row[0] for row in cur.fetchall()}
        new = [x for aid, x in unique.items() if aid not in existing]
        if not new:
            return WriteResult(articles_existing=len(existing))
        tables = extraction_tables(new, utcnow())
        counts: dict[str, int] = {}
        for table, data in tables.items():
            view = f"_detente_batch_{table}"
            cur.register(view, data)
            try:
                # An event id already stored (from another article) is kept as it is.
                guard = (
                    "WHERE event_id NOT IN (SELECT event_id FROM events)"
                    if table == "events"
                    else ""
                )
                cur.execute(f"INSERT INTO {table} BY NAME SELECT * FROM {view} {guard}")
                row = cur.fetchone()
                counts[table] = int(row[0]) if row else 0
                if table == "events":  # each event's first mention: the article it was read from
                    cur.execute(
                        "INSERT OR IGNORE INTO event_mentions SELECT event_id, article_id, "
                        f"sentence_index, start, \"end\", 'coded', 1.0 FROM {view}"
                    )
            finally:
                cur.unregister(view)
        return WriteResult(
            articles_new=counts["articles"],
            articles_existing=len(existing),
            events_new=counts["events"],
            new_article_ids=tuple(x.article.id for x in new),
        )

    def has_articles(self, ids: Iterable[str]) -> set[str]:
        """The subset of `ids` already stored."""
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return set()
        rows = self._query(
            "SELECT id FROM articles WHERE list_contains(?::VARCHAR[], id)", [wanted]
        )
        return {row["id"] for row in rows}

    def quarantine(self, items: Iterable[Rejected]) -> int:
        """Record rejected inputs; the same (origin, problem, payload) is kept once.

        Returns how many were new.
        """
        self._require_writable()
        data = quarantine_table(items, utcnow())
        if not data.num_rows:
            return 0
        with self._cursor() as cur:
            cur.register("_detente_batch_quarantine", data)
            try:
                cur.execute(
                    "INSERT INTO quarantine BY NAME SELECT * FROM _detente_batch_quarantine "
                    "WHERE id NOT IN (SELECT id FROM quarantine)"
                )
                row = cur.fetchone()
            except duckdb.Error as exc:
                raise StoreError(f"recording quarantined inputs failed: {exc}") from exc
            finally:
                cur.unregister("_detente_batch_quarantine")
        return int(row[0]) if row else 0

    def quarantined(self, limit: int = 100) -> list[dict[str, Any]]:
        """The most recently quarantined inputs, newest first."""
        rows = self._query(
            "SELECT id, origin, stage, problem, payload, recorded_at FROM quarantine "
            "ORDER BY recorded_at DESC, id LIMIT ?",
            [max(0, int(limit))],
        )
        for row in rows:
            row["recorded_at"] = _iso(row["recorded_at"])
        return rows

    # -- reading -----------------------------------------------------------------------

    @staticmethod
    def _where(
        *,
        actor: str | None = None,
        source: str | None = None,
        target: str | None = None,
        pair: tuple[str, str] | None = None,
        code: str | None = None,
        quad_class: int | None = None,
        since: date | str | None = None,
        until: date | str | None = None,
        text: str | None = None,
        article_id: str | None = None,
    ) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if actor:
            clauses.append("(starts_with(source_code, ?) OR starts_with(target_code, ?))")
            params += [actor, actor]
        if source:
            clauses.append("starts_with(source_code, ?)")
            params.append(source)
        if target:
            clauses.append("starts_with(target_code, ?)")
            params.append(target)
        if pair:
            if len(pair) != 2 or not all(pair):
                raise StoreError(f"pair must be two actor codes, got {pair!r}")
            a, b = pair
            clauses.append(
                "((starts_with(source_code, ?) AND starts_with(target_code, ?))"
                " OR (starts_with(source_code, ?) AND starts_with(target_code, ?)))"
            )
            params += [a, b, b, a]
        if code:
            clauses.append("starts_with(cameo, ?)")
            params.append(code)
        if quad_class is not None:
            clauses.append("quad_class = ?")
            params.append(int(quad_class))
        since_d = _as_date("since", since)
        if since_d:
            clauses.append("date >= ?")
            params.append(since_d)
        until_d = _as_date("until", until)
        if until_d:
            clauses.append("date <= ?")
            params.append(until_d)
        if text:
            clauses.append("strpos(lower(evidence), lower(?)) > 0")
            params.append(text)
        if article_id:
            clauses.append("article_id = ?")
            params.append(article_id)
        where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        return where, params

    def events(
        self,
        *,
        actor: str | None = None,
        pair: tuple[str, str] | None = None,
        code: str | None = None,
        quad_class: int | None = None,
        since: date | str | None = None,
        until: date | str | None = None,
        text: str | None = None,
        article_id: str | None = None,
        source: str | None = None,
        target: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Events matching every given filter, newest first, in the output-contract shape.

        `actor` matches the source or target code by prefix ("RUS" matches "RUSGOV");
        `source`/`target` match one side by prefix; `pair` matches both directions by
        prefix; `code` is a CAMEO code prefix ("11" matches "112"); `since`/`until` are
        inclusive; `text` is a case-insensitive substring of the evidence.
        """
        if limit < 0 or offset < 0:
            raise StoreError(f"limit and offset must be >= 0, got {limit} and {offset}")
        where, params = self._where(
            actor=actor,
            source=source,
            target=target,
            pair=pair,
            code=code,
            quad_class=quad_class,
            since=since,
            until=until,
            text=text,
            article_id=article_id,
        )
        rows = self._query(
            f"SELECT * FROM events {where} ORDER BY date DESC NULLS LAST, event_id "
            "LIMIT ? OFFSET ?",
            [*params, int(limit), int(offset)],
        )
        return [_event_dict(row) for row in rows]

    def count_events(
        self,
        *,
        actor: str | None = None,
        pair: tuple[str, str] | None = None,
        code: str | None = None,
        quad_class: int | None = None,
        since: date | str | None = None,
        until: date | str | None = None,
        text: str | None = None,
        article_id: str | None = None,
        source: str | None = None,
        target: str | None = None,
    ) -> int:
        """How many events `events()` would return with the same filters and no limit."""
        where, params = self._where(
            actor=actor,
            source=source,
            target=target,
            pair=pair,
            code=code,
            quad_class=quad_class,
            since=since,
            until=until,
            text=text,
            article_id=article_id,
        )
        return int(self._scalar(f"SELECT count(*) AS n FROM events {where}", params) or 0)

    def event(self, event_id: str) -> dict[str, Any] | None:
        """One event with its article's title, url, outlet and published date."""
        rows = self._query("SELECT * FROM events WHERE event_id = ?", [event_id])
        if not rows:
            return None
        out = _event_dict(rows[0])
        cols = ", ".join(_ARTICLE_SUMMARY_COLUMNS)
        arts = self._query(f"SELECT {cols} FROM articles WHERE id = ?", [out["article_id"]])
        out["article"] = {k: _iso(v) for k, v in arts[0].items()} if arts else None
        out["mentions"] = self.mentions(event_id)
        out["mention_count"] = len(out["mentions"])
        return out

    def mentions(self, event_id: str) -> list[dict[str, Any]]:
        """Every article that reports an event: the one it was coded from, then duplicates."""
        return self._query(
            "SELECT article_id, sentence_index, kind, similarity FROM event_mentions "
            "WHERE event_id = ? ORDER BY kind, article_id",
            [event_id],
        )

    def article(self, article_id: str) -> dict[str, Any] | None:
        """One stored article (all its fields) with the number of events read from it."""
        rows = self._query(
            "SELECT a.*, (SELECT count(*) FROM events e WHERE e.article_id = a.id) "
            "AS event_count FROM articles a WHERE a.id = ?",
            [article_id],
        )
        if not rows:
            return None
        return {k: _iso(v) for k, v in rows[0].items()}

    @staticmethod
    def _quote_where(
        article_id: str | None, speaker: str | None, q: str | None
    ) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if article_id:
            clauses.append("article_id = ?")
            params.append(article_id)
        if speaker:
            clauses.append("starts_with(speaker_code, ?)")
            params.append(speaker)
        if q:
            clauses.append("strpos(lower(content), lower(?)) > 0")
            params.append(q)
        return ("WHERE " + " AND ".join(clauses)) if clauses else "", params

    def quotes(
        self,
        *,
        article_id: str | None = None,
        speaker: str | None = None,
        q: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Quotes matching every given filter, in article and text order (`Quote.to_dict`).

        `speaker` matches the speaker's actor code by prefix ("RUS" matches "RUSGOV"); `q`
        is a case-insensitive substring of the quoted content.
        """
        if limit < 0 or offset < 0:
            raise StoreError(f"limit and offset must be >= 0, got {limit} and {offset}")
        where, params = self._quote_where(article_id, speaker, q)
        rows = self._query(
            f"SELECT * FROM quotes {where} ORDER BY article_id, content_start, quote_id "
            "LIMIT ? OFFSET ?",
            [*params, int(limit), int(offset)],
        )
        return [_quote_dict(row) for row in rows]

    def count_quotes(
        self, *, article_id: str | None = None, speaker: str | None = None, q: str | None = None
    ) -> int:
        """How many quotes `quotes()` would return with the same filters and no limit."""
        where, params = self._quote_where(article_id, speaker, q)
        return int(self._scalar(f"SELECT count(*) AS n FROM quotes {where}", params) or 0)

    def summary(self, top: int = 10) -> dict[str, Any]:
        """Counts of articles, events and quarantined inputs, and the busiest dyads."""
        counts = self._query(
            "SELECT (SELECT count(*) FROM articles) AS articles, "
            "(SELECT count(*) FROM events) AS events, "
            "(SELECT count(*) FROM quarantine) AS quarantined"
        )[0]
        pairs = self._query(
            "SELECT source_code AS source, target_code AS target, count(*) AS events "
            "FROM events WHERE target_code IS NOT NULL AND target_code <> '' "
            "AND source_code <> '' GROUP BY source_code, target_code "
            "ORDER BY events DESC, source, target LIMIT ?",
            [max(0, int(top))],
        )
        return {**{k: int(v) for k, v in counts.items()}, "top_pairs": pairs}


__all__ = ["Store", "WriteResult"]
