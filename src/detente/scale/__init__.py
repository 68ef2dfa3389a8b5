"""Scale-out: the coding pipeline on a Dask cluster, writing a Parquet store.

`detente ingest --engine dask --out DIR` runs `ingest_dask`; `Store(DIR)` (or
`Store.open_parquet(DIR)`) reads the result through DuckDB views, read-only.
"""

from detente.scale.engine import (
    DEFAULT_PARTITION_SIZE,
    DEFAULT_WORKERS,
    DaskIngestResult,
    dask_client,
    ingest_dask,
)
from detente.scale.parquet import open_parquet_views, write_partition

__all__ = [
    "DEFAULT_PARTITION_SIZE",
    "DEFAULT_WORKERS",
    "DaskIngestResult",
    "dask_client",
    "ingest_dask",
    "open_parquet_views",
    "write_partition",
]
