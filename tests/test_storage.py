"""The warehouse's commit protocol on real Parquet files and a real DuckDB catalog."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import time

import duckdb
import pytest

from newsevents.catalog import build_catalog
from newsevents.storage import Warehouse, WarehouseBusy, rows_to_table


def _doc(doc_id: str, year: int = 2023, month: int = 9) -> dict:
    return {
        "doc_id": doc_id, "source_id": doc_id, "title": None, "source": "S", "url": None,
        "published_at": dt.date(year, month, 1), "text": "Japan protested.", "n_words": 2,
        "ingested_at": dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc), "run_id": "r1",
        "input_ref": f"{doc_id}.txt", "published_year": year, "published_month": month,
    }


def test_staged_files_are_invisible_until_commit(tmp_path) -> None:
    store = Warehouse(tmp_path)
    staged = store.stage("r1")
    staged.write("documents", rows_to_table([_doc("a"), _doc("b", 2022, 1)], "documents"))
    assert store.read_table("documents").num_rows == 0
    staged.commit()
    table = store.read_table("documents")
    assert sorted(table.column("doc_id").to_pylist()) == ["a", "b"]
    assert sorted(table.column("published_year").to_pylist()) == [2022, 2023]
    assert (tmp_path / "documents" / "published_year=2022" / "published_month=1").is_dir()
    assert not (tmp_path / "_staging").exists()


def test_catalog_views_open_from_any_directory(tmp_path, monkeypatch) -> None:
    store = Warehouse(tmp_path / "wh")
    staged = store.stage("r1")
    staged.write("documents", rows_to_table([_doc("a")], "documents"))
    staged.write("quarantine", rows_to_table([{
        "quarantine_id": "q1", "input_ref": "x.bin", "stage": "ingest", "reason": "binary_file",
        "detail": "d", "run_id": "r1", "at": dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)}], "quarantine"))
    staged.commit()
    catalog = build_catalog(store)
    monkeypatch.chdir(tmp_path)
    with duckdb.connect(str(catalog), read_only=True) as con:
        assert con.execute("select doc_id, published_month from documents").fetchall() == [("a", 9)]
        assert con.execute("select count(*) from events").fetchone() == (0,)
        assert con.execute("select reason, year(\"at\") from quarantine").fetchall() == [("binary_file", 2024)]


def test_recover_removes_uncommitted_files_and_keeps_committed(tmp_path) -> None:
    store = Warehouse(tmp_path)
    first = store.stage("r1")
    first.write("documents", rows_to_table([_doc("a")], "documents"))
    first.commit()
    dead = store.stage("r2")
    dead.write("documents", rows_to_table([_doc("b")], "documents"))
    # a run that died after moving one file but before swapping the manifest
    stray = tmp_path / "documents" / "published_year=2023" / "published_month=9" / "part-r2-99999.parquet"
    stray.write_bytes((dead.dir / dead.files["documents"][0]).read_bytes())
    removed = store.recover()
    assert any("part-r2-99999" in r for r in removed)
    assert not stray.exists() and not (tmp_path / "_staging").exists()
    assert store.read_table("documents").column("doc_id").to_pylist() == ["a"]


def test_replace_swaps_the_whole_table(tmp_path) -> None:
    store = Warehouse(tmp_path)
    for run, ids in (("r1", ["a"]), ("r2", ["b", "c"])):
        staged = store.stage(run)
        rows = [{"cluster_id": i, "event_type": "CONSULT", "cameo_root": "04", "status": "asserted",
                 "num_mentions": 1, "num_documents": 1, "num_sources": 1, "goldstein": 1.0,
                 "quad_class": 1, "event_ids": [i]} for i in ids]
        staged.replace("event_clusters", rows_to_table(rows, "event_clusters"))
        staged.commit()
    assert sorted(store.read_table("event_clusters").column("cluster_id").to_pylist()) == ["b", "c"]
    assert len(list((tmp_path / "event_clusters").glob("*.parquet"))) == 1


def _hold_lock(path: str, ready, seconds: float) -> None:
    with Warehouse(path).lock():
        ready.set()
        time.sleep(seconds)


def test_second_run_on_a_locked_warehouse_fails_clearly(tmp_path) -> None:
    ready = multiprocessing.Event()
    holder = multiprocessing.Process(target=_hold_lock, args=(str(tmp_path), ready, 3.0))
    holder.start()
    try:
        assert ready.wait(10)
        assert Warehouse(tmp_path).busy_holder() == f"pid {holder.pid}"
        with pytest.raises(WarehouseBusy, match=f"in use by pid {holder.pid}"):
            Warehouse(tmp_path).ensure_free()
        with pytest.raises(WarehouseBusy, match="in use"):
            with Warehouse(tmp_path).lock(wait_seconds=0.2):
                pass
        # waiting long enough gets the lock once the holder is done
        with Warehouse(tmp_path).lock(wait_seconds=15):
            pass
        assert Warehouse(tmp_path).busy_holder() is None
    finally:
        holder.join(10)
