"""Suite for ``events``: PLOVER/CAMEO values consistent with the codebook, offsets, dates, parents."""

from __future__ import annotations

from expectations._build import between, in_set, is_true, key, not_null, suite_of
from expectations.reference import country_codes, sector_codes
from newsevents.schemas import DATE_PRECISIONS, EVENT_STATUSES, PLOVER_EVENT_TYPES


def suite():
    countries, sectors = country_codes(), sector_codes()
    return suite_of("events", [
        *key("event_id"),
        *not_null("doc_id", "event_type", "cameo_code", "status", "date_precision", "confidence"),
        is_true("_fk_doc"),
        is_true("_fk_actor"),
        is_true("_fk_recipient"),
        in_set("event_type", PLOVER_EVENT_TYPES),
        in_set("status", EVENT_STATUSES),
        in_set("date_precision", DATE_PRECISIONS),
        is_true("_codebook_ok"),
        is_true("_offsets_ok"),
        is_true("_date_ok"),
        in_set("actor_country", countries),
        in_set("recipient_country", countries),
        in_set("location_country", countries),
        in_set("actor_sector", sectors),
        in_set("recipient_sector", sectors),
        between("confidence", 0.0, 1.0),
        between("latitude", -90.0, 90.0),
        between("longitude", -180.0, 180.0),
    ])
