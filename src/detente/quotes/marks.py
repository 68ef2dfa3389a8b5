"""Finding direct quotations in raw text by their quotation marks.

Works on characters, not tokens, so a tokenizer's view of quote marks does not matter.
Straight (") and curly (“ ”) double quotes are paired; single quotes (‘ ’) are left
inside the content as nested quotations (and as apostrophes). Whether a mark opens or
closes is read from its context (a space before it and a letter after it opens), with the
glyph deciding when the context does not. A paragraph that opens a quotation without
closing it continues into the next paragraph when that paragraph opens with a quote mark
(the newspaper convention for multi-paragraph quotations).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

LOGGER = logging.getLogger(__name__)

# Glyphs that can only open, only close, or either (Unicode general punctuation and the
# typewriter quote). Guillemets pair the same way as curly quotes.
OPEN_GLYPHS = frozenset("“„«")
CLOSE_GLYPHS = frozenset("”»")
STRAIGHT = '"'
MARKS = OPEN_GLYPHS | CLOSE_GLYPHS | {STRAIGHT}
# Characters that may stand right before an opening mark, or right after a closing one.
BEFORE_OPEN = frozenset("([{—–-/:")
AFTER_CLOSE = frozenset(".,;:!?)]}—–-…'’")


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """One top-level quotation: its marks' extent and the content inside them."""

    # Offset of the opening mark, and just after the closing mark (or the paragraph's end
    # when the quotation is never closed).
    start: int
    end: int
    # Content ranges without the marks, one per paragraph the quotation runs through.
    segments: tuple[tuple[int, int], ...]
    closed: bool = True

    @property
    def content_start(self) -> int:
        return self.segments[0][0]

    @property
    def content_end(self) -> int:
        return self.segments[-1][1]

    def content(self, text: str) -> str:
        return " ".join(text[a:b] for a, b in self.segments)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line, trimmed of surrounding whitespace."""
    out: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            start = pos + line.index(stripped[0])
            out.append((start, start + len(stripped)))
        pos += len(line) + 1
    return out


def _role(text: str, i: int, lo: int, hi: int) -> str:
    """'open', 'close' or 'ambig' for the mark at text[i], from the characters around it."""
    prev = text[i - 1] if i > lo else ""
    nxt = text[i + 1] if i + 1 < hi else ""
    left_bound = not prev or prev.isspace() or prev in BEFORE_OPEN or prev in MARKS
    right_bound = not nxt or nxt.isspace() or nxt in AFTER_CLOSE or nxt in MARKS
    if left_bound and not right_bound:
        return "open"
    if right_bound and not left_bound:
        return "close"
    return "ambig"


def _family(glyph: str) -> str:
    return "straight" if glyph == STRAIGHT else "curly"


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _opens_with_mark(text: str, lo: int, hi: int) -> bool:
    return hi > lo and text[lo] in MARKS and text[lo] not in CLOSE_GLYPHS


def find_quotes(text: str) -> list[QuoteSpan]:
    """Every top-level quotation in `text`, in order."""
    paras = paragraphs(text)
    found: list[QuoteSpan] = []
    # A quotation left open at a paragraph's end: its opening offset and segments so far.
    carried: tuple[int, list[tuple[int, int]]] | None = None
    for n, (lo, hi) in enumerate(paras):
        stack: list[tuple[str, int]] = []
        seg_start = lo
        open_at = lo
        segments: list[tuple[int, int]] = []
        if carried is not None:
            open_at, segments = carried
            carried = None
            stack.append(("continued", lo))
            seg_start = lo + 1  # skip the re-opening mark
        i = seg_start if stack else lo
        while i < hi:
            ch = text[i]
            if ch not in MARKS:
                i += 1
                continue
            role = _role(text, i, lo, hi)
            top = stack[-1] if stack else None
            closes = (
                top is not None
                and role != "open"
                and (
                    role == "close"
                    or ch in CLOSE_GLYPHS
                    or _family(ch) == top[0]
                    or top[0] == "continued"
                )
            )
            if closes:
                stack.pop()
                if not stack:
                    segments.append(_trim(text, seg_start, i))
                    found.append(QuoteSpan(open_at, i + 1, tuple(segments)))
                    segments = []
            elif role != "close" and ch not in CLOSE_GLYPHS or (role == "open"):
                if not stack:
                    open_at = i
                    seg_start = i + 1
                stack.append((_family(ch), i))
            i += 1
        if stack:
            segments.append(_trim(text, seg_start, hi))
            nxt = paras[n + 1] if n + 1 < len(paras) else None
            if nxt is not None and _opens_with_mark(text, *nxt):
                carried = (open_at, segments)
            else:
                found.append(QuoteSpan(open_at, hi, tuple(segments), closed=False))
    return [q for q in found if q.content_end > q.content_start]
