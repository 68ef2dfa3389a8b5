"""The DuckDB store: schema migrations, bulk writes and the queries everything reads."""

from detente.store.records import WriteResult
from detente.store.schema import MIGRATIONS, migrate
from detente.store.store import Store

__all__ = ["MIGRATIONS", "Store", "WriteResult", "migrate"]
