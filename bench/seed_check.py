"""Checks the foundation's reference report: the events it must and must not yield.

    .venv/bin/python bench/seed_check.py

Reads ../shared/data/seed/000_8976ca82534c60d4.txt (skips when absent), codes it with the
talks' date, 2018-02-20, and prints each check with PASS or FAIL and the events behind it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date

from _shared import require

from detente.ingest import read_text
from detente.pipeline import Pipeline
from detente.types import Actor, Event, Rejected

SEED = "seed/000_8976ca82534c60d4.txt"


def _codes(e: Event) -> tuple[str, str]:
    return e.source.code, e.target.code if e.target else ""


STATE_SECTORS = {"", "GOV", "MIL", "COP", "SPY", "JUD", "LEG"}


def _is_state(actor: Actor) -> bool:
    """A country or one of its state organs (not a rebel group or militia based there)."""
    sector = actor.sectors[0] if actor.sectors else ""
    return bool(actor.country) and actor.code[:3] == actor.country and sector in STATE_SECTORS


CHECKS: list[tuple[str, Callable[[Event], bool], bool]] = [
    (
        "Pakistan-Russia talks: CAMEO 04 between PAK and RUS",
        lambda e: e.cameo_root == "04" and {c[:3] for c in _codes(e)} == {"PAK", "RUS"},
        True,
    ),
    (
        "Russia criticises or accuses the US / NATO (verbal conflict, source RUS)",
        lambda e: (
            e.quad_class == 3
            and e.source.code.startswith("RUS")
            and _codes(e)[1][:3] in ("USA", "IGO")
        ),
        True,
    ),
    (
        "Pakistan wants to enhance cooperation with Russia (verbal cooperation, PAK -> RUS)",
        lambda e: (
            e.quad_class == 1 and e.source.code.startswith("PAK") and _codes(e)[1].startswith("RUS")
        ),
        True,
    ),
    (
        "Attacks in Afghanistan that killed over 100 people (material conflict)",
        lambda e: e.quad_class == 4 and "killed over 100" in e.evidence,
        True,
    ),
    (
        "No event has India as source or target",
        lambda e: any(c.startswith("IND") for c in _codes(e)),
        False,
    ),
    (
        "No state in the report attacks another",
        lambda e: (
            e.quad_class == 4
            and not e.negated
            and _is_state(e.source)
            and e.target is not None
            and _is_state(e.target)
            and e.target.country != e.source.country
        ),
        False,
    ),
]


def main() -> int:
    article = read_text(require(SEED), default_date=date(2018, 2, 20))
    if isinstance(article, Rejected):
        print(f"cannot read the seed: {article.message()}")
        return 1
    events = list(Pipeline().code_text(article.text, article).events)
    print(f"{len(events)} events coded")
    failed = 0
    for label, test, wanted in CHECKS:
        hits = [e for e in events if test(e)]
        ok = bool(hits) == wanted
        failed += not ok
        print(f"{'PASS' if ok else 'FAIL'}  {label}")
        for e in hits[:3]:
            print(
                f"        {e.source.code} -{e.cameo} {e.cameo_name}-> "
                f"{e.target.code if e.target else '-'}  [{e.rule}]"
            )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
