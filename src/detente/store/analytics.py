"""Aggregate queries over the `events` table for the analysis layer (dyads, trends, network,
map, notebook frames).

Every function takes a DuckDB cursor (one per request or thread, DESIGN.md) and returns
plain Python values or a pandas DataFrame; the grouping and sums happen in DuckDB SQL.
Actor arguments are CAMEO code prefixes ("PAK" matches PAKGOV, PAKMIL, ...). Negated events
("did not attack") are left out of every aggregate unless `include_negated` is set: the
coder flags them because they did not happen.

The dyad, pair-trend and network queries read the pair aggregates (`store.aggregates`:
per-day and all-time sums per directed pair, maintained on every write) instead of the
events when they can: negated events left out, and a maintained DuckDB table (a Parquet
directory store has views only). Both paths give the same rows (tests/test_pair_aggregates.py).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any

import duckdb

from detente.errors import QueryError, StoreError
from detente.store import aggregates

if TYPE_CHECKING:
    import pandas as pd

    from detente.store.store import Store

LOGGER = logging.getLogger(__name__)

# Bucket widths accepted for time series; DuckDB's date_trunc part names. "week" buckets
# start on Monday (ISO 8601, DuckDB's date_trunc('week')).
INTERVALS = ("day", "week", "month")
# Event ids listed per location by the map query (newest first); the count is always exact.
MAP_EVENT_IDS = 100
# Columns of the events table a notebook frame holds by default (everything but offsets).
FRAME_COLUMNS = (
    "event_id",
    "article_id",
    "date",
    "source_code",
    "source_country",
    "source_text",
    "target_code",
    "target_country",
    "target_text",
    "cameo",
    "cameo_name",
    "cameo_root",
    "plover",
    "quad_class",
    "goldstein",
    "location_name",
    "location_country",
    "location_lat",
    "location_lon",
    "negated",
    "mode",
    "rule",
    "confidence",
    "evidence",
)


@contextmanager
def cursor(store: Store) -> Iterator[duckdb.DuckDBPyConnection]:
    """One cursor on `store` for the duration of a request; closed after."""
    cur = store.cursor()
    try:
        yield cur
    finally:
        cur.close()


def _run(cur: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    try:
        return cur.execute(sql, params).fetchall()
    except duckdb.Error as exc:
        raise StoreError(f"analysis query failed: {exc}") from exc


def check_interval(interval: str) -> str:
    if interval not in INTERVALS:
        raise QueryError(f"interval must be one of {', '.join(INTERVALS)}, got {interval!r}")
    return interval


def check_actor(name: str, value: str) -> str:
    """An actor code prefix, upper-cased; letters and digits only."""
    code = (value or "").strip().upper()
    if not code or not code.isalnum() or not code.isascii():
        raise QueryError(
            f"{name} must be a CAMEO actor code or prefix (letters, digits), got {value!r}"
        )
    return code


def check_range(since: date | None, until: date | None) -> None:
    if since and until and since > until:
        raise QueryError(f"since ({since}) is after until ({until})")


def _common_where(
    since: date | None, until: date | None, include_negated: bool
) -> tuple[list[str], list[Any]]:
    clauses = ["date IS NOT NULL"]
    params: list[Any] = []
    if not include_negated:
        clauses.append("NOT negated")
    if since:
        clauses.append("date >= ?")
        params.append(since)
    if until:
        clauses.append("date <= ?")
        params.append(until)
    return clauses, params


def _quad_sums(n: str = "count(*)") -> str:
    return ", ".join(
        f"coalesce({n} FILTER (WHERE quad_class = {q}), 0)::BIGINT AS q{q}" for q in (1, 2, 3, 4)
    )


@dataclass(frozen=True, slots=True)
class _Source:
    """Where an aggregate query reads: `events`, or a pair aggregate (store.aggregates),
    with the SQL for its counts and Goldstein sums."""

    table: str
    n: str
    goldstein_n: str
    goldstein_sum: str
    goldstein_sumsq: str


_EVENTS = _Source(
    "events", "count(*)", "count(goldstein)", "sum(goldstein)", "sum(goldstein * goldstein)"
)
_PAIR_DAYS = _Source(
    "pair_days", "sum(events)", "sum(goldstein_n)", "sum(goldstein_sum)", "sum(goldstein_sumsq)"
)
_PAIR_TOTALS = replace(_PAIR_DAYS, table="pair_totals")


def _use_aggregates(cur: duckdb.DuckDBPyConnection, include_negated: bool) -> bool:
    """Whether a query may read the pair aggregates: they hold non-negated events only, and
    are maintained tables only in a DuckDB store (views in a Parquet one)."""
    if include_negated:
        return False
    try:
        return aggregates.ready(cur)
    except duckdb.Error as exc:
        raise StoreError(f"analysis query failed: {exc}") from exc


def _date_where(since: date | None, until: date | None) -> tuple[list[str], list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if since:
        clauses.append("date >= ?")
        params.append(since)
    if until:
        clauses.append("date <= ?")
        params.append(until)
    return clauses, params


def dyad_periods(
    cur: duckdb.DuckDBPyConnection,
    a: str,
    b: str,
    *,
    interval: str = "month",
    since: date | None = None,
    until: date | None = None,
    directed: bool = False,
    include_negated: bool = False,
) -> list[dict[str, Any]]:
    """Per-period aggregates for events between actor prefixes `a` and `b`, periods with
    events only, oldest first.

    Each row: period (date), events, q1..q4, goldstein_n (events with a Goldstein value),
    goldstein_sum, goldstein_sumsq. `directed` keeps only a -> b.
    """
    check_interval(interval)
    if _use_aggregates(cur, include_negated):
        src = _PAIR_DAYS  # dated, non-negated events only, as the clauses below ask
        clauses, params = _date_where(since, until)
    else:
        src = _EVENTS
        clauses, params = _common_where(since, until, include_negated)
    pair = "(starts_with(source_code, ?) AND starts_with(target_code, ?))"
    if directed:
        clauses.append(pair)
        params += [a, b]
    else:
        clauses.append(f"({pair} OR {pair})")
        params += [a, b, b, a]
    sql = (
        f"SELECT date_trunc('{interval}', date)::DATE AS period, {src.n}::BIGINT AS events, "
        f"{_quad_sums(src.n)}, {src.goldstein_n}::BIGINT AS goldstein_n, "
        f"coalesce({src.goldstein_sum}, 0) AS goldstein_sum, "
        f"coalesce({src.goldstein_sumsq}, 0) AS goldstein_sumsq "
        f"FROM {src.table} WHERE {' AND '.join(clauses) or 'TRUE'} GROUP BY 1 ORDER BY 1"
    )
    names = (
        "period",
        "events",
        "q1",
        "q2",
        "q3",
        "q4",
        "goldstein_n",
        "goldstein_sum",
        "goldstein_sumsq",
    )
    return [dict(zip(names, row, strict=True)) for row in _run(cur, sql, params)]


def _pair_key(level: str, side: str) -> str:
    """SQL for an actor's node id at `level`: its code, or its country (the code when the
    actor has no country, e.g. an international organisation)."""
    if level == "country":
        return f"coalesce(nullif({side}_country, ''), {side}_code)"
    return f"{side}_code"


def pair_periods(
    cur: duckdb.DuckDBPyConnection,
    *,
    interval: str = "month",
    since: date | None = None,
    until: date | None = None,
    top: int = 20,
    min_events: int = 1,
    include_negated: bool = False,
) -> list[dict[str, Any]]:
    """The `top` most active undirected pairs of actor codes (at least `min_events` events
    with a date), each with its per-period aggregates.

    Rows: a, b (a < b), pair_events, period, events, goldstein_n, goldstein_sum,
    goldstein_sumsq; ordered by pair activity, then period.
    """
    check_interval(interval)
    if _use_aggregates(cur, include_negated):
        # Pair aggregates hold non-negated edge events only; undated ones are not in
        # pair_days, and are the `NOT dated` rows of pair_totals.
        dated, params = _date_where(since, until)
        where = " AND ".join([*dated, "source_code <> target_code"])
        periods = _PAIR_DAYS
        # Without a date range the ranking reads the all-time sums (far fewer rows).
        ranked, rank_where = (_PAIR_DAYS, where) if dated else (_PAIR_TOTALS, f"dated AND {where}")
    else:
        clauses, params = _common_where(since, until, include_negated)
        clauses += [
            "target_code IS NOT NULL",
            "target_code <> ''",
            "source_code <> ''",
            "source_code <> target_code",
        ]
        ranked = periods = _EVENTS
        where = rank_where = " AND ".join(clauses)
    # Directed counts first (a cheap GROUP BY on the stored columns), folded into undirected
    # pairs over those few rows; then the periods of the chosen pairs only, through a join
    # on both directions. Computing least()/greatest() over every event is 3x slower.
    sql = f"""
        WITH directed AS (
            SELECT source_code AS s, target_code AS t, {ranked.n} AS n
            FROM {ranked.table} WHERE {rank_where} GROUP BY 1, 2
        ),
        pairs AS (
            SELECT least(s, t) AS a, greatest(s, t) AS b, sum(n) AS pair_events
            FROM directed GROUP BY 1, 2 HAVING sum(n) >= ?
            ORDER BY pair_events DESC, a, b LIMIT ?
        ),
        sides AS (
            SELECT a AS s, b AS t, a, b, pair_events FROM pairs
            UNION ALL SELECT b AS s, a AS t, a, b, pair_events FROM pairs
        )
        SELECT d.a, d.b, d.pair_events,
               date_trunc('{interval}', date)::DATE AS period,
               {periods.n}::BIGINT AS events, {periods.goldstein_n}::BIGINT AS goldstein_n,
               coalesce({periods.goldstein_sum}, 0) AS goldstein_sum,
               coalesce({periods.goldstein_sumsq}, 0) AS goldstein_sumsq
        FROM {periods.table} e JOIN sides d ON e.source_code = d.s AND e.target_code = d.t
        WHERE {where}
        GROUP BY d.a, d.b, d.pair_events, period
        ORDER BY d.pair_events DESC, d.a, d.b, period
    """
    names = (
        "a",
        "b",
        "pair_events",
        "period",
        "events",
        "goldstein_n",
        "goldstein_sum",
        "goldstein_sumsq",
    )
    rows = _run(cur, sql, [*params, int(min_events), int(top), *params])
    return [dict(zip(names, row, strict=True)) for row in rows]


def network_edges(
    cur: duckdb.DuckDBPyConnection,
    *,
    since: date | None = None,
    until: date | None = None,
    level: str = "code",
    min_events: int = 1,
    limit: int = 200,
    include_negated: bool = False,
) -> list[dict[str, Any]]:
    """Directed edges source -> target with counts, Goldstein sums and quad-class counts,
    the `limit` busiest with at least `min_events` events.

    Events without a target are not edges. Rows also carry `source_country` and
    `target_country` (see `node_countries`).
    """
    if level not in ("code", "country"):
        raise QueryError(f"level must be 'code' or 'country', got {level!r}")
    clauses, params = _date_where(since, until)
    if _use_aggregates(cur, include_negated):
        # Edge events only, negated ones left out; undated ones are in pair_totals only.
        table = _PAIR_DAYS if clauses else _PAIR_TOTALS
    else:
        table = _EVENTS
        clauses += ["target_code IS NOT NULL", "target_code <> ''", "source_code <> ''"]
        if not include_negated:
            clauses.append("NOT negated")
    where = " AND ".join(clauses) or "TRUE"
    src, tgt = _pair_key(level, "source"), _pair_key(level, "target")
    if table is _EVENTS:
        # Two stages: group the events by (source, target, quad class) with plain counts
        # and sums, then fold the quad classes over those rows. Measured on 1M events
        # (bench/analysis_speed.py) this takes 60% of the CPU of one GROUP BY with four
        # FILTERed counts.
        rows_from = (
            f"(SELECT {src} AS source, {tgt} AS target, quad_class, count(*) AS events, "
            "count(goldstein) AS goldstein_n, sum(goldstein) AS goldstein_sum "
            f"FROM events WHERE {where} GROUP BY 1, 2, 3)"
        )
        src, tgt, outer_where = "source", "target", "TRUE"
    else:
        # Rows already summed: one GROUP BY is faster here (14 vs 31 ms on the 80,000 rows
        # of pair_totals for 1M events, bench/analysis_speed.py's store).
        rows_from, outer_where = table.table, where
    quads = ", ".join(f"sum(events) FILTER (WHERE quad_class = {q}) AS q{q}" for q in (1, 2, 3, 4))
    sql = f"""
        SELECT {src} AS source, {tgt} AS target, sum(events) AS events,
               coalesce(sum(goldstein_sum), 0) AS goldstein_sum,
               sum(goldstein_sum) / nullif(sum(goldstein_n), 0) AS goldstein_mean, {quads}
        FROM {rows_from} WHERE {outer_where} GROUP BY 1, 2 HAVING sum(events) >= ?
        ORDER BY events DESC, source, target LIMIT ?
    """
    names = (
        "source",
        "target",
        "events",
        "goldstein_sum",
        "goldstein_mean",
        "q1",
        "q2",
        "q3",
        "q4",
    )
    rows = [
        dict(zip(names, row, strict=True))
        for row in _run(cur, sql, [*params, int(min_events), int(limit)])
    ]
    nodes = {r[k] for r in rows for k in ("source", "target")}
    countries = node_countries(cur, nodes, level, where, params, table=table.table)
    for row in rows:
        for k in ("q1", "q2", "q3", "q4"):
            row[k] = int(row[k] or 0)
        row["source_country"] = countries.get(row["source"], "")
        row["target_country"] = countries.get(row["target"], "")
    return rows


def node_countries(
    cur: duckdb.DuckDBPyConnection,
    nodes: set[str],
    level: str,
    where: str = "TRUE",
    params: list[Any] | None = None,
    *,
    table: str = "events",
) -> dict[str, str]:
    """The country of each network node: at country level the node itself (when it is a
    country), at code level the country recorded with the code (one code, one country).

    Looked up among the rows of `table` (`events` or a pair aggregate) matching `where`
    (the network's date filters, so DuckDB's zone maps skip other dates), on the source
    side first and on the target side only for
    nodes never seen as a source: one scan instead of two for most networks.
    """
    key = "country" if level == "country" else "code"
    found: dict[str, str] = {}
    for side in ("source", "target"):
        wanted = sorted(nodes - set(found))
        if not wanted:
            break
        sql = (
            f"SELECT {side}_{key}, max({side}_country) FROM {table} WHERE {where} "
            f"AND {side}_{key} IN (SELECT unnest(?::VARCHAR[])) GROUP BY 1"
        )
        for node, country in _run(cur, sql, [*(params or []), wanted]):
            found[node] = country or ""
    return found


def map_locations(
    cur: duckdb.DuckDBPyConnection,
    *,
    since: date | None = None,
    until: date | None = None,
    actor: str | None = None,
    code: str | None = None,
    quad_class: int | None = None,
    limit: int = 500,
    include_negated: bool = False,
) -> list[dict[str, Any]]:
    """Located events (a place with coordinates) grouped by place, busiest first, each with
    quad-class counts and the ids of up to MAP_EVENT_IDS of its newest events."""
    clauses = ["location_lat IS NOT NULL", "location_lon IS NOT NULL"]
    params: list[Any] = []
    if not include_negated:
        clauses.append("NOT negated")
    if since:
        clauses.append("date >= ?")
        params.append(since)
    if until:
        clauses.append("date <= ?")
        params.append(until)
    if actor:
        clauses.append("(starts_with(source_code, ?) OR starts_with(target_code, ?))")
        params += [actor, actor]
    if code:
        clauses.append("starts_with(cameo, ?)")
        params.append(code)
    if quad_class is not None:
        clauses.append("quad_class = ?")
        params.append(int(quad_class))
    sql = (
        "SELECT location_name AS name, coalesce(location_country, '') AS country, "
        "location_lat AS lat, location_lon AS lon, count(*) AS events, "
        f"{_quad_sums()}, "
        f"list(event_id ORDER BY date DESC NULLS LAST, event_id)[1:{MAP_EVENT_IDS}] "
        "AS event_ids "
        f"FROM events WHERE {' AND '.join(clauses)} GROUP BY 1, 2, 3, 4 "
        "ORDER BY events DESC, name LIMIT ?"
    )
    names = ("name", "country", "lat", "lon", "events", "q1", "q2", "q3", "q4", "event_ids")
    rows = _run(cur, sql, [*params, int(limit)])
    return [dict(zip(names, row, strict=True)) for row in rows]


def events_frame(
    cur: duckdb.DuckDBPyConnection,
    where: str,
    params: list[Any],
    *,
    columns: tuple[str, ...] = FRAME_COLUMNS,
    limit: int | None = None,
) -> pd.DataFrame:
    """Events as a pandas DataFrame; `where`/`params` come from `Store._where`."""
    cols = ", ".join(f'"{c}"' for c in columns)
    sql = f"SELECT {cols} FROM events {where} ORDER BY date DESC NULLS LAST, event_id"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    try:
        return cur.execute(sql, params).df()
    except duckdb.Error as exc:
        raise StoreError(f"events query failed: {exc}") from exc


def has_table(cur: duckdb.DuckDBPyConnection, name: str) -> bool:
    row = cur.execute(
        "SELECT count(*) FROM information_schema.tables "
        "WHERE table_name = ? AND table_schema = current_schema()",
        [name],
    ).fetchone()
    return bool(row and row[0])


def table_columns(cur: duckdb.DuckDBPyConnection, name: str) -> list[str]:
    rows = cur.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = ? AND table_schema = current_schema() ORDER BY ordinal_position",
        [name],
    ).fetchall()
    return [r[0] for r in rows]


__all__ = [
    "INTERVALS",
    "check_actor",
    "check_interval",
    "check_range",
    "cursor",
    "dyad_periods",
    "events_frame",
    "has_table",
    "map_locations",
    "network_edges",
    "pair_periods",
    "table_columns",
]
