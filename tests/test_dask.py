"""`detente ingest --engine dask`: the same events as the local path, as a Parquet store.

One LocalCluster (two worker processes, one thread each, bound to 127.0.0.1) serves the
whole module; the CLI test reaches it through `--scheduler`.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from detente.cli import main
from detente.config import Settings
from detente.ingest import iter_articles
from detente.scale import dask_client, ingest_dask, write_partition
from detente.scale.engine import iter_partitions
from detente.store import Store
from detente.types import Article, Rejected

pytestmark = pytest.mark.model

# Short reports written for this test: talks, accusations, attacks, aid, a protest.
REPORTS = [
    (
        "r01",
        "2024-03-01",
        "Russian Foreign Minister Sergey Lavrov met Pakistani Foreign "
        "Minister Khawaja Asif in Moscow on Thursday. The two ministers agreed to expand trade.",
    ),
    (
        "r02",
        "2024-03-02",
        "China accused the United States of interfering in its internal "
        "affairs. Beijing said Washington must stop arming Taiwan.",
    ),
    (
        "r03",
        "2024-03-03",
        "KABUL - Taliban fighters attacked a police checkpoint in Kabul on "
        "Saturday, killing six officers, officials said.",
    ),
    (
        "r04",
        "2024-03-04",
        "Germany pledged 50 million euros in humanitarian aid to Sudan, the "
        "German foreign ministry said on Monday.",
    ),
    (
        "r05",
        "2024-03-05",
        "Thousands of protesters marched against the government in Nairobi "
        "on Tuesday. Kenyan police fired tear gas at the crowd.",
    ),
    (
        "r06",
        "2024-03-06",
        "Iran threatened to close the Strait of Hormuz if Washington imposed "
        "new sanctions, Iranian state media reported.",
    ),
    (
        "r07",
        "2024-03-07",
        "India and Bangladesh signed an agreement on sharing river water "
        "during talks in Dhaka on Thursday.",
    ),
    (
        "r08",
        "2024-03-08",
        "French President Emmanuel Macron criticised Russia over its "
        "military build-up near the Ukrainian border.",
    ),
    (
        "r09",
        "2024-03-09",
        "NATO condemned the missile strikes on Kyiv. Ukraine asked its allies "
        "for more air defence systems.",
    ),
    (
        "r10",
        "2024-03-10",
        "Nigerian troops killed 20 Boko Haram militants in an attack on a "
        "camp in Borno state, the army said.",
    ),
]


def _write_input(path: Path) -> Path:
    lines = [
        json.dumps({"id": rid, "date": day, "text": text, "outlet": "test wire"})
        for rid, day, text in REPORTS
    ]
    lines.insert(5, "this line is not JSON")
    lines.append(lines[0])  # the first report again, in another partition
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def _all_events(path: Path | str) -> dict[str, dict[str, Any]]:
    with Store(path, read_only=True) as store:
        return {e["event_id"]: e for e in store.events(limit=10_000)}


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    # processes=True works here: two real worker processes, each loading its own model.
    with dask_client(n_workers=2, processes=True) as c:
        assert len(c.scheduler_info()["workers"]) == 2
        yield c


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _write_input(tmp_path_factory.mktemp("dask") / "reports.jsonl")


@pytest.fixture(scope="module")
def local_db(corpus: Path) -> Path:
    db = corpus.parent / "local.duckdb"
    code, _, err = _run("ingest", str(corpus), "--db", str(db))
    assert code == 0, err
    return db


@pytest.fixture(scope="module")
def parquet_dir(corpus: Path, client: Any) -> Path:
    out = corpus.parent / "parquet"
    result = ingest_dask(iter_articles([corpus]), out, client, Settings(), partition_size=4)
    assert result.partitions == 3 and result.partitions_failed == 0
    assert result.articles_read == 11  # ten reports and the repeated first one
    assert len(result.rejected) == 1 and "JSON" in result.rejected[0].problem
    return out


def test_dask_gives_the_same_events_as_the_local_path(local_db: Path, parquet_dir: Path) -> None:
    local, dask = _all_events(local_db), _all_events(parquet_dir)
    assert local, "the test reports should yield events"
    assert set(dask) == set(local)
    for event_id, event in local.items():
        assert dask[event_id] == event


def test_each_table_has_one_file_per_partition(parquet_dir: Path) -> None:
    for table in ("articles", "events", "actors", "quarantine"):
        files = sorted((parquet_dir / table).glob("*.parquet"))
        assert len(files) == 3, table
        assert all(f.name.startswith("part-0000") for f in files)
    assert not list(parquet_dir.rglob(".*tmp*"))


def test_an_article_in_two_partitions_counts_once(local_db: Path, parquet_dir: Path) -> None:
    with Store(parquet_dir) as store:
        summary = store.summary()
        assert store.read_only
        assert store.article("r01")["event_count"] == len(store.events(article_id="r01"))
    with Store(local_db, read_only=True) as local:
        expected = local.summary()
    assert summary["articles"] == expected["articles"] == 10
    assert summary["events"] == expected["events"]
    assert summary["quarantined"] == expected["quarantined"] == 1
    assert summary["top_pairs"] == expected["top_pairs"]


def test_rerun_skips_written_partitions(corpus: Path, parquet_dir: Path, client: Any) -> None:
    before = {p: p.stat().st_mtime_ns for p in parquet_dir.rglob("*.parquet")}
    result = ingest_dask(iter_articles([corpus]), parquet_dir, client, Settings(), partition_size=4)
    assert result.partitions_skipped == result.partitions == 3
    assert result.articles_written == 0
    assert {p: p.stat().st_mtime_ns for p in parquet_dir.rglob("*.parquet")} == before


def test_cli_engine_dask_then_events_summary_export(corpus: Path, client: Any) -> None:
    out = corpus.parent / "cli_parquet"
    address = client.scheduler.address
    code, _, err = _run(
        "ingest",
        str(corpus),
        "--engine",
        "dask",
        "--scheduler",
        address,
        "--out",
        str(out),
        "--partition-size",
        "5",
    )
    assert code == 0, err
    assert "3 partitions" in err and "1 inputs quarantined" in err
    assert "this line is not JSON" not in err and "reports.jsonl:6" in err
    code, text, err = _run("summary", "--db", str(out))
    assert code == 0, err
    assert "Articles: 10" in text
    code, text, err = _run("events", "--db", str(out), "--format", "jsonl", "--limit", "500")
    assert code == 0, err
    assert {json.loads(line)["event_id"] for line in text.splitlines()} == set(_all_events(out))
    code, text, err = _run("export", "--db", str(out), "--format", "plover")
    assert code == 0 and text.count("\n") == len(_all_events(out))


def test_engine_dask_needs_an_out_dir(corpus: Path) -> None:
    code, _, err = _run("ingest", str(corpus), "--engine", "dask")
    assert code == 2 and "--out" in err


def test_a_directory_without_parquet_is_a_clear_error(tmp_path: Path) -> None:
    code, _, err = _run("summary", "--db", str(tmp_path))
    assert code == 1 and "no Parquet tables" in err


def test_half_written_files_are_not_read(parquet_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "store"
    table = pa.table({"id": ["x"], "title": ["t"], "text": ["never finished"]})
    write_partition(out, "part-00000-a", {"articles": table})
    (out / "articles" / ".part-00001-b.parquet.tmp-123").write_bytes(b"PAR1 truncated")
    with Store(out) as store:
        assert store.summary()["articles"] == 1


def test_iter_partitions_keeps_rejections_with_the_next_partition() -> None:
    a = [Article(id=str(i), text="x") for i in range(5)]
    bad = Rejected(origin="f:3", problem="not JSON")
    parts = list(iter_partitions([a[0], a[1], bad, a[2], a[3], a[4]], 2))
    assert [([x.id for x in arts], rej) for arts, rej in parts] == [
        (["0", "1"], []),
        (["2", "3"], [bad]),
        (["4"], []),
    ]
