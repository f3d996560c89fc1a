"""``newsevents`` command line: a thin layer over functions the tests call directly.

Exit codes: 0 the command completed (bad inputs are quarantined, not errors); 1 the run could not
complete or a blocking validation failed (one line on stderr says why); 2 usage errors.
"""

from __future__ import annotations

import newsevents  # noqa: F401  (telemetry off first)

import argparse
import csv
import datetime as dt
import io
import json
import os
import sys
from pathlib import Path
from typing import Any, Sequence

DEFAULT_WAREHOUSE = "warehouse"


# -- query ------------------------------------------------------------------------------------
def run_query(sql: str, warehouse: str = DEFAULT_WAREHOUSE) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Run read-only SQL on the catalog; returns (column names, rows)."""
    import duckdb

    from newsevents.catalog import connect_readonly
    from newsevents.remote import readable_location

    refuse_writes(sql)
    with connect_readonly(readable_location(warehouse)) as con:
        try:
            cursor = con.execute(sql)
        except duckdb.InvalidInputException as error:
            if "read-only" in str(error).lower() or "read only" in str(error).lower():
                raise PermissionError("the catalog is opened read-only: write statements are refused") from None
            raise
        if cursor.description is None:
            return [], []
        return [d[0] for d in cursor.description], cursor.fetchall()


READ_ONLY_STATEMENTS = {"SELECT", "EXPLAIN", "PRAGMA", "SET", "VARIABLE_SET"}


def refuse_writes(sql: str) -> None:
    """Refuse anything but reads before it reaches DuckDB (COPY TO, ATTACH, DDL, DML included)."""
    import duckdb

    for statement in duckdb.extract_statements(sql):
        kind = statement.type.name
        if kind not in READ_ONLY_STATEMENTS:
            raise PermissionError(
                f"{kind} statements are refused: `newsevents query` is read-only (open the Parquet files to build on them)"
            )


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 1e6 else f"{value:.0f}"
    return str(value)


def format_table(columns: list[str], rows: list[tuple[Any, ...]], max_width: int = 60) -> str:
    """A plain-text table (what a person reads in a terminal)."""
    cells = [[_cell(v)[:max_width] for v in row] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    line = lambda values: "  ".join(v.ljust(w) for v, w in zip(values, widths)).rstrip()  # noqa: E731
    out = [line(columns), line(["-" * w for w in widths])] + [line(r) for r in cells]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)


def _jsonable(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def format_rows(columns: list[str], rows: list[tuple[Any, ...]], fmt: str) -> str:
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
        return buffer.getvalue().rstrip("\n")
    if fmt == "json":
        return json.dumps([{c: _jsonable(v) for c, v in zip(columns, row)} for row in rows], ensure_ascii=False, indent=1)
    return format_table(columns, rows)


# -- run --------------------------------------------------------------------------------------
SUMMARY_QUERIES: dict[str, str] = {
    "Tables": """
        select 'documents' as tbl, count(*) as n from documents union all
        select 'entities', count(*) from entities union all
        select 'actors', count(*) from actors union all
        select 'events', count(*) from events union all
        select 'event_clusters', count(*) from event_clusters union all
        select 'quarantine', count(*) from quarantine""",
    "Events by type and status": """
        select event_type, status, count(*) as n from events group by all order by n desc, event_type, status""",
    "Top actor pairs (asserted events)": """
        select coalesce(actor_country, '?') || coalesce('-' || actor_sector, '') as actor,
               coalesce(recipient_country, '?') || coalesce('-' || recipient_sector, '') as recipient,
               count(*) as n, round(avg(goldstein), 1) as mean_goldstein
        from events where status = 'asserted' group by all order by n desc, actor, recipient limit 8""",
}


def print_summary(warehouse: str, out: Any = sys.stdout) -> None:
    """The run summary, read back from DuckDB (proof the catalog works)."""
    for title, sql in SUMMARY_QUERIES.items():
        columns, rows = run_query(sql, warehouse)
        print(f"\n{title}", file=out)
        print(format_table(columns, rows), file=out)


def default_processes() -> int:
    """Every core, up to four: even on two short articles a pool is faster than parsing in the
    flow's process (it parses while Prefect starts), and past four the flow's own validation and
    writing, not the parse, set the pace."""
    return max(1, min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1))


def cmd_run(args: argparse.Namespace) -> int:
    from newsevents.remote import is_remote, mirror_root

    inputs = args.inputs or ["seeds"]
    remote = is_remote(args.warehouse)
    found = None
    if not args.dask_address and not remote:
        from newsevents.incremental import nothing_new, survey

        found = survey(inputs, args.warehouse, args.max_chars, force=args.force)
        if not args.force and nothing_new(found, args.warehouse):
            print(f"nothing new: all {len(found.articles)} articles are already in {args.warehouse} and every "
                  "rejected input is already in quarantine (no flow run started; --force to re-process)")
            if not args.quiet:
                print_summary(args.warehouse)
            return 0
    from newsevents import api_server, workers
    from newsevents.storage import Warehouse, WarehouseBusy, local_path

    try:
        if not args.wait and not args.dask_address:  # refuse a busy warehouse before any flow starts
            Warehouse(mirror_root(args.warehouse) if remote else local_path(args.warehouse)).ensure_free()
    except WarehouseBusy as error:
        print(f"newsevents: {error}", file=sys.stderr)
        return 1
    except ValueError:  # an unsupported URI: the flow reports it
        pass
    # the slow starts (Prefect's API server, the NLP workers loading spaCy) begin first, in parallel
    api_server.start()
    if not args.dask_address:
        pool = workers.start(args.processes)
        if pool is not None and found is not None:  # the parse starts now, while Prefect is still importing
            pool.prefetch(list(workers.batches(found.new, args.batch_size))[:workers.IN_FLIGHT_BATCHES])
    found = None  # the flow reads the inputs itself; this process need not hold every article twice
    try:
        from flows.build import ValidationFailed, run_build

        summary = run_build(
            inputs=inputs, warehouse=args.warehouse, batch_size=args.batch_size,
            n_process=args.processes, max_chars=args.max_chars, force=args.force, wait_seconds=args.wait,
            **({"dask_address": args.dask_address} if getattr(args, "dask_address", None) else {}),
        )
    except ValidationFailed as error:
        print(f"newsevents: validation failed: {error}", file=sys.stderr)
        return 1
    except WarehouseBusy as error:
        print(f"newsevents: {error}", file=sys.stderr)
        return 1
    except Exception as error:  # noqa: BLE001 - one line for the user, details in Prefect's log
        print(f"newsevents: run failed: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    finally:
        workers.stop(wait=False)  # the API server stops at exit, after Prefect flushed its logs to it
    reasons = ", ".join(f"{k} {v}" for k, v in sorted(summary.quarantine_reasons.items())) or "none"
    print(
        f"run {summary.run_id}: {summary.n_inputs} articles read, {summary.n_new} new, "
        f"{summary.n_skipped} already stored, {summary.n_quarantined} quarantined ({reasons}); "
        f"{summary.n_entities} entities, {summary.n_events} events written in {getattr(summary, 'elapsed', 0):.1f}s"
    )
    if summary.data_docs:
        print(f"validation: {'passed' if summary.validation_success else 'FAILED'}; data docs: {summary.data_docs}")
    if not args.quiet:
        print_summary(str(mirror_root(args.warehouse)) if remote else args.warehouse)
    return 0


def cmd_query(args: argparse.Namespace) -> int:
    try:
        columns, rows = run_query(args.sql, args.warehouse)
    except PermissionError as error:
        print(f"newsevents: {error}", file=sys.stderr)
        return 1
    except FileNotFoundError as error:
        print(f"newsevents: {error}", file=sys.stderr)
        return 1
    except Exception as error:  # duckdb errors: one clear line
        print(f"newsevents: query failed: {str(error).splitlines()[0]}", file=sys.stderr)
        return 1
    print(format_rows(columns, rows, args.format))
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from newsevents.evaluation import evaluate_all, format_report

    results = evaluate_all(gold_dir=Path(args.gold) if args.gold else None)
    print(format_report(results, fmt=args.format))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from newsevents.report import write_report

    from newsevents.remote import is_remote, readable_location

    local = Path(readable_location(args.warehouse))
    if args.output:
        output = Path(args.output)
    elif is_remote(args.warehouse):
        output = Path("report.html")  # never inside the mirror: it is not published
    else:
        output = local / "report.html"
    path = write_report(local, output)
    print(f"report written to {path}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from flows.serve import serve

    serve(inbox=args.inbox, warehouse=args.warehouse, cron=args.cron, once=args.once)
    return 0


def cmd_schema_docs(args: argparse.Namespace) -> int:
    from newsevents.docs import schema_markdown

    text = schema_markdown()
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"wrote {args.output}")
    else:
        print(text)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsevents", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"newsevents {newsevents.__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="ingest, extract, validate and write inputs into the warehouse")
    run.add_argument("inputs", nargs="*", help="files or folders (*.txt with .json sidecars, *.jsonl); default seeds/")
    run.add_argument("--warehouse", default=DEFAULT_WAREHOUSE, help="warehouse folder (default: warehouse/)")
    run.add_argument("--batch-size", type=int, default=64, help="articles per NLP/validation/write batch")
    run.add_argument("--processes", type=int, default=default_processes(),
                     help="NLP worker processes (default: one per CPU, at most 4; 1 parses in the flow's own process)")
    run.add_argument("--max-chars", type=int, default=1_000_000, help="articles longer than this are quarantined")
    run.add_argument("--force", action="store_true", help="re-process articles already in the warehouse (new model/code)")
    run.add_argument("--wait", type=float, default=0.0, help="seconds to wait for another run holding the warehouse")
    run.add_argument("--dask-address", help="run extraction on a Dask cluster (tcp://host:8786, or 'local')")
    run.add_argument("--quiet", action="store_true", help="no summary tables after the run")
    run.add_argument("-v", "--verbose", action="store_true", help="Prefect's task-level INFO logs on the console")
    run.set_defaults(func=cmd_run)

    query = sub.add_parser("query", help="read-only SQL on the warehouse catalog")
    query.add_argument("sql")
    query.add_argument("--warehouse", default=DEFAULT_WAREHOUSE)
    query.add_argument("--format", choices=("table", "csv", "json"), default="table")
    query.set_defaults(func=cmd_query)

    serve = sub.add_parser("serve", help="run the build flow on a cron schedule (Prefect serve)")
    serve.add_argument("--inbox", default="inbox", help="folder watched for new articles")
    serve.add_argument("--warehouse", default=DEFAULT_WAREHOUSE)
    serve.add_argument("--cron", default=None, help="cron expression (default from config: every 15 minutes)")
    serve.add_argument("--once", action="store_true", help="run the flow once and exit (for testing a schedule)")
    serve.set_defaults(func=cmd_serve)

    evaluate = sub.add_parser("evaluate", help="score extraction against the gold annotations")
    evaluate.add_argument("--gold", help="gold folder (default: ../shared/gold beside the project)")
    evaluate.add_argument("--format", choices=("table", "json", "markdown"), default="table")
    evaluate.set_defaults(func=cmd_evaluate)

    report = sub.add_parser("report", help="write a self-contained HTML report of a warehouse")
    report.add_argument("--warehouse", default=DEFAULT_WAREHOUSE)
    report.add_argument("--output", help="HTML path (default: WAREHOUSE/report.html)")
    report.set_defaults(func=cmd_report)

    docs = sub.add_parser("schema-docs", help="print (or write) docs/schema.md from the table contracts")
    docs.add_argument("--output")
    docs.set_defaults(func=cmd_schema_docs)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if not getattr(args, "verbose", False):
        # Prefect's per-task INFO lines drown the summary on a terminal; warnings still show
        import os

        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
