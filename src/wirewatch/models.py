"""Plain data passed between pipeline stages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Precision = Literal["minute", "day", "month", "unknown"]


@dataclass
class Stamp:
    """A point in time as far as the text establishes it.

    ``iso`` is UTC ISO 8601 at ``precision``: ``2022-02-11T14:48:00Z`` (minute),
    ``2022-02-11`` (day), ``2022-02`` (month), or ``None`` (unknown).
    ``time_of_day`` keeps a clock time ("HH:MM", UTC when the zone is known)
    even when the date is unknown.
    """

    iso: str | None = None
    precision: Precision = "unknown"
    time_of_day: str | None = None

    @classmethod
    def unknown(cls) -> "Stamp":
        return cls()


@dataclass
class RawDocument:
    """What a reader produced from one input, before cleaning.

    ``hints`` carry metadata found by the reader (title, date, source, url);
    ``overrides`` carry what the user said (sidecar, --source, --date).
    """

    id: str
    origin: str
    format: str
    text: str
    content_hash: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: Stamp = field(default_factory=Stamp)
    scraped_at: str | None = None
    timezone: str | None = None
    site_name: str | None = None
    encoding: str = "utf-8"
    removed: list["RemovedLine"] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class RemovedLine:
    """A line the cleaner took out, with the rule that removed it."""

    text: str
    reason: str


@dataclass
class Cleaned:
    """Paragraphs of one document after cleaning, with what was learnt on the way."""

    raw: RawDocument
    lines: list[str]
    removed: list[RemovedLine] = field(default_factory=list)
    published: Stamp = field(default_factory=Stamp)
    source: str | None = None


@dataclass
class Entry:
    """One news item: a live-blog update, a live blog's lead, or a whole article."""

    index: int
    headline: str | None
    text: str
    stamp: Stamp
    is_lead: bool = False
    is_promo: bool = False
    is_key: bool = False
    marker: str | None = None
    start: int = 0
    end: int = 0


@dataclass
class Document:
    """A cleaned, segmented document ready for the store."""

    id: str
    origin: str
    format: str
    content_hash: str
    source: str | None
    title: str | None
    url: str | None
    published: Stamp
    kind: Literal["liveblog", "article"]
    text: str
    removed: list[RemovedLine]
    entries: list[Entry]
    encoding: str = "utf-8"
    scraped_at: str | None = None

    def entry_id(self, index: int) -> str:
        return f"{self.id}#{index}"
