"""The Doc text kept once per Doc (detente.nlp.doc_text)."""

from __future__ import annotations

import spacy

from detente.nlp.doc_text import TEXT_KEY, doc_text, remember_text

NLP = spacy.blank("en")


def test_the_text_is_the_docs_and_kept() -> None:
    doc = NLP("Kenya  met Ethiopia.\nThen it left.")
    assert doc_text(doc) == doc.text
    assert doc.user_data[TEXT_KEY] is doc_text(doc)


def test_an_input_text_is_kept_only_when_the_doc_was_made_from_it() -> None:
    text = "Kenya met Ethiopia on Monday."
    doc = NLP(text)
    remember_text(doc, text)
    assert doc.user_data[TEXT_KEY] is text
    other = NLP(text)
    remember_text(other, "Ghana met Ethiopia on Monday.")  # same length, another first word
    remember_text(other, text + " More.")
    assert TEXT_KEY not in other.user_data
    assert doc_text(other) == text
    remember_text(NLP(""), "")  # an empty Doc: nothing to keep, no error
