"""The README's commands as a user types them: `newsevents run`, then `newsevents query` elsewhere."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT, SEEDS

NEWSEVENTS = [sys.executable, "-m", "newsevents.cli"]


def newsevents(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([*NEWSEVENTS, *args], cwd=cwd, capture_output=True, text=True, timeout=600,
                          env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)})


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "wh"
    result = newsevents("run", str(SEEDS), "--warehouse", str(path), cwd=PROJECT_ROOT)
    assert result.returncode == 0, result.stderr
    assert "2 new" in result.stdout and "Events by type and status" in result.stdout
    return path


def test_query_from_another_directory_in_three_formats(warehouse, tmp_path) -> None:
    sql = "select event_type, actor_country, recipient_country, status from events order by all"
    table = newsevents("query", sql, "--warehouse", str(warehouse), cwd=tmp_path)
    assert table.returncode == 0, table.stderr
    assert table.stdout.splitlines()[0].split() == ["event_type", "actor_country", "recipient_country", "status"]
    rows = list(csv.DictReader(io.StringIO(newsevents("query", sql, "--warehouse", str(warehouse), "--format", "csv", cwd=tmp_path).stdout)))
    as_json = json.loads(newsevents("query", sql, "--warehouse", str(warehouse), "--format", "json", cwd=tmp_path).stdout)
    assert len(rows) == len(as_json) >= 8
    assert rows[0]["event_type"] == as_json[0]["event_type"]


def test_write_statements_are_refused_with_one_line(warehouse, tmp_path) -> None:
    for sql in ("delete from events", "create table x as select 1", "copy events to 'x.csv'"):
        result = newsevents("query", sql, "--warehouse", str(warehouse), cwd=tmp_path)
        assert result.returncode == 1
        assert result.stderr.strip().count("\n") == 0 and "read-only" in result.stderr
    assert not (tmp_path / "x.csv").exists()


def test_query_on_a_missing_warehouse_says_what_to_do(tmp_path) -> None:
    result = newsevents("query", "select 1", "--warehouse", str(tmp_path / "none"), cwd=tmp_path)
    assert result.returncode == 1 and "newsevents run" in result.stderr
