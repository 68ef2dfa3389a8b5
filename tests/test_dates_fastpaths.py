"""The date normaliser's fast paths give exactly what dateparser gives for the same string,
base and tense, so answering them without dateparser changes no output. Texts written for
the tests."""

from __future__ import annotations

from datetime import date

import pytest

from detente.dates import MONTHS, _clean, _fast_path, normalise, parsed

# Bases chosen for the edges: a leap day, the days around a new year, the end of 30- and
# 31-day months, the last days of a leap year's March (February 29 exists then).
BASES = [
    date(1997, 4, 17), date(2005, 12, 31), date(2006, 1, 1), date(2024, 2, 29),
    date(2024, 3, 31), date(2025, 2, 28), date(2025, 4, 30), date(2026, 11, 29),
]  # fmt: skip
PREFERENCES = ("past", "future", "current_period")

# Expressions a fast path must answer (it returns something other than None).
HANDLED = [
    "1995", "2026", "1000", "2099", "1066",
    "75", "44", "99", "32", "68", "69",
    "september 1996", "Dec. 1995", "sept, 2000",
    "March 26", "aug. 7", "26 March", "april 17", "april 18", "november 30", "jan 01",
    "december 31", "february 28", "April 30",
    "March 26, 1997", "26 March 1997", "feb. 29, 2024", "oct 9 2001",
    "annual", "the annual", "daily", "monthly", "seasonally",
    "every year", "each month", "every two months", "every other week",
    "47-year-old", "six-year-old", "18 years old", "12-year- old",
    "three-day", "five-day", "six-month", "10-month", "two-week",
    "weekend", "this weekend", "year", "days", "recent months", "one quarter",
]  # fmt: skip
HANDLED += [name for name in MONTHS if MONTHS[name] != 2]
HANDLED += [f"{name}. 15" for name in MONTHS if len(name) <= 4]
# Answered by a fast path for most bases, left to dateparser for some.
SOMETIMES = ["february", "feb", "February 29", "feb. 29, 2023", "june 31, 2020"]
# Shapes that look alike but which dateparser reads its own way: left to it.
LEFT = [
    "february 29", "april 31", "february 30, 1997", "15", "5", "31", "46-year", "nine-year",
    "june 16-17", "0424", "2100", "last november", "march 26th", "1995s",
]  # fmt: skip


@pytest.mark.parametrize("text", HANDLED)
def test_fast_path_gives_what_dateparser_gives(text: str) -> None:
    cleaned = _clean(text)
    for base in BASES:
        for prefer in PREFERENCES:
            fast = _fast_path(cleaned, base, prefer)
            assert fast is not None, (text, base, prefer)
            assert fast == parsed(cleaned, base, prefer), (text, base, prefer)


@pytest.mark.parametrize("text", SOMETIMES)
def test_fast_path_when_it_answers_gives_what_dateparser_gives(text: str) -> None:
    cleaned = _clean(text)
    for base in BASES:
        for prefer in PREFERENCES:
            fast = _fast_path(cleaned, base, prefer)
            assert fast in (None, parsed(cleaned, base, prefer)), (text, base, prefer)


@pytest.mark.parametrize("text", LEFT)
def test_special_cases_are_left_to_dateparser(text: str) -> None:
    cleaned = _clean(text)
    for base in BASES:
        for prefer in PREFERENCES:
            assert _fast_path(cleaned, base, prefer) is None, (text, base, prefer)


def test_leap_day_february_is_left_to_dateparser() -> None:
    # dateparser keeps the base's day 29 in a bare "february" and so lands on a leap year.
    assert _fast_path("february", date(2024, 3, 30), "future") is None
    assert normalise("February", date(2024, 3, 30), tense="future") == ("2028-02", "month")
    assert normalise("February", date(2025, 3, 30), tense="future") == ("2026-02", "month")


def test_normalise_through_the_fast_paths() -> None:
    base = date(2018, 2, 20)
    assert normalise("March 26", base, tense="past") == ("2017-03-26", "day")
    assert normalise("March 26", base, tense="future") == ("2018-03-26", "day")
    assert normalise("in January", base, tense="past") == ("2018-01", "month")
    assert normalise("75", base, tense="future") == ("2075", "year")
    assert normalise("47-year-old", base) == (None, "")
