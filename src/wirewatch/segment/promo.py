"""Flag promotional entries: the outlet advertising its events, newsletters or apps."""

from __future__ import annotations

import re

_CUES = [
    r"\bjoin (?:us|our)\b",
    r"\bsign up\b",
    r"\bsubscribe\b",
    r"\bnewsletter\b",
    r"\bregister (?:now|here|today|for free)\b",
    r"\bfree to attend\b",
    r"\b(?:free )?virtual event\b",
    r"\bwebinar\b",
    r"\bexpert panel\b",
    r"\bdownload (?:our|the) app\b",
    r"\bbook (?:your|now)\b",
    r"\btickets?\b",
    r"\bhosted (?:by|on) (?:zoom|our)\b",
    r"\bwill be hosted on\b",
    r"\bour (?:podcast|event|editors?)\b",
    r"\bsponsored\b",
]
_CUE_RE = [re.compile(cue, re.IGNORECASE) for cue in _CUES]


def promo_cues(text: str) -> list[str]:
    """The promotional cue patterns found in ``text``."""
    return [cue.pattern for cue in _CUE_RE if cue.search(text)]


def is_promotional(headline: str | None, text: str) -> bool:
    """Two or more distinct promotional cues make an entry an advertisement."""
    return len(promo_cues(f"{headline or ''}\n{text}")) >= 2
