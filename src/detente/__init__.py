"""detente: news in, political event data out."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from detente.analysis.notebook import EventStore

__version__ = "0.1.0"
__all__ = ["__version__", "open_store"]


def open_store(path: str | Path, *, read_only: bool = True) -> EventStore:
    """Open a detente store for analysis: events, quotes and dyad series as pandas
    DataFrames, the actor network as a networkx graph (see README, "Notebooks")."""
    from detente.analysis.notebook import open_store as _open

    return _open(path, read_only=read_only)
