"""Pure scoring functions: classification reports, span token F1, multiset P/R/F1, and the
choice of a sentence's main event. No I/O and no spaCy, so each is unit-tested on its own.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from detente.types import Event

LOGGER = logging.getLogger(__name__)

# A bare public statement (CAMEO root 01) ranks below any other event in a sentence
# (issue 3's main-event rule).
STATEMENT_ROOT = "01"
# CAMEO root -> penta class. The penta set documents no mapping; the shared data README
# reads it off the data as 0 neutral 01-02, 1 verbal cooperation 03-05, 2 material
# cooperation 06-08, 3 verbal conflict 09-13, 4 material conflict 14-20. One correction,
# also read off the data: sentences about reducing relations (root 16: sanctions,
# expulsions, aid cuts) carry label 3, not 4 (55 of the 62 dev sentences whose main event
# detente coded as root 16, on 2026-11-29), as in PLOVER, where SANCTION is not force.
PENTA_BY_ROOT = {
    **dict.fromkeys(("01", "02"), "0"),
    **dict.fromkeys(("03", "04", "05"), "1"),
    **dict.fromkeys(("06", "07", "08"), "2"),
    **dict.fromkeys(("09", "10", "11", "12", "13", "16"), "3"),
    **dict.fromkeys(("14", "15", "17", "18", "19", "20"), "4"),
}
# A sentence with no event is penta class 0 (issue 3).
PENTA_NO_EVENT = "0"
# The PLV set predates PLOVER's split of YIELD into CONCEDE and RETREAT (shared data README).
PLV_LABEL_ALIASES = {"CONCEDE": "YIELD", "RETREAT": "YIELD"}
# The label of a sentence for which the coder found no event.
NO_EVENT = "none"
# Token normalisation for span F1, as in SQuAD's official evaluation script: lowercase, drop
# punctuation and the articles a/an/the, compare bags of words.
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
_ARTICLES = frozenset({"a", "an", "the"})


# -- main event ----------------------------------------------------------------------------


def main_event(events: Iterable[Event], *, need_plover: bool = False) -> Event | None:
    """The event a sentence-level label is compared with (issue 3).

    Among the events (those with a PLOVER type when `need_plover`): non-negated before
    negated, then not a bare statement (CAMEO root 01), then the highest confidence, then
    the first in order.
    """
    best: Event | None = None
    best_key: tuple[int, int, float] | None = None
    for event in events:
        if need_plover and not event.plover:
            continue
        key = (int(not event.negated), int(event.cameo_root != STATEMENT_ROOT), event.confidence)
        if best_key is None or key > best_key:  # strict: ties keep the first
            best, best_key = event, key
    return best


def penta_class(event: Event | None) -> str:
    """The penta class of an event from its CAMEO root; no event (or no root) is class 0."""
    if event is None:
        return PENTA_NO_EVENT
    return PENTA_BY_ROOT.get(event.cameo_root[:2], PENTA_NO_EVENT)


def plv_label(event: Event | None) -> str:
    """The PLV label of an event: its PLOVER type, with CONCEDE and RETREAT read as YIELD."""
    if event is None or not event.plover:
        return NO_EVENT
    return PLV_LABEL_ALIASES.get(event.plover, event.plover)


# -- classification ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ClassScore:
    label: str
    precision: float
    recall: float
    f1: float
    support: int
    predicted: int


@dataclass(slots=True)
class ClassReport:
    """Accuracy, per-class and macro scores, and the confusion counts of one labelling."""

    n: int
    accuracy: float
    per_class: list[ClassScore]
    macro_precision: float
    macro_recall: float
    macro_f1: float
    # confusion[gold][predicted] = count
    confusion: dict[str, dict[str, int]] = field(default_factory=dict)

    def top_confusions(self, k: int = 10) -> list[tuple[str, str, int]]:
        """The k most frequent (gold, predicted, count) mistakes."""
        pairs = [
            (gold, pred, n)
            for gold, row in self.confusion.items()
            for pred, n in row.items()
            if gold != pred and n
        ]
        return sorted(pairs, key=lambda p: (-p[2], p[0], p[1]))[:k]

    def to_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "accuracy": self.accuracy,
            "macro_precision": self.macro_precision,
            "macro_recall": self.macro_recall,
            "macro_f1": self.macro_f1,
            "per_class": [
                {
                    "label": c.label,
                    "precision": c.precision,
                    "recall": c.recall,
                    "f1": c.f1,
                    "support": c.support,
                    "predicted": c.predicted,
                }
                for c in self.per_class
            ],
            "confusion": self.confusion,
        }


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall and F1 from counts; 0.0 where a denominator is 0."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def classification_report(
    gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str] | None = None
) -> ClassReport:
    """Scores of `predicted` against `gold`, one label each.

    Per-class and macro scores are over `labels` (default: the labels that occur in gold,
    sorted); a predicted label outside them (e.g. "none") only costs recall of the gold
    class. The confusion table has every gold label as a row and every label that occurs
    in either list as a column.
    """
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold labels but {len(predicted)} predictions")
    classes = list(labels) if labels is not None else sorted(set(gold))
    pairs = Counter(zip(gold, predicted, strict=True))
    gold_count = Counter(gold)
    pred_count = Counter(predicted)
    per_class = []
    for label in classes:
        tp = pairs[(label, label)]
        p, r, f = prf(tp, pred_count[label] - tp, gold_count[label] - tp)
        per_class.append(ClassScore(label, p, r, f, gold_count[label], pred_count[label]))
    n = len(gold)
    columns = list(classes) + sorted(set(predicted) - set(classes))
    rows = list(classes) + sorted(set(gold) - set(classes))
    confusion = {g: {c: pairs[(g, c)] for c in columns} for g in rows}
    k = len(per_class) or 1
    return ClassReport(
        n=n,
        accuracy=sum(pairs[(g, g)] for g in gold_count) / n if n else 0.0,
        per_class=per_class,
        macro_precision=sum(c.precision for c in per_class) / k,
        macro_recall=sum(c.recall for c in per_class) / k,
        macro_f1=sum(c.f1 for c in per_class) / k,
        confusion=confusion,
    )


def format_confusion(report: ClassReport, width: int = 5) -> list[str]:
    """Gold rows x predicted columns, labels cut to `width - 1` characters."""
    if not report.confusion:
        return []
    columns = list(next(iter(report.confusion.values())))
    head = "gold\\pred".ljust(10) + "".join(c[: width - 1].rjust(width) for c in columns)
    lines = [head]
    for gold, row in report.confusion.items():
        cells = "".join((str(row[c]) if row[c] else ".").rjust(width) for c in columns)
        lines.append(gold[:9].ljust(10) + cells)
    return lines


# -- spans ---------------------------------------------------------------------------------


def span_tokens(text: str) -> list[str]:
    """Words of a span, lowercased, without punctuation or the articles a/an/the."""
    return [w for w in _WORD.findall(text.lower()) if w not in _ARTICLES]


def token_f1(predicted: str, gold: str) -> float:
    """Bag-of-words F1 of a predicted span against a gold span (1.0 when both are empty)."""
    pred, ref = span_tokens(predicted), span_tokens(gold)
    if not pred and not ref:
        return 1.0
    common = sum((Counter(pred) & Counter(ref)).values())
    if not common:
        return 0.0
    p, r = common / len(pred), common / len(ref)
    return 2 * p * r / (p + r)


def exact_span(predicted: str, gold: str) -> bool:
    """The same words in the same order after normalisation."""
    return span_tokens(predicted) == span_tokens(gold)


@dataclass(slots=True)
class SpanScore:
    """Mean token F1, share with F1 >= 0.5, and exact-match rate over scored spans."""

    n: int = 0
    f1_sum: float = 0.0
    half: int = 0
    exact: int = 0

    def add(self, predicted: str, gold: str | Sequence[str]) -> float:
        """Score one span against a gold span (or the best of several); returns its F1."""
        golds = [gold] if isinstance(gold, str) else list(gold)
        f1, ex = max((token_f1(predicted, g), exact_span(predicted, g)) for g in golds)
        self.n += 1
        self.f1_sum += f1
        self.half += f1 >= 0.5
        self.exact += ex
        return f1

    @property
    def mean_f1(self) -> float:
        return self.f1_sum / self.n if self.n else 0.0

    @property
    def share_half(self) -> float:
        return self.half / self.n if self.n else 0.0

    @property
    def exact_rate(self) -> float:
        return self.exact / self.n if self.n else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "mean_token_f1": self.mean_f1,
            "share_f1_ge_0_5": self.share_half,
            "exact_match": self.exact_rate,
        }


# -- multisets -----------------------------------------------------------------------------


@dataclass(slots=True)
class Counts:
    """True positives, false positives and false negatives, summed over items."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold: Iterable[Hashable], predicted: Iterable[Hashable]) -> Counts:
        """Add one item's multiset comparison; returns that item's own counts."""
        g, p = Counter(gold), Counter(predicted)
        tp = sum((g & p).values())
        item = Counts(tp, sum(p.values()) - tp, sum(g.values()) - tp)
        self.tp += item.tp
        self.fp += item.fp
        self.fn += item.fn
        return item

    @property
    def scores(self) -> tuple[float, float, float]:
        return prf(self.tp, self.fp, self.fn)

    def to_dict(self) -> dict[str, Any]:
        p, r, f = self.scores
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": p, "recall": r, "f1": f}
