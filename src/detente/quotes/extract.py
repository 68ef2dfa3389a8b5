"""Who said what: direct and indirect quotations with their speakers and cue verbs.

The mechanism, in order:
1. direct quotations are found by their marks (`marks.find_quotes`);
2. each is attributed from its frame, the words outside the marks in the same sentence:
   a reporting verb just after it ('"...," he said', '"...," said Asif') or just before
   it ('He said: "..."'), or a sourcing phrase before it ('According to X, "..."');
   a quotation split around its attribution ('"We will win," he said, "and soon."') is
   one quote, since both halves hang on the same cue verb;
3. a quotation with no cue of its own, adjacent to an attributed one (a quote paragraph
   standing alone, a second quoted sentence after 'Lavrov said.'), is carried over to
   the earlier quote's speaker with a lower confidence;
4. indirect speech is read off the parse: a reporting verb's clausal complement is the
   content and its subject the speaker ("X said (that) ...", "..., the source added");
   "according to X, ..." makes X the speaker of the clause it modifies;
   a cue with an object reading reports its noun phrase ("cited the report", "called for a
   ban", "called the plan a disgrace");
5. verbs of belief and finding ("X believes ...", "the poll shows ...", "X wants to ...")
   are read the same way as quotes of kind "belief", unless they stand inside what another
   quote reports ("he said he believes ..."), where the outer report is the attribution;
6. nouns of speech take their possessor, 'by' phrase or support verb's subject as the
   source and their clause as the content ("Trump's claim that ...", "a statement by X
   that ...", "X made the claim that ...");
7. layout: transcript and headline lines ("PENCE: ...", `quotes/layout.py`) and quotes
   signed with a dash ('"..." ― Maria Lopez');
8. a speaker token is resolved to an actor through the actor mentions the actor component
   put on the Doc (the same resolution events use, pronoun coreference included); a
   speaker no dictionary knows keeps its text with an empty code.
"""

from __future__ import annotations

import logging
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from detente.nlp.doc_text import doc_text
from detente.quotes.cues import (
    KIND_BELIEF,
    KIND_SOURCE,
    OBJECT_ANY,
    OBJECT_COMPLEMENT,
    Cue,
    CueLexicon,
    default_cues,
)
from detente.quotes.layout import COLON_CUE, DASH_CUE, colon_lines, signature
from detente.quotes.marks import MARKS, QuoteSpan, find_quotes, paragraphs
from detente.types import Actor, Article, Quote, content_id

LOGGER = logging.getLogger(__name__)

# Confidence of each kind of attribution: a cue verb beside the quote marks is the most
# reliable reading; the parse-based indirect readings depend on the small model's parse;
# carry-over is a guess from adjacency. Set by hand, ordered by their error rates on the
# PolNeAR dev split (docs/benchmarks.md, "Quotes (issue 5)").
CONFIDENCE_DIRECT = 0.9
CONFIDENCE_INDIRECT = 0.7
CONFIDENCE_SOURCE = 0.7
CONFIDENCE_CARRY_OVER = 0.5
# How far (in word tokens) after a quotation its cue verb may stand ('"...," the former
# foreign minister said' has four words before the verb).
MAX_CUE_AFTER = 6
# How many heads to climb from quoted words to the reporting verb that governs them.
MAX_GOVERNING_STEPS = 4
# Fewest words for a quote carried over to the previous speaker; shorter quoted words
# are titles and scare quotes ("so-called 'moderate' rebels"), not quotations.
MIN_CARRY_OVER_WORDS = 4
CARRY_OVER_RULE = "direct:carry-over"
# Sentence-final punctuation: a frame stops at it.
SENTENCE_END = frozenset({".", "!", "?"})
# Dependency labels of a subject, and of the clauses that inherit their head's subject.
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
INHERIT_SUBJECT_DEPS = frozenset({"xcomp", "advcl", "conj"})
# Complement labels that hold what was said.
CONTENT_DEPS = frozenset({"ccomp"})
# Infinitive complements that hold what was said by an active cue ("vowed to ...").
INFINITIVE_DEPS = frozenset({"xcomp"})
# Object labels, and the labels of an object's complement ("called the plan a disgrace",
# "described it as a mistake", "likened the rules to theft"), for cues with an object reading.
OBJECT_DEPS = frozenset({"dobj"})
COMPLEMENT_DEPS = frozenset({"oprd", "ccomp", "xcomp"})
COMPLEMENT_PREPS = frozenset({"as", "to"})
# Labels of a preposition's object ("called for a ban", "spoke of his plans").
PREP_OBJECT_DEPS = frozenset({"pobj", "pcomp"})
# Labels of a noun's clause ("the claim that ...", "a plan to ..."), the marks that make such a
# clause a complement rather than a relative clause, and the labels of a noun's speaker
# ("Trump's claim", "a statement by the ministry").
NOUN_CLAUSE_DEPS = frozenset({"acl", "ccomp"})
NOUN_CLAUSE_MARKS = frozenset({"that", "to"})
POSSESSOR_DEPS = frozenset({"poss"})
AGENT_PREPS = frozenset({"by", "from"})
# Support verbs whose subject is the source of the noun of speech they take ('X made the
# claim that ...', 'X issued a warning that ...'); common English light-verb constructions.
SUPPORT_VERBS = frozenset({"make", "issue", "release", "express", "voice", "repeat", "offer"})
# Confidence of a noun-of-speech reading: below a verb's, the parse of noun clauses is weaker.
CONFIDENCE_NOUN = 0.6
# Confidence of a "NAME: ..." line: a transcript's speaker labels are reliable; a single
# headline-style label less so.
CONFIDENCE_TRANSCRIPT = 0.8
CONFIDENCE_COLON = 0.6
# Labels of a reporting clause set into what it reports ("X, he said, Y").
PARENTHETICAL_DEPS = frozenset({"parataxis"})
# Object labels a small model gives to the subject of an inverted cue ("said Asif").
INVERTED_DEPS = frozenset({"dobj", "attr", "npadvmod", "oprd"})
# Words that may stand between a cue and the quote it introduces ('said that "...').
LINK_WORDS = frozenset({"that", ",", ":", "-", "—", "–"})
SPEAKER_POS = frozenset({"PROPN", "NOUN", "PRON"})


@dataclass(slots=True)
class _Attribution:
    cue: Token
    cue_entry: Cue
    speaker: Token
    where: str  # "after", "before", "source"


class _Context:
    """Per-document lookups shared by the steps."""

    def __init__(self, doc: Doc, article: Article, cues: CueLexicon) -> None:
        self.doc = doc
        self.article = article
        self.cues = cues
        self.text = doc_text(doc)
        self.spans = find_quotes(self.text)
        self.para_starts = [a for a, _ in paragraphs(self.text)] or [0]
        self.sent_starts = [s.start_char for s in doc.sents] or [0]
        starts = [q.start for q in self.spans]
        self.quote_of: list[int] = []
        for tok in doc:
            k = bisect_right(starts, tok.idx) - 1
            inside = k >= 0 and tok.idx < self.spans[k].end
            self.quote_of.append(k if inside else -1)
        self.mentions = (
            list(doc._.actor_mentions or []) if doc.has_extension("actor_mentions") else []
        )
        self.words = [t.lower_ for t in doc]
        self.token_ends = [t.idx + len(t) for t in doc]

    def para(self, char: int) -> int:
        return bisect_right(self.para_starts, char) - 1

    def sentence(self, char: int) -> int:
        return max(0, bisect_right(self.sent_starts, char) - 1)

    def first_token_at(self, char: int) -> int:
        """Index of the first token ending after `char` (len(doc) when there is none)."""
        return bisect_right(self.token_ends, char)


def extract_quotes(doc: Doc, article: Article, cues: CueLexicon | None = None) -> Iterator[Quote]:
    """Every quotation in `doc`, direct then indirect readings merged in text order."""
    ctx = _Context(doc, article, cues or default_cues())
    direct, used, leftover = _direct(ctx)
    lines = _colon_lines(ctx, [q for q in direct if q.rule != CARRY_OVER_RULE])
    # A transcript line quoted as a whole is the labelled speaker's, not the previous one's.
    direct = [q for q in direct if q.rule != CARRY_OVER_RULE or not _overlapping(q, lines)]
    indirect = list(_indirect(ctx, used, direct))
    indirect += _nouns(ctx, direct + indirect)
    indirect += lines
    governed = list(_governed(ctx, leftover, used, indirect))
    found = _drop_nested_beliefs(direct + indirect + governed)
    yield from sorted(found, key=lambda q: (q.content_start, q.content_end))


def _overlapping(quote: Quote, others: list[Quote]) -> bool:
    return any(
        o.content_start < quote.content_end and quote.content_start < o.content_end for o in others
    )


def _drop_nested_beliefs(found: list[Quote]) -> list[Quote]:
    """Beliefs whose cue stands inside what another quote reports ('he said he believes
    ...'): the outer report is the attribution, the inner belief the speaker's own words."""
    outer = [q for q in found if q.kind != KIND_BELIEF]
    return [
        q
        for q in found
        if q.kind != KIND_BELIEF
        or not any(o.content_start <= q.cue_start < o.content_end for o in outer)
    ]


# -- frames and speakers -----------------------------------------------------------------


def _left_frame(ctx: _Context, span: QuoteSpan) -> list[Token]:
    """Tokens before the opening mark, back to a sentence end, a quote or the paragraph."""
    para = ctx.para(span.start)
    out: list[Token] = []
    j = ctx.first_token_at(span.start) - 1
    while j >= 0:
        tok = ctx.doc[j]
        if ctx.quote_of[j] != -1 or ctx.para(tok.idx) != para or tok.text in SENTENCE_END:
            break
        if not tok.is_space:
            out.append(tok)
        j -= 1
    out.reverse()
    return out


def _right_frame(ctx: _Context, span: QuoteSpan) -> list[Token]:
    """Tokens after the closing mark, up to a sentence end, a quote or the paragraph's end."""
    para = ctx.para(span.end - 1)
    out: list[Token] = []
    j = ctx.first_token_at(span.end)
    while j < len(ctx.doc):
        tok = ctx.doc[j]
        if ctx.quote_of[j] != -1 or ctx.para(tok.idx) != para or tok.text in SENTENCE_END:
            break
        if not tok.is_space:
            out.append(tok)
        j += 1
    return out


def _colon_paragraph(ctx: _Context, span: QuoteSpan) -> list[Token]:
    """'He said:' closing the paragraph before one that opens with this quote."""
    j = ctx.first_token_at(span.start) - 1
    while j >= 0 and ctx.doc[j].is_space:
        j -= 1
    if j < 0 or ctx.doc[j].text != ":" or ctx.para(ctx.doc[j].idx) != ctx.para(span.start) - 1:
        return []
    out: list[Token] = []
    para = ctx.para(ctx.doc[j].idx)
    while j >= 0:
        tok = ctx.doc[j]
        if ctx.quote_of[j] != -1 or ctx.para(tok.idx) != para:
            break
        if tok.text in SENTENCE_END:
            break
        if not tok.is_space:
            out.append(tok)
        j -= 1
    out.reverse()
    return out


def _quoting_cue(ctx: _Context, tok: Token) -> Cue | None:
    """A cue that can attribute quoted words: a verb of speech, not of belief."""
    cue = ctx.cues.speech_cue(tok)
    return cue if cue is not None and cue.kind != KIND_BELIEF else None


def _subject(ctx: _Context, cue: Token) -> Token | None:
    """The speaker token of a reporting verb, outside any quotation."""
    found: Token | None = None
    for child in cue.children:
        if child.dep_ in SUBJECT_DEPS:
            found = child
            break
    head = cue
    for _ in range(3):  # "..., saying", "and added": the governing verb's subject
        if found is not None or head.dep_ not in INHERIT_SUBJECT_DEPS or head.head.i == head.i:
            break
        head = head.head
        found = next((c for c in head.children if c.dep_ in SUBJECT_DEPS), None)
    if found is None and cue.dep_ == "relcl":
        found = cue.head  # "Lavrov, who said ..."
    if found is None:
        found = next((c for c in cue.rights if c.dep_ in INVERTED_DEPS and c.pos_ == "PROPN"), None)
    if found is None or ctx.quote_of[found.i] != -1 or found.dep_ == "expl":
        return None
    if found.pos_ not in SPEAKER_POS and not _mention_at(ctx, found.i):
        return None
    return found


def _mention_at(ctx: _Context, i: int) -> Actor | None:
    best = None
    for m in ctx.mentions:
        if m.head == i:
            return m.actor
        if m.start <= i < m.end and best is None:
            best = m.actor
    return best


def _speaker_actor(ctx: _Context, tok: Token) -> Actor:
    """The actor a speaker token is, through the actor mentions; else its noun phrase."""
    actor = _mention_at(ctx, tok.i)
    if actor is not None:
        return actor
    lo = tok.i
    for child in tok.lefts:
        if child.dep_ in ("compound", "det", "amod", "poss", "nmod", "nummod", "flat"):
            lo = min(lo, child.left_edge.i)
    hi = tok.i + 1
    for child in tok.rights:
        if child.dep_ in ("compound", "flat") and child.i == hi:
            hi = child.i + 1
    span = ctx.doc[lo:hi]
    return Actor(
        text=span.text,
        code="",
        name=span.text,
        start=span.start_char,
        end=span.end_char,
        entry="quote:speaker",
    )


def _source_speaker(ctx: _Context, i: int) -> tuple[Cue, Token, int] | None:
    """'according to X' at token i: the cue, X's head token, and the phrase's end token."""
    hit = ctx.cues.source_cue(ctx.words, i)
    if hit is None:
        return None
    cue, end = hit
    last = ctx.doc[end - 1]
    obj = next((c for c in last.children if c.dep_ in ("pobj", "dobj")), None)
    if obj is None and end < len(ctx.doc) and ctx.doc[end].pos_ in SPEAKER_POS:
        obj = ctx.doc[end]
    if obj is None or ctx.quote_of[obj.i] != -1:
        return None
    return cue, obj, max(end, obj.right_edge.i + 1)


# -- direct quotations -------------------------------------------------------------------


def _attribute(ctx: _Context, span: QuoteSpan) -> _Attribution | None:
    right = _right_frame(ctx, span)
    words = [t for t in right if not t.is_punct]
    for tok in words[:MAX_CUE_AFTER]:
        cue = _quoting_cue(ctx, tok)
        if cue is not None:
            speaker = _subject(ctx, tok)
            if speaker is not None:
                return _Attribution(tok, cue, speaker, "after")
    signed = signature(right)  # '"We want peace." ― Maria Lopez'
    if signed is not None:
        return _Attribution(signed[0], DASH_CUE, signed[1], "signed")
    left = _left_frame(ctx, span) or _colon_paragraph(ctx, span)
    if not left:
        return None
    # 'He said: "..."', 'she said that "...', 'as Lavrov put it, "...'
    k = len(left) - 1
    while k >= 0 and left[k].lower_ in LINK_WORDS:
        k -= 1
    if k >= 0:
        tok = left[k]
        cue = _quoting_cue(ctx, tok)
        if cue is not None:
            speaker = _subject(ctx, tok)
            if speaker is not None:
                return _Attribution(tok, cue, speaker, "before")
    if left[-1].text in (":", ","):
        for tok in left:
            src = _source_speaker(ctx, tok.i)
            if src is not None:
                return _Attribution(tok, src[0], src[1], "source")
    return None


def _make(
    ctx: _Context,
    kind: str,
    start: int,
    end: int,
    content: str,
    speaker: Actor | None,
    cue: Token | None,
    rule: str,
    confidence: float,
    cue_last: Token | None = None,
) -> Quote:
    last = cue_last if cue_last is not None else cue
    cue_end = last.idx + len(last) if last is not None else 0
    return Quote(
        quote_id=content_id(ctx.article.id, kind, str(start), str(end)),
        article_id=ctx.article.id,
        sentence_index=ctx.sentence(start),
        kind=kind,
        content=content,
        content_start=start,
        content_end=end,
        speaker=speaker,
        cue=ctx.text[cue.idx : cue_end] if cue is not None else "",
        cue_start=cue.idx if cue is not None else 0,
        cue_end=cue_end,
        rule=rule,
        confidence=confidence,
    )


def _adjacent(ctx: _Context, prev: QuoteSpan, span: QuoteSpan) -> bool:
    """No more than the earlier quote's own attribution sentence stands between them."""
    if ctx.para(span.start) - ctx.para(prev.end - 1) > 1:
        return False
    gap = ctx.text[prev.end : span.start]
    return sum(gap.count(p) for p in SENTENCE_END) <= 1


def _direct(ctx: _Context) -> tuple[list[Quote], set[int], list[QuoteSpan]]:
    """Attributed direct quotes, the cue tokens they used, and the spans left unattributed."""
    quotes: list[Quote] = []
    used: set[int] = set()
    leftover: list[QuoteSpan] = []
    attributions = [_attribute(ctx, span) for span in ctx.spans]
    prev: tuple[QuoteSpan, Actor, Token | None] | None = None
    k = 0
    while k < len(ctx.spans):
        span, att = ctx.spans[k], attributions[k]
        group = [span]
        if att is not None:
            # '"We will win," he said, "and soon."': the next half hangs on the same cue.
            while k + 1 < len(ctx.spans):
                nxt = attributions[k + 1]
                if nxt is None or nxt.cue.i != att.cue.i:
                    break
                k += 1
                group.append(ctx.spans[k])
        k += 1
        segments = [seg for q in group for seg in q.segments]
        start, end = segments[0][0], segments[-1][1]
        content = " ".join(ctx.text[a:b] for a, b in segments)
        if att is not None:
            speaker = _speaker_actor(ctx, att.speaker)
            used.add(att.cue.i)
            rule = f"direct:{'split' if len(group) > 1 else att.where}/{att.cue_entry.id}"
            quotes.append(
                _make(ctx, "direct", start, end, content, speaker, att.cue, rule, CONFIDENCE_DIRECT)
            )
            prev = (group[-1], speaker, att.cue)
        elif (
            prev is not None
            and len(content.split()) >= MIN_CARRY_OVER_WORDS
            and not _left_frame(ctx, span)
            and _adjacent(ctx, prev[0], span)
        ):
            quotes.append(
                _make(
                    ctx,
                    "direct",
                    start,
                    end,
                    content,
                    prev[1],
                    prev[2],
                    CARRY_OVER_RULE,
                    CONFIDENCE_CARRY_OVER,
                )
            )
            prev = (group[-1], prev[1], prev[2])
        else:
            leftover.extend(group)
    return quotes, used, leftover


# -- indirect speech ---------------------------------------------------------------------


def _subtree_range(tok: Token) -> tuple[int, int]:
    left, right = tok.left_edge, tok.right_edge
    return left.idx, right.idx + len(right)


def _trim_range(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in ",;:—–-"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:—–-"):
        end -= 1
    return start, end


def _outside(text: str, whole: tuple[int, int], part: tuple[int, int]) -> tuple[int, int]:
    """The range of `whole` without `part` when `part` stands at one of its ends, else all
    of `whole` (the content keeps an aside in its middle)."""
    (w_start, w_end), (p_start, p_end) = whole, part
    if p_start <= w_start:
        return _trim_range(text, p_end, w_end)
    if p_end >= w_end:
        return _trim_range(text, w_start, p_start)
    return _trim_range(text, w_start, w_end)


def _kind_for(ctx: _Context, start: int, end: int) -> str:
    """'mixed' when the reported content quotes some words, else 'indirect'."""
    if any(start <= q.start and q.end <= end + 1 for q in ctx.spans):
        return "mixed"
    return "indirect"


def _inside_direct(start: int, end: int, direct: list[Quote]) -> bool:
    return any(
        q.content_start <= start + 2
        and end - 2 <= q.content_end
        or (start <= q.content_start and q.content_end <= end)
        for q in direct
    )


def _indirect(ctx: _Context, used: set[int], direct: list[Quote]) -> Iterator[Quote]:
    doc, text = ctx.doc, ctx.text
    for tok in doc:
        if ctx.quote_of[tok.i] != -1 or tok.i in used:
            continue
        src = _source_speaker(ctx, tok.i)
        if src is not None:
            quote = _according_to(ctx, tok, src)
            if quote is not None and not _inside_direct(
                quote.content_start, quote.content_end, direct
            ):
                yield quote
            continue
        cue = ctx.cues.speech_cue(tok)
        if cue is None:
            continue
        speaker = _subject(ctx, tok)
        if speaker is None:
            continue
        comp = next((c for c in tok.children if c.dep_ in CONTENT_DEPS), None)
        if comp is None and speaker.dep_ == "nsubj" and cue.takes_infinitive:
            # "vowed to punish", "urged Congress to act": an active cue's infinitive.
            comp = next((c for c in tok.children if c.dep_ in INFINITIVE_DEPS), None)
        aside = _subtree_range(tok)
        obj = _object_content(tok, cue) if comp is None and speaker.dep_ == "nsubj" else None
        if comp is not None:
            start, end = _trim_range(text, *_subtree_range(comp))
            how = comp.dep_
        elif obj is not None:
            # "cited the report", "called for a ban", "called the plan a disgrace"
            start, end = _trim_range(text, *obj)
            how = "object"
        elif tok.dep_ in PARENTHETICAL_DEPS and tok.head.i != tok.i:
            # "Moscow is concerned, he said, about ...": the clause around the aside.
            start, end = _outside(text, _subtree_range(tok.head), aside)
            how = "aside"
        else:
            continue
        in_aside = aside[0] <= speaker.idx < aside[1]
        if end <= start or (start <= speaker.idx < end and not (how == "aside" and in_aside)):
            continue
        if _inside_direct(start, end, direct):
            continue
        kind = KIND_BELIEF if cue.kind == KIND_BELIEF else _kind_for(ctx, start, end)
        yield _make(
            ctx,
            kind,
            start,
            end,
            text[start:end],
            _speaker_actor(ctx, speaker),
            tok,
            f"{kind}:{how}/{cue.id}",
            CONFIDENCE_INDIRECT,
        )


def _colon_lines(ctx: _Context, readings: list[Quote]) -> list[Quote]:
    """'PENCE: Well, look ...' in a transcript; 'Lavrov: Moscow will not back down' alone."""
    out: list[Quote] = []
    paras = paragraphs(ctx.text)
    for line in colon_lines(ctx.doc, paras, ctx.first_token_at):
        start, end = line.content
        if _inside_direct(start, end, readings):
            continue
        kind = "direct" if line.transcript or ctx.text[start] in MARKS else "indirect"
        out.append(
            _make(
                ctx,
                kind,
                start,
                end,
                ctx.text[start:end],
                _speaker_actor(ctx, line.speaker),
                line.colon,
                f"{kind}:{'transcript' if line.transcript else 'colon'}/{COLON_CUE.id}",
                CONFIDENCE_TRANSCRIPT if line.transcript else CONFIDENCE_COLON,
            )
        )
    return out


def _noun_speaker(tok: Token) -> Token | None:
    """The source of a noun of speech: its possessor, its 'by' phrase, or the subject of the
    verb it is the object of ('X made the claim that ...')."""
    for child in tok.children:
        if child.dep_ in POSSESSOR_DEPS:
            return child
        if child.dep_ == "prep" and child.lower_ in AGENT_PREPS:
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj
    if tok.dep_ in OBJECT_DEPS and tok.head.lemma_.lower() in SUPPORT_VERBS:
        return next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
    return None


def _nouns(ctx: _Context, readings: list[Quote]) -> list[Quote]:
    """'Trump's claim that ...', 'a statement by the ministry that ...', 'their plan to ...'."""
    out: list[Quote] = []
    for tok in ctx.doc:
        if ctx.quote_of[tok.i] != -1:
            continue
        cue = ctx.cues.noun_cue(tok)
        if cue is None:
            continue
        clause = next(
            (
                c
                for c in tok.children
                if c.dep_ in NOUN_CLAUSE_DEPS
                and c.i > tok.i
                and any(m.lower_ in NOUN_CLAUSE_MARKS and m.i < c.i for m in c.children)
            ),
            None,
        )
        speaker = _noun_speaker(tok) if clause is not None else None
        if clause is None or speaker is None or ctx.quote_of[speaker.i] != -1:
            continue
        if speaker.pos_ not in SPEAKER_POS and not _mention_at(ctx, speaker.i):
            continue
        start, end = _trim_range(ctx.text, *_subtree_range(clause))
        if end <= start or start <= speaker.idx < end or _inside_direct(start, end, readings):
            continue
        kind = _kind_for(ctx, start, end)
        out.append(
            _make(
                ctx,
                kind,
                start,
                end,
                ctx.text[start:end],
                _speaker_actor(ctx, speaker),
                tok,
                f"{kind}:noun/{cue.id}",
                CONFIDENCE_NOUN,
            )
        )
    return out


def _object_content(tok: Token, cue: Cue) -> tuple[int, int] | None:
    """The character range of what a cue with an object reading reports, if it has one."""
    if not cue.takes_object:
        return None
    words = cue.lemma.split()
    if len(words) > 1:  # a phrasal cue: the object of its preposition
        prep = next((c for c in tok.children if c.lower_ == words[1]), None)
        pobj = (
            next((c for c in prep.children if c.dep_ in PREP_OBJECT_DEPS), None) if prep else None
        )
        return _subtree_range(pobj) if pobj is not None else None
    obj = next((c for c in tok.children if c.dep_ in OBJECT_DEPS), None)
    if obj is None:
        return None
    comp = next(
        (
            c
            for c in tok.children
            if c.i > obj.i
            and (c.dep_ in COMPLEMENT_DEPS or (c.dep_ == "prep" and c.lower_ in COMPLEMENT_PREPS))
        ),
        None,
    )
    if comp is None:
        return _subtree_range(obj) if cue.takes_object == OBJECT_ANY else None
    if cue.takes_object not in (OBJECT_ANY, OBJECT_COMPLEMENT):
        return None
    return obj.left_edge.idx, comp.right_edge.idx + len(comp.right_edge)


def _according_to(ctx: _Context, tok: Token, src: tuple[Cue, Token, int]) -> Quote | None:
    """'According to X, <clause>' or '<clause>, according to X': X said the clause."""
    cue, obj, phrase_end = src
    if cue.kind != KIND_SOURCE:
        return None
    clause = tok.head
    for _ in range(6):
        if clause.pos_ in ("VERB", "AUX") or clause.head.i == clause.i:
            break
        clause = clause.head
    sent = tok.sent
    if clause.i == tok.i or not (sent.start <= clause.i < sent.end):
        clause = sent.root
    last = ctx.doc[phrase_end - 1]
    start, end = _outside(ctx.text, _subtree_range(clause), (tok.idx, last.idx + len(last)))
    if end <= start:
        return None
    kind = _kind_for(ctx, start, end)
    return _make(
        ctx,
        kind,
        start,
        end,
        ctx.text[start:end],
        _speaker_actor(ctx, obj),
        tok,
        f"{kind}:source/{cue.id}",
        CONFIDENCE_SOURCE,
        cue_last=ctx.doc[tok.i + len(cue.lemma.split()) - 1],
    )


# -- quoted words inside a reported sentence ---------------------------------------------


def _governed(
    ctx: _Context, spans: list[QuoteSpan], used: set[int], readings: list[Quote]
) -> Iterator[Quote]:
    """Quoted words a reporting verb governs through the parse ('called it "a disgrace"',
    'vowed to punish "those who leak"'), unless an indirect reading already holds them."""
    for span in spans:
        if any(q.content_start <= span.start and span.end <= q.content_end + 1 for q in readings):
            continue
        inside = [
            t for t in ctx.doc if ctx.quote_of[t.i] != -1 and ctx.spans[ctx.quote_of[t.i]] is span
        ]
        roots = [t for t in inside if ctx.quote_of[t.head.i] == -1]
        if not roots:
            continue
        tok = roots[0].head
        for _ in range(MAX_GOVERNING_STEPS):
            cue = _quoting_cue(ctx, tok) if ctx.quote_of[tok.i] == -1 else None
            speaker = _subject(ctx, tok) if cue is not None else None
            if cue is not None and speaker is not None:
                yield _make(
                    ctx,
                    "direct",
                    span.content_start,
                    span.content_end,
                    span.content(ctx.text),
                    _speaker_actor(ctx, speaker),
                    tok,
                    f"direct:governed/{cue.id}",
                    CONFIDENCE_INDIRECT,
                )
                break
            if tok.head.i == tok.i:
                break
            tok = tok.head
