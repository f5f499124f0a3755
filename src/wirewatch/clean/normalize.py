"""Unicode repair and normalisation of whole documents."""

from __future__ import annotations

import re
import unicodedata

import ftfy

_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BULLET = re.compile(r"^[•·▪◦‣●■►]\s+")
_OPEN_QUOTE_APOSTROPHE = re.compile(r"(?<=\w)‘(?=(?:s|t|re|ve|ll|d)\b)")


def normalize_text(text: str) -> str:
    """Repair mojibake (ftfy), NFC-normalise, unify line ends and spaces, drop list bullets.

    Typographic quotes and dashes are kept: quote extraction relies on them.
    """
    text = ftfy.fix_text(
        text,
        uncurl_quotes=False,
        fix_latin_ligatures=True,
        fix_character_width=True,
        normalization="NFC",
    )
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text = _ZERO_WIDTH.sub("", text)
    text = _OPEN_QUOTE_APOSTROPHE.sub("’", text)  # "Ukraine‘s": an apostrophe typed as an opening quote
    lines = [_BULLET.sub("", _SPACES.sub(" ", line).strip()) for line in text.split("\n")]
    return "\n".join(lines)


def paragraphs(text: str) -> list[str]:
    """Non-empty lines: scraped text marks paragraphs by line breaks, with or without blank lines."""
    return [line for line in text.split("\n") if line]
