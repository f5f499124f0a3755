"""Wire-story datelines: ``Brussels/Moscow, 17 February 2022 (dpa/MIA) — text``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ..timeparse import DATE_RE, parse_date

_DATELINE = re.compile(
    r"^(?P<place>[A-Z][\w.'’/ -]{1,60}?)"
    r"(?:,\s*(?P<date>" + DATE_RE.pattern.replace("(?P<date>", "(?:") + r"))?"
    r"\s*\((?P<agency>[A-Za-z][\w ./&-]{1,40})\)\s*[—–-]{1,2}\s*(?P<rest>\S.*)$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Dateline:
    place: str
    day: date | None
    agency: str
    prefix: str
    rest: str


def find_dateline(line: str) -> Dateline | None:
    """The dateline opening ``line``, with the text that follows it."""
    match = _DATELINE.match(line)
    if not match or len(match["place"].split()) > 5:
        return None
    day = parse_date(match["date"]) if match["date"] else None
    prefix = line[: match.start("rest")].rstrip()
    return Dateline(match["place"].strip(), day, match["agency"].strip(), prefix, match["rest"])
