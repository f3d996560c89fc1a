"""NLP worker processes that live for a whole run, so the parse never waits on anything else.

``nlp.pipe(n_process=N)`` starts N fresh processes on every call and ships whole Docs back to
the parent, which sits idle meanwhile; the flow then validates and writes while the workers are
gone. A pool started once at the beginning of the command instead is ready while Prefect's API
server boots (the CLI hands it the first batches then), takes slices of articles, and returns
plain rows (far smaller than Docs), so batch *k+1* is parsed while batch *k* is validated and
written.

Workers are never forked from the parent: it runs Prefect's threads, and forking a threaded
process can deadlock a child on a lock some thread held. They are forked from multiprocessing's
*fork server*, a clean single-threaded process that builds the pipeline once
(:mod:`newsevents.worker_preload`) before it forks anything: N workers cost one pipeline load, not
N. Where there is no fork server (Windows), they are spawned and each loads its own.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import threading
import time
from typing import Any, Iterator, Sequence

from transforms.ingest import Article
from transforms.rows import actor_rows

IN_FLIGHT_BATCHES = 2  # the flow keeps this many batches with the pool (more would hold more rows in memory)
SLICE_WORDS = 4_000  # a few seconds of parsing per task: small enough to balance, large enough to amortise IPC
WORKER_CHECK_SECONDS = 2.0  # how often a wait for rows checks that no worker has died

_ACTIVE: "ExtractionPool | None" = None
_LOAD_ERROR: Exception | None = None  # in a worker: why its pipeline did not load


class WorkerDied(RuntimeError):
    """An NLP worker process ended mid-run (killed, out of memory): its slice would never return."""


def _load_pipeline() -> None:
    """Pool initializer. A failure is kept and raised by each task, where the flow reports it: an
    initializer that raises makes ``multiprocessing.Pool`` restart the worker forever."""
    global _LOAD_ERROR
    from newsevents.pipeline import load_pipeline

    try:
        load_pipeline()
    except Exception as error:  # noqa: BLE001 - re-raised with every task
        _LOAD_ERROR = error


def _extract_slice(articles: list[Article]) -> dict[str, list[dict[str, Any]]]:
    """Rows for one slice, not yet stamped with a run: slices can be parsed before the run exists."""
    from newsevents.extract import extract_rows

    if _LOAD_ERROR is not None:
        raise RuntimeError(f"the NLP worker could not load the pipeline: {_LOAD_ERROR!r}") from _LOAD_ERROR
    return extract_rows(articles, run_id="", ingested_at=None, n_process=1)  # type: ignore[arg-type]


def stamp_rows(rows: dict[str, list[dict[str, Any]]], run_id: str, ingested_at: dt.datetime) -> dict[str, list[dict[str, Any]]]:
    """Give a slice's rows their run: every row gets ``run_id``, documents their ingestion time."""
    for name in ("documents", "entities", "actors", "events"):
        for row in rows.get(name, []):
            row["run_id"] = run_id
    for row in rows.get("documents", []):
        row["ingested_at"] = ingested_at
    return rows


def slice_key(piece: Sequence[Article]) -> tuple[str, ...]:
    return tuple(article.doc_id for article in piece)


def batches(items: Sequence[Article], size: int) -> Iterator[list[Article]]:
    """The flow's batches: consecutive runs of ``size`` articles."""
    for start in range(0, len(items), size):
        yield list(items[start:start + size])


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


PRELOAD_MODULE = "newsevents.worker_preload"


def _worker_context() -> multiprocessing.context.BaseContext:
    """The fork server, preloading the pipeline, where the platform has one; else spawn."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([PRELOAD_MODULE])  # only read when the fork server first starts
    return context


class ExtractionPool:
    """``processes`` workers, each holding the pipeline, extracting rows for article slices.

    :meth:`prefetch` lets the CLI hand the first batches to the workers before Prefect, its API
    server and Great Expectations have even been imported: the parse then starts seconds earlier,
    and :meth:`extract` picks those results up when the flow asks for the same articles.
    """

    def __init__(self, processes: int) -> None:
        context = _worker_context()
        self.processes = processes
        self._pool = context.Pool(processes, initializer=_load_pipeline)
        self._workers = self._worker_pids()
        self._prefetched: dict[tuple[str, ...], Any] = {}
        self._lock = threading.Lock()
        self.first_submitted: float | None = None  # time.monotonic() of the first slice sent to a worker

    def prefetch(self, batches: Sequence[Sequence[Article]]) -> int:
        """Start parsing these batches now (as :meth:`extract` would slice them); returns slices queued."""
        queued = 0
        with self._lock:
            self.first_submitted = self.first_submitted or time.monotonic()
            for batch in batches:
                for piece in slices(batch):
                    self._prefetched[slice_key(piece)] = self._pool.apply_async(_extract_slice, (piece,))
                    queued += 1
        return queued

    def extract(self, articles: Sequence[Article], *, run_id: str, ingested_at: dt.datetime) -> dict[str, list[dict[str, Any]]]:
        """Rows for ``articles``, identical to :func:`newsevents.extract.extract_rows` in one process."""
        pending = []
        with self._lock:
            self.first_submitted = self.first_submitted or time.monotonic()
            for piece in slices(articles):
                started = self._prefetched.pop(slice_key(piece), None)
                pending.append(started if started is not None else self._pool.apply_async(_extract_slice, (piece,)))
        parts = [stamp_rows(self._wait(result), run_id, ingested_at) for result in pending]
        return merge_rows(parts, run_id)

    def _worker_pids(self) -> set[int]:
        return {process.pid for process in getattr(self._pool, "_pool", []) if process.pid is not None}

    def _wait(self, result: Any) -> dict[str, list[dict[str, Any]]]:
        """A slice's rows; fails instead of waiting forever when a worker has died (the Pool
        replaces the process, but the slice it held is lost and its result never arrives)."""
        while not result.ready():
            result.wait(WORKER_CHECK_SECONDS)
            if not result.ready() and self._worker_pids() != self._workers:
                raise WorkerDied("an NLP worker process ended during the run (killed or out of memory?); "
                                 "nothing was committed — run again, with fewer --processes if memory is short")
        return result.get()

    def take_start_time(self) -> float | None:
        """When the first slice went to a worker since the last call (``time.monotonic``), for the
        run's own timing: with prefetch, parsing starts before the flow does."""
        started, self.first_submitted = self.first_submitted, None
        return started

    def close(self) -> None:
        self._prefetched.clear()
        self._pool.close()
        self._pool.join()

    def terminate(self) -> None:
        self._prefetched.clear()
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
