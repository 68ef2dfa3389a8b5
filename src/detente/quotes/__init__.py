"""Quotations: who said what, direct ("...," he said) and indirect (X said that ...)."""

from detente.quotes.cues import Cue, CueLexicon, default_cues
from detente.quotes.extract import extract_quotes
from detente.quotes.marks import QuoteSpan, find_quotes

__all__ = ["Cue", "CueLexicon", "QuoteSpan", "default_cues", "extract_quotes", "find_quotes"]
