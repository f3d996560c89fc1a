"""The build flow: inputs -> ingest -> NLP -> validate -> stage -> commit.

Reads like the pipeline diagram. Tasks that touch storage retry; pure transform tasks do not.
Articles stream through ``nlp.pipe`` in batches and each batch's rows are validated and staged
as Parquet, at most two batches in flight, so memory stays flat however large the input; with the
run's worker pool (``--processes N``) batch k+1 is parsed while batch k is validated and written.
"""

from __future__ import annotations

import newsevents  # noqa: F401  (telemetry off before Prefect is imported)

import datetime as dt
import threading
import time
import uuid
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Sequence

import pyarrow as pa
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NONE as NO_CACHE
from prefect.runtime import flow_run

from newsevents import __version__, api_server, workers
from newsevents.catalog import build_catalog
from newsevents.inputs import read_inputs
from newsevents.lexicons import data_fingerprint
from newsevents.progress import Progress
from newsevents.remote import RemoteWarehouse, is_remote
from newsevents.storage import StagedRun, Warehouse, rows_to_table
from transforms.clusters import cluster_events
from transforms.ingest import DEFAULT_MAX_CHARS, Article, Rejection, deduplicate
from transforms.rows import quarantine_row, unique_rows


class ValidationFailed(RuntimeError):
    """A blocking expectation failed: the run commits nothing."""


@dataclass
class RunSummary:
    """What a run did; also the row written to the ``runs`` table."""

    run_id: str
    warehouse: str
    started_at: dt.datetime
    finished_at: dt.datetime | None = None
    status: str = "running"
    n_inputs: int = 0
    n_new: int = 0
    n_skipped: int = 0
    n_quarantined: int = 0
    n_entities: int = 0
    n_events: int = 0
    model: str = ""
    code_version: str = ""
    validation_success: bool = True
    data_docs: str | None = None
    inputs: list[str] = field(default_factory=list)
    quarantine_reasons: dict[str, int] = field(default_factory=dict)
    n_words: int = 0
    extract_seconds: float | None = None

    def runs_row(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id, "started_at": self.started_at, "finished_at": self.finished_at,
            "status": self.status, "n_inputs": self.n_inputs, "n_new": self.n_new,
            "n_skipped": self.n_skipped, "n_quarantined": self.n_quarantined,
            "n_entities": self.n_entities, "n_events": self.n_events, "model": self.model,
            "code_version": self.code_version, "validation_success": self.validation_success,
            "data_docs": self.data_docs, "inputs": ";".join(self.inputs),
            "n_words": self.n_words, "extract_seconds": self.extract_seconds,
        }


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def current_run_id() -> str:
    """The Prefect flow-run id (so Prefect's UI and the runs table agree), else a uuid."""
    return str(flow_run.get_id() or uuid.uuid4())


# -- tasks ------------------------------------------------------------------------------------
@task(name="recover-warehouse", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def recover_warehouse(warehouse: Warehouse) -> list[str]:
    """Clean what an interrupted run left, so this run starts from the last commit."""
    removed = warehouse.recover()
    if removed:
        get_run_logger().warning("recovered from an interrupted run: removed %d uncommitted paths", len(removed))
    return removed


@task(name="ingest-inputs", cache_policy=NO_CACHE)
def ingest_inputs(inputs: Sequence[str], max_chars: int) -> tuple[list[Article], list[Rejection]]:
    """Discover and parse every input; unusable ones become rejections."""
    files, articles, rejections = read_inputs(inputs, max_chars)
    get_run_logger().info(
        "ingest: %d files -> %d articles, %d rejections", len(files), len(articles), len(rejections)
    )
    return articles, rejections


@task(name="load-committed-keys", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def load_committed_keys(warehouse: Warehouse) -> dict[str, Any]:
    """What the warehouse already holds: document refs, actor ids and quarantine ids."""
    return {
        "documents": warehouse.committed_documents(),
        "actors": warehouse.committed_values("actors", "actor_id"),
        "quarantine": warehouse.committed_values("quarantine", "quarantine_id"),
    }


@task(name="extract-batch", cache_policy=NO_CACHE)
def extract_batch(articles: list[Article], run_id: str, n_process: int = 1) -> dict[str, list[dict[str, Any]]]:
    """NLP on one batch: documents, entity mentions, actors and events as plain rows.

    On the run's worker pool when the command started one; else in this process (Dask workers,
    tests, one core), where ``n_process`` lets spaCy fork its own workers for the call.
    """
    pool = workers.active()
    if pool is not None:
        return pool.extract(articles, run_id=run_id, ingested_at=now_utc())
    from newsevents.extract import extract_rows

    return extract_rows(articles, run_id=run_id, ingested_at=now_utc(), n_process=n_process)


@task(name="validate-batch", cache_policy=NO_CACHE)
def validate_batch(
    tables: dict[str, pa.Table], parents: dict[str, pa.Table], output_dir: Path, run_id: str, build_docs: bool = False
) -> tuple[dict[str, pa.Table], list[Rejection], Any]:
    """Great Expectations on the batch: blocking failures stop the run, bad rows go to quarantine.

    The run's Data Docs are built by its last validation (``build_docs``), or on a failure."""
    from newsevents.validation import apply_validation

    return apply_validation(tables, parents=parents, output_dir=output_dir, run_id=run_id, build_docs=build_docs)


@task(name="stage-tables", retries=3, retry_delay_seconds=1, cache_policy=NO_CACHE)
def stage_tables(staged: StagedRun, tables: dict[str, pa.Table]) -> int:
    """Write a batch's tables as Parquet into the run's staging folder."""
    return sum(len(staged.write(name, table)) for name, table in tables.items())


@task(name="supersede-documents", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def supersede_documents(staged: StagedRun, doc_ids: set[str]) -> int:
    """``--force``: the committed rows of re-processed documents are replaced, not duplicated."""
    dropped = sum(staged.supersede(table, doc_ids) for table in ("documents", "entities", "events"))
    get_run_logger().info("force: %d committed rows of %d documents will be replaced", dropped, len(doc_ids))
    return dropped


@task(name="build-event-clusters", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def build_event_clusters(
    warehouse: Warehouse, new_events: list[pa.Table], new_documents: list[pa.Table], replaced_docs: set[str]
) -> pa.Table:
    """Collapse mentions of the same real-world event across all committed and new events."""
    columns = ["event_id", "doc_id", "event_type", "cameo_root", "status", "event_date", "actor_country",
               "actor_sector", "recipient_country", "recipient_sector", "goldstein", "quad_class"]
    committed = [row for row in warehouse.read_table("events", columns).to_pylist() if row["doc_id"] not in replaced_docs]
    events = committed + [row for t in new_events for row in t.select(columns).to_pylist()]
    doc_columns = ["doc_id", "source", "published_at"]
    documents = pa.concat_tables(
        [warehouse.read_table("documents", doc_columns)] + [t.select(doc_columns) for t in new_documents]
    )
    doc_index = {row["doc_id"]: row for row in documents.to_pylist()}
    return rows_to_table(cluster_events(events, doc_index), "event_clusters")


@task(name="pull-warehouse", retries=3, retry_delay_seconds=2, cache_policy=NO_CACHE)
def pull_warehouse(remote: RemoteWarehouse) -> int:
    """Bring the local mirror of a remote warehouse up to its committed state."""
    downloaded = remote.pull()
    get_run_logger().info("pulled %s into %s: %d files downloaded", remote.uri, remote.mirror.root, downloaded)
    return downloaded


@task(name="publish-warehouse", retries=3, retry_delay_seconds=2, cache_policy=NO_CACHE)
def publish_warehouse(remote: RemoteWarehouse) -> int:
    """Upload the run's files, then the manifest, to the remote warehouse."""
    uploaded = remote.publish()
    get_run_logger().info("published to %s: %d files uploaded, manifest last", remote.uri, uploaded)
    return uploaded


@task(name="commit-run", retries=3, retry_delay_seconds=1, cache_policy=NO_CACHE)
def commit_run(staged: StagedRun, warehouse: Warehouse) -> str:
    """The atomic step: swap the manifest, then rebuild the DuckDB catalog over it."""
    staged.commit()
    return str(build_catalog(warehouse))


# -- flow -------------------------------------------------------------------------------------
def extract_batches(
    articles: list[Article], batch_size: int, run_id: str, n_process: int, concurrent: bool, window: int = 4
) -> Iterator[tuple[list[Article], dict[str, list[dict[str, Any]]]]]:
    """Batches with their rows, in input order.

    In-process, spaCy's own ``n_process`` uses the cores. With a distributed task runner (Dask)
    batches are submitted as tasks, at most ``window`` in flight, so memory stays bounded while
    every worker is busy.
    """
    if not concurrent:
        for batch in workers.batches(articles, batch_size):
            yield batch, extract_batch(batch, run_id, n_process)
        return
    in_flight: deque[tuple[list[Article], Any]] = deque()
    for batch in workers.batches(articles, batch_size):
        in_flight.append((batch, extract_batch.submit(batch, run_id, 1)))
        if len(in_flight) >= window:
            done_batch, future = in_flight.popleft()
            yield done_batch, future.result()
    while in_flight:
        done_batch, future = in_flight.popleft()
        yield done_batch, future.result()


@flow(name="newsevents-build", log_prints=True)
def build(
    inputs: Sequence[str] = ("seeds",),
    warehouse: str = "warehouse",
    batch_size: int = 64,
    n_process: int = 1,
    max_chars: int = DEFAULT_MAX_CHARS,
    force: bool = False,
    wait_seconds: float = 0.0,
    show_progress: bool | None = None,
    concurrent: bool = False,
) -> RunSummary:
    """Build (or extend) the events warehouse from the given inputs."""
    logger = get_run_logger()
    run_id = current_run_id()
    remote = RemoteWarehouse(warehouse) if is_remote(warehouse) else None
    store = remote.mirror if remote else Warehouse(warehouse)
    summary = RunSummary(run_id=run_id, warehouse=warehouse if remote else str(store.root), started_at=now_utc(),
                         inputs=[str(i) for i in inputs])
    with store.lock(wait_seconds):
        if remote:
            pull_warehouse(remote)
        recover_warehouse(store)
        articles, rejections = ingest_inputs(list(inputs), max_chars)
        known = load_committed_keys(store)
        new, skipped, duplicates = deduplicate(articles, {} if force else known["documents"])
        rejections.extend(duplicates)
        summary.n_inputs, summary.n_new, summary.n_skipped = len(articles), len(new), len(skipped)
        summary.n_words = sum(a.n_words for a in new)
        summary.code_version = f"{__version__}+data.{data_fingerprint()}"
        logger.info("%d articles in, %d new, %d already in the warehouse", len(articles), len(new), len(skipped))

        staged = store.stage(run_id)
        reprocessed = {a.doc_id for a in new} & set(known["documents"]) if force else set()
        if force:
            if reprocessed:
                supersede_documents(staged, reprocessed)
        validation_dir = store.root / "validation" / run_id
        parents = {"actors": store.read_table("actors", ["actor_id"])}
        new_events: list[pa.Table] = []
        new_documents: list[pa.Table] = []
        pool = workers.active()  # its workers may have started on these articles before the flow did
        progress = Progress(total=len(new), words_total=summary.n_words, logger=logger, enabled=show_progress,
                            started=pool.take_start_time() if pool is not None else None)
        try:
            # with a worker pool, batch k+1 is parsed while batch k is validated and written
            overlap = concurrent or pool is not None
            extracted = extract_batches(new, batch_size, run_id, n_process, overlap,
                                        window=workers.IN_FLIGHT_BATCHES if not concurrent else 4)
            for number, (batch, rows) in enumerate(extracted, start=1):
                summary.model = rows.pop("_model")[0]["name"]
                tables = {name: rows_to_table(table_rows, name) for name, table_rows in rows.items()}
                known_actors = known["actors"]
                tables["actors"] = tables["actors"].filter(
                    pa.array([a not in known_actors for a in tables["actors"].column("actor_id").to_pylist()], pa.bool_())
                )
                tables, row_rejections, report = validate_batch(tables, parents, validation_dir, run_id)
                if not report.success:
                    raise ValidationFailed(report.message)
                summary.data_docs = report.data_docs_path or summary.data_docs
                rejections.extend(row_rejections)
                stage_tables(staged, tables)
                known_actors.update(tables["actors"].column("actor_id").to_pylist())
                parents["actors"] = pa.concat_tables([parents["actors"], tables["actors"].select(["actor_id"])])
                new_events.append(tables["events"])
                new_documents.append(tables["documents"])
                summary.n_entities += tables["entities"].num_rows
                summary.n_events += tables["events"].num_rows
                progress.advance(len(batch), sum(a.n_words for a in batch), events=summary.n_events,
                                 quarantined=len(rejections))
            progress.close()
            summary.extract_seconds = round(time.monotonic() - progress.started, 3) if new else None

            at = now_utc()
            quarantine = [quarantine_row(r, run_id, at) for r in rejections]
            fresh = [row for row in unique_rows(quarantine, "quarantine_id") if row["quarantine_id"] not in known["quarantine"]]
            summary.n_quarantined = len(fresh)
            for row in fresh:
                summary.quarantine_reasons[row["reason"]] = summary.quarantine_reasons.get(row["reason"], 0) + 1
            quarantine_table, _, report = validate_batch(
                {"quarantine": rows_to_table(fresh, "quarantine")}, {}, validation_dir, run_id)
            if not report.success:
                raise ValidationFailed(report.message)
            summary.data_docs = report.data_docs_path or summary.data_docs
            stage_tables(staged, quarantine_table)
            final: dict[str, pa.Table] = {}
            if new_events or not store.table_paths("event_clusters"):
                final["event_clusters"] = build_event_clusters(store, new_events, new_documents, reprocessed)
            if not summary.model:
                from newsevents.pipeline import MODEL_NAME

                summary.model = MODEL_NAME
            summary.status = "completed"
            summary.finished_at = now_utc()
            summary.data_docs = str(validation_dir / "data_docs" / "index.html")  # built by the validation below
            final["runs"] = rows_to_table([summary.runs_row()], "runs")
            final, _, report = validate_batch(final, {}, validation_dir, run_id, build_docs=True)
            if not report.success:
                raise ValidationFailed(report.message)
            if "event_clusters" in final:
                staged.replace("event_clusters", final.pop("event_clusters"))
            stage_tables(staged, final)
            commit_run(staged, store)
            if remote:
                publish_warehouse(remote)
        except ValidationFailed:
            staged.abort()
            record_failed_run(store, summary)
            if remote:
                publish_warehouse(remote)
            raise
        except BaseException:
            staged.abort()
            raise
    logger.info(
        "run %s: %d new documents, %d entities, %d events, %d quarantined",
        run_id, summary.n_new, summary.n_entities, summary.n_events, summary.n_quarantined,
    )
    return summary


def record_failed_run(store: Warehouse, summary: RunSummary) -> None:
    """A blocked run commits nothing but its own ``runs`` row, so the failure is on record."""
    summary.status, summary.validation_success, summary.finished_at = "failed", False, now_utc()
    summary.n_new = summary.n_entities = summary.n_events = summary.n_quarantined = summary.n_words = 0
    staged = store.stage(f"{summary.run_id}-failed")
    staged.write("runs", rows_to_table([summary.runs_row()], "runs"))
    commit_run(staged, store)


def dask_task_runner(address: str) -> Any:
    """A DaskTaskRunner on an existing cluster (``tcp://host:8786``) or a local one (``local``)."""
    from prefect_dask import DaskTaskRunner

    if address == "local":
        return DaskTaskRunner(cluster_kwargs={"n_workers": 2, "threads_per_worker": 1, "processes": True})
    return DaskTaskRunner(address=address)


def warm_up() -> None:
    """Import Great Expectations and build the spaCy pipeline before the flow needs them.

    When Prefect still has to boot its temporary API server (no ``PREFECT_API_URL``), the flow
    call waits ~10 s for it; doing these fixed costs (~6 s GE import, ~5 s pipeline) in a thread
    in that window takes them off the critical path. When an API server is already there (the
    CLI launched one at start-up, a test harness, a real server) they run here, before the flow:
    a CPU-bound import thread beside the flow engine's many short API calls would slow every
    one of them (each waits for the GIL), which costs far more than it saves.
    """
    def load() -> None:
        try:
            import great_expectations  # noqa: F401

            if workers.active() is None:  # else the pool's workers hold the pipeline
                from newsevents.pipeline import load_pipeline

                load_pipeline()
        except Exception:  # noqa: BLE001 - the run itself will load (and report) properly
            pass

    from prefect.settings import PREFECT_API_URL

    if PREFECT_API_URL.value():
        load()
    else:
        threading.Thread(target=load, name="newsevents-warm-up", daemon=True).start()


def run_build(dask_address: str | None = None, **kwargs: Any) -> RunSummary:
    """Run the flow (on Dask when an address is given) and time it; the CLI and tests call this."""
    started = time.perf_counter()
    warm_up()
    api_server.wait_ready()  # no-op unless the CLI launched Prefect's API server early
    flow_to_run = build
    if dask_address:
        flow_to_run = build.with_options(task_runner=dask_task_runner(dask_address))
        kwargs["concurrent"] = True
    summary = flow_to_run(**kwargs)
    summary.elapsed = time.perf_counter() - started  # type: ignore[attr-defined]
    return summary
