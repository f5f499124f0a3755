"""An indexed matcher for spaCy's ``attribute_ruler``: the same matches, found by table lookup.

The English model's attribute ruler maps tags (and a few word forms and
dependencies) to POS, morphology and lemma exceptions with 179 fixed-length
patterns. spaCy's ``Matcher`` tries every pattern at every token and evaluates
``IN``/``NOT_IN``/``REGEX`` conditions in Python, which made it 13% of the whole
parse. Here each pattern is looked up in a hash table keyed by its first
token's exact (or ``IN``) attribute values, or, when that token has only a
regular expression, by the word forms the expression accepts; the remaining
conditions are checked on those few candidates. Patterns this does not cover
(other attributes, operators) stay in a ``Matcher``. The matches, their order
and therefore the annotations are the ruler's own (checked token by token in
``tests/test_attribute_index.py``).
"""

from __future__ import annotations

import re
from collections import defaultdict

import numpy
from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

#: Token attributes the tables read, by their pattern names, in ``Doc.to_array`` column order.
COLUMNS = ("TAG", "LOWER", "DEP", "IS_SPACE")
_IDS = {"TAG": TAG, "LOWER": LOWER, "DEP": DEP, "IS_SPACE": IS_SPACE}

#: One token's conditions: (column, kind, values) with kind ``in``, ``not_in`` or ``regex``.
Condition = tuple[int, str, object]


class IndexedRulerMatch:
    """A drop-in for ``AttributeRuler.match``: ``(attr_id, match_id, start, end)`` sorted as the ruler sorts them."""

    def __init__(self, ruler: AttributeRuler) -> None:
        self.ruler = ruler
        self.strings = ruler.vocab.strings
        self.residual = Matcher(ruler.vocab)
        #: first-token columns -> {their values -> [(attr_id, match_id, conditions per token)]}
        tables: dict[tuple[int, ...], dict[tuple, list]] = defaultdict(lambda: defaultdict(list))
        #: patterns whose first token has only a regular expression on LOWER
        self.by_regex: list[tuple[re.Pattern, int, int, list[list[Condition]]]] = []
        self._regex_hits: dict[tuple[str, int], bool] = {}
        for attr_id, entry in enumerate(ruler.patterns):
            key = str(attr_id)
            match_id = self.strings.add(key)
            for pattern in entry["patterns"]:
                tokens = [self._conditions(token) for token in pattern]
                if any(conditions is None for conditions in tokens):
                    self.residual.add(key, [pattern])
                    continue
                first = [(c, values) for c, kind, values in tokens[0] if kind == "in"]
                if first:
                    columns = tuple(c for c, _ in first)
                    # the lookup itself satisfies a one-token pattern of exact values: nothing left to check
                    rest = tokens if len(tokens) > 1 or len(first) < len(tokens[0]) else None
                    for combo in _product([sorted(values) for _, values in first]):
                        tables[columns][combo].append((attr_id, match_id, len(tokens), rest))
                elif len(tokens[0]) == 1 and tokens[0][0][1] == "regex" and tokens[0][0][0] == COLUMNS.index("LOWER"):
                    self.by_regex.append((tokens[0][0][2], attr_id, match_id, tokens))
                else:
                    self.residual.add(key, [pattern])
        #: (columns, values of the first column any entry has, table): the first values filter tokens in one array operation
        self.tables = [(columns, sorted({values[0] for values in table}), dict(table)) for columns, table in tables.items()]

    def _conditions(self, token: dict) -> list[Condition] | None:
        """A pattern token's conditions, or ``None`` when it uses anything the tables do not cover."""
        conditions: list[Condition] = []
        for name, value in token.items():
            if name not in _IDS:
                return None
            column = COLUMNS.index(name)
            if not isinstance(value, dict):
                conditions.append((column, "in", frozenset([self._id(name, value)])))
            elif set(value) == {"IN"}:
                conditions.append((column, "in", frozenset(self._id(name, v) for v in value["IN"])))
            elif set(value) == {"NOT_IN"}:
                conditions.append((column, "not_in", frozenset(self._id(name, v) for v in value["NOT_IN"])))
            elif set(value) == {"REGEX"} and name == "LOWER":
                conditions.append((column, "regex", re.compile(value["REGEX"])))
            else:
                return None
        return conditions

    def _id(self, name: str, value) -> int:
        """A pattern value as ``Doc.to_array`` gives the token's attribute (a symbol's id or a string's hash)."""
        if name == "IS_SPACE":
            return int(bool(value))
        return self.strings.add(value) if value else 0

    def __call__(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        if not doc.has_annotation("DEP") or not doc.has_annotation("TAG"):
            return AttributeRuler.match(self.ruler, doc)  # a partial pipeline: the ruler's own semantics
        rows = doc.to_array([_IDS[name] for name in COLUMNS])
        listed = rows.tolist()
        matches = []
        for columns, first, table in self.tables:
            for i in numpy.nonzero(numpy.isin(rows[:, columns[0]], first))[0].tolist():
                row = listed[i]
                for attr_id, match_id, length, rest in table.get(tuple(row[c] for c in columns), ()):
                    if rest is None or self._matches(listed, i, rest):
                        matches.append((attr_id, match_id, i, i + length))
        if self.by_regex:
            lowers = numpy.unique(rows[:, COLUMNS.index("LOWER")]).tolist()
            for regex, attr_id, match_id, tokens in self.by_regex:
                accepted = [h for h in lowers if self._regex(regex, h)]
                if accepted:
                    for i in numpy.nonzero(numpy.isin(rows[:, COLUMNS.index("LOWER")], accepted))[0].tolist():
                        if self._matches(listed, i, tokens):
                            matches.append((attr_id, match_id, i, i + len(tokens)))
        if len(self.residual):
            matches.extend((int(self.strings[m_id]), m_id, start, end) for m_id, start, end in self.residual(doc, allow_missing=True))
        matches.sort()
        return matches

    def _matches(self, listed: list[list[int]], start: int, tokens: list[list[Condition]]) -> bool:
        if start + len(tokens) > len(listed):
            return False
        for offset, conditions in enumerate(tokens):
            row = listed[start + offset]
            for column, kind, values in conditions:
                value = row[column]
                if kind == "in":
                    if value not in values:
                        return False
                elif kind == "not_in":
                    if value in values:
                        return False
                elif not self._regex(values, value):
                    return False
        return True

    def _regex(self, regex: re.Pattern, value: int) -> bool:
        """Whether a word form (by its hash) satisfies a pattern's regular expression (cached per form)."""
        key = (regex.pattern, value)
        hit = self._regex_hits.get(key)
        if hit is None:
            if len(self._regex_hits) > 200_000:
                self._regex_hits.clear()
            hit = self._regex_hits[key] = regex.search(self.strings[value] if value else "") is not None
        return hit


def _product(choices: list[list[int]]) -> list[tuple[int, ...]]:
    combos: list[tuple[int, ...]] = [()]
    for options in choices:
        combos = [combo + (option,) for combo in combos for option in options]
    return combos


def install(ruler: AttributeRuler) -> None:
    """Make ``ruler`` find its matches through the tables (annotations unchanged)."""
    ruler.match = IndexedRulerMatch(ruler)  # type: ignore[method-assign]
