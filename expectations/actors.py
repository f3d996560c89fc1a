"""Suite for ``actors``: one row per id, known kinds, valid codes."""

from __future__ import annotations

from expectations._build import in_set, key, not_null, suite_of
from expectations.reference import country_codes, sector_codes
from newsevents.schemas import ACTOR_KINDS


def suite():
    return suite_of("actors", [
        *key("actor_id"),
        *not_null("name", "kind"),
        in_set("kind", ACTOR_KINDS),
        in_set("country", country_codes()),
        in_set("sector", sector_codes()),
    ])
