"""Shipped reference data (``newsevents/data/``), loaded once per process.

The files are generated from ``../shared/reference`` by ``scripts/build_lexicons.py`` and
committed, so a run never needs the shared folder. Loading lives here, not in ``transforms/``,
so the transforms stay free of I/O and receive the data as arguments.
"""

from __future__ import annotations

import csv
import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).parent / "data"


def data_path(name: str) -> Path:
    """Path of a shipped data file; raises with a clear message when the build step was skipped."""
    path = DATA_DIR / name
    if not path.exists():
        raise FileNotFoundError(
            f"{path} is missing: run `python scripts/build_lexicons.py` to regenerate shipped data"
        )
    return path


@lru_cache(maxsize=None)
def load_jsonl(name: str) -> tuple[dict[str, Any], ...]:
    """Rows of a shipped JSON Lines file (cached; treat as read-only)."""
    with data_path(name).open(encoding="utf-8") as handle:
        return tuple(json.loads(line) for line in handle if line.strip())


@lru_cache(maxsize=None)
def load_json(name: str) -> Any:
    """A shipped JSON document (cached; treat as read-only)."""
    with data_path(name).open(encoding="utf-8") as handle:
        return json.load(handle)


@lru_cache(maxsize=None)
def load_csv(name: str) -> tuple[dict[str, str], ...]:
    """Rows of a shipped CSV file as dicts of strings (cached; treat as read-only)."""
    with data_path(name).open(encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


@lru_cache(maxsize=1)
def data_fingerprint() -> str:
    """Short hash of every shipped data file: part of ``code_version`` so a lexicon change is visible."""
    digest = hashlib.sha256()
    for path in sorted(DATA_DIR.glob("*")):
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


CALIBRATION_FILE = DATA_DIR / "confidence_calibration.json"


@lru_cache(maxsize=1)
def load_calibration() -> Any:
    """The shipped event-confidence map (``make calibrate``), or None before one was fitted."""
    from transforms.calibration import Calibration

    if not CALIBRATION_FILE.exists():
        return None
    return Calibration.from_dict(json.loads(CALIBRATION_FILE.read_text(encoding="utf-8")))
