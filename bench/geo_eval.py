"""Toponym recall, precision and resolution accuracy on GeoWebNews (dev).

    .venv/bin/python bench/geo_eval.py [--limit N] [--errors] [--dump PATH]

Reads ../shared/data/gold/geo/ (skips when absent): `GeoWebNews_GWN.xml` for the article
order, `GeoWebNews_brat/N.txt` (line 1 is the title and link; the text follows) and
`N.ann` (every annotated span with its type), and `GeoWebNews_geocoding_gold.txt` (one line
per article in the XML's order: `name,,surface,,lat,,lon,,start,,end||...`, offsets into
the text after line 1).

- recall: gold geocoded toponyms whose span overlaps a place `find_places` found (any
  role), also given without the `Non_Toponym` spans (organisation names holding a place);
- precision: found places that overlap an annotated toponym span of any type except the
  common-noun expressions (`Literal_Expression`, `Non_Lit_Expression`) and `Non_Toponym`;
- accuracy@161km: of the gold toponyms found, the share whose resolved point lies within
  161 km (100 miles) of the gold coordinates, the measure GeoWebNews and mordecai report.

`--errors` prints each false positive, miss, far hit and unresolved place; `--dump PATH`
writes one JSON line per gold toponym (the found place's text, role, rule, entry and the
distance) for offline analysis. Neither is shipped or read by the package.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import time
from collections import Counter
from pathlib import Path

from _shared import require

from detente.config import Settings
from detente.nlp.model import cached_pipeline
from detente.places import Place, default_gazetteer, find_places
from detente.types import Article

# Accuracy@161 km: 100 miles, the threshold of the geoparsing literature (Gritta et al.).
KM_THRESHOLD = 161.0
EARTH_KM = 6371.0
NOT_TOPONYMS = frozenset({"Literal_Expression", "Non_Lit_Expression", "Non_Toponym"})


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(math.sqrt(min(1.0, a)))


def _annotations(path: Path, offset: int) -> list[tuple[int, int, str]]:
    spans = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("T"):
            continue
        info = line.split("\t")[1].split(" ")
        spans.append((int(info[1]) - offset, int(info[-1]) - offset, info[0]))
    return spans


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles")
    parser.add_argument("--errors", action="store_true", help="print each miss and far hit")
    parser.add_argument("--dump", default="", help="write one JSON line per gold toponym")
    args = parser.parse_args()
    root = require("gold/geo")
    order = re.findall(r'<article file="(\d+)"', (root / "GeoWebNews_GWN.xml").read_text())
    gold_lines = (root / "GeoWebNews_geocoding_gold.txt").read_text().split("\n")
    nlp = cached_pipeline(Settings())
    gaz = default_gazetteer()
    counts: Counter[str] = Counter()
    types_found: Counter[str] = Counter()
    types_total: Counter[str] = Counter()
    t0 = time.perf_counter()
    n = len(order) if not args.limit else min(args.limit, len(order))
    dump: list[str] = []
    for i, name in enumerate(order[:n]):
        raw = (root / "GeoWebNews_brat" / f"{name}.txt").read_text(encoding="utf-8")
        offset = raw.index("\n") + 1
        text = raw[offset:]
        anns = _annotations(root / "GeoWebNews_brat" / f"{name}.ann", offset)
        kinds = {(s, e): t for s, e, t in anns}
        doc = nlp(text)
        places: list[Place] = find_places(doc, Article(id=name, text=text), gaz)
        toponym_spans = [(s, e) for s, e, t in anns if t not in NOT_TOPONYMS]
        for p in places:
            counts["found"] += 1
            if any(_overlaps((p.start, p.end), s) for s in toponym_spans):
                counts["found_correct"] += 1
            elif args.errors:
                print(f"  FP  {name}: {p.text!r} ({p.role}, {p.rule})")
        for item in gold_lines[i].split("||"):
            parts = item.split(",,")
            if len(parts) != 6:
                continue
            gname, surface, lat, lon, start, end = parts
            span = (int(start), int(end))
            kind = kinds.get(span, "?")
            counts["gold"] += 1
            types_total[kind] += 1
            counts["gold_toponym"] += kind != "Non_Toponym"
            hit = next((p for p in places if _overlaps((p.start, p.end), span)), None)
            dist = (
                km(float(lat), float(lon), hit.lat, hit.lon)
                if hit is not None and hit.lat is not None and hit.lon is not None
                else None
            )
            if args.dump:
                row = {
                    "article": name,
                    "surface": surface,
                    "type": kind,
                    "gold": gname,
                    "gold_lat": float(lat),
                    "gold_lon": float(lon),
                }
                if hit is not None:
                    row.update(
                        text=hit.text,
                        role=hit.role,
                        rule=hit.rule,
                        kind=hit.kind,
                        id=hit.id,
                        country=hit.country,
                        km=dist,
                    )
                dump.append(json.dumps(row, ensure_ascii=False) + "\n")
            if hit is None:
                if args.errors:
                    print(f"  MISS {name}: {surface!r} ({kind})")
                continue
            counts["gold_found"] += 1
            counts["gold_toponym_found"] += kind != "Non_Toponym"
            types_found[kind] += 1
            if dist is not None:
                if dist <= KM_THRESHOLD:
                    counts["within"] += 1
                elif args.errors:
                    print(
                        f"  FAR {name}: {surface!r} -> {hit.name}, {hit.country} "
                        f"({hit.kind}, {dist:.0f} km; gold {gname})"
                    )
            elif args.errors:
                print(f"  UNRESOLVED {name}: {surface!r} as {hit.text!r} (gold {gname})")
    secs = time.perf_counter() - t0
    if args.dump:
        Path(args.dump).write_text("".join(dump), encoding="utf-8")

    def pct(a: int, b: int) -> str:
        return f"{100 * a / b:.1f}%" if b else "n/a"

    print(
        f"GeoWebNews dev: {n} articles, {counts['gold']} geocoded gold toponyms, "
        f"{counts['found']} places found, {secs:.0f} s"
    )
    print(
        f"recall        {pct(counts['gold_found'], counts['gold'])} "
        f"({counts['gold_found']}/{counts['gold']}); without Non_Toponym "
        f"{pct(counts['gold_toponym_found'], counts['gold_toponym'])}"
    )
    print(
        f"precision     {pct(counts['found_correct'], counts['found'])} "
        f"({counts['found_correct']}/{counts['found']})"
    )
    print(
        f"within 161 km {pct(counts['within'], counts['gold_found'])} "
        f"({counts['within']}/{counts['gold_found']} found gold toponyms)"
    )
    for kind, total in types_total.most_common():
        print(f"  recall {kind:22s} {pct(types_found[kind], total)} ({types_found[kind]}/{total})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
