"""The Python API for notebooks: `detente.open_store(path)` and DataFrames out.

    >>> import detente
    >>> with detente.open_store("detente.duckdb") as db:        # doctest: +SKIP
    ...     db.events(actor="RUS", since="2018-01-01")           # pandas DataFrame
    ...     db.dyad("PAK", "RUS", interval="month")              # series; .attrs["trend"]
    ...     db.network(level="country")                          # networkx.DiGraph

Every method calls the same functions as the CLI and the HTTP API, so the figures agree.
"""

from __future__ import annotations

import logging
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import networkx as nx
import pandas as pd

from detente.analysis.dyads import dyad_series
from detente.analysis.network import actor_network
from detente.analysis.trends import top_pair_trends
from detente.errors import QueryError, StoreError
from detente.store import analytics
from detente.store.store import Store

LOGGER = logging.getLogger(__name__)

DYAD_COLUMNS = ("period", "events", "q1", "q2", "q3", "q4", "goldstein_sum", "goldstein_mean")


def _day(name: str, value: date | str | None) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise QueryError(f"{name}: {value!r} is not an ISO date (YYYY-MM-DD)") from exc


def to_polars(frame: pd.DataFrame) -> Any:
    """`frame` as a polars DataFrame; needs polars installed (not a detente dependency)."""
    try:
        import polars as pl
    except ImportError as exc:
        raise ImportError("to_polars needs polars: pip install polars") from exc
    return pl.from_pandas(frame)


class EventStore:
    """A detente store opened for analysis (read-only by default)."""

    def __init__(self, path: str | Path, *, read_only: bool = True) -> None:
        self.store = Store(path, read_only=read_only)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> EventStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"EventStore({self.store.path!r})"

    def summary(self) -> dict[str, Any]:
        return self.store.summary()

    def events(
        self,
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
        limit: int | None = None,
    ) -> pd.DataFrame:
        """Stored events, newest first, one row each (flat columns: source_code, cameo,
        goldstein, location_lat, ...). Filters as `Store.events`; no limit by default."""
        where, params = Store._where(
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
        with analytics.cursor(self.store) as cur:
            return analytics.events_frame(cur, where, params, limit=limit)

    def quotes(
        self,
        *,
        speaker: str | None = None,
        article_id: str | None = None,
        limit: int | None = None,
    ) -> pd.DataFrame:
        """Stored quotes (speaker by code prefix); an empty frame when the store has no
        quotes table (a store made before quotes were extracted)."""
        with analytics.cursor(self.store) as cur:
            if not analytics.has_table(cur, "quotes"):
                LOGGER.info("store %s has no quotes table", self.store.path)
                return pd.DataFrame()
            columns = analytics.table_columns(cur, "quotes")
            clauses: list[str] = []
            params: list[Any] = []
            if speaker:
                if "speaker_code" not in columns:
                    raise QueryError("this store's quotes have no speaker_code column")
                clauses.append("starts_with(speaker_code, ?)")
                params.append(speaker.upper())
            if article_id:
                clauses.append("article_id = ?")
                params.append(article_id)
            where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
            order = " ORDER BY article_id" if "article_id" in columns else ""
            sql = f"SELECT * FROM quotes {where}{order}"
            if limit is not None:
                sql += f" LIMIT {int(limit)}"
            try:
                return cur.execute(sql, params).df()
            except duckdb.Error as exc:
                raise StoreError(f"quotes query failed: {exc}") from exc

    def dyad(
        self,
        a: str,
        b: str,
        *,
        interval: str = "month",
        since: date | str | None = None,
        until: date | str | None = None,
        directed: bool = False,
        window: int | None = None,
    ) -> pd.DataFrame:
        """The dyad series (zero-filled) as a DataFrame; its trend is in `.attrs["trend"]`."""
        series = dyad_series(
            self.store,
            a,
            b,
            interval=interval,
            since=_day("since", since),
            until=_day("until", until),
            directed=directed,
            window=window,
        )
        frame = pd.DataFrame([asdict(p) for p in series.periods], columns=list(DYAD_COLUMNS))
        frame["period"] = pd.to_datetime(frame["period"])
        frame.attrs["trend"] = series.trend.to_dict()
        frame.attrs.update(a=series.a, b=series.b, interval=interval, directed=directed)
        return frame

    def trends(
        self,
        *,
        since: date | str | None = None,
        until: date | str | None = None,
        top: int = 20,
        min_events: int = 3,
        interval: str = "month",
    ) -> pd.DataFrame:
        """The most active undirected pairs with their trends, one row each."""
        items = top_pair_trends(
            self.store,
            since=_day("since", since),
            until=_day("until", until),
            top=top,
            min_events=min_events,
            interval=interval,
        )
        columns = [
            "a",
            "b",
            "events",
            "goldstein_mean",
            "slope",
            "stderr",
            "ci_low",
            "ci_high",
            "direction",
            "window_start",
            "window_end",
            "n_periods",
        ]
        return pd.DataFrame([t.to_dict() for t in items], columns=columns)

    def network(
        self,
        *,
        since: date | str | None = None,
        until: date | str | None = None,
        level: str = "code",
        min_events: int = 1,
        limit: int = 200,
    ) -> nx.DiGraph:
        """The actor network of the period as a networkx DiGraph (see analysis.network)."""
        return actor_network(
            self.store,
            since=_day("since", since),
            until=_day("until", until),
            level=level,
            min_events=min_events,
            limit=limit,
        )

    def to_polars(self, frame: pd.DataFrame) -> Any:
        return to_polars(frame)


def open_store(path: str | Path, *, read_only: bool = True) -> EventStore:
    """Open a detente store for analysis in a notebook."""
    return EventStore(path, read_only=read_only)


__all__ = ["EventStore", "open_store", "to_polars"]
