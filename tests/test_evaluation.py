"""The evaluation harness: metrics, main-event choice, gold readers, runner and `detente eval`.

Every sentence here was written for these tests.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from detente.cli import main
from detente.errors import InputError
from detente.evaluation.gold import (
    bio_spans,
    doc_articles_path,
    read_actor_roles,
    read_cameo_jsonl,
    read_doc_gold,
    read_penta,
    read_plv,
)
from detente.evaluation.metrics import (
    NO_EVENT,
    Counts,
    SpanScore,
    classification_report,
    format_confusion,
    main_event,
    penta_class,
    plv_label,
    prf,
    token_f1,
)
from detente.evaluation.report import format_report, pick_mistakes
from detente.evaluation.runner import evaluate
from detente.types import Actor, Article, Event, Extraction

# -- helpers -------------------------------------------------------------------------------


def make_event(
    cameo: str = "112",
    plover: str = "ACCUSE",
    *,
    negated: bool = False,
    confidence: float = 0.5,
    source: str = "Ruritania",
    source_code: str = "RUR",
    target: str | None = "Freedonia",
    rule: str = "verb:test",
) -> Event:
    return Event(
        event_id=f"{cameo}-{confidence}-{negated}",
        article_id="a",
        sentence_index=0,
        evidence="",
        start=0,
        end=0,
        source=Actor(text=source, code=source_code, country=source_code[:3]),
        target=Actor(text=target, code="FRE", country="FRE") if target else None,
        cameo=cameo,
        cameo_name="",
        cameo_root=cameo[:2],
        plover=plover,
        quad_class=3,
        goldstein=0.0,
        date=None,
        location=None,
        negated=negated,
        rule=rule,
        confidence=confidence,
    )


class FakePipeline:
    """Stands in for Pipeline: events looked up by article text, no model needed."""

    def __init__(self, events: dict[str, list[Event]]) -> None:
        self.events = events

    def code(self, articles: Iterable[Article]) -> Iterator[Extraction]:
        for article in articles:
            yield Extraction(article=article, events=tuple(self.events.get(article.text, [])))


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


# -- metrics -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("predicted", "gold", "expected"),
    [
        ("the Ruritanian foreign minister", "Ruritanian minister", 0.8),
        ("Ruritania", "Ruritania", 1.0),
        ("The Ruritanian army,", "ruritanian Army", 1.0),  # case, punctuation, articles
        ("Freedonia", "Ruritania", 0.0),
        ("", "Ruritania", 0.0),
        ("", "", 1.0),
    ],
)
def test_token_f1(predicted: str, gold: str, expected: float) -> None:
    assert token_f1(predicted, gold) == pytest.approx(expected)


def test_span_score_takes_the_best_gold_span() -> None:
    score = SpanScore()
    assert score.add("Ruritania", ["Freedonia", "Ruritania"]) == 1.0
    assert score.add("Ruritanian police", "Ruritanian police chief") == pytest.approx(0.8)
    assert score.add("", "Freedonia") == 0.0
    assert score.n == 3
    assert score.mean_f1 == pytest.approx(1.8 / 3)
    assert score.share_half == pytest.approx(2 / 3)
    assert score.exact_rate == pytest.approx(1 / 3)


def test_classification_report_exact_numbers() -> None:
    report = classification_report(["A", "A", "B", "B"], ["A", "B", "B", NO_EVENT])
    assert report.accuracy == 0.5
    a, b = report.per_class
    assert (a.precision, a.recall, a.f1) == pytest.approx((1.0, 0.5, 2 / 3))
    assert (b.precision, b.recall, b.f1) == pytest.approx((0.5, 0.5, 0.5))
    assert report.macro_f1 == pytest.approx((2 / 3 + 0.5) / 2)
    assert report.macro_precision == pytest.approx(0.75)
    assert report.confusion == {
        "A": {"A": 1, "B": 1, NO_EVENT: 0},
        "B": {"A": 0, "B": 1, NO_EVENT: 1},
    }
    assert report.top_confusions() == [("A", "B", 1), ("B", NO_EVENT, 1)]
    table = format_confusion(report)
    assert table[0].split() == ["gold\\pred", "A", "B", "none"]
    assert table[1].split() == ["A", "1", "1", "."]


def test_classification_report_with_fixed_labels() -> None:
    report = classification_report(["0", "1"], ["0", "0"], labels=["0", "1", "2"])
    assert [c.label for c in report.per_class] == ["0", "1", "2"]
    assert report.macro_f1 == pytest.approx((2 / 3 + 0 + 0) / 3)


def test_prf_and_multiset_counts() -> None:
    assert prf(0, 0, 0) == (0.0, 0.0, 0.0)
    assert prf(1, 1, 2) == pytest.approx((0.5, 1 / 3, 0.4))
    counts = Counts()
    item = counts.add(["x", "x", "y"], ["x", "z"])
    assert (item.tp, item.fp, item.fn) == (1, 1, 2)
    counts.add(["y"], ["y"])
    assert (counts.tp, counts.fp, counts.fn) == (2, 1, 2)
    assert counts.scores == pytest.approx((2 / 3, 0.5, 4 / 7))


def test_main_event_order() -> None:
    negated = make_event("190", "ASSAULT", negated=True, confidence=0.9)
    statement = make_event("010", "", confidence=0.9)
    low = make_event("112", "ACCUSE", confidence=0.4)
    high = make_event("042", "CONSULT", confidence=0.7)
    same = make_event("043", "CONSULT", confidence=0.7)
    # non-negated first, then not a bare statement, then confidence, then the first
    assert main_event([negated, statement, low, high, same]) is high
    assert main_event([negated, statement]) is statement
    assert main_event([negated]) is negated
    assert main_event([statement, low]) is low
    assert main_event([same, high]) is same
    assert main_event([]) is None
    # PLV counts only events with a PLOVER type
    assert main_event([statement], need_plover=True) is None


def test_label_mappings() -> None:
    assert plv_label(make_event("084", "RETREAT")) == "YIELD"
    assert plv_label(make_event("081", "CONCEDE")) == "YIELD"
    assert plv_label(None) == NO_EVENT
    assert [penta_class(make_event(c)) for c in ("010", "020", "036", "061", "093", "112")] == [
        "0",
        "0",
        "1",
        "2",
        "3",
        "3",
    ]
    assert penta_class(make_event("145")) == "4"
    assert penta_class(None) == "0"


def test_pick_mistakes_spreads_over_the_list() -> None:
    assert pick_mistakes(list(range(10)), 3) == [0, 3, 6]
    assert pick_mistakes(list(range(2)), 5) == [0, 1]
    assert pick_mistakes(list(range(5)), 0) == []


# -- readers -------------------------------------------------------------------------------


def test_read_plv(tmp_path: Path) -> None:
    path = tmp_path / "plv.csv"
    path.write_text(
        "text,label,meta,context,source,target\n"
        '"Ruritania, angered, accused Freedonia of spying.",ACCUSE,m,,Ruritania,Freedonia\n'
        ",AID,m,,x,y\n"
        "Freedonia sent aid to Ruritania.,aid,m,,Freedonia,Ruritania\n",
        encoding="utf-8",
    )
    gold = read_plv(path)
    assert [(i.label, i.source, i.target) for i in gold.items] == [
        ("ACCUSE", "Ruritania", "Freedonia"),
        ("AID", "Freedonia", "Ruritania"),
    ]
    assert gold.items[0].text.startswith("Ruritania, angered")
    assert len(gold.problems) == 1 and "no text" in gold.problems[0]


def test_read_plv_missing_column(tmp_path: Path) -> None:
    path = tmp_path / "plv.csv"
    path.write_text("text,label\nA sentence.,AID\n", encoding="utf-8")
    with pytest.raises(InputError, match="source"):
        read_plv(path)


def test_read_penta(tmp_path: Path) -> None:
    path = tmp_path / "penta.tsv"
    path.write_text(
        "Ruritanian troops shelled a Freedonian village.\t4\n"
        "A line without a label\n"
        "The envoys met in the capital.\t7\n"
        "\n"
        "The two leaders signed a trade pact.\t2\n",
        encoding="utf-8",
    )
    gold = read_penta(path)
    assert [i.label for i in gold.items] == ["4", "2"]
    assert len(gold.problems) == 2
    assert ":2:" in gold.problems[0] and ":3:" in gold.problems[1]


def test_bio_spans() -> None:
    tags = ["B-S", "I-S", "O", "B-T", "B-T", "I-T", "O", "I-R", "B-R"]
    assert bio_spans(tags) == {"S": ((0, 2),), "T": ((3, 4), (4, 6)), "R": ((7, 8), (8, 9))}


def test_read_actor_roles(tmp_path: Path) -> None:
    path = tmp_path / "roles.conll"
    path.write_text(
        "Ruritanian B-S\nguards I-S\narrested O\ntwo B-T\nFreedonian I-T\nsailors I-T\n. O\n\n"
        "A O\nbroken\n\n"
        "Ruritania B-R\nand O\nFreedonia B-R\ntalked O\n\n",
        encoding="utf-8",
    )
    gold = read_actor_roles(path)
    assert len(gold.items) == 2 and len(gold.problems) == 1
    first = gold.items[0]
    assert first.text == "Ruritanian guards arrested two Freedonian sailors ."
    assert first.spans["S"] == ((0, 2),)
    start, end = first.char_span(3, 6)
    assert first.text[start:end] == "two Freedonian sailors"
    assert gold.items[1].spans["R"] == ((0, 1), (2, 3))


def test_read_cameo_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "cameo.jsonl"
    rows = [
        {
            "id": "s1",
            "date": "20200102",
            "text": "Ruritania condemned Freedonia.",
            "expected": [{"source": "RURGOV", "target": "FRE", "code": "111"}],
        },
        {"id": "s2", "date": "99", "text": "Freedonia praised Ruritania.", "expected": []},
        {"id": "s3", "text": "", "expected": []},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\nnot json\n", encoding="utf-8")
    gold = read_cameo_jsonl(path)
    assert [i.id for i in gold.items] == ["s1", "s2"]
    assert gold.items[0].published is not None and gold.items[0].published.isoformat() == (
        "2020-01-02"
    )
    assert gold.items[0].expected[0].code == "111"
    assert gold.items[1].published is None  # a bad date is noted, the sentence kept
    assert len(gold.problems) == 3


def test_read_doc_gold(tmp_path: Path) -> None:
    path = tmp_path / "docs_gold.jsonl"
    event = {
        "plover": "consult",
        "cameo": "040",
        "source": {"text": "Ruritania", "country": "RUR", "sector": "GOV"},
        "target": None,
        "evidence": "Ruritania held talks.",
        "uncertain": True,
    }
    path.write_text(
        json.dumps({"id": "d1", "events": [event, {"plover": "AID"}]}) + "\n",
        encoding="utf-8",
    )
    gold = read_doc_gold(path)
    (doc,) = gold.items
    assert doc.id == "d1" and len(doc.events) == 1
    assert doc.events[0].plover == "CONSULT" and doc.events[0].uncertain
    assert doc.events[0].target is None
    assert "event 2" in gold.problems[0]
    assert doc_articles_path(path).name == "docs_articles.jsonl"


def test_missing_gold_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        read_penta(tmp_path / "nope.tsv")


# -- runner with a stand-in pipeline -------------------------------------------------------


def test_evaluate_plv_scores_the_main_event(tmp_path: Path) -> None:
    path = tmp_path / "plv.csv"
    path.write_text(
        "text,label,meta,context,source,target\n"
        "S1.,ACCUSE,m,,Ruritanian minister,Freedonia\n"
        "S2.,YIELD,m,,Freedonia,Ruritania\n"
        "S3.,AID,m,,Ruritania,Freedonia\n",
        encoding="utf-8",
    )
    fake = FakePipeline(
        {
            "S1.": [
                make_event("010", "", confidence=0.9, source="Ruritanian minister"),
                make_event("111", "ACCUSE", source="the Ruritanian foreign minister"),
            ],
            "S2.": [make_event("084", "RETREAT", source="Freedonia", target="Ruritania")],
        }
    )
    report = evaluate("plv", path, pipeline=fake)
    assert report.classes is not None
    assert report.classes.accuracy == pytest.approx(2 / 3)
    assert report.classes.confusion["AID"][NO_EVENT] == 1
    assert report.spans["source"].mean_f1 == pytest.approx((0.8 + 1.0 + 0.0) / 3)
    assert report.spans["target"].mean_f1 == pytest.approx(2 / 3)
    assert report.figures["no_event_share"] == pytest.approx(1 / 3)
    assert [m.gold for m in report.mistakes] == ["AID"]
    text = format_report(report, errors=1)
    assert "accuracy 0.667" in text and "AID" in text


def test_evaluate_cameo_levels(tmp_path: Path) -> None:
    path = tmp_path / "cameo.jsonl"
    path.write_text(
        json.dumps(
            {
                "id": "s1",
                "date": "2020-01-02",
                "text": "S1.",
                "expected": [{"source": "RURGOV", "target": "FRE", "code": "111"}],
            }
        )
        + "\n",
        encoding="utf-8",
    )
    fake = FakePipeline({"S1.": [make_event("112", source_code="RURMIL")]})
    report = evaluate("cameo-jsonl", path, pipeline=fake)
    assert {k: c.tp for k, c in report.counts.items()} == {
        "exact": 0,
        "root": 0,
        "country": 0,
        "country+root": 1,
    }


# -- the command, with the real model ------------------------------------------------------

PLV_GOLD = (
    "text,label,meta,context,source,target\n"
    "Ruritania accused Freedonia of spying on its navy.,ACCUSE,m,,Ruritania,Freedonia\n"
    "The Freedonian army attacked Ruritanian border posts.,ASSAULT,m,,"
    "The Freedonian army,Ruritanian border posts\n"
)
ARTICLE = {
    "id": "d1",
    "title": "Talks",
    "date": "2026-03-02",
    "text": (
        "ANKARA - Turkey accused Syria of shelling border villages on Monday.\n\n"
        "Turkish Foreign Minister Deniz Kaya met his Greek counterpart in Athens on Tuesday."
    ),
}
DOC_GOLD = {
    "id": "d1",
    "events": [
        {
            "plover": "ACCUSE",
            "cameo": "112",
            "source": {"text": "Turkey", "country": "TUR", "sector": "GOV"},
            "target": {"text": "Syria", "country": "SYR", "sector": ""},
            "evidence": "Turkey accused Syria of shelling border villages on Monday.",
        },
        {
            "plover": "CONSULT",
            "cameo": "040",
            "source": {"text": "Turkish Foreign Minister Deniz Kaya", "country": "TUR"},
            "target": {"text": "his Greek counterpart", "country": "GRC", "sector": "GOV"},
            "evidence": "Turkish Foreign Minister Deniz Kaya met his Greek counterpart.",
        },
        {
            "plover": "THREATEN",
            "cameo": "130",
            "source": {"text": "", "country": "SYR", "sector": ""},
            "target": None,
            "evidence": "",
            "uncertain": True,
        },
    ],
}


@pytest.mark.model
def test_cli_eval_plv(tmp_path: Path) -> None:
    gold = tmp_path / "plv.csv"
    gold.write_text(PLV_GOLD, encoding="utf-8")
    code, out, err = run("eval", "--gold", str(gold), "--kind", "plv", "--errors", "2")
    assert code == 0, err
    assert "plv: 2 items" in out and "accuracy" in out and "confusion" in out
    code, out, _ = run("eval", "--gold", str(gold), "--kind", "plv", "--json", "--limit", "1")
    report = json.loads(out)
    assert report["items"] == 1 and report["classes"]["n"] == 1
    assert set(report["spans"]) == {"source", "target"}


@pytest.mark.model
def test_cli_eval_doc(tmp_path: Path) -> None:
    gold = tmp_path / "docs_gold.jsonl"
    gold.write_text(json.dumps(DOC_GOLD) + "\n", encoding="utf-8")
    (tmp_path / "docs_articles.jsonl").write_text(json.dumps(ARTICLE) + "\n", encoding="utf-8")
    code, out, err = run("eval", "--gold", str(gold), "--kind", "doc", "--json", "--errors", "5")
    assert code == 0, err
    report = json.loads(out)
    full = report["counts"]["src+tgt+type"]
    assert full["tp"] + full["fn"] == 2  # the uncertain event is not scored
    assert set(report["counts"]) >= {"src+type", "src+type (no background)"}


def test_cli_eval_missing_files(tmp_path: Path) -> None:
    code, out, err = run("eval", "--gold", str(tmp_path / "none.csv"), "--kind", "plv")
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "does not exist" in err
    gold = tmp_path / "x_gold.jsonl"
    gold.write_text(json.dumps(DOC_GOLD) + "\n", encoding="utf-8")
    code, _, err = run(
        "eval", "--gold", str(gold), "--kind", "doc", "--articles", str(tmp_path / "no.jsonl")
    )
    assert code == 1 and "articles file" in err
