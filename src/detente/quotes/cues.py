"""The cue lexicon: reporting verbs ("say", "tell", "point out"), sourcing phrases
("according to"), verbs of belief and finding ("believe", "a poll shows") and nouns of
speech ("his claim that ..."), read from the files in `data/quotes/` with the user overlay."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Token

from detente.datafiles import load_entries
from detente.errors import DataFileError

LOGGER = logging.getLogger(__name__)

CUES_FILE = "quotes/cue_verbs.jsonl"
BELIEFS_FILE = "quotes/cue_beliefs.jsonl"
NOUNS_FILE = "quotes/cue_nouns.jsonl"
CUE_FILES = (CUES_FILE, BELIEFS_FILE, NOUNS_FILE)
KIND_SPEECH = "speech"
KIND_SOURCE = "source"
# A verb of belief, wish or finding ("X believes ...", "the poll shows ..."): read like a
# reporting verb, but its quotes are of kind "belief".
KIND_BELIEF = "belief"
# A noun of speech or belief ("her claim that ...", "a statement by X").
KIND_NOUN = "noun"
KINDS = frozenset({KIND_SPEECH, KIND_SOURCE, KIND_BELIEF, KIND_NOUN})
# Values of an entry's "object" key (see Cue.takes_object).
OBJECT_ANY = "any"
OBJECT_COMPLEMENT = "complement"
OBJECT_READINGS = frozenset({"", OBJECT_ANY, OBJECT_COMPLEMENT})
# Parts of speech a noun cue can be tagged with.
NOUN_POS = frozenset({"NOUN"})
# Parts of speech a reporting verb can be tagged with by the small English model (it tags
# some "said" as AUX-free VERB, and participles in "is expected" as VERB too).
VERB_POS = frozenset({"VERB"})
# Particle and preposition dependencies that complete a phrasal cue ("point out", "call for").
PARTICLE_DEPS = frozenset({"prt", "prep"})


@dataclass(frozen=True, slots=True)
class Cue:
    id: str
    lemma: str
    kind: str
    # Surface forms that also match (for verbs the small model lemmatises wrongly).
    forms: tuple[str, ...] = ()
    # Entry key "object": "any" when its object noun phrase is what was said, lacking a clause
    # ("cited the report", "called for a ban"); "complement" when only an object with its
    # complement is ("called the plan a disgrace"); "" for neither.
    takes_object: str = ""
    # It may report through an infinitive ("vowed to ...", "wants to ..."); entry key
    # "infinitive", true unless set false.
    takes_infinitive: bool = True


@dataclass(slots=True)
class CueLexicon:
    """Cues indexed by their first word."""

    speech: dict[str, list[Cue]] = field(default_factory=dict)
    # Nouns of speech by lemma and form: "claim" -> Cue.
    nouns: dict[str, Cue] = field(default_factory=dict)
    # Sourcing phrases as lowercase word tuples: ("according", "to") -> Cue.
    source: dict[tuple[str, ...], Cue] = field(default_factory=dict)

    @classmethod
    def load(cls, user_data_dir: str = "") -> CueLexicon:
        lex = cls()
        for relative, raw in (
            (name, entry) for name in CUE_FILES for entry in load_entries(name, user_data_dir)
        ):
            lemma = raw.get("lemma")
            kind = raw.get("kind")
            if (
                not isinstance(lemma, str)
                or not lemma.strip()
                or kind not in KINDS
                or raw.get("object", "") not in OBJECT_READINGS
            ):
                raise DataFileError(
                    f"{relative}: entry {raw['id']!r} needs a 'lemma' and a 'kind' of "
                    f"{sorted(KINDS)} (and an 'object' of {sorted(OBJECT_READINGS)}, if any)"
                )
            forms = tuple(str(f).lower() for f in raw.get("forms", ()))
            cue = Cue(
                raw["id"],
                lemma.lower().strip(),
                kind,
                forms,
                takes_object=str(raw.get("object", "")),
                takes_infinitive=bool(raw.get("infinitive", True)),
            )
            words = tuple(cue.lemma.split())
            if kind == KIND_SOURCE:
                lex.source[words] = cue
            elif kind == KIND_NOUN:
                for form in (cue.lemma, *forms):
                    lex.nouns[form] = cue
            else:
                lex.speech.setdefault(words[0], []).append(cue)
                for form in forms:
                    lex.speech.setdefault(form, []).append(cue)
        LOGGER.debug("loaded %d speech and %d source cues", len(lex.speech), len(lex.source))
        return lex

    def speech_cue(self, tok: Token) -> Cue | None:
        """The reporting-verb cue `tok` is, if any (a phrasal cue needs its particle)."""
        if tok.pos_ not in VERB_POS:
            return None
        candidates = self.speech.get(tok.lemma_.lower()) or self.speech.get(tok.lower_)
        if not candidates:
            return None
        best: Cue | None = None
        for cue in candidates:
            words = cue.lemma.split()
            if len(words) == 1:
                best = best or cue
            elif any(c.dep_ in PARTICLE_DEPS and c.lower_ == words[1] for c in tok.children):
                return cue  # the phrasal reading wins over the bare verb
        return best

    def noun_cue(self, tok: Token) -> Cue | None:
        """The noun-of-speech cue `tok` is, if any."""
        if tok.pos_ not in NOUN_POS:
            return None
        return self.nouns.get(tok.lemma_.lower()) or self.nouns.get(tok.lower_)

    def source_cue(self, doc_words: list[str], i: int) -> tuple[Cue, int] | None:
        """A sourcing phrase starting at word i, and the index just past it."""
        for words, cue in self.source.items():
            end = i + len(words)
            if tuple(doc_words[i:end]) == words:
                return cue, end
        return None


@lru_cache(maxsize=4)
def default_cues(user_data_dir: str = "") -> CueLexicon:
    return CueLexicon.load(user_data_dir)
