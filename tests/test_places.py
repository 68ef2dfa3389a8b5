"""Places: roles (literal, metonym, demonym, associative), resolution in context, and the
sentence -> paragraph -> dateline choice of an event's location. Texts written for the tests."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from detente.places import Gazetteer, default_gazetteer, event_location, find_places
from detente.types import Article, Location

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return default_gazetteer()


def _places(nlp, text: str, dateline: str = ""):
    doc = nlp(text)
    return doc, find_places(doc, Article(id="t", text=text, dateline=dateline))


def _role(places, text: str) -> str:
    found = [p for p in places if p.text == text]
    assert found, f"{text!r} not found among {[p.text for p in places]}"
    return found[0].role


ROLES = [
    ("The minister met his counterpart in Moscow on Tuesday.", "Moscow", "literal"),
    ("Moscow said the sanctions were illegal.", "Moscow", "metonym"),
    ("Afghan officials rejected the report.", "Afghan", "demonym"),
    ("The Russian foreign minister arrived late.", "Russian", "demonym"),
    ("Heavy fighting was reported in Idlib province.", "Idlib", "literal"),
    ("The Kabul talks ended without a deal.", "Kabul", "associative"),
]


@pytest.mark.parametrize(("text", "name", "role"), ROLES)
def test_roles(nlp, text: str, name: str, role: str) -> None:
    _, places = _places(nlp, text)
    assert _role(places, name) == role


RESOLVED = [
    # (text, toponym, expected country, expected kind)
    ("A car bomb exploded in Kabul, Afghanistan, on Monday.", "Kabul", "AFG", "city"),
    ("Protesters gathered in Peshawar, the capital of Khyber Pakhtunkhwa.",
     "Khyber Pakhtunkhwa", "PAK", "admin1"),
    ("Voters in Georgia lined up early in Atlanta and Savannah.", "Georgia", "USA", "admin1"),
    ("The delegation flew to Tbilisi, and talks in Georgia went on all week.",
     "Georgia", "GEO", "country"),
    ("Troops were deployed across Africa.", "Africa", "", "continent"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "name", "country", "kind"), RESOLVED)
def test_resolution_in_context(nlp, text: str, name: str, country: str, kind: str) -> None:
    _, places = _places(nlp, text)
    place = next(p for p in places if p.text == name)
    assert (place.country, place.kind) == (country, kind)
    assert place.lat is not None and place.id


def test_qualifier_picks_the_namesake(gaz: Gazetteer) -> None:
    # Without context the largest Portland wins; a state qualifier overrides population.
    oregon = gaz.best("Portland", qualifier={"OR"})
    maine = gaz.best("Portland", qualifier={"ME"})
    assert oregon is not None and maine is not None
    assert (oregon.admin1, maine.admin1) == ("Oregon", "Maine")


def test_capital_beats_the_state_of_the_same_name(gaz: Gazetteer) -> None:
    best = gaz.best("Washington")
    assert best is not None and best.kind == "city" and best.lat is not None
    assert 38.0 < best.lat < 39.5  # the capital, not Washington state


def test_region_word_names_the_region(gaz: Gazetteer) -> None:
    best = gaz.best("Idlib province")
    assert best is not None and (best.kind, best.country) == ("admin1", "SYR")


def test_compat_resolve_keeps_the_coders_interface(gaz: Gazetteer) -> None:
    loc = gaz.resolve("Moscow")
    assert isinstance(loc, Location) and loc.country == "RUS"
    assert gaz.resolve("Nowhere-in-particular-xyz") is None


LOCATION_TEXT = (
    "Rebels attacked a convoy near Kandahar on Monday.\n"
    "The government condemned the attack. Officials promised an inquiry.\n"
    "In Herat, police arrested two men. They were questioned for hours."
)


def _plain(name: str) -> str:
    """GeoNames names keep their diacritics ("Herāt"); the tests compare without them."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


def _sentence_with(doc, word: str):
    return next(s for s in doc.sents if word in s.text)


@pytest.mark.parametrize(
    ("sentence_word", "trigger", "expected"),
    [
        ("convoy", "attacked", "Kandahar"),  # its own sentence
        ("questioned", "questioned", "Herat"),  # the paragraph, before the sentence
        ("condemned", "condemned", "Dateline"),  # no place in its paragraph: the dateline
    ],
)
def test_event_location_sentence_paragraph_dateline(
    nlp, sentence_word: str, trigger: str, expected: str
) -> None:
    doc, places = _places(nlp, LOCATION_TEXT)
    sent = _sentence_with(doc, sentence_word)
    tok = next(t for t in sent if t.text == trigger)
    dateline = Location(name="Dateline", country="AFG", lat=34.5, lon=69.2, entry="dateline")
    loc = event_location(places, tok, sent, dateline)
    assert loc is not None and _plain(loc.name) == expected


def test_the_most_specific_place_in_the_trigger_subtree_wins(nlp) -> None:
    text = "Militants staged attacks in Afghanistan, including one on a hotel in Kabul."
    doc, places = _places(nlp, text)
    sent = next(iter(doc.sents))
    tok = next(t for t in sent if t.text == "staged")
    loc = event_location(places, tok, sent, None)
    assert loc is not None and loc.name == "Kabul"


def test_metonyms_and_demonyms_do_not_locate_events(nlp) -> None:
    text = "Moscow accused Afghan officials of lying."
    doc, places = _places(nlp, text)
    sent = next(iter(doc.sents))
    tok = next(t for t in sent if t.text == "accused")
    assert event_location(places, tok, sent, None) is None


def test_coder_locates_events_through_find_places(pipeline) -> None:
    text = "Russian troops shelled the town of Avdiivka in Ukraine on Monday."
    article = Article(id="loc", text=text, published=date(2023, 3, 1))
    events = pipeline.code_text(text, article).events
    assert events, "the shelling should be coded"
    assert all(e.location is not None and e.location.country == "UKR" for e in events)


def test_place_to_dict_is_plain(nlp) -> None:
    _, places = _places(nlp, "Floods hit villages in Sindh.")
    out = places[0].to_dict()
    assert set(out) >= {"text", "start", "end", "role", "name", "country", "lat", "lon", "id"}


# -- GeoNames points, regions and context (issue 5, places) ---------------------------------


def test_country_points_say_where_they_come_from(gaz: Gazetteer) -> None:
    from detente.datafiles import load_entries

    rows = load_entries("places/countries.jsonl")
    assert {r["point"] for r in rows} <= {"geonames", "countryinfo", "towns"}
    usa = gaz.countries["USA"]
    # GeoNames' own point for the United States, not the Factbook's (38, -97).
    assert (round(usa.lat, 2), round(usa.lon, 2)) == (39.76, -98.5)


REGIONS = [
    # (text, toponym, expected entry name, expected kind)
    ("Tankers crossed the Indian Ocean toward the Persian Gulf.", "Indian Ocean",
     "Indian Ocean", "region"),
    ("Tankers crossed the Indian Ocean toward the Persian Gulf.", "Persian Gulf",
     "Persian Gulf", "region"),
    ("Tensions on the Korean Peninsula rose after the test.", "Korean Peninsula",
     "Korean Peninsula", "region"),
    ("Officials in Florida said the storm moved out over the Atlantic.", "Atlantic",
     "Atlantic Ocean", "region"),
    ("Ministers from the Middle East met in Cairo.", "Middle East", "Middle East", "region"),
    ("Exports to South America grew last year.", "South America", "South America",
     "continent"),
    ("Latin American leaders met in Lima.", "Latin American", "Latin America", "region"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "name", "entry", "kind"), REGIONS)
def test_macro_regions_and_water_bodies(nlp, text: str, name: str, entry: str, kind: str) -> None:
    _, places = _places(nlp, text)
    place = next(p for p in places if p.text == name)
    assert (place.name, place.kind) == (entry, kind)
    assert place.lat is not None and place.id.startswith(("region:", "geonames:"))


def test_regions_file_entries_are_complete() -> None:
    from detente.datafiles import load_entries

    rows = load_entries("places/regions.jsonl")
    assert len({r["id"] for r in rows}) == len(rows)
    for r in rows:
        assert r["name"] and -90 <= r["lat"] <= 90 and -180 <= r["lon"] <= 180


def test_short_capitals_match_only_listed_acronyms(gaz: Gazetteer) -> None:
    assert [e.kind for e in gaz.candidates("EU")] == ["region"]  # not the town of Eu
    assert gaz.candidates("WA") == []  # no town "Wa" for a two-letter abbreviation
    us = gaz.best("U.S.")
    assert us is not None and us.country == "USA"


def test_a_countrys_other_name_that_is_a_region_means_the_region(gaz: Gazetteer) -> None:
    wales = gaz.best("Wales")
    assert wales is not None and (wales.kind, wales.country) == ("admin1", "GBR")


def test_a_capitals_old_name_earns_no_capital_bonus(gaz: Gazetteer) -> None:
    salisbury = gaz.best("Salisbury")  # once Harare's name; today a town in England
    assert salisbury is not None and salisbury.country != "ZWE"


CONTEXT = [
    # (text, toponym (occurrence), expected country, kind, admin1 or "")
    ("He moved from Tacoma, Washington, last year.", ("Washington", 0), "USA", "admin1", ""),
    ("Fires spread across Washington state on Sunday.", ("Washington", 0), "USA", "admin1", ""),
    ("He toured Washington, New York and Boston in May.", ("Washington", 0), "USA", "city",
     "District of Columbia"),
    ("Snow fell in Portland, Maine, on Monday. Schools in Portland closed early.",
     ("Portland", 1), "USA", "city", "Maine"),
    ("SEATTLE, Wash. - Crews worked through the night. Power returned across Washington "
     "by noon.", ("Washington", 0), "USA", "admin1", ""),
    ("Flooding hit South Florida overnight.", ("South Florida", 0), "USA", "admin1", ""),
    ("Talks resumed in Vancouver, B.C., on Tuesday.", ("B.C.", 0), "CAN", "admin1", ""),
]  # fmt: skip


@pytest.mark.parametrize(("text", "which", "country", "kind", "admin1"), CONTEXT)
def test_article_context_picks_the_sense(
    nlp, text: str, which: tuple[str, int], country: str, kind: str, admin1: str
) -> None:
    _, places = _places(nlp, text)
    place = [p for p in places if p.text == which[0]][which[1]]
    assert (place.country, place.kind) == (country, kind)
    if admin1:
        assert place.admin1 == admin1


def test_one_sense_per_article_is_marked_in_the_rule(nlp) -> None:
    _, places = _places(nlp, "Snow fell in Portland, Maine, on Monday. Schools in Portland closed.")
    assert [p.rule.endswith("+discourse") for p in places if p.text == "Portland"] == [False, True]


def test_unknown_place_falls_back_to_its_qualifier_or_leading_words(nlp) -> None:
    _, places = _places(nlp, "He grew up in Little Brackenford, Saskatchewan, before the war.")
    hamlet = places[0]
    assert (hamlet.name, hamlet.kind) == ("Saskatchewan", "admin1")
    assert hamlet.rule.endswith("+qualifier-only")
    _, places = _places(nlp, "Deputies from the Marion County Sheriff's Office arrived.")
    assert places and (places[0].name, places[0].kind) == ("Marion County", "admin2")


def test_months_and_compass_words_are_not_resolved(nlp) -> None:
    _, places = _places(nlp, "The vote was held in March.")
    assert places == []
    _, places = _places(nlp, "Russia has long accused the West of meddling.")
    assert all(p.lat is None for p in places if p.text == "West")
