"""The entities of a Doc, built once per component call instead of once per lookup.

``doc.ents`` and ``span.ents`` build a fresh tuple of Span objects on every access; event coding
asks for them several times per trigger (actor resolution, dates, places), which made those
property reads a third of the event component's time. A component that no longer changes the
entities may pin them with :func:`pinned_entities`; the lookups below then read the pinned tuple.
Outside that block they fall back to ``doc.ents``, so the functions stay correct everywhere.
"""

from __future__ import annotations

from bisect import bisect_left
from contextlib import contextmanager
from typing import Iterator

from spacy.tokens import Doc, Span

_KEY = "newsevents.pinned_ents"
_STARTS_KEY = "newsevents.pinned_ent_starts"


@contextmanager
def pinned_entities(doc: Doc) -> Iterator[tuple[Span, ...]]:
    """Compute ``doc.ents`` once for the duration of the block (entities must not change inside it)."""
    ents = tuple(doc.ents)
    doc.user_data[_KEY] = ents
    doc.user_data[_STARTS_KEY] = [e.start for e in ents]
    try:
        yield ents
    finally:
        doc.user_data.pop(_KEY, None)
        doc.user_data.pop(_STARTS_KEY, None)


def doc_entities(doc: Doc) -> tuple[Span, ...]:
    pinned = doc.user_data.get(_KEY)
    return pinned if pinned is not None else tuple(doc.ents)


def entities_within(span: Span) -> list[Span]:
    """Entities wholly inside ``span`` (what ``span.ents`` returns), in document order."""
    doc = span.doc
    starts = doc.user_data.get(_STARTS_KEY)
    if starts is None:
        return [e for e in doc_entities(doc) if e.start >= span.start and e.end <= span.end]
    ents = doc.user_data[_KEY]  # sorted and non-overlapping: start at the first entity that may fit
    found = []
    for index in range(bisect_left(starts, span.start), len(ents)):
        entity = ents[index]
        if entity.start >= span.end:
            break
        if entity.end <= span.end:
            found.append(entity)
    return found
