"""Remote warehouses (any fsspec URI): pull into a mirror, commit locally, publish manifest last.

``memory://`` is fsspec's in-process object store: no rename, no lock, like S3 — the protocol
is exercised exactly as it would be against a bucket.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pyarrow as pa
import pytest
from fsspec.core import url_to_fs

from newsevents.remote import RemoteChanged, RemoteWarehouse, is_remote, readable_location
from newsevents.storage import rows_to_table
from tests.conftest import SEEDS


@pytest.fixture
def uri(tmp_path, monkeypatch) -> str:
    monkeypatch.setenv("NEWSEVENTS_MIRROR_DIR", str(tmp_path / "mirrors"))
    return f"memory://bucket-{uuid.uuid4().hex[:8]}/warehouse"


def _quarantine(n: int, run: str) -> pa.Table:
    return rows_to_table([{"quarantine_id": f"{run}-{i}", "input_ref": f"x{i}", "doc_id": None, "stage": "ingest",
                           "reason": "empty", "detail": "empty file", "run_id": run,
                           "at": dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)} for i in range(n)],
                         "quarantine")


def _commit(remote: RemoteWarehouse, run: str, n: int, replace: bool = False) -> None:
    staged = remote.mirror.stage(run)
    (staged.replace if replace else staged.write)("quarantine", _quarantine(n, run))
    staged.commit()


def test_schemes_that_are_remote() -> None:
    assert is_remote("s3://bucket/x") and is_remote("memory://b/x")
    assert not is_remote("/tmp/x") and not is_remote("file:///tmp/x") and not is_remote("warehouse")


def test_published_state_is_what_another_machine_pulls(uri, tmp_path, monkeypatch) -> None:
    writer = RemoteWarehouse(uri)
    assert writer.pull() == 0
    _commit(writer, "r1", 3)
    assert writer.publish() == 1
    fs, root = url_to_fs(uri)
    manifest = json.loads(fs.cat_file(f"{root}/_manifest.json"))
    assert manifest["runs"] == ["r1"] and all(fs.exists(f"{root}/{rel}") for rel in manifest["files"]["quarantine"])
    assert not fs.exists(f"{root}/.lock") and not fs.exists(f"{root}/newsevents.duckdb")

    monkeypatch.setenv("NEWSEVENTS_MIRROR_DIR", str(tmp_path / "other-machine"))
    reader = RemoteWarehouse(uri)
    assert reader.mirror.root != writer.mirror.root
    assert reader.pull() == 1
    assert reader.mirror.read_table("quarantine").num_rows == 3
    assert reader.pull() == 0  # nothing new to download


def test_replaced_files_leave_the_remote_after_the_manifest_swap(uri) -> None:
    remote = RemoteWarehouse(uri)
    remote.pull()
    _commit(remote, "r1", 2, replace=True)
    remote.publish()
    _commit(remote, "r2", 5, replace=True)
    remote.publish()
    fs, root = url_to_fs(uri)
    assert [p.rsplit("/", 1)[-1] for p in fs.find(f"{root}/quarantine")] == ["part-r2-00001.parquet"]


def test_a_concurrent_writer_is_detected_and_nothing_is_published(uri, tmp_path, monkeypatch) -> None:
    first = RemoteWarehouse(uri)
    first.pull()
    monkeypatch.setenv("NEWSEVENTS_MIRROR_DIR", str(tmp_path / "second"))
    second = RemoteWarehouse(uri)
    second.pull()
    _commit(second, "r-second", 1)
    second.publish()
    _commit(first, "r-first", 4)
    with pytest.raises(RemoteChanged, match="changed since this run pulled it"):
        first.publish()
    fs, root = url_to_fs(uri)
    assert json.loads(fs.cat_file(f"{root}/_manifest.json"))["runs"] == ["r-second"]
    first.pull()  # the next run starts from the remote's state; its unpublished commit is gone
    assert first.mirror.read_table("quarantine").num_rows == 1


def test_the_build_flow_on_a_remote_warehouse(uri, prefect_harness) -> None:
    from flows.build import run_build

    summary = run_build(inputs=[str(SEEDS)], warehouse=uri, show_progress=False)
    assert summary.status == "completed" and summary.n_new == 2 and summary.warehouse == uri
    fs, root = url_to_fs(uri)
    assert fs.exists(f"{root}/_manifest.json")
    assert any("/validation/" in p for p in fs.find(root))  # the run's data docs are published too
    again = run_build(inputs=[str(SEEDS)], warehouse=uri, show_progress=False)
    assert again.n_new == 0 and again.n_skipped == 2
    local = readable_location(uri)
    import duckdb

    with duckdb.connect(f"{local}/newsevents.duckdb", read_only=True) as con:
        assert con.execute("select count(*) from documents").fetchone()[0] == 2
        assert con.execute("select count(*) from events").fetchone()[0] == summary.n_events


def test_the_cli_runs_queries_and_reports_a_remote_warehouse(uri, prefect_harness, capsys, tmp_path) -> None:
    from newsevents.cli import main

    assert main(["run", str(SEEDS), "--warehouse", uri, "--quiet"]) == 0
    assert "2 new" in capsys.readouterr().out
    assert main(["query", "select count(*) as n from documents", "--warehouse", uri, "--format", "csv"]) == 0
    assert capsys.readouterr().out.split() == ["n", "2"]
    report = tmp_path / "report.html"
    assert main(["report", "--warehouse", uri, "--output", str(report)]) == 0
    assert report.stat().st_size > 10_000
