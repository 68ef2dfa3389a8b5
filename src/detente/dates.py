"""When an event happened: the time expressions near it, read against the article's date.

`normalise(text, base)` turns one time expression into a TimeML-style value and a
precision: "2018-01-20" (day), "2018-01" (month), "2018" (year), "2018-W07" (week). Weekdays
and the relative words news uses ("yesterday", "last Tuesday", "three days ago", "last
month") are read by rule against `base`; everything else goes to dateparser with the
article date as RELATIVE_BASE (never `search_dates`, which finds dates in ordinary words:
DESIGN.md, "Known pitfalls").

`event_date(doc, sent, trigger, article)` picks the DATE entities spaCy found in the
event's sentence, those in the trigger's subtree first, then the nearest; "a week later"
counts from a date named earlier in the sentence. A past-tense event is never dated after
the article; with no usable expression the article date stands, with precision "article".
"""

from __future__ import annotations

import calendar
import logging
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from dateparser.date import DateDataParser
from spacy.tokens import Doc, Span, Token

from detente.types import Article

LOGGER = logging.getLogger(__name__)

__all__ = ["EventDate", "event_date", "normalise", "tense", "to_date"]

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# English number words up to twelve, for "three days ago" (dateparser reads them too, but
# the relative rules below need the count).
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": 3,
    "a few": 3, "few": 3, "couple of": 2, "a couple of": 2,
}  # fmt: skip
UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365, "decade": 3652}
# Words that make a bare count of days or years a duration, not a point ("for two weeks").
DURATION_PREPS = frozenset({"for", "over", "during", "throughout", "within"})
# Auxiliaries that put an event in the future.
FUTURE_AUX = frozenset({"will", "shall", "'ll"})
# Leading words that do not change an expression's value.
LEADING = re.compile(
    r"^(on|in|at|by|since|from|until|the|of|early|late|earlier|later|mid|around|about|almost"
    r"|nearly|some|just|only|more than|less than|over|roughly|approximately)\s+",
    re.I,
)
# "between 1994 and 1997", "1991 to 1997": a range is read as its first point.
RANGE = re.compile(r"^(?:between )?(?P<first>.+?) (?:and|to|through|until) (?P<last>.+)$")
PRECISION_BY_PERIOD = {"day": "day", "time": "day", "week": "week", "month": "month",
                       "year": "year"}  # fmt: skip
RELATIVE = re.compile(
    r"^(?P<n>\d+|" + "|".join(sorted(NUMBERS, key=len, reverse=True)) + r")\s+"
    r"(?P<unit>day|week|month|year|decade)s?\s+(?P<dir>ago|earlier|before|later|after|on)$"
)

# -- fast paths: the simple shapes answered here exactly as dateparser answers them --------
# dateparser costs about 1 ms a string; most strings news gives it are a year, a month, a
# month and day, or no point in time at all. Each shape below was checked, value and
# precision, against dateparser 1.5.0 with this module's settings over many bases and
# every tense (tests/test_dates_fastpaths.py keeps checking it); anything else still goes
# to dateparser.
# Month names and the abbreviations dateparser's English locale reads, with their numbers.
MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<year>1\d{3}|20\d{2})"  # 1000-2099: the four-digit years checked
_DAY = r"(?P<day>0?[1-9]|[12]\d|3[01])"
CALENDAR_SHAPES = tuple(
    re.compile(shape)
    for shape in (
        _YEAR,  # "1995"
        _MONTH,  # "january", "sept."
        rf"{_MONTH},? {_YEAR}",  # "september 1996"
        rf"{_MONTH} {_DAY}",  # "march 26", "aug. 7"
        rf"{_DAY} {_MONTH}",  # "26 march"
        rf"{_MONTH} {_DAY},? {_YEAR}",  # "march 26, 1997"
        rf"{_DAY} {_MONTH},? {_YEAR}",  # "26 march 1997"
    )
)
# dateparser reads a bare 32-99 as a two-digit year (strptime's %y: 69-99 is 19xx, 32-68
# 20xx), then moves it a century back ("past") or forward ("future") when it falls on the
# wrong side of the base ("75" -> 1975 or 2075).
TWO_DIGIT_YEAR = re.compile(r"3[2-9]|[4-9]\d")
_COUNT = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
# What dateparser reads as no point in time (None), found often in news' DATE entities.
NOT_A_POINT = re.compile(
    "|".join(
        (
            # frequencies: "annual", "daily", "seasonally"
            r"(?:the )?(?:annual|annually|daily|weekly|monthly|quarterly|yearly|biannual"
            r"|biennial|nightly|hourly|semiannual|semi-annual|bi-weekly|biweekly|seasonally)",
            # "every year", "each month", "every two months", "every other week"
            rf"(?:every|each)(?: other| {_COUNT})? (?:day|week|month|year|quarter)s?",
            # ages: "47-year-old", "six-year-old", "18 years old", "12-year- old"
            r"(?:\S+[ -])?(?:day|week|month|year)s?(?:-| |- )old",
            # lengths as adjectives: "three-day", "six-month" (not "-year": "46-year" is
            # read as the year 2046)
            rf"{_COUNT}-(?:day|week|month)s?",
            # a bare unit, a weekend, "recent months", "one quarter"
            r"(?:day|week|month|year|quarter)s?|(?:(?:this|last|next) )?weekends?",
            r"recent (?:day|week|month|year)s|(?:one|a) quarter",
        )
    )
)


@dataclass(frozen=True, slots=True)
class EventDate:
    """An event's date, how precise it is, and the words and rule it came from."""

    date: str | None  # ISO date (the first day of a month or year at those precisions)
    precision: str  # day | week | month | year | article
    text: str = ""
    rule: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"date": self.date, "precision": self.precision, "text": self.text,
                "rule": self.rule}  # fmt: skip


@lru_cache(maxsize=64)
def _parser(base: date, prefer: str) -> DateDataParser:
    return DateDataParser(
        languages=["en"],
        settings={
            "RELATIVE_BASE": datetime(base.year, base.month, base.day),
            "PREFER_DATES_FROM": prefer,
            "PREFER_DAY_OF_MONTH": "first",
        },
    )


def _value(d: date, precision: str) -> str:
    if precision == "year":
        return f"{d.year:04d}"
    if precision == "month":
        return f"{d.year:04d}-{d.month:02d}"
    if precision == "week":
        year, week, _ = d.isocalendar()
        return f"{year:04d}-W{week:02d}"
    return d.isoformat()


def to_date(value: str) -> date | None:
    """The first day a value covers: "2018-01" -> 2018-01-01, "2018-W07" -> its Monday."""
    try:
        if re.fullmatch(r"\d{4}", value):
            return date(int(value), 1, 1)
        if re.fullmatch(r"\d{4}-\d{2}", value):
            return date(int(value[:4]), int(value[5:7]), 1)
        if m := re.fullmatch(r"(\d{4})-W(\d{2})", value):
            return date.fromisocalendar(int(m[1]), int(m[2]), 1)
        return date.fromisoformat(value)
    except ValueError:
        return None


def _clean(text: str) -> str:
    text = re.sub(r"\s+", " ", text.strip().lower()).replace("’", "'")
    text = text.strip(" ,.;:")
    prev = None
    while prev != text:
        prev, text = text, LEADING.sub("", text)
    return text.replace("-", " ") if text.startswith("mid") else text


def _weekday(text: str, base: date, tense: str) -> date | None:
    words = text.split()
    if not words or words[-1] not in WEEKDAYS or len(words) > 2:
        return None
    target = WEEKDAYS.index(words[-1])
    modifier = words[0] if len(words) == 2 else ""
    if modifier not in ("", "last", "this", "next", "past", "coming"):
        return None
    ahead = (target - base.weekday()) % 7 or 7
    back = (base.weekday() - target) % 7
    if modifier in ("next", "coming") or (tense == "future" and not modifier):
        return base + timedelta(days=ahead)
    if not modifier and not tense and ahead < back:
        return base + timedelta(days=ahead)  # tense unknown: the nearer one
    if modifier in ("last", "past") and back == 0:
        back = 7  # "last Tuesday" in a Tuesday's paper: a week ago
    return base - timedelta(days=back)


def _relative(text: str, base: date, anchor: date | None) -> tuple[date, str] | None:
    simple = {"today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0,
              "this evening": 0, "yesterday": -1, "tomorrow": 1,
              "the day before yesterday": -2, "day before yesterday": -2}  # fmt: skip
    if text in simple:
        return base + timedelta(days=simple[text]), "day"
    m = re.fullmatch(r"(last|this|next|past|coming) (week|month|year)", text)
    if m:
        step = {"last": -1, "past": -1, "this": 0, "next": 1, "coming": 1}[m[1]]
        unit = m[2]
        if unit == "week":
            return base + timedelta(weeks=step), "week"
        if unit == "month":
            month = base.month + step
            year = base.year + (month - 1) // 12
            return date(year, (month - 1) % 12 + 1, 1), "month"
        return date(base.year + step, 1, 1), "year"
    m = RELATIVE.fullmatch(text)
    if m:
        count = int(m["n"]) if m["n"].isdigit() else NUMBERS[m["n"]]
        unit, direction = m["unit"], m["dir"]
        origin = base if direction == "ago" else anchor
        if origin is None:
            return None
        sign = -1 if direction in ("ago", "earlier", "before") else 1
        delta = timedelta(days=sign * count * UNIT_DAYS[unit])
        precision = "day" if unit in ("day", "week") else "year" if unit == "decade" else unit
        return origin + delta, precision
    return None


def _fast_path(text: str, base: date, prefer: str) -> tuple[str | None, str] | None:
    """dateparser's (value, precision) for the simple shapes above, computed here; None
    when `text` is not one of them (or is a case dateparser treats specially)."""
    if NOT_A_POINT.fullmatch(text):
        return None, ""
    if TWO_DIGIT_YEAR.fullmatch(text):
        year = int(text) + (1900 if int(text) >= 69 else 2000)
        if year > base.year and prefer == "past":
            year -= 100
        elif year <= base.year and prefer == "future":
            year += 100
        return f"{year:04d}", "year"
    m = next((m for shape in CALENDAR_SHAPES if (m := shape.fullmatch(text))), None)
    if m is None:
        return None
    parts = m.groupdict()
    year = int(parts["year"]) if parts.get("year") else None
    if not parts.get("month"):
        return f"{year:04d}", "year"
    month = MONTHS[parts["month"]]
    if not parts.get("day"):
        if year is None:  # a bare month: the one at or before / after the base's month
            if month == 2 and base.day >= 29 and calendar.isleap(base.year):
                return None  # dateparser keeps the base's day, 29, and seeks a leap year
            year = base.year
            if prefer == "past" and month > base.month:
                year -= 1
            elif prefer == "future" and month <= base.month:
                year += 1
        return f"{year:04d}-{month:02d}", "month"
    day = int(parts["day"])
    if year is not None:
        try:
            return date(year, month, day).isoformat(), "day"
        except ValueError:
            return None  # "february 30, 1997": left to dateparser
    if (month, day) == (2, 29):
        return None  # dateparser moves a year-less February 29 to a leap year
    try:
        found = date(base.year, month, day)
    except ValueError:
        return None  # "april 31"
    if prefer == "past" and found > base:  # a month and day: the one on or before the base
        found = found.replace(year=found.year - 1)
    elif prefer == "future" and found <= base:  # ... or the one after it
        found = found.replace(year=found.year + 1)
    return found.isoformat(), "day"


@lru_cache(maxsize=4096)  # an article repeats its dates; dateparser is the coder's cost
def normalise(
    text: str, base: date, *, anchor: date | None = None, tense: str = ""
) -> tuple[str | None, str]:
    """The value and precision of one time expression read against `base`.

    `anchor` is a date named earlier, for "a week later"; `tense` ("past", "future" or ""
    for unknown) says which way a bare weekday or month points. Returns (None, "") for
    what is not a point in time ("three years").
    """
    cleaned = _clean(text)
    if not cleaned or "centur" in cleaned or "decade" in cleaned and "ago" not in cleaned:
        return None, ""
    if (m := RANGE.match(cleaned)) and not m["first"].isdigit() or (m and m["last"][:1].isdigit()):
        first = normalise(m["first"], base, anchor=anchor, tense=tense)
        if first[0] is not None:
            return first
    found = _weekday(cleaned, base, tense)
    if found is not None:
        return found.isoformat(), "day"
    rel = _relative(cleaned, base, anchor)
    if rel is not None:
        return _value(rel[0], rel[1]), rel[1]
    if RELATIVE.fullmatch(cleaned):
        return None, ""  # "a week later" with no date before it to count from
    if re.fullmatch(r"(\d+|" + "|".join(NUMBERS) + r") (day|week|month|year)s?", cleaned):
        return None, ""  # a duration
    if re.fullmatch(r"(the )?\d{4}s", cleaned) or not re.search(r"\d|[a-z]{3}", cleaned):
        return None, ""
    prefer = {"future": "future", "past": "past"}.get(tense, "current_period")
    fast = _fast_path(cleaned, base, prefer)
    if fast is not None:
        return fast
    try:
        return parsed(cleaned, base, prefer)
    except (ValueError, OverflowError, TypeError) as exc:
        LOGGER.debug("dateparser failed on %r: %s", text, exc)
        return None, ""


def parsed(cleaned: str, base: date, prefer: str) -> tuple[str | None, str]:
    """dateparser's (value, precision) of a cleaned expression: the answer `_fast_path`
    must give wherever it answers."""
    data = _parser(base, prefer).get_date_data(cleaned)
    if data.date_obj is None:
        return None, ""
    precision = PRECISION_BY_PERIOD.get(data.period or "day", "day")
    return _value(data.date_obj.date(), precision), precision


# -- an event's date ----------------------------------------------------------------------


def tense(tok: Token) -> str:
    """ "future", "past" or "" (present or unknown) of the verb `tok` is or hangs on."""
    verb = tok
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    for node in (verb, verb.head):
        for c in node.children:
            if c.dep_ == "aux" and c.lower_ in FUTURE_AUX:
                return "future"
            if c.lower_ == "going" and any(g.lower_ == "to" for g in c.children):
                return "future"
        if node.dep_ not in ("xcomp", "conj"):
            break
    if verb.tag_ == "VBD" or any(
        c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in verb.children
    ):
        return "past"
    if verb.tag_ == "VBN" and any(c.lower_ in ("has", "have", "had") for c in verb.children):
        return "past"
    return ""


def _is_duration(ent: Span) -> bool:
    head = ent.root.head
    return ent.root.dep_ == "pobj" and head.lower_ in DURATION_PREPS


DATE_ENTS_KEY = "detente.date_ents"


def _date_ents(doc: Doc) -> tuple[Span, ...]:
    """The Doc's DATE entities, computed once per Doc (`doc.ents` builds new spans on every
    access)."""
    found = doc.user_data.get(DATE_ENTS_KEY)
    if found is None:
        found = tuple(e for e in doc.ents if e.label_ == "DATE")
        doc.user_data[DATE_ENTS_KEY] = found
    return found


def event_date(doc: Doc, sent: Span, trigger: Token, article: Article) -> EventDate:
    """The date of the event `trigger` names, from the time expressions of its sentence."""
    base = article.published
    fallback = EventDate(base.isoformat() if base else None, "article", "", "article")
    if base is None:
        return fallback
    verb_tense = tense(trigger)
    future = verb_tense == "future"
    subtree = {t.i for t in trigger.subtree}
    ents = [e for e in _date_ents(doc) if sent.start <= e.start < sent.end]
    anchors: dict[int, date] = {}
    readings: list[tuple[Span, str, str]] = []
    for ent in ents:
        if _is_duration(ent):
            continue
        anchor = next((anchors[s] for s in sorted(anchors, reverse=True) if s < ent.start), None)
        value, precision = normalise(ent.text, base, anchor=anchor, tense=verb_tense or "past")
        if value is None:
            continue
        start = to_date(value)
        if start is None:
            continue
        anchors[ent.start] = start
        readings.append((ent, value, precision))
    if not readings:
        return fallback

    def rank(r: tuple[Span, str, str]) -> tuple[int, int]:
        ent = r[0]
        inside = 0 if ent.root.i in subtree or ent.start in subtree else 1
        return inside, min(abs(ent.start - trigger.i), abs(ent.end - 1 - trigger.i))

    for ent, value, precision in sorted(readings, key=rank):
        start = to_date(value)
        if start is None or (not future and start > base):
            continue  # a reported past event is never dated after its report
        rule = "date:subtree" if rank((ent, value, precision))[0] == 0 else "date:sentence"
        return EventDate(start.isoformat(), precision, ent.text, rule)
    return fallback
