"""Resolve entry markers to absolute UTC stamps.

Rules, in order, for each marker:

1. a date and a clock on the marker → that moment, in the marker's zone;
2. a clock only → the document's date, stepping back (or forward) a day where
   the clock times of a reverse-chronological (or chronological) blog wrap
   past midnight; with no document date → ``time_of_day`` only;
3. a relative age only (``49m ago``) → reference time minus the age, only when
   the scrape time is known;
4. otherwise → the document's date at day precision (or unknown).

A marker without a zone takes the zone most markers of the document name,
then the document's configured zone, then UTC.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta

from ..models import Stamp
from ..timeparse import UTC, combine, parse_timestamp, stamp_from_date, stamp_from_datetime, utc_clock
from .markers import Marker

_WRAP_MINUTES = 120


def entry_stamps(markers: list[Marker], published: Stamp, scraped_at: str | None = None, zone: str | None = None) -> list[Stamp]:
    """One stamp per marker, in the same order."""
    zones = Counter(m.zone for m in markers if m.zone)
    doc_zone = zones.most_common(1)[0][0] if zones else zone
    base_day = _day_of(published)
    reference = _moment(scraped_at)
    offsets = day_offsets([m.clock if m.day is None else None for m in markers])
    stamps = []
    for marker, offset in zip(markers, offsets):
        marker_zone = marker.zone or doc_zone
        if marker.clock and marker.day:
            stamps.append(stamp_from_datetime(combine(marker.day, marker.clock, marker_zone)))
        elif marker.clock and base_day:
            stamps.append(stamp_from_datetime(combine(base_day + timedelta(days=offset), marker.clock, marker_zone)))
        elif marker.clock:
            stamps.append(Stamp(None, "unknown", utc_clock(marker.clock, marker_zone)))
        elif marker.age is not None and reference is not None:
            moment = reference - marker.age
            stamps.append(stamp_from_datetime(moment) if marker.age < timedelta(days=1) else stamp_from_date(moment.date()))
        elif marker.day:
            stamps.append(stamp_from_date(marker.day))
        else:
            stamps.append(stamp_from_date(base_day) if base_day else Stamp.unknown())
    return stamps


def day_offsets(clocks: list[tuple[int, int] | None]) -> list[int]:
    """Day shifts where a blog's clock times wrap past midnight.

    The blog's direction is the majority direction of consecutive clock
    times; a step against it by more than two hours is a new day.
    """
    seq = [(i, h * 60 + m) for i, c in enumerate(clocks) if c for h, m in [c]]
    steps = [b - a for (_, a), (_, b) in zip(seq, seq[1:])]
    reverse = sum(s < 0 for s in steps) >= sum(s > 0 for s in steps)
    offsets = [0] * len(clocks)
    day, previous = 0, None
    for i, minutes in seq:
        if previous is not None:
            if reverse and minutes - previous > _WRAP_MINUTES:
                day -= 1
            elif not reverse and previous - minutes > _WRAP_MINUTES:
                day += 1
        offsets[i] = day
        previous = minutes
    return offsets


def _day_of(stamp: Stamp) -> date | None:
    if stamp.precision in ("day", "minute") and stamp.iso:
        return date.fromisoformat(stamp.iso[:10])
    return None


def _moment(value: str | None) -> datetime | None:
    stamp = parse_timestamp(value)
    if stamp.precision != "minute" or not stamp.iso:
        return None
    return datetime.fromisoformat(stamp.iso.replace("Z", "+00:00")).astimezone(UTC)
