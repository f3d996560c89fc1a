"""cluster_events: mentions of one real-world event collapse; different facts stay apart."""

from __future__ import annotations

import datetime as dt
import random

import pyarrow as pa
import pytest

from newsevents.schemas import EVENT_CLUSTERS
from transforms.clusters import cluster_events


def event(event_id: str, doc_id: str, **overrides: object) -> dict:
    row = {
        "event_id": event_id, "doc_id": doc_id, "event_type": "ASSAULT", "cameo_root": "19",
        "status": "asserted", "event_date": dt.date(2023, 9, 12), "actor_country": "PRK",
        "actor_sector": "MIL", "recipient_country": "JPN", "recipient_sector": None,
        "goldstein": -10.0, "quad_class": 4,
    }
    row.update(overrides)
    return row


@pytest.fixture
def documents() -> dict[str, dict]:
    return {
        "d1": {"doc_id": "d1", "source": "Kyodo News", "published_at": dt.date(2023, 9, 12)},
        "d2": {"doc_id": "d2", "source": "Reuters", "published_at": "2023-09-13"},
        "d3": {"doc_id": "d3", "source": "Kyodo News", "published_at": dt.date(2023, 9, 14)},
        "d4": {"doc_id": "d4", "source": None, "published_at": None},
    }


def test_two_articles_same_event_make_one_cluster(documents: dict) -> None:
    rows = cluster_events([event("e1", "d1"), event("e2", "d2", event_date="2023-09-12")], documents)
    assert len(rows) == 1
    cluster = rows[0]
    assert cluster["num_mentions"] == 2
    assert cluster["num_documents"] == 2
    assert cluster["num_sources"] == 2
    assert cluster["event_ids"] == ["e1", "e2"]
    assert cluster["event_date"] == dt.date(2023, 9, 12)
    assert cluster["first_seen"] == dt.date(2023, 9, 12)
    assert cluster["last_seen"] == dt.date(2023, 9, 13)
    assert (cluster["actor_country"], cluster["recipient_country"]) == ("PRK", "JPN")


def test_same_publisher_twice_counts_one_source(documents: dict) -> None:
    rows = cluster_events([event("e1", "d1"), event("e3", "d3", event_date=dt.date(2023, 9, 13))], documents)
    assert [(r["num_documents"], r["num_sources"]) for r in rows] == [(2, 1)]


def test_two_mentions_in_one_article_are_one_document(documents: dict) -> None:
    rows = cluster_events([event("e1", "d1"), event("e1b", "d1")], documents)
    assert [(r["num_mentions"], r["num_documents"]) for r in rows] == [(2, 1)]


def test_different_status_stays_separate(documents: dict) -> None:
    rows = cluster_events([event("e1", "d1"), event("e2", "d2", status="negated")], documents)
    assert sorted(r["status"] for r in rows) == ["asserted", "negated"]
    assert all(r["num_mentions"] == 1 for r in rows)


@pytest.mark.parametrize(
    "field,value",
    [("event_type", "THREATEN"), ("actor_country", "KOR"), ("actor_sector", "GOV"),
     ("recipient_country", None), ("recipient_sector", "GOV")],
)
def test_any_key_difference_stays_separate(documents: dict, field: str, value: object) -> None:
    assert len(cluster_events([event("e1", "d1"), event("e2", "d2", **{field: value})], documents)) == 2


def test_window_is_anchored_at_the_earliest_date(documents: dict) -> None:
    days = [dt.date(2023, 9, 10), dt.date(2023, 9, 11), dt.date(2023, 9, 12)]
    events = [event(f"e{i}", "d1", event_date=day) for i, day in enumerate(days)]
    one_day = cluster_events(events, documents, window_days=1)
    assert [r["event_ids"] for r in one_day] == [["e0", "e1"], ["e2"]]
    assert len(cluster_events(events, documents, window_days=2)) == 1
    assert len(cluster_events(events, documents, window_days=0)) == 3


def test_undated_mentions_cluster_by_publication_date_and_never_join_dated(documents: dict) -> None:
    events = [
        event("e1", "d1", event_date=None),  # published 09-12
        event("e2", "d2", event_date=None),  # published 09-13: within one day of e1
        event("e3", "d3", event_date=None),  # published 09-14: two days after the anchor
        event("e4", "d1"),  # dated: separate from undated ones
    ]
    rows = cluster_events(events, documents)
    assert sorted(r["event_ids"] for r in rows) == [["e1", "e2"], ["e3"], ["e4"]]
    undated = [r for r in rows if r["event_date"] is None]
    assert {r["first_seen"] for r in undated} == {dt.date(2023, 9, 12), dt.date(2023, 9, 14)}


def test_no_date_at_all_collapses_per_key(documents: dict) -> None:
    rows = cluster_events([event("e1", "d4", event_date=None), event("e2", "d4", event_date=None)], documents)
    assert [(r["event_ids"], r["first_seen"], r["num_sources"]) for r in rows] == [(["e1", "e2"], None, 0)]


def test_representative_fields_agree(documents: dict) -> None:
    events = [
        event("e1", "d1", cameo_root="18", goldstein=-9.0, quad_class=4),
        event("e2", "d2", cameo_root="19", goldstein=-10.0),
        event("e3", "d3", cameo_root="19", goldstein=-10.0, event_date=dt.date(2023, 9, 13)),
    ]
    [cluster] = cluster_events(events, documents)
    assert (cluster["cameo_root"], cluster["goldstein"], cluster["quad_class"]) == ("19", -10.0, 4)


def test_deterministic_and_order_independent(documents: dict) -> None:
    events = [event(f"e{i}", f"d{1 + i % 3}", event_date=dt.date(2023, 9, 1 + i % 5),
                    status=("asserted", "negated")[i % 2]) for i in range(20)]
    first = cluster_events(events, documents)
    shuffled = events[:]
    random.Random(7).shuffle(shuffled)
    assert cluster_events(shuffled, documents) == first
    assert len({r["cluster_id"] for r in first}) == len(first)
    assert sum(r["num_mentions"] for r in first) == len(events)


def test_duplicate_event_ids_count_once(documents: dict) -> None:
    rows = cluster_events([event("e1", "d1"), event("e1", "d1")], documents)
    assert rows[0]["num_mentions"] == 1


def test_rows_fit_the_contract(documents: dict) -> None:
    rows = cluster_events([event("e1", "d1"), event("e2", "d4", event_date=None)], documents)
    table = pa.Table.from_pylist(rows, schema=EVENT_CLUSTERS.schema)
    assert table.num_rows == 2
    assert set(rows[0]) == set(EVENT_CLUSTERS.column_names)
