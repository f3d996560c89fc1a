"""The run's NLP worker pool: the same rows as one process, from slices of articles."""

from __future__ import annotations

import datetime as dt

from newsevents import workers
from newsevents.extract import extract_rows
from newsevents.inputs import discover, read_all
from tests.conftest import SEEDS
from transforms.ingest import make_article


def _articles() -> list:
    files, _ = discover([str(SEEDS)])
    seeds = [a for parsed in read_all(files) for a in parsed.articles]
    extra = make_article("Chinese Foreign Minister Wang Yi met his Japanese counterpart in Tokyo on Monday.",
                         source_id="extra", input_ref="extra.txt", meta={"published_at": "2023-09-12"}).articles
    return seeds + list(extra)


def test_slices_keep_order_and_never_split_an_article() -> None:
    articles = _articles()
    pieces = workers.slices(articles, words=10)
    assert [a.doc_id for piece in pieces for a in piece] == [a.doc_id for a in articles]
    assert len(pieces) == len(articles)  # every article is over 10 words: one per slice


def test_pool_rows_equal_single_process_rows() -> None:
    articles = _articles()
    at = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
    expected = extract_rows(articles, run_id="r", ingested_at=at)
    pool = workers.ExtractionPool(2)
    try:
        pieces = workers.slices(articles, words=10)  # three slices, two workers
        parts = pool._pool.map(workers._extract_slice, pieces, chunksize=1)
        got = workers.merge_rows([workers.stamp_rows(part, "r", at) for part in parts], "r")
        # parsed before the run existed (as the CLI does while Prefect starts), stamped when asked for
        assert pool.prefetch([articles]) == len(workers.slices(articles))
        whole = pool.extract(articles, run_id="r", ingested_at=at)
        assert not pool._prefetched  # the prefetched slices were used, not parsed again
    finally:
        pool.close()
    for table in ("documents", "entities", "events", "actors"):
        assert got[table] == expected[table], table
        assert whole[table] == expected[table], table
    assert len(got["events"]) >= 8 and got["_model"] == expected["_model"]
    # an actor seen in several slices is one row with the union of its aliases
    assert len({row["actor_id"] for row in got["actors"]}) == len(got["actors"])


def test_a_worker_that_dies_fails_the_batch_instead_of_hanging() -> None:
    import os
    import signal
    import time

    import pytest

    articles = _articles()
    pool = workers.ExtractionPool(2)
    try:
        pool.extract(articles[:1], run_id="r", ingested_at=dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc))
        # distinct articles (distinct slices), enough that both workers are busy when one is killed
        many = [copy for i in range(40) for a in articles
                for copy in make_article(f"{a.text}\n\nCopy {i}.", source_id=f"{a.source_id}-{i}",
                                         input_ref=f"copy-{i}", meta={"published_at": "2023-09-12"}).articles]
        assert len({a.doc_id for a in many}) == len(many)
        pool.prefetch([many])
        time.sleep(0.5)
        os.kill(next(iter(pool._workers)), signal.SIGKILL)
        started = time.monotonic()
        with pytest.raises(workers.WorkerDied):
            pool.extract(many, run_id="r", ingested_at=dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc))
        assert time.monotonic() - started < 60
    finally:
        pool.terminate()
