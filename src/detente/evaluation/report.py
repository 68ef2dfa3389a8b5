"""The text form of an evaluation report, as `detente eval` prints it."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from detente.evaluation.metrics import format_confusion

if TYPE_CHECKING:
    from detente.evaluation.runner import EvalReport, Mistake

LOGGER = logging.getLogger(__name__)

# Characters of a sentence shown in a mistake line.
CLIP = 160
# Confusion pairs listed under the table.
TOP_CONFUSIONS = 8


def _clip(text: str, width: int = CLIP) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def pick_mistakes(mistakes: list[Mistake], n: int) -> list[Mistake]:
    """`n` mistakes spread evenly over the list (gold files are often sorted by label)."""
    if n <= 0 or not mistakes:
        return []
    if n >= len(mistakes):
        return list(mistakes)
    step = len(mistakes) / n
    return [mistakes[int(i * step)] for i in range(n)]


def _pct(x: float) -> str:
    return f"{x:.3f}"


def format_report(report: EvalReport, errors: int = 0) -> str:
    lines = [
        f"{report.kind}: {report.items} items from {report.gold_path} ({report.seconds:.1f} s)"
    ]
    classes = report.classes
    if classes is not None:
        lines.append(
            f"accuracy {_pct(classes.accuracy)}   macro P {_pct(classes.macro_precision)}  "
            f"R {_pct(classes.macro_recall)}  F1 {_pct(classes.macro_f1)}"
        )
    for name, value in report.figures.items():
        shown = f"{value:.0f}" if float(value).is_integer() and value > 1 else _pct(value)
        lines.append(f"{name.replace('_', ' ')}: {shown}")
    if report.spans:
        lines.append("")
        lines.append(f"{'span':<10}{'n':>6}{'tokF1':>8}{'>=0.5':>8}{'exact':>8}")
        for name, span in report.spans.items():
            lines.append(
                f"{name:<10}{span.n:>6}{_pct(span.mean_f1):>8}"
                f"{_pct(span.share_half):>8}{_pct(span.exact_rate):>8}"
            )
    if report.counts:
        lines.append("")
        width = max(len(k) for k in report.counts) + 2
        lines.append(f"{'match':<{width}}{'tp':>6}{'fp':>6}{'fn':>6}{'P':>7}{'R':>7}{'F1':>7}")
        for name, c in report.counts.items():
            p, r, f = c.scores
            lines.append(
                f"{name:<{width}}{c.tp:>6}{c.fp:>6}{c.fn:>6}{_pct(p):>7}{_pct(r):>7}{_pct(f):>7}"
            )
    if report.by_type:
        lines.append("")
        lines.append("per type, (source country, type):")
        lines.append(f"{'type':<12}{'tp':>5}{'fp':>5}{'fn':>5}{'P':>7}{'R':>7}{'F1':>7}")
        for name, c in report.by_type.items():
            p, r, f = c.scores
            lines.append(
                f"{name:<12}{c.tp:>5}{c.fp:>5}{c.fn:>5}{_pct(p):>7}{_pct(r):>7}{_pct(f):>7}"
            )
    if classes is not None:
        lines.append("")
        lines.append(f"{'class':<12}{'P':>7}{'R':>7}{'F1':>7}{'gold':>6}{'pred':>6}")
        for c in classes.per_class:
            lines.append(
                f"{c.label:<12}{_pct(c.precision):>7}{_pct(c.recall):>7}{_pct(c.f1):>7}"
                f"{c.support:>6}{c.predicted:>6}"
            )
        lines.append("")
        lines.append("confusion (gold rows x predicted columns):")
        lines.extend(format_confusion(classes))
        top = classes.top_confusions(TOP_CONFUSIONS)
        if top:
            lines.append("most frequent mistakes: " + ", ".join(f"{g}->{p} {n}" for g, p, n in top))
    shown = pick_mistakes(report.mistakes, errors)
    if shown:
        lines.append("")
        lines.append(f"{len(shown)} of {len(report.mistakes)} mistakes:")
        for m in shown:
            lines.append(f"- [{m.item}] {_clip(m.text)}")
            lines.append(f"    gold: {m.gold}")
            lines.append(f"    predicted: {m.predicted}   rule: {m.rule or '-'}")
            if m.source or m.target:
                lines.append(f"    source: {m.source or '-'}   target: {m.target or '-'}")
    if report.problems:
        lines.append("")
        lines.append(f"{len(report.problems)} input problem(s), listed in the report's `problems`")
    return "\n".join(lines) + "\n"
