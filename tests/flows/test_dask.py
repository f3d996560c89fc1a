"""The extraction on a Dask LocalCluster (prefect-dask) writes the same tables as the default runner."""

from __future__ import annotations

import duckdb

from tests.conftest import SEEDS

TABLE_KEYS = {
    "documents": "doc_id", "entities": "mention_id", "events": "event_id", "actors": "actor_id",
}


def snapshot(warehouse) -> dict[str, list[tuple]]:
    with duckdb.connect(str(warehouse / "newsevents.duckdb"), read_only=True) as con:
        return {
            "documents": con.execute("select doc_id, n_words from documents order by 1").fetchall(),
            "entities": con.execute("select mention_id, text, label, country, sector from entities order by 1").fetchall(),
            "events": con.execute("select event_id, event_type, status, actor_country, recipient_country, event_date "
                                  "from events order by 1").fetchall(),
            "actors": con.execute("select actor_id, country, sector from actors order by 1").fetchall(),
        }


def test_dask_local_cluster_matches_the_default_runner(tmp_path, prefect_harness) -> None:
    from flows.build import run_build

    default = run_build(inputs=[str(SEEDS)], warehouse=str(tmp_path / "default"), show_progress=False)
    on_dask = run_build(inputs=[str(SEEDS)], warehouse=str(tmp_path / "dask"), show_progress=False,
                        dask_address="local", batch_size=1)
    assert on_dask.status == default.status == "completed"
    assert on_dask.n_events == default.n_events
    assert snapshot(tmp_path / "dask") == snapshot(tmp_path / "default")
    assert len(snapshot(tmp_path / "dask")["entities"]) >= 30
