"""Acronyms an article defines: "Hong Kong's Independent Commission Against Corruption
(ICAC)" ... "the ICAC said": the later acronym is the organisation its first use resolved.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from spacy.tokens import Doc

from detente.actors.mention import ActorMention

LOGGER = logging.getLogger(__name__)

# Lengths of an acronym in letters ("UN" to "ECOWAS", with room); from news style guides,
# which spell out a body once with its acronym in brackets and use the acronym after.
MIN_ACRONYM = 2
MAX_ACRONYM = 8
# How far before a name's last token the bracket may open, when the entity recogniser has
# taken "(LRA)" into the name itself.
BRACKET_REACH = 3
ACRONYM_ENTRY = "coref:acronym"


def _is_acronym(text: str) -> bool:
    letters = text.replace(".", "")
    return MIN_ACRONYM <= len(letters) <= MAX_ACRONYM and letters.isalpha() and letters.isupper()


def _definitions(doc: Doc, mentions: list[ActorMention]) -> dict[str, ActorMention]:
    """Acronym -> the named, non-person mention it is bracketed after."""
    found: dict[str, ActorMention] = {}
    for m in mentions:
        if m.person or not m.actor.code:
            continue
        for i in range(max(m.start + 1, m.end - BRACKET_REACH), min(m.end + 1, len(doc) - 2)):
            if doc[i].text == "(" and doc[i + 2].text == ")" and _is_acronym(doc[i + 1].text):
                found.setdefault(doc[i + 1].text, m)
                break
    return found


def _copy(defined: ActorMention, start: int, end: int, head: int, doc: Doc) -> ActorMention:
    span = doc[start:end]
    actor = replace(
        defined.actor,
        text=span.text,
        start=span.start_char,
        end=span.end_char,
        entry=ACRONYM_ENTRY,
    )
    return ActorMention(start, end, head, actor, copied_from=defined.key)


def acronym_copies(doc: Doc, mentions: list[ActorMention]) -> list[ActorMention]:
    """The mentions, with later uses of a defined acronym resolved as their definition.

    A use the entity recogniser found as an unknown organisation ("the LRA") takes the
    definition's record; a use it missed becomes a new mention.
    """
    defined = _definitions(doc, mentions)
    if not defined:
        return mentions
    covered = {i for m in mentions for i in range(m.start, m.end)}
    out: list[ActorMention] = []
    for m in mentions:
        words = [t.text for t in doc[m.start : m.end] if t.pos_ != "DET"]
        source = defined.get(words[0]) if len(words) == 1 else None
        if source is not None and not m.actor.code and source.end <= m.start:
            m = _copy(source, m.start, m.end, m.head, doc)
        out.append(m)
    for tok in doc:
        source = defined.get(tok.text)
        if source is not None and tok.i not in covered and source.end + 1 < tok.i:
            out.append(_copy(source, tok.i, tok.i + 1, tok.i, doc))
    out.sort(key=lambda m: (m.start, m.end))
    return out
