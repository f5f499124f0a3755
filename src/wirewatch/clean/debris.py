"""General rules that recognise scraping debris, one predicate per kind.

Each rule gets one normalised line and says whether it is debris. Rules are
about the *shape* of web furniture (menus, related links, share prompts,
relative ages, bylines fused with timestamps), never about a given outlet.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..timeparse import RELATIVE_RE

_RELATED = re.compile(
    r"^(?:read|read more|read also|also read|more|related|see also|watch|listen|more on this|recommended|explainer)\s*[|:>»›]\s*\S",
    re.IGNORECASE,
)
_UI_PHRASES = re.compile(
    r"^(?:back to top(?: button)?|read (?:the )?(?:entire|full|whole) (?:article|story)|read more|"
    r"skip to (?:main )?content|share(?: this)?(?: article| story| page)?|share on \w+|tweet|copy link|"
    r"link copied|print|email|comments?|show comments|view comments|advertisement|advert|sponsored|"
    r"scroll to continue(?: with content)?|continue reading|click here.*|follow us(?: on \w+)?|"
    r"show key events only|please turn on javascript.*|accept(?: all)? cookies|cookie settings|"
    r"most (?:read|popular)|top stories|trending|menu|search|home|log ?in|sign in|subscribe|"
    r"image caption|photo|getty images|listen to this article|\d+ min(?:ute)? read)[.!]?$",
    re.IGNORECASE,
)
_RELATIVE_ONLY = re.compile(
    r"^(?:(?:updated|posted|published)\s*:?\s*)?" + RELATIVE_RE.pattern + r"(?:\s*[|·•-]?\s*\d{1,6})?$",
    re.IGNORECASE,
)
_CREDIT = re.compile(r"^(?P<outlet>[A-Z][\w.’'&-]*(?: [A-Z][\w.’'&-]*){0,4}) and (?:news )?agencies\.?$")
_FUSED = re.compile(r"[a-z][A-Z]|[A-Za-z]_[A-Za-z0-9]|\d_[A-Za-z]|[a-z]\.[a-z]{2,}[A-Z]")


def is_related_link(line: str) -> bool:
    """``READ | TikTok is full of ...``, ``More: ...``."""
    return bool(_RELATED.match(line))


def is_ui_phrase(line: str) -> bool:
    """Page furniture: ``Back to top button``, ``Read Entire Article``, share prompts."""
    return len(line) <= 60 and bool(_UI_PHRASES.match(line))


def is_relative_age(line: str) -> bool:
    """A line that is only a relative age, maybe with a comment counter: ``1 month ago 32``."""
    return len(line) <= 40 and bool(_RELATIVE_ONLY.match(line))


def is_fused_navigation(line: str) -> bool:
    """CMS section labels run together: ``0_Web_Top storiesEuropeEurope.portalSvet.Slajder``."""
    if len(line) > 120 or line[-1:] in ".!?”\"’":
        return False
    fusions = len(_FUSED.findall(line))
    words = len(line.split())
    return fusions >= max(2, words)


def credit_outlet(line: str) -> str | None:
    """The outlet of a closing credit line: ``X and news agencies`` → ``X``."""
    match = _CREDIT.match(line)
    return match["outlet"] if match else None


def is_credit(line: str) -> bool:
    return credit_outlet(line) is not None


RULES: list[tuple[str, Callable[[str], bool]]] = [
    ("related-link", is_related_link),
    ("page-furniture", is_ui_phrase),
    ("relative-age", is_relative_age),
    ("navigation", is_fused_navigation),
    ("credit", is_credit),
]


def debris_reason(line: str) -> str | None:
    """The name of the first rule that calls ``line`` debris, else ``None``."""
    for name, rule in RULES:
        if rule(line):
            return name
    return None
