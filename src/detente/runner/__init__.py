"""Archive-scale ingestion on one machine: streaming batches, workers, duplicates, resume."""

from detente.runner.dedupe import NEAR_DUPLICATE_JACCARD, Deduper, DuplicateLink
from detente.runner.progress import Progress
from detente.runner.run import IngestReport, Runner, estimate_total, ingest, known_urls

__all__ = [
    "NEAR_DUPLICATE_JACCARD",
    "Deduper",
    "DuplicateLink",
    "IngestReport",
    "Progress",
    "Runner",
    "estimate_total",
    "ingest",
    "known_urls",
]
