"""Streaming ingestion: resume after SIGKILL, duplicates linked not recoded, workers."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from detente.config import Settings
from detente.runner import IngestReport, ingest
from detente.runner.dedupe import (
    NEAR_DUPLICATE_JACCARD,
    Deduper,
    band_keys,
    jaccard,
    shingles,
)
from detente.store import Store
from detente.types import Article, Rejected

# Words for generated reports (written for these tests, combined at random).
COUNTRIES = [
    "Kenya", "Uganda", "Peru", "Chile", "Norway", "Finland", "Egypt", "Jordan", "Vietnam",
    "Thailand", "Ghana", "Senegal", "Austria", "Hungary", "Nepal", "Mongolia", "Bolivia",
    "Paraguay", "Tunisia", "Morocco",
]  # fmt: skip
ACTIONS = [
    "accused {b} of violating the ceasefire near the border",
    "signed a trade agreement with {b} covering fishing rights",
    "met officials from {b} to discuss water sharing",
    "criticised {b} over the detention of journalists",
    "praised {b} for releasing political prisoners",
    "threatened {b} with sanctions over the disputed election",
    "agreed with {b} to reopen the mountain crossing",
    "expelled two diplomats from {b} after a spying row",
]
DETAILS = [
    "Officials said talks would continue in {month}.",
    "A spokesman gave no further details on {day}.",
    "The statement came after {n} days of negotiations.",
    "Analysts expect a response within {n} weeks.",
]
MONTHS = ["March", "April", "May", "June", "July", "August"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def generated_reports(n: int, seed: int = 7) -> list[dict[str, str]]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        a, b = rng.sample(COUNTRIES, 2)
        first = f"{a} {rng.choice(ACTIONS).format(b=b)} on {rng.choice(DAYS)}."
        second = rng.choice(DETAILS).format(
            month=rng.choice(MONTHS), day=rng.choice(DAYS), n=rng.randint(2, 90)
        )
        c1, c2, c3 = rng.sample(COUNTRIES, 3)
        third = (
            f"Delegates from {c1}, {c2} and {c3} attended, {rng.randint(3, 400)} in all, "
            f"under file {i * 7919 % 10007}."
        )
        out.append(
            {
                "id": f"gen-{i:04d}",
                "title": f"Report {i}",
                "text": f"{first} {second} {third}",
                "date": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}",
            }
        )
    return out


def write_jsonl(path: Path, rows: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def counts(db: Path) -> dict[str, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        q = {
            "articles": "SELECT count(*) FROM articles",
            "distinct_articles": "SELECT count(DISTINCT id) FROM articles",
            "events": "SELECT count(*) FROM events",
            "distinct_events": "SELECT count(DISTINCT event_id) FROM events",
            "coded_mentions": "SELECT count(*) FROM event_mentions WHERE kind = 'coded'",
            "duplicates": "SELECT count(*) FROM duplicates",
            "quarantine": "SELECT count(*) FROM quarantine",
        }
        return {k: con.execute(sql).fetchone()[0] for k, sql in q.items()}
    finally:
        con.close()


# ----------------------------------------------------------------- dedupe, no model


def test_shingles_and_jaccard() -> None:
    a = shingles("Kenya and Uganda signed a deal, officials said.")
    b = shingles("kenya AND uganda signed a deal officials said")
    assert a == b and jaccard(a, b) == 1.0
    assert jaccard(a, shingles("Peru and Chile held talks on water.")) == 0.0


def test_band_keys_are_stable_and_similar_texts_share_bands() -> None:
    text = f"{LEAD} {SECOND}"
    edited = text.replace("on Thursday", "late on Thursday").replace("twice", "two times")
    keys = band_keys(shingles(text))
    assert keys == band_keys(shingles(text))  # same in every run and process
    assert jaccard(shingles(text), shingles(edited)) >= NEAR_DUPLICATE_JACCARD
    assert set(keys) & set(band_keys(shingles(edited)))


def _article(i: int, text: str) -> Article:
    return Article(id=f"a{i}", text=text, origin=f"test:{i}")


def test_deduper_finds_duplicates_within_a_batch_and_forgets_released_ones() -> None:
    base = " ".join(r["text"] for r in generated_reports(4))
    other = " ".join(r["text"] for r in generated_reports(4, seed=99))
    with Store(":memory:") as store:
        dedupe = Deduper(store)
        plan = dedupe.plan(
            [_article(1, base), _article(2, other), _article(3, base.replace("Report", "Note"))]
        )
        assert [a.id for a in plan.originals] == ["a1", "a2"]
        ((dup, link),) = plan.duplicates
        assert dup.id == "a3" and link.duplicate_of == "a1" and link.kind == "exact"
        dedupe.release(plan)
        assert not dedupe._pending and not dedupe._pending_by_id


# ---------------------------------------------------------------- with the model

LEAD = (
    "NAIROBI - Kenya accused Uganda on Tuesday of sending troops across the shared border "
    "near Busia, and summoned the Ugandan ambassador to explain the incursion. "
    "The foreign ministry in Nairobi said the soldiers had crossed into Kenyan territory "
    "twice during the weekend. Uganda denied the accusation and said its forces had "
    "stayed on their own side of the frontier."
)
SECOND = (
    "Peru and Chile signed an agreement on Thursday to share water from the rivers that "
    "cross their desert border, ending a dispute that had lasted more than a decade. "
    "The deal was signed in Lima by the two foreign ministers, who praised the mediators "
    "for their patience during three years of talks."
)
THIRD = (
    "Norway criticised Finland on Friday over new rules on reindeer grazing in the far "
    "north, saying they broke a treaty the two countries signed in 1751. Finnish officials "
    "rejected the criticism and said the rules protected the herders of both countries."
)


@pytest.mark.model
def test_near_and_exact_duplicates_are_linked_not_coded_again(tmp_path: Path) -> None:
    settings = Settings(batch_size=2)
    first = [
        {"id": "kenya", "text": LEAD, "date": "2024-03-05"},
        {"id": "peru", "text": SECOND, "date": "2024-03-07"},
    ]
    # The same stories again: the Kenya one lightly edited by another outlet, the Peru one
    # unchanged under another id, and one new story.
    edited = LEAD.replace("on Tuesday", "on Tuesday evening").replace("twice", "two times")
    second = [
        {"id": "kenya-wire", "text": edited, "date": "2024-03-05"},
        {"id": "peru-copy", "text": SECOND, "date": "2024-03-07"},
        {"id": "norway", "text": THIRD, "date": "2024-03-08"},
    ]
    db = tmp_path / "dup.duckdb"
    from detente.ingest import iter_articles

    with Store(db) as store:
        r1 = ingest(iter_articles([write_jsonl(tmp_path / "a.jsonl", first)]), store, settings)
        events_before = counts_from(store)
        assert r1.new == 2 and r1.events > 0
        r2 = ingest(iter_articles([write_jsonl(tmp_path / "b.jsonl", second)]), store, settings)
        assert r2.duplicates == 2 and r2.new == 1
        links = {
            row["article_id"]: row
            for row in store._query("SELECT * FROM duplicates ORDER BY article_id")
        }
        assert links["kenya-wire"]["duplicate_of"] == "kenya"
        assert links["kenya-wire"]["kind"] == "near"
        assert NEAR_DUPLICATE_JACCARD <= links["kenya-wire"]["similarity"] < 1.0
        assert links["peru-copy"]["duplicate_of"] == "peru"
        assert links["peru-copy"]["kind"] == "exact"
        # Duplicates were not coded: no events of their own ...
        own = store._scalar(
            "SELECT count(*) FROM events WHERE article_id IN ('kenya-wire', 'peru-copy')"
        )
        assert own == 0
        # ... the originals' events are not doubled, each gains the duplicate as a mention.
        kenya_events = store._query("SELECT event_id FROM events WHERE article_id = 'kenya'")
        assert kenya_events
        assert counts_from(store)["kenya"] == events_before["kenya"]
        for row in kenya_events:
            event = store.event(row["event_id"])
            assert event is not None
            assert event["mention_count"] == 2
            assert {m["article_id"] for m in event["mentions"]} == {"kenya", "kenya-wire"}
        # Both duplicate articles are stored (a rerun skips them), linked, once.
        assert store.has_articles(["kenya-wire", "peru-copy"]) == {"kenya-wire", "peru-copy"}


def counts_from(store: Store) -> dict[str, int]:
    rows = store._query("SELECT article_id, count(*) AS n FROM events GROUP BY article_id")
    return {r["article_id"]: r["n"] for r in rows}


@pytest.mark.model
def test_bad_records_are_quarantined_and_the_run_goes_on(tmp_path: Path) -> None:
    rows = generated_reports(12)
    lines = [json.dumps(r) for r in rows[:6]] + ["{not json", json.dumps({"id": "x"})]
    lines += [json.dumps(r) for r in rows[6:]]
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    from detente.ingest import iter_articles

    seen: list[Rejected] = []
    with Store(tmp_path / "q.duckdb") as store:
        report = ingest(iter_articles([path]), store, Settings(batch_size=4), on_reject=seen.append)
        assert report.new == 12 and report.quarantined == 2
        assert {r.origin for r in seen} == {f"{path}:7", f"{path}:8"}
        assert store.summary()["quarantined"] == 2


@pytest.mark.model
def test_workers_give_the_same_events_as_one_process(tmp_path: Path) -> None:
    rows = generated_reports(24, seed=3)
    path = write_jsonl(tmp_path / "w.jsonl", rows)
    from detente.ingest import iter_articles

    results: list[set[str]] = []
    reports: list[IngestReport] = []
    for workers in (1, 2):
        with Store(tmp_path / f"w{workers}.duckdb") as store:
            reports.append(
                ingest(iter_articles([path]), store, Settings(batch_size=5), workers=workers)
            )
            results.append({r["event_id"] for r in store._query("SELECT event_id FROM events")})
    assert reports[0].new == reports[1].new == 24
    assert results[0] == results[1] and results[0]


# ------------------------------------------------------------ kill it, run it again


def _ingest_cmd(src: Path, db: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "detente.cli",
        "ingest",
        str(src),
        "--db",
        str(db),
        "--batch-size",
        "10",
        "--progress-every",
        "10",
    ]


@pytest.mark.model
def test_sigkill_part_way_then_rerun_stores_every_article_once(tmp_path: Path) -> None:
    n = 300
    src = write_jsonl(tmp_path / "many.jsonl", generated_reports(n))
    db = tmp_path / "kill.duckdb"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        _ingest_cmd(src, db), stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, env=env
    )
    done_before_kill = 0
    deadline = time.monotonic() + 600
    assert proc.stderr is not None
    for raw in proc.stderr:
        line = raw.decode("utf-8", "replace")
        if line.startswith("detente: ") and " articles, " in line:
            done_before_kill = int(line.split()[1])
            if done_before_kill >= 60:
                break
        assert time.monotonic() < deadline, "ingest made no progress"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    assert 60 <= done_before_kill < n, "the kill must land part-way"

    partial = counts(db)
    assert done_before_kill <= partial["articles"] < n
    assert partial["articles"] == partial["distinct_articles"]

    rerun = subprocess.run(
        _ingest_cmd(src, db), capture_output=True, text=True, env=env, timeout=900
    )
    assert rerun.returncode == 0, rerun.stderr
    assert f"{partial['articles']} already stored" in rerun.stderr
    final = counts(db)
    assert final["articles"] == final["distinct_articles"] == n
    # Every event once, with one coded mention; no input was rejected.
    assert final["events"] == final["distinct_events"] == final["coded_mentions"]
    assert final["quarantine"] == 0
    con = duckdb.connect(str(db), read_only=True)
    try:
        ids = {row[0] for row in con.execute("SELECT id FROM articles").fetchall()}
    finally:
        con.close()
    assert ids == {f"gen-{i:04d}" for i in range(n)}
