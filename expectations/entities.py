"""Suite for ``entities``: keys, parent document, offsets that point at the mention's text."""

from __future__ import annotations

from expectations._build import in_set, is_true, key, not_null, suite_of
from expectations.reference import country_codes, sector_codes

LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "LAW", "WORK_OF_ART", "LANGUAGE")


def suite():
    return suite_of("entities", [
        *key("mention_id"),
        *not_null("doc_id", "start_char", "end_char", "text", "label"),
        is_true("_fk_doc"),
        is_true("_offsets_ok"),
        is_true("_text_matches"),
        in_set("label", LABELS),
        in_set("country", country_codes()),
        in_set("sector", sector_codes()),
    ])
