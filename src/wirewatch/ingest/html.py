"""Reader for HTML pages (trafilatura for text, htmldate for the date) and HTML fragments."""

from __future__ import annotations

import re
from collections.abc import Iterator

import lxml.html
import trafilatura
from lxml import etree
from lxml_html_clean import Cleaner

from ..errors import Code, WirewatchError
from ..models import RawDocument
from ..timeparse import parse_timestamp

_BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section", "article", "time", "header", "footer", "pre"}
_WHITESPACE = re.compile(r"\s+")
#: libxml2 (under lxml and trafilatura) stops building the tree this many elements deep.
PARSER_DEPTH = 256
_SCRAPED_META = re.compile(r"""<meta\b[^>]*\b(?:name|property)\s*=\s*["'](?:scraped[_-]at|wirewatch:scraped_at)["'][^>]*>""", re.I)
_CONTENT = re.compile(r"""\bcontent\s*=\s*["']([^"']+)["']""", re.I)


def scraped_meta(html: str) -> str | None:
    """The page's ``<meta name="scraped_at" content="...">`` (also ``scraped-at``, ``wirewatch:scraped_at``)."""
    tag = _SCRAPED_META.search(html[:200_000])
    found = _CONTENT.search(tag.group(0)) if tag else None
    return found.group(1).strip() if found else None


def _inline(text: str | None) -> str | None:
    """Line breaks inside a block are spaces; blocks make the lines."""
    return _WHITESPACE.sub(" ", text) if text else text


_CLEANER = Cleaner(scripts=True, javascript=True, style=True, comments=True, forms=True, embedded=True, frames=True, meta=True, page_structure=False)


def read_html(html: str, doc_id: str, origin: str) -> Iterator[RawDocument]:
    """One document from a web page: main text and title, date, site name, url."""
    try:
        extracted = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            deduplicate=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except (ValueError, etree.LxmlError) as exc:
        raise WirewatchError(Code.NO_TEXT, f"HTML could not be parsed ({exc})", origin) from exc
    text = getattr(extracted, "text", None) if extracted is not None else None
    if not text or not text.strip() or _only_links(text, html, extracted.title):
        if _too_deep(html):
            raise WirewatchError(Code.NO_TEXT, f"HTML is nested more than {PARSER_DEPTH} elements deep, deeper than the HTML parser "
                                 "(libxml2) reads, and no article text was found above that depth; save the article element alone and ingest that", origin)
        raise WirewatchError(Code.NO_TEXT, "HTML page has no article text (only page furniture or scripts)", origin)
    yield RawDocument(
        id=doc_id,
        origin=origin,
        format="html",
        text=text,
        content_hash="",
        title=extracted.title or None,
        url=extracted.url or None,
        site_name=extracted.sitename or None,
        published=parse_timestamp(extracted.date),
        scraped_at=scraped_meta(html),
    )


def _too_deep(html: str) -> bool:
    """True when the parsed tree reaches the parser's depth limit (text below it is dropped)."""
    try:
        root = lxml.html.fromstring(html)
    except (etree.ParserError, ValueError):
        return False
    return any(sum(1 for _ in element.iterancestors()) >= PARSER_DEPTH - 1 for element in root.iter())


def _only_links(text: str, html: str, title: str | None) -> bool:
    """True when every extracted line is a link's text or the title: a menu, not an article."""
    try:
        root = lxml.html.fromstring(html)
    except (etree.ParserError, ValueError):
        return False
    links = {" ".join(a.text_content().split()).casefold() for a in root.iter("a")}
    links.add(" ".join((title or "").split()).casefold())
    lines = [" ".join(line.split()).casefold() for line in text.splitlines() if line.strip()]
    return all(line in links for line in lines)


def fragment_text(html: str) -> str:
    """Text of an HTML fragment (a feed item, a record's ``html``), one line per block."""
    if not html or not html.strip():
        return ""
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return ""
    root = _CLEANER.clean_html(root)
    for element in root.iter():
        element.text = _inline(element.text)
        element.tail = _inline(element.tail)
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCK_TAGS:
            element.tail = "\n" + (element.tail or "")
    return etree.tostring(root, method="text", encoding="unicode")
