"""The incremental fast path: decide, without starting Prefect or loading models, that a run
would add nothing (every article already stored, every rejection already recorded).

A re-run of an unchanged inbox then costs one read and one hash per input instead of an API
server start, model loading and validation.
"""

from __future__ import annotations

import datetime as dt
from typing import Sequence

from newsevents.catalog import CATALOG_FILE, build_catalog
from newsevents.inputs import discover, read_all
from newsevents.storage import Warehouse
from transforms.ingest import DEFAULT_MAX_CHARS, Article, deduplicate
from transforms.rows import quarantine_row


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def nothing_new(inputs: Sequence[str], warehouse: str, max_chars: int = DEFAULT_MAX_CHARS) -> int | None:
    """Number of articles read when every one is already stored and every rejection already
    recorded (so a run would add nothing), else None.

    Lets the CLI skip starting Prefect's API server and loading the models for a re-run of an
    unchanged inbox: the check costs one read and one hash per input.
    """
    store = Warehouse(warehouse)
    if not store.manifest_path.exists():
        return None
    files, rejections = discover(inputs)
    articles: list[Article] = []
    for parsed in read_all(files, max_chars):
        articles.extend(parsed.articles)
        rejections.extend(parsed.rejections)
    documents = store.read_table("documents", ["doc_id", "input_ref"])
    known = dict(zip(documents.column("doc_id").to_pylist(), documents.column("input_ref").to_pylist()))
    new, _, duplicates = deduplicate(articles, known)
    if new:
        return None
    recorded = store.committed_values("quarantine", "quarantine_id")
    at = now_utc()
    if any(quarantine_row(r, "", at)["quarantine_id"] not in recorded for r in rejections + duplicates):
        return None
    if not (store.root / CATALOG_FILE).exists():
        build_catalog(store)
    return len(articles)
