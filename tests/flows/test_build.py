"""The build flow end to end on the seed articles: real spaCy, GE, Parquet and DuckDB."""

from __future__ import annotations

import csv
import os
import shutil
from pathlib import Path

import duckdb
import pytest

from tests.conftest import SEEDS

GOLDEN = Path(__file__).parent / "golden" / "seed_events.csv"
GOLDEN_COLUMNS = ["doc_id", "sentence_index", "trigger", "event_type", "cameo_code", "status",
                  "actor_country", "actor_sector", "recipient_country", "recipient_sector",
                  "event_date", "date_precision", "location_text"]


@pytest.fixture(scope="module")
def seeds_warehouse(tmp_path_factory, prefect_harness):
    """The seeds built once into a temp warehouse; returns (path, first summary, second summary)."""
    from flows.build import run_build

    warehouse = tmp_path_factory.mktemp("wh")
    first = run_build(inputs=[str(SEEDS)], warehouse=str(warehouse), show_progress=False)
    second = run_build(inputs=[str(SEEDS)], warehouse=str(warehouse), show_progress=False)
    return warehouse, first, second


def query(warehouse: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse / "newsevents.duckdb"), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_seed_counts(seeds_warehouse) -> None:
    warehouse, first, _ = seeds_warehouse
    assert first.status == "completed"
    assert (first.n_inputs, first.n_new, first.n_quarantined) == (2, 2, 0)
    assert query(warehouse, "select count(*) from documents") == [(2,)]
    assert query(warehouse, "select count(*) from entities")[0][0] >= 30
    assert query(warehouse, "select count(*) from events")[0][0] >= 8
    assert query(warehouse, "select count(*) from runs where validation_success")[0][0] == 2


def test_rerun_adds_nothing(seeds_warehouse) -> None:
    warehouse, first, second = seeds_warehouse
    assert (second.n_inputs, second.n_new, second.n_skipped, second.n_events, second.n_quarantined) == (2, 0, 2, 0, 0)
    counts = query(warehouse, "select (select count(*) from documents), (select count(*) from entities), "
                              "(select count(*) from events), (select count(*) from actors)")[0]
    assert counts[2] == first.n_events and counts[1] == first.n_entities


def test_offsets_point_into_the_document_text(seeds_warehouse) -> None:
    warehouse, _, _ = seeds_warehouse
    bad = query(warehouse, """
        select count(*) from entities e join documents d using (doc_id)
        where substr(d.text, e.start_char + 1, e.end_char - e.start_char) <> e.text""")
    assert bad == [(0,)]
    bad_events = query(warehouse, """
        select count(*) from events e join documents d using (doc_id)
        where substr(d.text, e.trigger_start + 1, e.trigger_end - e.trigger_start) <> e.trigger
           or e.trigger_start < e.evidence_start or e.trigger_end > e.evidence_end""")
    assert bad_events == [(0,)]


def test_seafood_ban_is_a_chinese_sanction_on_japan(seeds_warehouse) -> None:
    warehouse, _, _ = seeds_warehouse
    rows = query(warehouse, """
        select e.actor_country, e.recipient_country, e.status, e.cameo_root from events e join documents d using (doc_id)
        where e.event_type = 'SANCTION' and substr(d.text, e.evidence_start + 1, e.evidence_end - e.evidence_start) like '%seafood%'""")
    assert ("CHN", "JPN", "asserted", "16") in rows


def test_kishida_li_talks_are_negated_not_a_meeting(seeds_warehouse) -> None:
    warehouse, _, _ = seeds_warehouse
    rows = query(warehouse, """
        select e.status, e.actor_country, e.recipient_country from events e join documents d using (doc_id)
        where e.event_type = 'CONSULT' and substr(d.text, e.evidence_start + 1, e.evidence_end - e.evidence_start) like '%did not hold sit-down talks%'
          and e.trigger like '%talks%'""")
    assert rows, "the Kishida-Li talks sentence yields a CONSULT row"
    assert {r[0] for r in rows} == {"negated"}
    assert {(r[1], r[2]) for r in rows} <= {("JPN", "CHN"), ("CHN", "JPN")}


def test_catalog_opens_from_another_directory(seeds_warehouse, tmp_path, monkeypatch) -> None:
    warehouse, _, _ = seeds_warehouse
    monkeypatch.chdir(tmp_path)
    rows = query(warehouse, "select event_type, actor_country, recipient_country, status from events")
    assert len(rows) >= 8


def test_golden_seed_events(seeds_warehouse) -> None:
    """The events table for the seeds, compared with a reviewed golden file.

    Regenerate after an intended change with UPDATE_GOLDEN=1 and review the diff.
    """
    warehouse, _, _ = seeds_warehouse
    rows = query(warehouse, f"select {', '.join(GOLDEN_COLUMNS)} from events order by doc_id, sentence_index, trigger, event_type, actor_country, recipient_country")
    actual = [[("" if v is None else str(v)) for v in row] for row in rows]
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        with GOLDEN.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(GOLDEN_COLUMNS)
            writer.writerows(actual)
    with GOLDEN.open(newline="", encoding="utf-8") as handle:
        expected = list(csv.reader(handle))[1:]
    assert actual == expected


def test_event_confidence_is_the_calibrated_raw_score(seeds_warehouse) -> None:
    from newsevents.lexicons import load_calibration

    warehouse, _, _ = seeds_warehouse
    calibration = load_calibration()
    rows = query(warehouse, "select confidence, confidence_raw from events")
    assert rows and calibration is not None
    assert all(abs(confidence - calibration(raw)) < 1e-9 for confidence, raw in rows)
    assert len({c for c, _ in rows}) >= 2  # it separates rows, not one constant
