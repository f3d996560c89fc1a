"""NLP for a batch of articles: one ``nlp.pipe`` pass, then plain rows for each table.

Kept out of the flow module so the same function serves the default runner, Dask workers and
tests; the components do the work, this only streams Docs through them and collects rows.
Long articles are parsed in paragraph-aligned chunks (the parser's memory grows with document
length) and their offsets shifted back, so every row still points into the whole text.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Iterator, Sequence

from newsevents.lexicons import load_calibration
from newsevents.pipeline import load_pipeline, make_doc, model_version
from transforms.ingest import Article
from transforms.rows import actor_rows, document_row, entity_rows, event_rows

CHUNK_CHARS = 20_000
OFFSET_SUFFIXES = ("_start", "_end", "start_char", "end_char")


def chunk_spans(text: str, limit: int = CHUNK_CHARS) -> list[tuple[int, int]]:
    """``(start, end)`` pieces of at most ``limit`` characters, cut after a paragraph or sentence."""
    spans: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > limit:
        window = text[start:start + limit]
        cut = max(window.rfind("\n"), window.rfind(". "))
        end = start + (cut + 1 if cut > limit // 4 else limit)
        spans.append((start, end))
        start = end
    spans.append((start, len(text)))
    return spans


def _shift(rows: list[dict[str, Any]] | None, offset: int, sentences: int) -> list[dict[str, Any]]:
    shifted = []
    for row in rows or []:
        row = dict(row)
        for key, value in row.items():
            if isinstance(value, int) and not isinstance(value, bool) and key.endswith(OFFSET_SUFFIXES):
                row[key] = value + offset
        if "sentence_index" in row:
            row["sentence_index"] += sentences
        shifted.append(row)
    return shifted


def _pieces(articles: Sequence[Article], limit: int) -> Iterator[tuple[int, int, int]]:
    for index, article in enumerate(articles):
        for start, end in chunk_spans(article.text, limit):
            yield index, start, end


def extract_rows(
    articles: Sequence[Article],
    *,
    run_id: str,
    ingested_at: dt.datetime,
    n_process: int = 1,
    batch_size: int = 16,
    chunk_chars: int = CHUNK_CHARS,
) -> dict[str, list[dict[str, Any]]]:
    """Rows for documents, entities, actors and events of these articles (plus the model name)."""
    nlp = load_pipeline()
    calibration = load_calibration()
    pieces = list(_pieces(articles, chunk_chars))
    docs_in = (make_doc(nlp, articles[i].text[s:e], articles[i].published_at) for i, s, e in pieces)
    mentions: dict[int, list[dict[str, Any]]] = {}
    found_events: dict[int, list[dict[str, Any]]] = {}
    sentences_seen: dict[int, int] = {}
    actors: list[dict[str, Any]] = []
    for (index, start, _end), doc in zip(pieces, nlp.pipe(docs_in, n_process=n_process, batch_size=batch_size)):
        before = sentences_seen.get(index, 0)
        mentions.setdefault(index, []).extend(_shift(doc._.mentions, start, before))
        found_events.setdefault(index, []).extend(_shift(doc._.events, start, before))
        sentences_seen[index] = before + sum(1 for _ in doc.sents)
        actors.extend(doc._.actors or [])
    documents, entities, events = [], [], []
    for index, article in enumerate(articles):
        documents.append(document_row(article, run_id, ingested_at))
        entities.extend(entity_rows(article.doc_id, mentions.get(index, []), run_id))
        events.extend(event_rows(article.doc_id, found_events.get(index, []), article.published_at, run_id,
                                 calibrate=calibration))
    return {
        "documents": documents,
        "entities": entities,
        "actors": actor_rows(actors, run_id),
        "events": events,
        "_model": [{"name": model_version(nlp)}],
    }
