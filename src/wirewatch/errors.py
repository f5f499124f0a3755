"""Numbered, actionable errors shared by the library, the CLI and (later) HTTP.

Every problem the user can act on has a code ``WWnnn``. A problem is reported
as one line: ``WW003 path/to/file.txt: empty file (0 bytes); nothing to ingest``.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import Enum


class Code(str, Enum):
    """Error codes; the docstring of each explains what the user can do."""

    NOT_FOUND = "WW001"          # path does not exist: check the spelling
    UNREADABLE = "WW002"         # OS refused to read: check permissions
    EMPTY = "WW003"              # nothing in the file
    BINARY = "WW004"             # not text
    BAD_ENCODING = "WW005"       # undecodable bytes were replaced (warning)
    BAD_JSON = "WW006"           # a JSON Lines record is not valid JSON
    BAD_RECORD = "WW007"         # a record lacks text/html or has wrong types
    NO_TEXT = "WW008"            # HTML or document had no article text
    BAD_FEED = "WW009"           # feed could not be parsed or has no items
    UNSAFE_XML = "WW010"         # XML declares entities (expansion attack)
    BAD_DATE = "WW011"           # a date given by the user could not be read
    BAD_SIDECAR = "WW012"        # sidecar JSON unreadable
    DUPLICATE_ID = "WW013"       # two inputs of one batch share a document id
    STORE = "WW014"              # the store could not be opened or written
    EXPORT = "WW015"             # export failed (format or output folder)
    NO_INPUT = "WW016"           # nothing to ingest was found
    TOO_LARGE = "WW017"          # input over the configured size limit
    NOT_FOUND_IN_STORE = "WW018" # asked for an id the store does not hold
    MODEL = "WW019"              # the spaCy model is not installed
    BAD_STAGE = "WW020"          # unknown analysis stage name
    BAD_OPTION = "WW021"         # an option value the command cannot use
    ANALYSIS = "WW022"           # an analysis stage failed on one document
    STORE_URL = "WW023"          # a --db URL names a database kind the store does not support
    STORE_SERVER = "WW024"       # the PostgreSQL server cannot be reached or refused the connection
    BAD_WORKERS = "WW026"        # --workers / --engine value unusable
    DASK = "WW027"               # the Dask cluster cannot be used
    BAD_ALERTS = "WW029"         # the alert rules file is unreadable or invalid
    ALERT_DELIVERY = "WW030"     # an alert could not be appended to its file or POSTed
    WATCH = "WW031"              # a watched path is missing or cannot be scanned
    TOO_MANY_ENTRIES = "WW033"   # a document splits into more entries than the limit
    QUERY_TIMEOUT = "WW034"      # a read query ran longer than the limit
    TOO_LONG_TO_ANALYSE = "WW035"  # a document is over the analysis size limit (stored, not analysed; warning)


def one_line(report: str) -> str:
    """A report kept on one line and inert in a terminal: control and format characters (a newline
    or a right-to-left override in a file name) are written as escapes."""
    return "".join(ch if unicodedata.category(ch) not in ("Cc", "Cf", "Zl", "Zp") else ascii(ch)[1:-1] for ch in report)


@dataclass(frozen=True)
class Problem:
    """One problem with one input, reported as a single line."""

    code: Code
    where: str
    message: str
    fatal: bool = True

    def line(self) -> str:
        kind = "" if self.fatal else "warning: "
        return one_line(f"{self.code.value} {self.where}: {kind}{self.message}")


class WirewatchError(Exception):
    """An error the user can act on; ``str()`` is the one-line report."""

    def __init__(self, code: Code, message: str, where: str = "") -> None:
        self.code = code
        self.where = where
        self.message = message
        super().__init__(self.line())

    def line(self) -> str:
        where = f" {self.where}:" if self.where else ""
        return one_line(f"{self.code.value}{where} {self.message}")

    def problem(self) -> Problem:
        return Problem(self.code, self.where, self.message)
