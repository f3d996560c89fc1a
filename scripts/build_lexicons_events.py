"""Build the shipped event lexicons from ../shared/reference (run once; outputs are committed).

- ``newsevents/data/verbs_cameo.json``: the PETRARCH 2 / Phoenix verb dictionary CAMEO.2.0.txt
  (verb synonym blocks, their forms, and phrase patterns -> CAMEO codes), reduced to what the
  event component matches on: lemma -> block, block -> default code and patterns of words
  before/after the verb, synonym sets.
- ``newsevents/data/cameo_codes.csv``: code, label, goldstein, quad_class, root.
- ``newsevents/data/cameo_plover.csv``: CAMEO code -> PLOVER 2021 event and mode.

Usage: ``python scripts/build_lexicons_events.py [--shared ../shared]``
"""

from __future__ import annotations

import argparse
import csv
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "newsevents" / "data"

HEADER = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]")
CODE = re.compile(r"\[([^\]]*)\]")


def clean_word(word: str) -> str:
    return word.strip().strip("{}()$+%^=").rstrip("_").lower().replace("_", " ")


def parse_code(raw: str) -> str | None:
    """'042:043' -> '042'; ':110' -> '110'; '---' -> None (the pattern codes no event)."""
    parts = [p.strip() for p in raw.split(":")]
    code = next((p for p in parts if p and p != "---"), None)
    if code is None or not code.isdigit():
        return None
    return code


def parse_pattern(line: str) -> tuple[list[str], list[str], str | None] | None:
    match = CODE.search(line)
    if not match:
        return None
    body = line[1:match.start()].strip()
    code = parse_code(match.group(1))
    if "*" not in body:
        return None
    before_raw, after_raw = body.split("*", 1)

    def words(text: str) -> list[str]:
        out = []
        for token in re.split(r"\s+", text.replace("{", " ").replace("}", " ").replace("(", " ").replace(")", " ")):
            if not token or token in {"$", "+", "%", "^", "="}:
                continue
            if token.startswith("&"):
                out.append(token.rstrip("_").upper())
                continue
            word = clean_word(token)
            if word and re.fullmatch(r"[a-z][a-z' -]*", word):
                out.append(word)
        return out

    return words(before_raw), words(after_raw), code


def parse_dictionary(path: Path) -> dict:
    synsets: dict[str, list[str]] = {}
    verbs: dict[str, list[str | None]] = {}  # lemma -> [block, the verb's own default code]
    blocks: dict[str, dict] = {}
    current_set: str | None = None
    block: str | None = None
    for raw in path.read_text(encoding="latin-1").splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        header = HEADER.match(line)
        if header:
            block, current_set = header.group(1).lower(), None
            blocks[block] = {"default": parse_code(header.group(2)), "patterns": []}
            continue
        if line.startswith("&") and block is None:
            current_set = line.strip().rstrip("_").upper()
            synsets[current_set] = []
            continue
        if line.startswith("+") and current_set:
            word = clean_word(line[1:])
            if word:
                synsets[current_set].append(word)
            continue
        if block is None:
            continue
        if line.lstrip().startswith("-"):
            pattern = parse_pattern(line.strip())
            if pattern:
                blocks[block]["patterns"].append(pattern)
            continue
        # a verb line: WORD {FORMS} [optional code]
        head = line.split("{", 1)[0]
        code_match = CODE.search(head)
        head = CODE.sub("", head).strip()
        if not head or " " in head.strip():
            continue
        lemma = clean_word(head)
        own_code = parse_code(code_match.group(1)) if code_match else None
        if code_match and code_match.group(1).strip() == "---":
            own_code = "none"
        if lemma and lemma not in verbs:
            verbs[lemma] = [block, own_code]
    return {"synsets": synsets, "verbs": verbs, "blocks": blocks}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    reference = args.shared / "reference"
    lexicon = parse_dictionary(reference / "phoenix_dictionaries" / "CAMEO.2.0.txt")
    DATA.mkdir(parents=True, exist_ok=True)
    (DATA / "verbs_cameo.json").write_text(json.dumps(lexicon, sort_keys=True, separators=(",", ":")), encoding="utf-8")
    with (reference / "cameo_codes.csv").open(encoding="utf-8") as src, (DATA / "cameo_codes.csv").open("w", encoding="utf-8", newline="") as dst:
        writer = csv.writer(dst)
        writer.writerow(["code", "label", "goldstein", "quad_class", "root"])
        for row in csv.DictReader(src):
            writer.writerow([row["code"], row["label"], row["goldstein"], row["quad_class"], row["root_code"]])
    with (reference / "cameo2plover_2021.csv").open(encoding="utf-8") as src, (DATA / "cameo_plover.csv").open("w", encoding="utf-8", newline="") as dst:
        writer = csv.writer(dst)
        writer.writerow(["cameo_code", "plover_event", "plover_mode"])
        for row in csv.DictReader(src):
            writer.writerow([row["cameo_code"], row["plover_event"], row["plover_mode"]])
    n_patterns = sum(len(b["patterns"]) for b in lexicon["blocks"].values())
    print(f"{len(lexicon['verbs'])} verbs in {len(lexicon['blocks'])} blocks, {n_patterns} patterns, "
          f"{len(lexicon['synsets'])} synonym sets")


if __name__ == "__main__":
    main()
