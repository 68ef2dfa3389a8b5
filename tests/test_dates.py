"""Dates: normalising time expressions against the article date, and an event's date from
the expressions near its trigger. Texts written for the tests."""

from __future__ import annotations

from datetime import date

import pytest

from detente.dates import event_date, normalise, to_date
from detente.types import Article

BASE = date(2018, 2, 20)  # a Tuesday

NORMALISED = [
    ("January 20", "2018-01-20", "day"),
    ("on January 20", "2018-01-20", "day"),
    ("Jan. 20, 2017", "2017-01-20", "day"),
    ("yesterday", "2018-02-19", "day"),
    ("today", "2018-02-20", "day"),
    ("last Tuesday", "2018-02-13", "day"),  # the latest Tuesday before the article date
    ("last Friday", "2018-02-16", "day"),
    ("three days ago", "2018-02-17", "day"),
    ("last month", "2018-01", "month"),
    ("January 2017", "2017-01", "month"),
    ("last year", "2017", "year"),
    ("1998", "1998", "year"),
]


@pytest.mark.parametrize(("text", "value", "precision"), NORMALISED)
def test_normalise(text: str, value: str, precision: str) -> None:
    assert normalise(text, BASE) == (value, precision)


@pytest.mark.parametrize("text", ["three years", "two weeks", "the 1990s", "this century"])
def test_durations_and_vague_spans_are_not_points(text: str) -> None:
    assert normalise(text, BASE) == (None, "")


def test_a_week_later_counts_from_the_anchor() -> None:
    assert normalise("a week later", BASE, anchor=date(2018, 1, 20)) == ("2018-01-27", "day")
    assert normalise("a week later", BASE) == (None, "")


def test_weekday_direction_follows_tense() -> None:
    assert normalise("Monday", BASE, tense="past") == ("2018-02-19", "day")
    assert normalise("Friday", BASE, tense="future") == ("2018-02-23", "day")


def test_to_date() -> None:
    assert to_date("2018-01") == date(2018, 1, 1)
    assert to_date("2018") == date(2018, 1, 1)
    assert to_date("2018-W07") == date(2018, 2, 12)
    assert to_date("nonsense") is None


EVENTS = [
    # (text, trigger, expected date, precision)
    ("Militants attacked a hotel in Kabul on January 20.", "attacked", "2018-01-20", "day"),
    ("Police arrested two men last Tuesday.", "arrested", "2018-02-13", "day"),
    ("Police arrested two men on Monday.", "arrested", "2018-02-19", "day"),
    ("The army shelled the village yesterday.", "shelled", "2018-02-19", "day"),
    ("Rebels seized the town in March 2016.", "seized", "2016-03-01", "month"),
    ("The two sides signed the accord.", "signed", "2018-02-20", "article"),
    # A past-tense event is never dated after the article: the future date is dropped.
    ("The ministers met to prepare the summit on March 3, 2018.", "met", "2018-02-20",
     "article"),
    # A future event may be dated after the article.
    ("The ministers will meet on Friday.", "meet", "2018-02-23", "day"),
]  # fmt: skip


@pytest.mark.model
@pytest.mark.parametrize(("text", "trigger", "expected", "precision"), EVENTS)
def test_event_date(nlp, text: str, trigger: str, expected: str, precision: str) -> None:
    doc = nlp(text)
    sent = next(iter(doc.sents))
    tok = next(t for t in sent if t.text == trigger)
    found = event_date(doc, sent, tok, Article(id="d", text=text, published=BASE))
    assert (found.date, found.precision) == (expected, precision)


@pytest.mark.model
def test_a_week_later_in_the_sentence(nlp) -> None:
    text = "One bomb hit a hotel on January 20 and another exploded a week later."
    doc = nlp(text)
    sent = next(iter(doc.sents))
    tok = next(t for t in sent if t.text == "exploded")
    found = event_date(doc, sent, tok, Article(id="d", text=text, published=BASE))
    assert found.date in ("2018-01-27", "2018-01-20")  # the nearer expression when parsed
    assert found.precision == "day"


@pytest.mark.model
def test_no_article_date_gives_no_date(nlp) -> None:
    text = "Police arrested two men on Monday."
    doc = nlp(text)
    sent = next(iter(doc.sents))
    found = event_date(doc, sent, doc[1], Article(id="d", text=text))
    assert (found.date, found.precision) == (None, "article")


@pytest.mark.model
def test_coder_dates_events(pipeline) -> None:
    text = "Russian troops shelled the town of Avdiivka in Ukraine on Monday."
    article = Article(id="dt", text=text, published=date(2023, 3, 1))  # a Wednesday
    events = pipeline.code_text(text, article).events
    assert events
    assert {(e.date, e.date_precision) for e in events} == {("2023-02-27", "day")}
    assert events[0].to_dict()["date_precision"] == "day"
