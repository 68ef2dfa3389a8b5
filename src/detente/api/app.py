"""The HTTP API and the dashboard: a thin shell over `detente.store.Store`.

One read-write Store per app (DuckDB allows one writing process); every Store method takes
its own cursor, so the handlers FastAPI runs in its thread pool never share one.
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
import logging
from collections.abc import AsyncIterator, Iterable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any, Literal, Protocol

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, field_validator

from detente.analysis import actor_network, dyad_series, network_to_dict, top_pair_trends
from detente.analysis.dyads import MAX_PERIODS
from detente.config import Settings
from detente.errors import DetenteError, InputError, QueryError, StoreError
from detente.ingest.dateline import split_dateline
from detente.store import Store, analytics
from detente.types import Article, Extraction, Rejected

LOGGER = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parent.parent / "web" / "static"
# Documents accepted by one POST /api/documents (the brief's limit; larger batches belong
# to `detente ingest`).
MAX_DOCUMENTS = 100
# Largest page of events one GET /api/events returns.
MAX_PAGE = 500
# Largest answers of the analysis endpoints: pairs for /api/trends, edges for /api/network,
# places for /api/map (enough for any readable chart or map; more is a bulk export).
MAX_TOP = 200
MAX_EDGES = 2000
MAX_LOCATIONS = 5000
# An actor parameter: a CAMEO code or prefix ("PAK", "PAKGOV", "IGOWSTNAT").
ACTOR_PATTERN = r"^[A-Za-z0-9]{1,40}$"
ActorParam = Annotated[str, Query(pattern=ACTOR_PATTERN)]


class Pipeline(Protocol):
    def code(self, articles: Iterable[Article]) -> Iterator[Extraction | Rejected]: ...


class DocumentIn(BaseModel):
    """One document posted for coding."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1)
    title: str = ""
    date: dt.date | None = None
    url: str = ""
    outlet: str = ""
    id: str | None = Field(default=None, min_length=1)

    @field_validator("text")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("text is blank")
        return value

    def to_article(self, origin: str) -> Article:
        """The Article `detente ingest` would make of the same text: dateline split off,
        content-derived id, so posting a document already ingested adds nothing."""
        place, body = split_dateline(self.text.strip())
        body = body.strip()
        title = self.title.strip()
        return Article(
            id=self.id or Article.make_id(body, title),
            text=body,
            title=title,
            published=self.date,
            url=self.url,
            outlet=self.outlet,
            dateline=place,
            origin=origin,
        )


_BODY = TypeAdapter(DocumentIn | list[DocumentIn])

# HTTP status for each of detente's own errors escaping a handler.
_ERROR_STATUS: dict[type[DetenteError], int] = {
    InputError: 422,
    QueryError: 422,
    StoreError: 503,
}


def _status_for(exc: DetenteError) -> int:
    for cls in type(exc).__mro__:
        if cls in _ERROR_STATUS:
            return _ERROR_STATUS[cls]
    return 500


def _check_token(request: Request, settings: Settings) -> None:
    if not settings.api_token:
        raise HTTPException(403, "read-only: no api_token is set")
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        token.strip().encode(), settings.api_token.encode()
    ):
        raise HTTPException(
            401,
            "missing or wrong token: send 'Authorization: Bearer <api_token>'",
            headers={"WWW-Authenticate": "Bearer"},
        )


async def _read_body(request: Request, limit: int) -> bytes:
    too_large = HTTPException(413, f"request body is larger than {limit} bytes")
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            if int(declared) > limit:
                raise too_large
        except ValueError:
            raise HTTPException(400, "Content-Length is not a number") from None
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise too_large
    return bytes(body)


def _parse_documents(body: bytes) -> list[DocumentIn]:
    try:
        raw = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise HTTPException(422, f"body is not valid JSON: {exc}") from None
    try:
        parsed = _BODY.validate_python(raw)
    except ValidationError as exc:
        detail = json.loads(exc.json(include_url=False, include_input=False))
        raise HTTPException(422, detail) from None
    docs = parsed if isinstance(parsed, list) else [parsed]
    if not docs:
        raise HTTPException(422, "no documents in the body")
    if len(docs) > MAX_DOCUMENTS:
        raise HTTPException(422, f"at most {MAX_DOCUMENTS} documents per request")
    return docs


def _pair(value: str | None) -> tuple[str, str] | None:
    if value is None:
        return None
    parts = [p.strip() for p in value.split(",")]
    if len(parts) != 2 or not all(parts):
        raise HTTPException(422, f"pair must be two actor codes as 'A,B', got {value!r}")
    return parts[0], parts[1]


def create_app(
    store_path: str, settings: Settings | None = None, pipeline: object | None = None
) -> FastAPI:
    """The API and dashboard over the store at `store_path`.

    `pipeline` codes posted documents (`code(articles) -> Iterator[Extraction]`); without
    one, POST /api/documents answers 503.
    """
    settings = settings or Settings()
    store = Store(store_path)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    # No /docs or /redoc: FastAPI's pages load their scripts from a CDN, and detente serves
    # nothing from outside. The schema itself is at /openapi.json.
    app = FastAPI(
        title="detente",
        summary="Political event data from news",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.state.store = store
    app.state.settings = settings
    app.state.pipeline = pipeline

    @app.exception_handler(DetenteError)
    async def detente_error(request: Request, exc: DetenteError) -> JSONResponse:
        return JSONResponse({"detail": exc.detail, "error": exc.code}, status_code=_status_for(exc))

    @app.get("/api/summary")
    def summary(top: Annotated[int, Query(ge=1, le=100)] = 10) -> dict[str, Any]:
        return store.summary(top=top)

    @app.get("/api/events")
    def events(
        actor: str | None = None,
        source: str | None = None,
        target: str | None = None,
        pair: str | None = None,
        code: str | None = None,
        quad_class: Annotated[int | None, Query(ge=1, le=4)] = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        q: str | None = None,
        article_id: str | None = None,
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> dict[str, Any]:
        filters: dict[str, Any] = {
            "actor": actor or None,
            "source": source or None,
            "target": target or None,
            "pair": _pair(pair),
            "code": code or None,
            "quad_class": quad_class,
            "since": since,
            "until": until,
            "text": q or None,
            "article_id": article_id or None,
        }
        return {
            "total": store.count_events(**filters),
            "limit": limit,
            "offset": offset,
            "items": store.events(**filters, limit=limit, offset=offset),
        }

    @app.get("/api/quotes")
    def quotes(
        actor: str | None = None,
        q: str | None = None,
        article_id: str | None = None,
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> dict[str, Any]:
        """Quotes; `actor` is the speaker's code prefix, `q` a substring of the content."""
        filters: dict[str, Any] = {
            "speaker": actor or None,
            "q": q or None,
            "article_id": article_id or None,
        }
        return {
            "total": store.count_quotes(**filters),
            "limit": limit,
            "offset": offset,
            "items": store.quotes(**filters, limit=limit, offset=offset),
        }

    @app.get("/api/events/{event_id}")
    def event(event_id: str) -> dict[str, Any]:
        found = store.event(event_id)
        if found is None:
            raise HTTPException(404, f"no event with id {event_id!r}")
        return found

    @app.get("/api/articles/{article_id}")
    def article(article_id: str) -> dict[str, Any]:
        found = store.article(article_id)
        if found is None:
            raise HTTPException(404, f"no article with id {article_id!r}")
        return found

    @app.post("/api/documents")
    async def documents(request: Request) -> dict[str, Any]:
        _check_token(request, settings)
        body = await _read_body(request, settings.max_request_bytes)
        docs = _parse_documents(body)
        if pipeline is None:
            raise HTTPException(503, "this server has no pipeline: it cannot code documents")
        articles = [doc.to_article(f"api:{i}") for i, doc in enumerate(docs)]

        def code_and_write() -> tuple[list[Extraction], list[Rejected], Any]:
            extractions: list[Extraction] = []
            rejected: list[Rejected] = []
            for item in pipeline.code(articles):  # type: ignore[attr-defined]
                (rejected if isinstance(item, Rejected) else extractions).append(item)
            result = store.write(extractions)
            if rejected:
                store.quarantine(rejected)
            return extractions, rejected, result

        extractions, rejected, result = await run_in_threadpool(code_and_write)
        new_ids = set(result.new_article_ids)
        coded = {x.article.id for x in extractions}
        return {
            "articles_new": result.articles_new,
            "articles_existing": result.articles_existing,
            "events_new": result.events_new,
            "articles": [
                {"id": a.id, "new": a.id in new_ids, "coded": a.id in coded} for a in articles
            ],
            "rejected": [{"origin": r.origin, "problem": r.problem} for r in rejected],
            "events": [
                e.to_dict() for x in extractions if x.article.id in new_ids for e in x.events
            ],
        }

    @app.get("/api/dyad")
    def dyad(
        a: ActorParam,
        b: ActorParam,
        interval: Literal["day", "week", "month"] = "month",
        since: dt.date | None = None,
        until: dt.date | None = None,
        directed: bool = False,
        window: Annotated[int | None, Query(ge=2, le=MAX_PERIODS)] = None,
    ) -> dict[str, Any]:
        series = dyad_series(
            store,
            a,
            b,
            interval=interval,
            since=since,
            until=until,
            directed=directed,
            window=window,
        )
        return series.to_dict()

    @app.get("/api/trends")
    def trends(
        since: dt.date | None = None,
        until: dt.date | None = None,
        top: Annotated[int, Query(ge=1, le=MAX_TOP)] = 20,
        min_events: Annotated[int, Query(ge=1)] = 3,
        interval: Literal["day", "week", "month"] = "month",
    ) -> dict[str, Any]:
        items = top_pair_trends(
            store, since=since, until=until, top=top, min_events=min_events, interval=interval
        )
        return {"interval": interval, "items": [item.to_dict() for item in items]}

    @app.get("/api/network")
    def network(
        since: dt.date | None = None,
        until: dt.date | None = None,
        min_events: Annotated[int, Query(ge=1)] = 1,
        limit: Annotated[int, Query(ge=1, le=MAX_EDGES)] = 200,
        level: Literal["code", "country"] = "code",
    ) -> dict[str, Any]:
        graph = actor_network(
            store, since=since, until=until, level=level, min_events=min_events, limit=limit
        )
        return {"level": level, **network_to_dict(graph)}

    @app.get("/api/map")
    def event_map(
        since: dt.date | None = None,
        until: dt.date | None = None,
        actor: Annotated[str | None, Query(pattern=ACTOR_PATTERN)] = None,
        code: Annotated[str | None, Query(pattern=r"^[0-9]{1,4}$")] = None,
        quad_class: Annotated[int | None, Query(ge=1, le=4)] = None,
        limit: Annotated[int, Query(ge=1, le=MAX_LOCATIONS)] = 500,
    ) -> dict[str, Any]:
        analytics.check_range(since, until)
        with analytics.cursor(store) as cur:
            items = analytics.map_locations(
                cur,
                since=since,
                until=until,
                actor=actor.upper() if actor else None,
                code=code,
                quad_class=quad_class,
                limit=limit,
            )
        return {"items": items}

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html", media_type="text/html")

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app
