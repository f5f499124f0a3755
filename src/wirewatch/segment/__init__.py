"""Stage ``segment``: split a cleaned document into dated items.

Consumes :class:`~wirewatch.models.Cleaned`; produces a
:class:`~wirewatch.models.Document` whose entries are the live blog's lead and
updates (each stamped by its marker), or the article as one item.

Markers either precede their update (``21 mins ago (14:48 GMT)`` then headline
and body) or follow it (body then ``Author11 February 2022 14:35``); which one
a document uses is read from its shape: when nothing but labels follows the
last marker, markers close their updates.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import Code, WirewatchError
from ..models import Cleaned, Document, Entry, RemovedLine, Stamp
from .markers import Marker, is_label, parse_marker
from .promo import is_promotional
from .shape import is_headline, same_text
from .times import entry_stamps

MIN_MARKERS = 2
_INTRO_MAX_WORDS = 8


@dataclass
class _Block:
    """One entry's lines before it becomes an :class:`Entry`."""

    lines: list[str]
    marker: Marker | None = None
    is_lead: bool = False
    is_key: bool = False
    headline: str | None = None
    stamp: Stamp = field(default_factory=Stamp)


def segment(cleaned: Cleaned) -> Document:
    """Split ``cleaned`` into entries with stamps; raise if no text is left."""
    raw = cleaned.raw
    removed = list(cleaned.removed)
    lines = list(cleaned.lines)
    published = cleaned.published
    is_liveblog = sum(1 for line in lines if parse_marker(line)) >= MIN_MARKERS
    if not is_liveblog:
        lines = _drop_markers(lines, removed)
    title, lines = _title(raw.title, lines)
    units = _attach_labels(lines, removed)
    if is_liveblog:
        blocks = _liveblog_blocks(units, removed)
        stamped = [b for b in blocks if b.marker]
        for block, stamp in zip(stamped, entry_stamps([b.marker for b in stamped], published, raw.scraped_at, raw.timezone)):
            block.stamp = stamp
        if published.precision == "unknown":
            published = _earliest(b.stamp for b in stamped)
    else:
        blocks = [_Block([u[0] for u in units])]
    for block in blocks:
        if block.is_lead or not is_liveblog:
            block.headline = title
            block.stamp = published if not is_liveblog else _day_only(published)
    entries = _entries(blocks)
    if not entries:
        raise WirewatchError(Code.NO_TEXT, "no article text left after removing page furniture", raw.origin)
    text = _place(entries)
    kind = "liveblog" if is_liveblog else "article"
    return Document(
        id=raw.id, origin=raw.origin, format=raw.format, content_hash=raw.content_hash,
        source=cleaned.source, title=title, url=raw.url, published=published, kind=kind,
        text=text, removed=removed, entries=entries, encoding=raw.encoding, scraped_at=raw.scraped_at,
    )


def _attach_labels(lines: list[str], removed: list[RemovedLine]) -> list[tuple[str, Marker | None, bool]]:
    """(line, marker, is_key) units; ``Key event`` labels flag the nearest marker."""
    parsed = [(line, parse_marker(line), is_label(line)) for line in lines]
    units: list[tuple[str, Marker | None, bool]] = []
    pending_key = False
    for i, (line, marker, label) in enumerate(parsed):
        if label:
            removed.append(RemovedLine(line, "label"))
            nxt = parsed[i + 1][1] if i + 1 < len(parsed) else None
            if nxt is not None:
                pending_key = True
            elif units and units[-1][1] is not None:
                units[-1] = (units[-1][0], units[-1][1], True)
            continue
        units.append((line, marker, pending_key and marker is not None))
        if marker is not None:
            pending_key = False
    return units


def _liveblog_blocks(units: list[tuple[str, Marker | None, bool]], removed: list[RemovedLine]) -> list[_Block]:
    marker_at = [i for i, (_, m, _) in enumerate(units) if m]
    for i in marker_at:
        removed.append(RemovedLine(units[i][0], "entry-marker"))
    trailing = marker_at[-1] == len(units) - 1
    blocks: list[_Block] = []
    if trailing:
        start = 0
        for i in marker_at:
            blocks.append(_Block([u[0] for u in units[start:i]], units[i][1], is_key=units[i][2]))
            start = i + 1
        first = blocks[0]
        split = next((j for j, line in enumerate(first.lines) if is_headline(line)), None)
        if split:
            blocks.insert(0, _Block(first.lines[:split], is_lead=True))
            first.lines = first.lines[split:]
    else:
        lead = [u[0] for u in units[: marker_at[0]]]
        if lead and lead[-1].endswith(":") and len(lead[-1].split()) <= _INTRO_MAX_WORDS:
            removed.append(RemovedLine(lead.pop(), "liveblog-intro"))
        blocks.append(_Block(lead, is_lead=True))
        bounds = marker_at + [len(units)]
        for i, j in zip(bounds, bounds[1:]):
            blocks.append(_Block([u[0] for u in units[i + 1 : j]], units[i][1], is_key=units[i][2]))
    for block in blocks:
        if not block.is_lead and len(block.lines) > 1 and is_headline(block.lines[0]):
            block.headline = block.lines.pop(0)
    return blocks


def _drop_markers(lines: list[str], removed: list[RemovedLine]) -> list[str]:
    """An article's stray timestamp lines (a lone ``49m ago``) go to the audit list."""
    kept = []
    for line in lines:
        if parse_marker(line):
            removed.append(RemovedLine(line, "timestamp"))
        else:
            kept.append(line)
    return kept


def _title(given: str | None, lines: list[str]) -> tuple[str | None, list[str]]:
    """The reader's title, else a headline-shaped first line; the title line leaves the body."""
    if lines and given and same_text(lines[0], given):
        return given, lines[1:]
    if not given and len(lines) > 1 and is_headline(lines[0]) and not parse_marker(lines[0]) and not is_label(lines[0]):
        return lines[0], lines[1:]
    return given, lines


def _earliest(stamps) -> Stamp:
    dated = [s for s in stamps if s.iso]
    return min(dated, key=lambda s: s.iso) if dated else Stamp.unknown()


def _day_only(stamp: Stamp) -> Stamp:
    """A live blog's lead is dated to the day of the blog, not to a minute."""
    if stamp.precision == "minute" and stamp.iso:
        return Stamp(stamp.iso[:10], "day", None)
    return stamp


def _entries(blocks: list[_Block]) -> list[Entry]:
    entries: list[Entry] = []
    for block in blocks:
        if not block.lines and (block.is_lead or not block.headline):
            continue
        text = "\n\n".join(block.lines)
        headline = block.headline
        entries.append(Entry(
            index=len(entries), headline=headline, text=text, stamp=block.stamp,
            is_lead=block.is_lead, is_promo=not block.is_lead and is_promotional(headline, text),
            is_key=block.is_key, marker=block.marker.line if block.marker else None,
        ))
    return entries


def _place(entries: list[Entry]) -> str:
    """The document text: each entry's headline and text; sets each entry's span in it."""
    parts: list[str] = []
    offset = 0
    for entry in entries:
        block = "\n\n".join(p for p in (entry.headline, entry.text) if p)
        entry.start, entry.end = offset, offset + len(block)
        parts.append(block)
        offset += len(block) + 2
    return "\n\n".join(parts)
