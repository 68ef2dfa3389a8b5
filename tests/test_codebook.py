"""The shipped CAMEO codebook and its PLOVER mapping."""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.errors import DataFileError
from detente.events.codebook import CameoCode, Codebook, default_codebook

HEADER = "code\tname\tgoldstein\tquad_class\tplover\tplover_mode\n"


def test_loads_all_codes() -> None:
    book = Codebook.load()
    assert len(book) >= 250
    assert "01" in book and "20" in book
    assert book.codes()[0] == "01"


def test_accuse() -> None:
    entry = default_codebook()["112"]
    assert isinstance(entry, CameoCode)
    assert entry.name == "Accuse"
    assert entry.root == "11"
    assert entry.quad_class == 3
    assert entry.plover == "ACCUSE"
    assert entry.goldstein == -2.0


@pytest.mark.parametrize(
    ("code", "plover"),
    [
        ("040", "CONSULT"),
        ("163", "COERCE"),
        ("190", "ASSAULT"),
        ("020", "REQUEST"),
        ("100", "REQUEST"),
        ("016", "REJECT"),
        ("175", "ASSAULT"),
        ("191", "COERCE"),
        ("192", "COERCE"),
        ("081", "CONCEDE"),
        ("0841", "RETREAT"),
        ("087", "RETREAT"),
        ("057", "SUPPORT"),
        ("010", ""),
    ],
)
def test_plover_mapping(code: str, plover: str) -> None:
    assert default_codebook()[code].plover == plover


def test_names_are_readable() -> None:
    book = default_codebook()
    assert book["010"].name == "Make statement"
    assert book["030"].name == "Express intent to cooperate"
    assert book["190"].name == "Use conventional military force"
    assert book["01"].name == "Make public statement"
    assert all("not specified below" not in entry.name for entry in book)


def test_unknown_code_raises() -> None:
    book = default_codebook()
    assert "999" not in book
    assert book.get("999") is None
    with pytest.raises(DataFileError, match="999"):
        book["999"]


def test_default_codebook_is_cached() -> None:
    assert default_codebook() is default_codebook()


def test_malformed_line_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "codes.tsv"
    path.write_text("# comment\n" + HEADER + "010\tMake statement\t0.0\t1\t\t\n011\tbroken\n")
    with pytest.raises(DataFileError, match=r"codes\.tsv, line 4"):
        Codebook.load(path)


def test_bad_values_rejected(tmp_path: Path) -> None:
    path = tmp_path / "codes.tsv"
    path.write_text(HEADER + "010\tMake statement\tzero\t1\t\t\n")
    with pytest.raises(DataFileError, match="goldstein"):
        Codebook.load(path)
    path.write_text(HEADER + "010\tMake statement\t0.0\t1\tYIELD\t\n")
    with pytest.raises(DataFileError, match="PLOVER"):
        Codebook.load(path)


def test_missing_file_raises(tmp_path: Path) -> None:
    with pytest.raises(DataFileError):
        Codebook.load(tmp_path / "absent.tsv")
