"""The event coder on sentences written for these tests: (text, expected events) tables."""

from __future__ import annotations

from datetime import date

import pytest

from detente.types import Article


def _events(pipeline, text: str):
    article = Article(id="t", text=text, published=date(2026, 3, 1))
    return list(pipeline.code_text(text, article).events)


def _triples(pipeline, text: str) -> set[tuple[str, str, str]]:
    return {
        (e.source.code, e.target.code if e.target else "", e.cameo) for e in _events(pipeline, text)
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # active voice, direct object target
        ("Russia accused Ukraine of shelling the plant.", ("RUS", "UKR", "112")),
        # passive voice: the agent is the source, the passive subject the target
        ("Five protesters were arrested by Kenyan police.", ("KENCOP", "KENCVL", "173")),
        # a verb with a required preposition
        ("China called on Japan to show restraint.", ("CHN", "JPN", "020")),
        # light verb + object noun + target preposition
        ("The European Union imposed sanctions on Iran.", ("IGOEUREEC", "IRN", "163")),
        # nominal event inheriting the clause's subject
        (
            "Indian Foreign Minister Arjun Mehra spoke after talks with his Nepalese "
            "counterpart Bina Thapa.",
            ("INDGOV", "NPLGOV", "040"),
        ),
        # possessive source and target preposition on a noun
        ("Turkey's visit to Egypt ended on Sunday.", ("TUR", "EGY", "042")),
        # metonym as actor, possessive target
        ("Beijing criticized Washington's policy on Taiwan.", ("CHNGOV", "USAGOV", "111")),
    ],
)
def test_one_event(pipeline, text: str, expected: tuple[str, str, str]) -> None:
    assert expected in _triples(pipeline, text)


def test_compound_subject_and_object_give_one_event_per_pair(pipeline) -> None:
    triples = _triples(pipeline, "France and Germany condemned Syria and Iran.")
    pairs = {(s, t) for s, t, code in triples if code.startswith("11")}
    assert pairs == {("FRA", "SYR"), ("FRA", "IRN"), ("DEU", "SYR"), ("DEU", "IRN")}


def test_negated_event_is_flagged_not_dropped(pipeline) -> None:
    events = _events(pipeline, "Israeli troops did not attack the Lebanese village.")
    attack = [e for e in events if e.cameo_root in ("18", "19")]
    assert attack and all(e.negated for e in attack)


def test_intent_under_a_control_verb(pipeline) -> None:
    events = _events(pipeline, "Pakistan wants to enhance cooperation with Russia.")
    assert any(
        e.source.code == "PAK"
        and e.target
        and e.target.code == "RUS"
        and e.cameo_root == "03"
        and e.mode == "intended"
        for e in events
    )


def test_threat_under_a_control_verb_replaces_the_attack(pipeline) -> None:
    events = _events(pipeline, "North Korea threatened to attack South Korea.")
    codes = {e.cameo for e in events}
    assert "138" in codes
    assert not any(e.cameo_root in ("18", "19") and not e.negated for e in events)


def test_future_and_conditional_modes(pipeline) -> None:
    future = _events(pipeline, "Japan will impose sanctions on North Korea.")
    assert future and future[0].mode == "future"
    conditional = _events(pipeline, "If Iran attacks Israel, the region will burn.")
    assert any(e.mode == "conditional" for e in conditional)


def test_attack_on_unnamed_victims_keeps_no_target(pipeline) -> None:
    events = _events(pipeline, "Boko Haram staged an attack in Maiduguri on Friday.")
    attack = [e for e in events if e.cameo_root in ("18", "19")]
    assert attack and attack[0].source.code.startswith("NGA")
    assert attack[0].location is not None and attack[0].location.name == "Maiduguri"


def test_a_member_named_in_passing_is_no_party(pipeline) -> None:
    text = "The alliance, where Brazil and Argentina are members, met in Lima."
    assert not any(
        "BRA" in (e.source.code, e.target.code if e.target else "") for e in _events(pipeline, text)
    )


def test_a_condemned_attack_is_not_the_condemner_attacking(pipeline) -> None:
    triples = _triples(pipeline, "Germany condemned the attack on the embassy.")
    assert not any(code[:2] in ("18", "19") and src.startswith("DEU") for src, _, code in triples)


def test_every_event_names_its_rule_and_evidence(pipeline) -> None:
    text = "Cuban police detained two journalists in Havana.\nThe minister praised Chile."
    for e in _events(pipeline, text):
        assert e.rule.startswith(("verb:", "noun:"))
        assert text[e.start : e.end].strip() == e.evidence
        assert text[e.trigger_start : e.trigger_end] == e.trigger
        assert e.plover or e.cameo_root == "01"
