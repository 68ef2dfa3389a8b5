"""Trend scores: is a pair of actors moving toward cooperation or conflict?

Method (documented in README "Notebooks" and docs/benchmarks.md):

Each event is one observation y = its Goldstein value (-10 conflict .. +10 cooperation) at
time t = the index of its period (day, week or month). The trend is the ordinary
least-squares slope of y on t over all events in the window; that equals the slope of the
per-period mean Goldstein regressed on t with weights = the period's event count, so a
month with 40 events counts 40 times as much as a month with one, and empty periods count
nothing. The error variance is estimated from the event-level residuals (spread within a
period plus the periods' distance from the line), giving the standard error
sqrt(s^2 / Sxx) and a 95% interval slope +/- t(0.975, N-2) * stderr.

Why this and not a bootstrap: it is closed-form from three sums per period (count, sum,
sum of squares) that DuckDB computes in the same GROUP BY as the series, so the trends of
hundreds of pairs cost one query; a bootstrap would re-sample events per pair. Its caveat:
it treats events as independent, while one story reported many times gives correlated
events, so the interval is optimistic when a window holds few distinct stories.

The direction is "cooperation" when the whole 95% interval is above zero, "conflict" when
it is below zero, "flat" otherwise (including too few events or periods to fit a line).
The slope is in Goldstein points per period (per month with interval="month").
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from detente.errors import QueryError
from detente.store import analytics

if TYPE_CHECKING:
    from detente.store.store import Store

LOGGER = logging.getLogger(__name__)

# Two-sided 95% critical values of Student's t for 1..30 degrees of freedom (standard
# statistical tables, e.g. NIST/SEMATECH e-Handbook table 1.3.6.7.2).
T975 = (
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
    2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
    2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
)  # fmt: skip
# The standard normal 0.975 quantile, for the Cornish-Fisher expansion beyond 30 df.
Z975 = 1.959963984540054
# Fewest events and distinct periods a line is fitted to (two periods for a slope, one
# residual degree of freedom for its error).
MIN_EVENTS = 3
MIN_PERIODS = 2
DIRECTIONS = ("cooperation", "conflict", "flat")


def t_quantile_975(df: int) -> float:
    """The 0.975 quantile of Student's t with `df` degrees of freedom."""
    if df < 1:
        raise ValueError(f"degrees of freedom must be >= 1, got {df}")
    if df <= len(T975):
        return T975[df - 1]
    z = Z975
    # Cornish-Fisher expansion of the t quantile around the normal one (Abramowitz and
    # Stegun 26.7.5); agrees with exact values to 1e-4 for df > 30.
    return (
        z
        + (z**3 + z) / (4 * df)
        + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2)
        + (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / (384 * df**3)
    )


@dataclass(frozen=True, slots=True)
class PeriodStats:
    """The sums of one period that a trend is fitted from."""

    period: date
    n: int  # events with a Goldstein value
    total: float  # sum of their Goldstein values
    sumsq: float  # sum of their squares


@dataclass(frozen=True, slots=True)
class Trend:
    """A fitted trend; numbers are None when there was too little data to fit one."""

    slope: float | None
    stderr: float | None
    ci_low: float | None
    ci_high: float | None
    direction: str
    window_start: str | None
    window_end: str | None
    n_events: int
    n_periods: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def period_index(day: date, interval: str) -> int:
    """A period's position on an evenly spaced axis (1 per day, week or month)."""
    if interval == "month":
        return day.year * 12 + day.month - 1
    if interval == "week":
        return day.toordinal() // 7
    return day.toordinal()


def direction_of(ci_low: float | None, ci_high: float | None) -> str:
    if ci_low is not None and ci_low > 0:
        return "cooperation"
    if ci_high is not None and ci_high < 0:
        return "conflict"
    return "flat"


def fit_trend(
    stats: Sequence[PeriodStats],
    interval: str,
    *,
    window_start: date | None = None,
    window_end: date | None = None,
) -> Trend:
    """The event-level OLS trend of Goldstein over time (see the module docstring)."""
    used = [s for s in stats if s.n > 0]
    n = sum(s.n for s in used)
    start = window_start or (stats[0].period if stats else None)
    end = window_end or (stats[-1].period if stats else None)
    flat = Trend(None, None, None, None, "flat", _iso(start), _iso(end), n, len(used))
    if n < MIN_EVENTS or len(used) < MIN_PERIODS:
        return flat
    ts = [float(period_index(s.period, interval)) for s in used]
    t_mean = sum(t * s.n for t, s in zip(ts, used, strict=True)) / n
    y_mean = sum(s.total for s in used) / n
    sxx = sum(s.n * (t - t_mean) ** 2 for t, s in zip(ts, used, strict=True))
    if sxx <= 0:
        return flat
    sxy = sum((t - t_mean) * (s.total - s.n * y_mean) for t, s in zip(ts, used, strict=True))
    slope = sxy / sxx
    sse = 0.0
    for t, s in zip(ts, used, strict=True):
        within = max(0.0, s.sumsq - s.total * s.total / s.n)
        fitted = y_mean + slope * (t - t_mean)
        sse += within + s.n * (s.total / s.n - fitted) ** 2
    dof = n - 2
    stderr = math.sqrt(max(0.0, sse) / dof / sxx)
    half = t_quantile_975(dof) * stderr
    low, high = slope - half, slope + half
    return Trend(
        slope=slope,
        stderr=stderr,
        ci_low=low,
        ci_high=high,
        direction=direction_of(low, high),
        window_start=_iso(start),
        window_end=_iso(end),
        n_events=n,
        n_periods=len(used),
    )


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


@dataclass(frozen=True, slots=True)
class PairTrend:
    """One undirected pair of actor codes, its activity and its trend."""

    a: str
    b: str
    events: int
    goldstein_mean: float | None
    slope: float | None
    stderr: float | None
    ci_low: float | None
    ci_high: float | None
    direction: str
    window_start: str | None
    window_end: str | None
    n_periods: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _pair_trends(rows: Iterable[dict[str, Any]], interval: str) -> list[PairTrend]:
    grouped: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in rows:
        grouped.setdefault((row["a"], row["b"]), []).append(row)
    out: list[PairTrend] = []
    for (a, b), periods in grouped.items():
        stats = [
            PeriodStats(
                r["period"],
                int(r["goldstein_n"]),
                float(r["goldstein_sum"]),
                float(r["goldstein_sumsq"]),
            )
            for r in periods
        ]
        trend = fit_trend(stats, interval)
        scored = sum(s.n for s in stats)
        out.append(
            PairTrend(
                a=a,
                b=b,
                events=int(periods[0]["pair_events"]),
                goldstein_mean=sum(s.total for s in stats) / scored if scored else None,
                slope=trend.slope,
                stderr=trend.stderr,
                ci_low=trend.ci_low,
                ci_high=trend.ci_high,
                direction=trend.direction,
                window_start=trend.window_start,
                window_end=trend.window_end,
                n_periods=trend.n_periods,
            )
        )
    return out


def top_pair_trends(
    store: Store,
    *,
    since: date | None = None,
    until: date | None = None,
    top: int = 20,
    min_events: int = 3,
    interval: str = "month",
    include_negated: bool = False,
) -> list[PairTrend]:
    """The `top` most active undirected pairs of actor codes with their trends, busiest
    first. One query, one cursor."""
    analytics.check_interval(interval)
    analytics.check_range(since, until)
    if top < 1 or min_events < 1:
        raise QueryError(f"top and min_events must be >= 1, got {top}, {min_events}")
    with analytics.cursor(store) as cur:
        rows = analytics.pair_periods(
            cur,
            interval=interval,
            since=since,
            until=until,
            top=top,
            min_events=min_events,
            include_negated=include_negated,
        )
    return _pair_trends(rows, interval)


__all__ = [
    "DIRECTIONS",
    "PairTrend",
    "PeriodStats",
    "Trend",
    "direction_of",
    "fit_trend",
    "period_index",
    "t_quantile_975",
    "top_pair_trends",
]
