"""The incremental fast path: decide, without starting Prefect or loading models, that a run
would add nothing (every article already stored, every rejection already recorded).

A re-run of an unchanged inbox then costs one read and one hash per input instead of an API
server start, model loading and validation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Sequence

from newsevents.catalog import CATALOG_FILE, build_catalog
from newsevents.inputs import read_inputs
from newsevents.storage import Warehouse
from transforms.ingest import DEFAULT_MAX_CHARS, Article, Rejection, deduplicate
from transforms.rows import quarantine_row


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


@dataclass
class Survey:
    """What a run over ``inputs`` would find, read before Prefect starts: every article read, the
    new ones in the order the flow will process them, and the inputs that will be quarantined."""

    articles: list[Article]
    new: list[Article]
    rejections: list[Rejection]


def survey(inputs: Sequence[str], warehouse: str, max_chars: int = DEFAULT_MAX_CHARS, *, force: bool = False) -> Survey:
    """Read the inputs and the warehouse's document keys the way the build flow does (same
    ``deduplicate``), so the CLI can skip a run that adds nothing, or start parsing early."""
    store = Warehouse(warehouse)
    _, articles, rejections = read_inputs(inputs, max_chars)
    known = store.committed_documents() if store.manifest_path.exists() and not force else {}
    new, _, duplicates = deduplicate(articles, known)
    return Survey(articles=articles, new=new, rejections=rejections + duplicates)


def nothing_new(found: Survey, warehouse: str) -> bool:
    """True when every article is already stored and every rejection already recorded (so a run
    would add nothing).

    Lets the CLI skip starting Prefect's API server and loading the models for a re-run of an
    unchanged inbox: the check costs one read and one hash per input.
    """
    store = Warehouse(warehouse)
    if not store.manifest_path.exists() or found.new:
        return False
    recorded = store.committed_values("quarantine", "quarantine_id")
    at = now_utc()
    if any(quarantine_row(r, "", at)["quarantine_id"] not in recorded for r in found.rejections):
        return False
    if not (store.root / CATALOG_FILE).exists():
        build_catalog(store)
    return True
