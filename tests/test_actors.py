"""Actor recognition and resolution on sentences written for these tests."""

from __future__ import annotations

import pytest


def _actors(nlp, text: str) -> dict[str, str]:
    doc = nlp(text)
    return {m.actor.text: m.actor.code for m in doc._.actor_mentions}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # role phrases compose country + agent
        (
            "Russian Foreign Minister Ivan Sokolov arrived on Monday.",
            {"Russian Foreign Minister Ivan Sokolov": "RUSGOV"},
        ),
        ("Pakistani troops crossed the river.", {"Pakistani troops": "PAKMIL"}),
        ("Afghan police detained two men.", {"Afghan police": "AFGCOP"}),
        ("Syrian rebels shelled the town.", {"Syrian rebels": "SYRREB"}),
        # named groups under their other names
        ("Daesh claimed the bombing.", {"Daesh": "IMGMUSISI"}),
        ("ISIL fighters retreated.", {"ISIL fighters": "IMGMUSISI"}),
        # metonymy: a seat of government acts for its government
        ("The Kremlin rejected the report.", {"Kremlin": "RUSGOV"}),
        ("Moscow accused Kyiv of sabotage.", {"Moscow": "RUSGOV", "Kyiv": "UKRGOV"}),
        # compound: two actors in one phrase
        (
            "The US and NATO military denied the claim.",
            {"US": "USAMIL", "NATO military": "IGOWSTNAT"},
        ),
    ],
)
def test_role_phrases_and_names(nlp, text: str, expected: dict[str, str]) -> None:
    found = _actors(nlp, text)
    for span, code in expected.items():
        assert found.get(span) == code, found


def test_counterpart_takes_its_own_country(nlp) -> None:
    text = (
        "Indian Foreign Minister Arjun Mehra met his Nepalese counterpart Bina Thapa in Kathmandu."
    )
    found = _actors(nlp, text)
    assert found["Indian Foreign Minister Arjun Mehra"] == "INDGOV"
    assert found["Nepalese counterpart Bina Thapa"] == "NPLGOV"


def test_later_bare_surname_and_pronoun_keep_first_role(nlp) -> None:
    text = (
        "Turkish Defence Minister Kemal Arslan visited the border on Tuesday.\n"
        "Arslan said the army was ready.\n"
        "He said talks would continue."
    )
    doc = nlp(text)
    by_text = {m.actor.text: m.actor for m in doc._.actor_mentions}
    assert by_text["Arslan"].code == "TURMIL" or by_text["Arslan"].code == "TURGOV"
    assert by_text["Arslan"].entry == "coref:person"
    assert by_text["He"].code == by_text["Arslan"].code
    assert by_text["He"].entry == "coref:pronoun"


def test_pronoun_prefers_the_subject_over_a_later_object(nlp) -> None:
    text = (
        "Greek Prime Minister Nikos Pappas spoke after talks with Albanian Prime "
        "Minister Edi Doda.\nHe said the two sides had agreed on a new border crossing."
    )
    doc = nlp(text)
    he = next(m for m in doc._.actor_mentions if m.actor.text == "He")
    assert he.actor.code == "GRCGOV"


def test_place_after_locative_preposition_is_not_an_actor(nlp) -> None:
    doc = nlp("The ministers met in Moscow on Friday.")
    assert "Moscow" not in {m.actor.text for m in doc._.actor_mentions}
    assert [p.name for p in doc._.place_mentions] == ["Moscow"]


def test_unknown_person_keeps_text_without_a_guessed_code(nlp) -> None:
    doc = nlp("John Kellerman criticised the plan.")
    person = next(m.actor for m in doc._.actor_mentions if "Kellerman" in m.actor.text)
    assert person.code == ""
    assert person.entry == "ner:person"


def test_role_word_modifying_a_thing_is_not_an_actor(nlp) -> None:
    doc = nlp("A bomb exploded near a police station.")
    assert not [m for m in doc._.actor_mentions if "police" in m.actor.text]


def test_actor_offsets_point_into_the_text(nlp) -> None:
    text = "Yesterday Chinese diplomats met Japanese officials."
    doc = nlp(text)
    for m in doc._.actor_mentions:
        assert text[m.actor.start : m.actor.end] == m.actor.text


def _article_events(pipeline, text: str):
    from detente.ingest import read_text_string

    article = read_text_string(text, origin="test")
    return article, list(pipeline.code_text(article.text, article).events)


def test_dateline_place_is_a_location_not_an_actor(pipeline) -> None:
    article, events = _article_events(
        pipeline, "KABUL, March 3 (detente) - Afghan police arrested six protesters on Monday."
    )
    assert article.dateline == "Kabul"
    arrest = [e for e in events if e.cameo.startswith("173")]
    assert arrest and arrest[0].source.code == "AFGCOP"
    assert arrest[0].location is not None and arrest[0].location.name == "Kabul"
    actors = {e.source.text for e in events} | {e.target.text for e in events if e.target}
    assert not any("KABUL" in a or a == "Kabul" for a in actors)


def test_unqualified_government_takes_the_articles_country(pipeline) -> None:
    _, events = _article_events(
        pipeline,
        "NAIROBI - Kenyan opposition leaders met on Monday.\n"
        "The government accused the opposition of planning riots.",
    )
    accuse = [e for e in events if e.cameo.startswith("112")]
    assert accuse and accuse[0].source.code == "KENGOV"


def test_unqualified_government_with_no_dominant_country_stays_unknown(nlp) -> None:
    doc = nlp("The government rejected the claim.")
    codes = {m.actor.code for m in doc._.actor_mentions}
    assert codes == {"---GOV"}


def test_a_user_file_adds_and_overrides_actors(tmp_path) -> None:
    from detente.config import Settings
    from detente.nlp.model import build_pipeline

    actors = tmp_path / "actors"
    actors.mkdir()
    (actors / "organizations.jsonl").write_text(
        '{"id": "org:new-front", "names": ["New Liberation Front"], "code": "MLIREB", '
        '"country": "MLI", "sectors": ["REB"], "name": "New Liberation Front"}\n'
        '{"id": "org:nato", "names": ["NATO"], "code": "IGOTEST", "country": "", '
        '"sectors": ["IGO"], "name": "NATO (test override)"}\n',
        encoding="utf-8",
    )
    nlp = build_pipeline(Settings(user_data_dir=str(tmp_path)))
    doc = nlp("The New Liberation Front accused NATO of lying.")
    codes = {m.actor.text: m.actor.code for m in doc._.actor_mentions}
    assert codes["New Liberation Front"] == "MLIREB"
    assert codes["NATO"] == "IGOTEST"


def test_definite_role_and_possessor_take_the_country_from_context(nlp) -> None:
    text = (
        "Kenyan President Daniel Mwangi rejected the rebels' offer on Monday.\n"
        "The president said he and his government would not negotiate."
    )
    doc = nlp(text)
    by_text = {m.actor.text: m.actor for m in doc._.actor_mentions}
    assert by_text["president"].code == "KENGOV"
    assert by_text["he"].code == "KENGOV"
    assert by_text["government"].code == "KENGOV"  # "his government"
    assert by_text["government"].entry.endswith("+possessor")


def test_definite_role_without_an_earlier_holder_stays_unknown(nlp) -> None:
    doc = nlp("The president said the talks would go on.")
    (mention,) = [m for m in doc._.actor_mentions if m.actor.text == "president"]
    assert mention.actor.code == "---GOV"


@pytest.mark.parametrize(
    "later",
    [
        # spaCy tends to tag a bare unfamiliar surname as ORG, or not at all
        "Ndoumbe denounced the attack on the convoy.",
        "On Friday Ndoumbe condemned those behind the bombing.",
    ],
)
def test_bare_surname_the_entity_tagger_missed_is_the_same_person(nlp, later: str) -> None:
    text = f"Cameroonian Prime Minister Joseph Ndoumbe met the envoy in Yaounde.\n{later}"
    doc = nlp(text)
    found = [m.actor for m in doc._.actor_mentions if m.actor.text == "Ndoumbe"]
    assert found and found[0].code == "CMRGOV"


def test_country_abbreviations_name_the_country(nlp) -> None:
    assert _actors(nlp, "PNG soldiers detained the pilot.")["PNG soldiers"] == "PNGMIL"
