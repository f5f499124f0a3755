"""Clock times, time zones, dates and relative ages as news pages write them.

Pure functions, no state. Used by the readers (record dates, header lines,
datelines) and by the live-blog segmenter (entry markers).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo

import dateparser

from .models import Stamp

UTC = timezone.utc

# Abbreviations with one fixed offset (hours), and names that need a date (DST).
_FIXED_ZONES: dict[str, float] = {
    "GMT": 0, "UTC": 0, "Z": 0, "WET": 0, "BST": 1, "WEST": 1, "CET": 1, "CEST": 2,
    "EET": 2, "EEST": 3, "MSK": 3, "TRT": 3, "GST": 4, "PKT": 5, "IST": 5.5,
    "SGT": 8, "HKT": 8, "JST": 9, "KST": 9, "AEST": 10, "AEDT": 11, "NZST": 12,
    "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
    "SAST": 2, "EAT": 3, "WAT": 1, "CAT": 2,
}
_NAMED_ZONES: dict[str, str] = {
    "ET": "America/New_York", "CT": "America/Chicago", "PT": "America/Los_Angeles",
    "UK TIME": "Europe/London", "LONDON TIME": "Europe/London", "KYIV TIME": "Europe/Kyiv",
    "MOSCOW TIME": "Europe/Moscow", "PARIS TIME": "Europe/Paris", "BERLIN TIME": "Europe/Berlin",
}
_ZONE_NAMES = sorted(list(_FIXED_ZONES) + list(_NAMED_ZONES), key=len, reverse=True)
ZONE_RE = re.compile(
    r"(?<![A-Za-z])(?P<zone>" + "|".join(re.escape(z) for z in _ZONE_NAMES if z != "Z") + r")"
    r"(?:\s*(?P<sign>[+-])\s*(?P<oh>\d{1,2})(?::?(?P<om>\d{2}))?)?(?![A-Za-z])",
    re.IGNORECASE,
)

CLOCK_RE = re.compile(
    r"(?<![\d.:,])(?P<h>[01]?\d|2[0-3])"
    r"(?:(?P<sep>[:.h])(?P<m>[0-5]\d)(?::[0-5]\d)?)?"
    r"\s*(?P<ampm>[ap]\.?\s?m\.?)?(?![\d]|[.,:]\d)",
    re.IGNORECASE,
)

_MONTHS = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_WEEKDAY = r"(?:(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)(?:day|nesday|sday|urday)?\.?,?\s+)"
DATE_RE = re.compile(
    r"(?P<date>"
    rf"{_WEEKDAY}?\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS},?\s+\d{{4}}"
    rf"|{_WEEKDAY}?{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2}"
    r")",
    re.IGNORECASE,
)

RELATIVE_RE = re.compile(
    r"(?P<n>\d+|an?|one)\s*(?P<unit>seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|wks?|w|months?|mos?|years?|yrs?|y)\s+ago\b",
    re.IGNORECASE,
)
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800, "mo": 2592000, "y": 31536000}


def parse_clock(text: str) -> tuple[int, int] | None:
    """The first clock time in ``text`` as (hour, minute) on a 24-hour clock.

    Accepts ``14:48``, ``14.48``, ``2.48pm``, ``2:48 p.m.``, ``2pm``; a bare
    number without minutes or am/pm is not a clock time.
    """
    for match in CLOCK_RE.finditer(text):
        hour = int(match["h"])
        minute = int(match["m"]) if match["m"] else None
        ampm = (match["ampm"] or "").lower().replace(".", "").replace(" ", "")
        if minute is None and not ampm:
            continue
        if ampm:
            if hour < 1 or hour > 12:
                continue
            hour = hour % 12 + (12 if ampm == "pm" else 0)
        return hour, minute or 0
    return None


def find_zone(text: str) -> str | None:
    """The time-zone designation written in ``text`` (``GMT``, ``BST``, ``GMT+1``), normalised."""
    match = ZONE_RE.search(text)
    if not match:
        return None
    zone = match["zone"].upper()
    if match["sign"]:
        zone += f"{match['sign']}{int(match['oh']):02d}:{match['om'] or '00'}"
    return zone


@lru_cache(maxsize=256)
def zone_info(zone: str | None, on: date | None = None) -> tzinfo | None:
    """A tzinfo for a normalised zone name or an IANA name; ``None`` if unknown.

    Names whose offset depends on daylight saving (``ET``) need ``on``.
    """
    if not zone:
        return None
    upper = zone.upper()
    offset_match = re.fullmatch(r"([A-Z]+)([+-])(\d{2}):(\d{2})", upper)
    if offset_match:
        base = _FIXED_ZONES.get(offset_match[1], 0)
        sign = 1 if offset_match[2] == "+" else -1
        extra = sign * (int(offset_match[3]) + int(offset_match[4]) / 60)
        return timezone(timedelta(hours=base + extra))
    if upper in _FIXED_ZONES:
        return timezone(timedelta(hours=_FIXED_ZONES[upper]))
    name = _NAMED_ZONES.get(upper, zone)
    try:
        info = ZoneInfo(name)
    except (KeyError, ValueError, OSError):
        return None
    return info


def combine(day: date, clock: tuple[int, int], zone: str | None) -> datetime:
    """A UTC datetime from a local date, clock time and zone (UTC when unknown)."""
    info = zone_info(zone) or UTC
    local = datetime(day.year, day.month, day.day, clock[0], clock[1], tzinfo=info)
    return local.astimezone(UTC)


def utc_clock(clock: tuple[int, int], zone: str | None) -> str:
    """``HH:MM`` in UTC when the zone has a fixed offset, else as written."""
    info = zone_info(zone)
    if info is None or isinstance(info, ZoneInfo):
        return f"{clock[0]:02d}:{clock[1]:02d}"
    shifted = combine(date(2000, 1, 3), clock, zone)
    return shifted.strftime("%H:%M")


def parse_relative(text: str) -> timedelta | None:
    """``21 mins ago`` → 21 minutes; ``None`` when ``text`` has no relative age."""
    match = RELATIVE_RE.search(text)
    if not match:
        return None
    n = match["n"].lower()
    count = 1 if n in ("a", "an", "one") else int(n)
    unit = match["unit"].lower()
    key = "mo" if unit.startswith("mo") else unit[0]
    return timedelta(seconds=count * _UNIT_SECONDS[key])


def parse_date(text: str) -> date | None:
    """A calendar date with day, month and year written in ``text``, else ``None``."""
    text = text.strip()
    iso = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    if iso:
        try:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        except ValueError:
            return None
    parsed = dateparser.parse(
        text,
        languages=["en"],
        settings={"REQUIRE_PARTS": ["day", "month", "year"], "RETURN_AS_TIMEZONE_AWARE": False},
    )
    return parsed.date() if parsed else None


def stamp_from_datetime(moment: datetime) -> Stamp:
    """A minute-precision stamp from an aware datetime."""
    utc = moment.astimezone(UTC)
    return Stamp(utc.strftime("%Y-%m-%dT%H:%M:00Z"), "minute", utc.strftime("%H:%M"))


def stamp_from_date(day: date) -> Stamp:
    return Stamp(day.isoformat(), "day", None)


def parse_timestamp(value: str | None, default_zone: str | None = None) -> Stamp:
    """A stamp from a record's or a feed's date string (ISO 8601 or free text).

    ``2022-02-11`` → day precision; a value with a clock time → minute
    precision in UTC (naive values are read in ``default_zone``, else UTC).
    Unreadable values give an unknown stamp, never today's date.
    """
    if not value or not str(value).strip():
        return Stamp.unknown()
    text = str(value).strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        day = parse_date(text)
        return stamp_from_date(day) if day else Stamp.unknown()
    if re.fullmatch(r"\d{4}-\d{2}", text):
        return Stamp(text, "month", None)
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        if not re.search(r"\d{4}", text):
            return Stamp.unknown()  # "today", "2 hours ago": relative to a clock we do not have
        moment = dateparser.parse(text, settings={
            "RETURN_AS_TIMEZONE_AWARE": True,
            "TIMEZONE": default_zone or "UTC",
            "REQUIRE_PARTS": ["day", "month", "year"],
        })
        if moment is None:
            return Stamp.unknown()
        if not parse_clock(text):
            return stamp_from_date(moment.date())
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone_info(default_zone) or UTC)
    return stamp_from_datetime(moment)
