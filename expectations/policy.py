"""Which expectations block a run and which only quarantine the offending rows — declared once.

Blocking: a broken key or a dangling reference means the batch itself is wrong (a bug, not a bad
row), so nothing is committed. Row-level: one odd value (an unknown country code, an offset that
does not point at its text) costs only that row, which goes to ``quarantine`` with the
expectation's name as its reason.
"""

from __future__ import annotations

BLOCKING = "blocking"
ROW_LEVEL = "row"

# (table, expectation id) -> severity; ids are "<expectation_type>:<column>".
# Anything not listed is blocking: a new expectation fails closed until someone decides.
ROW_LEVEL_EXPECTATIONS: frozenset[tuple[str, str]] = frozenset({
    ("entities", "expect_column_values_to_be_in_set:_offsets_ok"),
    ("entities", "expect_column_values_to_be_in_set:_text_matches"),
    ("entities", "expect_column_values_to_be_in_set:label"),
    ("entities", "expect_column_values_to_be_in_set:country"),
    ("entities", "expect_column_values_to_be_in_set:sector"),
    ("events", "expect_column_values_to_be_in_set:event_type"),
    ("events", "expect_column_values_to_be_in_set:status"),
    ("events", "expect_column_values_to_be_in_set:date_precision"),
    ("events", "expect_column_values_to_be_in_set:_codebook_ok"),
    ("events", "expect_column_values_to_be_in_set:_offsets_ok"),
    ("events", "expect_column_values_to_be_in_set:_date_ok"),
    ("events", "expect_column_values_to_be_in_set:actor_country"),
    ("events", "expect_column_values_to_be_in_set:recipient_country"),
    ("events", "expect_column_values_to_be_in_set:location_country"),
    ("events", "expect_column_values_to_be_in_set:actor_sector"),
    ("events", "expect_column_values_to_be_in_set:recipient_sector"),
    ("events", "expect_column_values_to_be_between:confidence"),
    ("events", "expect_column_values_to_be_between:latitude"),
    ("events", "expect_column_values_to_be_between:longitude"),
    ("actors", "expect_column_values_to_be_in_set:kind"),
    ("actors", "expect_column_values_to_be_in_set:country"),
    ("actors", "expect_column_values_to_be_in_set:sector"),
})


def severity(table: str, expectation_id: str) -> str:
    return ROW_LEVEL if (table, expectation_id) in ROW_LEVEL_EXPECTATIONS else BLOCKING
