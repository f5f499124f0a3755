"""Bytes to text: BOMs, UTF-8, UTF-16 without BOM, legacy 8-bit encodings.

Consumes: raw bytes of one input. Produces: ``(text, encoding, warnings)`` or
raises :class:`WirewatchError` for empty and binary input.
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from ..errors import Code, WirewatchError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_LEGACY = ("cp1252", "iso8859_15", "cp1251", "iso8859_2", "cp1250", "mac_roman")
_CONTROL_OK = {9, 10, 12, 13}


def decode_bytes(data: bytes, where: str) -> tuple[str, str, list[str]]:
    """Decode ``data``; return text, the encoding used and warning lines."""
    if not data.strip():
        raise WirewatchError(Code.EMPTY, f"empty file ({len(data)} bytes); nothing to ingest", where)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding, []
            except UnicodeDecodeError as exc:
                raise WirewatchError(Code.BINARY, f"starts with a {encoding} byte-order mark but does not decode ({exc.reason})", where) from exc
    utf16 = _utf16_without_bom(data)
    if utf16:
        return data.decode(utf16), utf16, []
    if b"\x00" in data:
        raise WirewatchError(Code.BINARY, "binary file (contains NUL bytes), not text; give a text, HTML, JSON Lines or feed file", where)
    try:
        text = data.decode("utf-8")
        encoding = "utf-8"
        warnings: list[str] = []
    except UnicodeDecodeError as exc:
        text, encoding, warnings = _decode_non_utf8(data, exc, where)
    if _control_ratio(text) > 0.05:
        raise WirewatchError(Code.BINARY, "binary file (mostly control characters), not text", where)
    return text, encoding, warnings


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a byte-order mark: NUL bytes all on one side of each byte pair.

    ASCII characters (spaces, digits, punctuation) of any script's text put a
    NUL in the same half of their pair; binary data puts NULs anywhere.
    """
    sample = data[:8000]
    if len(sample) < 4 or len(data) % 2:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    if even_nuls + odd_nuls < max(2, len(sample) // 100):
        return None
    if odd_nuls and even_nuls <= odd_nuls // 50:
        encoding = "utf-16-le"
    elif even_nuls and odd_nuls <= even_nuls // 50:
        encoding = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return encoding if _control_ratio(text) < 0.01 else None


def _decode_non_utf8(data: bytes, exc: UnicodeDecodeError, where: str) -> tuple[str, str, list[str]]:
    """Text that is not valid UTF-8: damaged UTF-8, or a legacy 8-bit code page."""
    if _looks_like_utf8(data, exc):
        text = data.decode("utf-8", errors="replace")
        bad = text.count("\ufffd")
        return text, "utf-8", [f"{Code.BAD_ENCODING.value} {where}: warning: invalid UTF-8 at byte {exc.start}; {bad} undecodable byte sequence(s) replaced with U+FFFD"]
    encoding = _legacy_encoding(data)
    try:
        return data.decode(encoding), encoding, []
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252", [
            f"{Code.BAD_ENCODING.value} {where}: warning: not UTF-8 and no code page fits; read as Windows-1252 with replacements"
        ]


def _looks_like_utf8(data: bytes, exc: UnicodeDecodeError) -> bool:
    """Damaged UTF-8: it holds valid multi-byte sequences, or breaks only in its last character.

    Legacy 8-bit text almost never forms valid UTF-8 sequences by chance.
    """
    if exc.start >= len(data) - 3 and "end of data" in exc.reason:
        return True
    text = data.decode("utf-8", errors="replace")
    return any(ord(ch) > 127 and ch != "\ufffd" for ch in text)


def _legacy_encoding(data: bytes) -> str:
    """Windows-1252 for mostly-ASCII Western text; otherwise charset-normalizer's best code page."""
    high = sum(1 for b in data if b > 127)
    if high <= len(data) * 0.05:
        try:
            data.decode("cp1252")
            return "cp1252"
        except UnicodeDecodeError:
            pass
    best = from_bytes(data, cp_isolation=list(_LEGACY)).best()
    return best.encoding if best is not None else "cp1252"


def _control_ratio(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    bad = sum(1 for ch in sample if ord(ch) < 32 and ord(ch) not in _CONTROL_OK)
    return bad / len(sample)
