"""Analysis over the store: dyad time series, trend scores, actor networks, and the
notebook API (`detente.open_store`)."""

from detente.analysis.dyads import DyadPeriod, DyadSeries, dyad_series
from detente.analysis.network import actor_network, network_to_dict
from detente.analysis.trends import PairTrend, Trend, fit_trend, top_pair_trends

__all__ = [
    "DyadPeriod",
    "DyadSeries",
    "PairTrend",
    "Trend",
    "actor_network",
    "dyad_series",
    "fit_trend",
    "network_to_dict",
    "top_pair_trends",
]
