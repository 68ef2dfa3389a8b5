"""Runs the real pipeline over a gold set and scores it: one function per kind of gold.

Every kind codes its texts through `Pipeline.code()`, so spaCy's `nlp.pipe` batches are
used exactly as in `detente code`. Sentence sets become one Article per sentence; the
document set is read with detente's own JSONL reader (datelines split off, the article's
date as `published`).
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from detente.errors import InputError
from detente.evaluation.gold import (
    ROLE_RECIPROCAL,
    ROLE_SOURCE,
    ROLE_TARGET,
    CameoSentence,
    GoldDocument,
    GoldEvent,
    LabelledSentence,
    RoleSentence,
    doc_articles_path,
    read_actor_roles,
    read_cameo_jsonl,
    read_doc_gold,
    read_penta,
    read_plv,
)
from detente.evaluation.metrics import (
    PENTA_BY_ROOT,
    ClassReport,
    Counts,
    SpanScore,
    classification_report,
    main_event,
    penta_class,
    plv_label,
    token_f1,
)
from detente.types import Actor, Article, Event, Extraction, Rejected

LOGGER = logging.getLogger(__name__)

KINDS = ("plv", "penta", "actor-roles", "cameo-jsonl", "doc")
PENTA_LABELS = tuple(sorted(set(PENTA_BY_ROOT.values())))
# Country code the recognizer uses for "no country known" (actors/recognize.py).
UNKNOWN_COUNTRY = "---"
# A gold or predicted event with no target, in the document multisets.
NO_TARGET = "-"
# Token F1 at or above which a predicted span counts as the gold actor (issue 3's
# "share with token F1 >= 0.5").
SPAN_MATCH = 0.5


@dataclass(frozen=True, slots=True)
class Mistake:
    """One scored disagreement, with what the coder did to produce it."""

    item: str
    text: str
    gold: str
    predicted: str
    rule: str = ""
    source: str = ""
    target: str = ""

    def to_dict(self) -> dict[str, str]:
        return {
            "item": self.item,
            "text": self.text,
            "gold": self.gold,
            "predicted": self.predicted,
            "rule": self.rule,
            "source": self.source,
            "target": self.target,
        }


@dataclass(slots=True)
class EvalReport:
    """Everything one evaluation run measured."""

    kind: str
    gold_path: str
    items: int = 0
    seconds: float = 0.0
    classes: ClassReport | None = None
    spans: dict[str, SpanScore] = field(default_factory=dict)
    counts: dict[str, Counts] = field(default_factory=dict)
    by_type: dict[str, Counts] = field(default_factory=dict)
    figures: dict[str, float] = field(default_factory=dict)
    mistakes: list[Mistake] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def to_dict(self, errors: int = 0) -> dict[str, Any]:
        from detente.evaluation.report import pick_mistakes

        return {
            "kind": self.kind,
            "gold": self.gold_path,
            "items": self.items,
            "seconds": round(self.seconds, 2),
            "classes": self.classes.to_dict() if self.classes else None,
            "spans": {k: v.to_dict() for k, v in self.spans.items()},
            "counts": {k: v.to_dict() for k, v in self.counts.items()},
            "by_type": {k: v.to_dict() for k, v in self.by_type.items()},
            "figures": self.figures,
            "mistakes": [m.to_dict() for m in pick_mistakes(self.mistakes, errors)],
            "problems": self.problems,
        }


def _code(pipeline: Any, articles: Sequence[Article], report: EvalReport) -> dict[str, Extraction]:
    """Extractions by article id; an article the pipeline rejects is noted, not fatal."""
    out: dict[str, Extraction] = {}
    for item in pipeline.code(articles):
        if isinstance(item, Rejected):
            report.problems.append(item.message())
        else:
            out[item.article.id] = item
    return out


def _events(extractions: dict[str, Extraction], item_id: str) -> tuple[Event, ...]:
    extraction = extractions.get(item_id)
    return extraction.events if extraction else ()


def _describe(event: Event | None) -> tuple[str, str, str]:
    """(rule, source, target) of an event for a mistake line."""
    if event is None:
        return "", "", ""
    source = f"{event.source.code or '?'} ({event.source.text})"
    target = f"{event.target.code or '?'} ({event.target.text})" if event.target else "-"
    return event.rule, source, target


# -- sentence sets -------------------------------------------------------------------------


def _labelled(
    report: EvalReport,
    items: list[LabelledSentence],
    extractions: dict[str, Extraction],
    *,
    label_of: Callable[[Event | None], str],
    need_plover: bool,
    labels: Sequence[str],
) -> list[Event | None]:
    gold, predicted, mains = [], [], []
    for item in items:
        main = main_event(_events(extractions, item.id), need_plover=need_plover)
        label = label_of(main)
        gold.append(item.label)
        predicted.append(label)
        mains.append(main)
        if label != item.label:
            rule, src, tgt = _describe(main)
            report.mistakes.append(Mistake(item.id, item.text, item.label, label, rule, src, tgt))
    report.classes = classification_report(gold, predicted, labels)
    report.figures["no_event_share"] = sum(m is None for m in mains) / len(mains) if mains else 0.0
    return mains


def eval_plv(pipeline: Any, items: list[LabelledSentence], report: EvalReport) -> None:
    articles = [Article(id=item.id, text=item.text) for item in items]
    extractions = _code(pipeline, articles, report)
    labels = sorted({item.label for item in items})
    mains = _labelled(
        report, items, extractions, label_of=plv_label, need_plover=True, labels=labels
    )
    source, target = SpanScore(), SpanScore()
    for item, main in zip(items, mains, strict=True):
        source.add(main.source.text if main else "", item.source)
        if item.target:
            target.add(main.target.text if main and main.target else "", item.target)
    report.spans = {"source": source, "target": target}


def eval_penta(pipeline: Any, items: list[LabelledSentence], report: EvalReport) -> None:
    articles = [Article(id=item.id, text=item.text) for item in items]
    extractions = _code(pipeline, articles, report)
    _labelled(
        report,
        items,
        extractions,
        label_of=penta_class,
        need_plover=False,
        labels=PENTA_LABELS,
    )


def _role_golds(item: RoleSentence, role: str) -> list[str]:
    """Gold spans of a role; reciprocal actors count for both roles when the role has none."""
    spans = item.spans.get(role) or item.spans.get(ROLE_RECIPROCAL) or ()
    return [item.span_text(s, e) for s, e in spans]


def eval_actor_roles(pipeline: Any, items: list[RoleSentence], report: EvalReport) -> None:
    articles = [Article(id=item.id, text=item.text) for item in items]
    extractions = _code(pipeline, articles, report)
    source, target = SpanScore(), SpanScore()
    with_event = swapped = 0
    for item in items:
        main = main_event(_events(extractions, item.id))
        with_event += main is not None
        pred_src = main.source.text if main else ""
        pred_tgt = main.target.text if main and main.target else ""
        gold_src, gold_tgt = _role_golds(item, ROLE_SOURCE), _role_golds(item, ROLE_TARGET)
        f_src = source.add(pred_src, gold_src) if gold_src else 1.0
        f_tgt = target.add(pred_tgt, gold_tgt) if gold_tgt else 1.0
        if pred_src and item.spans.get(ROLE_TARGET) and f_src < SPAN_MATCH:
            swapped += max(token_f1(pred_src, g) for g in gold_tgt) >= SPAN_MATCH
        if f_src < SPAN_MATCH or f_tgt < SPAN_MATCH:
            rule, src, tgt = _describe(main)
            report.mistakes.append(
                Mistake(
                    item.id,
                    item.text,
                    f"S={' | '.join(gold_src) or '-'}  T={' | '.join(gold_tgt) or '-'}",
                    f"S={pred_src or '-'}  T={pred_tgt or '-'}",
                    rule,
                    src,
                    tgt,
                )
            )
    report.spans = {"source": source, "target": target}
    n = len(items) or 1
    report.figures["event_share"] = with_event / n
    report.figures["source_is_gold_target"] = swapped / n


# Comparison levels of the cameo-jsonl set: how much of each (source, target, code) triple
# must agree. "country" compares the first 3 letters of the actor codes.
CAMEO_LEVELS: dict[str, Callable[[str, str, str], tuple[str, str, str]]] = {
    "exact": lambda s, t, c: (s, t, c),
    "root": lambda s, t, c: (s, t, c[:2]),
    "country": lambda s, t, c: (s[:3], t[:3], c),
    "country+root": lambda s, t, c: (s[:3], t[:3], c[:2]),
}


def eval_cameo(pipeline: Any, items: list[CameoSentence], report: EvalReport) -> None:
    articles = [Article(id=item.id, text=item.text, published=item.published) for item in items]
    extractions = _code(pipeline, articles, report)
    report.counts = {level: Counts() for level in CAMEO_LEVELS}
    for item in items:
        events = [e for e in _events(extractions, item.id) if not e.negated]
        predicted = [(e.source.code, e.target.code if e.target else "", e.cameo) for e in events]
        expected = [(x.source, x.target, x.code) for x in item.expected]
        for level, key in CAMEO_LEVELS.items():
            counts = report.counts[level].add(
                [key(*x) for x in expected], [key(*x) for x in predicted]
            )
            if level == "exact" and (counts.fp or counts.fn):
                main = main_event(events)
                rule, _, _ = _describe(main)
                report.mistakes.append(
                    Mistake(
                        item.id,
                        item.text,
                        "; ".join(" ".join(x) for x in expected) or "-",
                        "; ".join(f"{s} {t or '-'} {c}" for s, t, c in predicted) or "-",
                        ", ".join(e.rule for e in events) or rule,
                    )
                )


# -- documents -----------------------------------------------------------------------------


def _country(actor: Actor | None) -> str:
    if actor is None:
        return NO_TARGET
    # IGO…/IMG… actors carry no country, as in the gold; "---" is an unknown country.
    return "" if actor.country == UNKNOWN_COUNTRY else actor.country


def _gold_country(actor: Any) -> str:
    return NO_TARGET if actor is None else actor.country


# The multisets compared per article (issue 3): (source country, target country, type)
# and (source country, type); "type" alone shows how far event detection gets without actors.
DOC_KEYS: dict[str, Callable[[str, str, str], tuple[str, ...]]] = {
    "src+tgt+type": lambda s, t, p: (s, t, p),
    "src+type": lambda s, t, p: (s, p),
    "type": lambda s, t, p: (p,),
}


def _doc_mistakes(
    report: EvalReport,
    doc_id: str,
    gold: list[GoldEvent],
    predicted: list[Event],
) -> None:
    key = DOC_KEYS["src+tgt+type"]
    g_keys = [key(e.source.country, _gold_country(e.target), e.plover) for e in gold]
    p_keys = [key(_country(e.source), _country(e.target), e.plover) for e in predicted]
    missing = Counter(g_keys) - Counter(p_keys)
    extra = Counter(p_keys) - Counter(g_keys)
    for event, k in zip(gold, g_keys, strict=True):
        if missing[k] > 0:
            missing[k] -= 1
            tgt = event.target.text if event.target else "-"
            report.mistakes.append(
                Mistake(
                    doc_id,
                    event.evidence,
                    f"{' '.join(k)} [{event.cameo}] {event.source.text or '(implicit)'} -> {tgt}",
                    "missed",
                )
            )
    for event, k in zip(predicted, p_keys, strict=True):
        if extra[k] > 0:
            extra[k] -= 1
            rule, src, tgt = _describe(event)
            report.mistakes.append(
                Mistake(
                    doc_id,
                    event.evidence,
                    "not in gold",
                    f"{' '.join(k)} [{event.cameo}]",
                    rule,
                    src,
                    tgt,
                )
            )


def _read_articles(path: Path, report: EvalReport) -> dict[str, Article]:
    from detente.ingest import read_jsonl

    if not path.is_file():
        raise InputError(
            f"articles file {path} does not exist; give it with --articles FILE "
            "(it is looked for beside the gold file as *_articles.jsonl)"
        )
    articles: dict[str, Article] = {}
    for item in read_jsonl(path):
        if isinstance(item, Rejected):
            report.problems.append(item.message())
        else:
            articles[item.id] = item
    return articles


def eval_doc(
    pipeline: Any,
    docs: list[GoldDocument],
    report: EvalReport,
    articles_path: Path,
) -> None:
    articles = _read_articles(articles_path, report)
    wanted = []
    for doc in docs:
        if doc.id in articles:
            wanted.append(articles[doc.id])
        else:
            report.problems.append(f"{articles_path}: no article with id {doc.id!r}; skipped")
    extractions = _code(pipeline, wanted, report)
    variants = {"": lambda e: True, " (no background)": lambda e: not e.background}
    report.counts = {name + v: Counts() for v in variants for name in DOC_KEYS}
    predicted_total = 0
    for doc in docs:
        if doc.id not in articles:
            continue
        predicted = [e for e in _events(extractions, doc.id) if e.plover and not e.negated]
        predicted_total += len(predicted)
        p_rows = [(_country(e.source), _country(e.target), e.plover) for e in predicted]
        scored = [e for e in doc.events if not e.uncertain]
        for suffix, keep in variants.items():
            g_rows = [
                (e.source.country, _gold_country(e.target), e.plover) for e in scored if keep(e)
            ]
            for name, key in DOC_KEYS.items():
                report.counts[name + suffix].add(
                    [key(*r) for r in g_rows], [key(*r) for r in p_rows]
                )
        for plover in {r[2] for r in p_rows} | {e.plover for e in scored}:
            report.by_type.setdefault(plover, Counts()).add(
                [(e.source.country,) for e in scored if e.plover == plover],
                [(r[0],) for r in p_rows if r[2] == plover],
            )
        _doc_mistakes(report, doc.id, scored, predicted)
    report.by_type = dict(sorted(report.by_type.items()))
    report.figures["predicted_events"] = float(predicted_total)
    types = report.counts["type"]
    report.figures["gold_events_scored"] = float(types.tp + types.fn)


# -- entry point ---------------------------------------------------------------------------


def _limited(items: list[Any], limit: int | None) -> list[Any]:
    return items[:limit] if limit is not None and limit >= 0 else items


def evaluate(
    kind: str,
    gold_path: str | Path,
    *,
    pipeline: Any = None,
    limit: int | None = None,
    articles_path: str | Path | None = None,
) -> EvalReport:
    """Code the gold set of `kind` with `pipeline` (a `detente.pipeline.Pipeline`, made
    with default settings when None) and score it."""
    if kind not in KINDS:
        raise InputError(f"unknown gold kind {kind!r}; one of {', '.join(KINDS)}")
    report = EvalReport(kind=kind, gold_path=str(gold_path))
    readers: dict[str, Callable[[str | Path], Any]] = {
        "plv": read_plv,
        "penta": read_penta,
        "actor-roles": read_actor_roles,
        "cameo-jsonl": read_cameo_jsonl,
        "doc": read_doc_gold,
    }
    gold = readers[kind](gold_path)
    report.problems.extend(gold.problems)
    items = _limited(gold.items, limit)
    report.items = len(items)
    if pipeline is None:
        from detente.pipeline import Pipeline

        pipeline = Pipeline()
    started = time.perf_counter()
    if kind == "plv":
        eval_plv(pipeline, items, report)
    elif kind == "penta":
        eval_penta(pipeline, items, report)
    elif kind == "actor-roles":
        eval_actor_roles(pipeline, items, report)
    elif kind == "cameo-jsonl":
        eval_cameo(pipeline, items, report)
    else:
        path = Path(articles_path) if articles_path else doc_articles_path(gold_path)
        eval_doc(pipeline, items, report, path)
    report.seconds = time.perf_counter() - started
    return report
