"""The event coder: verb and noun patterns over the dependency parse, to CAMEO events.

For each sentence it finds triggers (a verb or noun whose lemma and conditions match a
lexicon pattern), then the source and target through the parse:

- active voice: subject -> object (or the object of a target preposition);
- passive voice: the "by" agent -> the passive subject;
- a verb with no subject of its own takes its governor's ("Pakistan wants to enhance
  cooperation": the subject of "wants"), and a verb under a control verb changes meaning
  through the control table (intent, threat, refusal);
- a noun trigger ("talks with X", "the attack on Y by X", "X's visit to Y", "talks between
  X and Y") takes its actors from its own modifiers, else the subject of the clause it
  stands in;
- coordinated actors give one event per pair; "not"/"never" flag the event as negated;
  "will" marks it future, "would"/"could"/"if" conditional; an announced act is an intent
  and an announced refusal a rejection;
- a passive or a reported event noun with no named doer keeps an implicit source, of the
  article's country, or for an arrest, verdict or release of the country of the place the
  sentence names when the article has actors of that country (and a later one to the same
  authorities);
- an act wished for ("hopes that China will invest"), a plan or judgement about others
  inside a quotation (`events.modality`), or an act in a relative clause ("X, who met Y on
  Monday, ...": background to the report) is no event;
- one act restated across the article is one event (the firmest reading), a definite
  event noun with no parties ("the attack") refers back to one already told, and
  `confidence` ranks a sentence's events: recipients, main clauses and asserted acts first.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, replace
from itertools import product

from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Doc, Span, Token

from detente.actors.recognize import (
    MULTINATIONAL,
    UNFAMILIAR_ENTRIES,
    UNKNOWN_COUNTRY,
    ActorMention,
)
from detente.dates import event_date
from detente.events.arguments import ActorIndex, as_argument, implicit_source, unlisted_name
from detente.events.codebook import Codebook
from detente.events.lexicon import ControlVerb, Lexicon, Pattern
from detente.events.modality import irrealis, mode_of, negated_act, quoted, quoted_act
from detente.events.restatements import Restatements
from detente.events.syntax import (
    NOUN_POS,
    OBJECT_DEPS,
    PASSIVE_SUBJECT_DEPS,
    SUBJECT_DEPS,
    children,
    governing_verb,
    governor,
    infinitive,
    is_passive,
    is_verb,
    lemma_in,
    prep_object,
    reduced_passive,
    relative_clause,
    subordinate,
    temporal_clause,
)
from detente.nlp.doc_text import remember_text
from detente.places import Gazetteer, doc_places, event_location
from detente.types import Article, Event, Location, content_id

RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
# Aspect verbs pass on the control of the verb above them ("urged X to keep fighting").
ASPECT = frozenset({"continue", "keep", "start", "begin", "resume"})
# Governed verbs whose subject is the governor's object when it has one.
OBJECT_CONTROL_DEPS = frozenset({"xcomp", "pcomp"})
# Confidence adjustments: a target makes the reading firmer; a noun trigger or an actor
# without a code weaker. Chosen so that a sentence's main event is ranked first.
# Event nouns whose participants are the clause's subject ("X spoke after talks with Y",
# "during a visit to Y, X ..."): meetings, talks and agreements (CAMEO roots 03-05). An
# attack or a threat named in a clause is not the subject's own act.
PARTICIPANT_ROOTS = frozenset({"03", "04", "05"})
# CAMEO roots whose events stand without a target: statements and appeals to the world at
# large, protests, shows of force and violence against unnamed victims. Other codes
# without a recipient are kept, ranked below events that have one.
TARGETLESS_ROOTS = frozenset({"01", "02", "14", "15", "18", "19", "20"})
# Roots whose acts between coordinated subjects are mutual ("X and Y met", "agreed").
RECIPROCAL_ROOTS = frozenset({"03", "04", "05", "06", "08"})
# Prepositions on an object noun that name whose act the object is.
OBJECT_AUTHOR_PREPS = ("from", "by")
# Prepositions on an event noun's "of" theme that name the recipient.
THEME_TARGET_PREPS = ("to", "for", "against", "on", "with")
MISSING_TARGET_PENALTY = 0.2
# Ranking below the main clause's act, for acts in subordinate and relative clauses.
SUBORDINATE_PENALTY = 0.1
# An act in a clause that dates the report ("after X attacked Y, Z condemned it") is its
# premise: it ranks below the act reported (PLV 0.767 -> 0.771, penta 0.804 -> 0.808).
TEMPORAL_CLAUSE_PENALTY = 0.5
# Confidence floor of an event recoded by its governing verb ("refused to accept").
CONTROLLED_CONFIDENCE = 0.7
IMPLICIT_PENALTY = 0.25
# An act alleged inside an accusation ranks below the accusation itself.
ALLEGED_PENALTY = 0.3
# Entity labels of names an event noun may be part of without naming an act ("the
# Democratic Alliance", "the Gulf Cooperation Council", "the Peace Treaty Act").
NAME_ENTS = frozenset({"ORG", "FAC", "LAW", "WORK_OF_ART", "PRODUCT", "NORP"})
# Prepositions whose event noun, with no counterpart named, is the scene of another act.
SETTING_PREPS = frozenset({"at", "after", "during"})
# Clausal complements of a verb or of its object noun.
CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "acl"})
CLAUSE_HEAD_DEPS = frozenset({"nsubj", "nsubjpass", "ROOT"})
# Subjects that name nobody the article has resolved: the act stands with an implicit doer.
IMPLICIT_PRONOUNS = frozenset({"it", "they", "we", "i", "you", "who", "which"})
# Roots whose recipient may be the subject of the verb's clause: appeals and demands (02,
# 10: "urged that Syria cooperate") and accusations (11: "alleged the government lied").
CLAUSE_TARGET_ROOTS = frozenset({"02", "10", "11"})
# CAMEO roots whose unnamed doer is the authority of the place: arrests, bans and
# detentions (17), charges and verdicts (11), rejected applications (12), releases (08).
AUTHORITY_ROOTS = frozenset({"08", "11", "12", "17"})
TARGET_BONUS = 0.1
NOUN_PENALTY = 0.1
UNCODED_PENALTY = 0.2


@dataclass(slots=True)
class _DocContext:
    """What every event of one article shares, and what its earlier events settled."""

    article: Article
    index: ActorIndex
    dateline: Location | None
    default_country: str
    # Countries the article's own actors name (not guessed from context).
    countries: frozenset[str] = frozenset()
    # The country whose authorities an earlier unnamed arrest or verdict was placed in.
    authority: str = ""


def _fits(pattern: Pattern, noun: Token) -> bool:
    """The noun meets the pattern's object condition: a listed lemma, or a listed phrase
    whose head it is with all the phrase's modifiers ("started a hunger strike")."""
    if lemma_in(noun, pattern.object):
        return True
    if not pattern.phrases:
        return False
    modifiers = [c for c in noun.children if c.dep_ in ("compound", "amod", "nmod")]
    mods = {c.lemma_.lower() for c in modifiers} | {c.lower_ for c in modifiers}
    return any(
        lemma_in(noun, frozenset((head,))) and mods.issuperset(words)
        for head, words in pattern.phrases
    )


def _setting(noun: Token) -> bool:
    """An event noun that only sets the scene of the sentence's act ("at the meeting",
    "after the talks", "during the visit")."""
    return noun.dep_ == "pobj" and noun.head.lower_ in SETTING_PREPS


DEFINITE_DETERMINERS = frozenset({"the", "this", "that", "these", "those"})


def _anaphor(trig: Trigger, event: Event) -> bool:
    """A definite event noun with no parties of its own ("the attacks", "the explosion")
    refers back to an act the article has already told, if it has told one of its kind."""
    return (
        trig.pattern.kind == "noun"
        and event.target is None
        and event.source.entry == "implicit"
        and any(c.dep_ == "det" and c.lower_ in DEFINITE_DETERMINERS for c in trig.token.children)
    )


@dataclass(frozen=True, slots=True)
class Trigger:
    pattern: Pattern
    token: Token
    # The object noun a light-verb pattern consumed ("hold talks"): not a trigger itself.
    object: Token | None
    prep_object: Token | None


def _clause_about_others(verb: Token, sources: list[ActorMention], index: ActorIndex) -> bool:
    """The verb's clausal complement is about someone else's act: its subject is a noun
    phrase that names no actor of the source's country ("warned that extremists may
    strike", "warned the fire is too big"), not "it", "his government" or "Washington"."""
    countries = {m.actor.country for m in sources}
    for clause in (c for c in verb.children if c.dep_ == "ccomp"):
        for subj in (c for c in clause.children if c.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS):
            if subj.pos_ == "PRON":
                continue
            # A country guessed from the article ("militants" in an Indonesian story) does
            # not make the clause's subject the speaker's own side.
            own = [m for m in index.at(subj) if "+context" not in m.actor.entry]
            if not any(m.actor.country and m.actor.country in countries for m in own):
                return True
    return False


class EventCoder:
    def __init__(self, lexicon: Lexicon, codebook: Codebook, gazetteer: Gazetteer) -> None:
        self.lexicon = lexicon
        self.codebook = codebook
        self.gazetteer = gazetteer

    # -- triggers -----------------------------------------------------------------------

    def _candidates(self, doc: Doc) -> list[int]:
        """Indices of the tokens whose lemma or lower-case form is a word some pattern has,
        read from the Doc's arrays: a Token built for every word cost more than matching
        the few that may match."""
        words = self.lexicon.trigger_hashes
        pairs = doc.to_array([LEMMA, LOWER]).tolist()
        return [i for i, (lemma, lower) in enumerate(pairs) if lemma in words or lower in words]

    def _match(self, tok: Token) -> Trigger | None:
        if is_verb(tok):
            if tok.dep_ == "amod":
                return None  # "drought-hit state", "captured fighters": a description
            kind = "verb"
        elif tok.pos_ in NOUN_POS:
            kind = "noun"
            if tok.ent_type_ in ("DATE", "TIME"):
                return None  # "in March", "on March 27": a date, not a march
            if tok.ent_type_ in NAME_ENTS:
                return None  # "the Democratic Alliance", "Gulf Cooperation Council": a name
            if (
                tok.dep_ in ("compound", "amod", "nmod", "npadvmod")
                and tok.head.i != tok.i
                and tok.head.lemma_.lower() not in self.lexicon.carrier_nouns
            ):
                # "war crimes", "attack helicopters", "war-torn": a modifier names no act;
                # "a mediation effort" keeps its reading (see `_noun_actors`).
                return None
        else:
            return None
        best: Trigger | None = None
        for pattern in self.lexicon.candidates(kind, tok.lemma_.lower(), tok.lower_):
            trigger = self._check(pattern, tok)
            if trigger is None:
                continue
            if best is None or (pattern.specificity, pattern.confidence) > (
                best.pattern.specificity,
                best.pattern.confidence,
            ):
                best = trigger
        return best

    def _check(self, pattern: Pattern, tok: Token) -> Trigger | None:
        if pattern.intransitive and (is_passive(tok) or children(tok, OBJECT_DEPS)):
            return None
        if pattern.particle and not any(
            c.lower_ == pattern.particle and c.dep_ in ("prt", "advmod", "prep")
            for c in tok.children
        ):
            return None

        obj = None
        if pattern.object or pattern.phrases:
            deps = OBJECT_DEPS | (PASSIVE_SUBJECT_DEPS if is_passive(tok) else set())
            obj = next((c for c in tok.children if c.dep_ in deps and _fits(pattern, c)), None)
            if obj is None and reduced_passive(tok) and _fits(pattern, tok.head):
                obj = tok.head  # "sanctions imposed on Iran", "a lawsuit filed against X"
            if obj is None and pattern.prep:
                # "agreed to a deal", "withdrew from the treaty": the noun after the
                # required preposition plays the object's part.
                pobj = prep_object(tok, {pattern.prep})
                if pobj is not None and _fits(pattern, pobj):
                    return Trigger(pattern, tok, pobj, None)
            if obj is None:
                return None
        after_prep = None
        if pattern.prep:
            after_prep = prep_object(tok, {pattern.prep})
            if after_prep is None and obj is not None:
                after_prep = prep_object(obj, {pattern.prep})
            if after_prep is None or after_prep.ent_type_ in ("DATE", "TIME"):
                return None  # "called Putin on Saturday" is no call on anyone
        if pattern.no_clause and any(
            c.dep_ in CLAUSE_DEPS for head in (tok, obj) if head is not None for c in head.children
        ):
            return None  # "helped persuade", "expressed regret that ...": not the act itself
        return Trigger(pattern, tok, obj, after_prep)

    # -- actors -------------------------------------------------------------------------

    def _subject(self, verb: Token, depth: int = 0) -> Token | None:
        """The token naming who does what `verb` says, through control and coordination."""
        reported = self._control(verb) if depth == 0 else None
        if reported is not None and reported[0].reported:
            return self._subject(reported[1], depth + 1)  # who demands "Y must act"
        if is_passive(verb):
            by = prep_object(verb, ("by",))
            if by is not None:
                return by
        else:
            subjects = children(verb, SUBJECT_DEPS)
            if subjects:
                subj = subjects[0]
                if subj.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                    return verb.head
                return subj
        gov = governor(verb)
        if depth < 4 and gov is not None:
            if verb.dep_ in OBJECT_CONTROL_DEPS:
                # Object control: "urged Japan to show restraint", "accused Ukraine of
                # shelling": the governor's object does the governed act.
                objects = children(gov, OBJECT_DEPS)
                if objects:
                    return objects[0]
            return self._subject(gov, depth + 1)
        if verb.dep_ in ("relcl", "acl") and verb.head.pos_ in NOUN_POS and not is_passive(verb):
            return verb.head
        return None

    def _participant(self, verb: Token) -> Token | None:
        """Who takes part in what the clause says: the passive subject of "X was included
        in talks", else the clause's subject."""
        if is_passive(verb):
            passive = children(verb, PASSIVE_SUBJECT_DEPS)
            return passive[0] if passive else None
        return self._subject(verb)

    def _verb_target(self, trig: Trigger, index: ActorIndex) -> Token | None:
        """The first of the places a recipient can stand that names an actor."""
        p, verb = trig.pattern, trig.token
        if p.no_target:
            return None
        candidates: list[Token | None] = []
        reported = self._control(verb)
        if reported is not None and reported[0].reported:
            # "X says Y must end attacks": Y is the one X makes the demand of.
            candidates.extend(children(verb, SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS))
        if p.prep and p.prep_is_target:
            candidates.append(trig.prep_object)
        if p.object and p.target_preps:
            # "shared intelligence with Ethiopia": the object the pattern names is the act's
            # theme; a recipient after a target preposition comes before it.
            candidates.append(prep_object(verb, p.target_preps))
            if trig.object is not None:
                candidates.append(prep_object(trig.object, p.target_preps))
        # "summoned the Egyptian ambassador": an object that is an actor is the recipient;
        # but not the noun after a required preposition that names no recipient ("took
        # the school to court").
        if not (trig.object is not None and trig.object.dep_ == "pobj" and not p.prep_is_target):
            candidates.append(trig.object)
        if not p.object or (trig.object is not None and trig.object.dep_ == "pobj"):
            # "returned paintings to Greece", "threatened Iran with sanctions"
            if reduced_passive(verb):
                candidates.append(verb.head)
            elif is_passive(verb):
                candidates.extend(children(verb, PASSIVE_SUBJECT_DEPS))
            else:
                candidates.extend(children(verb, OBJECT_DEPS | {"dative"}))
        if p.target_preps:
            candidates.append(prep_object(verb, p.target_preps))
        if trig.object is not None:
            # "rejected a call from Bush", "welcomed the decision by Iran": whose act it was.
            candidates.append(prep_object(trig.object, (*p.target_preps, *OBJECT_AUTHOR_PREPS)))
        if p.code[:2] in CLAUSE_TARGET_ROOTS:
            # "demanded that Syria cooperate", "alleged the government had lied": the
            # clause's subject is the one asked or accused.
            for clause in children(verb, frozenset({"ccomp"})):
                candidates.extend(children(clause, SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS))
        return next((c for c in candidates if c is not None and index.at(c)), None)

    def _noun_actors(
        self, trig: Trigger, index: ActorIndex, triggers: dict[int, Trigger]
    ) -> tuple[list[ActorMention], list[ActorMention]]:
        noun, p = trig.token, trig.pattern
        if (
            noun.dep_ in ("compound", "amod", "nmod", "npadvmod")
            and noun.head.lemma_.lower() in self.lexicon.carrier_nouns
        ):
            # "a mediation effort between X and Y", "China's aid package to Y": the event
            # noun's arguments hang on the noun it modifies.
            noun = noun.head
        between = prep_object(noun, ("between", "among"))
        if between is not None and "between" not in p.target_preps:
            pair = index.at(between)
            if len(pair) >= 2:
                return pair[:1], pair[1:]
        sources: list[ActorMention] = []
        undergoer: list[ActorMention] = []
        for child in noun.children:
            if child.dep_ == "poss" and p.possessor_undergoes:
                undergoer = index.at(child)  # "his arrest": he was arrested
            elif child.dep_ == "poss":
                sources = index.at(child)
        if not sources:
            sources = index.at(prep_object(noun, ("by",)))
        own = [
            m
            for m in index.by_head.get(noun.i, [])
            if not m.start <= trig.token.i < m.end  # "a peacekeeping mission" is no doer
        ]
        targets: list[ActorMention] = []
        if not p.no_target:
            targets = index.at(trig.prep_object if p.prep else prep_object(noun, p.target_preps))
            if not targets and not p.prep:
                targets = index.at(prep_object(noun, THEME_TARGET_PREPS))
            theme = prep_object(noun, ("of",))
            if not targets and theme is not None:
                # "a suspension of aid to Egypt": the recipient hangs on the noun's theme.
                targets = index.at(prep_object(theme, THEME_TARGET_PREPS))
        targets = targets or undergoer
        if not sources and len(own) >= 2 and not targets:
            return own[:1], own[1:]  # "Pakistan-Russia talks"
        if not sources and own and (targets or p.code[:2] in TARGETLESS_ROOTS):
            # "US airstrikes", "Russian sanctions on Iran"; but "an EU summit" alone names
            # a gathering, not an act of the EU's.
            sources = own
        if not sources:
            clause_verb = noun.head
            while (
                clause_verb.dep_ in ("prep", "pobj", "conj") and clause_verb.head.i != clause_verb.i
            ):
                clause_verb = clause_verb.head
            # Only a clause that is not itself an event lends its subject: in "X condemned
            # the attack on Y", X did not attack. A meeting's participants are the clause's
            # ("X spoke after talks with Y"); any act is the doer's of a support verb
            # ("X announced a suspension of aid").
            lends = p.code[:2] in PARTICIPANT_ROOTS or (
                noun.dep_ in ("dobj", "nsubjpass")
                and clause_verb.lemma_.lower() in self.lexicon.support_verbs
            )
            if lends and is_verb(clause_verb) and clause_verb.i not in triggers:
                sources = index.at(self._participant(clause_verb))
        return sources, targets

    def _quoted_act(self, verb: Token, sent: Span, index: ActorIndex) -> bool:
        """An act inside a quotation that is one (`quoted_act`), or the speaker's own side
        named in the third person: "'Pakistan wants to enhance cooperation,' said Asif",
        the Pakistani minister."""
        subject = self._subject(verb)
        if quoted_act(verb, subject):
            return True
        if subject is None or quoted(sent.root):
            return False
        doers = {
            m.actor.country
            for m in index.at(subject)
            if "+context" not in m.actor.entry and "coref:" not in m.actor.entry  # named
        } - {""}
        speakers = index.at(next(iter(children(sent.root, SUBJECT_DEPS)), None))
        return any(m.actor.country in doers for m in speakers)

    # -- control ------------------------------------------------------------------------

    def _control(self, tok: Token) -> tuple[ControlVerb, Token] | None:
        clause, auxes = tok, list(tok.children)
        while clause.dep_ == "conj" and clause.head.i != clause.i:
            clause = clause.head  # "must ensure security and provide aid"
            auxes.extend(clause.children)
        for aux in auxes:
            modal = self.lexicon.controls.get(aux.lower_) if aux.dep_ == "aux" else None
            reporter = clause.head if clause.dep_ == "ccomp" else None
            if modal is not None and modal.reported and reporter is not None and is_verb(reporter):
                return modal, reporter  # "Russia says Israel must end attacks": Russia demands
        if tok.dep_ == "acl" and tok.head.pos_ in NOUN_POS and infinitive(tok):
            # "Britain's refusal to surrender the rebate", "a threat to close the strait":
            # the noun governs the act as its verb would.
            control = self.lexicon.controls.get(tok.head.lemma_.lower())
            return (control, tok.head) if control is not None else None
        if tok.dep_ not in OBJECT_CONTROL_DEPS:
            return None
        head = governor(tok)
        while head is not None and head.dep_ in OBJECT_CONTROL_DEPS and lemma_in(head, ASPECT):
            head = governor(head)  # "urged X to continue giving aid": the urging governs
        if head is None:
            return None
        control = self.lexicon.controls.get(head.lemma_.lower())
        return (control, head) if control is not None else None

    # -- locations ----------------------------------------------------------------------

    def _location(self, tok: Token, sent: Span, dateline: Location | None) -> Location | None:
        """The sentence's place (the trigger's own first), its paragraph's, the dateline."""
        resolved = doc_places(tok.doc, dateline, self.gazetteer)
        return event_location(resolved, tok, sent, dateline)

    def _implicit_country(self, tok: Token, sent: Span, pattern: Pattern, ctx: _DocContext) -> str:
        """Whose act an unnamed doer's is: an arrest, a verdict or a release in a place the
        sentence names belongs to that place's authorities when the article has actors of
        that country ("Stuchiner was arrested at Hong Kong's airport"), and a later one with
        no place to the same authorities; else the article's country."""
        if pattern.code[:2] in AUTHORITY_ROOTS:
            for place in doc_places(tok.doc, ctx.dateline, self.gazetteer):
                if (
                    sent.start <= place.token_start < sent.end
                    and place.role in ("literal", "associative")
                    and place.country
                    and place.country in ctx.countries
                ):
                    ctx.authority = place.country
                    return place.country
            if ctx.authority:
                return ctx.authority  # "he was later convicted": the same courts again
        return ctx.default_country

    # -- the coder ----------------------------------------------------------------------

    def code(self, doc: Doc, article: Article) -> Iterator[Event]:
        remember_text(doc, article.text)
        mentions: list[ActorMention] = doc._.actor_mentions or []
        dateline = self.gazetteer.resolve(article.dateline) if article.dateline else None
        default_country = self._default_country(mentions, dateline)
        mentions = [self._localize(m, default_country) for m in mentions]
        ctx = _DocContext(
            article=article,
            index=ActorIndex(mentions),
            dateline=dateline,
            default_country=default_country,
            countries=frozenset(
                m.actor.country
                for m in mentions
                if m.actor.country and "+context" not in m.actor.entry
            ),
        )
        kept = Restatements()
        candidates = self._candidates(doc)
        for sent_i, sent in enumerate(doc.sents):
            triggers = {}
            first, last = bisect_left(candidates, sent.start), bisect_left(candidates, sent.end)
            for i in candidates[first:last]:
                trig = self._match(doc[i])
                if trig is not None:
                    triggers[i] = trig
            for trig in list(triggers.values()):
                if trig.object is not None:
                    triggers.pop(trig.object.i, None)
            controllers = {
                ctl[1].i
                for t in triggers.values()
                if (ctl := self._control(t.token)) and not ctl[0].keeps_governor
            }
            for trig in triggers.values():
                if trig.token.i in controllers:
                    continue  # "threatened to attack": the embedded event speaks for both
                for event in self._events(trig, sent, sent_i, triggers, ctx):
                    if _anaphor(trig, event) and kept.has_kind(event):
                        continue  # "the attacks were blamed on JI": an attack already coded
                    kept.add(event)
        yield from sorted(kept.events(), key=lambda e: (e.start, e.trigger_start))

    def _events(
        self,
        trig: Trigger,
        sent: Span,
        sent_i: int,
        triggers: dict[int, Trigger],
        ctx: _DocContext,
    ) -> Iterator[Event]:
        tok, pattern = trig.token, trig.pattern
        index, dateline, article = ctx.index, ctx.dateline, ctx.article
        if relative_clause(tok):
            return  # "Ramgoolam, who met Li on Monday, ...": who he is, not the news
        if irrealis(tok, self.lexicon.irrealis_words):
            return  # "hopes that China will invest": a wish, not an act
        if quoted(tok) and not (pattern.kind == "verb" and self._quoted_act(tok, sent, index)):
            return  # a plan, a forecast or a judgement inside a quotation: commentary
        if pattern.kind == "verb":
            subject = self._subject(tok)
            sources = index.at(subject) or unlisted_name(subject)
            targets = index.at(self._verb_target(trig, index))
            implicit = (
                subject is None
                or subject.lower_ in IMPLICIT_PRONOUNS
                # "the resolution demands", "a lawsuit alleged": the text's authors
                or subject.lemma_.lower() in self.lexicon.document_nouns
            )
        else:
            sources, targets = self._noun_actors(trig, index, triggers)
            # An event noun that is the argument of another event ("condemned the attack")
            # is that event's topic; otherwise it reports an act, its doer unnamed.
            implicit = tok.dep_ in CLAUSE_HEAD_DEPS or governing_verb(tok) not in triggers
        unresolved_pronoun = pattern.kind == "verb" and subject is not None and implicit
        if (
            not sources
            and implicit
            and not pattern.needs_doer
            and (targets or unresolved_pronoun or pattern.code[:2] in TARGETLESS_ROOTS)
        ):
            # "Five men were arrested", "a suicide attack killed eight": the act is
            # reported, its doer unnamed; the source keeps no text and no guessed code.
            sources = [implicit_source(tok, self._implicit_country(tok, sent, pattern, ctx))]
        if not sources:
            return
        if pattern.own_clause and _clause_about_others(tok, sources, index):
            return  # "warned that extremists may strike": a prediction, no threat
        sources = [as_argument(m, sent) for m in sources]
        targets = [as_argument(m, sent) for m in targets]
        if not targets and len(sources) >= 2 and pattern.code[:2] in RECIPROCAL_ROOTS:
            # "Pakistan and Afghanistan agreed to share information": each with the other.
            sources, targets = sources[:1], sources[1:]
        code, mode, negated, rule = pattern.code, mode_of(tok), negated_act(tok), pattern.id
        base_confidence = pattern.confidence
        control = self._control(tok)
        if control is not None:
            ctl, head = control
            mapped = ctl.roots.get(code[:2])
            if mapped:
                # The governing verb ("refused", "threatened") is firm evidence of its own.
                code, base_confidence = mapped, max(base_confidence, CONTROLLED_CONFIDENCE)
            elif ctl.negates:
                negated = True
            if ctl.mode != "asserted":
                mode = ctl.mode
            if ctl.no_event:
                return  # "was due to meet", "is expected to challenge": not yet an act
            negated = negated or negated_act(head)
            rule = f"{pattern.id}@{ctl.id}"
        elif mode == "future" and negated and self.lexicon.refusal is not None:
            # "the union will not end the strike": an announced refusal is a rejection.
            mapped = self.lexicon.refusal.roots.get(code[:2])
            if mapped:
                code, rule, negated = mapped, f"{pattern.id}@future-refusal", False
        elif mode == "future" and self.lexicon.intent is not None:
            # "X said it will release the hostages": an announced act is an intent (03x).
            mapped = self.lexicon.intent.roots.get(code[:2])
            if mapped:
                code, rule = mapped, f"{pattern.id}@future"
        cameo = self.codebook[code]
        location = self._location(tok, sent, dateline)
        # What the trigger's own place in the sentence costs every pair it gives.
        clause_penalty = (
            (ALLEGED_PENALTY if mode == "alleged" else 0.0)
            + (SUBORDINATE_PENALTY if subordinate(tok) else 0.0)
            + (TEMPORAL_CLAUSE_PENALTY if temporal_clause(tok) else 0.0)
        )
        for src, tgt in product(sources, targets or [None]):
            if tgt is not None and tgt is src:
                continue
            if tgt is None and pattern.needs_target:
                continue  # "protect the environment", "pay legal costs": nobody helped
            if tgt is None and pattern.kind == "noun" and _setting(tok):
                continue  # "at its last meeting, OPEC kept its quota": the scene, not an act
            confidence = base_confidence
            confidence += TARGET_BONUS if tgt is not None else 0.0
            confidence -= NOUN_PENALTY if pattern.kind == "noun" else 0.0
            confidence -= UNCODED_PENALTY if not src.actor.code else 0.0
            confidence -= IMPLICIT_PENALTY if not src.actor.text else 0.0
            confidence -= clause_penalty
            if tgt is None and pattern.code[:2] not in TARGETLESS_ROOTS:
                confidence -= MISSING_TARGET_PENALTY
            yield Event(
                event_id=content_id(
                    article.id,
                    str(sent_i),
                    str(tok.idx),
                    str(src.start),
                    str(tgt.start if tgt else -1),
                    code,
                ),
                article_id=article.id,
                sentence_index=sent_i,
                evidence=sent.text.strip(),
                start=sent.start_char,
                end=sent.end_char,
                source=src.actor,
                target=tgt.actor if tgt else None,
                cameo=code,
                cameo_name=cameo.name,
                cameo_root=cameo.root,
                plover=cameo.plover,
                quad_class=cameo.quad_class,
                goldstein=cameo.goldstein,
                date=(when := event_date(tok.doc, sent, tok, article)).date,
                date_precision=when.precision,
                location=location,
                negated=negated,
                rule=f"{pattern.kind}:{rule}",
                confidence=round(max(0.05, min(1.0, confidence)), 3),
                mode=mode,
                trigger=tok.text,
                trigger_start=tok.idx,
                trigger_end=tok.idx + len(tok),
            )

    # -- document context ---------------------------------------------------------------

    @staticmethod
    def _default_country(mentions: list[ActorMention], dateline: Location | None) -> str:
        """The country an unqualified "the government" or "police" belongs to."""
        if dateline is not None and dateline.country:
            return dateline.country
        counts: dict[str, int] = defaultdict(int)
        for m in mentions:
            # A pronoun or a repeated surname is the same actor again, not more evidence.
            if m.actor.country and "coref:" not in m.actor.entry:
                counts[m.actor.country] += 1
        if not counts:
            return ""
        best, n = max(counts.items(), key=lambda kv: kv[1])
        # Only a country that dominates the article is a safe default.
        return best if n * 2 > sum(counts.values()) else ""

    @staticmethod
    def _localize(mention: ActorMention, country: str) -> ActorMention:
        actor = mention.actor
        # An unfamiliar person or organisation with no cue of its own belongs to the
        # article's country too (measured in docs/benchmarks.md, "Actors in whole articles").
        unfamiliar = not actor.code and actor.entry.split("+")[0] in UNFAMILIAR_ENTRIES
        if not country or not (actor.code.startswith(UNKNOWN_COUNTRY) or unfamiliar):
            return mention
        if MULTINATIONAL in actor.entry:
            return mention  # "the foreign ministers": several countries, not this one
        code = country + actor.code[len(UNKNOWN_COUNTRY) :] if actor.code else country
        new = replace(actor, code=code, country=country, entry=actor.entry + "+context")
        return replace(mention, actor=new)
