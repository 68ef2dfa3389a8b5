"""Attributions read from the layout of a text rather than from a cue verb.

- Transcripts and headlines: a paragraph that opens with a name and a colon ("PENCE: Well,
  look ...", "Lavrov: Moscow will not back down") attributes the rest of the paragraph to
  that name. A name seen opening two or more paragraphs this way is a transcript speaker
  and its lines are direct quotes; a single one (a headline) is an indirect quote.
- Signed quotes: a quotation followed by a dash and a name to the paragraph's end
  ('"We want peace." ― Maria Lopez') is that person's.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from detente.nlp.doc_text import doc_text
from detente.quotes.cues import Cue

LOGGER = logging.getLogger(__name__)

# The pseudo-cues these attributions cite as their rule ids.
COLON_CUE = Cue("layout:colon", ":", "layout")
DASH_CUE = Cue("layout:dash", "―", "layout")
# Most words a name before a colon may have ("Retired Lt. Gen. Michael Flynn:"); a longer
# run is a sentence that happens to end in a colon.
MAX_NAME_WORDS = 5
# Fewest words after the colon for a line to be an attribution, not a label ("Note: see").
MIN_CONTENT_WORDS = 3
# Dash glyphs that introduce a signature (horizontal bar, em and en dash, hyphen pairs).
DASHES = frozenset({"―", "—", "–", "--", "-"})
# Entity labels a name before a colon may carry (spaCy's English labels for people and
# organisations; places are left out: "WASHINGTON:" is a dateline, not a speaker).
NAME_ENTS = frozenset({"PERSON", "ORG", "NORP"})
# Small words a name may contain ("Secretary of State", "Chief Justice John G. Roberts Jr.").
NAME_LINKS = frozenset({"of", "the", "'s", "’s", ".", "&"})
# Labels that open a paragraph with a colon without naming a speaker.
NOT_SPEAKERS = frozenset(
    {"update", "note", "editor", "editors", "correction", "related", "photo", "video", "watch"}
)


@dataclass(frozen=True, slots=True)
class ColonLine:
    """One "NAME: content" paragraph."""

    speaker: Token  # the name's head (its last word)
    colon: Token
    content: tuple[int, int]  # character range after the colon
    transcript: bool


def _is_name(words: list[Token]) -> bool:
    if not words or len(words) > MAX_NAME_WORDS or words[0].lower_ in NOT_SPEAKERS:
        return False
    capitalised = [w for w in words if w.lower_ not in NAME_LINKS]
    return bool(capitalised) and all(
        w.text[:1].isupper() and w.pos_ in ("PROPN", "NOUN", "ADJ") for w in capitalised
    )


def colon_lines(
    doc: Doc, paragraphs: list[tuple[int, int]], first_token_at: Callable[[int], int]
) -> list[ColonLine]:
    """Every paragraph that opens with a speaker's name and a colon."""
    # (the label in lower case, the line, whether spaCy knows the label as a name, whether
    # it is written in capitals)
    found: list[tuple[str, ColonLine, bool, bool]] = []
    for lo, hi in paragraphs:
        i = first_token_at(lo)
        while i < len(doc) and doc[i].idx < hi and (doc[i].is_quote or doc[i].is_space):
            i += 1  # a transcript quoted line by line: '"PENCE: Well, ...'
        words: list[Token] = []
        colon: Token | None = None
        while i < len(doc) and doc[i].idx < hi and len(words) <= MAX_NAME_WORDS:
            tok = doc[i]
            if tok.text == ":":
                colon = tok
                break
            if not tok.is_space:
                words.append(tok)
            i += 1
        if colon is None or not _is_name(words):
            continue
        start, end = colon.idx + 1, hi
        text = doc_text(doc)  # Doc.text joins every token anew on each access
        while start < end and text[start].isspace():
            start += 1
        if len(text[start:end].split()) < MIN_CONTENT_WORDS:
            continue
        known = any(w.ent_type_ in NAME_ENTS for w in words)
        key = " ".join(w.lower_ for w in words)
        upper = all(w.text.upper() == w.text for w in words)
        found.append((key, ColonLine(words[-1], colon, (start, end), False), known, upper))
    counts = Counter(key for key, _, _, _ in found)
    # A name labelling two lines makes the text a transcript; then every capitalised label
    # in it is a speaker, even one who speaks once.
    is_transcript = any(n > 1 for n in counts.values())
    out: list[ColonLine] = []
    for key, line, known, upper in found:
        transcript = counts[key] > 1 or (is_transcript and upper)
        if transcript or known:
            out.append(ColonLine(line.speaker, line.colon, line.content, transcript))
    return out


def signature(frame: list[Token]) -> tuple[Token, Token] | None:
    """(dash, name head) when the words after a quotation are a dash and a name only."""
    if len(frame) < 2 or frame[0].text not in DASHES:
        return None
    name = frame[1:]
    if "," in (t.text for t in name):  # "― Maria Lopez, a teacher": the name before the comma
        name = name[: [t.text for t in name].index(",")]
    if not _is_name(name) or not any(t.pos_ == "PROPN" for t in name):
        return None
    return frame[0], name[-1]
