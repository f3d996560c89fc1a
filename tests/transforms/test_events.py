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
