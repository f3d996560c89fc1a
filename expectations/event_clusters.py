"""Suite for ``event_clusters``: one row per cluster, PLOVER types, mention counts that add up."""

from __future__ import annotations

from expectations._build import between, in_set, key, not_null, suite_of
from newsevents.schemas import EVENT_STATUSES, PLOVER_EVENT_TYPES


def suite():
    return suite_of("event_clusters", [
        *key("cluster_id"),
        *not_null("event_type", "num_mentions", "num_documents", "event_ids"),
        in_set("event_type", PLOVER_EVENT_TYPES),
        in_set("status", EVENT_STATUSES),
        between("num_mentions", 1, 10**9),
        between("num_documents", 1, 10**9),
        between("quad_class", 1, 4),
    ])
