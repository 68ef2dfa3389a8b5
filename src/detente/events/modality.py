"""Modality: whether a coded act is asserted, negated, future or conditional, or no act at
all because it is wished for ("hopes that China will invest") or is a speaker's commentary
inside a quotation ("the project will help")."""

from __future__ import annotations

from spacy.tokens import Token

from detente.events.syntax import OBJECT_DEPS, PASSIVE_SUBJECT_DEPS, SUBJECT_DEPS, lemma_in
from detente.nlp.doc_text import doc_text
from detente.quotes.marks import find_quotes

FUTURE_AUX = frozenset({"will", "shall", "'ll"})
CONDITIONAL_AUX = frozenset({"would", "could", "might", "may", "should", "'d"})
NEGATION_WORDS = frozenset({"not", "n't", "never", "no"})
FIRST_PERSON = frozenset({"i", "we"})
ANY_SUBJECT_DEPS = SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS
# Doc.user_data key of the character ranges inside quotation marks, found once per Doc.
QUOTES_KEY = "detente.modality.quotes"


def negated_act(tok: Token) -> bool:
    """The act is denied: "did not attack", "never met", "offered no evidence"."""
    if any(
        c.dep_ == "neg" or c.lower_ in NEGATION_WORDS and c.dep_ in ("det", "advmod")
        for c in tok.children
    ):
        return True
    return any(
        c.dep_ in ("aux", "auxpass")
        and any(g.dep_ == "neg" for g in c.children)
        or c.dep_ in OBJECT_DEPS
        and any(g.dep_ == "det" and g.lower_ == "no" for g in c.children)
        for c in tok.children
    )  # "did not attack", "offered no evidence"


def mode_of(tok: Token) -> str:
    """The act's mode: conditional under if/unless or would/could/may; future under will
    or a reported would ("said it would release them"); else asserted."""
    for node in (tok, *tok.ancestors):
        for c in node.children:
            if c.dep_ == "mark" and c.lower_ in ("if", "unless"):
                return "conditional"
        if node.dep_ not in ("xcomp", "conj", "ccomp"):
            break
    for c in tok.children:
        if c.dep_ == "aux" and c.lower_ in FUTURE_AUX:
            return "future"
        if c.dep_ == "aux" and c.lower_ in CONDITIONAL_AUX:
            conditions = any(
                a.dep_ == "advcl"
                and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in a.children)
                for a in tok.children
            )
            if c.lower_ in ("would", "'d") and not conditions:
                # "X said it would release them": the reported "will" of a past report.
                clause = tok
                while clause.dep_ in ("conj", "xcomp") and clause.head.i != clause.i:
                    clause = clause.head
                if clause.dep_ == "ccomp" and clause.head.tag_ in ("VBD", "VBN"):
                    return "future"
            return "conditional"
    return "asserted"


def irrealis(tok: Token, governors: frozenset[str]) -> bool:
    """The trigger stands in a clause that a word of hope, expectation or belief governs
    ("he hopes more companies will invest", "concerns that the law will help Beijing"):
    a wish, not an act. The speaker's own ("I hope we can provide help") stays an act."""
    node, own = tok, False
    for _ in range(14):
        head = node.head
        if head.i == node.i:
            return False
        own = own or any(
            c.dep_ in ANY_SUBJECT_DEPS and c.lower_ in FIRST_PERSON for c in node.children
        )
        if node.dep_ in ("ccomp", "acl") and lemma_in(head, governors):
            return not own
        node = head
    return False


def told_as_fact(verb: Token) -> bool:
    """A past or ongoing act: "shelled", "had shelled", "was shelled", "is shelling" (not
    "is shelled", "shells", "will shell")."""
    if verb.tag_ == "VBD":
        return True
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if verb.tag_ == "VBN":
        return any(c.tag_ == "VBD" or c.lemma_ == "have" for c in auxes)
    return verb.tag_ == "VBG" and any(c.lemma_ == "be" for c in auxes)


def quoted(tok: Token) -> bool:
    """The token stands inside quotation marks (found once per Doc, by their glyphs)."""
    segments = tok.doc.user_data.get(QUOTES_KEY)
    if segments is None:
        quotes = find_quotes(doc_text(tok.doc))
        segments = tok.doc.user_data[QUOTES_KEY] = [s for q in quotes for s in q.segments]
    return any(start <= tok.idx < end for start, end in segments)


def quoted_act(verb: Token, subject: Token | None) -> bool:
    """Inside a quotation, the speaker's own act ("we demonstrated", "I call on") and a past
    or ongoing act told as fact ("the army shelled the town", "is shelling") are events;
    plans, forecasts and judgements about others ("the project will help", "he is going to
    rig the vote", "the UN supports") are the speaker's commentary."""
    if subject is not None and subject.lower_ in FIRST_PERSON:
        return True
    return told_as_fact(verb) and mode_of(verb) == "asserted"
