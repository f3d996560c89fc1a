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
    # two worker processes: the path `make run` and the benchmark take (pool + early API server)
    result = newsevents("run", str(SEEDS), "--warehouse", str(path), "--processes", "2", cwd=PROJECT_ROOT)
    assert result.returncode == 0, result.stderr
    assert "2 new" in result.stdout and "Events by type and status" in result.stdout
    assert "Error logging to API" not in result.stderr  # the API server outlives Prefect's last log flush
    return path


def test_a_two_process_run_stores_the_same_events_as_the_golden_file(warehouse) -> None:
    golden = PROJECT_ROOT / "tests" / "flows" / "golden" / "seed_events.csv"
    expected = sorted(tuple(row.values()) for row in csv.DictReader(golden.open(encoding="utf-8")))
    columns = ", ".join(next(csv.reader(golden.open(encoding="utf-8"))))
    result = newsevents("query", f"select {columns} from events", "--warehouse", str(warehouse), "--format", "csv",
                        cwd=PROJECT_ROOT)
    got = sorted(tuple(row.values()) for row in csv.DictReader(io.StringIO(result.stdout)))
    assert got == expected


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


def test_every_query_in_the_readme_runs_on_the_seeds(warehouse) -> None:
    """The README's tour promises these queries: each must run and return rows."""
    import re

    from newsevents.cli import run_query

    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    queries = [" ".join(q.split()) for q in re.findall(r'\$ newsevents query "(.*?)"', readme, flags=re.S)]
    assert len(queries) >= 3
    for sql in queries:
        columns, rows = run_query(sql, str(warehouse))
        assert columns and rows, sql


def test_readme_lists_only_commands_that_exist() -> None:
    from newsevents.cli import build_parser

    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    subcommands = set(build_parser()._subparsers._group_actions[0].choices)
    import re

    mentioned = set(re.findall(r"`newsevents ([a-z-]+)", readme))
    assert mentioned and mentioned <= subcommands
    assert "make run" in readme and "make test" in readme


def test_rerun_of_unchanged_input_adds_nothing_and_starts_no_flow(warehouse, tmp_path) -> None:
    from newsevents.cli import run_query

    result = newsevents("run", str(SEEDS), "--warehouse", str(warehouse), "--quiet", cwd=PROJECT_ROOT)
    assert result.returncode == 0 and result.stdout.startswith("nothing new: all 2 articles")
    assert run_query("select count(*) from runs", str(warehouse))[1] == [(1,)]


def test_runs_use_every_core_up_to_four_by_default(monkeypatch) -> None:
    import os

    from newsevents import cli

    for cores, expected in ((1, 1), (2, 2), (16, 4)):
        monkeypatch.setattr(os, "sched_getaffinity", lambda _pid, n=cores: set(range(n)), raising=False)
        assert cli.default_processes() == expected
