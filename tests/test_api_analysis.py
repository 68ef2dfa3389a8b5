"""The analysis endpoints (/api/dyad, /api/trends, /api/network, /api/map) through FastAPI's
in-process TestClient, on a store of events written for these tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from test_analysis import make_event

from detente.analysis import dyad_series, top_pair_trends
from detente.api import create_app
from detente.api.app import MAX_EDGES, MAX_LOCATIONS, MAX_TOP
from detente.store import Store

KABUL = ("Kabul", "AFG", 34.53, 69.17)
MOSCOW = ("Moscow", "RUS", 55.75, 37.62)

# (source, target, date, quad class, Goldstein, place)
ROWS = [
    ("PAKGOV", "RUSGOV", "2024-01-03", 1, 1.0, MOSCOW),
    ("RUSGOV", "PAKGOV", "2024-01-20", 1, 4.0, MOSCOW),
    ("PAKGOV", "RUSGOV", "2024-03-02", 3, -2.0, None),
    ("PAKGOV", "RUSGOV", "2024-04-11", 1, 3.0, None),
    ("AFGREBTAL", None, "2024-02-01", 4, -9.0, KABUL),
    ("AFGREBTAL", "USAGOV", "2024-02-03", 4, -10.0, KABUL),
    ("USAGOV", "RUSGOV", "2024-02-14", 3, -4.0, None),
]


@pytest.fixture
def db_path(tmp_path) -> str:
    path = str(tmp_path / "api.duckdb")
    with Store(path) as store:
        store.write(make_event(i, *row[:5], place=row[5]) for i, row in enumerate(ROWS))
    return path


@pytest.fixture
def client(db_path) -> Iterator[TestClient]:
    with TestClient(create_app(db_path)) as c:
        yield c


def test_dyad_contract(client):
    body = client.get("/api/dyad", params={"a": "PAK", "b": "RUS"}).json()
    assert {k: body[k] for k in ("a", "b", "interval", "directed")} == {
        "a": "PAK",
        "b": "RUS",
        "interval": "month",
        "directed": False,
    }
    assert [p["period"] for p in body["series"]] == [
        "2024-01-01",
        "2024-02-01",
        "2024-03-01",
        "2024-04-01",
    ]
    first = body["series"][0]
    assert first == {
        "period": "2024-01-01",
        "events": 2,
        "q1": 2,
        "q2": 0,
        "q3": 0,
        "q4": 0,
        "goldstein_sum": 5.0,
        "goldstein_mean": 2.5,
    }
    assert body["series"][1]["events"] == 0
    assert set(body["trend"]) >= {
        "slope",
        "stderr",
        "ci_low",
        "ci_high",
        "direction",
        "window_start",
        "window_end",
        "n_events",
    }
    assert body["trend"]["n_events"] == 4
    store = client.app.state.store  # the same figures as the library (and the CLI)
    assert body["trend"] == dyad_series(store, "PAK", "RUS").trend.to_dict()


def test_dyad_options(client):
    directed = client.get("/api/dyad?a=RUS&b=PAK&directed=true").json()
    assert sum(p["events"] for p in directed["series"]) == 1 and directed["directed"] is True
    weekly = client.get("/api/dyad?a=PAK&b=RUS&interval=week&since=2024-01-01&until=2024-01-31")
    assert [p["period"] for p in weekly.json()["series"]] == [
        "2024-01-01",
        "2024-01-08",
        "2024-01-15",
    ]
    daily = client.get("/api/dyad?a=pak&b=rus&interval=day").json()
    assert daily["a"] == "PAK" and len(daily["series"]) == 100  # 3 Jan .. 11 Apr 2024
    none = client.get("/api/dyad?a=PAK&b=IND").json()
    assert none["series"] == [] and none["trend"]["direction"] == "flat"


@pytest.mark.parametrize(
    "query",
    [
        "",
        "a=PAK",
        "a=PAK&b=R-S",
        "a=PAK&b=" + "R" * 41,
        "a=PAK&b=RUS&interval=year",
        "a=PAK&b=RUS&since=2024-13-01",
        "a=PAK&b=RUS&since=2024-05-01&until=2024-01-01",
        "a=PAK&b=RUS&directed=maybe",
        "a=PAK&b=RUS&window=1",
    ],
)
def test_dyad_422(client, query):
    response = client.get(f"/api/dyad?{query}")
    assert response.status_code == 422, query
    assert response.json()["detail"]


def test_dyad_series_too_long_is_422(tmp_path):
    path = str(tmp_path / "long.duckdb")
    with Store(path) as store:
        store.write(
            [
                make_event(0, "PAKGOV", "RUSGOV", "1980-01-01", 1, 1.0),
                make_event(1, "PAKGOV", "RUSGOV", "2024-01-01", 1, 1.0),
            ]
        )
    with TestClient(create_app(path)) as c:
        response = c.get("/api/dyad?a=PAK&b=RUS&interval=day")
        assert response.status_code == 422 and "coarser" in response.json()["detail"]
        assert c.get("/api/dyad?a=PAK&b=RUS&interval=month").status_code == 200


def test_trends(client):
    body = client.get("/api/trends", params={"min_events": 1}).json()
    first = body["items"][0]
    assert (first["a"], first["b"], first["events"]) == ("PAKGOV", "RUSGOV", 4)
    assert set(first) >= {"slope", "stderr", "direction", "goldstein_mean"}
    assert first["direction"] in {"cooperation", "conflict", "flat"}
    expected = top_pair_trends(client.app.state.store, min_events=1)
    assert body["items"] == [t.to_dict() for t in expected]
    assert len(client.get("/api/trends?min_events=1&top=1").json()["items"]) == 1
    assert [i["a"] for i in client.get("/api/trends").json()["items"]] == ["PAKGOV"]
    since = client.get("/api/trends?min_events=1&since=2024-02-01&until=2024-02-28").json()
    assert {(i["a"], i["b"]) for i in since["items"]} == {
        ("AFGREBTAL", "USAGOV"),
        ("RUSGOV", "USAGOV"),
    }


@pytest.mark.parametrize(
    "query",
    [
        "top=0",
        f"top={MAX_TOP + 1}",
        "min_events=0",
        "interval=decade",
        "since=yesterday",
        "since=2024-05-01&until=2024-01-01",
    ],
)
def test_trends_422(client, query):
    assert client.get(f"/api/trends?{query}").status_code == 422, query


def test_network(client):
    body = client.get("/api/network").json()
    edges = {(e["source"], e["target"]): e for e in body["edges"]}
    assert edges["PAKGOV", "RUSGOV"]["events"] == 3
    assert edges["PAKGOV", "RUSGOV"]["goldstein_sum"] == pytest.approx(2.0)
    assert edges["PAKGOV", "RUSGOV"]["q1"] == 2 and edges["PAKGOV", "RUSGOV"]["q3"] == 1
    nodes = {n["id"]: n for n in body["nodes"]}
    assert nodes["RUSGOV"] == {"id": "RUSGOV", "label": "RUSGOV", "country": "RUS", "events": 5}
    assert body["nodes"][0]["id"] == "RUSGOV"  # busiest first
    country = client.get("/api/network?level=country").json()
    assert {(e["source"], e["target"]) for e in country["edges"]} == {
        ("PAK", "RUS"),
        ("RUS", "PAK"),
        ("AFG", "USA"),
        ("USA", "RUS"),
    }
    assert len(client.get("/api/network?limit=1").json()["edges"]) == 1
    assert len(client.get("/api/network?min_events=2").json()["edges"]) == 1
    feb = client.get("/api/network?since=2024-02-01&until=2024-02-29").json()
    assert len(feb["edges"]) == 2


@pytest.mark.parametrize(
    "query",
    [
        "limit=0",
        f"limit={MAX_EDGES + 1}",
        "min_events=0",
        "level=region",
        "since=2024-05-01&until=2024-01-01",
        "until=soon",
    ],
)
def test_network_422(client, query):
    assert client.get(f"/api/network?{query}").status_code == 422, query


def test_map(client):
    body = client.get("/api/map").json()
    places = {item["name"]: item for item in body["items"]}
    assert set(places) == {"Kabul", "Moscow"}  # only located events
    kabul = places["Kabul"]
    assert (kabul["country"], kabul["lat"], kabul["lon"]) == ("AFG", 34.53, 69.17)
    assert (kabul["events"], kabul["q4"], kabul["q1"]) == (2, 2, 0)
    assert kabul["event_ids"] == ["ev-5", "ev-4"]  # newest first
    assert client.get("/api/map?actor=RUS").json()["items"][0]["name"] == "Moscow"
    assert [i["name"] for i in client.get("/api/map?quad_class=4").json()["items"]] == ["Kabul"]
    assert [i["name"] for i in client.get("/api/map?code=04").json()["items"]] == ["Moscow"]
    assert client.get("/api/map?since=2024-03-01").json()["items"] == []
    assert len(client.get("/api/map?limit=1").json()["items"]) == 1


@pytest.mark.parametrize(
    "query",
    [
        "quad_class=5",
        "quad_class=0",
        "actor=R%20S",
        "code=abc",
        "limit=0",
        f"limit={MAX_LOCATIONS + 1}",
        "since=2024-05-01&until=2024-01-01",
    ],
)
def test_map_422(client, query):
    assert client.get(f"/api/map?{query}").status_code == 422, query


def test_openapi_lists_analysis_endpoints(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/dyad", "/api/trends", "/api/network", "/api/map"} <= set(paths)
