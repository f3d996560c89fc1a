"""Apply a validation report to a batch: drop rejected rows, turn them into quarantine rows.

The suites and the blocking/row-level split live in ``expectations/``; this is the glue that
the flow's validate task calls, kept here so the flow module stays a diagram.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa

from newsevents.schemas import CONTRACTS
from transforms.ingest import Rejection


def apply_validation(
    tables: dict[str, pa.Table], *, parents: dict[str, pa.Table], output_dir: Path, run_id: str,
    build_docs: bool = True,
) -> tuple[dict[str, pa.Table], list[Rejection], Any]:
    """Validate a batch; returns (tables without rejected rows, quarantine rejections, report)."""
    from expectations.runner import validate_tables

    report = validate_tables(tables, parents=parents, output_dir=output_dir, run_id=run_id, build_docs=build_docs)
    if not report.success:
        return tables, [], report
    refs: dict[str, str] = {}
    if "documents" in tables:
        documents = tables["documents"]
        refs = dict(zip(documents.column("doc_id").to_pylist(), documents.column("input_ref").to_pylist()))
    rejections: list[Rejection] = []
    cleaned = dict(tables)
    for name, validation in report.tables.items():
        if not validation.rejected:
            continue
        table = tables[name]
        key = CONTRACTS[name].key[0]
        keys = table.column(key).to_pylist()
        doc_ids = table.column("doc_id").to_pylist() if "doc_id" in table.column_names else [None] * table.num_rows
        for position, expectation_ids in sorted(validation.rejected.items()):
            doc_id = doc_ids[position]
            rejections.append(Rejection(
                input_ref=f"{refs.get(doc_id, doc_id or name)}#{name}:{keys[position]}",
                reason=expectation_ids[0],
                detail=f"{name} row {keys[position]} failed {', '.join(expectation_ids)}; the row was left out",
                stage="validate",
                doc_id=doc_id,
            ))
        keep = [i not in validation.rejected for i in range(table.num_rows)]
        cleaned[name] = table.filter(pa.array(keep, pa.bool_()))
    return cleaned, rejections, report
