"""Suite for ``quarantine``: every rejection has a key, a stage, a reason and a sentence."""

from __future__ import annotations

from expectations._build import in_set, key, not_null, suite_of
from newsevents.schemas import QUARANTINE_STAGES


def suite():
    return suite_of("quarantine", [
        *key("quarantine_id"),
        *not_null("input_ref", "stage", "reason", "detail"),
        in_set("stage", QUARANTINE_STAGES),
    ])
