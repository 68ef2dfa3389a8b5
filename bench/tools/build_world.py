"""Build src/detente/web/static/world-110m.geojson, the dashboard map's world outline.

Source: Natural Earth 1:110m admin-0 countries (public domain) as packaged in the npm
package `world-atlas` 2.0.2 (ISC licence, Michael Bostock), fetched with `npm pack`.
The TopoJSON arcs are decoded here into plain GeoJSON polygons, coordinates rounded to
0.01 degree (finer than the 1:110m source), with each country's ISO alpha-3 code added
from pycountry so the dashboard can shade countries by CAMEO country code.

Run: .venv/bin/python bench/tools/build_world.py   (needs npm and the registry)
"""

from __future__ import annotations

import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

import pycountry

PACKAGE = "world-atlas@2.0.2"
MEMBER = "package/countries-110m.json"
LICENCE = "package/LICENSE"
STATIC = Path(__file__).resolve().parents[2] / "src/detente/web/static"
OUT = STATIC / "world-110m.geojson"
OUT_LICENCE = STATIC / "world-atlas.LICENSE.txt"
# Decimal places kept: 0.01 degree is about 1 km, far below the 1:110m source's detail.
DIGITS = 2
# Natural Earth uses a few non-ISO numeric ids; -99 marks disputed areas (Kosovo,
# Northern Cyprus, Somaliland), mapped by name to the codes CAMEO uses where one exists.
BY_NAME = {"Kosovo": "XKX", "N. Cyprus": "CYP", "Somaliland": "SOM"}


def fetch(tmp: Path) -> tuple[dict[str, Any], str]:
    subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=tmp, check=True)
    (archive,) = tmp.glob("world-atlas-*.tgz")
    with tarfile.open(archive) as tar:
        topo = json.load(tar.extractfile(MEMBER))  # type: ignore[arg-type]
        licence = tar.extractfile(LICENCE).read().decode()  # type: ignore[union-attr]
    return topo, licence


def decode_arcs(topo: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Absolute lon/lat points of every arc (TopoJSON quantised, delta-encoded arcs)."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((round(x * sx + tx, DIGITS), round(y * sy + ty, DIGITS)))
        arcs.append(points)
    return arcs


def ring(indices: list[int], arcs: list[list[tuple[float, float]]]) -> list[list[float]]:
    points: list[list[float]] = []
    for index in indices:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        for i, (lon, lat) in enumerate(arc):
            if i == 0 and points:
                continue  # each arc starts where the previous one ended
            points.append([lon, lat])
    return points


def iso3(numeric: str | None, name: str) -> str:
    if name in BY_NAME:
        return BY_NAME[name]
    country = pycountry.countries.get(numeric=numeric) if numeric else None
    return country.alpha_3 if country else ""


def build(topo: dict[str, Any]) -> dict[str, Any]:
    arcs = decode_arcs(topo)
    features = []
    for geom in topo["objects"]["countries"]["geometries"]:
        if geom["type"] == "Polygon":
            polygons = [geom["arcs"]]
        elif geom["type"] == "MultiPolygon":
            polygons = geom["arcs"]
        else:
            continue
        name = geom["properties"]["name"]
        features.append(
            {
                "type": "Feature",
                "id": iso3(geom.get("id"), name) or name,
                "properties": {"name": name, "iso3": iso3(geom.get("id"), name)},
                "geometry": {
                    "type": "MultiPolygon",
                    "coordinates": [[ring(r, arcs) for r in poly] for poly in polygons],
                },
            }
        )
    return {
        "type": "FeatureCollection",
        "source": f"Natural Earth 1:110m countries via npm {PACKAGE} (ISC)",
        "features": features,
    }


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        topo, licence = fetch(Path(tmp))
    world = build(topo)
    OUT.write_text(json.dumps(world, separators=(",", ":")) + "\n", encoding="utf-8")
    OUT_LICENCE.write_text(
        f"{OUT.name} is built from npm {PACKAGE} (Natural Earth data, public domain)\n"
        f"by bench/tools/build_world.py. world-atlas licence:\n\n{licence}",
        encoding="utf-8",
    )
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes, {len(world['features'])} countries)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
