"""Split a wire-service dateline ("MOSCOW -", "KABUL, Jan 20 (AFP) -") off an article body.

The dateline names the place a report was filed from; it is kept as the article's place
and removed from the text before parsing (DESIGN.md, "Known pitfalls"), so that "MOSCOW"
is not read as an actor at the start of the first sentence.
"""

from __future__ import annotations

import logging
import re

LOGGER = logging.getLogger(__name__)

__all__ = ["split_dateline", "title_case_place"]

# How many non-blank lines from the top may hold the dateline: a headline line or two
# (and a byline) can stand before it in text copied from a web page.
MAX_DATELINE_LINE = 3
# A line standing before the dateline must be short (a headline, "Shares", a byline);
# past this many words it is body text, and a dateline after it is not a dateline.
MAX_WORDS_BEFORE_DATELINE = 20

# All-caps words that begin headlines and wire slugs rather than name a place
# ("US - China trade talks resumed", "BREAKING - ..."). Country abbreviations and
# international bodies are actors; wire datelines name cities.
NOT_PLACES = frozenset(
    {
        "AU", "EU", "G7", "G20", "IMF", "NATO", "OPEC", "UAE", "UK", "UN", "US", "USA",
        "WHO", "ASEAN", "BREAKING", "UPDATE", "EXCLUSIVE", "ANALYSIS", "OPINION", "EDITORIAL",
        "VIDEO", "WATCH", "LIVE", "FACTBOX", "EXPLAINER", "NEWS", "REPORT", "PHOTOS",
    }
)  # fmt: skip

# Particles that stay lower case inside a place name ("Rio de Janeiro", "Dar es Salaam",
# "Port-au-Prince", "Frankfurt am Main"); the first word is always capitalised.
LOWER_PARTICLES = frozenset(
    {"de", "des", "du", "da", "do", "dos", "das", "del", "la", "le", "es", "au", "aux",
     "am", "an", "of", "on", "upon", "and", "sur", "en"}
)  # fmt: skip

_MONTH = (
    r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?i:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?i:day|nesday|sday|urday)?\.?"
_DAY = r"\d{1,2}(?i:st|nd|rd|th)?"
_YEAR = r"\d{4}"
# "Jan 20", "Oct. 3", "March 4, 2018", "5 March", "5 March 2018", "Tuesday", "2018-01-20".
_DATE = (
    rf"(?:{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?"
    rf"|{_DAY}\s+{_MONTH}(?:,?\s+{_YEAR})?"
    rf"|{_WEEKDAY}"
    rf"|\d{{4}}-\d{{2}}-\d{{2}})"
)
# "(AFP)", "(Reuters)", "(Xinhua)", "(AP Photo)", "(dpa-AFX)".
_AGENCY = r"\(\s*[A-Za-z][\w .&'/-]{0,40}?\s*\)"
# "-", "--", "—", "–", "―". A single hyphen needs space after it, so "PORT-AU-PRINCE" and
# "MOSCOW-based" are not cut at the hyphen.
_DASH = r"(?:[ \t]*(?:--|[—–―])[ \t]*|[ \t]*-(?:[ \t]+|$))"

# One all-caps place word: "MOSCOW", "ST.", "PORT-AU-PRINCE", "XI'AN". Particles inside
# an all-caps name are upper case too ("RIO DE JANEIRO").
_CAPS_WORD = r"[A-Z][A-Z'’.]*(?:-[A-Z][A-Z'’.]*)*"
_CAPS_PLACE = rf"{_CAPS_WORD}(?:[ \t]+{_CAPS_WORD}){{0,3}}"
# One place word as written in running text: "Moscow", "New", "St.", "Port-au-Prince",
# with lower-case particles allowed after the first word ("Rio de Janeiro").
_CASED_WORD = r"[A-Z][\w'’.]*(?:-[\w'’.]+)*"
_CASED_PLACE = rf"{_CASED_WORD}(?:[ \t]+(?:{_CASED_WORD}|[a-z]{{2,3}})){{0,3}}"

# "SPRINGFIELD, Ill. (AP) -", "ST. PETERSBURG, Russia (Reuters) -": a region after the city.
_TAIL = (
    rf"(?P<region>[ \t]*,[ \t]*{_CASED_PLACE})?"
    rf"(?P<date>[ \t]*,[ \t]*{_DATE})?"
    rf"(?P<agency>[ \t]*{_AGENCY})?"
)

# An all-caps place: a date and an agency are optional ("MOSCOW -").
CAPS_DATELINE = re.compile(rf"[ \t]*(?P<place>{_CAPS_PLACE}){_TAIL}{_DASH}")
# A place written in ordinary case needs a date or an agency before the dash
# ("Moscow, 5 March (TASS) -"), or "US - China trade talks" would be a dateline.
CASED_DATELINE = re.compile(rf"[ \t]*(?P<place>{_CASED_PLACE}){_TAIL}{_DASH}")

_LINE = re.compile(r"[^\n]*(?:\n|$)")


def title_case_place(name: str) -> str:
    """ "NEW DELHI" -> "New Delhi", "RIO DE JANEIRO" -> "Rio de Janeiro", "XI'AN" -> "Xi'an"."""
    words = name.split()
    out: list[str] = []
    for i, word in enumerate(words):
        parts = word.split("-")
        cased = []
        for j, part in enumerate(parts):
            low = part.lower()
            if (i > 0 or j > 0) and low in LOWER_PARTICLES:
                cased.append(low)
            else:
                cased.append(low[:1].upper() + low[1:])
        out.append("-".join(cased))
    return " ".join(out)


def _match_line(line: str) -> tuple[str, int] | None:
    """The place and the length of the dateline prefix of one line, or None."""
    m = CAPS_DATELINE.match(line)
    if m:
        place = m.group("place")
        words = place.split()
        rest = line[m.end() :].strip()
        bare = not (m.group("date") or m.group("agency"))
        if sum(c.isalpha() for c in place) >= 2 and not (
            bare
            and (
                place.replace(" ", "") in NOT_PLACES
                or words[0] in NOT_PLACES
                # "RUSSIA - CHINA SUMMIT": an all-caps headline, not a dateline.
                or (rest and not any(c.islower() for c in rest))
            )
        ):
            return title_case_place(place), m.end()
    m = CASED_DATELINE.match(line)
    if m and (m.group("date") or m.group("agency")):
        return title_case_place(m.group("place")), m.end()
    return None


def split_dateline(text: str) -> tuple[str, str]:
    """Return `(place, text_without_dateline)`.

    The dateline is looked for at the start of one of the first `MAX_DATELINE_LINE`
    non-blank lines, each line before it being short (a headline). Only the dateline prefix
    (place, date, agency, dash) is removed; the rest of the text is kept byte for byte.
    Without a dateline the result is `("", text)`.
    """
    seen = 0
    pos = 0
    for m in _LINE.finditer(text):
        line = m.group(0)
        if not line:
            break
        start = pos
        pos = m.end()
        if not line.strip():
            continue
        seen += 1
        found = _match_line(line.rstrip("\r\n"))
        if found:
            place, length = found
            LOGGER.debug("dateline %r on line %d", place, seen)
            return place, text[:start] + text[start + length :]
        if seen >= MAX_DATELINE_LINE or len(line.split()) > MAX_WORDS_BEFORE_DATELINE:
            break
    return "", text
