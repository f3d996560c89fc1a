"""Property tests: whatever rows go through staging and commits come back, and long texts chunk exactly."""

from __future__ import annotations

import datetime as dt
import tempfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsevents.extract import chunk_spans
from newsevents.storage import Warehouse, rows_to_table
from transforms.rows import partition_of

AT = dt.datetime(2024, 5, 1, tzinfo=dt.timezone.utc)

documents = st.lists(
    st.fixed_dictionaries({
        "title": st.one_of(st.none(), st.text(max_size=40)),
        "published_at": st.one_of(st.none(), st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31))),
        "text": st.text(min_size=1, max_size=200),
    }),
    min_size=1, max_size=12,
)


def _rows(batch: list[dict], run: str, offset: int) -> list[dict]:
    rows = []
    for i, doc in enumerate(batch):
        year, month = partition_of(doc["published_at"])
        rows.append({**doc, "doc_id": f"d{offset + i}", "source_id": f"s{offset + i}", "source": None, "url": None,
                     "n_words": len(doc["text"].split()), "ingested_at": AT, "run_id": run, "input_ref": None,
                     "published_year": year, "published_month": month})
    return rows


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(documents, min_size=1, max_size=3))
def test_rows_committed_over_several_runs_read_back_unchanged(batches: list[list[dict]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        warehouse = Warehouse(folder)
        expected: list[dict] = []
        for number, batch in enumerate(batches):
            rows = _rows(batch, f"run{number}", len(expected))
            staged = warehouse.stage(f"run{number}")
            staged.write("documents", rows_to_table(rows, "documents"))
            staged.commit()
            expected.extend(rows)
        got = warehouse.read_table("documents").to_pylist()
        key = lambda row: row["doc_id"]  # noqa: E731 - partitioned files come back grouped by month
        assert sorted(got, key=key) == sorted(expected, key=key)
        assert warehouse.manifest().runs == [f"run{n}" for n in range(len(batches))]


@given(st.text(alphabet=st.sampled_from("ab .\n"), max_size=3000), st.integers(50, 1000))
def test_chunks_tile_the_text_within_the_limit(text: str, limit: int) -> None:
    spans = chunk_spans(text, limit)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:]))
    assert all(0 < end - start <= limit for start, end in spans) or text == ""
