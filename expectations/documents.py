"""Suite for ``documents``: content keys, text present, sane counts."""

from __future__ import annotations

from expectations._build import between, key, not_null, suite_of


def suite():
    return suite_of("documents", [
        *key("doc_id"),
        *not_null("source_id", "text", "n_words", "ingested_at", "run_id"),
        between("n_words", 1, 10_000_000),
    ])
