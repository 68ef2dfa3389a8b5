"""Precision and recall of quote attribution on the PolNeAR dev split.

    .venv/bin/python bench/quotes_eval.py [--limit N] [--split dev] [--by-rule] [--misses N]

Reads ../shared/data/gold/quotes/<split>/text/*.txt and attributions/*.ann (BRAT standoff:
`T` lines are Source, Cue and Content spans, possibly discontinuous "a b;c d"; `E` lines
tie one attribution's Source, Cue and Content). Skips cleanly when the data is absent.

A predicted quote matches a gold attribution when its speaker span overlaps the gold Source
AND its content span overlaps the gold Content. Precision is the share of predictions that
match some gold attribution; recall the share of gold attributions matched by some
prediction (PolNeAR makes one attribution of '"A," he said. "B."' with a discontinuous
Content, which detente reads as two quotes, both right). Precision counts every
prediction; recall counts
the gold attributions that have a Source (those without one, "Attribution-no-source",
cannot be matched by a speaker and are reported apart). "Direct" gold attributions are
those whose Content begins or ends with a double quote mark; "direct" predictions are
those of kind "direct". Source-only and content-only figures count a prediction (or gold)
as found when its speaker (content) overlaps any gold Source (Content), and vice versa.
`--misses N` prints N gold attributions no prediction matched (source, cue, content, and
whether some prediction had the source or the content right) and the commonest missed cues.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from _shared import require

from detente.config import Settings
from detente.nlp.model import cached_pipeline
from detente.quotes import extract_quotes
from detente.types import Article, Quote

# Double quote marks that make a gold content "direct" (the same glyphs quotes/marks.py pairs).
QUOTE_MARKS = '"“”„«»'

Range = tuple[int, int]


@dataclass
class Gold:
    source: list[Range] = field(default_factory=list)
    content: list[Range] = field(default_factory=list)
    cue: list[Range] = field(default_factory=list)
    direct: bool = False


def _ranges(spec: str) -> list[Range]:
    out: list[Range] = []
    for part in spec.split(";"):
        a, b = part.split()
        out.append((int(a), int(b)))
    return out


def read_ann(path: Path, text: str) -> list[Gold]:
    spans: dict[str, tuple[str, list[Range]]] = {}
    events: list[list[str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if line.startswith("T") and len(cols) >= 2:
            label, _, spec = cols[1].partition(" ")
            spans[cols[0]] = (label, _ranges(spec))
        elif line.startswith("E") and len(cols) >= 2:
            events.append(cols[1].split())
    golds: list[Gold] = []
    for args in events:
        gold = Gold()
        for arg in args:
            role, _, ref = arg.partition(":")
            role = role.rstrip("0123456789")
            if ref not in spans:
                continue
            if role == "Source":
                gold.source += spans[ref][1]
            elif role == "Content":
                gold.content += spans[ref][1]
            elif role == "Cue":
                gold.cue += spans[ref][1]
        if not gold.content:
            continue
        first = text[gold.content[0][0] : gold.content[0][1]].strip()
        last = text[gold.content[-1][0] : gold.content[-1][1]].strip()
        gold.direct = bool(first and last) and (first[0] in QUOTE_MARKS or last[-1] in QUOTE_MARKS)
        golds.append(gold)
    return golds


def _overlaps(a: Range, ranges: list[Range]) -> bool:
    return any(a[0] < b and c < a[1] for c, b in ranges)


def _speaker(q: Quote) -> Range | None:
    return (
        (q.speaker.start, q.speaker.end) if q.speaker and q.speaker.end > q.speaker.start else None
    )


def _content(q: Quote) -> Range:
    return (q.content_start, q.content_end)


@dataclass
class Tally:
    counts: Counter[str] = field(default_factory=Counter)
    by_rule: Counter[str] = field(default_factory=Counter)
    by_rule_ok: Counter[str] = field(default_factory=Counter)
    # Gold attributions no prediction matched: (document id, text, gold, what was half-right).
    misses: list[tuple[str, str, Gold, str]] = field(default_factory=list)

    def add(self, preds: list[Quote], golds: list[Gold], doc_id: str = "", text: str = "") -> None:
        c = self.counts
        sourced = [g for g in golds if g.source]
        c["gold"] += len(sourced)
        c["gold_no_source"] += len(golds) - len(sourced)
        c["gold_direct"] += sum(g.direct for g in sourced)
        c["pred"] += len(preds)
        c["pred_direct"] += sum(q.kind == "direct" for q in preds)
        taken: set[int] = set()
        for q in preds:
            sp, ct = _speaker(q), _content(q)
            rule = q.rule.split("/")[0]
            self.by_rule[rule] += 1
            hits = [
                k
                for k, g in enumerate(sourced)
                if sp is not None and _overlaps(sp, g.source) and _overlaps(ct, g.content)
            ]
            if hits:
                taken.update(hits)
                c["tp_pred"] += 1
                c["tp_pred_direct"] += q.kind == "direct"
                self.by_rule_ok[rule] += 1
            c["src_pred_ok"] += sp is not None and any(_overlaps(sp, g.source) for g in sourced)
            c["cnt_pred_ok"] += any(_overlaps(ct, g.content) for g in golds)
        c["tp_gold"] += len(taken)
        for k, g in enumerate(sourced):
            if k not in taken:
                self.misses.append((doc_id, text, g, _half_right(preds, g)))
        c["tp_gold_direct"] += sum(sourced[k].direct for k in taken)
        spans = [s for s in (_speaker(q) for q in preds) if s]
        contents = [_content(q) for q in preds]
        c["src_gold_ok"] += sum(any(_overlaps(s, g.source) for s in spans) for g in sourced)
        c["cnt_gold_ok"] += sum(any(_overlaps(r, g.content) for r in contents) for g in sourced)


def _half_right(preds: list[Quote], gold: Gold) -> str:
    """Which half of a missed gold attribution some prediction got: source, content, none."""
    src = any((sp := _speaker(q)) is not None and _overlaps(sp, gold.source) for q in preds)
    cnt = any(_overlaps(_content(q), gold.content) for q in preds)
    return "source+content" if src and cnt else "source" if src else "content" if cnt else "none"


def _show(text: str, ranges: list[Range], width: int = 90) -> str:
    out = " … ".join(" ".join(text[a:b].split()) for a, b in ranges)
    return out if len(out) <= width else out[: width - 1] + "…"


def print_misses(tally: Tally, n: int) -> None:
    """The first n missed gold attributions, then the commonest missed cues."""
    cues: Counter[str] = Counter()
    halves: Counter[str] = Counter()
    for _, text, gold, half in tally.misses:
        cues[_show(text, gold.cue, 40).lower()] += 1
        halves[half] += 1
    print(f"missed gold attributions: {len(tally.misses)}; half right: {dict(halves)}")
    for doc_id, text, gold, half in tally.misses[:n]:
        print(f"- {doc_id} [{half}] cue={_show(text, gold.cue, 40)!r}")
        print(f"    source:  {_show(text, gold.source)}")
        print(f"    content: {_show(text, gold.content)}")
    print("commonest missed cues: " + ", ".join(f"{c!r} {k}" for c, k in cues.most_common(40)))


def _pr(hit_p: int, n_p: int, hit_g: int, n_g: int) -> str:
    p = hit_p / n_p if n_p else 0.0
    r = hit_g / n_g if n_g else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    counts = f"({hit_p}/{n_p} pred, {hit_g}/{n_g} gold)"
    return f"P {100 * p:5.1f}  R {100 * r:5.1f}  F1 {100 * f:5.1f}  {counts}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev")
    parser.add_argument("--limit", type=int, default=0, help="only the first N documents")
    parser.add_argument("--by-rule", action="store_true", help="precision of each rule")
    parser.add_argument(
        "--misses", type=int, default=0, metavar="N", help="print N missed gold attributions"
    )
    args = parser.parse_args()
    root = require(f"gold/quotes/{args.split}")
    texts = sorted((root / "text").glob("*.txt"))
    if args.limit:
        texts = texts[: args.limit]
    nlp = cached_pipeline(Settings())
    items: list[tuple[str, Article]] = []
    for path in texts:
        text = path.read_text(encoding="utf-8")
        items.append((text, Article(id=path.stem, text=text, origin=str(path))))
    tally = Tally()
    for doc, article in nlp.pipe(items, as_tuples=True, batch_size=16):
        # "<name>_<annotator>.ann"; a text annotated twice is scored against the first.
        anns = sorted((root / "attributions").glob(f"{article.id}_*.ann"))
        if not anns:
            print(f"{article.origin}: no attributions file, skipped")
            continue
        ann = anns[0]
        try:
            golds = read_ann(ann, article.text)
        except (ValueError, IndexError) as exc:
            print(f"{ann}: unreadable annotation ({exc}), skipped")
            continue
        tally.add(list(extract_quotes(doc, article)), golds, article.id, article.text)
    c = tally.counts
    print(
        f"PolNeAR {args.split}: {len(texts)} documents, {c['gold']} attributions with a source "
        f"({c['gold_direct']} direct), {c['gold_no_source']} without one"
    )
    print("overall   " + _pr(c["tp_pred"], c["pred"], c["tp_gold"], c["gold"]))
    print(
        "direct    "
        + _pr(c["tp_pred_direct"], c["pred_direct"], c["tp_gold_direct"], c["gold_direct"])
    )
    print("source    " + _pr(c["src_pred_ok"], c["pred"], c["src_gold_ok"], c["gold"]))
    print("content   " + _pr(c["cnt_pred_ok"], c["pred"], c["cnt_gold_ok"], c["gold"]))
    if args.by_rule:
        for rule, n in tally.by_rule.most_common():
            print(
                f"  {rule:28} {tally.by_rule_ok[rule]:5}/{n:<5} "
                f"{100 * tally.by_rule_ok[rule] / n:5.1f}%"
            )
    if args.misses:
        print_misses(tally, args.misses)
    return 0


if __name__ == "__main__":
    sys.exit(main())
