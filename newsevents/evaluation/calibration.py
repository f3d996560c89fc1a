"""Confidence calibration: fit the shipped score->probability map, and measure how well it holds.

Rows are marked right or wrong the way ``score_plover`` scores them: a row of a PLOVER dev
sentence is right when its (actor country, recipient country, PLOVER reading) is one of the
sentence's gold triples. The map is fitted on PLOVER dev (the gold the issue names for it) and
checked on material it was not fitted on: the real-news sentences of the PETRARCH2 validation
set, whose CAMEO codes are read as PLOVER types through the same codebook and whose actor
codes (country + agent, "USAMIL") are read as their country.

``make calibrate`` (``python -m newsevents.evaluation.calibration``) refits and rewrites
``newsevents/data/confidence_calibration.json``; a test fails when the shipped map no longer
matches what the current coder produces, like a golden file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from newsevents.evaluation.events import OLD_NAMES, _date, _read, petr2_gold, plover_triples
from newsevents.lexicons import CALIBRATION_FILE, load_calibration
from newsevents.pipeline import make_doc
from transforms.calibration import Calibration, expected_calibration_error, fit_isotonic

FIT_ON = "plover_dev.jsonl"


def _scored(nlp: Any, rows: list[tuple[dict[str, Any], list[tuple[Any, Any, str]]]]) -> list[tuple[float, bool]]:
    """(raw score, right?) for every scored row of every (sentence, gold triples)."""
    pairs: list[tuple[float, bool]] = []
    docs = nlp.pipe(make_doc(nlp, r["text"], _date(r.get("date"))) for r, _ in rows)
    for (_, gold), doc in zip(rows, docs):
        for triple, event in plover_triples(doc._.events):
            pairs.append((float(event.get("confidence_raw", event["confidence"])), triple in set(gold)))
    return pairs


def plover_dev_pairs(nlp: Any, gold_dir: Path) -> list[tuple[float, bool]]:
    return _scored(nlp, [(row, [(e.get("source"), e.get("target"), OLD_NAMES.get(e["event"], e["event"]))
                                for e in row["expected_events"]]) for row in _read(gold_dir / FIT_ON)])


def held_out_pairs(nlp: Any, gold_dir: Path) -> list[tuple[float, bool]]:
    return _scored(nlp, [(row, gold) for row, gold in petr2_gold(gold_dir) if row.get("world") == "real_news"])


def fit(nlp: Any, gold_dir: Path) -> dict[str, Any]:
    pairs = plover_dev_pairs(nlp, gold_dir)
    calibration = fit_isotonic(pairs)
    return {
        "about": "raw event score -> probability the row is right; isotonic regression (pool adjacent "
                 "violators, shrunk to the base rate by 2 pseudo-rows) on PLOVER dev rows marked right when "
                 "their (actor country, recipient country, PLOVER type) is a gold triple",
        "fitted_on": f"../shared/gold/{FIT_ON}", "rows": len(pairs), "right": sum(ok for _, ok in pairs),
        **calibration.as_dict(),
    }


def score_calibration(nlp: Any, gold_dir: Path) -> dict[str, Any]:
    """Expected calibration error (5 equal-count bins) of the raw score and of ``confidence``."""
    calibration = load_calibration() or Calibration((), ())
    dev = plover_dev_pairs(nlp, gold_dir)
    held = held_out_pairs(nlp, gold_dir)
    return {
        "n": len(dev), "n_held_out": len(held),
        "ece_raw": round(expected_calibration_error(dev), 3),
        "ece": round(expected_calibration_error([(calibration(s), ok) for s, ok in dev]), 3),
        "ece_held_out_raw": round(expected_calibration_error(held), 3),
        "ece_held_out": round(expected_calibration_error([(calibration(s), ok) for s, ok in held]), 3),
        "share_right": round(sum(ok for _, ok in dev) / len(dev), 3) if dev else None,
    }


def main() -> None:
    from newsevents.pipeline import load_pipeline
    from newsevents.resources import shared_dir

    result = fit(load_pipeline(), shared_dir() / "gold")
    CALIBRATION_FILE.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {CALIBRATION_FILE}: {len(result['probabilities'])} steps from {result['rows']} rows "
          f"({result['right']} right)")


if __name__ == "__main__":
    main()
