"""The records that flow between detente's stages.

Records hold plain values (strings, numbers, character offsets), never spaCy objects, so
they outlive the Doc they were read from and serialise as they are.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any


def content_id(*parts: str, length: int = 16) -> str:
    """A stable id derived from content: the same parts always give the same id."""
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:length]


@dataclass(frozen=True, slots=True)
class Article:
    """One news report, as read from a source, before any NLP."""

    id: str
    text: str
    title: str = ""
    published: date | None = None
    url: str = ""
    outlet: str = ""
    lang: str = "en"
    # The place named by a dateline ("MOSCOW -"), split off the text by ingest.
    dateline: str = ""
    # Where the article was read from (file path, "path:line"), for error messages.
    origin: str = ""

    @staticmethod
    def make_id(text: str, title: str = "") -> str:
        return content_id(title.strip(), text.strip())

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["published"] = self.published.isoformat() if self.published else None
        return out


@dataclass(frozen=True, slots=True)
class Actor:
    """An actor mention resolved to a CAMEO actor code.

    `code` is empty when the mention is an actor whose code is unknown (an unfamiliar
    person or organisation): the text is kept, the code is not guessed.
    """

    text: str
    code: str
    country: str = ""
    sectors: tuple[str, ...] = ()
    name: str = ""
    start: int = 0
    end: int = 0
    # Id of the dictionary entry or rule that resolved the code ("country:RUS", "coref:person").
    entry: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "code": self.code,
            "country": self.country,
            "sectors": list(self.sectors),
            "name": self.name,
            "start": self.start,
            "end": self.end,
            "entry": self.entry,
        }


@dataclass(frozen=True, slots=True)
class Location:
    name: str
    country: str = ""
    lat: float | None = None
    lon: float | None = None
    # Id of the gazetteer entry or rule that gave the place.
    entry: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "country": self.country,
            "lat": self.lat,
            "lon": self.lon,
            "entry": self.entry,
        }


@dataclass(frozen=True, slots=True)
class Event:
    """One coded event, with the evidence and the rule that produced it."""

    event_id: str
    article_id: str
    sentence_index: int
    evidence: str
    start: int
    end: int
    source: Actor
    target: Actor | None
    cameo: str
    cameo_name: str
    cameo_root: str
    plover: str
    quad_class: int
    goldstein: float
    date: str | None
    location: Location | None
    negated: bool
    rule: str
    confidence: float
    # "asserted", "future", "conditional", "intended" or "reported".
    mode: str = "asserted"
    # The event verb or noun as it stands in the text, with character offsets.
    trigger: str = ""
    trigger_start: int = 0
    trigger_end: int = 0
    # How precise `date` is: "day", "week", "month", "year", or "article" when no time
    # expression dated the event and the article's date stands in (detente.dates).
    date_precision: str = "day"

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": "event",
            "event_id": self.event_id,
            "article_id": self.article_id,
            "sentence_index": self.sentence_index,
            "evidence": self.evidence,
            "start": self.start,
            "end": self.end,
            "source": self.source.to_dict(),
            "target": self.target.to_dict() if self.target else None,
            "cameo": self.cameo,
            "cameo_name": self.cameo_name,
            "cameo_root": self.cameo_root,
            "plover": self.plover,
            "quad_class": self.quad_class,
            "goldstein": self.goldstein,
            "date": self.date,
            "location": self.location.to_dict() if self.location else None,
            "negated": self.negated,
            "mode": self.mode,
            "rule": self.rule,
            "confidence": self.confidence,
            "trigger": self.trigger,
            "trigger_start": self.trigger_start,
            "trigger_end": self.trigger_end,
            "date_precision": self.date_precision,
        }


@dataclass(frozen=True, slots=True)
class Quote:
    """Who said what: a direct or indirect quotation with its speaker and cue verb."""

    quote_id: str
    article_id: str
    sentence_index: int
    # "direct" ("..." he said), "indirect" (X said that ...), "mixed", or "belief" (X
    # believes ..., a poll shows ...; see quotes/extract.py).
    kind: str
    content: str
    content_start: int
    content_end: int
    speaker: Actor | None
    cue: str = ""
    cue_start: int = 0
    cue_end: int = 0
    rule: str = ""
    confidence: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": "quote",
            "quote_id": self.quote_id,
            "article_id": self.article_id,
            "sentence_index": self.sentence_index,
            "quote_kind": self.kind,
            "content": self.content,
            "content_start": self.content_start,
            "content_end": self.content_end,
            "speaker": self.speaker.to_dict() if self.speaker else None,
            "cue": self.cue,
            "cue_start": self.cue_start,
            "cue_end": self.cue_end,
            "rule": self.rule,
            "confidence": self.confidence,
        }


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything read from one article; the store writes it in one transaction."""

    article: Article
    events: tuple[Event, ...] = ()
    actors: tuple[Actor, ...] = ()
    quotes: tuple[Quote, ...] = ()


@dataclass(frozen=True, slots=True)
class Rejected:
    """An input that could not be read: which one, and what was wrong with it."""

    origin: str
    problem: str
    # The raw input, or its start, so a user can inspect what was quarantined.
    payload: str = ""
    stage: str = "ingest"

    def message(self) -> str:
        return f"{self.origin}: {self.problem}"


@dataclass(slots=True)
class RunSummary:
    """Counts for one ingest run, printed at its end."""

    articles_read: int = 0
    articles_stored: int = 0
    articles_skipped_existing: int = 0
    events_stored: int = 0
    rejected: list[Rejected] = field(default_factory=list)
