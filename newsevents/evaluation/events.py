"""Event-coding accuracy on the gold: PLOVER dev sentences and the annotated seed events.

PLOVER dev (``plover_dev.jsonl``): each sentence is coded alone (its ``date`` as publication
date); predictions and gold are multisets of (source country, target country, event type) per
sentence, matched greedily; F1 is micro-averaged over sentences. Older PLOVER names are mapped to
PLOVER 2021 (DEMAND -> REQUEST, DISAPPROVE/INVESTIGATE -> ACCUSE, FIGHT -> ASSAULT). Only
events the text presents as happening are scored (status asserted), since the gold codes what
happened or was announced: negated and cancelled rows are left out, and planned or conditional
rows are read as PLOVER reads them (intent to cooperate = AGREE, intent to harm = THREATEN; see
``plover_reading``). A row with no recipient is read as PLOVER's gold codes such events: the
country where it happened when the sentence names one, else the actor's own country (a
domestic event). Symmetric pairs count once
per direction as coded.

Seed events (``seed_events.jsonl``): a gold event is recalled when a predicted event in the
same article has its trigger inside the gold evidence (or its evidence sentence contains the
gold evidence and the trigger lies in the gold span's sentence), the same event type, and the
same status; actor/recipient country agreement and date agreement are reported beside it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path
from typing import Any

from newsevents.pipeline import make_doc
from newsevents.resources import seeds_dir

OLD_NAMES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}


def _read(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _f1(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def _code(event: dict[str, Any], role: str) -> str | None:
    """The gold's actor code: ISO3, or 'IGO' for international organisations."""
    return event[f"{role}_country"] or ("IGO" if event[f"{role}_sector"] == "IGO" else None)


def plover_reading(event: dict[str, Any]) -> str:
    """How PLOVER codes a row: an announced or planned cooperative act is AGREE (CAMEO 03,
    'express intent to ...'), a planned or conditional hostile act is THREATEN (CAMEO 13)."""
    if event["status"] in ("planned", "hypothetical", "postponed") and event["event_type"] not in ("AGREE", "THREATEN"):
        return "AGREE" if event["quad_class"] in (1, 2) else "THREATEN"
    return event["event_type"]


def plover_triples(events: list[dict[str, Any]]) -> list[tuple[tuple[Any, Any, str], dict[str, Any]]]:
    """Each scored row as PLOVER's gold reads it: (actor code, recipient code, event type).

    Negated and cancelled rows are not scored; a row with no recipient takes the place it
    happened in, else the actor's own country (see the module docstring).
    """
    return [((_code(e, "actor"), _code(e, "recipient") or e["location_country"] or _code(e, "actor"),
              plover_reading(e)), e)
            for e in events if e["status"] not in ("negated", "cancelled")]


def score_plover(nlp: Any, gold_dir: Path) -> dict[str, Any]:
    rows = _read(gold_dir / "plover_dev.jsonl")
    tp_dyad = tp_type = n_pred = n_gold = 0
    misses: list[dict[str, Any]] = []
    docs = nlp.pipe(make_doc(nlp, r["text"], _date(r.get("date"))) for r in rows)
    for row, doc in zip(rows, docs):
        gold = [(e.get("source"), e.get("target"), OLD_NAMES.get(e["event"], e["event"])) for e in row["expected_events"]]
        predicted = list(dict.fromkeys(triple for triple, _ in plover_triples(doc._.events)))
        n_pred += len(predicted)
        n_gold += len(gold)
        dyads = Counter(gold) & Counter(predicted)
        types = Counter(g[2] for g in gold) & Counter(p[2] for p in predicted)
        tp_dyad += sum(dyads.values())
        tp_type += sum(types.values())
        if sum(dyads.values()) < len(gold):
            misses.append({"id": row["id"], "gold": gold, "predicted": predicted})
    dyad = _f1(tp_dyad, n_pred, n_gold)
    kind = _f1(tp_type, n_pred, n_gold)
    return {"n": len(rows), "n_gold_events": n_gold, "n_predicted": n_pred,
            "dyad_f1": dyad["f1"], "dyad_precision": dyad["precision"], "dyad_recall": dyad["recall"],
            "type_f1": kind["f1"], "type_precision": kind["precision"], "type_recall": kind["recall"],
            "misses": misses}


def petr2_gold(gold_dir: Path) -> list[tuple[dict[str, Any], list[tuple[str | None, str | None, str]]]]:
    """PETRARCH2 validation sentences with their gold as (source country, target country, PLOVER type).

    Gold CAMEO codes are read as PLOVER types through the shipped codebook (sentences with a code
    it cannot map are left out); gold actor codes are country + agent ("USAMIL"), read as their
    country.
    """
    from newsevents.components.events import load_codebook

    codebook = load_codebook()
    out = []
    for row in _read(gold_dir / "petr2_gsr_validation.jsonl"):
        events = row.get("expected_events") or []
        described = [codebook.describe(str(e["code"])) if e.get("code") else None for e in events]
        if all(d is not None for d in described):
            out.append((row, [((e.get("source") or "")[:3] or None, (e.get("target") or "")[:3] or None,
                               d["event_type"]) for e, d in zip(events, described)]))  # type: ignore[index]
    return out


def score_petr2_held_out(nlp: Any, gold_dir: Path) -> dict[str, Any]:
    """Event type and country pair on the PETRARCH2 validation sentences: material the coder was not
    tuned on (read as :func:`petr2_gold` reads them). Sentences whose gold says nothing happened
    count every prediction as a false positive."""
    rows = petr2_gold(gold_dir)
    tp_type = tp_pair = n_pred = n_gold = 0
    docs = nlp.pipe(make_doc(nlp, r["text"], None) for r, _ in rows)
    for (_, gold), doc in zip(rows, docs):
        predicted = list(dict.fromkeys(triple for triple, _ in plover_triples(doc._.events)))
        tp_type += sum((Counter(g[2] for g in gold) & Counter(p[2] for p in predicted)).values())
        tp_pair += sum((Counter(g[:2] for g in gold) & Counter(p[:2] for p in predicted)).values())
        n_pred += len(predicted)
        n_gold += len(gold)
    kind, pair = _f1(tp_type, n_pred, n_gold), _f1(tp_pair, n_pred, n_gold)
    return {"n": len(rows), "n_gold_events": n_gold, "n_predicted": n_pred,
            "type_f1": kind["f1"], "type_precision": kind["precision"], "type_recall": kind["recall"],
            "pair_f1": pair["f1"], "pair_precision": pair["precision"], "pair_recall": pair["recall"]}


def score_seed_events(nlp: Any, gold_dir: Path) -> dict[str, Any]:
    gold = _read(gold_dir / "seed_events.jsonl")
    predicted: dict[str, list[dict[str, Any]]] = {}
    texts: dict[str, str] = {}
    for path in sorted(seeds_dir().glob("*.txt")):
        meta_path = path.with_suffix(".json")
        meta = json.loads(meta_path.read_text()) if meta_path.exists() else {}
        text = path.read_text(encoding="utf-8")
        doc = nlp(make_doc(nlp, text, _date(meta.get("published_at"))))
        predicted[path.stem] = doc._.events
        texts[path.stem] = text
    recalled = recalled_type = actor_ok = recipient_ok = dated = dated_ok = 0
    details = []
    for event in gold:
        text = texts.get(event["doc"], "")
        start = text.find(event["evidence"])
        end = start + len(event["evidence"])
        candidates = [p for p in predicted.get(event["doc"], [])
                      if start >= 0 and p["evidence_start"] <= start < p["evidence_end"]
                      and start <= p["trigger_start"] < max(end, p["evidence_end"])]
        typed = [p for p in candidates if p["event_type"] == event["event_type"]]
        with_status = [p for p in typed if p["status"] == event["status"]]
        hit = with_status[0] if with_status else None
        recalled_type += bool(typed)
        recalled += bool(hit)
        if hit:
            actor_ok += any(p["actor_country"] == event["actor_country"] or
                            (event.get("symmetric") and p["actor_country"] == event.get("recipient_country"))
                            for p in with_status)
            recipient_ok += any(p["recipient_country"] == event.get("recipient_country") or
                                (event.get("symmetric") and p["recipient_country"] == event["actor_country"])
                                for p in with_status)
            if event.get("date"):
                dated += 1
                dated_ok += any((p["event_date"] or "").startswith(event["date"]) for p in with_status)
        details.append({"evidence": event["evidence"][:70], "type": event["event_type"], "status": event["status"],
                        "found": [(p["trigger"], p["event_type"], p["status"]) for p in candidates]})
    return {"n": len(gold), "recalled_with_status": recalled, "recalled_type": recalled_type,
            "actor_country_agree": actor_ok, "recipient_country_agree": recipient_ok,
            "dates_checked": dated, "dates_right": dated_ok, "details": details}
