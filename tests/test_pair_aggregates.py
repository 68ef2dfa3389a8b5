"""The pair aggregates (store.aggregates, issue 7): kept in step with the events on every
write, backfilled by their migration, and giving the same network, trend and dyad results
as the queries over the events themselves, on randomly generated stores."""

from __future__ import annotations

import math
import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from detente.analysis import actor_network, dyad_series, network_to_dict, top_pair_trends
from detente.scale import write_partition
from detente.store import Store, aggregates, analytics
from detente.store.records import extraction_tables
from detente.store.schema import utcnow
from detente.types import Actor, Article, Event, Extraction

# Codes with their countries; "" stands for an actor without a code, IGOs have no country.
ACTORS = {
    "RUSGOV": "RUS", "RUSMIL": "RUS", "RUS": "RUS", "USAGOV": "USA", "USA": "USA",
    "PAKGOV": "PAK", "PAKMIL": "PAK", "CHNGOV": "CHN", "AFGREBTAL": "AFG", "IGOWSTNAT": "",
    "IGOUNO": "", "": "",
}  # fmt: skip
START = date(2023, 11, 20)


def _event(rng: random.Random, art: Article, j: int) -> Event:
    src = rng.choice(list(ACTORS))
    tgt = rng.choice([*ACTORS, None, None])
    day = START + timedelta(days=rng.randrange(0, 500))
    quad = rng.randint(1, 4)
    return Event(
        event_id=f"{art.id}-e{j}",
        article_id=art.id,
        sentence_index=j,
        evidence=art.text,
        start=0,
        end=len(art.text),
        source=Actor(src or "someone", src, ACTORS[src], (), src, 0, 1),
        target=Actor(tgt or "someone", tgt, ACTORS[tgt], (), tgt, 0, 1)
        if tgt is not None
        else None,
        cameo="040" if quad < 3 else "190",
        cameo_name="test",
        cameo_root="04" if quad < 3 else "19",
        plover="X",
        quad_class=quad,
        goldstein=rng.choice([1.0, 1.9, -2.0, -4.4, 7.4, -10.0, None]),  # type: ignore[arg-type]
        date=None if rng.random() < 0.1 else day.isoformat(),
        location=None,
        negated=rng.random() < 0.1,
        rule="test",
        confidence=0.5,
    )


def random_batches(seed: int, batches: int = 12, per_batch: int = 15) -> list[list[Extraction]]:
    """Articles of 1-6 generated events each, in batches; some events are one already
    written (read again from another article), some articles are written twice."""
    rng = random.Random(seed)
    out: list[list[Extraction]] = []
    seen: list[Event] = []
    for b in range(batches):
        batch: list[Extraction] = []
        for k in range(per_batch):
            n = b * per_batch + k
            art = Article(id=f"s{seed}-a{n}", text=f"Generated report {n} for seed {seed}.")
            events = []
            for j in range(rng.randint(1, 6)):
                if seen and rng.random() < 0.05:  # the same event read again (same id)
                    events.append(rng.choice(seen))
                else:
                    events.append(_event(rng, art, j))
            seen += events
            batch.append(Extraction(art, tuple(events)))
        if out and rng.random() < 0.5:
            batch.append(rng.choice(out[-1]))  # an article already stored
        out.append(batch)
    return out


def build_store(path: str | Path, seed: int) -> Store:
    store = Store(path)
    for batch in random_batches(seed):
        store.write(batch)
    return store


def close(a: Any, b: Any) -> bool:
    """Equal, with float sums allowed to differ in their last bits (other summing order)."""
    if isinstance(a, float) or isinstance(b, float):
        if a is None or b is None:
            return a is b
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(close(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(close(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def both_paths(monkeypatch: pytest.MonkeyPatch, call: Any) -> tuple[Any, Any]:
    """`call()` reading the aggregates, then with them switched off (events directly)."""
    with monkeypatch.context() as m:
        m.setattr(aggregates, "ready", lambda cur: True)
        fast = call()
    with monkeypatch.context() as m:
        m.setattr(aggregates, "ready", lambda cur: False)
        direct = call()
    return fast, direct


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory):
    with build_store(tmp_path_factory.mktemp("agg") / "s.duckdb", seed=11) as s:
        yield s


RANGES = [
    (None, None),
    (date(2024, 1, 1), None),
    (None, date(2024, 6, 30)),
    (date(2024, 2, 10), date(2024, 2, 25)),
]


def test_aggregates_in_step_after_writes(store):
    with analytics.cursor(store) as cur:
        assert aggregates.ready(cur)
        assert aggregates.mismatches(cur) == []
        rows = cur.execute("SELECT count(*), sum(events) FROM pair_totals").fetchone()
        edges = cur.execute(f"SELECT count(*) FROM events WHERE {aggregates.EDGE_FILTER}")
        assert rows[0] > 0 and rows[1] == edges.fetchone()[0]


@pytest.mark.parametrize("level", ["code", "country"])
@pytest.mark.parametrize(("since", "until"), RANGES)
@pytest.mark.parametrize(("min_events", "limit"), [(1, 200), (2, 7)])
def test_network_same_on_both_paths(store, monkeypatch, level, since, until, min_events, limit):
    def call():
        with analytics.cursor(store) as cur:
            return analytics.network_edges(
                cur, since=since, until=until, level=level, min_events=min_events, limit=limit
            )

    fast, direct = both_paths(monkeypatch, call)
    assert direct or min_events > 1, "the generated store should have edges"
    assert close(fast, direct)
    graph = lambda: network_to_dict(actor_network(store, since=since, until=until, level=level))  # noqa: E731
    fast_g, direct_g = both_paths(monkeypatch, graph)
    assert close(fast_g, direct_g)


@pytest.mark.parametrize("interval", ["day", "week", "month"])
@pytest.mark.parametrize(("since", "until"), RANGES)
def test_pair_trends_same_on_both_paths(store, monkeypatch, interval, since, until):
    def call():
        with analytics.cursor(store) as cur:
            rows = analytics.pair_periods(cur, interval=interval, since=since, until=until, top=8)
        trends = top_pair_trends(store, interval=interval, since=since, until=until, top=5)
        return rows, [t.to_dict() for t in trends]

    (fast_rows, fast_t), (direct_rows, direct_t) = both_paths(monkeypatch, call)
    assert direct_rows
    assert close(fast_rows, direct_rows)
    assert close(fast_t, direct_t)


@pytest.mark.parametrize(
    ("a", "b", "directed"),
    [("RUS", "USA", False), ("RUSGOV", "USA", True), ("IGO", "PAK", False), ("C", "A", False)],
)
@pytest.mark.parametrize("interval", ["day", "month"])
@pytest.mark.parametrize(("since", "until"), RANGES[:2])
def test_dyads_same_on_both_paths(store, monkeypatch, a, b, directed, interval, since, until):
    def call():
        with analytics.cursor(store) as cur:
            rows = analytics.dyad_periods(
                cur, a, b, interval=interval, since=since, until=until, directed=directed
            )
        series = dyad_series(store, a, b, interval=interval, since=since, until=until)
        return rows, series.to_dict()

    fast, direct = both_paths(monkeypatch, call)
    assert close(fast, direct)


def test_negated_events_read_from_events(store):
    with analytics.cursor(store) as cur:
        with_negated = analytics.network_edges(cur, include_negated=True, limit=1000)
        without = analytics.network_edges(cur, limit=1000)
    assert sum(r["events"] for r in with_negated) > sum(r["events"] for r in without)


def test_migration_backfills_an_older_store(tmp_path):
    path = tmp_path / "old.duckdb"
    with build_store(path, seed=5) as s, s.cursor() as cur:
        cur.execute("DROP TABLE pair_days")
        cur.execute("DROP TABLE pair_totals")
        cur.execute("DELETE FROM schema_migrations WHERE version = 6")
    with Store(path) as s, s.cursor() as cur:
        assert aggregates.ready(cur)
        assert cur.execute("SELECT count(*) FROM pair_days").fetchone()[0] > 0
        assert aggregates.mismatches(cur) == []


def test_remove_and_rebuild_keep_aggregates_right(tmp_path):
    with build_store(tmp_path / "s.duckdb", seed=3) as s, s.cursor() as cur:
        cur.begin()
        cur.execute("CREATE TEMP TABLE gone AS SELECT * FROM events WHERE sentence_index = 0")
        aggregates.remove_events(cur, "gone")
        cur.execute("DELETE FROM events WHERE event_id IN (SELECT event_id FROM gone)")
        cur.commit()
        assert aggregates.mismatches(cur) == []
        cur.execute("UPDATE pair_totals SET events = events + 1")
        assert aggregates.mismatches(cur)
        aggregates.rebuild(cur)
        assert aggregates.mismatches(cur) == []


def test_parquet_store_computes_aggregates_from_its_events(tmp_path, store):
    batches = random_batches(11)
    unique = {x.article.id: x for batch in batches for x in batch}
    out = tmp_path / "pq"
    write_partition(out, "p0", extraction_tables(unique.values(), utcnow()))
    with Store(out) as pq:
        with analytics.cursor(pq) as cur:
            assert not aggregates.ready(cur)
            assert cur.execute("SELECT count(*) FROM pair_days").fetchone()[0] > 0
        assert close(network_to_dict(actor_network(pq)), network_to_dict(actor_network(store)))
        got = [t.to_dict() for t in top_pair_trends(pq)]
        assert close(got, [t.to_dict() for t in top_pair_trends(store)])
