"""``newsevents evaluate``: every accuracy figure of the README, measured on ``../shared/gold``.

Each scorer lives beside the concern it measures (``entities.py``, ``events.py``) and returns a
plain dict; this module runs them all with one pipeline and prints one table.
"""

from __future__ import annotations

import inspect
import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from newsevents.resources import shared_dir


@dataclass(frozen=True)
class Measure:
    """One row of the evaluation table: a headline figure and the issue's target for it."""

    key: str
    label: str
    scorer: str  # "module:function" in newsevents.evaluation
    field: str
    target: float | None
    fmt: str = "{:.3f}"


MEASURES: tuple[Measure, ...] = (
    Measure("plover_f1_dyad", "PLOVER dev F1 (actor country, recipient country, event type)", "events:score_plover", "dyad_f1", 0.60),
    Measure("plover_f1_type", "PLOVER dev event-type F1", "events:score_plover", "type_f1", 0.70),
    Measure("seed_events_status", "Seed events recalled with the right status (of 16)", "events:score_seed_events", "recalled_with_status", 14, "{:.0f}"),
    Measure("petr2_type_f1", "PETRARCH2 validation event-type F1 (held out: not tuned on)", "events:score_petr2_held_out", "type_f1", None),
    Measure("petr2_pair_f1", "PETRARCH2 validation country-pair F1 (held out)", "events:score_petr2_held_out", "pair_f1", None),
    Measure("gum_ner_f1", "GUM news NER F1 (head match, PER/ORG/LOC)", "entities:score_gum_ner", "f1", 0.78),
    Measure("actor_country_acc", "Actor resolution, country accuracy", "entities:score_actor_resolution", "country_accuracy", 0.85),
    Measure("actor_sector_acc", "Actor resolution, sector accuracy", "entities:score_actor_resolution", "sector_accuracy", None),
    Measure("seed_entities_recall", "Seed entities recalled (text + label)", "entities:score_seed_entities", "recall", 0.80),
    Measure("confidence_ece", "Confidence calibration error, PLOVER dev (fitted there; lower is better)", "calibration:score_calibration", "ece", None),
    Measure("confidence_ece_held_out", "Confidence calibration error, PETRARCH2 real news (held out)", "calibration:score_calibration", "ece_held_out", None),
)


def _resolve(spec: str) -> Callable[..., dict[str, Any]]:
    module_name, function_name = spec.split(":")
    module = __import__(f"newsevents.evaluation.{module_name}", fromlist=[function_name])
    return getattr(module, function_name)


def _argument_for(name: str, nlp: Any, gold_dir: Path) -> Any:
    if name == "nlp":
        return nlp
    if name == "lexicon":
        from newsevents.components.actors import load_actor_lexicon

        return load_actor_lexicon()
    if name in ("gold_dir", "gold"):
        return gold_dir
    raise TypeError(f"scorer argument {name!r} is not known to the evaluation runner")


def evaluate_all(gold_dir: Path | None = None) -> dict[str, Any]:
    """Run every scorer once (shared pipeline); returns {scorer: result dict, '_measures': [...]}."""
    from newsevents.pipeline import load_pipeline, model_version

    gold_dir = gold_dir or shared_dir() / "gold"
    nlp = load_pipeline()
    results: dict[str, Any] = {"_model": model_version(nlp), "_gold_dir": str(gold_dir)}
    for spec in dict.fromkeys(m.scorer for m in MEASURES):
        scorer = _resolve(spec)
        params = inspect.signature(scorer).parameters
        kwargs = {
            name: _argument_for(name, nlp, gold_dir)
            for name, p in params.items() if p.default is inspect.Parameter.empty or name in ("gold_dir", "gold")
        }
        started = time.perf_counter()
        results[spec] = scorer(**kwargs)
        results[spec]["_seconds"] = round(time.perf_counter() - started, 1)
    results["_measures"] = [
        {"key": m.key, "label": m.label, "value": results[m.scorer].get(m.field), "target": m.target,
         "n": results[m.scorer].get("n")}
        for m in MEASURES
    ]
    return results


def format_report(results: dict[str, Any], fmt: str = "table") -> str:
    rows = results["_measures"]
    if fmt == "json":
        return json.dumps(results, indent=1, default=str)
    by_key = {m.key: m for m in MEASURES}

    def show(value: Any, key: str) -> str:
        return "n/a" if value is None else by_key[key].fmt.format(value)

    lines = []
    if fmt == "markdown":
        lines += ["| measure | value | target | n |", "|---|---|---|---|"]
        for row in rows:
            target = "" if row["target"] is None else f"≥ {show(row['target'], row['key'])}"
            lines.append(f"| {row['label']} | {show(row['value'], row['key'])} | {target} | {row['n'] or ''} |")
    else:
        width = max(len(r["label"]) for r in rows)
        lines.append(f"{'measure'.ljust(width)}  value   target  met")
        for row in rows:
            target = "" if row["target"] is None else show(row["target"], row["key"])
            met = "" if row["target"] is None or row["value"] is None else ("yes" if row["value"] >= row["target"] else "NO")
            lines.append(f"{row['label'].ljust(width)}  {show(row['value'], row['key']):>6}  {target:>6}  {met}")
    lines.append(f"\nmodel: {results['_model']}; gold: {results['_gold_dir']}")
    return "\n".join(lines)
