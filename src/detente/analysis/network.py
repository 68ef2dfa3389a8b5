"""The actor network for a period, as a networkx directed graph.

Nodes are actors at the level asked for: full CAMEO codes ("RUSGOV") or countries ("RUS";
an actor without a country, such as an international organisation, stays its code). An
edge source -> target carries the number of events (`events`, also `weight`), their summed
and mean Goldstein value and their counts by quad class. A node's `events` is the number of
events on its edges in the graph (a self-loop counted once).
"""

from __future__ import annotations

import logging
from datetime import date
from typing import TYPE_CHECKING, Any

import networkx as nx

from detente.analysis.dyads import DECIMALS
from detente.errors import QueryError
from detente.store import analytics

if TYPE_CHECKING:
    from detente.store.store import Store

LOGGER = logging.getLogger(__name__)

LEVELS = ("code", "country")
_EDGE_FIELDS = ("events", "goldstein_sum", "goldstein_mean", "q1", "q2", "q3", "q4")


def actor_network(
    store: Store,
    *,
    since: date | None = None,
    until: date | None = None,
    level: str = "code",
    min_events: int = 1,
    limit: int = 200,
    include_negated: bool = False,
) -> nx.DiGraph:
    """The `limit` busiest directed edges with at least `min_events` events in the period,
    and the actors they join."""
    if level not in LEVELS:
        raise QueryError(f"level must be one of {', '.join(LEVELS)}, got {level!r}")
    if min_events < 1 or limit < 1:
        raise QueryError(f"min_events and limit must be >= 1, got {min_events}, {limit}")
    analytics.check_range(since, until)
    with analytics.cursor(store) as cur:
        rows = analytics.network_edges(
            cur,
            since=since,
            until=until,
            level=level,
            min_events=min_events,
            limit=limit,
            include_negated=include_negated,
        )
    graph = nx.DiGraph(level=level, since=since, until=until)
    for row in rows:
        for side in ("source", "target"):
            node = row[side]
            if node not in graph:
                country = row[f"{side}_country"] or ""
                graph.add_node(node, label=node, country=country, events=0)
            elif not graph.nodes[node]["country"] and row[f"{side}_country"]:
                graph.nodes[node]["country"] = row[f"{side}_country"]
        attrs = {k: row[k] for k in _EDGE_FIELDS}
        attrs["events"] = int(attrs["events"])
        attrs["goldstein_sum"] = float(attrs["goldstein_sum"])
        graph.add_edge(row["source"], row["target"], weight=attrs["events"], **attrs)
        graph.nodes[row["source"]]["events"] += attrs["events"]
        if row["target"] != row["source"]:
            graph.nodes[row["target"]]["events"] += attrs["events"]
    return graph


def _round(value: Any) -> Any:
    return round(value, DECIMALS) if isinstance(value, float) else value


def network_to_dict(graph: nx.DiGraph) -> dict[str, Any]:
    """The API contract's shape for GET /api/network: nodes (busiest first) and edges."""
    nodes = sorted(graph.nodes(data=True), key=lambda item: (-item[1]["events"], item[0]))
    return {
        "nodes": [
            {
                "id": node,
                "label": data["label"],
                "country": data["country"],
                "events": data["events"],
            }
            for node, data in nodes
        ],
        "edges": [
            {"source": s, "target": t, **{k: _round(data[k]) for k in _EDGE_FIELDS}}
            for s, t, data in graph.edges(data=True)
        ],
    }


__all__ = ["LEVELS", "actor_network", "network_to_dict"]
