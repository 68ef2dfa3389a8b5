"""A line break ends a sentence: headlines and paragraphs do not run into each other."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

COMPONENT_NAME = "detente_paragraphs"


@Language.component(COMPONENT_NAME, assigns=["token.is_sent_start"])
def mark_paragraph_starts(doc: Doc) -> Doc:
    # Runs before the parser, which keeps sentence starts that are already set.
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if ("\n" in prev.text or "\n" in prev.whitespace_) and not tok.is_space:
            tok.is_sent_start = True
    return doc
