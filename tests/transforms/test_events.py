"""Event coding on real sentences (the real model, loaded once): type, parties and status."""

from __future__ import annotations

import datetime as dt

import pytest

from newsevents.pipeline import load_pipeline, make_doc


@pytest.fixture(scope="module")
def code():
    nlp = load_pipeline()

    def run(text: str, published: dt.date = dt.date(2023, 9, 12)) -> list[dict]:
        return nlp(make_doc(nlp, text, published))._.events

    return run


def one(events: list[dict], event_type: str) -> dict:
    found = [e for e in events if e["event_type"] == event_type]
    assert found, f"no {event_type} in {[(e['trigger'], e['event_type']) for e in events]}"
    return found[0]


def test_did_not_hold_talks_is_a_negated_reciprocal_consult(code) -> None:
    events = code("Prime Minister Fumio Kishida and Chinese Premier Li Qiang did not hold sit-down talks in Jakarta last week.")
    talks = [e for e in events if e["trigger"] == "talks"]
    assert {e["status"] for e in talks} == {"negated"}
    assert {(e["actor_country"], e["recipient_country"]) for e in talks} == {("JPN", "CHN"), ("CHN", "JPN")}
    assert talks[0]["location_country"] == "IDN"


def test_will_visit_is_planned_with_a_future_date(code) -> None:
    event = one(code("Japanese business leaders will visit China in January.", dt.date(2023, 9, 1)), "CONSULT")
    assert (event["status"], event["actor_country"], event["actor_sector"], event["recipient_country"]) == \
        ("planned", "JPN", "BUS", "CHN")
    assert (event["event_date"], event["date_precision"]) == ("2024-01-01", "month")


def test_postponed_planned_visit_is_postponed_not_a_visit(code) -> None:
    event = one(code("Senior Chinese military officers have postponed their planned visit to Japan."), "CONSULT")
    assert (event["status"], event["actor_country"], event["actor_sector"], event["recipient_country"]) == \
        ("postponed", "CHN", "MIL", "JPN")


def test_imposing_a_ban_on_japanese_imports_is_a_chinese_sanction(code) -> None:
    event = one(code("Beijing has opposed the discharge, imposing a blanket ban on Japanese seafood imports."), "SANCTION")
    assert (event["actor_country"], event["recipient_country"], event["cameo_root"], event["status"]) == \
        ("CHN", "JPN", "16", "asserted")
    assert -10 <= event["goldstein"] < 0 and event["quad_class"] == 4


def test_threatened_attack_is_a_threat_not_an_attack(code) -> None:
    events = code("Russia threatened to attack Ukraine.")
    assert one(events, "THREATEN")["recipient_country"] == "UKR"
    assert not [e for e in events if e["event_type"] == "ASSAULT" and e["status"] == "asserted"]


def test_reporting_verbs_are_not_events_and_offsets_hold(code) -> None:
    text = "Officials said Tuesday that Iran had accused Israel of sabotage."
    events = code(text)
    assert all(e["trigger"] not in ("said",) for e in events)
    event = one(events, "ACCUSE")
    assert (event["actor_country"], event["recipient_country"]) == ("IRN", "ISR")
    assert text[event["trigger_start"]:event["trigger_end"]] == event["trigger"]
    assert 0 < event["confidence"] <= 1


def triples(events: list[dict], status: str = "asserted") -> set[tuple]:
    return {(e["actor_country"], e["recipient_country"], e["event_type"]) for e in events if e["status"] == status}


# -- which clause's events a sentence reports ---------------------------------------------------
def test_relative_clause_is_background_not_an_event(code) -> None:
    assert triples(code("Turkey condemned Syria, which had shelled a border village.")) == {("TUR", "SYR", "ACCUSE")}


def test_participle_without_a_party_of_its_own_only_elaborates(code) -> None:
    events = code("Kenyan police arrested 30 students in Nairobi, injuring five.")
    assert {e["event_type"] for e in events} == {"COERCE"}


def test_participle_with_its_own_recipient_is_a_second_act(code) -> None:
    events = code("Beijing condemned the test, imposing sanctions on North Korean banks.")
    assert ("CHN", "PRK", "SANCTION") in triples(events)


def test_stating_that_another_party_must_act_is_a_demand(code) -> None:
    events = code("Germany said that Poland must release the detained journalists.")
    assert triples(events) == {("DEU", "POL", "REQUEST")}


# -- dictionary patterns and codebook facts ------------------------------------------------------
def test_pattern_prepositions_need_a_real_prepositional_phrase(code) -> None:
    # "efforts to cut" is an infinitive, not the "(TO)" of "welcome X to"; "on Tuesday" is a date
    assert triples(code("The German chancellor praised France's efforts to cut emissions.")) == {("DEU", "FRA", "SUPPORT")}
    phoned = triples(code("The French president telephoned the Italian prime minister on Tuesday."))
    assert phoned == {("FRA", "ITA", "CONSULT"), ("ITA", "FRA", "CONSULT")}  # 041 is reciprocal


def test_halting_aid_is_an_asserted_sanction_not_a_cancelled_event(code) -> None:
    event = one(code("Sweden halted development aid to Zimbabwe."), "SANCTION")
    assert (event["actor_country"], event["recipient_country"], event["status"]) == ("SWE", "ZWE", "asserted")


def test_agreeing_that_parties_should_act_is_intent_and_nationalities_split(code) -> None:
    events = code("Greek and Turkish officials agreed that their governments should resume talks.")
    assert triples(events) == {("GRC", "TUR", "AGREE"), ("TUR", "GRC", "AGREE")}


@pytest.mark.parametrize(("text", "cameo"), [
    ("A Cuban dissident staged a hunger strike in Havana.", "142"),
    ("Unions in Nigeria organized a general strike.", "143"),
    ("Some 300 workers in Chile stopped work on Monday.", "143"),
    ("Teachers in Kenya went on strike on Monday.", "143"),
])
def test_strikes_by_workers_and_hunger_strikes_are_protests(code, text: str, cameo: str) -> None:
    event = one(code(text), "PROTEST")
    assert event["cameo_code"] == cameo and event["actor_country"] in ("CUB", "NGA", "CHL", "KEN")


def test_an_event_noun_as_subject_of_continue(code) -> None:
    event = one(code("Albanian riots against Serbian police continued on Sunday."), "PROTEST")
    assert (event["actor_country"], event["recipient_country"]) == ("ALB", "SRB")


@pytest.mark.parametrize(("text", "expected"), [
    ("A Brazilian farmer is suing the United States for damages.", ("BRA", "USA", "ACCUSE")),  # CAMEO 115
    ("Japan lodged an official protest with South Korea.", ("JPN", "KOR", "ACCUSE")),  # CAMEO 114
    ("Russia sent arms to Syria last year.", ("RUS", "SYR", "AID")),  # CAMEO 072
    ("The Dutch foreign minister cancelled a planned visit to Turkey.", ("NLD", "TUR", "SANCTION")),  # 161
])
def test_codebook_categories(code, text: str, expected: tuple) -> None:
    assert expected in triples(code(text))


def test_joint_military_drills_are_military_cooperation(code) -> None:
    events = code("Chinese and Russian warships launched joint naval drills.")
    assert triples(events) == {("CHN", "RUS", "COOPERATE"), ("RUS", "CHN", "COOPERATE")}


def test_refusing_to_meet_demands_is_a_rejection(code) -> None:
    event = one(code("France said it would not meet the kidnappers' demands."), "REJECT")
    assert (event["actor_country"], event["status"]) == ("FRA", "asserted")


def test_a_verb_whose_dictionary_default_is_a_rare_sense_codes_nothing_alone(code) -> None:
    assert not code("Japanese exporters face higher tariffs in China.")


# -- parties --------------------------------------------------------------------------------------
def test_passive_subject_is_the_recipient(code) -> None:
    assert triples(code("A Somali village was attacked by Kenyan troops.")) == {("KEN", "SOM", "ASSAULT")}


def test_passive_without_agent_takes_the_doer_from_the_event_noun(code) -> None:
    assert one(code("Three civilians were killed in Russian shelling in Kharkiv."), "ASSAULT")["actor_country"] == "RUS"
    # the dateline is where the story was filed, not a party
    events = code("KABUL, Afghanistan: Two soldiers were killed in a Taliban attack on Monday.")
    assert one(events, "ASSAULT")["actor_text"] != "Afghanistan"


def test_coordinated_recipients_each_get_the_event(code) -> None:
    events = code("Iran threatened to strike Israel and the United States.")
    assert triples(events) == {("IRN", "ISR", "THREATEN"), ("IRN", "USA", "THREATEN")}


def test_a_threat_is_aimed_at_the_party_its_condition_names(code) -> None:
    events = code("China threatened to cut trade ties if Australia joins the inquiry.")
    assert triples(events) == {("CHN", "AUS", "THREATEN")}


def test_unnamed_authorities_of_the_place_investigate_and_detain(code) -> None:
    event = one(code("A British journalist has been put under investigation in France."), "ACCUSE")
    assert (event["actor_country"], event["actor_sector"], event["recipient_country"]) == ("FRA", "GOV", "GBR")


def test_domestic_groups_take_the_country_of_their_own_phrase_or_place(code) -> None:
    event = one(code("A newspaper based in Lima criticized the Chilean government."), "ACCUSE")
    assert (event["actor_country"], event["recipient_country"]) == ("PER", "CHL")
    ethnic = one(code("Macedonian police detained five ethnic Albanians in Skopje."), "COERCE")
    assert ethnic["recipient_country"] == "MKD"  # an ethnic group lives where it lives


def test_the_decided_act_is_the_event_not_the_decision(code) -> None:
    events = code("Vietnam decided to expel two Chinese diplomats.")
    assert [e["trigger"] for e in events] == ["expel"]
    assert (events[0]["actor_country"], events[0]["recipient_country"]) == ("VNM", "CHN")


def test_coordinated_protesters_are_co_actors_not_each_others_targets(code) -> None:
    events = [e for e in code("Canadian and British activists staged a protest in Beijing.") if e["event_type"] == "PROTEST"]
    assert {e["actor_country"] for e in events} == {"CAN", "GBR"}
    assert not {e["recipient_country"] for e in events} & {"CAN", "GBR"}
