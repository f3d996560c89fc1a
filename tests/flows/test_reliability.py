"""Reliability guarantees of a run: nothing lost, nothing half-written, nothing done twice.

Every case builds its own input files in ``tmp_path`` and asserts exact counts and reasons.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from tests.conftest import PROJECT_ROOT, SEEDS

STORY = "Japan and China agreed on Tuesday to resume talks on seafood imports, officials said."


def count(warehouse: Path, sql: str) -> int:
    with duckdb.connect(str(warehouse / "newsevents.duckdb"), read_only=True) as con:
        return con.execute(sql).fetchone()[0]


def reasons(warehouse: Path) -> dict[str, str]:
    with duckdb.connect(str(warehouse / "newsevents.duckdb"), read_only=True) as con:
        rows = con.execute("select input_ref, reason from quarantine order by input_ref").fetchall()
    return {Path(ref.split(":")[0]).name + (":" + ref.split(":")[1] if ":" in ref else ""): reason for ref, reason in rows}


@pytest.fixture
def bad_inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    (folder / "nested").mkdir(parents=True)
    (folder / "good.txt").write_text(STORY, encoding="utf-8")
    (folder / "good.json").write_text(json.dumps({"id": "g1", "published_at": "2023-09-12"}))
    (folder / "zcopy.txt").write_text(STORY + "\r\n", encoding="utf-8")          # same text, other name
    (folder / "empty.txt").write_text("   \n")
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    (folder / "latin.txt").write_bytes(("Le président a rencontré le ministre à Genève mardi. " * 5).encode("latin-1"))
    (folder / "meta.txt").write_text("Russia accused Ukraine of shelling the plant.", encoding="utf-8")
    (folder / "meta.json").write_text("{oops")
    (folder / "orphan.json").write_text("{}")
    (folder / "notes.csv").write_text("a,b\n1,2\n")
    lines = [json.dumps({"id": "j1", "text": "Iran threatened to close the strait.", "published_at": "2023-01-05"}),
             "{not json", json.dumps({"id": "j3"})]
    (folder / "nested" / "feed.jsonl").write_text("\n".join(lines) + "\n")
    return folder


def test_bad_inputs_are_quarantined_with_reasons_and_good_ones_land(bad_inputs, tmp_path, prefect_harness) -> None:
    from flows.build import run_build

    warehouse = tmp_path / "wh"
    summary = run_build(inputs=[str(bad_inputs)], warehouse=str(warehouse), show_progress=False)
    assert summary.status == "completed"
    assert count(warehouse, "select count(*) from documents") == 4  # good, latin, meta, j1
    assert reasons(warehouse) == {
        "zcopy.txt": "duplicate_article",
        "empty.txt": "empty_file",
        "image.txt": "binary_file",
        "meta.json": "bad_sidecar",
        "orphan.json": "orphan_sidecar",
        "notes.csv": "unsupported_file_type",
        "feed.jsonl:2": "bad_json_line",
        "feed.jsonl:3": "missing_field",
    }
    assert summary.n_quarantined == 8
    assert count(warehouse, "select n_quarantined from runs") == 8
    # the article with a malformed sidecar is kept under its file stem
    assert count(warehouse, "select count(*) from documents where source_id = 'meta'") == 1

    again = run_build(inputs=[str(bad_inputs)], warehouse=str(warehouse), show_progress=False)
    assert (again.n_new, again.n_quarantined) == (0, 0)
    assert count(warehouse, "select count(*) from quarantine") == 8


def test_missing_input_path_is_quarantined_not_a_crash(tmp_path, prefect_harness) -> None:
    from flows.build import run_build

    summary = run_build(inputs=[str(tmp_path / "nope")], warehouse=str(tmp_path / "wh"), show_progress=False)
    assert summary.status == "completed" and summary.n_quarantined == 1
    assert reasons(tmp_path / "wh") == {"nope": "missing_path"}


def test_adding_one_article_processes_only_that_article(tmp_path, prefect_harness) -> None:
    from flows.build import run_build

    folder = tmp_path / "in"
    folder.mkdir()
    for path in SEEDS.iterdir():
        (folder / path.name).write_bytes(path.read_bytes())
    warehouse = tmp_path / "wh"
    run_build(inputs=[str(folder)], warehouse=str(warehouse), show_progress=False)
    events_before = count(warehouse, "select count(*) from events")
    (folder / "new.txt").write_text(STORY, encoding="utf-8")
    summary = run_build(inputs=[str(folder)], warehouse=str(warehouse), show_progress=False)
    assert (summary.n_inputs, summary.n_new, summary.n_skipped) == (3, 1, 2)
    assert count(warehouse, "select count(*) from documents") == 3
    assert count(warehouse, "select count(*) from events") == events_before + summary.n_events
    events_after = count(warehouse, "select count(*) from events")
    forced = run_build(inputs=[str(folder)], warehouse=str(warehouse), show_progress=False, force=True)
    # re-parsed and replaced: same content keys, nothing duplicated
    assert forced.n_new == 3 and forced.n_events == events_after
    assert count(warehouse, "select count(*) from documents") == 3
    assert count(warehouse, "select count(*) from events") == events_after
    assert count(warehouse, "select count(distinct event_id) from events") == events_after


def _cli(*args: str, cwd: Path | None = None) -> subprocess.Popen:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen([sys.executable, "-m", "newsevents.cli", *args], cwd=cwd or PROJECT_ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)


def _many_articles(folder: Path, n: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps({"id": f"a{i}", "text": f"Report {i}. {STORY} " * 6, "published_at": "2023-09-12"})
             for i in range(n)]
    (folder / "feed.jsonl").write_text("\n".join(lines))


def test_a_run_killed_mid_way_leaves_previous_tables_and_the_next_run_completes(tmp_path) -> None:
    warehouse = tmp_path / "wh"
    first = _cli("run", str(SEEDS), "--warehouse", str(warehouse), "--quiet")
    assert first.wait(300) == 0, first.stderr.read()
    before = (count(warehouse, "select count(*) from documents"), count(warehouse, "select count(*) from events"))
    _many_articles(tmp_path / "big", 400)
    victim = _cli("run", str(tmp_path / "big"), "--warehouse", str(warehouse), "--quiet", "--batch-size", "8")
    deadline = time.monotonic() + 240
    while not (warehouse / "_staging").exists() or not any((warehouse / "_staging").rglob("*.parquet")):
        assert victim.poll() is None, "the run finished before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.2)
    os.killpg(victim.pid, signal.SIGKILL)  # the run and its Prefect server die together, as in a crash
    victim.wait(30)
    # previous state intact and readable
    assert (count(warehouse, "select count(*) from documents"), count(warehouse, "select count(*) from events")) == before
    again = _cli("run", str(tmp_path / "big"), "--warehouse", str(warehouse), "--quiet")
    assert again.wait(600) == 0, again.stderr.read()
    assert count(warehouse, "select count(*) from documents") == before[0] + 400
    assert not (warehouse / "_staging").exists()


def test_a_second_concurrent_run_exits_with_a_clear_message(tmp_path) -> None:
    warehouse = tmp_path / "wh"
    _many_articles(tmp_path / "big", 1500)  # long enough to still hold the lock when the second run starts
    holder = _cli("run", str(tmp_path / "big"), "--warehouse", str(warehouse), "--quiet")
    deadline = time.monotonic() + 120
    while not (warehouse / ".lock").exists() or "pid" not in (warehouse / ".lock").read_text():
        assert time.monotonic() < deadline and holder.poll() is None
        time.sleep(0.1)
    second = _cli("run", str(SEEDS), "--warehouse", str(warehouse), "--quiet")
    assert second.wait(120) == 1
    err = second.stderr.read()
    # one line for the user, before any flow starts (no Prefect traceback to read through)
    assert f"warehouse {warehouse} is in use by pid" in err
    assert "Traceback" not in err
    assert holder.wait(600) == 0


def test_varied_real_news_passes_every_blocking_expectation(tmp_path, prefect_harness, shared_dir) -> None:
    """The gold sentences of three corpora as articles: the coder's output on material far from the
    seeds must satisfy every blocking expectation (foreign keys, codebook, offsets), or the run fails."""
    from flows.build import run_build

    lines = []
    for name in ("plover_dev.jsonl", "petr2_gsr_validation.jsonl", "gum_news_entities_dev.jsonl"):
        records = [json.loads(line) for line in (shared_dir / "gold" / name).read_text(encoding="utf-8").splitlines()]
        texts = [r["text"] for r in records if r.get("text")]
        for start in range(0, len(texts), 10):  # ten sentences to an article
            lines.append(json.dumps({"id": f"{name}-{start}", "text": "\n\n".join(texts[start:start + 10]),
                                     "published_at": "2023-09-12"}))
    (tmp_path / "gold.jsonl").write_text("\n".join(lines), encoding="utf-8")
    summary = run_build(inputs=[str(tmp_path / "gold.jsonl")], warehouse=str(tmp_path / "wh"), show_progress=False)
    assert summary.status == "completed" and summary.validation_success
    assert summary.n_new == len(lines) and summary.n_events > 100
