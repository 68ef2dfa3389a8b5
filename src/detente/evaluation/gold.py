"""Readers for the gold sets detente is measured on.

Each reader takes a path and returns a `GoldSet`: the items it could read and one line per
row it could not (naming the file, the line and the problem), so a malformed row never
ends a run. A missing or unreadable file raises `InputError`.

Formats (the shared data's README describes where each comes from):

- ``plv``: CSV with the columns ``text,label,meta,context,source,target``; one PLOVER label
  per sentence and the source and target actor spans.
- ``penta``: ``sentence<TAB>label`` with label 0-4, the CAMEO penta class.
- ``actor-roles``: CoNLL ``token TAG`` lines, a blank line between sentences; BIO tags with
  S (source actor), T (target actor) and R (reciprocal actor).
- ``cameo-jsonl``: one object a line, ``{"id", "date", "text", "expected": [{"source",
  "target", "code"}]}``.
- ``doc``: articles (``{"id", "title", "text", "date", ...}`` a line) and their gold
  (``{"id", "events": [{"plover", "cameo", "source": {"text", "country", "sector"},
  "target": ... | null, "evidence", "uncertain"?, "background"?}]}`` a line).
"""

from __future__ import annotations

import csv
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Generic, TypeVar

from detente.errors import InputError

LOGGER = logging.getLogger(__name__)

PLV_COLUMNS = ("text", "label", "source", "target")
# CoNLL roles of the actor-roles set: source, target, reciprocal (both at once).
ROLE_SOURCE = "S"
ROLE_TARGET = "T"
ROLE_RECIPROCAL = "R"
ROLES = (ROLE_SOURCE, ROLE_TARGET, ROLE_RECIPROCAL)
PENTA_LABELS = ("0", "1", "2", "3", "4")

T = TypeVar("T")


@dataclass(slots=True)
class GoldSet(Generic[T]):
    """The items read from a gold file, and one line per row that could not be read."""

    path: Path
    items: list[T] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def problem(self, where: str, what: str) -> None:
        line = f"{self.path}:{where}: {what}"
        LOGGER.debug("%s", line)
        self.problems.append(line)


@dataclass(frozen=True, slots=True)
class LabelledSentence:
    """A sentence with one gold label (PLV, penta) and, for PLV, its actor spans."""

    id: str
    text: str
    label: str
    source: str = ""
    target: str = ""


@dataclass(frozen=True, slots=True)
class RoleSentence:
    """A tokenised sentence with its gold actor spans as token offsets [start, end)."""

    id: str
    tokens: tuple[str, ...]
    spans: dict[str, tuple[tuple[int, int], ...]]

    @property
    def text(self) -> str:
        return " ".join(self.tokens)

    def char_span(self, start: int, end: int) -> tuple[int, int]:
        """Character offsets of tokens [start, end) in `text` (tokens joined by spaces)."""
        begin = sum(len(t) + 1 for t in self.tokens[:start])
        return begin, begin + len(" ".join(self.tokens[start:end]))

    def span_text(self, start: int, end: int) -> str:
        return " ".join(self.tokens[start:end])


@dataclass(frozen=True, slots=True)
class ExpectedEvent:
    source: str
    target: str
    code: str


@dataclass(frozen=True, slots=True)
class CameoSentence:
    id: str
    text: str
    published: date | None
    expected: tuple[ExpectedEvent, ...]


@dataclass(frozen=True, slots=True)
class GoldActor:
    text: str
    country: str
    sector: str


@dataclass(frozen=True, slots=True)
class GoldEvent:
    plover: str
    cameo: str
    source: GoldActor
    target: GoldActor | None
    evidence: str
    uncertain: bool = False
    background: bool = False


@dataclass(frozen=True, slots=True)
class GoldDocument:
    id: str
    events: tuple[GoldEvent, ...]


def _check(path: str | Path) -> Path:
    path = Path(path)
    if not path.is_file():
        raise InputError(f"gold file {path} does not exist (or is not a file)")
    return path


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    try:
        with path.open(encoding="utf-8") as handle:
            yield from enumerate(handle, start=1)
    except UnicodeDecodeError as exc:
        raise InputError(f"gold file {path} is not UTF-8 text: {exc.reason}") from exc
    except OSError as exc:
        raise InputError(f"gold file {path} cannot be read: {exc.strerror}") from exc


# -- sentence sets -------------------------------------------------------------------------


def read_plv(path: str | Path) -> GoldSet[LabelledSentence]:
    """PLV: CSV rows with a PLOVER label and the source and target spans."""
    path = _check(path)
    gold: GoldSet[LabelledSentence] = GoldSet(path)
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in PLV_COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise InputError(f"gold file {path} has no column(s) {', '.join(missing)}")
            for row in reader:
                where = f"{reader.line_num}"
                text = (row.get("text") or "").strip()
                label = (row.get("label") or "").strip().upper()
                if not text or not label:
                    gold.problem(where, "row has no text or no label; skipped")
                    continue
                gold.items.append(
                    LabelledSentence(
                        id=f"plv:{len(gold.items) + 1}",
                        text=text,
                        label=label,
                        source=(row.get("source") or "").strip(),
                        target=(row.get("target") or "").strip(),
                    )
                )
    except UnicodeDecodeError as exc:
        raise InputError(f"gold file {path} is not UTF-8 text: {exc.reason}") from exc
    except csv.Error as exc:
        raise InputError(f"gold file {path} is not valid CSV: {exc}") from exc
    return gold


def read_penta(path: str | Path) -> GoldSet[LabelledSentence]:
    """Penta: ``sentence<TAB>label`` lines, label 0-4."""
    path = _check(path)
    gold: GoldSet[LabelledSentence] = GoldSet(path)
    for lineno, line in _lines(path):
        line = line.rstrip("\r\n")
        if not line.strip():
            continue
        text, sep, label = line.rpartition("\t")
        label = label.strip()
        if not sep or not text.strip():
            gold.problem(str(lineno), "expected 'sentence<TAB>label'; skipped")
            continue
        if label not in PENTA_LABELS:
            gold.problem(str(lineno), f"label {label!r} is not 0-4; skipped")
            continue
        gold.items.append(LabelledSentence(id=f"penta:{lineno}", text=text.strip(), label=label))
    return gold


def bio_spans(tags: list[str]) -> dict[str, tuple[tuple[int, int], ...]]:
    """Token spans [start, end) per role from BIO tags; an I- without its B- opens a span."""
    spans: dict[str, list[tuple[int, int]]] = {role: [] for role in ROLES}
    role, start = "", -1
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, name = tag.partition("-")
        continues = prefix == "I" and name == role
        if role and not continues:
            spans.setdefault(role, []).append((start, i))
            role = ""
        if prefix in ("B", "I") and name and not continues:
            role, start = name, i
    return {k: tuple(v) for k, v in spans.items()}


def read_actor_roles(path: str | Path) -> GoldSet[RoleSentence]:
    """CoNLL ``token TAG`` lines, a blank line between sentences."""
    path = _check(path)
    gold: GoldSet[RoleSentence] = GoldSet(path)
    tokens: list[str] = []
    tags: list[str] = []
    first = 0
    bad = False

    def flush() -> None:
        if tokens and not bad:
            gold.items.append(
                RoleSentence(id=f"roles:{first}", tokens=tuple(tokens), spans=bio_spans(tags))
            )
        tokens.clear()
        tags.clear()

    for lineno, line in _lines(path):
        parts = line.split()
        if not parts:
            flush()
            bad = False
            continue
        if not tokens:
            first = lineno
        if len(parts) < 2 or not (parts[-1] == "O" or parts[-1][:2] in ("B-", "I-")):
            if not bad:
                gold.problem(str(lineno), "expected 'token TAG' with a BIO tag; sentence skipped")
            bad = True
            tokens.append(parts[0])
            continue
        tokens.append(" ".join(parts[:-1]))
        tags.append(parts[-1])
    flush()
    return gold


def _parse_date(value: Any) -> date | None:
    """``YYYYMMDD`` or ``YYYY-MM-DD``; None when absent."""
    if not value:
        return None
    text = str(value).strip()
    if len(text) == 8 and text.isdigit():
        text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
    return date.fromisoformat(text[:10])


def _json_objects(path: Path, gold: GoldSet[Any]) -> Iterator[tuple[int, dict[str, Any]]]:
    for lineno, line in _lines(path):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            gold.problem(str(lineno), f"not valid JSON ({exc.msg}); skipped")
            continue
        if not isinstance(obj, dict):
            gold.problem(str(lineno), "not a JSON object; skipped")
            continue
        yield lineno, obj


def read_cameo_jsonl(path: str | Path) -> GoldSet[CameoSentence]:
    """Sentences with their expected CAMEO events (source code, target code, event code)."""
    path = _check(path)
    gold: GoldSet[CameoSentence] = GoldSet(path)
    for lineno, obj in _json_objects(path, gold):
        text = obj.get("text")
        expected = obj.get("expected", [])
        if not isinstance(text, str) or not text.strip() or not isinstance(expected, list):
            gold.problem(str(lineno), "needs a 'text' string and an 'expected' list; skipped")
            continue
        try:
            events = tuple(
                ExpectedEvent(str(e["source"]), str(e.get("target") or ""), str(e["code"]))
                for e in expected
            )
        except (KeyError, TypeError) as exc:
            gold.problem(str(lineno), f"bad expected event (missing {exc}); skipped")
            continue
        try:
            published = _parse_date(obj.get("date"))
        except ValueError:
            gold.problem(str(lineno), f"bad date {obj.get('date')!r}; coded without a date")
            published = None
        gold.items.append(
            CameoSentence(
                id=str(obj.get("id") or f"cameo:{lineno}"),
                text=text.strip(),
                published=published,
                expected=events,
            )
        )
    return gold


# -- documents -----------------------------------------------------------------------------


def _gold_actor(raw: Any) -> GoldActor | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise TypeError(f"actor must be an object or null, got {type(raw).__name__}")
    return GoldActor(
        text=str(raw.get("text") or ""),
        country=str(raw.get("country") or ""),
        sector=str(raw.get("sector") or ""),
    )


def read_doc_gold(path: str | Path) -> GoldSet[GoldDocument]:
    """Per-article gold events (docs_dev_gold.jsonl)."""
    path = _check(path)
    gold: GoldSet[GoldDocument] = GoldSet(path)
    for lineno, obj in _json_objects(path, gold):
        doc_id = obj.get("id")
        raw_events = obj.get("events")
        if not isinstance(doc_id, str) or not isinstance(raw_events, list):
            gold.problem(str(lineno), "needs an 'id' string and an 'events' list; skipped")
            continue
        events: list[GoldEvent] = []
        for n, raw in enumerate(raw_events, start=1):
            try:
                source = _gold_actor(raw["source"])
                if source is None:
                    raise TypeError("source is null")
                events.append(
                    GoldEvent(
                        plover=str(raw["plover"]).upper(),
                        cameo=str(raw.get("cameo") or ""),
                        source=source,
                        target=_gold_actor(raw.get("target")),
                        evidence=str(raw.get("evidence") or ""),
                        uncertain=bool(raw.get("uncertain", False)),
                        background=bool(raw.get("background", False)),
                    )
                )
            except (KeyError, TypeError) as exc:
                gold.problem(f"{lineno}", f"article {doc_id} event {n}: {exc}; event skipped")
        gold.items.append(GoldDocument(id=doc_id, events=tuple(events)))
    return gold


def doc_articles_path(gold_path: str | Path) -> Path:
    """The articles file beside a doc gold file: ``X_gold.jsonl`` -> ``X_articles.jsonl``."""
    gold_path = Path(gold_path)
    name = gold_path.name
    if "_gold" in name:
        return gold_path.with_name(name.replace("_gold", "_articles"))
    return gold_path.with_name(gold_path.stem + "_articles.jsonl")
