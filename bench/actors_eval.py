"""How often detente resolves an actor to the right country and sector (issue 4).

    .venv/bin/python bench/actors_eval.py [--limit N] [--errors N]

Reads ../shared/data/gold/events/{plv_dev.csv, actor_roles_dev.conll, afp_gsr_dev.jsonl}
(skips when absent) and codes every sentence with the real pipeline.

(a), (b) Gold actor spans: the PLV source and target spans, and the S / T / R spans of the
actor-roles set. The gold country of a span is derived from its text alone, independently
of the recognizer, by this rule: look up, by plain case-sensitive whole-word string matching,
every country name, adjective, people name and capital of the shipped
`actors/countries.jsonl` and every name of `actors/organizations.jsonl` in the span (entries
marked ambiguous, like "Georgia" or "Jordan", are left out). Each hit gives a 3-letter
prefix: the country code, or the first block of the organisation's code (IGO, IMG, or a
country for a seat of government such as the Kremlin). A span with exactly one distinct
prefix "names a country"; spans with none are not scored, spans with several are counted
apart ("multi"). The gold sector likewise: the agent words of `actors/agents.jsonl`, matched
lowercase and whole-word; exactly one distinct sector is required.
The prediction for a span is the actor mention (Extraction.actors, char offsets) that
overlaps it most; its country is the first 3 letters of its code (or its `country` when it
has no code), its sectors are its `sectors` plus the 3-letter blocks of its code after the
country. No overlapping mention counts as a miss.

(c) afp_gsr_dev.jsonl actor codes: each expected event is paired with the first unused
predicted (non-negated) event of the sentence with the same CAMEO root; for paired events
the source and target codes are compared on country (first 3 letters, when the expected
one is not "---") and sector (letters 4-6, when the expected code has them). As a check of
recognition without the coder, "(c) any actor" asks whether any actor found in the sentence
has the expected code's country.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import Counter
from dataclasses import dataclass, field

from _shared import require

from detente.datafiles import load_entries
from detente.evaluation.gold import read_actor_roles, read_cameo_jsonl
from detente.pipeline import Pipeline
from detente.types import Actor, Article, Extraction, Rejected

PLV = "gold/events/plv_dev.csv"
ROLES = "gold/events/actor_roles_dev.conll"
AFP = "gold/events/afp_gsr_dev.jsonl"
UNKNOWN = "---"


def _alternation(words: list[str], flags: int = 0) -> re.Pattern[str]:
    """One whole-word regex for many strings, longest first so the longest match wins."""
    body = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", flags)


class SpanOracle:
    """The gold country and sector of a span, read from its text by string matching."""

    def __init__(self) -> None:
        self.prefix: dict[str, str] = {}
        for raw in load_entries("actors/countries.jsonl"):
            ambiguous = set(raw.get("ambiguous", []))
            for key in ("names", "adjectives", "people", "capitals"):
                for name in raw.get(key, []):
                    if name not in ambiguous:
                        self.prefix.setdefault(name, raw["code"])
        for raw in load_entries("actors/organizations.jsonl"):
            code = str(raw.get("code", ""))[:3]
            if code and not raw.get("ambiguous"):
                for name in raw.get("names", []):
                    self.prefix.setdefault(name, code)
        self.sector: dict[str, str] = {}
        for raw in load_entries("actors/agents.jsonl"):
            for word in raw.get("words", []):
                self.sector.setdefault(word.lower(), raw["sector"])
        self._names = _alternation(list(self.prefix))
        self._agents = _alternation(list(self.sector))

    def country(self, span: str) -> str | None:
        """The one prefix the span names; "" for none, None for several."""
        found = {self.prefix[m.group(0)] for m in self._names.finditer(span)}
        return "" if not found else (found.pop() if len(found) == 1 else None)

    def agent(self, span: str) -> str | None:
        found = {self.sector[m.group(0)] for m in self._agents.finditer(span.lower())}
        return "" if not found else (found.pop() if len(found) == 1 else None)


def _country(actor: Actor) -> str:
    code = actor.code[:3] if actor.code else actor.country
    return "" if code == UNKNOWN else code


def _sectors(actor: Actor) -> set[str]:
    code = actor.code
    return set(actor.sectors) | {code[i : i + 3] for i in range(3, len(code) - 2, 3)}


def _overlapping(actors: tuple[Actor, ...], start: int, end: int) -> Actor | None:
    best, best_n = None, 0
    for actor in actors:
        n = min(end, actor.end) - max(start, actor.start)
        if n > best_n:
            best, best_n = actor, n
    return best


@dataclass
class Row:
    """Agreement counts for one set of spans."""

    name: str
    spans: int = 0
    named: int = 0
    multi: int = 0
    found: int = 0
    country_ok: int = 0
    with_agent: int = 0
    sector_ok: int = 0
    wrong: list[tuple[str, str, str]] = field(default_factory=list)

    def add(self, oracle: SpanOracle, span: str, actor: Actor | None) -> None:
        self.spans += 1
        gold = oracle.country(span)
        if gold is None:
            self.multi += 1
        elif gold:
            self.named += 1
            self.found += actor is not None
            ok = actor is not None and _country(actor) == gold
            self.country_ok += ok
            if not ok:
                got = f"{actor.code or '?'} ({actor.text})" if actor else "no actor"
                self.wrong.append((span, gold, got))
        sector = oracle.agent(span)
        if sector:
            self.with_agent += 1
            self.sector_ok += actor is not None and sector in _sectors(actor)


def _code_all(pipeline: Pipeline, articles: list[Article]) -> dict[str, Extraction]:
    out: dict[str, Extraction] = {}
    for item in pipeline.code(articles):
        if isinstance(item, Rejected):
            print(f"skipped {item.message()}", file=sys.stderr)
        else:
            out[item.article.id] = item
    return out


def plv_rows(pipeline: Pipeline, oracle: SpanOracle, limit: int | None) -> list[Row]:
    with require(PLV).open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if (r.get("text") or "").strip()][:limit]
    articles = [Article(id=f"plv:{i}", text=r["text"].strip()) for i, r in enumerate(rows)]
    coded = _code_all(pipeline, articles)
    out = {"source": Row("(a) PLV source"), "target": Row("(a) PLV target")}
    unlocated = 0
    for article, r in zip(articles, rows, strict=True):
        actors = coded[article.id].actors if article.id in coded else ()
        for role, row in out.items():
            span = (r.get(role) or "").strip()
            if not span:
                continue
            at = article.text.find(span)
            if at < 0:
                at = article.text.lower().find(span.lower())
            if at < 0:
                unlocated += 1
                continue
            row.add(oracle, span, _overlapping(actors, at, at + len(span)))
    if unlocated:
        print(f"(a) {unlocated} PLV spans not found verbatim in their sentence; not scored")
    return list(out.values())


def roles_rows(pipeline: Pipeline, oracle: SpanOracle, limit: int | None) -> list[Row]:
    items = read_actor_roles(require(ROLES)).items[:limit]
    coded = _code_all(pipeline, [Article(id=i.id, text=i.text) for i in items])
    out = {role: Row(f"(b) roles {role}") for role in ("S", "T", "R")}
    for item in items:
        actors = coded[item.id].actors if item.id in coded else ()
        for role, row in out.items():
            for start, end in item.spans.get(role, ()):
                begin, stop = item.char_span(start, end)
                row.add(oracle, item.span_text(start, end), _overlapping(actors, begin, stop))
    return list(out.values())


def afp_figures(pipeline: Pipeline, limit: int | None) -> dict[str, Counter[str]]:
    items = read_cameo_jsonl(require(AFP)).items[:limit]
    coded = _code_all(
        pipeline, [Article(id=i.id, text=i.text, published=i.published) for i in items]
    )
    tally: dict[str, Counter[str]] = {"paired": Counter(), "any": Counter()}
    for item in items:
        extraction = coded.get(item.id)
        events = [e for e in extraction.events if not e.negated] if extraction else []
        countries = {_country(a) for a in extraction.actors} if extraction else set()
        used: set[int] = set()
        for exp in item.expected:
            tally["paired"]["expected"] += 1
            for code in (exp.source, exp.target):
                if code and code[:3] != UNKNOWN:
                    tally["any"]["codes"] += 1
                    tally["any"]["found"] += code[:3] in countries
            pick = next(
                (i for i, e in enumerate(events) if i not in used and e.cameo_root == exp.code[:2]),
                None,
            )
            if pick is None:
                continue
            used.add(pick)
            event = events[pick]
            tally["paired"]["paired"] += 1
            for role, code, actor in (
                ("source", exp.source, event.source),
                ("target", exp.target, event.target),
            ):
                if not code:
                    continue
                if code[:3] != UNKNOWN:
                    tally["paired"][f"{role} country n"] += 1
                    ok = actor is not None and _country(actor) == code[:3]
                    tally["paired"][f"{role} country ok"] += ok
                if len(code) >= 6:
                    tally["paired"][f"{role} sector n"] += 1
                    ok = actor is not None and code[3:6] in _sectors(actor)
                    tally["paired"][f"{role} sector ok"] += ok
    return tally


def _rate(ok: int, n: int) -> str:
    return f"{ok / n:.3f} ({ok}/{n})" if n else "-"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="first N items of each set")
    parser.add_argument(
        "--errors", type=int, default=0, metavar="N", help="print N wrong countries per row"
    )
    args = parser.parse_args(argv)
    for relative in (PLV, ROLES, AFP):
        require(relative)
    pipeline = Pipeline()
    oracle = SpanOracle()
    rows = plv_rows(pipeline, oracle, args.limit) + roles_rows(pipeline, oracle, args.limit)
    print(
        f"{'spans':<18}{'n':>6}{'names a country':>17}{'multi':>7}"
        f"{'actor found':>18}{'country right':>18}{'agent word':>12}{'sector right':>18}"
    )
    for r in rows:
        cover = f"{r.named / r.spans:.3f}" if r.spans else "-"
        print(
            f"{r.name:<18}{r.spans:>6}{cover:>11} {r.named:>5}{r.multi:>7}"
            f"{_rate(r.found, r.named):>18}{_rate(r.country_ok, r.named):>18}"
            f"{r.with_agent:>12}{_rate(r.sector_ok, r.with_agent):>18}"
        )
    if args.errors:
        print()
        for r in rows:
            for span, gold, got in r.wrong[: args.errors]:
                print(f"  {r.name}: {span!r} gold {gold}, resolved {got}")
    tally = afp_figures(pipeline, args.limit)
    paired, anyc = tally["paired"], tally["any"]
    print()
    print(
        f"(c) AFP GSR: {paired['expected']} expected events, "
        f"{paired['paired']} paired with a predicted event of the same CAMEO root"
    )
    for role in ("source", "target"):
        country = _rate(paired[f"{role} country ok"], paired[f"{role} country n"])
        sector = _rate(paired[f"{role} sector ok"], paired[f"{role} sector n"])
        print(f"    {role}: country {country}   sector {sector}")
    print(
        "(c) any actor: expected codes whose country is among the sentence's actors "
        f"{_rate(anyc['found'], anyc['codes'])}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
