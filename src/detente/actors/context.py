"""Countries an actor mention takes from the rest of its article, not from its own words.

A mention whose country is unknown (an agent code "---GOV", or an unfamiliar person or
organisation with no code) takes one, in this order:
- its possessor: "Museveni's government", "his ministers";
- the body its role belongs to, the object of "of" or "at": "deputy director of China's
  Affairs Office", "Speaker of Syria's People's Assembly", "an official at the US consulate";
- for "the president", "the chancellor" (a definite role phrase): the last earlier person in
  the same role whose country is known;
- none, and a mark that keeps the article's own country off it too, when the phrase names
  several countries' actors: "the foreign ministers", "delegations of the 48 countries";
- for a copy of an earlier mention (a later bare surname, an acronym): whatever country
  that earlier mention has gained from the rules above since it was copied.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from spacy.tokens import Doc, Token

from detente.actors.dictionary import MULTI_COUNTRIES, MULTI_OFFICE, ActorDictionary
from detente.actors.mention import MULTINATIONAL, UNKNOWN_COUNTRY, ActorMention
from detente.types import Actor

LOGGER = logging.getLogger(__name__)

# Dependency labels (spaCy's English scheme) by which a country attaches to the object of
# "of" in a role phrase, in the order they are trusted: "of China's office" (poss) before
# "of the office" itself before "of the PNG Defence Force" (compound).
OBJECT_OWNER_DEPS = ("poss",)
OBJECT_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod"})
# Prepositions that tie a role to the body it serves: "director of X's office", "an
# official at the US consulate". Not "to": an ambassador to Lebanon is not Lebanon's.
BODY_PREPS = frozenset({"of", "at"})


def _unplaced(actor: Actor) -> bool:
    """No country yet: an agent code "---XXX", or an unfamiliar person or organisation."""
    return not actor.country and (actor.code.startswith(UNKNOWN_COUNTRY) or not actor.code)


def with_country(mention: ActorMention, ref: Actor, how: str) -> ActorMention:
    """The mention with `ref`'s country, keeping its own sector; `how` joins its entry."""
    actor = mention.actor
    if actor.code.startswith(UNKNOWN_COUNTRY):
        code = ref.country + actor.code[len(UNKNOWN_COUNTRY) :]
    else:
        code = ref.country  # an unfamiliar person or organisation: the country alone
    new = Actor(
        text=actor.text,
        code=code,
        country=ref.country,
        sectors=actor.sectors,
        name=ref.name if how == "coref:role" else actor.name,
        start=actor.start,
        end=actor.end,
        entry=f"{actor.entry}+{how}",
    )
    return ActorMention(
        mention.start,
        mention.end,
        mention.head,
        new,
        mention.person,
        mention.role,
        mention.antecedent,
        mention.copied_from,
    )


def _owner(
    poss: Token, by_token: dict[int, ActorMention], earlier: list[ActorMention]
) -> ActorMention | None:
    """The actor a possessive names: its own mention, else an earlier person it names
    ("Museveni's" grouped into "Museveni's government")."""
    own = by_token.get(poss.i)
    if own is not None and own.head == poss.i:
        return own
    word = poss.text
    people = [m for m in earlier if m.person and m.actor.name.split()[-1:] == [word]]
    return people[-1] if people else None


def _object_country(obj: Token, by_head: dict[int, list[ActorMention]]) -> Actor | None:
    """The one country the object of "of" names: its possessor, itself, or a modifier."""
    ranked = [c for c in obj.children if c.dep_ in OBJECT_OWNER_DEPS]
    ranked.append(obj)
    ranked.extend(c for c in obj.children if c.dep_ in OBJECT_MODIFIER_DEPS)
    for tok in ranked:
        placed = [m.actor for m in by_head.get(tok.i, []) if m.actor.country]
        if placed and len({a.country for a in placed}) == 1:
            return placed[0]
    return None


def _of_country(
    doc: Doc, mention: ActorMention, by_head: dict[int, list[ActorMention]]
) -> Actor | None:
    """ "deputy director of China's Hong Kong and Macau Affairs Office": China."""
    for tok in doc[mention.start : mention.end]:
        for prep in tok.children:
            if prep.dep_ != "prep" or prep.lower_ not in BODY_PREPS:
                continue
            for obj in prep.children:
                if obj.dep_ == "pobj":
                    found = _object_country(obj, by_head)
                    if found is not None:
                        return found
    return None


# The longest office phrase ending on a role's head word ("heads of government").
MAX_OFFICE_LEN = 4


def _multinational(doc: Doc, mention: ActorMention, book: ActorDictionary) -> bool:
    """The foreign ministers", "47 delegations of the 48 African countries": no one country."""
    head = doc[mention.head]
    for n in range(1, MAX_OFFICE_LEN + 1):
        lo = head.i - n + 1
        if lo >= mention.start and book.is_multinational(
            MULTI_OFFICE, [t.text for t in doc[lo : head.i + 1]]
        ):
            return True
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for obj in prep.children:
                if obj.dep_ == "pobj" and book.is_multinational(MULTI_COUNTRIES, [obj.text]):
                    return True
    return False


def countries_from_context(
    doc: Doc, mentions: list[ActorMention], book: ActorDictionary
) -> list[ActorMention]:
    """Give each mention with no country the one its article gives it (see the module)."""
    by_token = {i: m for m in mentions for i in range(m.start, m.end)}
    by_head: dict[int, list[ActorMention]] = {}
    for m in mentions:
        by_head.setdefault(m.head, []).append(m)
    updated: dict[tuple[int, int, int], ActorMention] = {}
    out: list[ActorMention] = []
    for mention in mentions:
        actor = mention.actor
        if _unplaced(actor) and (actor.entry.startswith("agent:") or not actor.code):
            mention = _placed(doc, mention, by_token, by_head, out, book)
        elif _unplaced(actor) and mention.copied_from in updated:
            ref = updated[mention.copied_from].actor
            if ref.country:
                mention = with_country(mention, ref, "coref")
        updated[mention.key] = mention
        out.append(mention)
    return out


def _placed(
    doc: Doc,
    mention: ActorMention,
    by_token: dict[int, ActorMention],
    by_head: dict[int, list[ActorMention]],
    earlier: list[ActorMention],
    book: ActorDictionary,
) -> ActorMention:
    actor = mention.actor
    head = doc[mention.head]
    owner = next((_owner(c, by_token, earlier) for c in head.children if c.dep_ == "poss"), None)
    if owner is not None and owner.actor.country:
        return with_country(mention, owner.actor, "possessor")
    body = _of_country(doc, mention, by_head)
    if body is not None:
        return with_country(mention, body, "of-phrase")
    if actor.code and not mention.person:
        if MULTINATIONAL not in actor.entry and _multinational(doc, mention, book):
            return replace(mention, actor=replace(actor, entry=actor.entry + MULTINATIONAL))
        return mention
    if not actor.code:
        return mention
    if any(c.dep_ == "det" and c.lower_ == "the" for c in head.children):
        role = actor.entry.split("+")[0]
        same = [
            m for m in earlier if m.person and m.actor.country and role in m.actor.entry.split("+")
        ]
        if same:
            return with_country(mention, same[-1].actor, "coref:role")
    return mention
