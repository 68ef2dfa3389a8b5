"""The cue lexicon: reporting verbs ("say", "tell", "point out") and sourcing phrases
("according to"), read from `data/quotes/cue_verbs.jsonl` with the user overlay."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Token

from detente.datafiles import load_entries
from detente.errors import DataFileError

LOGGER = logging.getLogger(__name__)

CUES_FILE = "quotes/cue_verbs.jsonl"
KIND_SPEECH = "speech"
KIND_SOURCE = "source"
KINDS = frozenset({KIND_SPEECH, KIND_SOURCE})
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


@dataclass(slots=True)
class CueLexicon:
    """Cues indexed by their first word."""

    speech: dict[str, list[Cue]] = field(default_factory=dict)
    # Sourcing phrases as lowercase word tuples: ("according", "to") -> Cue.
    source: dict[tuple[str, ...], Cue] = field(default_factory=dict)

    @classmethod
    def load(cls, user_data_dir: str = "") -> CueLexicon:
        lex = cls()
        for raw in load_entries(CUES_FILE, user_data_dir):
            lemma = raw.get("lemma")
            kind = raw.get("kind")
            if not isinstance(lemma, str) or not lemma.strip() or kind not in KINDS:
                raise DataFileError(
                    f"{CUES_FILE}: entry {raw['id']!r} needs a 'lemma' and a 'kind' of "
                    f"{sorted(KINDS)}"
                )
            forms = tuple(str(f).lower() for f in raw.get("forms", ()))
            cue = Cue(raw["id"], lemma.lower().strip(), kind, forms)
            words = tuple(cue.lemma.split())
            if kind == KIND_SOURCE:
                lex.source[words] = cue
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
