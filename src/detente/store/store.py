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
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from detente.errors import StoreError
from detente.store import aggregates
from detente.store.records import (
    _ARTICLE_SUMMARY_COLUMNS,
    WriteResult,
    _as_date,
    _event_dict,
    _iso,
    _quote_dict,
    _rows,
    extraction_tables,
    quarantine_table,
)
from detente.store.schema import MIGRATIONS, applied_versions, migrate, utcnow
from detente.types import Extraction, Rejected

LOGGER = logging.getLogger(__name__)


def _unstored_events(cur: duckdb.DuckDBPyConnection, data: pa.Table) -> pa.Table:
    """The rows of an events batch whose event id is not stored yet.

    The batch's ids are looked up with list_contains, which DuckDB answers from the primary
    key's index (about 5 ms at 1M events); an anti-join over every stored event id took
    80 ms a batch there (bench/analysis_speed.py's store).
    """
    ids = data.column("event_id")
    cur.execute(
        "SELECT event_id FROM events WHERE list_contains(?::VARCHAR[], event_id)",
        [ids.to_pylist()],
    )
    stored = [row[0] for row in cur.fetchall()]
    if not stored:
        return data
    return data.filter(pc.invert(pc.is_in(ids, value_set=pa.array(stored, pa.string()))))


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
            source = view
            try:
                if table == "events":
                    # An event id already stored (from another article) is kept as it is.
                    source = "_detente_batch_new_events"
                    cur.register(source, _unstored_events(cur, data))
                    # The pair aggregates take exactly the rows inserted below.
                    aggregates.add_events(cur, source)
                cur.execute(f"INSERT INTO {table} BY NAME SELECT * FROM {source}")
                row = cur.fetchone()
                counts[table] = int(row[0]) if row else 0
                if table == "events":  # each event's first mention: the article it was read from
                    cur.execute(
                        "INSERT OR IGNORE INTO event_mentions SELECT event_id, article_id, "
                        f"sentence_index, start, \"end\", 'coded', 1.0 FROM {view}"
                    )
            finally:
                cur.unregister(view)
                if source != view:
                    cur.unregister(source)
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
