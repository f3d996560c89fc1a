"""Imported once by the worker fork server: builds the pipeline there, so workers fork with it loaded.

Building the pipeline (spaCy import, model, gazetteer phrase patterns) costs ~5 s of CPU. With
every worker spawned afresh, each paid it; the fork server pays it once and its forked workers
share the result copy-on-write. Errors are swallowed here on purpose: the fork server ignores a
failed preload, and each worker's initializer then loads the pipeline itself and raises the real
error where the pool reports it.
"""

from __future__ import annotations

import gc


def _preload() -> None:
    try:
        from newsevents.pipeline import load_pipeline

        load_pipeline()
    except Exception:  # noqa: BLE001 - re-raised by the worker initializer, where it can be reported
        return
    gc.freeze()  # the loaded objects stay out of later collections: fewer copy-on-write page faults


_preload()
