"""NLP worker processes that live for a whole run, so the parse never waits on anything else.

``nlp.pipe(n_process=N)`` starts N fresh processes on every call and ships whole Docs back to
the parent, which sits idle meanwhile; the flow then validates and writes while the workers are
gone. A pool started once at the beginning of the command instead loads the pipeline in each
worker while Prefect's API server boots, takes slices of articles, and returns plain rows (far
smaller than Docs), so batch *k+1* is parsed while batch *k* is validated and written.

Workers are *spawned*, not forked: the parent runs Prefect's threads, and forking a threaded
process can deadlock a child on a lock some thread held.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
from typing import Any, Sequence

from transforms.ingest import Article
from transforms.rows import actor_rows

SLICE_WORDS = 4_000  # a few seconds of parsing per task: small enough to balance, large enough to amortise IPC

_ACTIVE: "ExtractionPool | None" = None


def _load_pipeline() -> None:
    from newsevents.pipeline import load_pipeline

    load_pipeline()


def _extract_slice(articles: list[Article], run_id: str, ingested_at: dt.datetime) -> dict[str, list[dict[str, Any]]]:
    from newsevents.extract import extract_rows

    return extract_rows(articles, run_id=run_id, ingested_at=ingested_at, n_process=1)


def slices(articles: Sequence[Article], words: int = SLICE_WORDS) -> list[list[Article]]:
    """Consecutive runs of articles of about ``words`` words each (an article is never split)."""
    out: list[list[Article]] = []
    current: list[Article] = []
    count = 0
    for article in articles:
        current.append(article)
        count += article.n_words
        if count >= words:
            out.append(current)
            current, count = [], 0
    if current:
        out.append(current)
    return out


def merge_rows(parts: Sequence[dict[str, list[dict[str, Any]]]], run_id: str) -> dict[str, list[dict[str, Any]]]:
    """The rows of consecutive slices as if they had been one batch (actors merged across slices)."""
    merged: dict[str, list[dict[str, Any]]] = {"documents": [], "entities": [], "actors": [], "events": []}
    for part in parts:
        for name in merged:
            merged[name].extend(part.get(name, []))
    merged["actors"] = actor_rows(merged["actors"], run_id)
    merged["_model"] = next((p["_model"] for p in parts if p.get("_model")), [])
    return merged


class ExtractionPool:
    """``processes`` spawned workers, each holding the pipeline, extracting rows for article slices."""

    def __init__(self, processes: int) -> None:
        context = multiprocessing.get_context("spawn")
        self.processes = processes
        self._pool = context.Pool(processes, initializer=_load_pipeline)

    def extract(self, articles: Sequence[Article], *, run_id: str, ingested_at: dt.datetime) -> dict[str, list[dict[str, Any]]]:
        """Rows for ``articles``, identical to :func:`newsevents.extract.extract_rows` in one process."""
        work = [(piece, run_id, ingested_at) for piece in slices(articles)]
        return merge_rows(self._pool.starmap(_extract_slice, work, chunksize=1), run_id)

    def close(self) -> None:
        self._pool.close()
        self._pool.join()

    def terminate(self) -> None:
        self._pool.terminate()
        self._pool.join()


def start(processes: int) -> ExtractionPool | None:
    """Start the run's pool (one per process); ``processes`` of 1 means parse in the flow's own process."""
    global _ACTIVE
    if _ACTIVE is None and processes > 1:
        _ACTIVE = ExtractionPool(processes)
    return _ACTIVE


def active() -> ExtractionPool | None:
    return _ACTIVE


def stop(*, wait: bool = True) -> None:
    global _ACTIVE
    if _ACTIVE is not None:
        _ACTIVE.close() if wait else _ACTIVE.terminate()
        _ACTIVE = None
