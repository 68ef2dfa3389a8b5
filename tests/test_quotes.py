"""Quotes: who said what. Texts are written for these tests."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from detente.quotes import find_quotes
from detente.store import Store
from detente.types import Article, Quote

LAVROV = "Russian Foreign Minister Sergey Lavrov"
ASIF = "Pakistani Foreign Minister Khawaja Asif"

# (text, expected top-level quoted contents) — character-level, no model needed.
MARK_CASES = [
    ('"We will win," he said.', ["We will win,"]),
    ("“We will win,” he said.", ["We will win,"]),
    ("“A ‘nested’ phrase stays inside,” she said.", ["A ‘nested’ phrase stays inside,"]),
    ('"We will win," he said, "and soon."', ["We will win,", "and soon."]),
    (
        'He said: "Read the question: “Do you agree?” Then answer."',
        ["Read the question: “Do you agree?” Then answer."],
    ),
    (
        "“First paragraph runs on.\n“Second one ends it,” he said.",
        ["First paragraph runs on. Second one ends it,"],
    ),
    ("“An open quote.\nA plain paragraph follows.", ["An open quote."]),
    ("The minister's aides didn't comment.", []),
]


@pytest.mark.parametrize(("text", "expected"), MARK_CASES)
def test_find_quotes(text: str, expected: list[str]) -> None:
    assert [q.content(text) for q in find_quotes(text)] == expected


def _quotes(pipeline, text: str) -> list[Quote]:
    article = Article(id=Article.make_id(text), text=text)
    return list(pipeline.code_text(text, article).quotes)


# (text, expected quotes as (kind, content substring, speaker code prefix, rule prefix)).
EXTRACT_CASES = [
    (  # straight quotes, cue after
        f'"We will defend our borders," {LAVROV} said.',
        [("direct", "We will defend our borders", "RUS", "direct:after")],
    ),
    (  # curly quotes, inverted cue
        f"“The talks in Moscow were useful,” said {ASIF}.",
        [("direct", "The talks in Moscow were useful", "PAK", "direct:after")],
    ),
    (  # split around the attribution: one quote
        f'{LAVROV} spoke in Moscow. "We will win," Lavrov said, "and we will do it soon."',
        [("direct", "We will win, and we will do it soon.", "RUS", "direct:split")],
    ),
    (  # multi-sentence
        f'"The border is calm. Our troops remain alert at every post," {ASIF} told reporters.',
        [("direct", "The border is calm. Our troops remain alert", "PAK", "direct:after")],
    ),
    (  # cue before, with a colon
        f'{ASIF} said: "Pakistan wants peace with all its neighbours."',
        [("direct", "Pakistan wants peace", "PAK", "direct:before")],
    ),
    (  # multi-paragraph: the first paragraph opens a quote and does not close it
        f'{LAVROV} met reporters on Friday.\n"We have warned them many times about this.\n'
        '"They did not listen, and now they must answer for it," Lavrov said.',
        [("direct", "many times about this. They did not listen", "RUS", "direct:after")],
    ),
    (  # indirect speech with "that"
        f"{LAVROV} said that Moscow would send more aid to Syria.",
        [("indirect", "that Moscow would send more aid to Syria", "RUS", "indirect:ccomp")],
    ),
    (  # indirect speech without "that", another cue verb
        f"{ASIF} warned the militants would be driven out of the valley.",
        [("indirect", "the militants would be driven out", "PAK", "indirect:ccomp")],
    ),
    (  # according to
        f"According to {ASIF}, the border crossing will reopen next week.",
        [("indirect", "the border crossing will reopen next week", "PAK", "indirect:source")],
    ),
    (  # a pronoun speaker resolved to the person named before
        f'{LAVROV} arrived in Islamabad on Monday. "We came to listen," he said.',
        [("direct", "We came to listen", "RUS", "direct:after")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), EXTRACT_CASES)
def test_extract_quotes(pipeline, text: str, expected: list[tuple[str, str, str, str]]) -> None:
    quotes = _quotes(pipeline, text)
    got = [(q.kind, q.content, q.speaker.code if q.speaker else "", q.rule) for q in quotes]
    assert len(quotes) == len(expected), got
    for quote, (kind, content, code, rule) in zip(quotes, expected, strict=True):
        assert quote.kind == kind, got
        assert content in quote.content, got
        assert quote.speaker is not None and quote.speaker.code.startswith(code), got
        assert quote.rule.startswith(rule), got
        # Offsets point at the content in the text.
        assert text[quote.content_start : quote.content_end].startswith(quote.content[:10])


# Readings added for recall on PolNeAR (docs/benchmarks.md, "Quotes (issue 5)"): beliefs
# and findings, object readings, nouns of speech, transcripts and signed quotes.
MORE_CASES = [
    (  # a verb of belief: kind "belief"
        f"{ASIF} believes the valley will be safe by spring.",
        [("belief", "the valley will be safe by spring", "PAK", "belief:ccomp/belief:believe")],
    ),
    (  # a finding with a non-person source
        "A new survey by the farmers' union shows that most growers expect a poor harvest.",
        [("belief", "most growers expect a poor harvest", "", "belief:ccomp/belief:show")],
    ),
    (  # a belief nested in reported speech is not an attribution of its own
        f"{LAVROV} said he believes the talks will fail.",
        [("indirect", "he believes the talks will fail", "RUS", "indirect:ccomp/cue:say")],
    ),
    (  # object reading of a cue verb
        f"{LAVROV} cited the rising number of attacks near the border.",
        [("indirect", "the rising number of attacks", "RUS", "indirect:object/cue:cite")],
    ),
    (  # object of a phrasal cue's preposition
        f"{ASIF} called for an immediate ceasefire in the valley.",
        [("indirect", "an immediate ceasefire", "PAK", "indirect:object/cue:call-for")],
    ),
    (  # object with its complement
        f"{ASIF} called the agreement a historic step.",
        [("indirect", "the agreement a historic step", "PAK", "indirect:object/cue:call")],
    ),
    (  # a noun of speech with a possessor
        f"Analysts questioned {LAVROV}'s claim that the sanctions had failed.",
        [("indirect", "the sanctions had failed", "RUS", "indirect:noun/noun:claim")],
    ),
    (  # a noun of speech with a 'by' phrase
        f"Reporters received a statement by {ASIF} that the border would reopen on Monday.",
        [("indirect", "the border would reopen", "PAK", "indirect:noun/noun:statement")],
    ),
    (  # a quote signed with a dash
        "Voices from the rally\n\n“Nobody listens to the farmers here.” ― Maria Lopez\n",
        [("direct", "Nobody listens to the farmers", "", "direct:signed/layout:dash")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), MORE_CASES)
def test_more_readings(pipeline, text: str, expected: list[tuple[str, str, str, str]]) -> None:
    quotes = _quotes(pipeline, text)
    got = [(q.kind, q.content, q.speaker.code if q.speaker else "", q.rule) for q in quotes]
    assert len(quotes) == len(expected), got
    for quote, (kind, content, code, rule) in zip(quotes, expected, strict=True):
        assert (quote.kind, quote.rule) == (kind, rule), got
        assert content in quote.content, got
        assert quote.speaker is not None and quote.speaker.code.startswith(code), got
        assert text[quote.content_start : quote.content_end] == quote.content


def test_transcript_lines(pipeline) -> None:
    text = (
        "Morning briefing\n\nLOPEZ: We have asked the council to vote on the budget.\n\n"
        "GRANT: The council will not vote before the audit is finished.\n\n"
        "LOPEZ: Then the schools will close next month.\n"
    )
    lines = [q for q in _quotes(pipeline, text) if q.rule.startswith("direct:transcript")]
    assert [(q.speaker.text if q.speaker else "", q.content[:12]) for q in lines] == [
        ("LOPEZ", "We have aske"),
        ("GRANT", "The council "),
        ("LOPEZ", "Then the sch"),
    ]
    assert all(q.cue == ":" and q.kind == "direct" for q in lines)


def test_headline_label_needs_a_known_name(pipeline) -> None:
    # One capitalised label that is no name is a heading, not a speaker.
    text = "Update: The bridge will stay closed until the repairs are finished.\n"
    assert not [q for q in _quotes(pipeline, text) if "colon" in q.rule]


def test_perception_and_aspect_verbs_are_not_cues(pipeline) -> None:
    assert _quotes(pipeline, f"{ASIF} continued to visit the camps near the border.") == []
    assert _quotes(pipeline, "Officers saw the suspect leave the building.") == []


def test_belief_kind_reaches_jsonl(pipeline) -> None:
    extraction = pipeline.code_text(f"{ASIF} believes the valley will be safe by spring.")
    (record,) = [q.to_dict() for q in extraction.quotes]
    assert (record["kind"], record["quote_kind"]) == ("quote", "belief")


def test_pronoun_speaker_keeps_its_own_span(pipeline) -> None:
    text = f'{LAVROV} arrived in Islamabad on Monday. "We came to listen," he said.'
    (quote,) = _quotes(pipeline, text)
    assert quote.speaker is not None
    assert quote.speaker.text == "he"
    assert text[quote.speaker.start : quote.speaker.end] == "he"
    assert quote.cue == "said"


def test_carry_over_to_the_previous_speaker(pipeline) -> None:
    text = (
        f'"We came to listen," {LAVROV} said.\n'
        '"Pakistan is an old friend of our country and we value its views."'
    )
    first, second = _quotes(pipeline, text)
    assert first.rule.startswith("direct:after")
    assert second.rule == "direct:carry-over"
    assert second.speaker == first.speaker
    assert second.confidence < first.confidence
    assert second.content.startswith("Pakistan is an old friend")


def test_unknown_speaker_keeps_text_without_code(pipeline) -> None:
    (quote,) = _quotes(pipeline, '"The river rose overnight," said Tomas Verhoeven.')
    assert quote.speaker is not None
    assert quote.speaker.code == ""
    assert "Verhoeven" in quote.speaker.text


def test_scare_quotes_are_not_quotations(pipeline) -> None:
    assert _quotes(pipeline, 'The so-called "moderate" groups left the city.') == []


def test_store_round_trip(pipeline) -> None:
    text = f'"We will defend our borders," {LAVROV} said. {ASIF} said that talks would go on.'
    extraction = pipeline.code_text(text)
    assert len(extraction.quotes) == 2
    with Store(":memory:") as store:
        store.write([extraction])
        store.write([extraction])  # the same article again adds nothing
        stored = store.quotes()
        assert stored == [q.to_dict() for q in extraction.quotes]
        assert [q["speaker"]["code"][:3] for q in store.quotes(speaker="RUS")] == ["RUS"]
        assert store.count_quotes(q="TALKS") == 1
        assert store.quotes(article_id="nope") == []
        assert len(store.quotes(limit=1, offset=1)) == 1


def test_cli_jsonl_has_quote_records(tmp_path: Path) -> None:
    from detente.cli import main

    path = tmp_path / "report.txt"
    path.write_text(
        f'Talks in Moscow\n"We will defend our borders," {LAVROV} said after talks with {ASIF}.\n',
        encoding="utf-8",
    )
    out, err = io.StringIO(), io.StringIO()
    assert main(["code", str(path), "--format", "jsonl"], out=out, err=err) == 0, err.getvalue()
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    kinds = [r["kind"] for r in records]
    assert "quote" in kinds
    assert kinds == sorted(kinds, key=lambda k: k != "event")  # events first, then quotes
    quote = next(r for r in records if r["kind"] == "quote")
    assert quote["speaker"]["code"].startswith("RUS")
    assert quote["quote_kind"] == "direct"


def test_api_quotes(tmp_path: Path, pipeline) -> None:
    from fastapi.testclient import TestClient

    from detente.api import create_app

    db = tmp_path / "q.duckdb"
    with Store(db) as store:
        store.write([pipeline.code_text(f'"We will defend our borders," {LAVROV} said.')])
    with TestClient(create_app(str(db))) as client:
        body = client.get("/api/quotes", params={"actor": "RUS"}).json()
        assert body["total"] == 1
        assert body["items"][0]["content"].startswith("We will defend")
        assert client.get("/api/quotes", params={"actor": "PAK"}).json()["total"] == 0
        assert client.get("/api/quotes", params={"limit": 0}).status_code == 422
        assert client.get("/api/quotes", params={"offset": -1}).status_code == 422


def test_cue_files_load_and_check_object_readings(tmp_path: Path) -> None:
    from detente.errors import DataFileError
    from detente.quotes.cues import KIND_BELIEF, OBJECT_ANY, CueLexicon

    lex = CueLexicon.load()
    assert lex.speech["believe"][0].kind == KIND_BELIEF
    assert lex.speech["cite"][0].takes_object == OBJECT_ANY
    assert lex.nouns["claim"].id == "noun:claim"
    overlay = tmp_path / "quotes"
    overlay.mkdir()
    (overlay / "cue_verbs.jsonl").write_text(
        '{"id": "cue:hail", "lemma": "hail", "kind": "speech", "object": "sometimes"}\n',
        encoding="utf-8",
    )
    with pytest.raises(DataFileError, match="cue:hail"):
        CueLexicon.load(str(tmp_path))
