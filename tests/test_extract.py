"""Extraction of a batch: long articles are chunked and offsets still point into the whole text."""

from __future__ import annotations

import datetime as dt

import pytest

from newsevents.extract import chunk_spans
from transforms.ingest import make_article

PARAGRAPH = ("Prime Minister Fumio Kishida met Chinese Premier Li Qiang in Jakarta on Wednesday. "
             "Beijing imposed a ban on Japanese seafood imports.\n")


def test_chunks_cover_the_text_exactly_and_respect_the_limit() -> None:
    text = PARAGRAPH * 40
    spans = chunk_spans(text, 1000)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:]))
    assert all(end - start <= 1000 for start, end in spans)
    assert all(text[end - 1] in "\n " for _, end in spans[:-1])


def test_text_without_breaks_is_still_cut() -> None:
    assert chunk_spans("x" * 2500, 1000) == [(0, 1000), (1000, 2000), (2000, 2500)]


@pytest.mark.parametrize("chunk_chars", [300, 100_000])
def test_long_article_offsets_point_into_the_document(chunk_chars: int) -> None:
    from newsevents.extract import extract_rows

    article = make_article(PARAGRAPH * 12, source_id="long", input_ref="long.txt",
                           meta={"published_at": "2023-09-12"}).articles[0]
    rows = extract_rows([article], run_id="r", ingested_at=dt.datetime.now(dt.timezone.utc), chunk_chars=chunk_chars)
    assert len(rows["entities"]) >= 12 * 4
    for entity in rows["entities"]:
        assert article.text[entity["start_char"]:entity["end_char"]] == entity["text"]
    for event in rows["events"]:
        assert article.text[event["trigger_start"]:event["trigger_end"]] == event["trigger"]
        assert event["evidence_start"] <= event["trigger_start"] < event["trigger_end"] <= event["evidence_end"]
    assert max(e["sentence_index"] for e in rows["entities"]) >= 12
    assert len({e["mention_id"] for e in rows["entities"]}) == len(rows["entities"])


def test_every_actor_an_event_names_has_an_actor_row() -> None:
    """Parties the coder derives itself (a coordinated nationality split by country) still get actor rows,
    so the events -> actors foreign keys hold (a blocking expectation otherwise fails the run)."""
    from newsevents.extract import extract_rows

    text = ("Hungarian and Romanian officials held talks in Vienna on Monday.\n"
            "French and Egyptian warships fired on rebel positions near the coast.\n")
    article = make_article(text, source_id="split", input_ref="split.txt", meta={"published_at": "2023-09-12"}).articles[0]
    rows = extract_rows([article], run_id="r", ingested_at=dt.datetime.now(dt.timezone.utc))
    actor_ids = {row["actor_id"] for row in rows["actors"]}
    named = {e[k] for e in rows["events"] for k in ("actor_id", "recipient_id") if e[k]}
    assert {"HUN-GOV", "ROU-GOV"} <= named
    assert named <= actor_ids
