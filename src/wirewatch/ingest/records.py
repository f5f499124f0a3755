"""Reader for JSON Lines records ``{"id","url","title","published_at","source","text" or "html"}``."""

from __future__ import annotations

import json
from collections.abc import Iterator

from ..errors import Code, Problem, WirewatchError
from ..models import RawDocument
from ..timeparse import parse_timestamp
from .html import fragment_text, read_html


def read_records(text: str, stem: str, origin: str) -> Iterator[RawDocument | Problem]:
    """One document per valid line; a :class:`Problem` per broken line.

    A file holding one JSON object or an array of objects (pretty-printed
    ``.json``) is read as those records.
    """
    whole = _whole_json(text)
    if whole is not None:
        for number, record in enumerate(whole, start=1):
            yield _record_or_problem(record, stem, number, f"{origin}#{number}")
        return
    # JSON text may hold U+2028 and friends raw: split on newlines only.
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{origin}:{lineno}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Problem(Code.BAD_JSON, where, f"not valid JSON ({exc.msg} at column {exc.colno}); record skipped")
            continue
        yield _record_or_problem(record, stem, lineno, where)


def _record_or_problem(record: object, stem: str, number: int, where: str) -> RawDocument | Problem:
    if not isinstance(record, dict):
        return Problem(Code.BAD_RECORD, where, f"expected a JSON object, got {type(record).__name__}; record skipped")
    try:
        return _record_document(record, stem, number, where)
    except WirewatchError as exc:
        return Problem(exc.code, where, exc.message)


def _whole_json(text: str) -> list | None:
    """The records of a file that is a single JSON value spanning several lines, else ``None``."""
    stripped = text.strip()
    if "\n" not in stripped or not stripped.startswith(("[", "{")):
        return None
    try:
        value = json.loads(stripped)
    except json.JSONDecodeError:
        return None
    return value if isinstance(value, list) else [value]


def _record_document(record: dict, stem: str, lineno: int, where: str) -> RawDocument:
    body_text, body_html = record.get("text"), record.get("html")
    if not isinstance(body_text, str) and not isinstance(body_html, str):
        raise WirewatchError(Code.BAD_RECORD, 'record has neither "text" nor "html" as a string; record skipped')
    for key in ("id", "url", "title", "published_at", "source", "scraped_at"):
        if record.get(key) is not None and not isinstance(record[key], (str, int)):
            raise WirewatchError(Code.BAD_RECORD, f'field "{key}" must be a string; record skipped')
    doc_id = str(record["id"]) if record.get("id") not in (None, "") else f"{stem}-{lineno}"
    if isinstance(body_text, str) and body_text.strip():
        doc = RawDocument(id=doc_id, origin=where, format="jsonl", text=body_text, content_hash="")
    else:
        doc = _html_record(body_html or "", doc_id, where)
    doc.title = record.get("title") or doc.title
    doc.url = record.get("url") or doc.url
    doc.source = record.get("source") or None
    if record.get("published_at"):
        doc.published = parse_timestamp(str(record["published_at"]))
    doc.scraped_at = str(record["scraped_at"]) if record.get("scraped_at") else doc.scraped_at
    return doc


def _html_record(html: str, doc_id: str, where: str) -> RawDocument:
    """A record's ``html``: a whole page through trafilatura, a fragment as is."""
    try:
        doc = next(read_html(html, doc_id, where))
    except WirewatchError:
        text = fragment_text(html)
        if not text.strip():
            raise WirewatchError(Code.NO_TEXT, '"html" holds no text; record skipped')
        doc = RawDocument(id=doc_id, origin=where, format="jsonl", text=text, content_hash="")
    doc.format = "jsonl"
    return doc
