"""The indexed attribute-ruler matcher gives exactly the annotations of spaCy's own ruler."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from wirewatch import nlp
from wirewatch.attribute_index import IndexedRulerMatch

ROOT = Path(__file__).resolve().parent.parent
#: Forms the ruler's rarer patterns are about: two-token lemmas, regular expressions, DEP/TAG exclusions.
ODD = ("I ain't gonna say it, y'all. Let's go, c'mon; we gotta leave. Nothin' got ta give, it gets worse. "
       "There is a dog and there are two. He told me and you and it. Do you have it? Which one did that?  \n\n   "
       "I'd have done it if I had, tho he won't.")


def _texts(seeds_dir: Path) -> list[str]:
    texts = [path.read_text(encoding="utf-8", errors="replace") for path in sorted(seeds_dir.iterdir())]
    texts += [path.read_text(encoding="utf-8", errors="replace") for path in sorted((ROOT / "examples" / "corpus").rglob("*")) if path.is_file()]
    return texts + [ODD]


def _annotations(doc) -> list[tuple]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i) for t in doc]


def test_indexed_matches_equal_the_rulers_own(seeds_dir: Path) -> None:
    model = spacy.load(nlp.MODEL)
    ruler = model.get_pipe("attribute_ruler")
    indexed = IndexedRulerMatch(ruler)
    assert indexed.tables and indexed.by_regex  # the model's patterns are indexed, not left to the Matcher
    with model.select_pipes(disable=["attribute_ruler", "lemmatizer", "ner"]):
        docs = list(model.pipe(_texts(seeds_dir)))
    total = 0
    for doc in docs:
        expected = ruler.match(doc)
        assert indexed(doc) == expected
        total += len(expected)
    assert total > 10_000


def test_pipeline_annotations_unchanged(seeds_dir: Path) -> None:
    """Every token of the seeds and examples: tag, POS, morphology, lemma and dependency as stock spaCy gives them."""
    stock = spacy.load(nlp.MODEL)
    stock.add_pipe("paragraph_breaks", before="parser")
    ours = nlp.load()
    assert isinstance(ours.get_pipe("attribute_ruler").match, IndexedRulerMatch)
    texts = _texts(seeds_dir)
    for expected, got in zip(stock.pipe(texts), ours.pipe(texts), strict=True):
        assert _annotations(got) == _annotations(expected)
    odd = ours(ODD)
    assert [t.lemma_ for t in odd if t.lower_ in {"ai", "gon", "na", "y'", "nothin'"}] == ["be", "go", "to", "you", "nothing"]


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "Gon"])
def test_degenerate_texts(text: str) -> None:
    model = nlp.load()
    doc = model(text)
    assert len(doc) == len(model.make_doc(text))
