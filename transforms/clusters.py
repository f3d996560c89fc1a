"""Collapse event mentions that report the same real-world event into ``event_clusters`` rows.

Wire stories repeat each other: three outlets reporting one missile launch are one event with
three mentions, not three events. Counting mentions as events inflates every trend, so analysts
count clusters (GDELT's ``NumMentions``/``NumSources``/``NumArticles`` come from here).

The rule (deliberately simple and predictable, so a count can be explained to a reader):

1. Mentions may only cluster when they agree on the **key**: ``event_type``, ``status``,
   ``actor_country``, ``actor_sector``, ``recipient_country``, ``recipient_sector`` (a missing
   value is a value of its own: an unknown actor never matches a known one). Status is in the
   key on purpose: "China launched" and "China did not launch" are different facts.
2. Within a key, mentions **with an event_date** are sorted by date and grouped greedily: a
   cluster is anchored at its earliest date and takes every later mention whose date is at most
   ``window_days`` after the anchor (so a cluster never spans more than the window; two
   reports a day apart of the same meeting still merge with the default window of 1).
3. Mentions **without an event_date** never join dated clusters (their date is unknown, so
   merging them would be a guess). Among themselves they cluster the same way by the
   ``published_at`` of their article: "the ministry condemned ..." in two stories published
   the same day is one event.
4. Mentions with neither date collapse into one cluster per key (nothing separates them).

A cluster's ``cameo_root``, ``goldstein`` and ``quad_class`` come together from one
representative member (the earliest mention among those with the most common CAMEO root), so
the three always agree with each other. ``first_seen``/``last_seen`` are the earliest and latest
publication dates of the member articles. ``cluster_id`` hashes the key and the anchor member's
``event_id``: re-running on the same events gives the same ids, whatever the input order.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any, Iterable, Mapping

from transforms.rows import stable_id

KEY_FIELDS: tuple[str, ...] = (
    "event_type", "status", "actor_country", "actor_sector", "recipient_country", "recipient_sector",
)


def _as_date(value: Any) -> dt.date | None:
    """``date``/``datetime``/ISO string (date or datetime) -> ``date``; empty -> None."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _key(event: Mapping[str, Any]) -> tuple[str | None, ...]:
    return tuple(event.get(name) for name in KEY_FIELDS)


def _window_groups(
    items: list[tuple[dt.date, str, dict[str, Any]]], window_days: int
) -> list[list[dict[str, Any]]]:
    """Greedy anchored windows over (date, event_id, event) sorted by date then id."""
    groups: list[list[dict[str, Any]]] = []
    anchor: dt.date | None = None
    for day, _, event in sorted(items, key=lambda item: (item[0], item[1])):
        if anchor is None or (day - anchor).days > window_days:
            groups.append([])
            anchor = day
        groups[-1].append(event)
    return groups


def _cluster_row(
    key: tuple[str | None, ...],
    members: list[dict[str, Any]],
    documents: Mapping[str, Mapping[str, Any]],
    event_date: dt.date | None,
) -> dict[str, Any]:
    def published(event: Mapping[str, Any]) -> dt.date | None:
        return _as_date((documents.get(event["doc_id"]) or {}).get("published_at"))

    def order(event: Mapping[str, Any]) -> tuple[Any, ...]:
        # earliest event date, then earliest publication, then id: unknown dates sort last
        day, pub = _as_date(event.get("event_date")), published(event)
        return (day is None, day or dt.date.min, pub is None, pub or dt.date.min, event["event_id"])

    ordered = sorted(members, key=order)
    anchor = ordered[0]
    roots = Counter(m.get("cameo_root") for m in ordered)
    top = max(roots.values())
    modal_root = min((r for r, n in roots.items() if n == top), key=lambda r: (r is None, r or ""))
    representative = next(m for m in ordered if m.get("cameo_root") == modal_root)
    doc_ids = {m["doc_id"] for m in ordered}
    sources = {(documents.get(d) or {}).get("source") for d in doc_ids} - {None, ""}
    pub_dates = [p for p in (published(m) for m in ordered) if p is not None]
    row: dict[str, Any] = dict(zip(KEY_FIELDS, key))
    row.update(
        cluster_id=stable_id("cluster", *key, anchor["event_id"]),
        cameo_root=representative.get("cameo_root"),
        event_date=event_date,
        num_mentions=len(ordered),
        num_documents=len(doc_ids),
        num_sources=len(sources),
        first_seen=min(pub_dates) if pub_dates else None,
        last_seen=max(pub_dates) if pub_dates else None,
        goldstein=representative.get("goldstein"),
        quad_class=representative.get("quad_class"),
        event_ids=sorted(m["event_id"] for m in ordered),
    )
    return row


def cluster_events(
    events: Iterable[Mapping[str, Any]],
    documents: Mapping[str, Mapping[str, Any]],
    window_days: int = 1,
) -> list[dict[str, Any]]:
    """Event rows (``events`` columns) -> ``event_clusters`` rows, see the module docstring.

    ``documents`` maps ``doc_id`` to a row with at least ``source`` and ``published_at``; a
    missing document only means no publisher and no publication date for its mentions.
    Output is sorted by (event_date, first_seen, cluster_id) with unknown dates last.
    """
    if window_days < 0:
        raise ValueError("window_days must be >= 0")
    by_key: dict[tuple[str | None, ...], list[dict[str, Any]]] = {}
    seen: set[str] = set()
    for event in events:
        if event["event_id"] in seen:  # the same mention twice (e.g. committed + staged) counts once
            continue
        seen.add(event["event_id"])
        by_key.setdefault(_key(event), []).append(dict(event))

    rows: list[dict[str, Any]] = []
    for key, members in by_key.items():
        dated, by_publication, undated = [], [], []
        for event in members:
            day = _as_date(event.get("event_date"))
            pub = _as_date((documents.get(event["doc_id"]) or {}).get("published_at"))
            if day is not None:
                dated.append((day, event["event_id"], event))
            elif pub is not None:
                by_publication.append((pub, event["event_id"], event))
            else:
                undated.append(event)
        for group in _window_groups(dated, window_days):
            rows.append(_cluster_row(key, group, documents, _as_date(group[0].get("event_date"))))
        for group in _window_groups(by_publication, window_days):
            rows.append(_cluster_row(key, group, documents, None))
        if undated:
            rows.append(_cluster_row(key, undated, documents, None))

    def order(row: Mapping[str, Any]) -> tuple[Any, ...]:
        day, first = row["event_date"], row["first_seen"]
        return (day is None, day or dt.date.min, first is None, first or dt.date.min, row["cluster_id"])

    return sorted(rows, key=order)
