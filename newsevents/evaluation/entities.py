"""Entity and actor-resolution scores against the shared gold files (development use only).

Reads ``../shared/gold`` (never at pipeline run time). Each function returns a plain dict that
``newsevents evaluate`` prints.

Decisions, stated once:
- GUM NER is scored by head-word match on PER, ORG and LOC only: a predicted entity is a true
  positive when its mapped label equals the gold label and its character span contains the gold
  mention's head word (each gold mention matched at most once). Label map: PERSON->PER,
  ORG->ORG, GPE/LOC/FAC->LOC; NORP->PER only when the nationality is used as a noun for people
  ("Afghans", "the Rohingya": GUM annotates these as person groups), otherwise NORP is not scored
  (GUM has no entity for an adjective such as "Afghan team"). Predictions lying inside a gold
  mention that GUM marks as not named (its head is a common noun, e.g. "Facebook creator Mark
  Zuckerberg") are ignored rather than counted wrong, as GUM annotates no named entity there;
  ``f1_strict`` counts them as false positives.
- Actor resolution (NGEC tests) uses rows of method agent_to_code / short_text_to_agent that are
  not xfail. Country accuracy is over rows whose expectation has a ``country`` key, sector
  accuracy over rows with a ``code_1`` key. An empty string (or UNK) expects no country/sector:
  correct when we return None. International codes (IGO, UNO, EUR, NGO) as a country are
  correct when we return no country and sector IGO/NGO (we keep country null for
  international actors).
- Seed entities: a gold entity is recalled when a mention in the same document has the same
  label and the same text, compared without a leading "the" and a trailing possessive "'s".
  Country/sector accuracy is over recalled entities, using the most frequent resolution among
  the matching mentions.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path
from typing import Any

from spacy.language import Language

from transforms.actors import ActorLexicon, resolve_text

SHARED = Path(__file__).resolve().parents[3] / "shared"
GOLD = SHARED / "gold"
SEEDS = Path(__file__).resolve().parents[2] / "seeds"

GUM_LABELS = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}
INTERNATIONAL = {"IGO": "IGO", "UNO": "IGO", "EUR": "IGO", "NGO": "NGO"}


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _gum_label(ent: Any) -> str | None:
    if ent.label_ == "NORP":
        root = ent.root
        if root.pos_ in {"PROPN", "NOUN"} and root.dep_ not in {"amod", "compound"}:
            return "PER"
        return None
    return GUM_LABELS.get(ent.label_)


def score_gum_ner(nlp: Language, path: Path | None = None,
                  with_errors: bool = False) -> dict[str, Any]:
    """Head-word NER scores on GUM news sentences (PER/ORG/LOC); ``with_errors`` adds the
    false positives and misses (for looking at error categories)."""
    rows = _read_jsonl(path or GOLD / "gum_news_entities_dev.jsonl")
    tp = fp = fn = ignored = 0
    errors: list[dict[str, Any]] = []
    per_label: dict[str, Counter] = {lab: Counter() for lab in ("PER", "ORG", "LOC")}
    # the pipeline reads whole articles: sentences of one GUM document are joined (in order,
    # one paragraph each) so the NER sees the context it would see in production
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_doc.setdefault(row.get("doc") or row["id"], []).append(row)
    texts, layouts = [], []
    for doc_rows in by_doc.values():
        offsets, parts, pos = [], [], 0
        for row in doc_rows:
            offsets.append(pos)
            parts.append(row["text"])
            pos += len(row["text"]) + 2
        texts.append("\n\n".join(parts))
        layouts.append(list(zip(doc_rows, offsets)))
    for layout, doc in zip(layouts, nlp.pipe(texts, batch_size=8)):
        for row, base in layout:
            end = base + len(row["text"])
            ents = [e for e in doc.ents if base <= e.start_char and e.end_char <= end]
            gold = [e for e in row["named_entities"] if e["ner_label"] in per_label]
            unnamed = [e for e in row.get("entities", [])
                       if not e.get("named") and e.get("ner_label") in per_label]
            used: set[int] = set()
            for ent in ents:
                lab = _gum_label(ent)
                if lab is None:
                    continue
                s, t = ent.start_char - base, ent.end_char - base
                hit = next((i for i, g in enumerate(gold) if i not in used and g["ner_label"] == lab
                            and s <= g["head_start"] and g["head_end"] <= t), None)
                if hit is not None:
                    used.add(hit)
                    tp += 1
                    per_label[lab]["tp"] += 1
                    continue
                if any(u["start"] <= s and t <= u["end"] and not (s <= u["head_start"] < t)
                       for u in unnamed):
                    ignored += 1
                    continue
                fp += 1
                per_label[lab]["fp"] += 1
                errors.append({"kind": "fp", "text": ent.text, "label": ent.label_,
                               "gold": [(g["text"], g["ner_label"]) for g in gold
                                        if g["start"] < t and s < g["end"]],
                               "sentence": row["text"]})
            for i, g in enumerate(gold):
                if i not in used:
                    fn += 1
                    per_label[g["ner_label"]]["fn"] += 1
                    errors.append({"kind": "fn", "text": g["text"], "label": g["ner_label"],
                                   "predicted": [(e.text, e.label_) for e in ents
                                                 if e.start_char - base < g["end"]
                                                 and g["start"] < e.end_char - base],
                                   "sentence": row["text"]})
    p, r, f = _prf(tp, fp, fn)
    _, _, f_strict = _prf(tp, fp + ignored, fn)
    out: dict[str, Any] = {
        "n_gold": tp + fn, "tp": tp, "fp": fp, "fn": fn, "ignored": ignored,
        "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
        "f1_strict": round(f_strict, 4),
        "by_label": {lab: round(_prf(c["tp"], c["fp"], c["fn"])[2], 4) for lab, c in per_label.items()},
    }
    if with_errors:
        out["errors"] = errors
    return out


def _parse_date(value: Any) -> dt.date | None:
    if not value:
        return None
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%d %B %Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None  # "today" etc.: no date


def _country_ok(expected: str, country: str | None, sector: str | None) -> bool:
    if expected in ("", "UNK"):
        return country is None
    if expected in INTERNATIONAL:
        return country is None and sector == INTERNATIONAL[expected] or country == expected
    return country == expected


def _sector_ok(expected: str, sector: str | None) -> bool:
    if expected in ("", "UNK"):
        return sector is None
    return sector == expected


def score_actor_resolution(lexicon: ActorLexicon, path: Path | None = None) -> dict[str, Any]:
    """Country and sector accuracy of ``resolve_text`` on the NGEC actor-resolution tests."""
    rows = [r for r in _read_jsonl(path or GOLD / "actor_resolution_dev.jsonl")
            if r["method"] in {"agent_to_code", "short_text_to_agent"} and not r.get("xfail")]
    n_c = ok_c = n_s = ok_s = 0
    errors: list[dict[str, Any]] = []
    for row in rows:
        res = resolve_text(row["actor_text"], lexicon, _parse_date(row.get("date")))
        country = res.country if res else None
        sector = res.sector if res else None
        exp = row["expected"]
        if "country" in exp:
            n_c += 1
            good = _country_ok(exp["country"], country, sector)
            ok_c += good
            if not good:
                errors.append({"text": row["actor_text"], "expected": exp["country"], "got": country})
        if "code_1" in exp:
            n_s += 1
            ok_s += _sector_ok(exp["code_1"], sector)
    return {
        "n_country": n_c, "country_accuracy": round(ok_c / n_c, 4) if n_c else 0.0,
        "n_sector": n_s, "sector_accuracy": round(ok_s / n_s, 4) if n_s else 0.0,
        "country_errors": errors,
    }


def _norm(text: str) -> str:
    text = text.replace("’", "'").strip()
    if text.lower().startswith("the "):
        text = text[4:]
    if text.endswith("'s"):
        text = text[:-2]
    return text.strip()


def score_seed_entities(nlp: Language, path: Path | None = None,
                        seeds: Path | None = None) -> dict[str, Any]:
    """Recall of the seed articles' gold entities (text + label) and their country/sector accuracy."""
    from newsevents.pipeline import make_doc

    gold = _read_jsonl(path or GOLD / "seed_entities.jsonl")
    seeds = seeds or SEEDS
    mentions: dict[str, list[dict[str, Any]]] = {}
    for doc_id in sorted({g["doc"] for g in gold}):
        text = (seeds / f"{doc_id}.txt").read_text(encoding="utf-8")
        meta_path = seeds / f"{doc_id}.json"
        published = None
        if meta_path.exists():
            published = _parse_date(str(json.loads(meta_path.read_text()).get("published_at", ""))[:10])
        doc = nlp(make_doc(nlp, text, published))
        mentions[doc_id] = list(doc._.mentions or [])
    recalled = ok_c = ok_s = 0
    missed: list[str] = []
    for g in gold:
        hits = [m for m in mentions[g["doc"]]
                if m["label"] == g["label"] and _norm(m["text"]) == _norm(g["text"])]
        if not hits:
            missed.append(f'{g["text"]} ({g["label"]})')
            continue
        recalled += 1
        (country, sector), _ = Counter((m["country"], m["sector"]) for m in hits).most_common(1)[0]
        ok_c += country == g["country"]
        ok_s += sector == g["sector"]
    n = len(gold)
    return {
        "n": n, "recall": round(recalled / n, 4) if n else 0.0,
        "country_accuracy": round(ok_c / recalled, 4) if recalled else 0.0,
        "sector_accuracy": round(ok_s / recalled, 4) if recalled else 0.0,
        "missed": missed,
    }
