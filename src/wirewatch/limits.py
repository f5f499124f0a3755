"""Resource limits: input file size, entries per document, characters analysed per document,
page size and query time.

Each limit has a default and an environment variable that changes it (read when
it is used, so a server or a test can set it). Hitting one gives a numbered
one-line error saying which limit and how to raise it; see docs/limits.md.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from .errors import Code, WirewatchError


@dataclass(frozen=True)
class Limit:
    """One configurable cap: its environment variable, default and meaning."""

    env: str
    default: float
    unit: str
    integer: bool = True

    def value(self) -> float:
        """The configured value (the environment variable, else the default)."""
        given = os.environ.get(self.env, "").strip()
        if not given:
            return self.default
        try:
            number = int(given) if self.integer else float(given)
        except ValueError:
            number = -1
        if number <= 0:
            raise WirewatchError(Code.BAD_OPTION, f"{self.env}={given!r} is not a positive {'whole ' if self.integer else ''}number of {self.unit}; "
                                 f"unset it to use the default ({self.default:g})")
        return number


FILE_BYTES = Limit("WIREWATCH_MAX_FILE_BYTES", 100 * 1024 * 1024, "bytes")
ENTRIES = Limit("WIREWATCH_MAX_ENTRIES", 5000, "entries per document")
ANALYSIS_CHARS = Limit("WIREWATCH_MAX_ANALYSIS_CHARS", 2_000_000, "characters analysed per document")
PAGE = Limit("WIREWATCH_MAX_PAGE", 200, "rows per page")
QUERY_SECONDS = Limit("WIREWATCH_QUERY_SECONDS", 30.0, "seconds", integer=False)

ALL = {"file size": FILE_BYTES, "entries per document": ENTRIES, "analysed characters per document": ANALYSIS_CHARS,
       "page size": PAGE, "query time": QUERY_SECONDS}


def max_file_bytes() -> int:
    return int(FILE_BYTES.value())


def max_entries() -> int:
    return int(ENTRIES.value())


def max_analysis_chars() -> int:
    return int(ANALYSIS_CHARS.value())


def max_page() -> int:
    return int(PAGE.value())


def query_seconds() -> float:
    return float(QUERY_SECONDS.value())


def check_entries(document_id: str, count: int, where: str) -> None:
    """Refuse a document split into more entries than the cap (nothing of it is stored)."""
    cap = max_entries()
    if count > cap:
        raise WirewatchError(Code.TOO_MANY_ENTRIES, f"document {document_id!r} splits into {count} entries, over the limit of {cap}; "
                             f"nothing of it was stored; split the file or raise {ENTRIES.env}", where)
