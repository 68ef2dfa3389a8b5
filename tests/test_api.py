"""The HTTP API through FastAPI's in-process TestClient, with a fake pipeline."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

import pytest
from fastapi.testclient import TestClient

from detente.api import create_app
from detente.config import Settings
from detente.store import Store
from detente.types import Actor, Article, Event, Extraction, Rejected, content_id

TOKEN = "s3cret-token"

# Texts written for these tests: (source, trigger, target, cameo, quad class, date).
SEED = [
    ("France", "condemned", "Iran", "122", 3, "2024-01-05"),
    ("Iran", "rejected", "France", "128", 3, "2024-01-06"),
    ("Germany", "hosted", "Iran", "043", 1, "2024-02-11"),
    ("Brazil", "signed", "Argentina", "057", 1, "2024-03-01"),
    ("Iran", "seized", "Greece", "181", 4, "2024-03-15"),
]
CODES = {
    "France": "FRA",
    "Iran": "IRN",
    "Germany": "DEU",
    "Brazil": "BRA",
    "Argentina": "ARG",
    "Greece": "GRC",
}


class FakePipeline:
    """Codes 'X verbed Y ...' sentences: the first word is the source, the third the target."""

    def __init__(self) -> None:
        self.calls = 0

    def code(self, articles: Iterable[Article]) -> Iterator[Extraction]:
        self.calls += 1
        for art in articles:
            if "FAIL" in art.text:
                yield Rejected(art.origin, "coding failed: test", art.text, stage="code")
                continue
            words = art.text.split()
            events: tuple[Event, ...] = ()
            if len(words) >= 3 and words[0] in CODES and words[2].strip(".") in CODES:
                events = (
                    make_event(
                        art,
                        words[0],
                        words[1],
                        words[2].strip("."),
                        "010",
                        1,
                        art.published.isoformat() if art.published else None,
                    ),
                )
            yield Extraction(art, events)


def make_event(
    art: Article, src: str, trigger: str, tgt: str, cameo: str, quad: int, when: str | None
) -> Event:
    text = art.text
    s = text.index(src)
    t = text.index(tgt, s + len(src))
    k = text.index(trigger)
    return Event(
        event_id=content_id(art.id, cameo, src, tgt),
        article_id=art.id,
        sentence_index=0,
        evidence=text,
        start=0,
        end=len(text),
        source=Actor(src, CODES[src], CODES[src], (), src, s, s + len(src)),
        target=Actor(tgt, CODES[tgt], CODES[tgt], (), tgt, t, t + len(tgt)),
        cameo=cameo,
        cameo_name=f"name {cameo}",
        cameo_root=cameo[:2],
        plover="X",
        quad_class=quad,
        goldstein=1.0,
        date=when,
        location=None,
        negated=False,
        rule=f"verb:{trigger}",
        confidence=0.7,
        trigger=trigger,
        trigger_start=k,
        trigger_end=k + len(trigger),
    )


@pytest.fixture
def db_path(tmp_path) -> str:
    path = str(tmp_path / "api.duckdb")
    with Store(path) as store:
        extractions = []
        for i, (src, verb, tgt, cameo, quad, when) in enumerate(SEED):
            text = f"{src} {verb} {tgt} over the shipping dispute, number {i}."
            art = Article(
                id=f"seed-{i}",
                text=text,
                title=f"Story {i}",
                url=f"https://example.net/{i}",
                outlet="Test Wire",
            )
            extractions.append(
                Extraction(art, (make_event(art, src, verb, tgt, cameo, quad, when),))
            )
        store.write(extractions)
    return path


def client_for(db_path: str, **settings) -> TestClient:
    pipeline = settings.pop("pipeline", FakePipeline())
    app = create_app(db_path, Settings(**settings), pipeline)
    return TestClient(app)


@pytest.fixture
def client(db_path) -> Iterator[TestClient]:
    with client_for(db_path, api_token=TOKEN, max_request_bytes=4000) as c:
        yield c


AUTH = {"Authorization": f"Bearer {TOKEN}"}


# -- reading -----------------------------------------------------------------------------


def test_summary(client):
    body = client.get("/api/summary").json()
    assert (body["articles"], body["events"], body["quarantined"]) == (5, 5, 0)
    assert len(body["top_pairs"]) == 5
    assert client.get("/api/summary", params={"top": 2}).json()["top_pairs"][1]["events"] == 1
    assert client.get("/api/summary", params={"top": 0}).status_code == 422


def test_events_default_page(client):
    body = client.get("/api/events").json()
    assert (body["total"], body["limit"], body["offset"]) == (5, 50, 0)
    assert [e["date"] for e in body["items"]] == sorted([s[5] for s in SEED], reverse=True)
    first = body["items"][0]
    assert first["kind"] == "event" and first["source"]["code"] == "IRN"
    assert first["target"]["text"] == "Greece" and first["location"] is None


@pytest.mark.parametrize(
    ("params", "cameos"),
    [
        ({"actor": "IRN"}, {"122", "128", "043", "181"}),
        ({"source": "IRN"}, {"128", "181"}),
        ({"target": "IRN"}, {"122", "043"}),
        ({"pair": "FRA,IRN"}, {"122", "128"}),
        ({"pair": "IRN, FRA"}, {"122", "128"}),
        ({"code": "12"}, {"122", "128"}),
        ({"quad_class": 4}, {"181"}),
        ({"since": "2024-02-01", "until": "2024-03-01"}, {"043", "057"}),
        ({"q": "SHIPPING dispute, number 3"}, {"057"}),
        ({"actor": "IRN", "quad_class": 3, "since": "2024-01-06"}, {"128"}),
    ],
)
def test_events_filters(client, params, cameos):
    body = client.get("/api/events", params=params).json()
    assert {e["cameo"] for e in body["items"]} == cameos
    assert body["total"] == len(cameos)


@pytest.mark.parametrize(
    "params",
    [
        {"since": "2024-13-01"},
        {"until": "yesterday"},
        {"quad_class": 0},
        {"quad_class": 5},
        {"quad_class": "two"},
        {"limit": 0},
        {"limit": 501},
        {"offset": -1},
        {"pair": "FRA"},
        {"pair": "FRA,IRN,DEU"},
        {"pair": "FRA,"},
    ],
)
def test_events_bad_params_are_422(client, params):
    assert client.get("/api/events", params=params).status_code == 422


def test_events_pagination(client):
    seen = []
    for offset in (0, 2, 4):
        body = client.get("/api/events", params={"limit": 2, "offset": offset}).json()
        assert body["total"] == 5 and (body["limit"], body["offset"]) == (2, offset)
        seen += [e["event_id"] for e in body["items"]]
    assert len(seen) == len(set(seen)) == 5
    past = client.get("/api/events", params={"limit": 2, "offset": 50}).json()
    assert past["items"] == [] and past["total"] == 5
    assert client.get("/api/events", params={"limit": 500}).status_code == 200


def test_event_by_id_and_404(client):
    some = client.get("/api/events", params={"code": "057"}).json()["items"][0]
    body = client.get(f"/api/events/{some['event_id']}").json()
    assert body["evidence"].startswith("Brazil signed Argentina")
    assert body["article"]["title"] == "Story 3" and body["article"]["outlet"] == "Test Wire"
    assert body["trigger"] == "signed"
    assert (
        body["evidence"][
            body["trigger_start"] - body["start"] : body["trigger_end"] - body["start"]
        ]
        == "signed"
    )
    missing = client.get("/api/events/does-not-exist")
    assert missing.status_code == 404 and "does-not-exist" in missing.json()["detail"]


def test_article_by_id(client):
    assert client.get("/api/articles/seed-0").json()["event_count"] == 1
    assert client.get("/api/articles/nope").status_code == 404


# -- writing -----------------------------------------------------------------------------


def test_documents_read_only_without_token(db_path):
    with client_for(db_path) as c:
        r = c.post(
            "/api/documents",
            json={"text": "France praised Greece."},
            headers={"Authorization": "Bearer anything"},
        )
        assert r.status_code == 403
        assert r.json()["detail"] == "read-only: no api_token is set"


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong"},
        {"Authorization": TOKEN},
        {"Authorization": f"Basic {TOKEN}"},
    ],
)
def test_documents_bad_token_is_401(client, headers):
    r = client.post("/api/documents", json={"text": "France praised Greece."}, headers=headers)
    assert r.status_code == 401
    assert r.headers["www-authenticate"] == "Bearer"


def test_documents_codes_and_writes(client):
    doc = {
        "text": "France praised Greece for the rescue.",
        "title": "Rescue",
        "date": "2024-04-01",
        "url": "https://example.net/r",
        "outlet": "Wire",
    }
    r = client.post("/api/documents", json=doc, headers=AUTH)
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["articles_new"], body["articles_existing"], body["events_new"]) == (1, 0, 1)
    [ev] = body["events"]
    assert (ev["source"]["code"], ev["target"]["code"], ev["date"]) == ("FRA", "GRC", "2024-04-01")
    assert body["articles"] == [{"id": ev["article_id"], "new": True, "coded": True}]
    assert client.get(f"/api/events/{ev['event_id']}").json()["article"]["title"] == "Rescue"
    assert client.get("/api/summary").json()["events"] == 6

    again = client.post("/api/documents", json=[doc], headers=AUTH).json()
    assert (again["articles_new"], again["articles_existing"], again["events"]) == (0, 1, [])
    assert client.get("/api/summary").json()["events"] == 6


def test_documents_list(client):
    docs = [{"text": f"Germany hosted Brazil in round {i}."} for i in range(3)]
    docs.append({"text": "Nothing to code in this one.", "id": "caller-id-1"})
    body = client.post("/api/documents", json=docs, headers=AUTH).json()
    assert body["articles_new"] == 4 and body["events_new"] == 3
    assert body["articles"][-1] == {"id": "caller-id-1", "new": True, "coded": True}
    assert client.get("/api/events", params={"pair": "BRA,DEU"}).json()["total"] == 3


def test_documents_dateline_and_rejected(client):
    docs = [{"text": "ATHENS (Reuters) - Greece praised France today."}, {"text": "FAIL here"}]
    body = client.post("/api/documents", json=docs, headers=AUTH).json()
    assert body["articles_new"] == 1 and body["events_new"] == 1
    assert body["rejected"] == [{"origin": "api:1", "problem": "coding failed: test"}]
    assert body["articles"][1]["coded"] is False
    [ev] = body["events"]
    assert ev["evidence"].startswith("Greece praised")
    article = client.get(f"/api/articles/{ev['article_id']}").json()
    assert article["dateline"] == "Athens" and article["origin"] == "api:0"
    # Same content as `Article.make_id` over the text without its dateline.
    assert ev["article_id"] == Article.make_id("Greece praised France today.")
    assert client.get("/api/summary").json()["quarantined"] == 1


@pytest.mark.parametrize(
    "body",
    [
        {"title": "no text"},
        {"text": ""},
        {"text": "   "},
        {"text": "ok", "date": "not-a-date"},
        {"text": "ok", "colour": "extra field"},
        [],
        "just a string",
    ],
)
def test_documents_invalid_body_is_422(client, body):
    r = client.post("/api/documents", json=body, headers=AUTH)
    assert r.status_code == 422


def test_documents_not_json_is_422(client):
    r = client.post(
        "/api/documents", content=b"{not json", headers={**AUTH, "Content-Type": "application/json"}
    )
    assert r.status_code == 422


def test_documents_body_limit_is_413(client):
    big = {"text": "France praised Greece. " + "x" * 5000}
    r = client.post("/api/documents", json=big, headers=AUTH)
    assert r.status_code == 413
    # Without a Content-Length header (a streamed body) the limit still holds.
    chunks = (json.dumps(big).encode()[i : i + 500] for i in range(0, 5100, 500))
    r = client.post(
        "/api/documents", content=chunks, headers={**AUTH, "Content-Type": "application/json"}
    )
    assert r.status_code == 413
    assert client.get("/api/summary").json()["articles"] == 5


def test_documents_more_than_100_is_422(db_path):
    with client_for(db_path, api_token=TOKEN) as c:
        docs = [{"text": f"Brazil signed Argentina in item {i}."} for i in range(101)]
        r = c.post("/api/documents", json=docs, headers=AUTH)
        assert r.status_code == 422 and "100" in r.json()["detail"]


def test_documents_without_pipeline_is_503(db_path):
    with client_for(db_path, api_token=TOKEN, pipeline=None) as c:
        r = c.post("/api/documents", json={"text": "France praised Greece."}, headers=AUTH)
        assert r.status_code == 503


# -- dashboard ---------------------------------------------------------------------------


def test_index_and_static(client):
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "/static/app.js" in r.text and "http" not in r.text.replace("http-equiv", "")
    for name, kind in (("app.js", "javascript"), ("style.css", "text/css")):
        asset = client.get(f"/static/{name}")
        assert asset.status_code == 200 and kind in asset.headers["content-type"]
    assert client.get("/static/nope.js").status_code == 404
