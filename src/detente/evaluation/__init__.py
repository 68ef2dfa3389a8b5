"""Measuring detente against gold sets: readers, metrics and the runner behind `detente eval`."""

from detente.evaluation.metrics import classification_report, main_event, token_f1
from detente.evaluation.report import format_report
from detente.evaluation.runner import KINDS, EvalReport, evaluate

__all__ = [
    "KINDS",
    "EvalReport",
    "classification_report",
    "evaluate",
    "format_report",
    "main_event",
    "token_f1",
]
