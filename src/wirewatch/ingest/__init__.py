"""Stage ``read``: find input files and turn each into raw documents.

Consumes paths (files, folders searched recursively, ``-`` for standard
input); produces :class:`~wirewatch.models.RawDocument` objects, or one
:class:`~wirewatch.errors.Problem` line per input that cannot be read.
One reader per format: :mod:`.text`, :mod:`.html`, :mod:`.records`, :mod:`.feed`.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from ..errors import Code, Problem, WirewatchError
from ..limits import FILE_BYTES, max_file_bytes
from ..models import RawDocument
from ..timeparse import parse_date, parse_timestamp, stamp_from_date
from .decode import decode_bytes
from .feed import read_feed
from .html import read_html
from .records import read_records
from .text import read_text

#: Bumped whenever a change to cleaning or segmenting changes stored output,
#: so that unchanged inputs are processed again after an upgrade.
PROCESSING_VERSION = "1"
SIDECAR_SUFFIX = ".meta.json"
_EXTENSIONS = {
    ".txt": "text", ".text": "text", ".md": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl",
    ".rss": "feed", ".atom": "feed", ".xml": "feed", ".feed": "feed",
}


@dataclass(frozen=True)
class Options:
    """What the user said about a batch: ``--source`` (wins), ``--date`` (fills unknown dates)."""

    source: str | None = None
    date: str | None = None
    scraped_at: str | None = None


def discover(paths: list[str]) -> Iterator[Path | str | Problem]:
    """Input files in a stable order; ``-`` passes through; missing paths become problems."""
    for given in paths:
        if given == "-":
            yield "-"
            continue
        path = Path(given)
        if path.is_dir():
            yield from _walk(path)
        elif path.exists() or path.is_symlink():
            yield path
        else:
            yield Problem(Code.NOT_FOUND, given, "no such file or folder")


def _walk(folder: Path) -> Iterator[Path]:
    found: list[Path] = []
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if name.startswith(".") or name.endswith(SIDECAR_SUFFIX):
                continue
            if Path(name).suffix.lower() in _EXTENSIONS:
                found.append(Path(root) / name)
    yield from sorted(found)


def read_input(item: Path | str, options: Options = Options()) -> Iterator[RawDocument | Problem]:
    """Raw documents of one input, with sidecar and user options applied."""
    where = "<stdin>" if item == "-" else str(item)
    data = _read_bytes(item, where)
    text, encoding, warnings = decode_bytes(data, where)
    stem = "stdin-" + hashlib.sha256(data).hexdigest()[:12] if item == "-" else Path(item).stem
    sidecar = _sidecar(item)
    fmt = _format_of(item, text)
    if fmt == "feed":
        produced: Iterator[RawDocument | Problem] = read_feed(data, stem, where)
    elif fmt == "jsonl":
        produced = read_records(text, stem, where)
    elif fmt == "html":
        produced = read_html(text, stem, where)
    else:
        produced = read_text(text, stem, where)
    for doc in produced:
        if isinstance(doc, RawDocument):
            doc.encoding = encoding
            doc.warnings.extend(warnings)
            warnings = []
            _apply(doc, sidecar, options)
        yield doc


def _read_bytes(item: Path | str, where: str) -> bytes:
    if item == "-":
        return sys.stdin.buffer.read()
    path = Path(item)
    try:
        size = path.stat().st_size
        cap = max_file_bytes()
        if size > cap:
            raise WirewatchError(Code.TOO_LARGE, f"{size} bytes is over the {cap}-byte limit; split the file or raise {FILE_BYTES.env}", where)
        if not path.is_file():
            raise WirewatchError(Code.UNREADABLE, "not a regular file", where)
        return path.read_bytes()
    except OSError as exc:
        raise WirewatchError(Code.UNREADABLE, f"cannot be read ({exc.strerror or exc})", where) from exc


def _format_of(item: Path | str, text: str) -> str:
    if item != "-":
        known = _EXTENSIONS.get(Path(item).suffix.lower())
        if known and known != "text":
            return known
    head = text.lstrip()[:1000].lower()
    if head.startswith("<?xml") and ("<rss" in head or "<feed" in head or "<rdf" in head):
        return "feed"
    if head.startswith(("<rss", "<feed")):
        return "feed"
    if head.startswith(("<!doctype html", "<html")) or "<body" in head:
        return "html"
    if head.startswith("{"):
        return "jsonl"
    return "text"


def _sidecar(item: Path | str) -> dict:
    """``FILE.meta.json`` next to the input: date, source, title, url, timezone, scraped_at."""
    if item == "-":
        return {}
    path = Path(str(item) + SIDECAR_SUFFIX)
    if not path.exists():
        return {}
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise WirewatchError(Code.BAD_SIDECAR, f"sidecar {path.name} is not readable JSON ({exc}); fix or remove it", str(item)) from exc
    if not isinstance(meta, dict):
        raise WirewatchError(Code.BAD_SIDECAR, f"sidecar {path.name} must hold a JSON object", str(item))
    return meta


def _apply(doc: RawDocument, sidecar: dict, options: Options) -> None:
    """Sidecar values override what the file says; ``--source`` overrides all; ``--date`` fills gaps."""
    stated = sidecar.get("published_at") or sidecar.get("date")
    if stated:
        stamp = parse_timestamp(str(stated))
        if stamp.precision == "unknown":
            raise WirewatchError(Code.BAD_SIDECAR, f"sidecar date {stated!r} is not a date (use YYYY-MM-DD or ISO 8601)", doc.origin)
        doc.published = stamp
    for key in ("source", "title", "url", "timezone", "scraped_at"):
        if sidecar.get(key):
            setattr(doc, key, str(sidecar[key]))
    if options.source:
        doc.source = options.source
    if options.scraped_at and not doc.scraped_at:
        doc.scraped_at = options.scraped_at
    if options.date and doc.published.precision == "unknown":
        day = parse_date(options.date)
        if day:
            doc.published = stamp_from_date(day)
    doc.content_hash = _content_hash(doc, sidecar, options)


def _content_hash(doc: RawDocument, sidecar: dict, options: Options) -> str:
    payload = {
        "v": PROCESSING_VERSION, "text": doc.text, "title": doc.title, "url": doc.url,
        "source": doc.source, "published": asdict(doc.published), "sidecar": sidecar,
        "options": asdict(options), "removed": [r.text for r in doc.removed],
    }
    if doc.scraped_at:  # it dates relative ages; absent, the hash stays what it was before scrape times
        payload["scraped_at"] = doc.scraped_at
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()
