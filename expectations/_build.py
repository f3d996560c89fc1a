"""Small builders shared by the per-table suites (keeps each suite a readable list)."""

from __future__ import annotations

from typing import Any, Iterable

import great_expectations as gx

E = gx.expectations


def key(column: str) -> list[Any]:
    """A primary key: present and unique."""
    return [E.ExpectColumnValuesToNotBeNull(column=column), E.ExpectColumnValuesToBeUnique(column=column)]


def not_null(*columns: str) -> list[Any]:
    return [E.ExpectColumnValuesToNotBeNull(column=c) for c in columns]


def in_set(column: str, values: Iterable[Any]) -> Any:
    """Values in a set; nulls are allowed (GE ignores them), not-null is its own expectation."""
    return E.ExpectColumnValuesToBeInSet(column=column, value_set=sorted(values))


def is_true(column: str) -> Any:
    return E.ExpectColumnValuesToBeInSet(column=column, value_set=[True])


def between(column: str, low: float, high: float) -> Any:
    return E.ExpectColumnValuesToBeBetween(column=column, min_value=low, max_value=high)


def suite_of(name: str, expectations: Iterable[Any]) -> gx.ExpectationSuite:
    suite = gx.ExpectationSuite(name=name)
    for expectation in expectations:
        suite.add_expectation(expectation)
    return suite
