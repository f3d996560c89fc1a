"""Suite for ``runs``: one row per run, a known status, counts that are counts."""

from __future__ import annotations

from expectations._build import between, in_set, key, not_null, suite_of


def suite():
    return suite_of("runs", [
        *key("run_id"),
        *not_null("started_at", "finished_at", "status", "model", "code_version", "validation_success"),
        in_set("status", ("completed", "failed")),
        *[between(c, 0, 10**12) for c in ("n_inputs", "n_new", "n_skipped", "n_quarantined", "n_entities", "n_events")],
    ])
