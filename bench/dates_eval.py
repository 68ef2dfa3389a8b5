"""Time expressions found and normalised, on TempEval-3 TimeBank and AQUAINT (TimeML).

    .venv/bin/python bench/dates_eval.py [--limit N] [--errors]

Reads ../shared/data/gold/dates/*/*.tml (skips when absent). Each document's DCT (document
creation time) is the base date. For every gold TIMEX3 of type DATE in the text:
- found: a spaCy DATE entity overlaps its span;
- normalised: `detente.dates.normalise(entity text, DCT, tense of the governing verb)`
  gives the gold value ("1949-XX" read as "1949", times of day dropped), compared at
  the gold value's granularity ("1998-01" matches "1998-01-08"; a coarser value of ours
  does not match a finer gold one). Gold values that are not calendar points
  (PRESENT_REF, PAST_REF, quarters, seasons, decades, "XXXX-...") cannot be matched by
  this normaliser; they are counted, and the share is also given without them.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from datetime import date
from html import unescape
from pathlib import Path

from _shared import require

from detente.config import Settings
from detente.dates import normalise, tense
from detente.nlp.model import cached_pipeline

TAG = re.compile(r"<(/?)(\w+)([^>]*)>")
ATTR = re.compile(r'(\w+)="([^"]*)"')
# Values this normaliser can give: a year, a month, a day or an ISO week.
CALENDAR = re.compile(r"^\d{4}(-\d{2}(-\d{2})?|-W\d{2})?$")


def parse_tml(path: Path) -> tuple[date | None, str, list[tuple[int, int, str, str, str]]]:
    """(DCT, plain text, [(start, end, type, value, text)]) of one TimeML file."""
    raw = path.read_text(encoding="utf-8")
    dct_match = re.search(r"<DCT>.*?value=\"(\d{4}-\d{2}-\d{2})", raw, re.S)
    dct = date.fromisoformat(dct_match.group(1)) if dct_match else None
    body = raw.split("<TEXT>", 1)[1].split("</TEXT>", 1)[0]
    out: list[str] = []
    length = 0
    timexes = []
    open_timex: tuple[int, dict[str, str]] | None = None
    pos = 0
    for m in TAG.finditer(body):
        chunk = unescape(body[pos : m.start()])
        out.append(chunk)
        length += len(chunk)
        pos = m.end()
        closing, name = m.group(1), m.group(2)
        if name != "TIMEX3":
            continue
        if not closing:
            open_timex = (length, dict(ATTR.findall(m.group(3))))
        elif open_timex is not None:
            start, attrs = open_timex
            text = "".join(out)[start:length]
            timexes.append((start, length, attrs.get("type", ""), attrs.get("value", ""), text))
            open_timex = None
    out.append(unescape(body[pos:]))
    return dct, "".join(out), timexes


def _comparable(value: str) -> str:
    """ "1949-XX" -> "1949", "2000-W7" -> "2000-W07", "2000-01-28TMO" -> "2000-01-28"."""
    value = value.split("T", 1)[0]
    value = re.sub(r"(-XX)+$", "", value)
    return re.sub(r"-W(\d)$", r"-W0\1", value)


def _matches(gold: str, ours: str | None) -> bool:
    gold = _comparable(gold)
    if ours is None or len(ours) < len(gold):
        return False
    if "-W" in gold or "-W" in ours:
        return gold == ours
    return ours[: len(gold)] == gold


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=0, help="only the first N documents")
    parser.add_argument("--errors", action="store_true", help="print each wrong value")
    args = parser.parse_args()
    root = require("gold/dates")
    files = sorted(root.glob("*/*.tml"))
    if args.limit:
        files = files[: args.limit]
    nlp = cached_pipeline(Settings())
    counts: Counter[str] = Counter()
    t0 = time.perf_counter()
    for path in files:
        dct, text, timexes = parse_tml(path)
        if dct is None:
            print(f"{path.name}: no DCT, skipped")
            continue
        doc = nlp(text)
        ents = [e for e in doc.ents if e.label_ == "DATE"]
        for start, end, kind, value, surface in timexes:
            if kind != "DATE":
                continue
            calendar = bool(CALENDAR.match(_comparable(value)))
            counts["gold"] += 1
            counts["gold_calendar"] += calendar
            ent = next((e for e in ents if e.start_char < end and start < e.end_char), None)
            if ent is None:
                continue
            counts["found"] += 1
            counts["found_calendar"] += calendar
            ours, _ = normalise(ent.text, dct, tense=tense(ent.root))
            if _matches(value, ours):
                counts["right"] += 1
            elif args.errors:
                print(f"  {path.name}: {ent.text!r} -> {ours} (gold {surface!r} = {value})")
    secs = time.perf_counter() - t0

    def pct(a: int, b: int) -> str:
        return f"{100 * a / b:.1f}%" if b else "n/a"

    print(
        f"TimeBank+AQUAINT: {len(files)} documents, {counts['gold']} gold DATE expressions "
        f"({counts['gold_calendar']} with a calendar value), {secs:.0f} s"
    )
    print(
        f"found (span overlap)        {pct(counts['found'], counts['gold'])} "
        f"({counts['found']}/{counts['gold']})"
    )
    print(
        f"found and same value        {pct(counts['right'], counts['gold'])} of all gold; "
        f"{pct(counts['right'], counts['found'])} of found; "
        f"{pct(counts['right'], counts['found_calendar'])} of found with a calendar value"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
