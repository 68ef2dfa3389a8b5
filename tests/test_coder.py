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


# -- PLV second pass: modifiers, carriers, reported modals, phrase objects, controls -------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an event noun on a carrier noun: the effort's actors are the event's
        ("Norway launched a mediation effort between Ethiopia and Eritrea.", ("NOR", "ETH", "045")),
        # a reported "must" is the reporter's demand of the clause's subject
        ("France said Russia must withdraw its troops from Ukraine.", ("FRA", "RUS", "100")),
        # object conditions of several words: head noun and its modifiers
        ("India and France held joint exercises.", ("IND", "FRA", "062")),
        (
            "Chad is sending troops to the UN peacekeeping mission in Mali.",
            ("TCD", "IGOUNOPKO", "074"),
        ),
        # failing to reach a deal is a rejection, not a negated agreement
        ("Serbia and Kosovo failed to reach agreement.", ("SRB", "XKX", "120")),
        ("Canada called for sanctions against Belarus.", ("CAN", "BLR", "111")),
        ("Egypt cancelled a planned visit to Turkey.", ("EGY", "TUR", "125")),
    ],
)
def test_second_pass_readings(pipeline, text: str, expected: tuple[str, str, str]) -> None:
    assert expected in _triples(pipeline, text)


def test_modifier_and_date_nouns_name_no_act(pipeline) -> None:
    # "war crimes" is no war; "in March" is no march
    codes = {code for _, _, code in _triples(pipeline, "Ukraine investigated war crimes in Bucha.")}
    assert codes and not any(code[:2] in ("18", "19", "20") for code in codes)
    march = _triples(pipeline, "Kenya and Uganda signed a trade deal in March.")
    assert not any(code[:2] == "14" for _, _, code in march)


def test_a_day_is_no_call_on_anyone(pipeline) -> None:
    events = _events(pipeline, "Biden called Erdogan on Tuesday to discuss Syria.")
    assert events and not any(e.cameo.startswith("02") for e in events)


def test_reported_would_is_a_future_not_a_condition(pipeline) -> None:
    events = _events(pipeline, "Peru said it would release the Chilean fishermen.")
    assert any(e.mode == "future" and e.cameo_root == "03" for e in events)
    conditional = _events(pipeline, "Peru said it would release them if Chile paid a fine.")
    assert not any(e.mode == "future" for e in conditional)


def test_hunger_strike_is_a_protest(pipeline) -> None:
    codes = {e.cameo for e in _events(pipeline, "Jailed Kenyan activists started a hunger strike.")}
    assert "142" in codes and not any(code[:2] in ("18", "19") for code in codes)


def test_an_offer_of_troops_is_no_threat(pipeline) -> None:
    events = _events(pipeline, "Japan offered to send troops to Iraq.")
    codes = {(e.source.code, e.cameo) for e in events}
    assert ("JPN", "0312") in codes and not any(code.startswith("13") for _, code in codes)


def test_possessor_of_an_arrest_undergoes_it(pipeline) -> None:
    # "Britain's refusal": the possessor acts; "Russia's arrest of" vs "his arrest": in the
    # second the possessor is the one arrested.
    text = (
        "Turkish Foreign Minister Kemal Arslan met the envoy on Monday.\n"
        "Arslan's detention at the airport lasted three hours."
    )
    events = [e for e in _events(pipeline, text) if e.cameo == "173"]
    assert events and all(e.target is not None and e.target.code == "TURGOV" for e in events)
    refusal = _triples(pipeline, "Britain's refusal to pay angered France.")
    assert any(src == "GBR" for src, _, _ in refusal)


def test_a_participle_after_a_noun_is_passive(pipeline) -> None:
    # "the men detained by police": the police detained the men, not the other way round
    triples = _triples(pipeline, "The men detained by Kenyan police were moved to Nairobi.")
    assert ("KENCOP", "KENCVL", "173") in triples
    events = _events(pipeline, "Aid worker Maria Lopez, freed in Mali on Tuesday, flew home.")
    freed = [e for e in events if e.trigger == "freed"]
    assert freed and freed[0].source.text == "" and freed[0].target is not None


def test_one_act_restated_with_another_name_for_a_party_is_one_event(pipeline) -> None:
    text = (
        "Russia accused Ukraine of shelling the plant on Monday.\n"
        "Moscow also accused Kyiv of lying about the damage."
    )
    accusations = [e for e in _events(pipeline, text) if e.plover == "ACCUSE"]
    assert len(accusations) == 1
    text = (
        "Russia accused Ukraine of shelling the plant on Monday.\n"
        "On Wednesday Russia accused Ukraine of new attacks."
    )
    accusations = [e for e in _events(pipeline, text) if e.plover == "ACCUSE"]
    assert len(accusations) == 2  # another day, another accusation


def test_demonstrate_with_an_object_is_no_protest(pipeline) -> None:
    protests = _triples(pipeline, "Kenyan students demonstrated outside the parliament.")
    assert any(code == "141" for _, _, code in protests)
    shown = _triples(pipeline, "The vote demonstrated Kenya's support for the plan.")
    assert not any(code == "141" for _, _, code in shown)


def test_a_warning_about_others_is_no_threat(pipeline) -> None:
    threat = _triples(pipeline, "Iran warned that it would close the strait.")
    assert any(src == "IRN" and code.startswith("13") for src, _, code in threat)
    prediction = _triples(
        pipeline, "Indonesian police warned that militants may be planning attacks."
    )
    assert not any(src.startswith("IDN") and code == "130" for src, _, code in prediction)


def test_a_state_of_violence_needs_a_named_doer(pipeline) -> None:
    text = "The summit called for an end to violence against women."
    assert not any(e.plover == "ASSAULT" for e in _events(pipeline, text))
    named = _triples(pipeline, "Palestinians condemned Israeli violence against protesters.")
    assert any(src.startswith("ISR") and code == "180" for src, _, code in named)


def test_a_participle_object_condition_is_met_by_the_noun_it_modifies(pipeline) -> None:
    text = "New sanctions imposed on Iran by the European Union took effect on Monday."
    assert ("IGOEUREEC", "IRN", "163") in _triples(pipeline, text)


def test_participial_adjectives_and_election_campaigns_are_no_attacks(pipeline) -> None:
    text = "There are 95 bushfires in the drought-hit state of Victoria."
    assert not any(e.plover == "ASSAULT" for e in _events(pipeline, text))
    text = "The Kenyan opposition leader launched his campaign in Nairobi on Monday."
    assert not any(e.plover == "ASSAULT" for e in _events(pipeline, text))
    text = "Turkey launched a military campaign against Kurdish fighters in Syria."
    assert any(e.plover == "ASSAULT" for e in _events(pipeline, text))


def test_a_document_speaks_for_its_unnamed_authors(pipeline) -> None:
    # "the resolution demands that X ...": an implicit source, the clause's subject asked
    events = _events(pipeline, "The resolution demands that Syria withdraw its troops.")
    demand = [e for e in events if e.cameo_root == "10"]
    assert demand and demand[0].source.entry == "implicit"
    assert demand[0].target is not None and demand[0].target.code == "SYR"


def test_an_unresolved_name_as_subject_keeps_its_text(pipeline) -> None:
    events = _events(pipeline, "On March 3 Ekvall accused Iraq of hiding weapons.")
    accusation = [e for e in events if e.plover == "ACCUSE"]
    assert accusation and accusation[0].source.text == "Ekvall"
    assert accusation[0].source.code == ""  # no guessed code
    assert accusation[0].target is not None and accusation[0].target.code == "IRQ"


def test_aid_needs_a_recipient(pipeline) -> None:
    assert not _events(pipeline, "Kenya will protect the marine environment.")
    assert any(e.plover == "AID" for e in _events(pipeline, "Kenya provided food to Somalia."))


def test_opposing_a_proposal_is_a_rejection(pipeline) -> None:
    assert ("RUS", "", "120") in _triples(pipeline, "Russia opposed the plan on Monday.")
    assert not any(
        code == "1823" for _, _, code in _triples(pipeline, "Kenya put the bill to a vote.")
    )


def test_a_control_noun_governs_its_infinitive(pipeline) -> None:
    events = _events(pipeline, "Britain's refusal to surrender its rebate angered France.")
    assert any(e.rule.endswith("@control.refusal") and e.plover == "REJECT" for e in events)
    assert not any(e.plover == "RETREAT" for e in events)  # nothing was surrendered


def test_taking_action_is_no_lawsuit_unless_legal(pipeline) -> None:
    assert not any(
        e.cameo == "115" for e in _events(pipeline, "Kenya urged states to take action.")
    )
    assert any(
        e.cameo == "115"
        for e in _events(pipeline, "The family took legal action against the Kenyan police.")
    )


def test_an_unnamed_authority_is_the_one_of_the_place_named(pipeline) -> None:
    text = (
        "Kenyan police said on Monday they were looking for the suspect.\n"
        "The American diplomat was arrested in Nairobi on Friday."
    )
    arrests = [e for e in _events(pipeline, text) if e.cameo == "173"]
    assert arrests and arrests[0].source.country == "KEN"
    # a later act of an unnamed authority, with no place, is the same authorities'
    text += "\nThe diplomat was convicted of fraud in March."
    verdicts = [e for e in _events(pipeline, text) if e.cameo_root == "11"]
    assert verdicts and verdicts[0].source.country == "KEN"
    # a place whose country the article names no actor of does not decide
    text = "The American diplomat was arrested in Nairobi on Friday, US officials said."
    arrests = [e for e in _events(pipeline, text) if e.cameo == "173"]
    assert arrests and arrests[0].source.country != "KEN"


def test_a_visit_needs_a_host(pipeline) -> None:
    visits = _triples(pipeline, "The Kenyan president travelled to Ethiopia on Monday.")
    assert any(tgt == "ETH" and code == "042" for _, tgt, code in visits)
    assert not _events(pipeline, "The Kenyan delegation arrived in the city on Monday.")


def test_an_event_noun_inside_a_name_is_no_act(pipeline) -> None:
    text = "Kenya joined talks at the Gulf Cooperation Council on Monday."
    assert not any(e.trigger == "Cooperation" for e in _events(pipeline, text))


def test_an_object_with_no_is_a_negation(pipeline) -> None:
    events = _events(pipeline, "Kenya offered no evidence to Somalia.")
    assert events and all(e.negated for e in events)


def test_regret_about_something_is_no_apology(pipeline) -> None:
    apology = _triples(pipeline, "Japan expressed regret to China for the incident.")
    assert any(code == "055" for _, _, code in apology)
    comment = _triples(pipeline, "Japan expressed regret that talks with China had failed.")
    assert not any(code == "055" for _, _, code in comment)


def test_a_meeting_that_sets_the_scene_is_no_event(pipeline) -> None:
    text = "At its last meeting, OPEC kept its production quota unchanged."
    assert not any(e.plover == "CONSULT" for e in _events(pipeline, text))
    text = "Kenya spoke after talks with Ethiopia on Monday."
    assert any(e.plover == "CONSULT" for e in _events(pipeline, text))


def test_a_hoped_or_believed_act_is_no_event(pipeline) -> None:
    text = "Kenya's president said he hopes Chinese companies will invest in Ethiopia."
    assert not any(e.plover for e in _events(pipeline, text))  # nor a pledge (AGREE)
    text = "The minister believes Ethiopia attacked Somalia."
    assert not any(e.plover == "ASSAULT" for e in _events(pipeline, text))
    assert any(e.plover == "ASSAULT" for e in _events(pipeline, "Ethiopia attacked Somalia."))
    # the speaker's own act stays one
    text = '"I hope we can provide aid to Somalia," the Kenyan president said.'
    assert any(e.plover == "AID" for e in _events(pipeline, text))


def test_a_definite_event_noun_refers_back_to_the_act_told(pipeline) -> None:
    text = "Gunmen opened fire on a bus in Kabul on Monday. The attack killed five people."
    assert [e.plover for e in _events(pipeline, text)] == ["ASSAULT"]
    # told first, "the attack" is the act itself
    assert any(e.plover == "ASSAULT" for e in _events(pipeline, "The attack killed five people."))


def test_inside_a_quotation_only_acts_told_as_fact_or_own_acts_are_events(pipeline) -> None:
    said = " the Kenyan governor said."
    # a past or ongoing act reported as fact, and the speaker's own act, are events
    assert any(
        e.plover == "ASSAULT"
        for e in _events(pipeline, '"Ethiopian forces shelled the town on Monday,"' + said)
    )
    assert any(
        e.plover == "ASSAULT"
        for e in _events(pipeline, '"Ethiopian forces are shelling the town,"' + said)
    )
    assert any(e.plover == "ACCUSE" for e in _events(pipeline, '"We condemn the attack,"' + said))
    # the speaker's own side named in the third person speaks for itself
    own = '"Kenya wants to enhance cooperation with Ethiopia," said the Kenyan foreign minister.'
    assert any(e.plover == "AGREE" for e in _events(pipeline, own))
    other = own.replace("Kenya wants", "Somalia wants")
    assert not any(e.plover for e in _events(pipeline, other))
    # a plan or forecast about others is the speaker's commentary; outside quotes, a report
    plan = "Ethiopia will send troops to Somalia next year"
    assert not any(e.plover for e in _events(pipeline, f'"{plan},"' + said))
    assert any(e.plover for e in _events(pipeline, f"{plan}," + said))


def test_an_act_only_expected_or_scheduled_is_no_event(pipeline) -> None:
    text = "The Kenyan president was due to meet the Ethiopian prime minister on Tuesday."
    assert not any(e.plover == "CONSULT" for e in _events(pipeline, text))
    text = "The Kenyan president met the Ethiopian prime minister on Tuesday."
    assert any(e.plover == "CONSULT" for e in _events(pipeline, text))


def test_one_act_told_twice_in_a_sentence_is_one_event(pipeline) -> None:
    text = (
        "At least 57 people were killed and more than 110 others were wounded in the blasts "
        "in Amman."
    )
    assert [e.plover for e in _events(pipeline, text)] == ["ASSAULT"]
    # two doers are two acts
    text = "Ethiopia attacked the town, and Somalia attacked the border post."
    assert [e.plover for e in _events(pipeline, text)] == ["ASSAULT", "ASSAULT"]


def test_an_act_in_a_relative_clause_is_background(pipeline) -> None:
    text = "The Kenyan minister, who met Ethiopian officials on Monday, criticized Somalia."
    plovers = [e.plover for e in _events(pipeline, text)]
    assert "ACCUSE" in plovers and "CONSULT" not in plovers
    text = "The Kenyan minister met Ethiopian officials on Monday."
    assert any(e.plover == "CONSULT" for e in _events(pipeline, text))


def test_an_act_that_dates_the_report_ranks_below_it(pipeline) -> None:
    text = "After Ethiopia attacked Somalia on Monday, Kenya called for calm."
    events = {e.plover: e for e in _events(pipeline, text)}
    assert {"ASSAULT", "REQUEST"} <= set(events)  # both kept
    assert events["REQUEST"].confidence > events["ASSAULT"].confidence


def test_taking_someone_to_court_is_a_lawsuit_against_them(pipeline) -> None:
    triples = _triples(pipeline, "The Kenyan mother took the Ethiopian government to court.")
    assert ("KEN", "ETHGOV", "115") in triples


def test_a_recipient_after_a_target_preposition_comes_before_the_theme(pipeline) -> None:
    assert ("KEN", "ETH", "064") in _triples(pipeline, "Kenya shared intelligence with Ethiopia.")
    # an object that is the recipient stays one
    assert ("KEN", "RUSGOV", "166") in _triples(pipeline, "Kenya expelled the Russian ambassador.")


def test_an_act_asked_for_has_not_happened(pipeline) -> None:
    events = _events(pipeline, "Kenya urged Ethiopia to withdraw its troops from Somalia.")
    assert [e.plover for e in events] == ["REQUEST"]
    events = _events(pipeline, "The court ordered the government to release the prisoners.")
    assert [e.plover for e in events] == ["REQUEST"]
    # through an aspect verb too
    events = _events(pipeline, "Kenya urged Ethiopia to keep providing aid to Somalia.")
    assert [e.plover for e in events] == ["REQUEST"]
