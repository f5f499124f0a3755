"""Line shapes: is this a headline?"""

from __future__ import annotations

import re

_MAX_HEADLINE_WORDS = 20
_MAX_HEADLINE_CHARS = 160
_SENTENCE_END = re.compile(r"[.;,:…]['’\"”)\]]*$")


def is_headline(line: str) -> bool:
    """Short, capitalised, and not ending like a sentence: a headline or subhead."""
    text = line.strip()
    if not text or len(text) > _MAX_HEADLINE_CHARS or len(text.split()) > _MAX_HEADLINE_WORDS:
        return False
    if text[0] in "•·*-–—" or not (text[0].isupper() or text[0].isdigit() or text[0] in "‘'\"“"):
        return False
    return not _SENTENCE_END.search(text)


def same_text(a: str | None, b: str | None) -> bool:
    """Equal up to case, spacing and punctuation."""
    if not a or not b:
        return False
    norm = lambda s: re.sub(r"\W+", " ", s.casefold()).strip()  # noqa: E731
    return norm(a) == norm(b)
