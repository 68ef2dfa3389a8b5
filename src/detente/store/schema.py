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

# Issue 5: who said what. One row per quotation (types.Quote); the speaker's actor columns
# are NULL when no speaker was found.
_QUOTES = f"""
CREATE TABLE quotes (
    quote_id VARCHAR PRIMARY KEY,
    article_id VARCHAR NOT NULL,
    sentence_index INTEGER NOT NULL,
    kind VARCHAR NOT NULL,
    content VARCHAR NOT NULL,
    content_start INTEGER NOT NULL,
    content_end INTEGER NOT NULL,
    {_ACTOR_COLUMNS.format(p="speaker", nn="")}
    cue VARCHAR,
    cue_start INTEGER,
    cue_end INTEGER,
    rule VARCHAR,
    confidence DOUBLE NOT NULL
);

CREATE INDEX quotes_article_id ON quotes (article_id);
CREATE INDEX quotes_speaker_code ON quotes (speaker_code);
"""

# Issue 6: duplicates linked, not coded twice; every article that reports an event is one
# of its mentions (GDELT's mentions table); MinHash LSH band keys for near-duplicate search.
_MENTIONS_AND_DUPLICATES = """
CREATE TABLE event_mentions (
    event_id VARCHAR NOT NULL,
    article_id VARCHAR NOT NULL,
    sentence_index INTEGER,
    start INTEGER,
    "end" INTEGER,
    -- 'coded': the event was read from this article; 'duplicate': the article is a
    -- duplicate of the one the event was read from, and was not coded again.
    kind VARCHAR NOT NULL,
    similarity DOUBLE NOT NULL,
    PRIMARY KEY (event_id, article_id)
);

CREATE INDEX event_mentions_article_id ON event_mentions (article_id);

INSERT INTO event_mentions
SELECT event_id, article_id, sentence_index, start, "end", 'coded', 1.0 FROM events;

CREATE TABLE duplicates (
    article_id VARCHAR PRIMARY KEY,
    duplicate_of VARCHAR NOT NULL,
    -- Jaccard similarity of the two texts' word shingles (1.0: the same text).
    similarity DOUBLE NOT NULL,
    -- 'exact' (same normalised text) or 'near'.
    kind VARCHAR NOT NULL
);

CREATE INDEX duplicates_duplicate_of ON duplicates (duplicate_of);

-- One row per (original article, LSH band): the band's hash. Near-duplicate candidates
-- are the stored articles that share a band hash with a new one.
CREATE TABLE minhash_bands (
    band_key BIGINT NOT NULL,
    article_id VARCHAR NOT NULL
);
"""

# How precise an event's date is (day, week, month, year, or 'article' when the article's
# date stood in); rows stored before it existed keep NULL (detente.dates, issue 5).
_DATE_PRECISION = """
ALTER TABLE events ADD COLUMN date_precision VARCHAR;
"""

# Issue 7: per-day and all-time sums of the events between directed actor pairs, so the
# network and trend queries read tens of thousands of rows instead of every event. Kept in
# step by `Store.write` through `detente.store.aggregates` (which documents the columns),
# backfilled here from the events already stored. Only events that can be a network edge:
# not negated, non-empty source and target codes; NULL countries stored as ''.
_PAIR_AGGREGATES = """
CREATE TABLE pair_days (
    source_code VARCHAR NOT NULL,
    target_code VARCHAR NOT NULL,
    source_country VARCHAR NOT NULL,
    target_country VARCHAR NOT NULL,
    date DATE NOT NULL,
    quad_class TINYINT NOT NULL,
    events BIGINT NOT NULL,
    goldstein_n BIGINT NOT NULL,
    goldstein_sum DOUBLE NOT NULL,
    goldstein_sumsq DOUBLE NOT NULL,
    PRIMARY KEY (source_code, target_code, source_country, target_country, date, quad_class)
);

CREATE TABLE pair_totals (
    source_code VARCHAR NOT NULL,
    target_code VARCHAR NOT NULL,
    source_country VARCHAR NOT NULL,
    target_country VARCHAR NOT NULL,
    dated BOOLEAN NOT NULL,
    quad_class TINYINT NOT NULL,
    events BIGINT NOT NULL,
    goldstein_n BIGINT NOT NULL,
    goldstein_sum DOUBLE NOT NULL,
    goldstein_sumsq DOUBLE NOT NULL,
    PRIMARY KEY (source_code, target_code, source_country, target_country, dated, quad_class)
);

INSERT INTO pair_days
SELECT source_code, target_code, coalesce(source_country, ''), coalesce(target_country, ''),
       date, quad_class, count(*), count(goldstein), coalesce(sum(goldstein), 0),
       coalesce(sum(goldstein * goldstein), 0)
FROM events
WHERE NOT negated AND source_code <> '' AND target_code IS NOT NULL AND target_code <> ''
  AND date IS NOT NULL
GROUP BY ALL;

INSERT INTO pair_totals
SELECT source_code, target_code, coalesce(source_country, ''), coalesce(target_country, ''),
       date IS NOT NULL, quad_class, count(*), count(goldstein), coalesce(sum(goldstein), 0),
       coalesce(sum(goldstein * goldstein), 0)
FROM events
WHERE NOT negated AND source_code <> '' AND target_code IS NOT NULL AND target_code <> ''
GROUP BY ALL;
"""

# (version, name, sql), in the order they are applied. Append only.
MIGRATIONS: list[tuple[int, str, str]] = [
    (1, "initial: articles, events, actors, quarantine", _INITIAL),
    (2, "quotes: who said what", _QUOTES),
    (3, "event mentions, duplicates, minhash bands", _MENTIONS_AND_DUPLICATES),
    (5, "events.date_precision", _DATE_PRECISION),
    (6, "pair aggregates: pair_days, pair_totals", _PAIR_AGGREGATES),
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
