"""Dyad series, trend scores, the actor network, the CLI views and the notebook API, on
stores built by hand from events written for these tests."""

from __future__ import annotations

import io
import json
import math
import random
from datetime import date, timedelta

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import detente
from detente.analysis import actor_network, dyad_series, network_to_dict, top_pair_trends
from detente.analysis.dyads import MAX_PERIODS
from detente.analysis.trends import PeriodStats, fit_trend, t_quantile_975
from detente.cli import main
from detente.errors import QueryError
from detente.store import Store
from detente.types import Actor, Article, Event, Extraction, Location

COUNTRY = {"PAKGOV": "PAK", "PAKMIL": "PAK", "PAK": "PAK", "RUSGOV": "RUS", "RUS": "RUS",
           "USAGOV": "USA", "AFGREBTAL": "AFG", "IGOWSTNAT": ""}  # fmt: skip


def make_event(
    n: int,
    src: str,
    tgt: str | None,
    day: str | None,
    quad: int,
    goldstein: float | None,
    *,
    negated: bool = False,
    place: tuple[str, str, float, float] | None = None,
) -> Extraction:
    """One article with one event `src` -> `tgt` (codes), written for these tests."""
    text = f"Officials of {src} met {tgt or 'nobody'} in report number {n}."
    art = Article(id=f"art-{n}", text=text, title=f"Report {n}")
    target = Actor(tgt, tgt, COUNTRY.get(tgt, ""), (), tgt, 0, 1) if tgt else None
    location = Location(place[0], place[1], place[2], place[3]) if place else None
    event = Event(
        event_id=f"ev-{n}",
        article_id=art.id,
        sentence_index=0,
        evidence=text,
        start=0,
        end=len(text),
        source=Actor(src, src, COUNTRY.get(src, ""), (), src, 0, 1),
        target=target,
        cameo="040" if quad == 1 else "190",
        cameo_name="test",
        cameo_root="04" if quad == 1 else "19",
        plover="X",
        quad_class=quad,
        goldstein=goldstein,  # type: ignore[arg-type]
        date=day,
        location=location,
        negated=negated,
        rule="test",
        confidence=0.7,
    )
    return Extraction(art, (event,))


# (source, target, date, quad class, Goldstein, negated)
ROWS = [
    ("PAKGOV", "RUSGOV", "2024-01-03", 1, 1.0, False),
    ("RUSGOV", "PAKGOV", "2024-01-20", 1, 4.0, False),
    ("PAKMIL", "RUS", "2024-01-25", 4, -10.0, False),
    ("PAKGOV", "RUSGOV", "2024-03-02", 3, -2.0, False),
    ("PAKGOV", "RUSGOV", "2024-03-09", 1, 3.0, True),  # negated: left out
    ("USAGOV", "RUSGOV", "2024-02-14", 3, -4.0, False),
    ("USAGOV", "PAKGOV", "2024-02-15", 1, 1.0, False),
    ("AFGREBTAL", None, "2024-02-01", 4, -9.0, False),
    ("PAKGOV", "RUSGOV", None, 1, 1.0, False),  # no date: not in any series
]


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "a.duckdb") as s:
        s.write(make_event(i, *row[:5], negated=row[5]) for i, row in enumerate(ROWS))
        yield s


@pytest.fixture
def db_path(store) -> str:
    path = store.path
    store.close()
    return path


# -- dyad series -----------------------------------------------------------------------


def test_month_series_values_and_zero_fill(store):
    series = dyad_series(store, "PAK", "RUS", interval="month")
    rows = [p.to_dict() for p in series.periods]
    assert [r["period"] for r in rows] == ["2024-01-01", "2024-02-01", "2024-03-01"]
    jan, feb, mar = rows
    assert (jan["events"], jan["q1"], jan["q4"]) == (3, 2, 1)
    assert jan["goldstein_sum"] == pytest.approx(-5.0)
    assert jan["goldstein_mean"] == pytest.approx(-5.0 / 3)
    assert feb == {
        "period": "2024-02-01",
        "events": 0,
        "q1": 0,
        "q2": 0,
        "q3": 0,
        "q4": 0,
        "goldstein_sum": 0.0,
        "goldstein_mean": None,
    }
    assert (mar["events"], mar["q3"], mar["goldstein_sum"]) == (1, 1, -2.0)


def test_directed_prefix_and_code_matching(store):
    directed = dyad_series(store, "RUS", "PAK", directed=True)
    assert sum(p.events for p in directed.periods) == 1
    assert dyad_series(store, "pakgov", "rusgov").a == "PAKGOV"
    # PAKMIL is not PAKGOV: full codes match only themselves and longer codes.
    assert sum(p.events for p in dyad_series(store, "PAKGOV", "RUS").periods) == 3


def test_week_and_day_buckets(tmp_path):
    days = ["2024-01-01", "2024-01-07", "2024-01-08", "2024-01-24"]  # Mon, Sun, Mon, Wed
    with Store(tmp_path / "w.duckdb") as s:
        s.write(make_event(i, "PAKGOV", "RUSGOV", d, 1, 1.0) for i, d in enumerate(days))
        weeks = dyad_series(s, "PAK", "RUS", interval="week").periods
        assert [(p.period.isoformat(), p.events) for p in weeks] == [
            ("2024-01-01", 2),
            ("2024-01-08", 1),
            ("2024-01-15", 0),
            ("2024-01-22", 1),
        ]
        daily = dyad_series(s, "PAK", "RUS", interval="day").periods
        assert len(daily) == 24 and sum(p.events for p in daily) == 4
        assert daily[1].events == 0 and daily[1].goldstein_mean is None


def test_since_until_and_empty_series(store):
    series = dyad_series(store, "PAK", "RUS", since=date(2024, 3, 1), until=date(2024, 3, 31))
    assert [p.period for p in series.periods] == [date(2024, 3, 1)]
    empty = dyad_series(store, "PAK", "AFG")
    assert empty.periods == () and empty.trend.slope is None
    assert empty.trend.direction == "flat"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"a": "PA K"}, "letters, digits"),
        ({"a": ""}, "letters, digits"),
        ({"interval": "year"}, "interval"),
        ({"since": date(2024, 5, 1), "until": date(2024, 1, 1)}, "after"),
        ({"window": 1}, "window"),
    ],
)
def test_bad_dyad_parameters(store, kwargs, message):
    args = {"a": "PAK", "b": "RUS", **kwargs}
    a, b = args.pop("a"), args.pop("b")
    with pytest.raises(QueryError, match=message):
        dyad_series(store, a, b, **args)


def test_series_too_long_is_refused(tmp_path):
    with Store(tmp_path / "long.duckdb") as s:
        s.write(
            [
                make_event(0, "PAKGOV", "RUSGOV", "1990-01-01", 1, 1.0),
                make_event(1, "PAKGOV", "RUSGOV", "2024-01-01", 1, 1.0),
            ]
        )
        with pytest.raises(QueryError, match=str(MAX_PERIODS)):
            dyad_series(s, "PAK", "RUS", interval="day")
        assert len(dyad_series(s, "PAK", "RUS", interval="month").periods) == 409


# -- trends ------------------------------------------------------------------------------


def _trend_store(tmp_path, name: str, slope: float, months: int = 12, seed: int = 3):
    """Events PAK<->RUS whose Goldstein values drift by `slope` a month, with noise."""
    rng = random.Random(seed)
    items = []
    n = 0
    for m in range(months):
        day = date(2023 + m // 12, m % 12 + 1, 10)
        for _ in range(rng.randint(2, 6)):
            value = max(-10.0, min(10.0, slope * m + rng.gauss(0, 1.5)))
            items.append(make_event(n, "PAKGOV", "RUSGOV", day.isoformat(), 1, round(value, 1)))
            n += 1
    s = Store(tmp_path / f"{name}.duckdb")
    s.write(items)
    return s


@pytest.mark.parametrize(
    ("slope", "direction"), [(0.5, "cooperation"), (-0.5, "conflict"), (0.0, "flat")]
)
def test_trend_direction_with_uncertainty(tmp_path, slope, direction):
    with _trend_store(tmp_path, f"t{slope}", slope) as s:
        trend = dyad_series(s, "PAK", "RUS").trend
    assert trend.direction == direction
    assert trend.stderr is not None and trend.stderr > 0
    assert trend.ci_low < trend.slope < trend.ci_high
    assert trend.ci_low <= slope <= trend.ci_high  # the true drift is inside the interval
    assert trend.window_start == "2023-01-01" and trend.window_end == "2023-12-01"


def test_trend_matches_event_level_least_squares():
    rng = np.random.default_rng(5)
    stats, ts, ys = [], [], []
    for m in range(1, 9):
        values = np.round(rng.normal(0.3 * m, 2.0, size=int(rng.integers(1, 7))), 1)
        ts += [m] * len(values)
        ys += list(values)
        stats.append(
            PeriodStats(
                date(2024, m, 1), len(values), float(values.sum()), float((values**2).sum())
            )
        )
    stats.insert(2, PeriodStats(date(2024, 12, 1), 0, 0.0, 0.0))  # an empty period weighs 0
    stats.sort(key=lambda s: s.period)
    trend = fit_trend(stats, "month")
    t, y = np.array(ts, float), np.array(ys)
    slope, intercept = np.polyfit(t, y, 1)
    resid = y - (slope * t + intercept)
    stderr = math.sqrt((resid**2).sum() / (len(y) - 2) / ((t - t.mean()) ** 2).sum())
    assert trend.slope == pytest.approx(slope)
    assert trend.stderr == pytest.approx(stderr)
    half = t_quantile_975(len(y) - 2) * stderr
    assert (trend.ci_low, trend.ci_high) == pytest.approx((slope - half, slope + half))


def test_too_little_data_gives_no_slope():
    one_period = [PeriodStats(date(2024, 1, 1), 5, 10.0, 30.0)]
    assert fit_trend(one_period, "month").slope is None
    two_events = [
        PeriodStats(date(2024, 1, 1), 1, 1.0, 1.0),
        PeriodStats(date(2024, 2, 1), 1, 2.0, 4.0),
    ]
    trend = fit_trend(two_events, "month")
    assert (trend.slope, trend.direction, trend.n_events) == (None, "flat", 2)


def test_t_quantiles():
    assert t_quantile_975(1) == 12.706 and t_quantile_975(30) == 2.042
    assert t_quantile_975(31) == pytest.approx(2.0395, abs=1e-3)
    assert t_quantile_975(10_000) == pytest.approx(1.96, abs=1e-3)
    scipy_stats = pytest.importorskip("scipy.stats")
    for df in (31, 45, 60, 120, 1000):
        assert t_quantile_975(df) == pytest.approx(scipy_stats.t.ppf(0.975, df), abs=2e-4)


def test_window_fits_last_periods(tmp_path):
    # Falling for a year, then rising for six months: the last six months cooperate.
    rng = random.Random(1)
    items, n = [], 0
    for m in range(18):
        level = -0.6 * m if m < 12 else -7.2 + 0.9 * (m - 12)
        for _ in range(4):
            day = date(2022 + m // 12, m % 12 + 1, 5).isoformat()
            items.append(make_event(n, "PAKGOV", "RUSGOV", day, 1, level + rng.gauss(0, 0.5)))
            n += 1
    with Store(tmp_path / "w.duckdb") as s:
        s.write(items)
        assert dyad_series(s, "PAK", "RUS", window=6).trend.direction == "cooperation"
        recent = dyad_series(s, "PAK", "RUS", window=6).trend
        assert recent.window_start == "2023-01-01" and recent.n_periods == 6
        assert dyad_series(s, "PAK", "RUS", window=12).trend.slope < recent.slope


def test_top_pairs_are_undirected_and_filtered(store):
    items = top_pair_trends(store, min_events=1)
    pairs = [(t.a, t.b, t.events) for t in items]
    assert pairs[0] == ("PAKGOV", "RUSGOV", 3)  # both directions, no negated, no undated
    assert ("PAKMIL", "RUS", 1) in pairs and ("RUSGOV", "USAGOV", 1) in pairs
    assert all(t.a < t.b for t in items)
    assert [t.a for t in top_pair_trends(store, min_events=2)] == ["PAKGOV"]
    assert len(top_pair_trends(store, top=2, min_events=1)) == 2
    assert items[0].goldstein_mean == pytest.approx(1.0)
    with pytest.raises(QueryError):
        top_pair_trends(store, top=0)


# -- network -----------------------------------------------------------------------------


def test_network_weights_code_level(store):
    graph = actor_network(store)
    assert isinstance(graph, nx.DiGraph)
    edge = graph.edges["PAKGOV", "RUSGOV"]
    assert (edge["events"], edge["weight"], edge["q1"], edge["q3"]) == (3, 3, 2, 1)
    assert edge["goldstein_sum"] == pytest.approx(0.0)  # 1 - 2 + 1 (undated counts here)
    assert graph.edges["RUSGOV", "PAKGOV"]["goldstein_mean"] == pytest.approx(4.0)
    assert "AFGREBTAL" not in graph  # no target, no edge
    assert graph.nodes["PAKGOV"]["events"] == 3 + 1 + 1  # its edges' events
    assert graph.nodes["RUSGOV"]["country"] == "RUS"


def test_network_country_level_limits_and_dates(store):
    graph = actor_network(store, level="country")
    assert graph.edges["PAK", "RUS"]["events"] == 4  # PAKGOV and PAKMIL merged
    assert graph.nodes["PAK"]["country"] == "PAK"
    assert actor_network(store, limit=1).number_of_edges() == 1
    assert actor_network(store, min_events=2).number_of_edges() == 1
    feb = actor_network(store, since=date(2024, 2, 1), until=date(2024, 2, 29))
    assert set(feb.edges) == {("USAGOV", "RUSGOV"), ("USAGOV", "PAKGOV")}
    body = network_to_dict(graph)
    assert body["nodes"][0]["id"] in {"PAK", "RUS"}
    assert {
        "source",
        "target",
        "events",
        "goldstein_sum",
        "goldstein_mean",
        "q1",
        "q2",
        "q3",
        "q4",
    } <= set(body["edges"][0])
    with pytest.raises(QueryError):
        actor_network(store, level="region")


# -- CLI ---------------------------------------------------------------------------------


def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_cli_dyad_table_and_json(db_path):
    code, out, _ = run_cli("dyad", "PAK", "RUS", "--db", db_path)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "PAK <-> RUS, by month"
    assert lines[1].split()[:3] == ["PERIOD", "EVENTS", "Q1"]
    assert lines[2].split()[:2] == ["2024-01-01", "3"]
    assert lines[3].split()[:2] == ["2024-02-01", "0"] and lines[3].rstrip().endswith("-")
    assert lines[-1].startswith("Trend 2024-01-01..2024-03-01 (4 events")
    code, out, _ = run_cli("dyad", "PAK", "RUS", "--db", db_path, "--format", "json")
    with Store(db_path, read_only=True) as s:
        assert json.loads(out) == json.loads(json.dumps(dyad_series(s, "PAK", "RUS").to_dict()))


def test_cli_trends(db_path):
    code, out, _ = run_cli("trends", "--db", db_path, "--min-events", "1", "--top", "3")
    assert code == 0
    lines = out.splitlines()
    assert "DIRECTION" in lines[1]
    assert lines[2].split()[:3] == ["PAKGOV", "RUSGOV", "3"]
    assert lines[-1] == "(3 pairs)"
    code, out, _ = run_cli("trends", "--db", db_path, "--min-events", "1", "--format", "json")
    with Store(db_path, read_only=True) as s:
        expected = [t.to_dict() for t in top_pair_trends(s, min_events=1)]
    assert json.loads(out)["items"] == json.loads(json.dumps(expected))


def test_cli_errors(db_path, tmp_path):
    code, _, err = run_cli("dyad", "PAK", "R-S", "--db", db_path)
    assert code == 1 and "E600" in err and "'R-S'" in err
    code, _, err = run_cli("trends", "--db", str(tmp_path / "none.duckdb"))
    assert code == 1 and "no store" in err


# -- notebook API ------------------------------------------------------------------------


def test_public_api_is_small():
    assert sorted(detente.__all__) == ["__version__", "open_store"]


def test_notebook_frames(db_path):
    with detente.open_store(db_path) as db:
        events = db.events()
        assert isinstance(events, pd.DataFrame) and len(events) == len(ROWS)
        assert {"event_id", "source_code", "target_code", "goldstein", "date"} <= set(events)
        assert len(db.events(actor="USA")) == 2 and len(db.events(limit=3)) == 3
        dyad = db.dyad("PAK", "RUS")
        assert list(dyad.columns)[:2] == ["period", "events"]
        assert dyad["events"].tolist() == [3, 0, 1]
        assert dyad.attrs["trend"]["n_events"] == 4
        trends = db.trends(min_events=1)
        assert trends.loc[0, ["a", "b", "events"]].tolist() == ["PAKGOV", "RUSGOV", 3]
        graph = db.network(level="country")
        assert graph.edges["PAK", "RUS"]["events"] == 4
        quotes = db.quotes()
        assert isinstance(quotes, pd.DataFrame) and quotes.empty


def test_notebook_quotes_table_absent(db_path):
    with Store(db_path) as s:
        cur = s.cursor()
        cur.execute("DROP TABLE IF EXISTS quotes")
        cur.close()
    with detente.open_store(db_path) as db:
        assert db.quotes().empty


def test_to_polars_only_with_polars(db_path):
    with detente.open_store(db_path) as db:
        frame = db.dyad("PAK", "RUS")
        try:
            import polars  # noqa: F401
        except ImportError:
            with pytest.raises(ImportError, match="polars"):
                db.to_polars(frame)
        else:
            assert db.to_polars(frame).height == len(frame)


def test_notebook_dates_as_strings(db_path):
    with detente.open_store(db_path) as db:
        assert len(db.dyad("PAK", "RUS", since="2024-03-01")) == 1
        with pytest.raises(QueryError, match="ISO date"):
            db.trends(since="March")


def test_next_period_wraps():
    from detente.analysis.dyads import next_period

    assert next_period(date(2024, 12, 1), "month") == date(2025, 1, 1)
    assert next_period(date(2024, 1, 1), "week") == date(2024, 1, 1) + timedelta(days=7)
