"""Stage ``clean``: normalise text, remove scraping debris, find the dateline.

Consumes a :class:`~wirewatch.models.RawDocument`; produces :class:`~wirewatch.models.Cleaned`:
the document's paragraphs with debris removed (and kept, with the rule that
removed it, for audit), entry markers left in place for the segmenter.
"""

from __future__ import annotations

import re
from ..models import Cleaned, RawDocument, RemovedLine
from ..segment.dateline import find_dateline
from ..segment.markers import is_label, parse_marker
from ..timeparse import stamp_from_date
from .debris import credit_outlet, debris_reason
from .normalize import normalize_text, paragraphs

_DATELINE_WINDOW = 6
_MIN_REPEAT_CHARS = 40


def clean(raw: RawDocument) -> Cleaned:
    """Normalise ``raw.text`` and remove debris lines, repeats and the dateline."""
    removed = list(raw.removed)
    kept: list[str] = []
    credit: str | None = None
    for line in paragraphs(normalize_text(raw.text)):
        if parse_marker(line) or is_label(line):
            kept.append(line)
            continue
        reason = debris_reason(line)
        if reason:
            removed.append(RemovedLine(line, reason))
            credit = credit or credit_outlet(line)
            continue
        kept.append(line)
    published = raw.published
    agency = None
    for i, line in enumerate(kept[:_DATELINE_WINDOW]):
        dateline = find_dateline(line)
        if dateline:
            kept[i] = dateline.rest
            removed.append(RemovedLine(dateline.prefix, "dateline"))
            agency = dateline.agency
            if published.precision == "unknown" and dateline.day:
                published = stamp_from_date(dateline.day)
            break
    kept = _drop_repeats(kept, removed)
    source = raw.source or agency or raw.site_name or credit
    return Cleaned(raw=raw, lines=kept, removed=removed, published=published, source=source)


def _repeat_key(line: str) -> str:
    return re.sub(r"\W+", " ", line.casefold()).strip()


def _drop_repeats(lines: list[str], removed: list[RemovedLine]) -> list[str]:
    """Drop later copies of a paragraph already printed (the lead printed twice)."""
    seen: set[str] = set()
    out: list[str] = []
    for line in lines:
        key = _repeat_key(line)
        if len(key) >= _MIN_REPEAT_CHARS and key in seen:
            removed.append(RemovedLine(line, "repeated"))
            continue
        seen.add(key)
        out.append(line)
    return out
