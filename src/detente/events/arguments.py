"""Event arguments: the actor mentions of a Doc found by the token a parse names, the
mention widened to the noun phrase an event cites, and the doers the dictionaries did not
list (an unnamed authority, an unresolved proper name)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from spacy.tokens import Span, Token

from detente.actors.recognize import ActorMention, uncoded_actor
from detente.types import Actor

# Entity labels of a date or time the parser hung on a name as a compound.
TIME_ENTS = frozenset({"DATE", "TIME"})
# Dependents that are not part of a noun phrase's own text: clauses, coordination, asides.
PHRASE_CUT_DEPS = frozenset(
    {"relcl", "acl", "advcl", "conj", "cc", "punct", "appos", "parataxis", "preconj"}
)


def implicit_source(tok: Token, country: str) -> ActorMention:
    """The unnamed doer of a reported act ("five men were arrested"): no text, the
    country the coder settled on."""
    actor = Actor(
        text="",
        code=country,
        country=country,
        sectors=(),
        name="",
        start=tok.idx,
        end=tok.idx,
        entry="implicit",
    )
    return ActorMention(tok.i, tok.i, tok.i, actor)


# Entity labels a name the dictionaries did not resolve may carry and still be a doer
# ("Ekeus accused Iraq", even when tagged LOC; "Somaliland accused ..."; an empty label when
# the tagger missed the name). Dates, amounts and the like are no doers.
UNLISTED_NAME_LABELS = frozenset({"", "PERSON", "ORG", "NORP", "GPE", "LOC", "FAC"})


def _name_part(tok: Token, head: Token) -> bool:
    return (
        tok.dep_ == "compound"
        and tok.head.i == head.i
        and tok.pos_ == "PROPN"
        and tok.ent_type_ in UNLISTED_NAME_LABELS
    )


def unlisted_name(subject: Token | None) -> list[ActorMention]:
    """A proper-noun subject nobody resolved: an actor with its text and no guessed code
    (giving it the article's country measured no better on the document set)."""
    if subject is None or subject.pos_ != "PROPN" or subject.ent_type_ not in UNLISTED_NAME_LABELS:
        return []
    lo = subject.i
    while lo > 0 and _name_part(subject.doc[lo - 1], subject):
        lo -= 1  # "Rolf Ekeus": the name's other words, not "March 3" before it
    hi = subject.i + 1
    actor = uncoded_actor(subject.doc[lo:hi], "unlisted:name")
    return [ActorMention(lo, hi, subject.i, actor, person=subject.ent_type_ == "PERSON")]


class ActorIndex:
    """Actor mentions of one Doc, found by the token they hang on."""

    def __init__(self, mentions: list[ActorMention]) -> None:
        self.by_head: dict[int, list[ActorMention]] = defaultdict(list)
        self.by_token: dict[int, list[ActorMention]] = defaultdict(list)
        for m in mentions:
            self.by_head[m.head].append(m)
            for i in range(m.start, m.end):
                self.by_token[i].append(m)

    def _at(self, tok: Token) -> list[ActorMention]:
        found = self.by_head.get(tok.i) or self.by_token.get(tok.i)
        if found:
            return list(found)
        for child in tok.children:
            # "Washington's strategy", "the government of Pakistan"
            if child.dep_ == "poss":
                return self._at(child)
            if child.dep_ == "prep" and child.lower_ == "of":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        return self._at(pobj)
        return []

    def at(self, tok: Token | None) -> list[ActorMention]:
        """The actors a noun phrase denotes, one per coordinated member ("X and Y")."""
        if tok is None:
            return []
        found = self._at(tok)
        for conj in tok.conjuncts:
            if conj.i > tok.i:
                found.extend(m for m in self._at(conj) if m not in found)
        return found


def as_argument(mention: ActorMention, sent: Span) -> ActorMention:
    """The mention as an event argument: a pronoun whose antecedent stands in the same
    sentence gives way to it ("Klaus said he had rejected"), and the text widens to the
    whole noun phrase ("Police in Colombia's second-largest city")."""
    ante = mention.antecedent
    if ante is not None and sent.start <= ante.start < sent.end:
        mention = ante
    if not mention.actor.text or not (mention.start <= mention.head < mention.end):
        # The phrase's head is not the actor's own word ("the EU summit"): keep its text.
        return mention
    doc = sent.doc
    head = doc[mention.head]
    tokens = [head] + [
        t
        for c in head.children
        if c.dep_ not in PHRASE_CUT_DEPS and c.ent_type_ not in TIME_ENTS  # "March 3 Ekeus"
        for t in c.subtree
    ]
    lo = min(min(t.i for t in tokens), mention.start)
    hi = max(max(t.i for t in tokens) + 1, mention.end)
    while hi - 1 > lo and doc[hi - 1].is_punct:
        hi -= 1
    if not (sent.start <= lo and hi <= sent.end) or (lo, hi) == (mention.start, mention.end):
        return mention
    span = doc[lo:hi]
    actor = replace(mention.actor, text=span.text, start=span.start_char, end=span.end_char)
    return replace(mention, actor=actor, start=lo, end=hi)
