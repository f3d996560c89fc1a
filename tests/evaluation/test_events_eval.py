"""Floors just below the measured event-coding figures (`newsevents evaluate`): a regression fails CI."""

from __future__ import annotations

import pytest

from newsevents.evaluation.events import score_plover, score_seed_events
from newsevents.pipeline import load_pipeline


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def test_plover_dev_floors(nlp, shared_dir) -> None:
    result = score_plover(nlp, shared_dir / "gold")
    assert result["n"] == 113
    assert result["dyad_f1"] >= 0.61
    assert result["type_f1"] >= 0.78


def test_seed_events_recalled_with_status(nlp, shared_dir) -> None:
    result = score_seed_events(nlp, shared_dir / "gold")
    assert result["n"] == 16
    assert result["recalled_with_status"] >= 14
    assert result["actor_country_agree"] >= result["recalled_with_status"] - 2
