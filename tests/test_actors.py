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


# -- actors in whole articles: roles, possessives, acronyms and the article's country --


@pytest.mark.parametrize(
    ("text", "span", "code"),
    [
        # the country is in the role phrase after the name ("deputy director of China's ...")
        (
            "The remarks echoed comments by Li Jianguo, deputy director of China's Taiwan "
            "Affairs Office, during a visit to Taipei on Monday.",
            "Li Jianguo, deputy director",
            "CHNGOV",
        ),
        # a long role phrase before the holder's name
        (
            "Speaker of Kenya's National Assembly (Parliament) Joseph Mutua sent a letter to "
            "his Ugandan counterpart.",
            "Speaker of Kenya's National Assembly (Parliament) Joseph Mutua",
            "KENLEG",
        ),
        # "at": the body the role serves
        (
            "Moses Kato, an official at the Ugandan embassy, said the visas were ready.",
            "Kato, an official",
            "UGAGOV",
        ),
        # a possessive country before an unfamiliar person or organisation is theirs
        ("That is a lesson Zambia's Grace Mulenga learned early.", "Zambia's Grace Mulenga", "ZMB"),
        (
            "Two clerks were questioned by Hong Kong's Independent Commission Against "
            "Corruption on Monday.",
            "Hong Kong's Independent Commission Against Corruption",
            "HKG",
        ),
        # a holder's name glued after the object of the role's preposition
        (
            "Mexican Ambassador to the UN Luis Ortega stressed on Thursday that reform was urgent.",
            "Mexican Ambassador to the UN Luis Ortega",
            "MEXGOV",
        ),
    ],
)
def test_country_from_the_role_phrase_or_possessive(nlp, text: str, span: str, code: str) -> None:
    found = _actors(nlp, text)
    assert found.get(span) == code, found


def test_name_after_role_preposition_leaves_the_object_its_own_actor(nlp) -> None:
    found = _actors(
        nlp, "Mexican Ambassador to the UN Luis Ortega stressed that reform was urgent."
    )
    assert found.get("UN") == "IGOUNO"


def test_later_mentions_follow_what_the_first_one_learned(nlp) -> None:
    text = (
        "The remarks echoed comments by Li Jianguo, deputy director of China's Taiwan Affairs "
        "Office, during a visit on Monday.\nLi said the talks would go on.\n"
        "That is a lesson Zambia's Grace Mulenga learned early.\nMulenga said she would run again."
    )
    found = _actors(nlp, text)
    assert found["Li"] == "CHNGOV"  # a surname-first name, bare later
    assert found["Mulenga"] == "ZMB"
    assert found["she"] == "ZMB"


def test_surname_first_name_is_the_same_person_later(nlp) -> None:
    text = (
        "Chinese Vice Premier Zhang Wenli visited the dam on Monday.\nZhang praised the engineers."
    )
    assert _actors(nlp, text)["Zhang"] == "CHNGOV"


def test_acronym_defined_in_brackets_carries_the_full_names_resolution(nlp) -> None:
    text = (
        "Two officials were questioned by Nigeria's Economic and Financial Crimes Commission "
        "(EFCC) on Monday.\nThe EFCC said it would file charges."
    )
    doc = nlp(text)
    later = [m.actor for m in doc._.actor_mentions if m.actor.text == "EFCC"]
    assert later and later[-1].code == "NGA"
    assert later[-1].entry == "coref:acronym"


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("The Inter-American Development Bank approved a loan for Peru.", "USA"),
        ("The bank approved a 300-million-US-dollar loan for Peru.", "USA"),
        ("The Afro-Brazilian community marched in Salvador.", "BRA"),
    ],
)
def test_country_word_inside_a_hyphenated_word_is_no_actor(nlp, text: str, absent: str) -> None:
    doc = nlp(text)
    assert absent not in {m.actor.country for m in doc._.actor_mentions}


@pytest.mark.parametrize(
    ("text", "span", "code"),
    [
        ("US-led forces shelled the town.", "US", "USA"),
        ("Iranian-backed militias shelled the town.", "Iranian", "IRN"),
    ],
)
def test_country_before_a_participle_keeps_its_country(
    nlp, text: str, span: str, code: str
) -> None:
    assert _actors(nlp, text).get(span) == code


def test_inter_american_development_bank_is_an_igo(nlp) -> None:
    found = _actors(nlp, "The Inter-American Development Bank approved a loan for Peru.")
    assert found["Inter-American Development Bank"].startswith("IGO")


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("The foreign ministers of the member states met in Lima.", "foreign ministers"),
        ("Delegations of the 20 countries arrived on Sunday.", "Delegations"),
    ],
)
def test_roles_of_several_countries_are_marked_multinational(nlp, text: str, span: str) -> None:
    doc = nlp(text)
    (mention,) = [m for m in doc._.actor_mentions if m.actor.text == span]
    assert mention.actor.code.startswith("---")
    assert mention.actor.entry.endswith("+multinational")


def test_unfamiliar_person_takes_the_dominant_country_but_foreign_ministers_do_not(
    pipeline,
) -> None:
    _, events = _article_events(
        pipeline,
        "LIMA - Peruvian President Ana Quispe opened the summit on Monday.\n"
        "The Peruvian government welcomed the delegates.\n"
        "Jorge Huaman criticised the agenda.\n"
        "The foreign ministers criticised the trade rules.",
    )
    by_source = {e.source.text: e.source for e in events}
    assert by_source["Jorge Huaman"].code == "PER"
    assert by_source["Jorge Huaman"].entry == "ner:person+context"
    assert by_source["The foreign ministers"].country == ""
