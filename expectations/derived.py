"""Cross-table facts computed onto the batch as boolean columns, so GE can assert them by name.

Offsets against the document text, foreign keys, codebook consistency and the event-date rule
involve more than one column or table; computing them here and checking ``_x == True`` with a
plain GE expectation keeps every rule a named, reported expectation.
"""

from __future__ import annotations

from typing import Iterable

import pandas as pd

from expectations.reference import cameo_codebook


def _in(values: pd.Series, allowed: Iterable[str]) -> pd.Series:
    return values.isin(set(allowed))


def document_texts(documents: pd.DataFrame, parents: dict[str, pd.DataFrame]) -> dict[str, str]:
    texts = dict(zip(documents["doc_id"], documents["text"])) if "text" in documents else {}
    parent = parents.get("documents")
    if parent is not None and "text" in parent:
        texts.update(dict(zip(parent["doc_id"], parent["text"])))
    return texts


def known_ids(frames: list[pd.DataFrame | None], column: str) -> set[str]:
    ids: set[str] = set()
    for frame in frames:
        if frame is not None and column in frame:
            ids.update(frame[column].dropna().tolist())
    return ids


ENTITY_CHECKS = ("_fk_doc", "_offsets_ok", "_text_matches")
EVENT_CHECKS = ("_fk_doc", "_fk_actor", "_fk_recipient", "_offsets_ok", "_codebook_ok", "_date_ok")


def _with_empty_checks(frame: pd.DataFrame, checks: tuple[str, ...]) -> pd.DataFrame:
    frame = frame.copy()
    for column in checks:
        frame[column] = pd.Series([], dtype=bool)
    return frame


def add_entity_checks(entities: pd.DataFrame, texts: dict[str, str], doc_ids: set[str]) -> pd.DataFrame:
    if entities.empty:
        return _with_empty_checks(entities, ENTITY_CHECKS)
    frame = entities.copy()
    frame["_fk_doc"] = frame["doc_id"].isin(doc_ids)
    lengths = frame["doc_id"].map(lambda d: len(texts.get(d, "")))
    frame["_offsets_ok"] = (frame["start_char"] >= 0) & (frame["start_char"] < frame["end_char"]) & (frame["end_char"] <= lengths)
    frame["_text_matches"] = [
        texts.get(d, "")[s:e] == t for d, s, e, t in zip(frame["doc_id"], frame["start_char"], frame["end_char"], frame["text"])
    ]
    return frame


def add_event_checks(events: pd.DataFrame, texts: dict[str, str], doc_ids: set[str], actor_ids: set[str]) -> pd.DataFrame:
    if events.empty:
        return _with_empty_checks(events, EVENT_CHECKS)
    frame = events.copy()
    codebook = cameo_codebook()
    frame["_fk_doc"] = frame["doc_id"].isin(doc_ids)
    frame["_fk_actor"] = frame["actor_id"].isna() | frame["actor_id"].isin(actor_ids)
    frame["_fk_recipient"] = frame["recipient_id"].isna() | frame["recipient_id"].isin(actor_ids)
    lengths = frame["doc_id"].map(lambda d: len(texts.get(d, "")))
    frame["_offsets_ok"] = (
        (frame["evidence_start"] >= 0) & (frame["evidence_start"] <= frame["trigger_start"])
        & (frame["trigger_start"] < frame["trigger_end"]) & (frame["trigger_end"] <= frame["evidence_end"])
        & (frame["evidence_end"] <= lengths)
    )
    frame["_codebook_ok"] = [
        code in codebook and root == code[:2] and abs(codebook[code][0] - g) < 1e-6 and codebook[code][1] == q
        for code, root, g, q in zip(frame["cameo_code"], frame["cameo_root"], frame["goldstein"], frame["quad_class"])
    ]
    after = frame["event_date"].notna() & frame["published_at"].notna() & (
        pd.to_datetime(frame["event_date"]) > pd.to_datetime(frame["published_at"]) + pd.Timedelta(days=1)
    )
    frame["_date_ok"] = ~after | frame["status"].isin(["planned", "postponed", "hypothetical"])
    return frame


def add_actor_checks(actors: pd.DataFrame) -> pd.DataFrame:
    return actors.copy()
