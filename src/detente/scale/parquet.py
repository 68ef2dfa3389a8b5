"""A store as a directory of Parquet files: atomic partition writes, DuckDB views to read.

Layout: `DIR/<table>/<partition>.parquet`, one file per table per partition, with the
columns of the DuckDB store's table of the same name (`detente.store.schema`). A partition
file is written under a hidden temporary name and renamed into place, so a run killed at
any moment leaves no half-written file behind; the `articles` file is renamed last and
marks the partition as complete.

Reading opens an in-memory DuckDB, creates the store's tables there (the same migrations a
DuckDB file gets), and replaces every table that has Parquet files with a view over them.
Ids derive from content, so the same article coded in two partitions has the same id; the
views keep one row per primary key, and it counts once.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from detente.errors import StoreError
from detente.store import aggregates
from detente.store.schema import migrate

LOGGER = logging.getLogger(__name__)

# Table written last in a partition; its file's presence means the partition is complete.
MARKER_TABLE = "articles"
# Key in each file's Parquet schema metadata naming the partition it belongs to.
PARTITION_METADATA_KEY = b"detente.partition"
# Tables whose Parquet files make a directory a store (at least one must be present).
REQUIRED_TABLES = ("articles", "events")


def partition_path(directory: Path, table: str, name: str) -> Path:
    return directory / table / f"{name}.parquet"


def partition_done(directory: Path, name: str) -> bool:
    """Whether every table of partition `name` was written (its marker file exists)."""
    return partition_path(directory, MARKER_TABLE, name).exists()


def _write_atomic(table: pa.Table, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        with tmp.open("wb") as fh:
            pq.write_table(table, fh, compression="zstd")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_partition(directory: Path, name: str, tables: Mapping[str, pa.Table]) -> list[Path]:
    """Write one partition's tables, each atomically, the marker table last.

    Every table is written, empty ones included, so each partition has the same files.
    Returns the paths written.
    """
    order = sorted(tables, key=lambda t: (t == MARKER_TABLE, t))
    written: list[Path] = []
    for table in order:
        data = tables[table]
        meta = dict(data.schema.metadata or {})
        meta[PARTITION_METADATA_KEY] = name.encode("utf-8")
        path = partition_path(directory, table, name)
        _write_atomic(data.replace_schema_metadata(meta), path)
        written.append(path)
    return written


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _table_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str]]:
    rows = con.execute(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_name = ? AND table_schema = 'main' ORDER BY ordinal_position",
        [table],
    ).fetchall()
    return [(str(name), str(dtype)) for name, dtype in rows]


def _primary_key(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    row = con.execute(
        "SELECT constraint_column_names FROM duckdb_constraints() "
        "WHERE table_name = ? AND constraint_type = 'PRIMARY KEY'",
        [table],
    ).fetchone()
    return list(row[0]) if row else []


def _view_sql(con: duckdb.DuckDBPyConnection, table: str, files_glob: str) -> str:
    """A SELECT over the table's Parquet files with the table's columns, one row per key.

    Columns missing from every file (written before a migration added them) read as NULL.
    """
    source = f"read_parquet({_sql_string(files_glob)}, union_by_name = true)"
    present = {str(r[0]) for r in con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()}
    cols = []
    for name, dtype in _table_columns(con, table):
        if name in present:
            cols.append(f"CAST({_quote(name)} AS {dtype}) AS {_quote(name)}")
        else:
            cols.append(f"CAST(NULL AS {dtype}) AS {_quote(name)}")
    key = _primary_key(con, table)
    distinct = f"DISTINCT ON ({', '.join(_quote(k) for k in key)})" if key else "DISTINCT"
    return f"SELECT {distinct} {', '.join(cols)} FROM {source}"


def open_parquet_views(directory: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB whose store tables read `directory`'s Parquet files.

    Tables without Parquet files stay as empty tables, so every store query works.
    Raises StoreError when the directory holds no `articles/` or `events/` Parquet files.
    """
    directory = directory.resolve()
    if not any(any((directory / t).glob("*.parquet")) for t in REQUIRED_TABLES):
        raise StoreError(
            f"store path {directory} is a directory, but holds no Parquet tables "
            f"({', '.join(t + '/*.parquet' for t in REQUIRED_TABLES)}); give a DuckDB file "
            "or the --out directory of `detente ingest --engine dask`"
        )
    con = duckdb.connect(":memory:")
    try:
        migrate(con)
        tables = [
            str(r[0])
            for r in con.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = 'main' AND table_type = 'BASE TABLE' "
                "AND table_name <> 'schema_migrations'"
            ).fetchall()
        ]
        for table in tables:
            if not any((directory / table).glob("*.parquet")):
                continue
            select = _view_sql(con, table, str(directory / table / "*.parquet"))
            con.execute(f"DROP TABLE {_quote(table)}")
            con.execute(f"CREATE VIEW {_quote(table)} AS {select}")
            LOGGER.debug("parquet view %s over %s", table, directory / table)
        # Derived tables no partition writes (pair_days, pair_totals): views over `events`.
        aggregates.create_views(con)
    except duckdb.Error as exc:
        con.close()
        raise StoreError(f"cannot read the Parquet store at {directory}: {exc}") from exc
    except BaseException:
        con.close()
        raise
    return con


__all__ = [
    "MARKER_TABLE",
    "open_parquet_views",
    "partition_done",
    "partition_path",
    "write_partition",
]
