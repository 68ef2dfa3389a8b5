"""The store's schema as named migrations, applied in order, each in its own transaction.

A migration is `(version, name, sql)`. Versions only grow; a released migration is never
edited, a change to the schema is a new migration appended to `MIGRATIONS`. Which ones
have run is recorded in `schema_migrations`, so reopening a store applies only what is new.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import duckdb

from detente.errors import StoreError

LOGGER = logging.getLogger(__name__)

_ACTOR_COLUMNS = """
    {p}_text VARCHAR{nn},
    {p}_code VARCHAR{nn},
    {p}_country VARCHAR,
    {p}_sectors VARCHAR[],
    {p}_name VARCHAR,
    {p}_entry VARCHAR,
    {p}_start INTEGER,
    {p}_end INTEGER,"""

_INITIAL = f"""
CREATE TABLE articles (
    id VARCHAR PRIMARY KEY,
    title VARCHAR NOT NULL,
    text VARCHAR NOT NULL,
    published DATE,
    url VARCHAR,
    outlet VARCHAR,
    lang VARCHAR,
    dateline VARCHAR,
    origin VARCHAR,
    ingested_at TIMESTAMP NOT NULL
);

CREATE TABLE events (
    event_id VARCHAR PRIMARY KEY,
    article_id VARCHAR NOT NULL,
    sentence_index INTEGER NOT NULL,
    evidence VARCHAR NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    {_ACTOR_COLUMNS.format(p="source", nn=" NOT NULL")}
    {_ACTOR_COLUMNS.format(p="target", nn="")}
    cameo VARCHAR NOT NULL,
    cameo_name VARCHAR,
    cameo_root VARCHAR,
    plover VARCHAR,
    quad_class TINYINT NOT NULL,
    goldstein DOUBLE,
    date DATE,
    location_name VARCHAR,
    location_country VARCHAR,
    location_lat DOUBLE,
    location_lon DOUBLE,
    location_entry VARCHAR,
    negated BOOLEAN NOT NULL,
    mode VARCHAR,
    rule VARCHAR NOT NULL,
    confidence DOUBLE NOT NULL,
    trigger VARCHAR,
    trigger_start INTEGER,
    trigger_end INTEGER
);

CREATE INDEX events_article_id ON events (article_id);
CREATE INDEX events_source_code ON events (source_code);
CREATE INDEX events_target_code ON events (target_code);
CREATE INDEX events_date ON events (date);

CREATE TABLE actors (
    article_id VARCHAR NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text VARCHAR NOT NULL,
    code VARCHAR NOT NULL,
    country VARCHAR,
    sectors VARCHAR[],
    name VARCHAR,
    entry VARCHAR,
    PRIMARY KEY (article_id, start, "end")
);

CREATE TABLE quarantine (
    id VARCHAR PRIMARY KEY,
    origin VARCHAR NOT NULL,
    stage VARCHAR NOT NULL,
    problem VARCHAR NOT NULL,
    payload VARCHAR,
    recorded_at TIMESTAMP NOT NULL
);
"""

# (version, name, sql), in the order they are applied. Append only.
MIGRATIONS: list[tuple[int, str, str]] = [
    (1, "initial: articles, events, actors, quarantine", _INITIAL),
]

LATEST_VERSION = MIGRATIONS[-1][0]

_LEDGER = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name VARCHAR NOT NULL,
    applied_at TIMESTAMP NOT NULL
)
"""


def utcnow() -> datetime:
    """The current time in UTC, naive, as stored in TIMESTAMP columns."""
    return datetime.now(UTC).replace(tzinfo=None)


def applied_versions(con: duckdb.DuckDBPyConnection) -> set[int]:
    """Versions recorded in `schema_migrations` (empty when the ledger does not exist)."""
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables "
        "WHERE table_name = 'schema_migrations' AND table_schema = current_schema()"
    ).fetchone()
    if not exists or not exists[0]:
        return set()
    return {row[0] for row in con.execute("SELECT version FROM schema_migrations").fetchall()}


def migrate(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Apply every migration not yet recorded, each in its own transaction.

    Returns the versions applied now (empty when the schema was already current).
    """
    versions = [v for v, _, _ in MIGRATIONS]
    if versions != sorted(set(versions)):
        raise StoreError("MIGRATIONS must have unique, increasing versions")
    con.execute(_LEDGER)
    done = applied_versions(con)
    applied: list[int] = []
    for version, name, sql in MIGRATIONS:
        if version in done:
            continue
        con.begin()
        try:
            con.execute(sql)
            con.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, ?)",
                [version, name, utcnow()],
            )
            con.commit()
        except duckdb.Error as exc:
            con.rollback()
            raise StoreError(f"migration {version} ({name}) failed: {exc}") from exc
        LOGGER.info("applied store migration %d: %s", version, name)
        applied.append(version)
    return applied
