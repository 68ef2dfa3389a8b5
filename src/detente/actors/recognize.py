"""Finding actor mentions in a parsed Doc and resolving them to CAMEO actor codes.

The mechanism, in order:
1. dictionary hits: country names, adjectives, capitals, named organisations (case-sensitive
   token sequences) and agent words ("foreign minister", "troops"; lowercase);
2. hits are grouped by the noun phrase they belong to, climbing the parse through
   compounds, adjectives, appositions and a possessive before a role word, so that
   "Russian Foreign Minister Sergey Lavrov" and "his Pakistani counterpart Khawaja Asif"
   each become one group;
3. each group composes a code: country + agent sector ("RUSGOV"), a named organisation's
   own code, or a country alone; a person named in the group is remembered, so a later
   bare "Lavrov", or "he" as a subject, keeps the code of the first descriptive mention;
4. a country or capital governed by a locative preposition ("in Moscow") is a place, not
   an actor.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from detente.actors.acronyms import acronym_copies
from detente.actors.context import countries_from_context
from detente.actors.dictionary import (
    KIND_ADJECTIVE,
    KIND_CAPITAL,
    KIND_COUNTRY,
    KIND_NAMED,
    ActorDictionary,
    AgentEntry,
    NameEntry,
    longest_matches,
)
from detente.actors.mention import (
    MULTINATIONAL,
    UNFAMILIAR_ENTRIES,
    UNKNOWN_COUNTRY,
    ActorMention,
    PlaceMention,
)
from detente.types import Actor

__all__ = [
    "MULTINATIONAL",
    "UNFAMILIAR_ENTRIES",
    "UNKNOWN_COUNTRY",
    "ActorMention",
    "ActorRecognizer",
    "PlaceMention",
]

# Dependency labels that attach a modifier inside a noun phrase (spaCy's English scheme).
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "nn"})
NOMINAL_POS = frozenset({"NOUN", "PROPN"})
# NER labels that confirm an ambiguous dictionary name ("Georgia", "Jordan").
CONFIRMING_ENTS = frozenset({"GPE", "NORP", "LOC", "ORG", "FAC"})
PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})
# Prepositions that make a place of the country or city they govern.
LOCATIVE_PREPS = frozenset(
    {"in", "at", "near", "across", "throughout", "inside", "outside", "around", "within"}
)
PERSONAL_PRONOUNS = frozenset({"he", "she", "him", "her", "his"})
PRONOUN_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "poss"})
# Tokens between a noun and its apposition beyond which the parse is not trusted; a role
# word's own phrase ("Speaker of X's People's Assembly (Parliament)") may run longer. Set by
# reading parses of news sentences written for tests/test_actors.py.
APPOSITION_WINDOW = 8
ROLE_APPOSITION_WINDOW = 14
# Prepositions of a role phrase after which a name glued to the object's own name is the
# role's holder: "Ambassador to the UN Wang Guangya", "Speaker of the Assembly Ali Hassan".
ROLE_PREPS = frozenset({"to", "of", "at", "for"})
# Words before a name that show it is the object itself, not a holder glued after it.
NAME_OPENERS = frozenset({"DET", "ADP", "PRON", "PUNCT", "CCONJ"})
# Endings of the word after a hyphen that keep a country an actor: "US-led", "Iranian-backed".
PARTICIPLE_ENDINGS = ("ed", "ing")
# NER labels of a word before a hyphen that make a pair of parties ("Arab-Israeli").
PAIR_ENTS = frozenset({"NORP", "GPE"})
# Prefixes before a hyphen that keep the country word an actor: "ex-Ecuadorian Foreign
# Minister", "then-Soviet leader" (a former holder is still that country's).
KEEPING_PREFIXES = frozenset({"ex", "then", "former"})
# NER labels of the heads a country's possessive belongs to: "Uganda's Bobi Wine",
# "Hong Kong's Independent Commission Against Corruption".
POSSESSED_ENTS = frozenset({"PERSON", "ORG"})


@dataclass(slots=True)
class _Hit:
    start: int
    end: int
    name: NameEntry | None = None
    agent: AgentEntry | None = None
    person_name: bool = False  # a PERSON entity with no dictionary entry
    org_name: bool = False  # an ORG entity with no dictionary entry


def _span_root(doc: Doc, start: int, end: int) -> Token:
    """The token of [start, end) whose head lies outside the span."""
    for tok in doc[start:end]:
        if not (start <= tok.head.i < end) or tok.head.i == tok.i:
            return tok
    return doc[end - 1]


def _np_head(tok: Token, agent_heads: set[int]) -> Token:
    """Climb from a modifier to the head of the noun phrase it belongs to."""
    for _ in range(8):  # noun phrases are shallow; the bound guards odd parses
        head = tok.head
        if head.i == tok.i:
            break
        dep = tok.dep_
        if dep in MODIFIER_DEPS and head.pos_ in NOMINAL_POS:
            tok = head
        elif dep == "conj" and head.dep_ in MODIFIER_DEPS and head.head.pos_ in NOMINAL_POS:
            tok = head.head  # "the US and NATO military": NATO hangs on "military" too
        elif dep == "appos" and head.pos_ in NOMINAL_POS and _same_phrase(head, tok, agent_heads):
            tok = head
        elif dep == "poss" and head.i in agent_heads:
            tok = head  # "Russia's foreign minister"
        else:
            break
    return tok


def _same_phrase(head: Token, tok: Token, agent_heads: set[int]) -> bool:
    """An apposition close by, with no verb between ("his counterpart Khawaja Asif"); a
    role word may carry a longer phrase before its holder's name when no comma cuts it
    ("Speaker of Syria's People's Assembly (Parliament) Mahmoud al-Abrash")."""
    lo, hi = sorted((head.i, tok.i))
    between = head.doc[lo:hi]
    if any(t.pos_ in ("VERB", "AUX") for t in between):
        return False
    if hi - lo <= APPOSITION_WINDOW:
        return True
    return (
        head.i in agent_heads
        and hi - lo <= ROLE_APPOSITION_WINDOW
        and not any(t.text == "," for t in between)
    )


def _holder_after_object(doc: Doc, hit: _Hit, root: Token, person_roles: set[int]) -> bool:
    """ "Ambassador to the UN Wang Guangya": a name parsed as the object of a role word's
    preposition, but glued to that object's own name, is the role's holder."""
    prep = root.head
    if root.dep_ != "pobj" or prep.dep_ != "prep" or prep.lower_ not in ROLE_PREPS:
        return False
    before = doc[hit.start - 1]
    return prep.head.i in person_roles and prep.i < before.i and before.pos_ not in NAME_OPENERS


def _inside_compound_word(doc: Doc, start: int, end: int, book: ActorDictionary) -> bool:
    """A country word that is part of a hyphenated word naming no actor: "Inter-American",
    "a 750-million-US-dollar loan", "US-style". "US-led", "Iranian-backed", "ex-Ecuadorian"
    and pairs such as "US-Russia" or "Arab-Israeli" keep their country."""
    left = doc[start - 2] if start >= 2 else None
    if (
        left is not None
        and _glued(doc, left.i)
        and _glued(doc, left.i + 1)
        and doc[left.i + 1].text == "-"
        and (left.text,) not in book.names
        and left.ent_type_ not in PAIR_ENTS
        and left.lower_ not in KEEPING_PREFIXES
    ):
        return True
    if end + 1 < len(doc) and _glued(doc, end - 1) and _glued(doc, end):
        nxt = doc[end + 1]
        if doc[end].text == "-" and (nxt.like_num or nxt.is_lower):
            return not nxt.lower_.endswith(PARTICIPLE_ENDINGS)
    return False


def _glued(doc: Doc, i: int) -> bool:
    """No space between token i and the next."""
    return not doc[i].whitespace_


def _is_place(tok: Token) -> bool:
    return tok.dep_ == "pobj" and tok.head.lower_ in LOCATIVE_PREPS


class ActorRecognizer:
    def __init__(self, book: ActorDictionary) -> None:
        self.book = book

    def _hits(self, doc: Doc) -> list[_Hit]:
        words = [t.text for t in doc]
        hits: list[_Hit] = []
        covered: set[int] = set()
        for start, end, entry in longest_matches(words, self.book.names, self.book.max_name_len):
            if entry.ambiguous and not any(t.ent_type_ in CONFIRMING_ENTS for t in doc[start:end]):
                continue
            if entry.kind != KIND_NAMED and _inside_compound_word(doc, start, end, self.book):
                continue
            hits.append(_Hit(start, end, name=entry))
            covered.update(range(start, end))
        lower = [t.lower_ if t.i not in covered else "\x00" for t in doc]
        for start, end, entry in longest_matches(lower, self.book.agents, self.book.max_agent_len):
            last = doc[end - 1]
            # "military solution": an agent word used as an adjective is no actor.
            if last.pos_ not in NOMINAL_POS or last.dep_ == "amod":
                continue
            hits.append(_Hit(start, end, agent=entry))
            covered.update(range(start, end))
        for ent in doc.ents:
            if covered.intersection(range(ent.start, ent.end)):
                continue
            if ent.label_ == "PERSON":
                hits.append(_Hit(ent.start, ent.end, person_name=True))
            elif ent.label_ == "ORG":
                hits.append(_Hit(ent.start, ent.end, org_name=True))
        hits.sort(key=lambda h: h.start)
        return hits

    @staticmethod
    def _acts(doc: Doc, hit: _Hit, agent_heads: set[int], person_tokens: set[int]) -> bool:
        root = _span_root(doc, hit.start, hit.end)
        if root.dep_ not in MODIFIER_DEPS or root.head.i == root.i:
            return True
        head = root.head
        return head.i in agent_heads or head.i in person_tokens or head.ent_type_ == "PERSON"

    def recognize(self, doc: Doc) -> tuple[list[ActorMention], list[PlaceMention]]:
        hits = self._hits(doc)
        agent_heads = {_span_root(doc, h.start, h.end).i for h in hits if h.agent}
        person_tokens = {i for h in hits if h.person_name for i in range(h.start, h.end)}
        # "police station", "interior ministry road": a role word modifying a noun that is
        # neither a role nor a person names a thing, not an actor.
        hits = [h for h in hits if not h.agent or self._acts(doc, h, agent_heads, person_tokens)]
        groups: dict[int, list[_Hit]] = {}
        places: list[PlaceMention] = []
        person_roles = {
            _span_root(doc, h.start, h.end).i for h in hits if h.agent and h.agent.person
        }
        entity_roots = {
            _span_root(doc, h.start, h.end).i
            for h in hits
            if (h.person_name or h.org_name)
            and _span_root(doc, h.start, h.end).ent_type_ in POSSESSED_ENTS
        }
        for hit in hits:
            root = _span_root(doc, hit.start, hit.end)
            entry = hit.name
            if entry and entry.kind in (KIND_COUNTRY, KIND_CAPITAL) and _is_place(root):
                places.append(
                    PlaceMention(
                        hit.start, hit.end, doc[hit.start : hit.end].text, entry.country, entry.id
                    )
                )
                continue
            head = _np_head(root, agent_heads)
            if hit.person_name and head.i == root.i and hit.start - 1 in agent_heads:
                # "his counterpart Bina Thapa" parsed without the apposition: a name right
                # after a role word is that role's holder.
                head = doc[hit.start - 1]
                head = _np_head(head, agent_heads)
            elif (
                hit.person_name
                and head.i == root.i
                and _holder_after_object(doc, hit, root, person_roles)
            ):
                head = _np_head(root.head.head, agent_heads)
            elif (
                entry
                and entry.kind == KIND_COUNTRY
                and head.i == root.i
                and root.dep_ == "poss"
                and root.head.i in entity_roots
            ):
                # "Uganda's Bobi Wine", "Hong Kong's Independent Commission Against
                # Corruption": the possessive country is the person's or the body's own.
                head = _np_head(root.head, agent_heads)
            groups.setdefault(head.i, []).append(hit)
        covered = {i for h in hits for i in range(h.start, h.end)}
        for ent in doc.ents:
            # Places the dictionaries do not know ("Maiduguri") still locate events.
            if ent.label_ in PLACE_ENTS and not covered.intersection(range(ent.start, ent.end)):
                places.append(PlaceMention(ent.start, ent.end, ent.text, "", f"ner:{ent.label_}"))
        places.sort(key=lambda p: p.start)
        mentions: list[ActorMention] = []
        aliases: dict[str, ActorMention] = {}
        for head_i in sorted(groups):
            mentions.extend(self._compose(doc, head_i, groups[head_i], aliases))
        mentions.extend(_bare_surnames(doc, mentions, aliases))
        mentions = acronym_copies(doc, mentions)
        mentions = [self._shared_role(doc, m, mentions) for m in mentions]
        # Roles first, so that a pronoun takes a resolved role; then the pronouns'
        # possessions ("his government").
        mentions.sort(key=lambda m: (m.start, m.end))
        mentions = countries_from_context(doc, mentions, self.book)
        mentions.extend(self._pronouns(doc, mentions))
        mentions.sort(key=lambda m: (m.start, m.end))
        return countries_from_context(doc, mentions, self.book), places

    def _compose(
        self, doc: Doc, head_i: int, hits: list[_Hit], aliases: dict[str, ActorMention]
    ) -> Iterator[ActorMention]:
        agents = [h for h in hits if h.agent]
        # The role word nearest the head decides the sector ("foreign minister", not "foreign").
        agent = next(
            (h for h in agents if h.start <= head_i < h.end), agents[-1] if agents else None
        )
        named = [h for h in hits if h.name]
        people = [h for h in hits if h.person_name or (h.name and h.name.person)]
        start = min(h.start for h in hits)
        end = max(h.end for h in hits)
        person_name = doc[people[-1].start : people[-1].end].text if people else ""
        is_person = bool(people) or bool(
            agent and agent.agent and agent.agent.person and doc[agent.end - 1].tag_ != "NNS"
        )
        sector = agent.agent.sector if agent and agent.agent else ""
        agent_id = agent.agent.id if agent and agent.agent else ""

        if len(named) > 1 and not people:
            # Coordinated names in one phrase: "the US and NATO military" gives two actors.
            for hit in named:
                assert hit.name is not None
                yield self._mention(doc, hit.start, hit.end, head_i, hit.name, sector, agent_id)
            return
        if named:
            hit = named[0]
            assert hit.name is not None
            mention = self._mention(
                doc,
                start,
                end,
                head_i,
                hit.name,
                sector,
                agent_id,
                person=is_person,
                name=person_name,
            )
        elif people:
            mention = self._person(doc, start, end, head_i, people[-1], aliases, sector, agent_id)
        elif agent and agent.agent:
            actor = Actor(
                text=doc[start:end].text,
                code=UNKNOWN_COUNTRY + sector,
                country="",
                sectors=(sector,),
                name=person_name or doc[start:end].text,
                start=doc[start].idx,
                end=doc[end - 1].idx + len(doc[end - 1]),
                entry=agent.agent.id,
            )
            mention = ActorMention(start, end, head_i, actor, person=is_person, role=sector)
        elif any(h.org_name for h in hits) and self._known_person(doc, hits, aliases):
            # "Museveni" tagged ORG after "President Yoweri Museveni": the same person.
            org = next(h for h in hits if h.org_name)
            mention = self._person(doc, start, end, head_i, org, aliases, sector, agent_id)
        elif any(h.org_name for h in hits):
            # An organisation the dictionaries do not know: its text, no guessed code.
            mention = ActorMention(start, end, head_i, uncoded_actor(doc[start:end], "ner:org"))
        else:
            return
        if sector and not mention.role:
            mention = ActorMention(
                mention.start, mention.end, mention.head, mention.actor, mention.person, sector
            )
        if person_name:
            p = people[-1]
            for key in (person_name, doc[p.end - 1].text):
                aliases.setdefault(key, mention)
            if p.end - p.start > 1 and doc[p.start].is_title and doc[p.start].pos_ == "PROPN":
                # Surname first in Chinese, Korean, Vietnamese and Hungarian names: a later
                # bare "Wang" after "Wang Fengchao". Last, so a surname-last name wins.
                aliases.setdefault(doc[p.start].text, mention)
        yield mention

    @staticmethod
    def _known_person(doc: Doc, hits: list[_Hit], aliases: dict[str, ActorMention]) -> bool:
        org = next(h for h in hits if h.org_name)
        return doc[org.start : org.end].text in aliases

    def _mention(
        self,
        doc: Doc,
        start: int,
        end: int,
        head_i: int,
        entry: NameEntry,
        sector: str,
        agent_id: str,
        *,
        person: bool = False,
        name: str = "",
    ) -> ActorMention:
        code, sectors = entry.code, entry.sectors
        if entry.kind == KIND_NAMED:
            pass  # organisations and groups keep their own code
        elif sector:
            code, sectors = entry.country + sector, (sector,)
        elif entry.kind == KIND_CAPITAL:
            code, sectors = entry.country + "GOV", ("GOV",)  # "Moscow said": the government
        entry_id = entry.id + (f"+{agent_id}" if agent_id and entry.kind != KIND_NAMED else "")
        text_span = doc[start:end]
        actor = Actor(
            text=text_span.text,
            code=code,
            country=entry.country,
            sectors=sectors,
            name=name
            or (
                entry.name
                if entry.kind != KIND_ADJECTIVE
                else self.book.country_name(entry.country)
            ),
            start=text_span.start_char,
            end=text_span.end_char,
            entry=entry_id,
        )
        return ActorMention(start, end, head_i, actor, person=person)

    def _person(
        self,
        doc: Doc,
        start: int,
        end: int,
        head_i: int,
        hit: _Hit,
        aliases: dict[str, ActorMention],
        sector: str,
        agent_id: str,
    ) -> ActorMention:
        text = doc[hit.start : hit.end].text
        span = doc[start:end]
        known = aliases.get(text) or aliases.get(doc[hit.end - 1].text)
        if known is not None:
            ref = known.actor
            actor = Actor(
                text=span.text,
                code=ref.code,
                country=ref.country,
                sectors=ref.sectors,
                name=ref.name,
                start=span.start_char,
                end=span.end_char,
                entry="coref:person",
            )
            return ActorMention(start, end, head_i, actor, person=True, copied_from=known.key)
        elif sector:
            actor = Actor(
                text=span.text,
                code=UNKNOWN_COUNTRY + sector,
                country="",
                sectors=(sector,),
                name=text,
                start=span.start_char,
                end=span.end_char,
                entry=agent_id,
            )
        else:
            # An unfamiliar person: kept with its text, no code guessed.
            actor = Actor(
                text=span.text,
                code="",
                country="",
                sectors=(),
                name=text,
                start=span.start_char,
                end=span.end_char,
                entry="ner:person",
            )
        return ActorMention(start, end, head_i, actor, person=True)

    @staticmethod
    def _shared_role(doc: Doc, mention: ActorMention, mentions: list[ActorMention]) -> ActorMention:
        """ "the US and NATO military": a bare country shares the role of its conjunct."""
        actor = mention.actor
        if actor.sectors or not actor.country or actor.code != actor.country:
            return mention
        for conj in doc[mention.head].conjuncts:
            if conj.i < mention.head or conj.i - mention.head > 4:
                continue
            for other in mentions:
                if other.head == conj.i and other.role:
                    sector = other.role
                    new = Actor(
                        text=actor.text,
                        code=actor.country + sector,
                        country=actor.country,
                        sectors=(sector,),
                        name=actor.name,
                        start=actor.start,
                        end=actor.end,
                        entry=f"{actor.entry}+shared-role:{sector}",
                    )
                    return ActorMention(
                        mention.start, mention.end, mention.head, new, mention.person, sector
                    )
        return mention

    def _pronouns(self, doc: Doc, mentions: list[ActorMention]) -> list[ActorMention]:
        """'he'/'she' take the most recent person who was a subject, else the most recent.

        Subjects first because news keeps its protagonist as subject: in "Lavrov spoke after
        talks with Asif. He said ...", "he" is Lavrov.
        """
        # Only persons with a code: letting "he" take an unfamiliar person too was measured
        # (docs/benchmarks.md, "Actors in whole articles") and cost one document-level match.
        persons = sorted((m for m in mentions if m.person and m.actor.code), key=lambda m: m.start)
        found: list[ActorMention] = []
        for tok in doc:
            if tok.lower_ not in PERSONAL_PRONOUNS or tok.dep_ not in PRONOUN_DEPS:
                continue
            before = [m for m in persons if m.end <= tok.i]
            if not before:
                continue
            subjects = [m for m in before if doc[m.head].dep_ in ("nsubj", "nsubjpass")]
            named = max(subjects or before, key=lambda m: m.start)
            named = named.antecedent or named
            actor = _token_copy(named.actor, tok, "coref:pronoun")
            mention = ActorMention(tok.i, tok.i + 1, tok.i, actor, person=True, antecedent=named)
            found.append(mention)
            persons.append(mention)  # a resolved pronoun carries the chain on
        return found


def uncoded_actor(span: Span, entry: str) -> Actor:
    """A name the dictionaries do not know, as an actor: its text and no guessed code."""
    return Actor(
        text=span.text,
        code="",
        country="",
        sectors=(),
        name=span.text,
        start=span.start_char,
        end=span.end_char,
        entry=entry,
    )


def _token_copy(ref: Actor, tok: Token, entry: str) -> Actor:
    """The actor `ref` resolved to, as mentioned again by the single token `tok`."""
    return replace(ref, text=tok.text, start=tok.idx, end=tok.idx + len(tok), entry=entry)


def _bare_surnames(
    doc: Doc, mentions: list[ActorMention], aliases: dict[str, ActorMention]
) -> list[ActorMention]:
    """A later bare surname the entity recogniser missed ("Ottri denounced ..." after
    "Syrian Prime Minister Mohammad Naji Ottri"): the same person."""
    covered = {i for m in mentions for i in range(m.start, m.end)}
    found: list[ActorMention] = []
    for tok in doc:
        known = aliases.get(tok.text)
        if tok.i in covered or tok.pos_ != "PROPN" or known is None or known.start > tok.i:
            continue
        if tok.ent_type_ and tok.ent_type_ not in ("PERSON", "ORG"):
            continue
        actor = _token_copy(known.actor, tok, "coref:person")
        found.append(
            ActorMention(tok.i, tok.i + 1, tok.i, actor, person=True, copied_from=known.key)
        )
    return found
