"""The DuckDB store: migrations, idempotent transactional writes, queries, quarantine."""

from __future__ import annotations

import dataclasses
import threading
from datetime import date

import duckdb
import pytest

from detente.errors import StoreError
from detente.store import MIGRATIONS, Store, WriteResult
from detente.types import Actor, Article, Event, Extraction, Location, Rejected, content_id

# Texts written for these tests.
TEXT_1 = (
    "The Kremlin spokesman accused Washington of sabotaging the grain talks. "
    "Later, Pakistani and Russian diplomats met in Moscow to discuss trade."
)
TEXT_2 = "Ukrainian troops shelled rebel positions outside the town on Tuesday."
TEXT_3 = "Washington praised Moscow for freeing two detained aid workers."


def actor(text: str, whole: str, code: str, *, sentence_start: int = 0) -> Actor:
    start = whole.index(text, sentence_start)
    return Actor(
        text=text,
        code=code,
        country=code[:3],
        sectors=(code[3:6],) if len(code) > 3 else (),
        name=text,
        start=start,
        end=start + len(text),
        entry=f"test:{code}",
    )


def event(
    article: Article,
    sentence: str,
    source: tuple[str, str],
    target: tuple[str, str] | None,
    cameo: str,
    *,
    trigger: str,
    quad_class: int,
    when: str | None,
    location: Location | None = None,
    index: int = 0,
) -> Event:
    start = article.text.index(sentence)
    src = actor(source[0], article.text, source[1], sentence_start=start)
    tgt = actor(target[0], article.text, target[1], sentence_start=start) if target else None
    t_start = article.text.index(trigger, start)
    return Event(
        event_id=content_id(article.id, str(start), cameo, src.code),
        article_id=article.id,
        sentence_index=index,
        evidence=sentence,
        start=start,
        end=start + len(sentence),
        source=src,
        target=tgt,
        cameo=cameo,
        cameo_name=f"name {cameo}",
        cameo_root=cameo[:2],
        plover="PLOVER",
        quad_class=quad_class,
        goldstein=-2.0 if quad_class > 2 else 3.0,
        date=when,
        location=location,
        negated=False,
        rule=f"verb:{trigger}",
        confidence=0.8,
        trigger=trigger,
        trigger_start=t_start,
        trigger_end=t_start + len(trigger),
    )


def extraction_1() -> Extraction:
    art = Article(
        id="art-1",
        text=TEXT_1,
        title="Grain talks",
        published=date(2023, 5, 2),
        url="https://example.org/1",
        outlet="Example Wire",
    )
    s1, s2 = TEXT_1.split(". ")[0] + ".", TEXT_1.split(". ")[1]
    e1 = event(
        art,
        s1,
        ("The Kremlin spokesman", "RUSGOV"),
        ("Washington", "USA"),
        "112",
        trigger="accused",
        quad_class=3,
        when="2023-05-02",
    )
    e2 = event(
        art,
        s2,
        ("Pakistani", "PAKGOV"),
        ("Russian diplomats", "RUSGOV"),
        "040",
        trigger="met",
        quad_class=1,
        when="2023-05-01",
        index=1,
        location=Location("Moscow", "RUS", 55.75, 37.62, "city:moscow"),
    )
    return Extraction(art, (e1, e2), (e1.source, e1.target, e2.source, e2.target))


def extraction_2() -> Extraction:
    art = Article(id="art-2", text=TEXT_2, title="Shelling", published=date(2023, 6, 10))
    e = event(
        art,
        TEXT_2,
        ("Ukrainian troops", "UKRMIL"),
        ("rebel", "UKRREB"),
        "190",
        trigger="shelled",
        quad_class=4,
        when="2023-06-10",
    )
    return Extraction(art, (e,), (e.source,))


def extraction_3() -> Extraction:
    art = Article(id="art-3", text=TEXT_3, title="Release", published=None)
    e = event(
        art,
        TEXT_3,
        ("Washington", "USA"),
        ("Moscow", "RUS"),
        "051",
        trigger="praised",
        quad_class=1,
        when="2023-04-20",
    )
    return Extraction(art, (e,))


def extraction_no_target() -> Extraction:
    text = "Russian officials warned of a long winter."
    art = Article(id="art-4", text=text)
    e = event(
        art,
        text,
        ("Russian officials", "RUSGOV"),
        None,
        "013",
        trigger="warned",
        quad_class=3,
        when=None,
    )
    return Extraction(art, (e,))


ALL = (extraction_1, extraction_2, extraction_3, extraction_no_target)


@pytest.fixture
def store() -> Store:
    with Store(":memory:") as s:
        s.write(make() for make in ALL)
        yield s


# -- opening and migrations --------------------------------------------------------------


def test_migrations_recorded_and_idempotent_on_reopen(tmp_path):
    path = tmp_path / "db" / "d.duckdb"
    with Store(path) as s:
        s.write([extraction_1()])
    with Store(path) as s, s.cursor() as cur:
        rows = cur.execute("SELECT version, name, applied_at FROM schema_migrations").fetchall()
        assert [(v, n) for v, n, _ in rows] == [(v, n) for v, n, _ in MIGRATIONS]
        assert all(applied is not None for _, _, applied in rows)
        assert s.summary()["events"] == 2
    with Store(path, read_only=True) as s:
        assert s.has_articles(["art-1", "nope"]) == {"art-1"}
        with pytest.raises(StoreError, match="read-only"):
            s.write([extraction_2()])


def test_tables_and_indexes_exist():
    with Store(":memory:") as s, s.cursor() as cur:
        tables = {r[0] for r in cur.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        assert {"articles", "events", "actors", "quarantine", "schema_migrations"} <= tables
        indexes = {r[0] for r in cur.execute("SELECT index_name FROM duckdb_indexes()").fetchall()}
        assert {
            "events_article_id",
            "events_source_code",
            "events_target_code",
            "events_date",
        } <= indexes
        cols = {r[0] for r in cur.execute("DESCRIBE events").fetchall()}
        for name in ("trigger_start", "source_sectors", "target_entry", "location_lon", "end"):
            assert name in cols


def test_non_duckdb_file_raises_store_error(tmp_path):
    bogus = tmp_path / "notes.duckdb"
    bogus.write_text("these are plain notes, not a database\n" * 50)
    with pytest.raises(StoreError, match="DuckDB"):
        Store(bogus)


def test_read_only_missing_file_raises(tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        Store(tmp_path / "missing.duckdb", read_only=True)


def test_closed_store_raises():
    s = Store(":memory:")
    s.close()
    s.close()  # idempotent
    with pytest.raises(StoreError, match="closed"):
        s.summary()


# -- writing -----------------------------------------------------------------------------


def test_write_then_rewrite_adds_nothing():
    with Store(":memory:") as s:
        first = s.write([extraction_1(), extraction_2()])
        assert first == WriteResult(2, 0, 3, ("art-1", "art-2"))
        again = s.write([extraction_1(), extraction_2()])
        assert (again.articles_new, again.articles_existing, again.events_new) == (0, 2, 0)
        mixed = s.write([extraction_1(), extraction_3(), extraction_3()])
        assert (mixed.articles_new, mixed.articles_existing, mixed.events_new) == (1, 1, 1)
        summary = s.summary()
        assert (summary["articles"], summary["events"]) == (3, 4)
        with s.cursor() as cur:
            assert cur.execute("SELECT count(*) FROM actors").fetchone()[0] == 5


def test_write_empty_is_a_no_op():
    with Store(":memory:") as s:
        assert s.write([]) == WriteResult()


def test_failing_write_rolls_back_everything():
    with Store(":memory:") as s:
        s.write([extraction_1()])
        good = extraction_2()
        broken_x = extraction_3()
        broken = Extraction(
            broken_x.article, (dataclasses.replace(broken_x.events[0], evidence=None),)
        )
        with pytest.raises(StoreError, match="nothing was written"):
            s.write([good, broken])
        assert s.has_articles(["art-1", "art-2", "art-3"]) == {"art-1"}
        assert s.count_events() == 2
        # The store is still usable after the failed transaction.
        assert s.write([good]).articles_new == 1


def test_bad_event_date_is_a_store_error():
    with Store(":memory:") as s:
        x = extraction_2()
        bad = Extraction(x.article, (dataclasses.replace(x.events[0], date="last Tuesday"),))
        with pytest.raises(StoreError):
            s.write([bad])
        assert s.summary()["articles"] == 0


def test_has_articles(store):
    assert store.has_articles([]) == set()
    assert store.has_articles(["art-1", "art-3", "zzz"]) == {"art-1", "art-3"}


# -- queries -----------------------------------------------------------------------------


def ids(rows):
    return [r["event_id"] for r in rows]


def test_event_dict_matches_output_contract(store):
    x = extraction_1()
    [row] = store.events(code="040")
    expected = x.events[1].to_dict()
    assert row == expected
    assert row["location"] == {
        "name": "Moscow",
        "country": "RUS",
        "lat": 55.75,
        "lon": 37.62,
        "entry": "city:moscow",
    }
    [no_target] = store.events(article_id="art-4")
    assert no_target["target"] is None and no_target["location"] is None
    assert no_target["date"] is None and no_target["kind"] == "event"


def test_events_ordered_by_date_desc():
    with Store(":memory:") as s:
        s.write(make() for make in ALL)
        dates = [r["date"] for r in s.events()]
        assert dates == ["2023-06-10", "2023-05-02", "2023-05-01", "2023-04-20", None]


@pytest.mark.parametrize(
    ("filters", "expected_codes"),
    [
        ({"actor": "RUS"}, {"112", "040", "051", "013"}),
        ({"actor": "RUSGOV"}, {"112", "040", "013"}),
        ({"actor": "UKR"}, {"190"}),
        ({"source": "USA"}, {"051"}),
        ({"target": "USA"}, {"112"}),
        ({"pair": ("RUS", "USA")}, {"112", "051"}),
        ({"pair": ("USA", "RUS")}, {"112", "051"}),
        ({"pair": ("PAK", "RUSGOV")}, {"040"}),
        ({"code": "11"}, {"112"}),
        ({"quad_class": 1}, {"040", "051"}),
        ({"since": "2023-05-01"}, {"112", "040", "190"}),
        ({"until": date(2023, 5, 1)}, {"040", "051"}),
        ({"since": "2023-05-01", "until": "2023-05-02"}, {"112", "040"}),
        ({"text": "GRAIN"}, {"112"}),
        ({"text": "100%"}, set()),
        ({"article_id": "art-1"}, {"112", "040"}),
        ({"actor": "RUS", "quad_class": 3}, {"112", "013"}),
    ],
)
def test_event_filters(store, filters, expected_codes):
    rows = store.events(**filters)
    assert {r["cameo"] for r in rows} == expected_codes
    assert store.count_events(**filters) == len(rows)


def test_filters_are_parameters_not_sql(store):
    assert store.events(actor="' OR 1=1 --") == []
    assert store.events(text="'; DROP TABLE events; --") == []
    assert store.count_events() == 5


def test_bad_since_raises(store):
    with pytest.raises(StoreError, match="ISO date"):
        store.events(since="yesterday")


def test_pagination(store):
    every = ids(store.events())
    assert len(every) == 5
    pages = [ids(store.events(limit=2, offset=o)) for o in (0, 2, 4)]
    assert pages[0] + pages[1] + pages[2] == every
    assert len(pages[2]) == 1
    assert store.events(limit=2, offset=10) == []
    with pytest.raises(StoreError):
        store.events(limit=-1)


def test_event_and_article_lookup(store):
    first = store.events(code="112")[0]
    full = store.event(first["event_id"])
    assert full["article"] == {
        "id": "art-1",
        "title": "Grain talks",
        "url": "https://example.org/1",
        "outlet": "Example Wire",
        "published": "2023-05-02",
    }
    assert store.event("missing") is None
    art = store.article("art-1")
    assert art["text"] == TEXT_1 and art["event_count"] == 2
    assert art["published"] == "2023-05-02" and art["ingested_at"]
    assert store.article("missing") is None


def test_summary_top_pairs(store):
    summary = store.summary()
    assert (summary["articles"], summary["events"], summary["quarantined"]) == (4, 5, 0)
    pairs = summary["top_pairs"]
    assert {"source": "RUSGOV", "target": "USA", "events": 1} in pairs
    assert all(p["target"] for p in pairs) and len(pairs) == 4
    store.write(
        [
            Extraction(
                Article(id="art-5", text=TEXT_2 + " Again."),
                tuple(
                    dataclasses.replace(e, event_id=e.event_id + str(i), article_id="art-5")
                    for i, e in enumerate(extraction_2().events * 2)
                ),
            )
        ]
    )
    top = store.summary(top=1)["top_pairs"]
    assert top == [{"source": "UKRMIL", "target": "UKRREB", "events": 3}]


def test_quarantine_idempotent():
    with Store(":memory:") as s:
        items = [
            Rejected("feed.jsonl:3", "no text field", '{"title": "x"}'),
            Rejected("feed.jsonl:9", "not JSON", "{oops", stage="ingest"),
        ]
        assert s.quarantine(items) == 2
        assert s.quarantine(items + items) == 0
        assert s.quarantine([]) == 0
        rows = s.quarantined()
        assert {r["origin"] for r in rows} == {"feed.jsonl:3", "feed.jsonl:9"}
        assert rows[0]["id"] and rows[0]["recorded_at"]
        assert len(s.quarantined(limit=1)) == 1
        assert s.summary()["quarantined"] == 2


def test_queries_from_many_threads(store):
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(20):
                assert store.count_events(actor="RUS") == 4
                assert len(store.events(limit=3)) == 3
        except BaseException as exc:  # noqa: BLE001 - collected and re-raised below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors


def test_cursor_is_independent(store):
    cur = store.cursor()
    try:
        assert isinstance(cur, duckdb.DuckDBPyConnection)
        assert cur.execute("SELECT count(*) FROM articles").fetchone()[0] == 4
    finally:
        cur.close()
