"""Regression floors for entity recognition and actor resolution on the shared gold files.

The floors sit just below the figures measured when they were set, so a change that makes
extraction worse fails here. The real model is loaded once for the module.
"""

from __future__ import annotations

import time

import pytest

from newsevents.evaluation.entities import (
    GOLD,
    score_actor_resolution,
    score_gum_ner,
    score_seed_entities,
)

pytestmark = pytest.mark.skipif(not GOLD.exists(), reason="../shared/gold not available")


@pytest.fixture(scope="module")
def nlp():
    from newsevents.pipeline import build_pipeline

    start = time.perf_counter()
    pipeline = build_pipeline()
    pipeline._build_seconds = time.perf_counter() - start  # type: ignore[attr-defined]
    return pipeline


def test_pipeline_builds_quickly(nlp) -> None:
    assert nlp._build_seconds < 15, "gazetteer/lexicon loading became slow"
    assert {"newsevents_gazetteer", "newsevents_actors"} <= set(nlp.pipe_names)


def test_seed_entities_are_recalled(nlp) -> None:
    scores = score_seed_entities(nlp)
    assert scores["recall"] >= 0.92, scores["missed"]
    assert scores["country_accuracy"] >= 0.89
    assert scores["sector_accuracy"] >= 0.84


def test_gum_news_ner_head_match(nlp) -> None:
    scores = score_gum_ner(nlp)
    assert scores["f1"] >= 0.79, scores
    assert scores["precision"] >= 0.83


def test_actor_resolution_accuracy() -> None:
    from newsevents.components.actors import load_actor_lexicon

    scores = score_actor_resolution(load_actor_lexicon())
    assert scores["n_country"] >= 80
    assert scores["country_accuracy"] >= 0.92, scores["country_errors"]
    assert scores["sector_accuracy"] >= 0.83


def test_mentions_are_plain_data_with_valid_offsets(nlp) -> None:
    import datetime as dt

    import msgpack  # shipped with spaCy (srsly) and used for n_process pickling

    from newsevents.pipeline import make_doc

    text = ("Chinese Premier Li Qiang met Prime Minister Fumio Kishida in Jakarta. "
            "Beijing has opposed the discharge.")
    doc = nlp(make_doc(nlp, text, dt.date(2023, 9, 12)))
    assert doc._.mentions and doc._.actors is not None
    for m in doc._.mentions:
        assert text[m["start_char"]:m["end_char"]] == m["text"]
        assert m["source_of_label"] in {"gazetteer", "model"}
    msgpack.packb(doc._.mentions)
    msgpack.packb(doc._.actors)
    by_text = {m["text"]: m for m in doc._.mentions}
    assert by_text["Fumio Kishida"]["actor_id"] == "PER-fumio-kishida"
    assert by_text["Li Qiang"]["country"] == "CHN"
    assert by_text["Beijing"]["actor_id"] == "CHN-GOV"  # the subject: the government acts


def test_bare_surname_and_acronyms_in_the_pipeline(nlp) -> None:
    """A later bare surname is the person named in full; capitalised acronyms are known actors,
    the same letters in lower case are an ordinary word."""
    text = ("Home Secretary Suella Braverman spoke in London. Braverman said the PAN and the "
            "SANDF had been informed. He cooked in a pan.")
    doc = nlp(text)
    labels = {e.text: e.label_ for e in doc.ents}
    assert labels.get("Braverman") == "PERSON"
    by_text = {m["text"]: m for m in doc._.mentions}
    assert by_text["SANDF"]["country"] == "ZAF" and by_text["SANDF"]["sector"] == "MIL"
    assert by_text["PAN"]["country"] == "MEX"
    assert "pan" not in labels
