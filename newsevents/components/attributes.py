"""``newsevents_attributes``: the model's attribute ruler, with the same output at a quarter of the cost.

en_core_web_sm's ``attribute_ruler`` maps every fine-grained tag to its coarse POS and morphology
(56 single-token ``{"TAG": ...}`` rules) and adds ~120 exceptions on particular words. spaCy runs
all of them through its token Matcher and applies each match through a Span and a per-token
Python call: on news text that is ~10% of the whole model's time, as much as the parser. Here the
tag rules are folded, per tag, into one final (POS, MORPH) written for the whole Doc with
``Doc.from_array``; the exceptions are evaluated over ``Doc.to_array`` columns (one dict lookup
per token for one-token rules, numpy masks for the rest, the Matcher's own semantics); and only
the tokens an exception matches get the ruler's ordered per-rule treatment. The rules are read
from the loaded model, anything the array checks do not cover stays with a Matcher, and the output
is the same token for token (``tests/components/test_attributes.py``).
"""

from __future__ import annotations

import re
from typing import Any

import numpy
from spacy.attrs import IDS, MORPH, POS, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

BULK_ATTRS = (POS, MORPH)


def _is_tag_rule(pattern: dict[str, Any]) -> bool:
    """A rule that depends on the tag alone and sets only what ``from_array`` can write in bulk."""
    tokens = pattern["patterns"]
    return (len(tokens) == 1 and len(tokens[0]) == 1 and set(tokens[0][0]) == {"TAG"}
            and pattern.get("index", 0) == 0 and set(pattern["attrs"]) <= {"POS", "MORPH"})


def _array_checks(tokens: list[dict[str, Any]], strings: Any) -> list[tuple[int, int, str, Any]] | None:
    """A token pattern as checks over ``Doc.to_array`` columns, with the Matcher's semantics
    (hash equality, IN/NOT_IN sets of hashes, REGEX searched in the attribute's string); None
    for anything else (operators, extensions, comparisons), which then stays with the Matcher."""
    checks: list[tuple[int, int, str, Any]] = []
    for offset, spec in enumerate(tokens):
        for key, value in spec.items():
            attr = IDS.get(key.upper()) if isinstance(key, str) else None
            if attr is None or key.upper() in ("OP", "_", "MORPH", "TEXT", "ORTH", "SENT_START", "IS_SENT_START"):
                return None
            if isinstance(value, bool):
                checks.append((offset, attr, "eq", int(value)))
            elif isinstance(value, str):
                checks.append((offset, attr, "eq", strings.add(value)))
            elif isinstance(value, dict) and len(value) == 1 and set(value) <= {"IN", "NOT_IN", "REGEX"}:
                operator, operand = next(iter(value.items()))
                if operator == "REGEX":
                    checks.append((offset, attr, "regex", re.compile(operand)))
                elif all(isinstance(v, str) for v in operand):
                    checks.append((offset, attr, operator.lower(), numpy.array([strings.add(v) for v in operand], dtype=numpy.uint64)))
                else:
                    return None
            else:
                return None
    return checks


class BulkAttributeRuler:
    """Same output as the wrapped :class:`AttributeRuler`, with its rules evaluated as arrays."""

    def __init__(self, ruler: AttributeRuler) -> None:
        self.ruler = ruler
        strings = ruler.vocab.strings
        self.residual = Matcher(ruler.vocab, validate=False)  # patterns the array checks do not cover
        self.tag_rules: dict[int, list[tuple[int, dict[int, int]]]] = {}  # tag hash -> (rule order, attrs)
        self.array_rules: list[tuple[int, int, list[tuple[int, int, str, Any]]]] = []  # (order, length, checks)
        # one-token rules of plain values: attribute ids -> their values -> rule orders (a dict lookup per token)
        self.lookups: dict[tuple[int, ...], dict[tuple[int, ...], list[int]]] = {}
        for order, pattern in enumerate(ruler.patterns):
            if _is_tag_rule(pattern):
                tag = strings.add(pattern["patterns"][0][0]["TAG"])
                self.tag_rules.setdefault(tag, []).append((order, ruler.attrs[order]))
                continue
            for tokens in pattern["patterns"]:
                checks = _array_checks(tokens, strings)
                if checks is None:
                    self.residual.add(str(order), [tokens])
                elif len(tokens) == 1 and all(operator in ("eq", "in") for _, _, operator, _ in checks):
                    self._add_lookup(order, checks)
                else:
                    self.array_rules.append((order, len(tokens), checks))
        self.columns = sorted({attr for _, _, checks in self.array_rules for _, attr, _, _ in checks}
                              | {attr for attrs in self.lookups for attr in attrs})
        # the last rule setting an attribute wins, as when the ruler applies its matches in order
        self.final_by_tag: dict[int, dict[int, int]] = {}
        for tag, rules in self.tag_rules.items():
            final: dict[int, int] = {}
            for _, attrs in rules:
                final.update(attrs)
            self.final_by_tag[tag] = final

    def _add_lookup(self, order: int, checks: list[tuple[int, int, str, Any]]) -> None:
        ordered = sorted(checks, key=lambda check: check[1])
        keys: list[tuple[int, ...]] = [()]
        for _, _, operator, value in ordered:
            options = [int(v) for v in value] if operator == "in" else [value]
            keys = [key + (option,) for key in keys for option in options]
        table = self.lookups.setdefault(tuple(attr for _, attr, _, _ in ordered), {})
        for key in keys:
            table.setdefault(key, []).append(order)

    def _matches(self, doc: Doc) -> list[tuple[int, int, int]]:
        """(rule order, start, end) of every exception rule that matches, as the Matcher finds them."""
        found: list[tuple[int, int, int]] = []
        length = len(doc)
        if not length:
            return found
        table = doc.to_array(self.columns).reshape(length, -1) if self.columns else None  # 2-D even for one column
        column = {attr: i for i, attr in enumerate(self.columns)}
        for attrs, table_of_values in self.lookups.items():
            rows = zip(*(table[:, column[attr]].tolist() for attr in attrs))
            for start, key in enumerate(rows):
                for order in table_of_values.get(key, ()):
                    found.append((order, start, start + 1))
        for order, size, checks in self.array_rules:
            if size > length:
                continue
            ok = numpy.ones(length - size + 1, dtype=bool)
            regexes = []
            for offset, attr, operator, value in checks:
                values = table[offset:length - size + 1 + offset, column[attr]]
                if operator == "eq":
                    ok &= values == value
                elif operator == "in":
                    ok &= numpy.isin(values, value)
                elif operator == "not_in":
                    ok &= ~numpy.isin(values, value)
                else:
                    regexes.append((offset, attr, value))
            starts = numpy.flatnonzero(ok).tolist()
            if not regexes:
                found.extend((order, start, start + size) for start in starts)
                continue
            for start in starts:
                if all(regex.search(doc.vocab.strings[int(table[start + offset, column[attr]])])
                       for offset, attr, regex in regexes):
                    found.append((order, start, start + size))
        if len(self.residual):
            for key, start, end in self.residual(doc, allow_missing=True, as_spans=False):
                found.append((int(doc.vocab.strings[key]), start, end))
        return found

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        tags = doc.to_array([TAG])
        values = doc.to_array(list(BULK_ATTRS))
        for tag in numpy.unique(tags):
            final = self.final_by_tag.get(int(tag))
            if final:
                rows = tags == tag
                for column, attr in enumerate(BULK_ATTRS):
                    if attr in final:
                        values[rows, column] = final[attr]
        doc.from_array(list(BULK_ATTRS), values)
        # tokens an exception matches: every rule touching them again, in the ruler's order
        touched: dict[int, list[tuple[int, dict[int, int]]]] = {}
        for order, start, end in self._matches(doc):
            index = self.ruler.indices[order]
            position = start + index if index >= 0 else end + index
            touched.setdefault(position, []).append((order, self.ruler.attrs[order]))
        for position, rules in touched.items():
            token = doc[position]
            for _, attrs in sorted(self.tag_rules.get(token.tag, []) + rules, key=lambda rule: rule[0]):
                set_token_attrs(token, attrs)
        return doc


@Language.factory("newsevents_attributes")
def make_bulk_attribute_ruler(nlp: Language, name: str) -> BulkAttributeRuler:
    """Wraps the pipeline's ``attribute_ruler``, which must be loaded already (it is then removed)."""
    return BulkAttributeRuler(nlp.get_pipe("attribute_ruler"))
