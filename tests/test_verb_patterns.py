"""The shipped verb-pattern lexicon is well formed and consistent with the codebook."""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any

import pytest

from detente.events.codebook import default_codebook

REQUIRED = {"id", "kind", "lemma", "code"}
ALLOWED = REQUIRED | {
    "forms",
    "particle",
    "prep",
    "object",
    "target_preps",
    "target",
    "confidence",
    "possessor",
    "intransitive",
    "own_clause",
    "needs_doer",
    "needs_target",
    "no_clause",
}


@pytest.fixture(scope="module")
def patterns() -> list[dict[str, Any]]:
    path = files("detente") / "data/events/verb_patterns.jsonl"
    rows = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as exc:  # pragma: no cover - reported by the assert
            pytest.fail(f"line {lineno} is not valid JSON: {exc}")
    return rows


def test_count(patterns: list[dict[str, Any]]) -> None:
    assert len(patterns) >= 3000


# Common political verbs whose plain use ("returned the sculpture", "pardoned X", "donated
# $5 million") must code without any object or preposition condition.
DEFAULT_SENSE_VERBS = (
    "accuse",
    "arrest",
    "attack",
    "boycott",
    "cede",
    "condemn",
    "deport",
    "donate",
    "free",
    "invade",
    "lift",
    "meet",
    "pardon",
    "praise",
    "protest",
    "provide",
    "reinstate",
    "reject",
    "release",
    "return",
    "sanction",
    "supply",
    "threaten",
    "visit",
    "withdraw",
)


def test_common_verbs_have_default_sense(patterns: list[dict[str, Any]]) -> None:
    bare = {
        p["lemma"]
        for p in patterns
        if p["kind"] == "verb" and not ({"object", "prep", "particle"} & p.keys())
    }
    assert not [v for v in DEFAULT_SENSE_VERBS if v not in bare]


def test_mislemmatised_forms(patterns: list[dict[str, Any]]) -> None:
    """The small English model lemmatises these wrongly ("staged" -> "stag"); every
    pattern of the lemma lists the surface forms."""
    for lemma, form in (("stage", "staged"), ("wage", "waged"), ("rape", "raped")):
        rows = [p for p in patterns if p["kind"] == "verb" and p["lemma"] == lemma]
        assert rows and all(form in p.get("forms", []) for p in rows), lemma


def test_keys(patterns: list[dict[str, Any]]) -> None:
    for p in patterns:
        assert p.keys() >= REQUIRED, p
        assert p.keys() <= ALLOWED, p
        assert p["kind"] in {"verb", "noun"}, p
        assert p["lemma"] == p["lemma"].lower() and p["lemma"].strip(), p
        for key in ("forms", "object", "target_preps"):
            if key in p:
                assert isinstance(p[key], list), p
                assert all(isinstance(x, str) and x == x.lower() for x in p[key]), p
        if "object" in p:
            assert p["object"], p
        if "target" in p:
            assert p["target"] == "none", p
        if "confidence" in p:
            assert 0.0 < p["confidence"] <= 1.0, p


def test_ids_unique(patterns: list[dict[str, Any]]) -> None:
    ids = [p["id"] for p in patterns]
    assert len(ids) == len(set(ids))


def test_codes_exist(patterns: list[dict[str, Any]]) -> None:
    book = default_codebook()
    unknown = sorted({p["code"] for p in patterns if p["code"] not in book})
    assert not unknown


def test_all_roots_covered(patterns: list[dict[str, Any]]) -> None:
    roots = {p["code"][:2] for p in patterns}
    assert roots == {f"{i:02d}" for i in range(1, 21)}


def test_no_bare_reporting_verbs(patterns: list[dict[str, Any]]) -> None:
    assert not [p for p in patterns if p["lemma"] in {"say", "tell", "add", "note"}]


def test_no_ambiguous_duplicates(patterns: list[dict[str, Any]]) -> None:
    """Two patterns with the same trigger and conditions must not give different codes."""
    seen: dict[tuple[Any, ...], str] = {}
    for p in patterns:
        base = (p["kind"], p["lemma"], p.get("particle"), p.get("prep"))
        for obj in p.get("object") or [None]:
            key = (*base, obj)
            assert seen.setdefault(key, p["code"]) == p["code"], p
