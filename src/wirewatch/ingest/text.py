"""Reader for plain text scraped pages.

An optional first line `` date YYYY-MM-DD`` gives the publication date; text
may follow it on the same line (``date 2022-02-16 49m ago``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..models import RawDocument, RemovedLine
from ..timeparse import parse_date, stamp_from_date

_HEADER = re.compile(r"^\s*date\s+(?P<date>\d{4}-\d{2}-\d{2})\b[ \t]*(?P<rest>.*)$")


def read_text(text: str, doc_id: str, origin: str) -> Iterator[RawDocument]:
    """One document from a text file, its header line turned into a date."""
    first, sep, rest = text.partition("\n")
    doc = RawDocument(id=doc_id, origin=origin, format="text", text=text, content_hash="")
    match = _HEADER.match(first)
    if match:
        day = parse_date(match["date"])
        if day:
            doc.published = stamp_from_date(day)
            header = first[: match.start("rest")].strip()
            doc.removed.append(RemovedLine(header, "header"))
            doc.text = (match["rest"] + sep + rest) if match["rest"] else rest
    yield doc
