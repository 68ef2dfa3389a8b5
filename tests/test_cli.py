"""The `detente` command, run in-process on files written by the tests."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from detente.cli import main

REPORT = (
    "ANKARA, March 3 (detente) - Turkish Foreign Minister Deniz Kaya met his Greek "
    "counterpart Eleni Markou in Ankara on Tuesday.\n"
    "Kaya accused Syria of shelling border villages.\n"
)


def run(*argv: str, stdin: str | None = None, monkeypatch=None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    if stdin is not None and monkeypatch is not None:
        # Bytes underneath, as a real stdin has: the reader decodes them itself.
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8"))))
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture()
def report(tmp_path: Path) -> Path:
    path = tmp_path / "report.txt"
    path.write_text(REPORT, encoding="utf-8")
    return path


def test_code_jsonl_follows_the_output_contract(report: Path) -> None:
    code, out, _ = run("code", str(report), "--date", "2026-03-03")
    assert code == 0
    events = [json.loads(line) for line in out.splitlines()]
    assert events
    keys = {
        "event_id",
        "article_id",
        "sentence_index",
        "evidence",
        "start",
        "end",
        "source",
        "target",
        "cameo",
        "cameo_name",
        "cameo_root",
        "plover",
        "quad_class",
        "goldstein",
        "date",
        "location",
        "negated",
        "rule",
        "confidence",
    }
    for event in events:
        assert keys <= event.keys()
        assert event["date"] == "2026-03-03"
        assert {"text", "code", "country", "sectors", "name"} <= event["source"].keys()
    meeting = [e for e in events if e["cameo_root"] == "04"]
    assert meeting and meeting[0]["source"]["code"] == "TURGOV"
    assert meeting[0]["target"]["code"] == "GRCGOV"
    assert meeting[0]["location"]["name"] == "Ankara"
    accusation = [e for e in events if e["cameo"].startswith("112")]
    assert accusation and accusation[0]["source"]["code"] == "TURGOV"
    assert accusation[0]["target"]["code"] == "SYR"


def test_code_reads_stdin_and_prints_a_table(monkeypatch) -> None:
    code, out, _ = run("code", "-", "--format", "table", stdin=REPORT, monkeypatch=monkeypatch)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["DATE", "SOURCE", "CAMEO"]
    assert any("TURGOV" in line and "GRCGOV" in line for line in lines)
    assert lines[-1].startswith("(") and "event" in lines[-1]


def test_code_gdelt_has_the_gdelt_columns(report: Path) -> None:
    code, out, _ = run("code", str(report), "--format", "gdelt", "--date", "2026-03-03")
    assert code == 0
    header, first = out.splitlines()[:2]
    assert len(header.split("\t")) == 61
    assert first.split("\t")[1] == "20260303"


def test_bad_inputs_each_get_one_line_and_the_batch_goes_on(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02binary\x00")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 talks ended".encode("latin-1"))
    (tmp_path / "batch.jsonl").write_text(
        '{"id": "a1", "text": "Chile praised Peru on Monday.", "date": "2026-01-05"}\n'
        "this is not json\n"
        '{"id": "a3", "title": "no text here"}\n',
        encoding="utf-8",
    )
    db = tmp_path / "store.duckdb"
    missing = tmp_path / "missing.txt"
    code, _, err = run("ingest", str(tmp_path), str(missing), "--db", str(db))
    assert code == 0
    skipped = [line for line in err.splitlines() if line.startswith("detente: skipped")]
    assert len(skipped) == 6, err
    for name in (
        "empty.txt",
        "binary.txt",
        "latin1.txt",
        "batch.jsonl:2",
        "batch.jsonl:3",
        "missing.txt",
    ):
        assert sum(name in line for line in skipped) == 1, (name, skipped)
    assert "2 articles read, 2 new" in err

    # A second run over the same inputs adds nothing, loses nothing, quarantines again once.
    code, out, err = run("ingest", str(tmp_path), "--db", str(db), "--summary")
    assert "0 new, 2 already stored" in err and "0 events added" in err
    assert "Articles: 2" in out

    from detente.store import Store

    with Store(db, read_only=True) as store:
        assert store.summary()["quarantined"] == 6


def test_events_filters_by_actor_and_date(report: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    assert run("ingest", str(report), "--db", str(db), "--date", "2026-03-03")[0] == 0
    code, out, _ = run("events", "--db", str(db), "--actor", "GRC", "--format", "jsonl")
    assert code == 0
    events = [json.loads(line) for line in out.splitlines()]
    assert events and all(
        "GRC" in (e["source"]["code"], (e["target"] or {}).get("code", ""))
        or e["target"]["code"].startswith("GRC")
        for e in events
    )
    code, out, _ = run("events", "--db", str(db), "--since", "2026-04-01", "--format", "jsonl")
    assert out.strip() == ""


def test_missing_store_and_bad_date_are_clear_errors(tmp_path: Path) -> None:
    code, _, err = run("events", "--db", str(tmp_path / "none.duckdb"))
    assert code == 1 and "no store" in err
    with pytest.raises(SystemExit):
        run("code", "-", "--date", "yesterday")


def test_a_single_missing_file_fails_with_one_line(tmp_path: Path) -> None:
    code, out, err = run("code", str(tmp_path / "nope.txt"))
    assert code == 1
    assert out == ""
    assert err.strip().count("\n") == 0 and "nope.txt" in err
