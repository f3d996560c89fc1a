"""The Great Expectations suites on real batches built in the test."""

from __future__ import annotations

import datetime as dt

import pytest

from newsevents.storage import rows_to_table

TEXT = "Japan protested. China agreed to talks."


def documents():
    return rows_to_table([{
        "doc_id": "d1", "source_id": "s", "text": TEXT, "n_words": 6, "published_at": dt.date(2023, 9, 12),
        "ingested_at": dt.datetime(2023, 9, 12, tzinfo=dt.timezone.utc), "run_id": "r", "input_ref": "a.txt",
    }], "documents")


def entity(mention_id: str, start: int, end: int, label: str = "GPE", country: str | None = "JPN") -> dict:
    return {"doc_id": "d1", "mention_id": mention_id, "sentence_index": 0, "start_char": start, "end_char": end,
            "text": TEXT[start:end] if end <= len(TEXT) else "x", "label": label, "country": country, "run_id": "r"}


def event(event_id: str, **overrides) -> dict:
    row = {"event_id": event_id, "doc_id": "d1", "sentence_index": 1, "evidence_start": 17, "evidence_end": len(TEXT),
           "trigger": "agreed", "trigger_start": 23, "trigger_end": 29, "event_type": "AGREE", "cameo_code": "030",
           "cameo_root": "03", "quad_class": 1, "goldstein": 4.0, "actor_country": "CHN", "status": "asserted",
           "date_precision": "unknown", "confidence": 0.8, "published_at": dt.date(2023, 9, 12), "run_id": "r"}
    row.update(overrides)
    return row


def validate(tmp_path, **tables):
    from expectations.runner import validate_tables

    batch = {"documents": documents(), **{k: rows_to_table(v, k) for k, v in tables.items()}}
    return validate_tables(batch, output_dir=tmp_path / "v", run_id=f"test-{tmp_path.name}")


def test_a_good_batch_passes_and_data_docs_are_built(tmp_path) -> None:
    report = validate(tmp_path, entities=[entity("m1", 0, 5)], events=[event("e1")])
    assert report.success, report.message
    assert all(not t.rejected for t in report.tables.values())
    assert report.data_docs_path and report.data_docs_path.endswith("index.html")


def test_duplicate_key_blocks_the_run(tmp_path) -> None:
    report = validate(tmp_path, entities=[entity("m1", 0, 5), entity("m1", 0, 5)])
    assert not report.success
    assert "expect_column_values_to_be_unique:mention_id" in report.message


def test_bad_values_are_rejected_row_by_row_with_the_expectation_name(tmp_path) -> None:
    report = validate(tmp_path,
                      entities=[entity("m1", 0, 5), entity("m2", 0, 5, country="XXX"), entity("m3", 30, 99)],
                      events=[event("e1"), event("e2", event_type="MEET"), event("e3", goldstein=9.9)])
    assert report.success, report.message
    assert report.tables["entities"].rejected == {
        1: ["expect_column_values_to_be_in_set:country"],
        2: ["expect_column_values_to_be_in_set:_offsets_ok", "expect_column_values_to_be_in_set:_text_matches"],
    }
    assert report.tables["events"].rejected == {
        1: ["expect_column_values_to_be_in_set:event_type"],
        2: ["expect_column_values_to_be_in_set:_codebook_ok"],
    }


def test_foreign_keys_are_checked(tmp_path) -> None:
    report = validate(tmp_path, events=[event("e1", doc_id="missing")])
    assert not report.success and "_fk_doc" in report.message
    report = validate(tmp_path, events=[event("e2", actor_id="CHN-GOV")],
                      actors=[{"actor_id": "JPN", "name": "Japan", "kind": "state", "run_id": "r"}])
    assert not report.success and "_fk_actor" in report.message


@pytest.mark.parametrize("status,rejected", [("asserted", True), ("planned", False)])
def test_future_event_dates_only_for_planned_events(tmp_path, status: str, rejected: bool) -> None:
    report = validate(tmp_path, events=[event("e1", status=status, event_date=dt.date(2024, 1, 23), date_precision="day")])
    assert (0 in report.tables["events"].rejected) is rejected
