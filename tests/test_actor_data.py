"""Shape and content checks for the shipped actor dictionaries and sample reports."""

from __future__ import annotations

import datetime as dt
import json
import re
from importlib.resources import files

import pytest

DATA = files("detente") / "data"
ACTORS = DATA / "actors"

# Required keys and their types, per file.
SCHEMAS: dict[str, dict[str, type]] = {
    "countries.jsonl": {
        "id": str,
        "code": str,
        "name": str,
        "names": list,
        "adjectives": list,
        "people": list,
        "capitals": list,
        "ambiguous": list,
    },
    "agents.jsonl": {"id": str, "words": list, "sector": str, "person": bool},
    "organizations.jsonl": {
        "id": str,
        "names": list,
        "code": str,
        "country": str,
        "sectors": list,
        "name": str,
    },
}
ID_PREFIX = {"countries.jsonl": "country:", "agents.jsonl": "agent:", "organizations.jsonl": "org:"}
# "<CITY>, <Month> <D> (<outlet>) - " or "<CITY> - " at the start of a report.
DATELINE = re.compile(r"^[A-Z][A-Z .'-]+(, [A-Z][a-z]+\.? \d{1,2} \([^)]+\))? - \S")


def _load(path) -> list[dict]:
    rows = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        assert line.strip(), f"{path.name}:{lineno} is blank"
        rows.append(json.loads(line))
    return rows


@pytest.fixture(scope="module")
def actor_files() -> dict[str, list[dict]]:
    return {name: _load(ACTORS / name) for name in SCHEMAS}


@pytest.fixture(scope="module")
def countries(actor_files) -> dict[str, dict]:
    return {row["code"]: row for row in actor_files["countries.jsonl"]}


@pytest.fixture(scope="module")
def orgs(actor_files) -> list[dict]:
    return actor_files["organizations.jsonl"]


@pytest.mark.parametrize("filename", sorted(SCHEMAS))
def test_rows_have_required_keys_and_types(actor_files, filename):
    schema = SCHEMAS[filename]
    for row in actor_files[filename]:
        for key, kind in schema.items():
            assert key in row, f"{filename}: {row.get('id')} lacks {key!r}"
            assert isinstance(row[key], kind), f"{filename}: {row['id']}.{key} is not {kind}"
            if kind is list:
                assert all(isinstance(x, str) and x.strip() == x and x for x in row[key]), (
                    f"{filename}: {row['id']}.{key} has a non-string or untrimmed item"
                )
        assert row["id"].startswith(ID_PREFIX[filename])


def test_ids_unique_across_files(actor_files):
    ids = [row["id"] for rows in actor_files.values() for row in rows]
    dupes = {i for i in ids if ids.count(i) > 1}
    assert not dupes


def test_country_codes(countries):
    assert len(countries) >= 240
    for code, row in countries.items():
        assert re.fullmatch(r"[A-Z]{3}", code), code
        assert row["id"] == f"country:{code}"
        assert row["name"] in row["names"]
        spelled = set(row["names"]) | set(row["adjectives"]) | set(row["people"])
        spelled |= set(row["capitals"])
        assert set(row["ambiguous"]) <= spelled, code


def test_country_surface_forms_do_not_collide(countries):
    owner: dict[str, str] = {}
    for code, row in countries.items():
        for form in row["names"] + row["adjectives"] + row["people"] + row["capitals"]:
            assert owner.setdefault(form, code) == code, f"{form!r}: {owner[form]} and {code}"


@pytest.mark.parametrize(
    ("code", "field", "value"),
    [
        ("RUS", "adjectives", "Russian"),
        ("RUS", "capitals", "Moscow"),
        ("USA", "names", "U.S."),
        ("GBR", "names", "Britain"),
        ("PRK", "names", "DPRK"),
        ("PSE", "names", "Gaza"),
        ("PAK", "capitals", "Islamabad"),
        ("NLD", "capitals", "The Hague"),
        ("GEO", "ambiguous", "Georgia"),
        ("XKX", "names", "Kosovo"),
    ],
)
def test_country_entries(countries, code, field, value):
    assert value in countries[code][field]


def test_agents(actor_files):
    agents = actor_files["agents.jsonl"]
    assert len(agents) >= 120
    words = [w for row in agents for w in row["words"]]
    assert len(words) >= 500
    assert all(w == w.lower() for w in words)
    assert len(words) == len(set(words)), "a word belongs to two agent entries"
    for row in agents:
        assert re.fullmatch(r"[A-Z]{3}", row["sector"]), row["id"]


def test_org_codes(orgs):
    assert len(orgs) >= 150
    for row in orgs:
        assert re.fullmatch(r"[A-Z0-9]+", row["code"]), row["id"]
        assert row["country"] == "" or re.fullmatch(r"[A-Z]{3}", row["country"])
        assert row["country"] == "" or row["code"].startswith(row["country"]), row["id"]
        assert row["name"] in row["names"]
        assert all(re.fullmatch(r"[A-Z]{3}", s) for s in row["sectors"]), row["id"]


def _org_code(orgs, name: str) -> set[str]:
    return {row["code"] for row in orgs if name in row["names"]}


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Daesh", "IMGMUSISI"),
        ("ISIL", "IMGMUSISI"),
        ("Islamic State", "IMGMUSISI"),
        ("NATO", "IGOWSTNAT"),
        ("Kremlin", "RUSGOV"),
        ("Pentagon", "USAMIL"),
    ],
)
def test_org_names_resolve(orgs, name, code):
    assert _org_code(orgs, name) == {code}


def test_sample_reports():
    reports = _load(DATA / "samples" / "reports.jsonl")
    assert len(reports) >= 16
    assert len({r["id"] for r in reports}) == len(reports)
    for report in reports:
        for key in ("id", "title", "date", "outlet", "url", "text"):
            assert isinstance(report.get(key), str), (report.get("id"), key)
        dt.date.fromisoformat(report["date"])
        assert DATELINE.match(report["text"]), report["id"]
        assert 120 <= len(report["text"].split()) <= 250, report["id"]
