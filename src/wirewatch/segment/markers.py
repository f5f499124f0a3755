"""Recognise live-blog entry markers: the line that stamps one update.

Shapes handled (by their form, never by outlet):

- relative age plus clock time: ``21 mins ago (14:48 GMT)``
- author fused with date and time: ``Tom Batchelor11 February 2022 14:35``
- bare clock, with or without zone: ``14:48 GMT``, ``2.48pm``, ``1:15pm BST``
- labelled: ``Updated 14.48 GMT``, ``Posted at 09:10``
- date and time: ``Fri 11 Feb 2022 14.48 GMT``, ``February 11, 2022 at 2:48 p.m. ET``
- relative age alone: ``49m ago`` (a time only when a reference time is known)

``Key event`` style labels are recognised separately by :func:`is_label`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from ..timeparse import CLOCK_RE, DATE_RE, RELATIVE_RE, ZONE_RE, find_zone, parse_clock, parse_date, parse_relative

_MAX_MARKER_CHARS = 80
_PREFIX_LABELS = re.compile(
    r"^(?:(?:last\s+)?updated|posted|published|breaking|key event|pinned|new)\s*(?:at|on)?\s*[:|·•-]?\s*",
    re.IGNORECASE,
)
_LABEL_LINE = re.compile(r"^(?:key events?|pinned(?: post)?|breaking(?: news)?|important|highlight|summary)$", re.IGNORECASE)
_AUTHOR = re.compile(r"^(?:by\s+)?(?:[A-Z][\w'’.-]*\s?){1,4}$")
_SEPARATORS = re.compile(r"^[\s,;|·•()\[\]–—-]*(?:(?:at|on)\s*)?[\s,;|·•()\[\]–—-]*$", re.IGNORECASE)


@dataclass(frozen=True)
class Marker:
    """What one marker line says about its entry's time."""

    line: str
    clock: tuple[int, int] | None
    zone: str | None
    day: date | None
    age: timedelta | None
    author: str | None


def is_label(line: str) -> bool:
    """A label line such as ``Key event`` that flags the next or previous entry."""
    return bool(_LABEL_LINE.match(line.strip()))


def parse_marker(line: str) -> Marker | None:
    """The marker in ``line`` when the whole line is a timestamp (plus author or label)."""
    text = line.strip()
    if not text or len(text) > _MAX_MARKER_CHARS:
        return None
    body = _PREFIX_LABELS.sub("", text)
    spans: list[tuple[int, int]] = []
    for regex in (DATE_RE, RELATIVE_RE, ZONE_RE):
        for match in regex.finditer(body):
            spans.append(match.span())
    clock_match = _first_clock(body, spans)
    if clock_match:
        spans.append(clock_match)
    if not spans or not (clock_match or RELATIVE_RE.search(body)):
        return None
    spans.sort()
    start, end = spans[0][0], max(s[1] for s in spans)
    if not _only_separators(body, spans, start, end):
        return None
    author = body[:start].strip() or None
    if author and not _AUTHOR.match(author):
        return None
    if body[end:].strip(" )]").strip():
        return None
    date_match = DATE_RE.search(body)
    return Marker(
        line=text,
        clock=parse_clock(body[clock_match[0]:clock_match[1]]) if clock_match else None,
        zone=find_zone(body),
        day=parse_date(date_match["date"]) if date_match else None,
        age=parse_relative(body),
        author=author.removeprefix("By ").strip() if author else None,
    )


def _first_clock(body: str, taken: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Span of the first clock time not inside a date or relative-age span."""
    for match in CLOCK_RE.finditer(body):
        if any(a <= match.start() < b for a, b in taken):
            continue
        if parse_clock(match.group(0)):
            return match.span()
    return None


def _only_separators(body: str, spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Between the first and last time expression there is only punctuation or at/on."""
    covered = [False] * (end - start)
    for a, b in spans:
        for i in range(max(a, start), min(b, end)):
            covered[i - start] = True
    gaps = "".join(" " if c else body[start + i] for i, c in enumerate(covered))
    return all(_SEPARATORS.match(piece) for piece in re.split(r" {1,}", gaps) if piece)
