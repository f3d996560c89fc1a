"""A disk cache for the lookup tables every NLP process builds at start-up.

The place index (~170,000 GeoNames names) and the actor lexicon take ~3 s to build from their
sources, in every process that loads the pipeline: the CLI, each worker of the pool, each Dask
worker, each test session. They are pure functions of the shipped data, the installed data
packages and the code that builds them, so a pickle keyed by a hash of all three is always
either right or ignored. The cache lives in ``$NEWSEVENTS_CACHE_DIR`` (default
``~/.cache/newsevents``); ``NEWSEVENTS_CACHE_DIR=off`` disables it. A cache that cannot be read
or written never fails a run: the tables are rebuilt.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import pickle
import tempfile
from pathlib import Path
from typing import Callable, Iterable, TypeVar

T = TypeVar("T")


def cache_dir() -> Path | None:
    setting = os.environ.get("NEWSEVENTS_CACHE_DIR", "")
    if setting.lower() in ("off", "0", "false", "none"):
        return None
    return Path(setting) if setting else Path.home() / ".cache" / "newsevents"


def fingerprint(files: Iterable[Path], packages: Iterable[str] = ()) -> str:
    """Hash of the bytes of ``files`` and the installed versions of ``packages``."""
    digest = hashlib.sha256(pickle.format_version.encode())
    for path in sorted(Path(f) for f in files):
        digest.update(path.name.encode())
        digest.update(path.read_bytes() if path.is_file() else b"-")
    for package in sorted(packages):
        try:
            digest.update(f"{package}=={importlib.metadata.version(package)}".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"{package} missing".encode())
    return digest.hexdigest()[:20]


def cached(name: str, key: str, build: Callable[[], T]) -> T:
    """``build()``'s result, from ``<cache>/<name>-<key>.pickle`` when it is there."""
    folder = cache_dir()
    if folder is None:
        return build()
    path = folder / f"{name}-{key}.pickle"
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except Exception:  # noqa: BLE001 - missing, stale format or corrupt: rebuild
        pass
    value = build()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob(f"{name}-*.pickle"):  # one entry per table: old keys are dead
            if old != path:
                old.unlink(missing_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=folder, delete=False, suffix=".tmp") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(handle.name, path)  # atomic: a reader sees the old file or the whole new one
    except OSError:
        pass
    return value
