"""Toponyms in a parsed Doc, told apart by role and resolved to gazetteer entries.

The gazetteer (GeoNames, offline) is `detente.gazetteer`; `Gazetteer`, `GazEntry` and
`default_gazetteer` are re-exported here.

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
Pakhtunkhwa", "Idlib province", "Washington state") are candidates next to cities; a name
in qualifier position ("Tacoma, Washington") means a region or country. One sense per
article: a name resolved with a qualifier or region word keeps that sense in its bare
mentions ("Parkland, Florida ... Parkland"). Short all-capital names ("EU", "WA") match only
entries listed in capitals, not towns that share the letters.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np
from spacy.attrs import DEP, IDX, LENGTH, POS
from spacy.symbols import PROPN
from spacy.tokens import Doc, Span, Token

from detente.gazetteer import (
    KIND_RANK,
    REGION_WORDS,
    GazEntry,
    Gazetteer,
    default_gazetteer,
    name_key,
)
from detente.nlp.doc_text import doc_text
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

# Roles whose place can locate an event; metonyms and demonyms name actors.
LOCATING_ROLES = ("literal", "associative")
# Prepositions whose object is a place where something is (extends the actor
# recognizer's locative list with motion and origin).
PLACE_PREPS = frozenset(
    {"in", "at", "near", "across", "throughout", "inside", "outside", "around", "within",
     "from", "to", "into", "towards", "toward", "through", "via", "on"}
)  # fmt: skip
# NER labels that name places (spaCy's English scheme).
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# NER labels whose words are no place even when a gazetteer knows them ("Jordan" a person).
NOT_PLACE_LABELS = frozenset({"PERSON", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW"})
# Month and weekday names: "in March" is a date even where a town March exists (English
# calendar words; NER's DATE label alone also covers towns it mistakes for dates).
CALENDAR_WORDS = frozenset(
    {"january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december", "monday", "tuesday", "wednesday", "thursday",
     "friday", "saturday", "sunday"}
)  # fmt: skip
# Words that are a place only with a region word or a qualifier ("the West" is no region
# of Cameroon).
COMPASS_WORDS = frozenset({"north", "south", "east", "west", "central", "centre", "center"})
# Words before a region's name that leave the region ("South Florida", "northern Syria").
COMPASS_PREFIXES = COMPASS_WORDS | {"northern", "southern", "eastern", "western"}
# Kinds a name in qualifier position may mean ("Tacoma, Washington").
QUALIFIER_KINDS = frozenset({"admin1", "country"})
# Kinds worth widening an actor's country word to ("South America", "Indian Ocean").
WIDEN_KINDS = frozenset({"region", "continent", "country", "admin1", "admin2", "city"})
# How many capitalised tokens a country word may be widened by on each side.
WIDEN_TOKENS = 2


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
    kind: str = ""  # country | admin1 | admin2 | city | poi | region | continent
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
        return {f: getattr(self, f) for f in PLACE_FIELDS}


# The fields of a Place that its plain dict keeps (no token offsets).
PLACE_FIELDS = (
    "text", "start", "end", "role", "name", "country", "admin1", "lat", "lon", "id", "kind",
    "rule",
)  # fmt: skip


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


def _entity_at(doc: Doc, i: int) -> tuple[int, int] | None:
    """The token bounds of the place entity token `i` is part of, read off the IOB tags
    (`doc.ents` builds every entity's span anew on each access)."""
    if doc[i].ent_type_ not in PLACE_LABELS:
        return None
    start, end = i, i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return start, end


def _actor_toponyms(doc: Doc, names: _Names, mentions: list[Any], view: _DocView) -> list[_Mention]:
    """Country names, capitals and adjectives inside actor mentions."""
    found: list[_Mention] = []
    gaz = names.gaz
    text, idx, length = view.text, view.idx, view.length
    for m in mentions:
        i = m.start
        while i < m.end:
            hit = None
            if not (length[i] and text[idx[i]].isupper()):
                i += 1  # country names, capitals and demonyms are capitalised
                continue
            if not gaz.may_begin_country_word(text[idx[i] : idx[i] + length[i]]):
                i += 1  # "President", "Minister": no such name begins with the word
                continue
            for j in range(min(m.end, i + 4), i, -1):
                key = names.key(text[idx[i] : idx[j - 1] + length[j - 1]])  # doc[i:j].text
                if key in gaz.demonyms:
                    hit = _Mention(i, j, "demonym", "actor:demonym", gaz.demonym(key))
                elif key in gaz.country_names or key in gaz.capitals:
                    hit = _Mention(i, j, "metonym", "actor:metonym")
                if hit:
                    break
            if hit is not None and hit.role == "metonym":
                # A one-token span's root is its token (no Span to build for it).
                one = hit.end - hit.start == 1
                root = doc[hit.start] if one else doc[hit.start : hit.end].root
                if root.dep_ in ("compound", "nmod") and not m.start <= root.head.i < m.end:
                    # "the Kabul talks": the place qualifies a thing, not an actor.
                    hit.role = "associative"
            if hit is not None:
                ent = _entity_at(doc, hit.start)
                if (
                    ent is not None
                    and (ent[0] < hit.start or ent[1] > hit.end)
                    and names.candidates(view.span_text(*ent))
                ):
                    # "New Jersey" is no metonym of Jersey: the whole entity is the place.
                    start, end = _strip_span(doc, *ent)
                    role = hit.role if hit.role != "demonym" else _syntactic_role(doc, start, end)
                    hit = _Mention(start, end, role, "ner+actor")
                elif (wide := _widen(doc, hit.start, hit.end, names, view)) is not None:
                    # "South America", "the Indian Ocean" where NER saw no entity.
                    role = _syntactic_role(doc, *wide)
                    hit = _Mention(wide[0], wide[1], role, "widened+actor")
                found.append(hit)
                i = max(hit.end, i + 1)
            else:
                i += 1
    return found


def _widen(doc: Doc, start: int, end: int, names: _Names, view: _DocView) -> tuple[int, int] | None:
    """The longest span of capitalised tokens around a country word that names a place of
    its own ("South America" around "America", "Indian Ocean" around "Indian")."""
    best: tuple[int, int] | None = None
    # How many name words there are on each side, up to WIDEN_TOKENS: read once, not again
    # for every combination of sides.
    lefts = 0
    while lefts < WIDEN_TOKENS and start - lefts > 0 and _name_word(doc[start - lefts - 1]):
        lefts += 1
    rights = 0
    while rights < WIDEN_TOKENS and end + rights < len(doc) and _name_word(doc[end + rights]):
        rights += 1
    for left in range(lefts + 1):
        lo = start - left
        for right in range(rights + 1):
            hi = end + right
            longer = best is None or hi - lo > best[1] - best[0]
            if (left or right) and longer and _widens_to(view.span_text(lo, hi), names):
                best = (lo, hi)
    return best


def _name_word(tok: Token) -> bool:
    """A capitalised word that may be part of a name (not "The" opening a sentence)."""
    return tok.is_title and not tok.is_stop


def _widens_to(text: str, names: _Names) -> bool:
    return any(e.kind in WIDEN_KINDS for e in names.candidates(text))


def _qualifier(doc: Doc, end: int, names: _Names, view: _DocView) -> tuple[set[str], int]:
    """ "Kabul, Afghanistan", "Portland, Maine": the region after a comma, and its end."""
    if end + 1 >= len(doc) or view.span_text(end, end + 1) != ",":
        return set(), end
    for j in range(min(len(doc), end + 5), end + 1, -1):
        text = view.span_text(end + 1, j)
        if not text[:1].isupper():
            continue
        if j < len(doc) and doc[j].lower_ in ("and", "or"):
            continue  # a list: "Washington, New York and Boston"
        codes = _region_codes(names, text)
        if codes:
            return codes, j
    return set(), end


def _region_codes(names: _Names, text: str) -> set[str]:
    """Country codes and admin1 codes a qualifier may name."""
    return {
        e.country if e.kind == "country" else e.admin1_code
        for e in names.candidates(text)
        if e.kind in ("country", "admin1")
    }


@dataclass(slots=True)
class _DocView:
    """Token attributes of one Doc as flat arrays, read once. Iterating a Doc builds a
    Token object per token; three such passes over every token were the largest cost of
    place resolution (docs/benchmarks.md, "Place resolution speed-up")."""

    text: str
    idx: list[int]  # character offset of each token
    length: list[int]  # characters in each token
    pos: np.ndarray  # coarse part-of-speech symbol ids
    dep: np.ndarray  # dependency label hashes
    propn_runs: list[tuple[int, int]]  # maximal runs of proper nouns
    # The hashes of the "pobj" and "compound" labels, as uint64 like the arrays (a Python
    # int above 2**63 would not compare exactly with them on every numpy version).
    pobj: np.uint64
    compound: np.uint64

    @classmethod
    def of(cls, doc: Doc) -> _DocView:
        # Only what is read densely; a few tokens are read as Tokens where needed.
        arr = doc.to_array([IDX, LENGTH, POS, DEP])
        text = doc_text(doc)
        strings = doc.vocab.strings
        pos = arr[:, 2]
        # Where the PROPN mask flips (padded with False at both ends): even flips open a
        # run, odd ones close it.
        propn = np.zeros(len(doc) + 2, dtype=bool)
        propn[1:-1] = pos == PROPN
        flips = np.flatnonzero(propn[1:] != propn[:-1])
        return cls(
            text=text,
            idx=arr[:, 0].tolist(),
            length=arr[:, 1].tolist(),
            pos=pos,
            dep=arr[:, 3],
            propn_runs=list(zip(flips[::2].tolist(), flips[1::2].tolist(), strict=True)),
            pobj=np.uint64(strings["pobj"]),
            compound=np.uint64(strings["compound"]),
        )

    def span_text(self, start: int, end: int) -> str:
        """`doc[start:end].text`, sliced from the Doc's text."""
        if end <= start:
            return ""
        return self.text[self.idx[start] : self.idx[end - 1] + self.length[end - 1]]


class _Names:
    """Gazetteer lookups for one Doc, their results kept: an article names the same places
    again and again, and making a name's key costs more than looking it up. (Per Doc, not
    per process, so a first pass over an article pays for all its names.)"""

    __slots__ = ("gaz", "context", "_keys", "_candidates", "_best")

    def __init__(self, gaz: Gazetteer) -> None:
        self.gaz = gaz
        # The article's countries, states and dateline country, as `Gazetteer.best` takes
        # them; empty until `set_context`.
        self.context: dict[str, Any] = {}
        self._keys: dict[str, str] = {}
        self._candidates: dict[str, list[GazEntry]] = {}
        self._best: dict[tuple[Any, ...], GazEntry | None] = {}

    def key(self, text: str) -> str:
        key = self._keys.get(text)
        if key is None:
            key = self._keys[text] = name_key(text)
        return key

    def candidates(self, text: str) -> list[GazEntry]:
        """`Gazetteer.candidates`; the list is shared, not to be changed."""
        found = self._candidates.get(text)
        if found is None:
            found = self._candidates[text] = self.gaz.candidates(text, self.key(text))
        return found

    def set_context(self, context: dict[str, Any]) -> None:
        """The article's context, complete: not to be changed after this."""
        self.context = context
        self._best = {}

    def best(
        self, text: str, qualifier: set[str] | None = None, kinds: frozenset[str] | None = None
    ) -> GazEntry | None:
        """`Gazetteer.best` in the article's context (`set_context`)."""
        memo = (text, frozenset(qualifier) if qualifier else None, kinds)
        if memo not in self._best:
            self._best[memo] = self.gaz.best(
                text, **self.context, qualifier=qualifier, kinds=kinds, key=self.key(text)
            )
        return self._best[memo]


def _collect(doc: Doc, names: _Names, view: _DocView) -> list[_Mention]:
    """Toponym mentions, the first finder to claim a token keeping it: actor toponyms,
    the actor component's places, NER entities, prepositional objects, region names."""
    mentions: list[_Mention] = []
    taken = bytearray(len(doc))  # 1 where a mention already holds the token

    def free(start: int, end: int) -> bool:
        # Checked before any costlier test: a span overlapping a mention is never added.
        return end > start and not any(taken[start:end])

    def add(m: _Mention) -> None:
        if free(m.start, m.end):
            mentions.append(m)
            taken[m.start : m.end] = b"\x01" * (m.end - m.start)

    actors = doc._.actor_mentions if Doc.has_extension("actor_mentions") else None
    for m in _actor_toponyms(doc, names, actors or [], view):
        add(m)
    place_mentions = doc._.place_mentions if Doc.has_extension("place_mentions") else None
    for pm in place_mentions or []:
        start, end = _strip_span(doc, pm.start, pm.end)
        if free(start, end):
            rule = "actor:place" if not str(pm.entry).startswith("ner:") else pm.entry
            add(_Mention(start, end, _syntactic_role(doc, start, end), rule))
    for ent in doc.ents:
        label = ent.label_
        if label != "NORP" and label not in PLACE_LABELS:
            continue
        start, end = _strip_span(doc, ent.start, ent.end)
        if not free(start, end):
            continue
        if label == "NORP":
            entry = names.gaz.demonym(view.span_text(start, end))
            if entry is not None:
                add(_Mention(start, end, "demonym", "ner:NORP", entry))
        else:
            add(_Mention(start, end, _syntactic_role(doc, start, end), f"ner:{label}"))
    for i in np.flatnonzero((view.pos == PROPN) & (view.dep == view.pobj)).tolist():
        # "in Idlib" where NER saw no place: a proper noun the gazetteer knows.
        tok = doc[i]
        if tok.head.lower_ not in PLACE_PREPS:
            continue
        start = i
        while start > 0 and view.pos[start - 1] == PROPN and view.dep[start - 1] == view.compound:
            start -= 1
        if not free(start, i + 1):
            continue
        if doc[start].ent_type_ in NOT_PLACE_LABELS or tok.lower_ in CALENDAR_WORDS:
            continue  # a person or a work, by NER; a month
        if names.candidates(view.span_text(start, i + 1)):
            add(_Mention(start, i + 1, "literal", "syntax:pobj"))
    for start, end in view.propn_runs:
        # "the capital of Khyber Pakhtunkhwa" tagged ORG: a region's or country's full name.
        if not free(start, end) or doc[start].ent_type_ in NOT_PLACE_LABELS:
            continue
        found = names.candidates(view.span_text(start, end))
        if any(e.kind in ("admin1", "country") for e in found):
            add(_Mention(start, end, _syntactic_role(doc, start, end), "syntax:region"))
    mentions.sort(key=lambda m: m.start)
    return mentions


def _context(
    doc: Doc, names: _Names, mentions: list[_Mention], view: _DocView
) -> tuple[Counter, Counter]:
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
        best = names.best(view.span_text(m.start, m.end))
        if best is None or not best.country:
            continue
        countries[best.country] += 1
        if best.admin1_code:
            # A region named, or one of its towns: "Georgia" near "Atlanta" is the state.
            states[f"{best.country}.{best.admin1_code}"] += 1 if best.kind == "admin1" else 0.5
    return countries, states


@dataclass(slots=True)
class _Plan:
    """How one mention is to be resolved: the name to look up and its context."""

    mention: _Mention
    name: str
    qualifier: set[str]
    qualifier_text: str = ""  # "Hampshire" in "Thruxton, Hampshire"
    region_word: bool = False  # "Washington state"
    in_qualifier: bool = False  # "Washington" in "Tacoma, Washington"
    alias_of: GazEntry | None = None  # "Wash.": another name of exactly one region

    @property
    def qualified(self) -> bool:
        return bool(self.qualifier) or self.region_word or self.alias_of is not None


def _plan(doc: Doc, m: _Mention, names: _Names, view: _DocView) -> _Plan:
    name = view.span_text(m.start, m.end)
    qualifier, q_end = _qualifier(doc, m.end, names, view)
    plan = _Plan(m, name, qualifier, view.span_text(m.end + 1, q_end) if qualifier else "")
    if "," in name and not names.candidates(name):
        # One entity "Kabul, Afghanistan": the place, qualified by what follows.
        plan.name, _, rest = name.partition(",")
        plan.qualifier = qualifier | _region_codes(names, rest.strip())
        plan.qualifier_text = rest.strip()
    words_key = names.key(plan.name)
    words = words_key.split()
    if (
        m.fixed is None
        and m.end < len(doc)
        and doc[m.end].lower_ in REGION_WORDS
        and words
        and words[-1] not in REGION_WORDS
    ):
        plan.name = f"{plan.name} {doc[m.end].lower_}"  # "Washington state"
        plan.region_word = True
    found = names.candidates(plan.name) if m.fixed is None else []
    if (
        len(found) == 1
        and found[0].kind in QUALIFIER_KINDS
        and name_key(found[0].name) != words_key
    ):
        plan.alias_of = found[0]
    return plan


def _fallback(plan: _Plan, names: _Names) -> tuple[GazEntry | None, str]:
    """An entry for a name the gazetteer does not know: its leading words ("St. Louis
    Police"), its words after a compass word ("South Florida"), else its qualifier."""
    words = plan.name.split()
    for k in range(len(words) - 1, 0, -1):
        sub = " ".join(words[:k])
        if name_key(sub) in COMPASS_PREFIXES or words[k] in ("of", "de"):
            continue  # "Eastern Ghouta"; "University of ...", "Summit of ..." name a thing
        entry = names.best(sub, qualifier=plan.qualifier)
        if entry is not None and names.gaz.is_primary(sub, entry):
            return entry, "+prefix"
    if len(words) > 1 and name_key(words[0]) in COMPASS_PREFIXES:
        entry = names.best(" ".join(words[1:]), qualifier=plan.qualifier)
        if entry is not None:
            return entry, "+suffix"
    if plan.qualifier_text:
        entry = names.best(plan.qualifier_text, qualifier=plan.qualifier, kinds=QUALIFIER_KINDS)
        if entry is not None and entry.kind in QUALIFIER_KINDS:
            return entry, "+qualifier-only"
    return None, ""


def _resolve(
    view: _DocView,
    p: _Plan,
    names: _Names,
    senses: dict[str, GazEntry],
) -> tuple[GazEntry | None, str]:
    m = p.mention
    rule = m.rule + ("+qualifier" if p.qualifier else "")
    if m.fixed is not None:
        return m.fixed, rule
    key = names.key(view.span_text(m.start, m.end))
    if key in COMPASS_WORDS and not p.qualified:
        return None, rule  # "the West"
    if key in senses and not (p.qualified or p.in_qualifier):
        return senses[key], rule + "+discourse"
    kinds = QUALIFIER_KINDS if p.in_qualifier else None
    entry = names.best(p.name, qualifier=p.qualifier, kinds=kinds)
    if entry is None:
        entry, how = _fallback(p, names)
        return entry, rule + how
    if p.alias_of is not None:
        senses.setdefault(name_key(entry.name), entry)  # "Wash." -> the state in "Washington"
    if p.qualified:
        words = key.split()
        senses.setdefault(key, entry)
        if len(words) > 1 and words[-1] in REGION_WORDS:
            senses.setdefault(" ".join(words[:-1]), entry)  # "Washington state" -> "Washington"
    return entry, rule


def find_places(
    doc: Doc, article: Article | None = None, gazetteer: Gazetteer | None = None
) -> list[Place]:
    """Every toponym in `doc` with its role, resolved against the gazetteer in context."""
    gaz = gazetteer or default_gazetteer()
    view = _DocView.of(doc)
    names = _Names(gaz)
    mentions = _collect(doc, names, view)
    countries, states = _context(doc, names, mentions, view)
    dateline_country = ""
    if article is not None and article.dateline:
        found = names.best(article.dateline)
        dateline_country = found.country if found else ""
        if dateline_country:
            countries[dateline_country] += 1
    names.set_context(
        {"context": countries, "dateline_country": dateline_country, "states": states}
    )
    plans = [_plan(doc, m, names, view) for m in mentions]
    starts = {p.mention.start: p for p in plans}
    for p in plans:
        if p.qualifier and p.mention.end + 1 in starts:
            starts[p.mention.end + 1].in_qualifier = True
    # A name resolved with a qualifier or a region word keeps that sense in the article:
    # those are resolved first, the bare mentions after them.
    senses: dict[str, GazEntry] = {}
    resolved: dict[int, tuple[GazEntry | None, str]] = {}
    for i in sorted(range(len(plans)), key=lambda i: not plans[i].qualified):
        resolved[i] = _resolve(view, plans[i], names, senses)
    places: list[Place] = []
    for i, p in enumerate(plans):
        start, end = p.mention.start, p.mention.end
        entry, rule = resolved[i]
        places.append(
            Place(
                text=view.span_text(start, end),
                start=view.idx[start],
                end=view.idx[end - 1] + view.length[end - 1],
                token_start=p.mention.start,
                token_end=p.mention.end,
                role=p.mention.role,
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
    text = doc_text(doc)
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
    if in_sentence:  # the trigger's subtree only matters, and is only walked, then
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
