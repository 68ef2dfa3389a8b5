"""Reading the dependency parse: the questions the event coder asks of a token (is it a
verb, passive, governed by another verb, in a subordinate clause) and the arguments it looks
up (objects of prepositions, children by relation). spaCy's English labels throughout."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

VERB_TAGS = frozenset({"VB", "VBD", "VBG", "VBN", "VBP", "VBZ"})
NOUN_POS = frozenset({"NOUN", "PROPN"})
SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})
OBJECT_DEPS = frozenset({"dobj", "obj"})
# A governed event inherits its governor's subject through these links.
INHERIT_SUBJECT_DEPS = frozenset({"xcomp", "conj", "advcl", "ccomp", "pcomp", "acomp"})
SUBORDINATE_DEPS = frozenset({"advcl", "relcl", "acl"})
# Subordinators of a clause that dates another act.
TEMPORAL_MARKS = frozenset({"after", "since", "before", "until"})


def children(tok: Token, deps: frozenset[str] | set[str]) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def prep_object(tok: Token, preps: tuple[str, ...] | set[str]) -> Token | None:
    for child in tok.children:
        if child.dep_ in ("prep", "agent", "dative") and child.lower_ in preps:
            for pobj in child.children:
                if pobj.dep_ in ("pobj", "pcomp"):
                    return pobj
    return None


def governor(verb: Token) -> Token | None:
    """The verb that governs `verb` and lends it a subject, if any.

    "wants to enhance" (xcomp), "met and agreed" (conj), "accused X of shelling" (pcomp
    under a preposition of the verb).
    """
    head = verb.head
    if head.i == verb.i or verb.dep_ not in INHERIT_SUBJECT_DEPS:
        return None
    if verb.dep_ == "pcomp":
        head = head.head if head.dep_ == "prep" else head
    if verb.dep_ in ("xcomp", "conj") or is_verb(head):
        return head
    return None


def subordinate(tok: Token) -> bool:
    """The trigger stands in a subordinate or relative clause ("until their demands are
    met", "who has clashed with"): background to the sentence's own act."""
    node = tok
    for _ in range(12):
        if node.dep_ in SUBORDINATE_DEPS:
            return True
        if node.head.i == node.i or node.dep_ in ("ccomp", "xcomp", "conj"):
            return False
        node = node.head
    return False


def _in_clause(tok: Token, found: Callable[[Token], bool]) -> bool:
    """`found` holds for the token or an ancestor up to its clause's boundary: the root, or
    a reported clause (which is its own)."""
    node = tok
    for _ in range(12):
        if found(node):
            return True
        if node.head.i == node.i or node.dep_ == "ccomp":
            return False
        node = node.head
    return False


def temporal_clause(tok: Token) -> bool:
    """The trigger stands in a clause that dates another act ("after X attacked Y", "until
    the talks resumed")."""
    return _in_clause(
        tok,
        lambda node: (
            node.dep_ == "advcl"
            and any(c.dep_ == "mark" and c.lower_ in TEMPORAL_MARKS for c in node.children)
        ),
    )


def relative_clause(tok: Token) -> bool:
    """The trigger stands in a relative clause ("Ramgoolam, who met Li on Monday, ...",
    "the projects we have agreed upon"): it says who or what a noun is, background to what
    the sentence reports. A clause reported inside the relative clause is its own."""
    return _in_clause(tok, lambda node: node.dep_ == "relcl")


def governing_verb(noun: Token) -> int:
    """Index of the verb whose argument the noun phrase is (-1 when none)."""
    tok = noun
    while tok.dep_ in ("prep", "pobj", "conj", "dobj", "appos") and tok.head.i != tok.i:
        tok = tok.head
        if is_verb(tok):
            return tok.i
    return -1


def lemma_in(tok: Token, lemmas: frozenset[str]) -> bool:
    return tok.lemma_.lower() in lemmas or tok.lower_ in lemmas


def is_passive(verb: Token) -> bool:
    return reduced_passive(verb) or any(
        c.dep_ in PASSIVE_SUBJECT_DEPS or c.dep_ == "auxpass" for c in verb.children
    )


def reduced_passive(verb: Token) -> bool:
    """A past participle modifying a noun ("Spicer, freed in Papua New Guinea", "the men
    detained by police"): the noun undergoes the act."""
    return (
        verb.dep_ == "acl"
        and verb.tag_ in ("VBN", "VBD")  # the tagger often reads the participle as a past
        and verb.head.pos_ in NOUN_POS
        and not any(c.dep_ in SUBJECT_DEPS for c in verb.children)
    )


def infinitive(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def is_verb(tok: Token) -> bool:
    return tok.tag_ in VERB_TAGS or tok.pos_ == "VERB"
