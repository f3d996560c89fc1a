"""NLP for a batch of articles: one ``nlp.pipe`` pass, then plain rows for each table.

Kept out of the flow module so the same function serves the default runner, Dask workers and
tests; the components do the work, this only streams Docs through them and collects rows.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Sequence

from newsevents.pipeline import load_pipeline, make_doc, model_version
from transforms.ingest import Article
from transforms.rows import actor_rows, document_row, entity_rows, event_rows


def extract_rows(
    articles: Sequence[Article],
    *,
    run_id: str,
    ingested_at: dt.datetime,
    n_process: int = 1,
    batch_size: int = 16,
) -> dict[str, list[dict[str, Any]]]:
    """Rows for documents, entities, actors and events of these articles (plus the model name)."""
    nlp = load_pipeline()
    docs_in = (make_doc(nlp, a.text, a.published_at) for a in articles)
    documents, entities, actors, events = [], [], [], []
    for article, doc in zip(articles, nlp.pipe(docs_in, n_process=n_process, batch_size=batch_size)):
        documents.append(document_row(article, run_id, ingested_at))
        entities.extend(entity_rows(article.doc_id, doc._.mentions or [], run_id))
        actors.extend(doc._.actors or [])
        events.extend(event_rows(article.doc_id, doc._.events or [], article.published_at, run_id))
    return {
        "documents": documents,
        "entities": entities,
        "actors": actor_rows(actors, run_id),
        "events": events,
        "_model": [{"name": model_version(nlp)}],
    }
