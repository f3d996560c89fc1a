"""Run the suites on a batch with Great Expectations 1.x (ephemeral context, real checkpoints).

One ephemeral context per run: its Data Docs site is the run's folder under the warehouse. The
site is built when the caller asks (the flow: after its last validation) or when a blocking
expectation fails, not after every checkpoint: a site build renders every result validated so
far, so building it per batch cost ~1 s a batch and grew with the run. Results come back as plain data — which
blocking expectations failed (with one-line messages), and which rows row-level expectations
rejected — so the flow decides what to commit without knowing GE's result classes.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from expectations import derived
from expectations.policy import ROW_LEVEL, severity

SUITE_MODULES = ("documents", "entities", "events", "actors", "quarantine", "runs", "event_clusters")


@dataclass
class TableValidation:
    table: str
    success: bool
    evaluated: int
    blocking_failures: list[str] = field(default_factory=list)
    rejected: dict[int, list[str]] = field(default_factory=dict)  # row position -> expectation ids


@dataclass
class ValidationReport:
    success: bool
    tables: dict[str, TableValidation]
    data_docs_path: str | None
    results_path: str | None

    @property
    def message(self) -> str:
        failures = [f"{t.table}: {msg}" for t in self.tables.values() for msg in t.blocking_failures]
        return "; ".join(failures) if failures else "all blocking expectations passed"


def _gx() -> Any:
    import great_expectations as gx

    return gx


@lru_cache(maxsize=1)
def run_context(run_id: str, docs_dir: str) -> Any:
    """The run's ephemeral GE context with its suites, assets and checkpoints (built once)."""
    gx = _gx()
    from great_expectations.data_context.types.base import ProgressBarsConfig

    for name in ("great_expectations", "great_expectations.data_context.types.base"):
        logging.getLogger(name).setLevel(logging.WARNING)
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    context.add_data_docs_site(site_name="newsevents", site_config={
        "class_name": "SiteBuilder",
        "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": docs_dir},
        "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
    })
    source = context.data_sources.add_pandas("newsevents")
    for table in SUITE_MODULES:
        module = __import__(f"expectations.{table}", fromlist=["suite"])
        suite = context.suites.add(module.suite())
        batch_definition = source.add_dataframe_asset(table).add_batch_definition_whole_dataframe(table)
        definition = context.validation_definitions.add(
            gx.ValidationDefinition(name=f"{table}-batch", data=batch_definition, suite=suite)
        )
        context.checkpoints.add(gx.Checkpoint(
            name=f"{table}-checkpoint", validation_definitions=[definition],
            result_format={"result_format": "COMPLETE"},
        ))
    return context


def expectation_id(config: Any) -> str:
    return f"{config.type}:{config.kwargs.get('column', '')}"


def _summarise(result: Any) -> str:
    details = result.result or {}
    count = details.get("unexpected_count")
    examples = details.get("partial_unexpected_list") or []
    text = f"{expectation_id(result.expectation_config)} failed"
    if count is not None:
        text += f" on {count} row{'s' if count != 1 else ''}"
    if examples:
        text += f", e.g. {examples[:3]!r}"
    if result.exception_info and result.exception_info.get("raised_exception"):
        text += f" (error: {str(result.exception_info.get('exception_message'))[:120]})"
    return text


def prepare_frames(tables: dict[str, pa.Table], parents: dict[str, pa.Table] | None) -> dict[str, pd.DataFrame]:
    """Arrow batches -> pandas with the derived check columns the suites assert."""
    parent_frames = {name: t.to_pandas() for name, t in (parents or {}).items()}
    frames = {name: t.to_pandas() for name, t in tables.items() if name in SUITE_MODULES}
    documents = frames.get("documents", pd.DataFrame(columns=["doc_id", "text"]))
    texts = derived.document_texts(documents, parent_frames)
    doc_ids = set(texts) | derived.known_ids([parent_frames.get("documents")], "doc_id")
    actor_ids = derived.known_ids([frames.get("actors"), parent_frames.get("actors")], "actor_id")
    if "entities" in frames:
        frames["entities"] = derived.add_entity_checks(frames["entities"], texts, doc_ids)
    if "events" in frames:
        frames["events"] = derived.add_event_checks(frames["events"], texts, doc_ids, actor_ids)
    return frames


def validate_tables(
    tables: dict[str, pa.Table],
    *,
    parents: dict[str, pa.Table] | None = None,
    output_dir: Path,
    run_id: str = "run",
    build_docs: bool = True,
) -> ValidationReport:
    """Validate a batch; results JSON and Data Docs go under ``output_dir``.

    ``build_docs=False`` defers the Data Docs site to a later call (it is still built at once if
    a blocking expectation fails, so the failure can be read there)."""
    output_dir.mkdir(parents=True, exist_ok=True)
    docs_dir = output_dir / "data_docs"
    context = run_context(run_id, str(docs_dir))
    frames = prepare_frames(tables, parents)
    outcome: dict[str, TableValidation] = {}
    serialised: dict[str, Any] = {}
    for table, frame in frames.items():
        if frame.empty:
            outcome[table] = TableValidation(table, True, 0)
            continue
        frame = frame.reset_index(drop=True)
        checkpoint = context.checkpoints.get(f"{table}-checkpoint")
        run = checkpoint.run(batch_parameters={"dataframe": frame})
        validation = TableValidation(table, True, len(frame))
        for result_set in run.run_results.values():
            serialised[table] = result_set.to_json_dict()
            for result in result_set.results:
                if result.success:
                    continue
                name = expectation_id(result.expectation_config)
                if severity(table, name) == ROW_LEVEL and not (result.exception_info or {}).get("raised_exception"):
                    for position in (result.result or {}).get("unexpected_index_list") or []:
                        validation.rejected.setdefault(int(position), []).append(name)
                else:
                    validation.success = False
                    validation.blocking_failures.append(_summarise(result))
        outcome[table] = validation
    results_path = output_dir / "results.json"
    with results_path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(serialised, default=str) + "\n")
    success = all(v.success for v in outcome.values())
    if build_docs or not success:
        context.build_data_docs(site_names=["newsevents"])
    index = docs_dir / "index.html"
    return ValidationReport(
        success=success,
        tables=outcome,
        data_docs_path=str(index) if index.exists() else None,
        results_path=str(results_path),
    )
