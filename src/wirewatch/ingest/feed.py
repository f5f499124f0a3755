"""Reader for RSS and Atom feed files (feedparser): one document per item.

XML that declares entities is refused before parsing (billion-laughs and
external-entity attacks), using defusedxml.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import datetime

import feedparser
from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET

from ..errors import Code, Problem, WirewatchError
from ..models import RawDocument
from ..timeparse import UTC, stamp_from_datetime
from .html import fragment_text


def read_feed(data: bytes, stem: str, origin: str) -> Iterator[RawDocument | Problem]:
    """One document per feed item with text; a :class:`Problem` for empty items."""
    _refuse_entities(data, origin)
    try:
        parsed = feedparser.parse(data)
    except (UnicodeDecodeError, LookupError, ValueError) as exc:  # feedparser gives up on some undecodable input
        raise WirewatchError(Code.BAD_FEED, f"feed could not be parsed ({type(exc).__name__}: {str(exc)[:80]})", origin) from exc
    if not parsed.entries:
        reason = getattr(parsed, "bozo_exception", None)
        detail = f" ({reason})" if reason else ""
        raise WirewatchError(Code.BAD_FEED, f"not a feed with items{detail}", origin)
    site = parsed.feed.get("title") or None
    broken = getattr(parsed, "bozo_exception", None) if parsed.bozo else None
    for index, item in enumerate(parsed.entries):
        where = f"{origin}#{index + 1}"
        html = item.content[0].value if item.get("content") else item.get("summary", "")
        try:
            text = fragment_text(html)
        except ValueError as exc:  # markup lxml refuses (control characters, NUL)
            yield Problem(Code.BAD_FEED, where, f"feed item's markup could not be read ({str(exc)[:80]}); item skipped")
            continue
        if not text.strip():
            if broken is not None:
                yield Problem(Code.BAD_FEED, where, f"feed is malformed or truncated ({broken}); item skipped, earlier items kept")
            else:
                yield Problem(Code.NO_TEXT, where, "feed item has no text; item skipped")
            continue
        doc = RawDocument(
            id=str(item.get("id") or item.get("link") or f"{stem}-{index + 1}"),
            origin=where, format="feed", text=text, content_hash="",
            title=item.get("title") or None, url=item.get("link") or None, site_name=site,
        )
        struct = item.get("published_parsed") or item.get("updated_parsed")
        if struct:
            doc.published = stamp_from_datetime(datetime.fromtimestamp(calendar.timegm(struct), UTC))
        yield doc


def _refuse_entities(data: bytes, origin: str) -> None:
    try:
        SafeET.fromstring(data)
    except DefusedXmlException as exc:
        raise WirewatchError(Code.UNSAFE_XML, f"feed declares XML entities or external references ({type(exc).__name__}); refused", origin) from exc
    except (SafeET.ParseError, LookupError, ValueError):
        return  # malformed XML or an unknown declared encoding: feedparser's lenient parser decides
