"""From articles to extractions: one spaCy pass over a batch, then the extractors."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from itertools import islice

from spacy.tokens import Doc

from detente.config import Settings
from detente.events.codebook import default_codebook
from detente.events.coder import EventCoder
from detente.events.lexicon import Lexicon
from detente.nlp.model import cached_pipeline
from detente.places import default_gazetteer
from detente.quotes import default_cues, extract_quotes
from detente.types import Actor, Article, Extraction, Rejected

LOGGER = logging.getLogger(__name__)


def _batches(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


class Pipeline:
    """The whole coding path, loaded once and reused for every batch."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self.nlp = cached_pipeline(self.settings)
        codebook = default_codebook()
        self.lexicon = Lexicon.load(codebook, self.settings.user_data_dir)
        self.coder = EventCoder(self.lexicon, codebook, default_gazetteer())
        self.cues = default_cues(self.settings.user_data_dir)

    def extract(self, doc: Doc, article: Article) -> Extraction:
        events = tuple(
            e for e in self.coder.code(doc, article) if e.confidence >= self.settings.min_confidence
        )
        actors: tuple[Actor, ...] = tuple(m.actor for m in doc._.actor_mentions or [])
        quotes = tuple(extract_quotes(doc, article, self.cues))
        return Extraction(article=article, events=events, actors=actors, quotes=quotes)

    def code(self, articles: Iterable[Article]) -> Iterator[Extraction | Rejected]:
        """Extractions in input order; an article that fails becomes a Rejected record."""
        for batch in _batches(articles, self.settings.batch_size):
            docs = self.nlp.pipe(
                ((a.text, a) for a in batch),
                as_tuples=True,
                batch_size=self.settings.batch_size,
            )
            for doc, article in docs:
                try:
                    yield self.extract(doc, article)
                except Exception as exc:  # one bad article must not end the batch
                    LOGGER.exception("coding failed for %s", article.origin or article.id)
                    yield Rejected(
                        origin=article.origin or article.id,
                        problem=f"coding failed: {exc}",
                        payload=article.text[:500],
                        stage="code",
                    )

    def code_text(self, text: str, article: Article | None = None) -> Extraction:
        article = article or Article(id=Article.make_id(text), text=text)
        return self.extract(self.nlp(article.text), article)
