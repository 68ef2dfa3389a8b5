"""The shortcuts that make place resolution fast give the answers of the long way: name keys,
acronyms, the country-word prefilter, the flat token view and the per-Doc lookup memo.
Texts written for the tests; no model needed (Docs are built by hand)."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from detente.gazetteer import _is_acronym, name_key
from detente.places import Gazetteer, _DocView, _Names, default_gazetteer, find_places

NAME_KEYS = [
    ("Pakistan", "pakistan"),  # one plain word: the fast path
    ("The Hague", "hague"),
    ("the  Hague", "hague"),
    ("St. Louis", "saint louis"),
    ("St Petersburg", "saint petersburg"),
    ("Kabul's", "kabul"),
    ("Guinea-Bissau", "guinea bissau"),
    ("  New \t York ", "new york"),
    ("Côte d’Ivoire", "cote d'ivoire"),
    ("U.S.", "u.s"),
    ("Idlib province.", "idlib province"),
    ("Pristina\n's", "pristina"),
    ("", ""),
    ("...", ""),
]


@pytest.mark.parametrize(("text", "key"), NAME_KEYS)
def test_name_key(text: str, key: str) -> None:
    assert name_key(text) == key


ACRONYMS = [
    ("EU", True), ("U.S.", True), ("WA", True), ("OAS", True), ("NATO", False),
    ("Eu", False), ("usa", False), ("", False), ("123", False), ("ÉU", True),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), ACRONYMS)
def test_is_acronym(text: str, expected: bool) -> None:
    assert _is_acronym(text) is expected


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return default_gazetteer()


def test_country_word_prefilter_never_drops_a_known_name(gaz: Gazetteer) -> None:
    # Every country name, capital and demonym begins with a word the prefilter lets through,
    # as written, capitalised or in capitals.
    for key in (*gaz.demonyms, *gaz.country_names, *gaz.capitals):
        first = key.split(" ")[0]
        for word in (first, first.title(), first.upper()):
            assert gaz.may_begin_country_word(word), (key, word)


@pytest.mark.parametrize("word", ["President", "Minister", "Spokesman"])
def test_country_word_prefilter_skips_other_words(gaz: Gazetteer, word: str) -> None:
    assert not gaz.may_begin_country_word(word)
    # ... and no name it begins is one, whatever follows it.
    known = gaz.demonyms.keys() | gaz.country_names.keys() | gaz.capitals.keys()
    for rest in ("", "'s", " of Russia", "-Bissau", ".", " Xi"):
        assert name_key(word + rest) not in known


@pytest.mark.parametrize("word", ["The", "St", "Côte", "U.S.", "Russian", "Kabul"])
def test_country_word_prefilter_keeps_rewritten_and_known_words(gaz: Gazetteer, word: str) -> None:
    assert gaz.may_begin_country_word(word)


def test_best_and_candidates_take_a_ready_key(gaz: Gazetteer) -> None:
    for name in ("Portland", "Washington state", "Georgia", "EU", "Nowhere-xyz"):
        key = name_key(name)
        assert gaz.candidates(name, key) == gaz.candidates(name)
        assert gaz.best(name, qualifier={"ME"}, key=key) == gaz.best(name, qualifier={"ME"})


WORDS = ["In", "the", "capital", "of", "Khyber", "Pakhtunkhwa", ",", "Peshawar", "'s",
         "police", "met", "\n\n", "New", "York", "officials", "."]  # fmt: skip
SPACES = [True, True, True, True, True, False, True, False, True,
          True, False, False, True, True, False, False]  # fmt: skip
POS = ["ADP", "DET", "NOUN", "ADP", "PROPN", "PROPN", "PUNCT", "PROPN", "PART",
       "NOUN", "VERB", "SPACE", "PROPN", "PROPN", "NOUN", "PUNCT"]  # fmt: skip


@pytest.fixture(scope="module")
def doc() -> Doc:
    return Doc(spacy.blank("en").vocab, words=WORDS, spaces=SPACES, pos=POS)


def test_view_span_text_is_the_span_text(doc: Doc) -> None:
    view = _DocView.of(doc)
    for start in range(len(doc) + 1):
        for end in range(start, len(doc) + 1):
            assert view.span_text(start, end) == doc[start:end].text


def test_view_proper_noun_runs(doc: Doc) -> None:
    assert _DocView.of(doc).propn_runs == [(4, 6), (7, 8), (12, 14)]
    empty = Doc(doc.vocab, words=[])
    assert _DocView.of(empty).propn_runs == [] and find_places(empty) == []


def test_names_memo_is_per_doc_and_follows_the_context(gaz: Gazetteer) -> None:
    names = _Names(gaz)
    first = names.candidates("Georgia")
    assert names.candidates("Georgia") is first and first == gaz.candidates("Georgia")
    assert names.best("Georgia") == gaz.best("Georgia")
    us_news = {"context": {"USA": 3}, "dateline_country": "USA", "states": {"USA.GA": 2}}
    names.set_context(us_news)  # a new context: no answer from before it is reused
    assert names.best("Georgia") == gaz.best("Georgia", **us_news)
    assert names.best("Portland", qualifier={"ME"}) == gaz.best(
        "Portland", **us_news, qualifier={"ME"}
    )


def test_find_places_twice_gives_the_same(doc: Doc) -> None:
    assert find_places(doc) == find_places(doc)
