"""Names the model missed where the same document names them elsewhere.

Consumes the parsed entries of one document and the mentions first found in
them; produces the same parses with an entity span on every other place the
document writes a person's full name (``Ivo Brandt``) or a courtesy title and
that person's surname (``Mr Brandt``) that the model did not tag as a name, or
tagged as something other than an actor (a work of art, a date). The model
reads each occurrence on its own and can miss one in a context it reads
differently; a reporter names one person the same way throughout.

The spans are set on the parse itself (``doc.ents``), so every later stage
(quotes, figures, events) sees them. The model's own entities are kept in the
parse's ``user_data`` and restored first, so a cached parse analysed again with
other names comes out the same as a fresh one.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from ..nlp import load
from .lexicon import HONORIFICS
from .mentions import Mention, titled_people

#: Labels of the model's that name an actor: a known name never overrides them.
_ACTOR_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"}
_COURTESY = ("Mr", "Ms", "Mrs", "Dr")
_MODEL_ENTS = "wirewatch.model_ents"


def people_named(mentions: Iterable[Mention]) -> set[str]:
    """Full names (two words or more) of the people a document's mentions name: tagged as a
    person, or written beside a person's title whatever the model tagged them."""
    mentions = list(mentions)
    titled = titled_people(mentions)
    names = set()
    for m in mentions:
        if m.is_role or not (m.label == "PERSON" or m.start in titled):
            continue
        words = m.name.split()
        if len(words) >= 2 and all(w[:1].isupper() for w in words) and words[0].lower() not in HONORIFICS:
            names.add(m.name)
    return names


def restore_model_entities(doc: Doc) -> None:
    """Put back the entities the model found (undoing an earlier :func:`add_known_names`)."""
    original = doc.user_data.get(_MODEL_ENTS)
    if original is not None:
        doc.set_ents([doc.char_span(a, b, label=label) for a, b, label in original], default="outside")


def add_known_names(docs: list[Doc], names: set[str]) -> list[bool]:
    """Tag, in each parse, every occurrence of a known full name, and of a courtesy title with its
    surname, that the model left untagged or tagged as a non-actor, as a person. Returns, per
    parse, whether anything was added."""
    changed = [False] * len(docs)
    if not names or not docs:
        return changed
    make = load().make_doc
    matcher = PhraseMatcher(docs[0].vocab)
    forms = set(names) | {f"{title} {name.split()[-1]}" for name in names for title in _COURTESY}
    matcher.add("PERSON", [make(f) for f in sorted(forms)])
    for i, doc in enumerate(docs):
        if _MODEL_ENTS not in doc.user_data:
            doc.user_data[_MODEL_ENTS] = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        found = [Span(doc, start, end, label="PERSON") for _, start, end in matcher(doc)]
        added = [s for s in _longest_first(found) if not any(e.label_ in _ACTOR_LABELS for e in _overlapping(doc, s))]
        if added:
            kept = [e for e in doc.ents if not any(e.start < s.end and s.start < e.end for s in added)]
            doc.set_ents(sorted(kept + added, key=lambda s: s.start), default="outside")
            changed[i] = True
    return changed


def _overlapping(doc: Doc, span: Span) -> list[Span]:
    return [e for e in doc.ents if e.start < span.end and span.start < e.end]


def _longest_first(spans: list[Span]) -> list[Span]:
    """Non-overlapping spans, a longer match winning over one inside it."""
    chosen: list[Span] = []
    for s in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
        if not any(c.start < s.end and s.start < c.end for c in chosen):
            chosen.append(s)
    return chosen
