"""The ingest readers: good inputs become Articles, each bad one exactly one Rejected."""

from __future__ import annotations

import gzip
import json
import logging
from datetime import date
from pathlib import Path

import pytest

from detente import ingest
from detente.errors import InputError
from detente.ingest import (
    iter_articles,
    read_html,
    read_html_string,
    read_jsonl,
    read_jsonl_lines,
    read_text,
    read_text_string,
)
from detente.types import Article, Rejected

GOOD_TEXT = (
    "Envoys agree to resume talks\n"
    "KABUL, Jan 20 (AFP) - Afghan and Pakistani envoys agreed on Saturday to resume talks.\n"
    "\n"
    "The meeting is set for next month in Islamabad.\n"
)
GOOD_BODY = (
    "Afghan and Pakistani envoys agreed on Saturday to resume talks.\n"
    "\n"
    "The meeting is set for next month in Islamabad."
)

PARAGRAPHS = [
    "VIENNA (Ledger) - Diplomats from Norway and Chile met in Vienna on Monday to discuss a "
    "fishing accord that has been stalled for two years, officials from both delegations said.",
    "The Norwegian envoy praised the Chilean delegation for its patience and said both sides "
    "had agreed to exchange draft texts before the end of the month.",
    "A spokesman for the Chilean foreign ministry said the talks would resume in Santiago in "
    "September if the drafts were ready in time.",
]
BOILERPLATE = [
    "Subscribe now",
    "Cookie settings",
    "All rights reserved",
    "Privacy policy",
    "Home",
]
PAGE = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Envoys meet in Vienna | The Daily Ledger</title>
<meta property="og:title" content="Envoys meet in Vienna">
<meta property="og:site_name" content="The Daily Ledger">
<meta property="og:url" content="https://ledger.example/world/envoys-vienna">
<meta property="article:published_time" content="2021-06-14T09:30:00Z">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/subscribe">Subscribe now</a></li></ul></nav>
<header><div class="logo">The Daily Ledger</div></header>
<main><article>
<h1>Envoys meet in Vienna</h1>
<p>{PARAGRAPHS[0]}</p>
<p>{PARAGRAPHS[1]}</p>
<p>{PARAGRAPHS[2]}</p>
</article></main>
<footer><p>Copyright 2021 The Daily Ledger. All rights reserved.</p>
<a href="/privacy">Privacy policy</a> <a href="/cookies">Cookie settings</a></footer>
</body></html>
"""

GOOD_LINE = {
    "id": "doc-1",
    "text": "MOSCOW - Russia and Iran signed a transit accord.",
    "title": "Transit accord",
    "date": "2019-05-02T08:00:00+03:00",
    "url": "https://wire.example/1",
    "outlet": "Wire",
}


def _write(path: Path, data: str | bytes) -> Path:
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def _only(items: list[Article | Rejected], name: str) -> list[Article | Rejected]:
    return [item for item in items if Path(item.origin.split(":")[0]).name == name]


# ------------------------------------------------------------------------- a batch


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    _write(folder / "good.txt", GOOD_TEXT)
    _write(folder / "empty.txt", b"")
    _write(folder / "blank.txt", "  \n\t\n")
    _write(folder / "bin.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    _write(folder / "bad-utf8.txt", b"Talks resumed in Caf\xe9 Riche today.\n")
    lines = [
        json.dumps(GOOD_LINE),
        "",
        "{this is not json",
        json.dumps({"title": "No text here", "date": "2019-05-02"}),
        json.dumps({"text": "   "}),
        json.dumps({"text": 42}),
        json.dumps(["a", "list"]),
        json.dumps({"text": "Kenya thanked Uganda.", "date": "yesterday-ish"}),
    ]
    _write(folder / "mixed.jsonl", "\n".join(lines) + "\n")
    _write(folder / "page.html", PAGE)
    _write(folder / "notes.csv", "a,b\n1,2\n")  # unknown extension inside a folder: skipped
    _write(folder / ".hidden.txt", "Hidden text that must be skipped.")
    _write(folder / "sub" / "deep.md", "Peru and Chile held talks on water rights.")
    return folder


EXPECTED_PROBLEMS = [
    ("empty.txt", "empty file"),
    ("blank.txt", "only whitespace, no text"),
    ("bin.txt", "binary file, not text"),
    ("bad-utf8.txt", "not valid UTF-8 (byte 0xe9 at offset 20)"),
]

EXPECTED_JSONL_PROBLEMS = [
    (3, "line 3 is not valid JSON"),
    (4, "line 4 has no 'text'"),
    (5, "line 5 has no 'text'"),
    (6, "line 6 has no 'text' (got int)"),
    (7, "line 7 is not a JSON object (got list)"),
    (8, "line 8 has a bad date 'yesterday-ish'"),
]


@pytest.mark.parametrize(("name", "problem"), EXPECTED_PROBLEMS)
def test_bad_file_gives_one_rejected(batch: Path, name: str, problem: str) -> None:
    found = _only(list(iter_articles([batch])), name)
    assert len(found) == 1
    (item,) = found
    assert isinstance(item, Rejected)
    assert item.origin == str(batch / name)
    assert item.problem == problem
    assert item.problem[0].islower() and "\n" not in item.problem


@pytest.mark.parametrize(("lineno", "problem"), EXPECTED_JSONL_PROBLEMS)
def test_bad_jsonl_line_gives_one_rejected(batch: Path, lineno: int, problem: str) -> None:
    origin = f"{batch / 'mixed.jsonl'}:{lineno}"
    found = [item for item in iter_articles([batch]) if item.origin == origin]
    assert len(found) == 1
    assert isinstance(found[0], Rejected)
    assert found[0].problem.startswith(problem)
    assert found[0].payload


def test_good_inputs_come_through_beside_the_bad(batch: Path) -> None:
    items = list(iter_articles([batch]))
    articles = {Path(a.origin.split(":")[0]).name: a for a in items if isinstance(a, Article)}
    assert sorted(articles) == ["deep.md", "good.txt", "mixed.jsonl", "page.html"]
    rejected = [r for r in items if isinstance(r, Rejected)]
    assert len(rejected) == len(EXPECTED_PROBLEMS) + len(EXPECTED_JSONL_PROBLEMS)
    assert not any("hidden" in item.origin or "notes.csv" in item.origin for item in items)

    text = articles["good.txt"]
    assert text.title == "Envoys agree to resume talks"
    assert text.dateline == "Kabul"
    assert text.text == GOOD_BODY
    assert text.id == Article.make_id(GOOD_BODY, "Envoys agree to resume talks")

    line = articles["mixed.jsonl"]
    assert line.origin == f"{batch / 'mixed.jsonl'}:1"
    assert (line.id, line.title, line.url, line.outlet) == (
        "doc-1",
        "Transit accord",
        "https://wire.example/1",
        "Wire",
    )
    assert line.published == date(2019, 5, 2)
    assert (line.dateline, line.text) == ("Moscow", "Russia and Iran signed a transit accord.")


def test_folder_is_walked_in_sorted_order(batch: Path) -> None:
    names = [Path(item.origin.split(":")[0]).name for item in iter_articles([batch])]
    firsts = list(dict.fromkeys(names))
    assert firsts == [
        "bad-utf8.txt",
        "bin.txt",
        "blank.txt",
        "empty.txt",
        "good.txt",
        "mixed.jsonl",
        "page.html",
        "deep.md",
    ]


def test_html_main_text_without_boilerplate(batch: Path) -> None:
    article = read_html(batch / "page.html")
    assert isinstance(article, Article)
    assert article.title == "Envoys meet in Vienna"
    assert article.outlet == "The Daily Ledger"
    assert article.url == "https://ledger.example/world/envoys-vienna"
    assert article.published == date(2021, 6, 14)
    assert article.dateline == "Vienna"
    assert article.text.split("\n") == [PARAGRAPHS[0].split(" - ", 1)[1], *PARAGRAPHS[1:]]
    for words in BOILERPLATE:
        assert words not in article.text


# ------------------------------------------------------------------- single readers


TEXT_CASES = [
    # (input, title, dateline, text)
    ("Just one line without a full stop", "", "", "Just one line without a full stop"),
    (
        "Rebels seized the town.\nThe army withdrew.",
        "",
        "",
        "Rebels seized the town.\nThe army withdrew.",
    ),
    ("Rebels seize town\nThe army withdrew.", "Rebels seize town", "", "The army withdrew."),
    (
        "\ufeffRebels seize town\r\nThe army withdrew.\r\n",
        "Rebels seize town",
        "",
        "The army withdrew.",
    ),
    ('Did Iran say "no?"\nIt did.', "", "", 'Did Iran say "no?"\nIt did.'),
    ("KABUL, Jan 20 (AFP) -\nA blast hit the city.", "", "Kabul", "A blast hit the city."),
    (
        "Seven words or more in this headline line\nShares\nMOSCOW - Russia agreed.",
        "Seven words or more in this headline line",
        "Moscow",
        "Shares\nRussia agreed.",
    ),
    (
        "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen"
        "\nNext line.",
        "",
        "",
        "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen"
        "\nNext line.",
    ),
]


@pytest.mark.parametrize(("raw", "title", "dateline", "text"), TEXT_CASES)
def test_read_text_string(raw: str, title: str, dateline: str, text: str) -> None:
    article = read_text_string(raw, origin="t")
    assert isinstance(article, Article)
    assert (article.title, article.dateline, article.text) == (title, dateline, text)
    assert article.origin == "t"


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("", "empty input"),
        (" \n\t ", "only whitespace, no text"),
        ("a\x00b", "binary file, not text"),
    ],
)
def test_read_text_string_rejects(raw: str, problem: str) -> None:
    item = read_text_string(raw, origin="stdin")
    assert item == Rejected(origin="stdin", problem=problem, payload=raw)


def test_missing_path_is_rejected(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    assert read_text(missing) == Rejected(str(missing), "no such file or directory")
    assert list(read_jsonl(tmp_path / "nope.jsonl")) == [
        Rejected(str(tmp_path / "nope.jsonl"), "no such file or directory")
    ]
    assert list(iter_articles([missing])) == [Rejected(str(missing), "no such file or directory")]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2018-01-20", date(2018, 1, 20)),
        ("2018-01-20T23:59:00Z", date(2018, 1, 20)),
        ("2018-01-20 10:31:00 UTC", date(2018, 1, 20)),
        (None, date(2000, 1, 1)),
        ("", date(2000, 1, 1)),
    ],
)
def test_jsonl_dates(value: str | None, expected: date) -> None:
    line = json.dumps({"text": "Kenya thanked Uganda.", "date": value})
    (article,) = read_jsonl_lines([line], origin="x", default_date=date(2000, 1, 1))
    assert isinstance(article, Article)
    assert article.published == expected
    assert article.origin == "x:1"


@pytest.mark.parametrize("value", ["20/01/2018", "2018-13-45", "soon", 20180120])
def test_jsonl_bad_dates(value: object) -> None:
    line = json.dumps({"text": "Kenya thanked Uganda.", "date": value})
    (item,) = read_jsonl_lines([line], origin="x")
    assert isinstance(item, Rejected)
    assert item.problem.startswith("line 1 has a bad date")


def test_default_date_fills_only_missing_dates(tmp_path: Path) -> None:
    default = date(2020, 2, 2)
    text = read_text(_write(tmp_path / "a.txt", GOOD_TEXT), default_date=default)
    assert isinstance(text, Article) and text.published == default
    page = read_html_string(PAGE, default_date=default)
    assert isinstance(page, Article) and page.published == date(2021, 6, 14)


def test_html_without_text_is_rejected() -> None:
    item = read_html_string("<html><body><script>var a = 1;</script></body></html>")
    assert isinstance(item, Rejected)
    assert item.problem == "no article text found in the HTML"


# ------------------------------------------------------------------ formats and gzip


def test_gzip_variants(tmp_path: Path) -> None:
    for name, data in [
        ("a.txt.gz", GOOD_TEXT),
        ("b.jsonl.gz", json.dumps(GOOD_LINE) + "\n"),
        ("c.html.gz", PAGE),
    ]:
        with gzip.open(tmp_path / name, "wt", encoding="utf-8") as fh:
            fh.write(data)
    _write(tmp_path / "d.txt.gz", b"not gzip at all")
    items = list(iter_articles([tmp_path]))
    assert [type(item).__name__ for item in items] == ["Article", "Article", "Article", "Rejected"]
    assert items[0].text == GOOD_BODY
    assert items[1].id == "doc-1"
    assert items[2].dateline == "Vienna"
    assert items[3].problem.startswith("not a valid gzip file")


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("a.txt", "text"),
        ("a.TEXT", "text"),
        ("a.md", "text"),
        ("a.jsonl", "jsonl"),
        ("a.ndjson.gz", "jsonl"),
        ("a.html", "html"),
        ("a.htm.gz", "html"),
        ("a.json", None),
        ("a.csv", None),
        ("a.gz", None),
    ],
)
def test_detect_format(name: str, fmt: str | None) -> None:
    assert ingest.detect_format(name) == fmt


def test_explicit_file_with_unknown_extension_is_text(tmp_path: Path) -> None:
    path = _write(tmp_path / "story.dat", GOOD_TEXT)
    (article,) = iter_articles([path])
    assert isinstance(article, Article) and article.text == GOOD_BODY


def test_forced_format(tmp_path: Path) -> None:
    path = _write(tmp_path / "lines.txt", json.dumps(GOOD_LINE) + "\n")
    (article,) = iter_articles([str(path)], input_format="jsonl")
    assert isinstance(article, Article) and article.id == "doc-1"
    (as_text,) = iter_articles([path], input_format="text")
    assert isinstance(as_text, Article) and as_text.text.startswith("{")


def test_unknown_input_format_raises() -> None:
    with pytest.raises(InputError, match="unknown input format 'xml'"):
        iter_articles(["x"], input_format="xml")


def test_unknown_extension_in_folder_logged(batch: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger="detente.ingest.readers"):
        list(iter_articles([batch]))
    assert any("notes.csv" in record.getMessage() for record in caplog.records)


# ------------------------------------------------------------------------------ ids


def test_ids_stable_and_content_derived(tmp_path: Path) -> None:
    a = read_text(_write(tmp_path / "a.txt", GOOD_TEXT))
    b = read_text(_write(tmp_path / "b.txt", GOOD_TEXT.replace("\n", "\r\n")))
    c = read_text(_write(tmp_path / "c.txt", GOOD_TEXT.replace("Saturday", "Sunday")))
    assert isinstance(a, Article) and isinstance(b, Article) and isinstance(c, Article)
    assert a.id == b.id != c.id
    # Fixed value: the id must not change between runs or Python versions.
    assert a.id == Article.make_id(GOOD_BODY, "Envoys agree to resume talks") == "df2f167ea38b024c"
    line = json.dumps({"text": GOOD_BODY, "title": "Envoys agree to resume talks"})
    (from_jsonl,) = read_jsonl_lines([line])
    assert from_jsonl.id == a.id


def test_public_api() -> None:
    assert sorted(ingest.__all__) == sorted(
        [
            "INPUT_FORMATS",
            "detect_format",
            "iter_articles",
            "read_html",
            "read_html_string",
            "read_jsonl",
            "read_jsonl_lines",
            "read_text",
            "read_text_string",
            "split_dateline",
        ]
    )
    for name in ingest.__all__:
        assert getattr(ingest, name) is not None
