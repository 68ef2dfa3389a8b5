"""The actor dictionaries: countries, named organisations and groups, and agent words.

Entries come from `data/actors/*.jsonl` (see datafiles.py for the user overlay). Names are
tokenised with the pipeline's own tokenizer, so "al-Qaeda" or "U.S." match the tokens the
parse will have.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from detente.datafiles import load_entries
from detente.errors import DataFileError

COUNTRIES_FILE = "actors/countries.jsonl"
ORGANIZATIONS_FILE = "actors/organizations.jsonl"
PERSONS_FILE = "actors/persons.jsonl"
AGENTS_FILE = "actors/agents.jsonl"
MULTINATIONAL_FILE = "actors/multinational.jsonl"
# Kinds of multinational.jsonl entries: plural offices ("foreign ministers") and nouns for
# sets of countries ("member states").
MULTI_OFFICE = "office"
MULTI_COUNTRIES = "countries"

# How a name entry came to name its actor; `capital` and `country` mentions can also be
# plain places ("in Moscow"), the others cannot.
KIND_COUNTRY = "country"
KIND_ADJECTIVE = "adjective"
KIND_PEOPLE = "people"
KIND_CAPITAL = "capital"
KIND_NAMED = "named"  # an organisation, group, seat of government or person with its own code


@dataclass(frozen=True, slots=True)
class NameEntry:
    id: str
    kind: str
    code: str
    country: str
    sectors: tuple[str, ...]
    name: str
    # Counts only where spaCy's NER agrees that the words name a place, group or nationality.
    ambiguous: bool = False
    # A named person (from persons.jsonl), as opposed to an organisation.
    person: bool = False


@dataclass(frozen=True, slots=True)
class AgentEntry:
    id: str
    sector: str
    # The word names one person's role ("minister"), not a collective ("troops").
    person: bool


Tokenize = Callable[[str], list[str]]


def _strings(entry: dict[str, Any], key: str, source: str) -> list[str]:
    value = entry.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise DataFileError(f"{source}: entry {entry['id']!r}: '{key}' must be a list of strings")
    return value


class ActorDictionary:
    """Token-sequence lookups for actor names and agent words."""

    def __init__(self, tokenize: Tokenize) -> None:
        self._tokenize = tokenize
        self.names: dict[tuple[str, ...], NameEntry] = {}
        self.agents: dict[tuple[str, ...], AgentEntry] = {}
        self.countries: dict[str, NameEntry] = {}
        self.max_name_len = 1
        self.max_agent_len = 1
        # Lowercase word sequences that name several countries' actors, by kind.
        self.multinational: dict[str, set[tuple[str, ...]]] = {
            MULTI_OFFICE: set(),
            MULTI_COUNTRIES: set(),
        }

    @classmethod
    def load(cls, tokenize: Tokenize, user_data_dir: str = "") -> ActorDictionary:
        book = cls(tokenize)
        # Named actors first: their names win over a country name spelled the same.
        for relative in (PERSONS_FILE, ORGANIZATIONS_FILE):
            book.add_named(load_entries(relative, user_data_dir), relative)
        book.add_countries(load_entries(COUNTRIES_FILE, user_data_dir))
        book.add_agents(load_entries(AGENTS_FILE, user_data_dir))
        book.add_multinational(load_entries(MULTINATIONAL_FILE, user_data_dir))
        return book

    def _add_name(self, text: str, entry: NameEntry) -> None:
        key = tuple(self._tokenize(text))
        if not key or key in self.names:
            return
        self.names[key] = entry
        self.max_name_len = max(self.max_name_len, len(key))

    def add_named(self, entries: Iterable[dict[str, Any]], source: str) -> None:
        person = source == PERSONS_FILE
        for raw in entries:
            names = _strings(raw, "names", source)
            entry = NameEntry(
                id=raw["id"],
                kind=KIND_NAMED,
                code=str(raw.get("code", "")),
                country=str(raw.get("country", "")),
                sectors=tuple(_strings(raw, "sectors", source)),
                name=str(raw.get("name") or (names[0] if names else raw["id"])),
                ambiguous=bool(raw.get("ambiguous", False)),
                person=person,
            )
            for name in names:
                self._add_name(name, entry)

    def add_countries(self, entries: Iterable[dict[str, Any]]) -> None:
        for raw in entries:
            code = str(raw.get("code", ""))
            ambiguous = set(_strings(raw, "ambiguous", COUNTRIES_FILE))
            name = str(raw.get("name", code))
            for key, kind in (
                ("names", KIND_COUNTRY),
                ("adjectives", KIND_ADJECTIVE),
                ("people", KIND_PEOPLE),
                ("capitals", KIND_CAPITAL),
            ):
                for text in _strings(raw, key, COUNTRIES_FILE):
                    entry = NameEntry(
                        id=f"{raw['id']}:{kind}",
                        kind=kind,
                        code=code,
                        country=code,
                        sectors=(),
                        name=text if kind == KIND_CAPITAL else name,
                        ambiguous=text in ambiguous,
                    )
                    self._add_name(text, entry)
                    if kind == KIND_COUNTRY and code not in self.countries:
                        self.countries[code] = entry

    def add_agents(self, entries: Iterable[dict[str, Any]]) -> None:
        for raw in entries:
            sector = raw.get("sector")
            if not isinstance(sector, str) or not sector:
                raise DataFileError(f"{AGENTS_FILE}: entry {raw['id']!r} needs a 'sector'")
            entry = AgentEntry(id=raw["id"], sector=sector, person=bool(raw.get("person")))
            for word in _strings(raw, "words", AGENTS_FILE):
                key = tuple(t.lower() for t in self._tokenize(word))
                if key and key not in self.agents:
                    self.agents[key] = entry
                    self.max_agent_len = max(self.max_agent_len, len(key))

    def add_multinational(self, entries: Iterable[dict[str, Any]]) -> None:
        for raw in entries:
            kind = raw.get("kind")
            if kind not in self.multinational:
                raise DataFileError(
                    f"{MULTINATIONAL_FILE}: entry {raw['id']!r}: 'kind' must be one of "
                    f"{sorted(self.multinational)}"
                )
            for word in _strings(raw, "words", MULTINATIONAL_FILE):
                self.multinational[kind].add(tuple(t.lower() for t in self._tokenize(word)))

    def is_multinational(self, kind: str, words: Iterable[str]) -> bool:
        return tuple(w.lower() for w in words) in self.multinational[kind]

    def country_name(self, code: str) -> str:
        entry = self.countries.get(code)
        return entry.name if entry else code


def longest_matches(
    words: list[str], table: dict[tuple[str, ...], Any], max_len: int
) -> list[tuple[int, int, Any]]:
    """Non-overlapping longest matches of `table` keys in `words`, left to right."""
    found: list[tuple[int, int, Any]] = []
    i = 0
    n = len(words)
    while i < n:
        for length in range(min(max_len, n - i), 0, -1):
            value = table.get(tuple(words[i : i + length]))
            if value is not None:
                found.append((i, i + length, value))
                i += length
                break
        else:
            i += 1
    return found
