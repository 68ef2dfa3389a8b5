"""The seed report's quotes, with their speakers' codes, and issue 5's criterion for them.

    .venv/bin/python bench/seed_quotes.py

Reads ../shared/data/seed/000_8976ca82534c60d4.txt (skips when absent), prints every quote
found with its kind, rule and speaker code, then PASS when at least six direct quotes are
attributed to Lavrov (country RUS) or Asif (country PAK), else FAIL.
"""

from __future__ import annotations

import sys
from datetime import date

from _shared import require

from detente.ingest import read_text
from detente.pipeline import Pipeline
from detente.types import Quote, Rejected

SEED = "seed/000_8976ca82534c60d4.txt"
# Issue 5: "at least six direct quotes attributed to Lavrov or Asif with the right country".
SPEAKERS = {"Lavrov": "RUS", "Asif": "PAK"}
WANTED = 6


def _right_speaker(q: Quote) -> bool:
    if q.kind != "direct" or q.speaker is None:
        return False
    return any(
        name in q.speaker.name and q.speaker.country == country
        for name, country in SPEAKERS.items()
    )


def main() -> int:
    article = read_text(require(SEED), default_date=date(2018, 2, 20))
    if isinstance(article, Rejected):
        print(f"cannot read the seed: {article.message()}")
        return 1
    quotes = Pipeline().code_text(article.text, article).quotes
    for q in quotes:
        who = f"{q.speaker.code or '?'} ({q.speaker.text})" if q.speaker else "-"
        content = q.content if len(q.content) <= 70 else q.content[:69] + "…"
        mark = "*" if _right_speaker(q) else " "
        print(f"{mark} {q.kind:8} {who:28} {q.rule:28} {q.confidence:.1f}  {content}")
    right = sum(_right_speaker(q) for q in quotes)
    ok = right >= WANTED
    print(f"{len(quotes)} quotes; {right} direct quotes by Lavrov (RUS) or Asif (PAK), marked *")
    print(f"{'PASS' if ok else 'FAIL'}  at least {WANTED} direct quotes by Lavrov or Asif")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
