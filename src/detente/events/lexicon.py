"""The verb-pattern lexicon and the control-verb table, read from shipped data.

`data/events/verb_patterns.jsonl` maps verb and noun triggers, with conditions on the
particle, the object and the preposition, to CAMEO codes; an object condition of several
words ("hunger strike", "joint exercise") names the object noun's modifiers too.
`data/events/control_verbs.jsonl` says how a verb that governs another ("wants to",
"threatened to", "refused to") or a modal over it (a reported "must") changes the embedded
event's code and mode. `data/events/carrier_nouns.jsonl` lists the nouns an event noun
modifies without losing its reading ("a mediation effort", "an aid package"), and
`data/events/document_nouns.jsonl` the texts that speak for their unnamed authors ("the
resolution demands", "a lawsuit alleges"); `data/events/irrealis_words.jsonl` the words
whose clause is a wish or a belief, not an act ("hopes that China will invest").
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from spacy.strings import hash_string

from detente.datafiles import load_entries
from detente.errors import DataFileError
from detente.events.codebook import Codebook

PATTERNS_FILE = "events/verb_patterns.jsonl"
CONTROL_FILE = "events/control_verbs.jsonl"
SUPPORT_FILE = "events/support_verbs.jsonl"
CARRIER_FILE = "events/carrier_nouns.jsonl"
DOCUMENT_FILE = "events/document_nouns.jsonl"
IRREALIS_FILE = "events/irrealis_words.jsonl"
DEFAULT_CONFIDENCE = 0.7
KINDS = ("verb", "noun")


@dataclass(frozen=True, slots=True)
class Pattern:
    id: str
    kind: str
    lemma: str
    code: str
    forms: frozenset[str] = frozenset()
    particle: str = ""
    prep: str = ""
    object: frozenset[str] = frozenset()
    # Object conditions of several words, as (head lemma, modifier lemmas): "hunger strike"
    # is a "strike" with the modifier "hunger".
    phrases: tuple[tuple[str, tuple[str, ...]], ...] = ()
    target_preps: tuple[str, ...] = ()
    # An event noun whose possessor undergoes the act ("his arrest", "the men's release"),
    # written `"possessor": "target"`; otherwise the possessor is the doer.
    possessor_undergoes: bool = False
    # The reading needs a verb with no object, active ("protesters demonstrated" is a
    # protest, "the vote demonstrated their strength" is not): `"intransitive": true`.
    intransitive: bool = False
    # The reading needs a clausal complement, if any, about the subject's own act: "warned
    # it would retaliate" is a threat, "warned that extremists may strike" a prediction:
    # `"own_clause": true`.
    own_clause: bool = False
    # A noun naming a state of affairs ("violence", "war", "unrest") reports an act only
    # when its doer is named ("Israeli aggression", "the rebels' war"), never with an
    # unnamed doer: `"needs_doer": true`.
    needs_doer: bool = False
    # A catch-all verb whose act needs a recipient actor to be one ("protect", "provide",
    # "pay": aid to whom?): `"needs_target": true`.
    needs_target: bool = False
    # The reading fails when the verb or its object takes a clause: "helped persuade X" is
    # no aid, "expressed regret that X happened" no apology: `"no_clause": true`.
    no_clause: bool = False
    # Whether the object of `prep` is the target ("call on X") or only a condition on the
    # reading ("accuse X of Y": written with an explicit empty `target_preps`).
    prep_is_target: bool = True
    no_target: bool = False
    confidence: float = DEFAULT_CONFIDENCE

    @property
    def specificity(self) -> int:
        """More conditions met means a more specific reading of the trigger."""
        return (
            2 * bool(self.object or self.phrases)
            + bool(self.phrases)
            + bool(self.particle)
            + bool(self.prep)
        )


@dataclass(frozen=True, slots=True)
class ControlVerb:
    id: str
    lemmas: frozenset[str]
    # What the governing verb does to the event under it: "intent", "threat", "refusal",
    # "attempt", "future".
    effect: str
    mode: str
    # CAMEO root of the embedded event -> code of the governed reading; roots not listed
    # keep their code.
    roots: dict[str, str]
    # The embedded event did not happen when its root is not mapped ("refused to attack").
    negates: bool = False
    # The control is a modal over a reported clause ("X said Y must stop"): the reporter
    # demands the act of the clause's subject.
    reported: bool = False
    # The governing verb is an event of its own too ("accused X of attacking Y" is an
    # accusation and an alleged attack); otherwise the governed reading replaces it.
    keeps_governor: bool = False
    # The governed act is only expected or scheduled ("was due to meet"): no event yet.
    no_event: bool = False


def _pattern(raw: dict[str, Any], codebook: Codebook) -> Pattern:
    pid = raw["id"]
    kind = raw.get("kind", "verb")
    lemma = raw.get("lemma")
    code = str(raw.get("code", ""))
    if kind not in KINDS or not isinstance(lemma, str) or not lemma:
        raise DataFileError(f"{PATTERNS_FILE}: pattern {pid!r} needs kind verb|noun and a lemma")
    if code not in codebook:
        raise DataFileError(f"{PATTERNS_FILE}: pattern {pid!r} has unknown CAMEO code {code!r}")
    objects = [str(o).lower() for o in raw.get("object", [])]
    return Pattern(
        id=pid,
        kind=kind,
        lemma=lemma.lower(),
        code=code,
        forms=frozenset(f.lower() for f in raw.get("forms", [])),
        particle=str(raw.get("particle", "")).lower(),
        prep=str(raw.get("prep", "")).lower(),
        object=frozenset(o for o in objects if " " not in o),
        phrases=tuple(
            (words[-1], tuple(words[:-1])) for o in objects if len(words := o.split()) > 1
        ),
        target_preps=tuple(p.lower() for p in raw.get("target_preps", [])),
        prep_is_target=raw.get("target_preps") != [],
        no_target=raw.get("target") == "none",
        possessor_undergoes=raw.get("possessor") == "target",
        intransitive=bool(raw.get("intransitive", False)),
        own_clause=bool(raw.get("own_clause", False)),
        needs_doer=bool(raw.get("needs_doer", False)),
        needs_target=bool(raw.get("needs_target", False)),
        no_clause=bool(raw.get("no_clause", False)),
        confidence=float(raw.get("confidence", DEFAULT_CONFIDENCE)),
    )


class Lexicon:
    def __init__(
        self,
        patterns: list[Pattern],
        controls: list[ControlVerb],
        support_verbs: frozenset[str] = frozenset(),
        carrier_nouns: frozenset[str] = frozenset(),
        document_nouns: frozenset[str] = frozenset(),
        irrealis_words: frozenset[str] = frozenset(),
    ) -> None:
        self.support_verbs = support_verbs
        self.carrier_nouns = carrier_nouns
        self.document_nouns = document_nouns
        self.irrealis_words = irrealis_words
        self.patterns = patterns
        self.by_lemma: dict[tuple[str, str], list[Pattern]] = defaultdict(list)
        self.by_form: dict[tuple[str, str], list[Pattern]] = defaultdict(list)
        for pattern in patterns:
            self.by_lemma[(pattern.kind, pattern.lemma)].append(pattern)
            for form in pattern.forms:
                self.by_form[(pattern.kind, form)].append(pattern)
        # The string hashes of every lemma and form a trigger can have: the coder looks no
        # further at a token with neither (most tokens).
        words = {lemma for _, lemma in self.by_lemma} | {form for _, form in self.by_form}
        self.trigger_hashes = frozenset(hash_string(w) for w in words)
        self.controls: dict[str, ControlVerb] = {}
        for control in controls:
            for lemma in control.lemmas:
                self.controls[lemma] = control
        # The intent reading also recodes announced future acts ("will release").
        self.intent = next((c for c in controls if c.effect == "intent"), None)
        # ... and announced refusals ("will not release") as rejections (12x).
        self.refusal = next((c for c in controls if c.effect == "refusal"), None)

    @classmethod
    def load(cls, codebook: Codebook, user_data_dir: str = "") -> Lexicon:
        patterns = [_pattern(raw, codebook) for raw in load_entries(PATTERNS_FILE, user_data_dir)]
        controls = []
        for raw in load_entries(CONTROL_FILE, user_data_dir):
            roots = {str(k): str(v) for k, v in raw.get("roots", {}).items()}
            for code in roots.values():
                if code not in codebook:
                    raise DataFileError(f"{CONTROL_FILE}: {raw['id']!r} maps to unknown {code!r}")
            controls.append(
                ControlVerb(
                    id=raw["id"],
                    lemmas=frozenset(raw.get("lemmas", [])),
                    effect=str(raw.get("effect", "")),
                    mode=str(raw.get("mode", "asserted")),
                    roots=roots,
                    negates=bool(raw.get("negates", False)),
                    keeps_governor=bool(raw.get("keeps_governor", False)),
                    reported=bool(raw.get("reported", False)),
                    no_event=bool(raw.get("no_event", False)),
                )
            )

        def lemmas(rel: str) -> frozenset[str]:
            return frozenset(
                lemma for raw in load_entries(rel, user_data_dir) for lemma in raw["lemmas"]
            )

        return cls(
            patterns,
            controls,
            lemmas(SUPPORT_FILE),
            lemmas(CARRIER_FILE),
            lemmas(DOCUMENT_FILE),
            lemmas(IRREALIS_FILE),
        )

    def candidates(self, kind: str, lemma: str, lower: str) -> list[Pattern]:
        found = self.by_lemma.get((kind, lemma), [])
        extra = self.by_form.get((kind, lower))
        if extra:
            found = found + [p for p in extra if p not in found]
        return found
