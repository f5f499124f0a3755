"""What a story item is made of for clustering: weighted content words, canonical
entities, quotes and figures, and its time.

Consumes an entry (headline, text, published_at) and, when the analysis stages
ran, the entity ids, quotes and figures found in it; produces an :class:`Item`
whose ``terms`` is a sparse bag of features. Feature kinds share one vector
with prefixes, so one cosine weighs them all: plain words, ``e:`` canonical
entities, ``q:`` quotations (the same quote in two outlets is strong evidence)
and ``n:`` claimed figures.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from spacy.lang.en.stop_words import STOP_WORDS

_WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]")
_NEWS_STOP = {"said", "says", "told", "according", "reported", "reports", "report", "added", "year", "years",
              "week", "day", "days", "time", "news", "people", "monday", "tuesday", "wednesday", "thursday",
              "friday", "saturday", "sunday", "mr", "mrs", "ms", "new", "just", "like", "including", "also"}
STOP = frozenset(STOP_WORDS) | _NEWS_STOP

#: Weight of each feature kind relative to a body word.
WEIGHTS = {"headline": 2.0, "name": 3.0, "number": 1.0, "year": 3.0, "entity": 1.5, "quote": 4.0, "figure": 1.5}


@dataclass
class Item:
    """One entry to be clustered."""

    id: str
    document_id: str
    source: str | None
    published_at: datetime | None
    headline: str
    text: str
    terms: Counter = field(default_factory=Counter)
    shingles: set[str] = field(default_factory=set)


def words(text: str) -> list[str]:
    """Lower-cased content words, without diacritics, stop words or plural ``s``."""
    return [w for w, _ in _words(text)]


def _words(text: str) -> list[tuple[str, bool]]:
    """(word, is_name): content words, and whether each was written as a name (capitalised mid-sentence)."""
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).replace("’", "'")
    out = []
    for match in _WORD.finditer(plain):
        raw = match.group().removesuffix("'s").strip("'-")
        word = raw.lower()
        if len(word) < 3 or word in STOP:
            continue
        before = match.start() - 1  # the last character before the word that is not a space
        while before >= 0 and plain[before].isspace():
            before -= 1
        name = raw[:1].isupper() and before >= 0 and plain[before] not in ".!?\"“\n:"
        if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
            word = word[:-1]
        out.append((word, name))
    return out


_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*(?![\w])")


def numbers(text: str) -> list[str]:
    """Numbers as written (``6.1``, ``1,200``, ``2009``): events differ by their figures and years."""
    return ["#" + m.group().replace(",", "") for m in _NUMBER.finditer(text)]


def quote_key(text: str) -> str | None:
    """A quotation as a comparable key: its first eight content words (None when shorter than four)."""
    found = words(text)
    return "q:" + " ".join(found[:8]) if len(found) >= 4 else None


def make_item(entry: dict, source: str | None, entity_ids: list[str] = (), quotes: list[str] = (),
              figures: list[tuple[float | None, str | None]] = ()) -> Item:
    """Build the feature bag of one entry (``entry`` as stored: id, document_id, headline, text, published_at)."""
    headline, text = entry.get("headline") or "", entry.get("text") or ""
    terms: Counter = Counter()
    for word, name in _words(headline):
        terms[word] += WEIGHTS["headline"] * (WEIGHTS["name"] if name else 1.0)
    tagged = _words(text)
    body = [w for w, _ in tagged]
    for word, name in tagged:
        terms[word] += WEIGHTS["name"] if name else 1.0
    for number in numbers(headline + "\n" + text):
        year = len(number) == 5 and number[1:3] in ("19", "20")
        terms[number] += WEIGHTS["year"] if year else WEIGHTS["number"]
    for entity in entity_ids:
        terms["e:" + entity] += WEIGHTS["entity"]
    for quote in quotes:
        key = quote_key(quote)
        if key:
            terms[key] += WEIGHTS["quote"]
    for value, unit in figures:
        if value is not None:
            terms[f"n:{value:g} {unit or ''}".strip()] += WEIGHTS["figure"]
    shingles = {" ".join(body[i:i + 3]) for i in range(max(0, len(body) - 2))}
    return Item(entry["id"], entry["document_id"], source, parse_time(entry.get("published_at")), headline, text, terms, shingles)


_MIDDAY = timedelta(hours=12)


def parse_time(value: str | None) -> datetime | None:
    """A stored stamp as a naive UTC datetime; None if absent or unreadable.

    A date alone (an item known to the day only) stands for its midday, the instant
    nearest on average to any hour of it: a lead dated to the day is then hours, not
    most of a day, from the timed updates of that day it sums up."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if len(value) <= 10:
        moment += _MIDDAY
    return moment.replace(tzinfo=None)
