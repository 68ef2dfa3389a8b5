"""The text of a Doc, kept once per Doc: `Doc.text` joins every token anew on each access,
which costs more than some whole steps of the coder that read it."""

from __future__ import annotations

from spacy.tokens import Doc

# Doc.user_data key; "detente." keys are the per-Doc caches a benchmark empties.
TEXT_KEY = "detente.text"


def doc_text(doc: Doc) -> str:
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


def remember_text(doc: Doc, text: str) -> None:
    """Keep `text` as the Doc's text when the Doc was made from it (spaCy keeps the input
    string exactly), so that `doc_text` need not join the tokens."""
    if TEXT_KEY in doc.user_data or not len(doc):
        return
    last = doc[-1]
    if len(text) == last.idx + len(last.text_with_ws) and text.startswith(doc[0].text, doc[0].idx):
        doc.user_data[TEXT_KEY] = text
