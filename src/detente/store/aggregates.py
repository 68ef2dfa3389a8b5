"""Pair aggregates: per-day and all-time sums of the events between directed actor pairs,
kept in step with the `events` table so that network and trend queries need not group a
million events on every request (issue 7).

Two tables (schema migration 6), each holding the events that can be a network edge: not
negated, with a non-empty source code and a non-empty target code. Actor countries are
stored with NULL as '' (every query treats the two alike).

- `pair_days`: one row per (source_code, target_code, source_country, target_country, date,
  quad_class) for events with a date.
- `pair_totals`: one row per (source_code, target_code, source_country, target_country,
  dated, quad_class) over all dates; `dated` is false for the events without a date.

Each row holds `events` (the count), `goldstein_n` (events with a Goldstein value),
`goldstein_sum` and `goldstein_sumsq` (0 when no event has a value), the sums the network,
dyad and trend queries are computed from.

Every path that adds events must fold them in, in the same transaction and with exactly the
rows it inserted (`add_events`; `Store.write` does). No path deletes or replaces events
today; one that does must call `remove_events` with the rows it removes, or `rebuild`. A
read-only Parquet directory store has no maintained tables: `create_views` makes the two
names views computed from `events`, and the analytics queries read `events` directly there.
"""

from __future__ import annotations

import logging
from typing import Any

import duckdb

LOGGER = logging.getLogger(__name__)

# The aggregate tables, in the order they are maintained.
TABLES = ("pair_days", "pair_totals")
# Events counted by the aggregates (the network's edge filter, negated events left out as in
# every analysis query by default; see store/analytics.py).
EDGE_FILTER = "NOT negated AND source_code <> '' AND target_code IS NOT NULL AND target_code <> ''"
_ACTORS = (
    "source_code, target_code, coalesce(source_country, '') AS source_country, "
    "coalesce(target_country, '') AS target_country"
)
# The sums kept per row; {s} is "" to add events, "-" to take them out.
_SUMS = (
    "{s}count(*) AS events, {s}count(goldstein) AS goldstein_n, "
    "{s}coalesce(sum(goldstein), 0) AS goldstein_sum, "
    "{s}coalesce(sum(goldstein * goldstein), 0) AS goldstein_sumsq"
)
# Per table: the date key as selected from events, extra filter, and the key columns.
_KEYS: dict[str, tuple[str, str, str]] = {
    "pair_days": (
        "date",
        "AND date IS NOT NULL",
        "source_code, target_code, source_country, target_country, date, quad_class",
    ),
    "pair_totals": (
        "date IS NOT NULL AS dated",
        "",
        "source_code, target_code, source_country, target_country, dated, quad_class",
    ),
}
_VALUES = ("events", "goldstein_n", "goldstein_sum", "goldstein_sumsq")


def select_sql(table: str, relation: str, *, negate: bool = False) -> str:
    """The rows of aggregate `table` computed from `relation` (a table or view name with the
    events table's columns), in the table's column order; `negate` flips counts and sums."""
    date_key, extra, _ = _KEYS[table]
    sums = _SUMS.format(s="-" if negate else "")
    return (
        f"SELECT {_ACTORS}, {date_key}, quad_class, {sums} FROM {relation} "
        f"WHERE {EDGE_FILTER} {extra} GROUP BY ALL"
    )


def _fold(cur: duckdb.DuckDBPyConnection, relation: str, *, negate: bool) -> None:
    for table in TABLES:
        keys = _KEYS[table][2]
        sets = ", ".join(f"{v} = {table}.{v} + excluded.{v}" for v in _VALUES)
        cur.execute(
            f"INSERT INTO {table} {select_sql(table, relation, negate=negate)} "
            f"ON CONFLICT ({keys}) DO UPDATE SET {sets}"
        )
        if negate:
            cur.execute(f"DELETE FROM {table} WHERE events <= 0")


def add_events(cur: duckdb.DuckDBPyConnection, relation: str) -> None:
    """Fold the events in `relation` into the aggregates. Call inside the transaction that
    inserts them into `events`, with exactly the rows inserted (not ones already stored)."""
    _fold(cur, relation, negate=False)


def remove_events(cur: duckdb.DuckDBPyConnection, relation: str) -> None:
    """Take the events in `relation` out of the aggregates, for a path that deletes them
    from `events` (in the same transaction); rows left with no event are dropped."""
    _fold(cur, relation, negate=True)


def rebuild(cur: duckdb.DuckDBPyConnection) -> None:
    """Recompute both aggregates from `events` (a repair; the caller owns the transaction)."""
    for table in TABLES:
        cur.execute(f"DELETE FROM {table}")
        cur.execute(f"INSERT INTO {table} {select_sql(table, 'events')}")
    LOGGER.info("rebuilt pair aggregates from events")


def ready(cur: duckdb.DuckDBPyConnection) -> bool:
    """Whether both aggregates are maintained tables (not views over events, as in a
    Parquet directory store, and not missing)."""
    row = cur.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE schema_name = current_schema() "
        "AND database_name = current_database() AND table_name IN ('pair_days', 'pair_totals')"
    ).fetchone()
    return bool(row and row[0] == len(TABLES))


def create_views(con: duckdb.DuckDBPyConnection) -> None:
    """Replace the aggregate tables by views computed from `events` (read-only stores whose
    `events` is itself a view, e.g. a Parquet directory)."""
    for table in TABLES:
        con.execute(f"DROP TABLE IF EXISTS {table}")
        con.execute(f"CREATE VIEW {table} AS {select_sql(table, 'events')}")


def mismatches(
    cur: duckdb.DuckDBPyConnection, limit: int = 10, tolerance: float = 1e-6
) -> list[dict[str, Any]]:
    """Rows where an aggregate differs from a recomputation from `events`: a different
    count, or a sum off by more than `tolerance` (relative; sums added in another order
    differ in the last bits). Empty when in step; for tests and checks after a repair."""
    out: list[dict[str, Any]] = []
    for table in TABLES:
        keys = [k.strip() for k in _KEYS[table][2].split(",")]
        on = " AND ".join(f"s.{k} = f.{k}" for k in keys)
        close = " AND ".join(
            f"abs(s.{v} - f.{v}) <= {tolerance} * (1 + abs(f.{v}))"
            for v in ("goldstein_sum", "goldstein_sumsq")
        )
        rows = cur.execute(
            f"SELECT {', '.join(f'coalesce(s.{k}, f.{k})' for k in keys)}, "
            "s.events, f.events FROM "
            f"{table} s FULL OUTER JOIN ({select_sql(table, 'events')}) f ON {on} "
            "WHERE s.events IS DISTINCT FROM f.events "
            "OR s.goldstein_n IS DISTINCT FROM f.goldstein_n "
            f"OR NOT ({close}) LIMIT {int(limit)}"
        ).fetchall()
        names = ["table", *keys, "stored_events", "fresh_events"]
        out += [dict(zip(names, (table, *row), strict=True)) for row in rows]
    return out


__all__ = [
    "EDGE_FILTER",
    "TABLES",
    "add_events",
    "create_views",
    "mismatches",
    "ready",
    "rebuild",
    "remove_events",
    "select_sql",
]
