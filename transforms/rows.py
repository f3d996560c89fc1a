"""Table rows from articles and processed Docs' plain data, with stable content-derived keys.

Keys are hashes of what a row *is* (document, offsets, type, parties), never of when it was
made, so re-processing the same text yields the same ids and nothing is added twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any, Callable, Iterable

from transforms.ingest import Article, Rejection


def stable_id(*parts: object, length: int = 24) -> str:
    """Short sha256 over the parts: a key that is the same every time the same thing is seen."""
    digest = hashlib.sha256("\x1f".join("" if p is None else str(p) for p in parts).encode("utf-8"))
    return digest.hexdigest()[:length]


def partition_of(published_at: dt.date | None) -> tuple[int, int]:
    return (published_at.year, published_at.month) if published_at else (0, 0)


def document_row(article: Article, run_id: str, ingested_at: dt.datetime) -> dict[str, Any]:
    year, month = partition_of(article.published_at)
    return {
        "doc_id": article.doc_id, "source_id": article.source_id, "title": article.title,
        "source": article.source, "url": article.url, "published_at": article.published_at,
        "text": article.text, "n_words": article.n_words, "ingested_at": ingested_at,
        "run_id": run_id, "input_ref": article.input_ref,
        "published_year": year, "published_month": month,
    }


def entity_rows(doc_id: str, mentions: Iterable[dict[str, Any]], run_id: str) -> list[dict[str, Any]]:
    rows = []
    for mention in mentions:
        row = dict(mention)
        row["doc_id"] = doc_id
        row["mention_id"] = stable_id(doc_id, mention["start_char"], mention["end_char"], mention["label"])
        row["run_id"] = run_id
        rows.append(row)
    return rows


def _as_date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def event_rows(
    doc_id: str, events: Iterable[dict[str, Any]], published_at: dt.date | None, run_id: str,
    calibrate: Callable[[float], float] | None = None,
) -> list[dict[str, Any]]:
    """Stored event rows; ``calibrate`` turns the coder's raw score into the ``confidence`` probability."""
    year, month = partition_of(published_at)
    rows = []
    for event in events:
        row = dict(event)
        row["confidence_raw"] = event["confidence"]
        if calibrate is not None:
            row["confidence"] = calibrate(event["confidence"])
        row["event_date"] = _as_date(event.get("event_date"))
        row["doc_id"] = doc_id
        row["event_id"] = stable_id(
            doc_id, event["trigger_start"], event["trigger_end"], event["event_type"], event.get("cameo_code"),
            event.get("actor_text"), event.get("actor_id"), event.get("recipient_text"), event.get("recipient_id"),
        )
        row["published_at"] = published_at
        row["published_year"], row["published_month"] = year, month
        row["run_id"] = run_id
        rows.append(row)
    return unique_rows(rows, "event_id")


def actor_rows(actors: Iterable[dict[str, Any]], run_id: str) -> list[dict[str, Any]]:
    """Merge actors seen across documents into one row per ``actor_id`` with all aliases."""
    merged: dict[str, dict[str, Any]] = {}
    for actor in actors:
        actor_id = actor.get("actor_id")
        if not actor_id:
            continue
        row = merged.setdefault(actor_id, {**actor, "aliases": [], "run_id": run_id})
        for alias in actor.get("aliases") or []:
            if alias not in row["aliases"]:
                row["aliases"].append(alias)
    for row in merged.values():
        row["aliases"] = sorted(row["aliases"])
    return [merged[k] for k in sorted(merged)]


def quarantine_row(rejection: Rejection, run_id: str, at: dt.datetime) -> dict[str, Any]:
    return {
        "quarantine_id": stable_id(rejection.input_ref, rejection.stage, rejection.reason, rejection.doc_id),
        "input_ref": rejection.input_ref, "doc_id": rejection.doc_id, "stage": rejection.stage,
        "reason": rejection.reason, "detail": rejection.detail, "run_id": run_id, "at": at,
    }


def unique_rows(rows: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    """First row per key, in order (the same event or rejection seen twice in one run)."""
    seen: set[str] = set()
    out = []
    for row in rows:
        if row[key] not in seen:
            seen.add(row[key])
            out.append(row)
    return out
