"""Dyad time series: events between two actors (code prefixes) by day, week or month.

The per-period sums come from DuckDB (`store.analytics.dyad_periods`, date_trunc); this
module fills the empty periods between the first and the last with zeros and fits the
trend over a window of them (`analysis.trends`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from detente.analysis.trends import PeriodStats, Trend, fit_trend
from detente.errors import QueryError
from detente.store import analytics

if TYPE_CHECKING:
    from detente.store.store import Store

LOGGER = logging.getLogger(__name__)

# Most periods one series may span (zeros included): about 27 years of days. Beyond it the
# caller is asked for a coarser interval or a narrower range rather than a huge response.
MAX_PERIODS = 10_000


# Decimals kept in JSON output: sums of Goldstein values (one decimal each) carry binary
# rounding noise ("-124524.0999999886") beyond this.
DECIMALS = 6


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, DECIMALS)


@dataclass(frozen=True, slots=True)
class DyadPeriod:
    period: date
    events: int
    q1: int
    q2: int
    q3: int
    q4: int
    goldstein_sum: float
    # None for a period without events (or whose events have no Goldstein value).
    goldstein_mean: float | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "period": self.period.isoformat(),
            "events": self.events,
            "q1": self.q1,
            "q2": self.q2,
            "q3": self.q3,
            "q4": self.q4,
            "goldstein_sum": _round(self.goldstein_sum),
            "goldstein_mean": _round(self.goldstein_mean),
        }


@dataclass(frozen=True, slots=True)
class DyadSeries:
    a: str
    b: str
    interval: str
    directed: bool
    periods: tuple[DyadPeriod, ...]
    trend: Trend

    def to_dict(self) -> dict[str, Any]:
        """The API contract's shape for GET /api/dyad."""
        return {
            "a": self.a,
            "b": self.b,
            "interval": self.interval,
            "directed": self.directed,
            "series": [p.to_dict() for p in self.periods],
            "trend": self.trend.to_dict(),
        }


def next_period(day: date, interval: str) -> date:
    if interval == "day":
        return day + timedelta(days=1)
    if interval == "week":
        return day + timedelta(days=7)
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def period_count(first: date, last: date, interval: str) -> int:
    """Periods from `first` to `last` inclusive (both bucket starts)."""
    if interval == "month":
        return (last.year - first.year) * 12 + last.month - first.month + 1
    days = (last - first).days
    return days // 7 + 1 if interval == "week" else days + 1


def zero_fill(rows: list[dict[str, Any]], interval: str) -> list[dict[str, Any]]:
    """`rows` (periods with events, oldest first) with every missing period between the
    first and the last added as zeros."""
    if not rows:
        return []
    first, last = rows[0]["period"], rows[-1]["period"]
    span = period_count(first, last, interval)
    if span > MAX_PERIODS:
        raise QueryError(
            f"the series would span {span} {interval}s ({first} to {last}), more than "
            f"{MAX_PERIODS}; use a coarser interval or narrow since/until"
        )
    by_period = {row["period"]: row for row in rows}
    zero = {
        "events": 0,
        "q1": 0,
        "q2": 0,
        "q3": 0,
        "q4": 0,
        "goldstein_n": 0,
        "goldstein_sum": 0.0,
        "goldstein_sumsq": 0.0,
    }
    out: list[dict[str, Any]] = []
    day = first
    while day <= last:
        out.append(by_period.get(day) or {"period": day, **zero})
        day = next_period(day, interval)
    return out


def _period(row: dict[str, Any]) -> DyadPeriod:
    n = int(row["goldstein_n"])
    total = float(row["goldstein_sum"])
    return DyadPeriod(
        period=row["period"],
        events=int(row["events"]),
        q1=int(row["q1"]),
        q2=int(row["q2"]),
        q3=int(row["q3"]),
        q4=int(row["q4"]),
        goldstein_sum=total,
        goldstein_mean=total / n if n else None,
    )


def dyad_series(
    store: Store,
    a: str,
    b: str,
    *,
    interval: str = "month",
    since: date | None = None,
    until: date | None = None,
    directed: bool = False,
    window: int | None = None,
    include_negated: bool = False,
) -> DyadSeries:
    """Events between actor prefixes `a` and `b` (both directions unless `directed`) per
    period, zero-filled, with the trend over the last `window` periods (all by default).

    >>> # dyad_series(store, "PAK", "RUS", interval="month").trend.direction
    """
    a = analytics.check_actor("a", a)
    b = analytics.check_actor("b", b)
    analytics.check_interval(interval)
    analytics.check_range(since, until)
    if window is not None and window < 2:
        raise QueryError(f"window must be at least 2 periods, got {window}")
    with analytics.cursor(store) as cur:
        rows = analytics.dyad_periods(
            cur,
            a,
            b,
            interval=interval,
            since=since,
            until=until,
            directed=directed,
            include_negated=include_negated,
        )
    filled = zero_fill(rows, interval)
    fitted = filled[-window:] if window else filled
    stats = [
        PeriodStats(
            r["period"],
            int(r["goldstein_n"]),
            float(r["goldstein_sum"]),
            float(r["goldstein_sumsq"]),
        )
        for r in fitted
    ]
    trend = fit_trend(stats, interval)
    return DyadSeries(a, b, interval, directed, tuple(_period(r) for r in filled), trend)


__all__ = ["MAX_PERIODS", "DyadPeriod", "DyadSeries", "dyad_series", "next_period", "zero_fill"]
