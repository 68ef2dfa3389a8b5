"""`detente export`: GDELT, PLOVER JSON, Parquet and CSV from a small hand-made store."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import duckdb
import pytest

from detente.cli import main
from detente.export import GDELT_COLUMNS, PLOVER_FIELDS, export, gdelt_row
from detente.scale import write_partition
from detente.store import Store
from detente.store.records import extraction_tables
from detente.types import Actor, Article, Event, Extraction, Location

RUS = Actor("Russia", "RUSGOV", "RUS", ("GOV",), "Russia", 0, 6, "country:RUS")
USA = Actor("the United States", "USAGOV", "USA", ("GOV",), "United States", 17, 34, "country:USA")
PAK = Actor("Pakistan", "PAK", "PAK", (), "Pakistan", 0, 8, "country:PAK")
MOSCOW = Location("Moscow", "RUS", 55.75, 37.62, "geonames:524901")


def _event(eid: str, aid: str, src: Actor, tgt: Actor | None, cameo: str, day: str) -> Event:
    names = {"112": ("Accuse", "ACCUSE", 3, -2.0), "040": ("Consult", "CONSULT", 1, 1.0)}
    name, plover, quad, goldstein = names[cameo]
    return Event(
        event_id=eid,
        article_id=aid,
        sentence_index=0,
        evidence=f"{src.text} and a target.",
        start=0,
        end=30,
        source=src,
        target=tgt,
        cameo=cameo,
        cameo_name=name,
        cameo_root=cameo[:2],
        plover=plover,
        quad_class=quad,
        goldstein=goldstein,
        date=day,
        location=MOSCOW if cameo == "040" else None,
        negated=False,
        rule=f"verb:{name.lower()}",
        confidence=0.8,
        mode="asserted",
        trigger=name.lower(),
    )


def _extractions() -> list[Extraction]:
    a1 = Article(
        "a1",
        "Russia accused the United States.",
        "Russia accuses US",
        date(2018, 2, 20),
        "https://example.org/a1",
        "Wire",
    )
    a2 = Article(
        "a2",
        "Pakistan and Russia held talks in Moscow.",
        "Talks",
        date(2018, 1, 5),
        "https://example.org/a2",
        "Paper",
    )
    return [
        Extraction(a1, (_event("e1", "a1", RUS, USA, "112", "2018-02-20"),), (RUS, USA)),
        Extraction(a2, (_event("e2", "a2", PAK, RUS, "040", "2018-01-05"),), (PAK,)),
    ]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "s.duckdb"
    with Store(path) as store:
        store.write(_extractions())
    return path


@pytest.fixture
def parquet_store(tmp_path: Path) -> Path:
    from datetime import datetime

    out = tmp_path / "pq"
    write_partition(out, "part-00000-x", extraction_tables(_extractions(), datetime(2024, 1, 1)))
    return out


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_gdelt_has_61_tab_columns_and_gdelt_dates(db: Path) -> None:
    code, text, err = _run("export", "--db", str(db), "--format", "gdelt")
    assert code == 0, err
    lines = text.splitlines()
    assert len(GDELT_COLUMNS) == 61
    assert lines[0].split("\t") == list(GDELT_COLUMNS)
    rows = [dict(zip(GDELT_COLUMNS, line.split("\t"), strict=True)) for line in lines[1:]]
    assert len(rows) == 2
    e1 = next(r for r in rows if r["GLOBALEVENTID"] == "e1")
    assert (e1["SQLDATE"], e1["MonthYear"], e1["Year"]) == ("20180220", "201802", "2018")
    assert e1["FractionDate"] == "2018.1370"  # day 51 of 365
    assert len(e1["DATEADDED"]) == 14 and e1["DATEADDED"].isdigit()
    assert (e1["Actor1Code"], e1["Actor2Code"], e1["EventCode"]) == ("RUSGOV", "USAGOV", "112")
    assert (e1["EventRootCode"], e1["QuadClass"], e1["GoldsteinScale"]) == ("11", "3", "-2.0")
    assert e1["SOURCEURL"] == "https://example.org/a1"
    assert e1["NumMentions"] == "1" and e1["Actor1Type1Code"] == "GOV"
    e2 = next(r for r in rows if r["GLOBALEVENTID"] == "e2")
    assert (e2["ActionGeo_Type"], e2["ActionGeo_Lat"], e2["ActionGeo_Long"]) == (
        "4",
        "55.75",
        "37.62",
    )


def test_gdelt_row_of_an_undated_event_leaves_dates_empty() -> None:
    event = _extractions()[0].events[0].to_dict() | {"date": None}
    row = gdelt_row(event)
    assert row["SQLDATE"] == row["FractionDate"] == row["DATEADDED"] == ""


def test_plover_records_have_the_documented_fields(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.plover.jsonl"
    code, _, err = _run("export", "--db", str(db), "--format", "plover", "--out", str(out))
    assert code == 0 and "2 events exported" in err
    records = {r["event_id"]: r for r in map(json.loads, out.read_text().splitlines())}
    assert all(tuple(r) == PLOVER_FIELDS for r in records.values())
    e2 = records["e2"]
    assert e2["story_id"] == "a2" and e2["story_date"] == "2018-01-05"
    assert e2["event_date"] == "2018-01-05" and e2["publisher"] == "Paper"
    assert e2["event_type"] == "CONSULT" and e2["cameo"] == "040" and e2["quad_code"] == 1
    assert e2["source"] == {
        "text": "Pakistan",
        "name": "Pakistan",
        "code": "PAK",
        "country": "PAK",
        "sector": "",
        "sectors": [],
    }
    assert e2["target"]["code"] == "RUSGOV" and e2["target"]["sector"] == "GOV"
    assert e2["location"]["placename"] == "Moscow" and e2["location"]["lat"] == 55.75
    assert e2["location"]["geonames_id"] == "524901"
    assert e2["context"] == [] and e2["modality"] == "asserted"
    assert e2["evidence"].startswith("Pakistan")
    assert records["e1"]["location"] is None


def test_parquet_export_is_read_by_duckdb_and_opens_as_a_store(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "export"
    code, _, err = _run("export", "--db", str(db), "--format", "parquet", "--out", str(out))
    assert code == 0, err
    con = duckdb.connect()
    glob = str(out / "events" / "*.parquet")
    assert con.execute(f"SELECT count(*) FROM read_parquet('{glob}')").fetchone() == (2,)
    for table in ("articles", "actors"):
        assert (out / table / "part-00000-export.parquet").exists()
    with Store(out) as store:
        assert store.summary()["articles"] == 2
        assert {e["event_id"] for e in store.events()} == {"e1", "e2"}


def test_parquet_export_needs_a_directory(db: Path) -> None:
    code, _, err = _run("export", "--db", str(db), "--format", "parquet")
    assert code == 1 and "--out DIR" in err


def test_csv_has_a_header_and_one_row_per_event(db: Path) -> None:
    code, text, err = _run("export", "--db", str(db), "--format", "csv")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 2
    assert {"event_id", "cameo", "source_code", "target_code", "date", "url"} <= set(rows[0])
    e1 = next(r for r in rows if r["event_id"] == "e1")
    assert e1["source_sectors"] == "GOV" and e1["date"] == "2018-02-20"
    assert e1["url"] == "https://example.org/a1"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--actor", "USA"), {"e1"}),
        (("--actor", "RUS"), {"e1", "e2"}),
        (("--since", "2018-02-01"), {"e1"}),
        (("--until", "2018-01-31"), {"e2"}),
        (("--code", "04"), {"e2"}),
    ],
)
def test_filters_select_events(db: Path, args: tuple[str, ...], expected: set[str]) -> None:
    code, text, _ = _run("export", "--db", str(db), "--format", "plover", *args)
    assert code == 0
    assert {json.loads(line)["event_id"] for line in text.splitlines()} == expected


def test_filtered_parquet_export_keeps_only_the_events_articles(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "usa"
    with Store(db, read_only=True) as store:
        assert export(store, "parquet", out, actor="USA") == 1
    with Store(out) as exported:
        assert exported.summary()["articles"] == 1
        assert exported.article("a1") is not None and exported.article("a2") is None


def test_every_format_reads_a_parquet_store(parquet_store: Path) -> None:
    for fmt in ("gdelt", "plover", "csv"):
        code, text, err = _run("export", "--db", str(parquet_store), "--format", fmt)
        assert code == 0, err
        assert len(text.splitlines()) == (2 if fmt == "plover" else 3)


def test_missing_store_is_one_clear_line(tmp_path: Path) -> None:
    code, _, err = _run("export", "--db", str(tmp_path / "none.duckdb"), "--format", "csv")
    assert code == 1 and "no store" in err
