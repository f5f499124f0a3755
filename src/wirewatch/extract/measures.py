"""What a claimed figure measures: the counted thing, whose it is, where, and whether it is a change.

Consumes a figure's number span in its parse; produces a :class:`Measure`, the
key that puts figures from different outlets and days into one claim series
("Russian troops near Ukraine": noun ``troops``, subject Russia, place Ukraine).
General means only: the counted noun's lemma (with a few classes of nouns that
count the same thing), the country a demonym, possessor or clause subject
names, the place a ``near``/``in``/``along`` phrase names, and the words that
make a number a change rather than a level ("new", "additional", "in recent
days").
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from .gazetteer import capital_country, country_name, country_of
from .mentions import local_place as _local_place  # demonyms of places the document names (no gazetteer knows Kestria)

#: Nouns that count the same thing (their class name is the series' noun).
NOUN_CLASSES = {
    "troop": "troops", "soldier": "troops", "force": "troops", "serviceman": "troops", "servicemen": "troops",
    "personnel": "troops", "fighter": "fighters", "militant": "fighters", "civilian": "civilians", "resident": "residents",
    "refugee": "refugees", "person": "people", "people": "people", "death": "deaths", "casualty": "casualties",
    "tank": "tanks", "jet": "aircraft", "warplane": "aircraft", "aircraft": "aircraft", "plane": "aircraft",
}
_CHANGE_WORDS = {"new", "additional", "extra", "further", "fresh", "more", "another", "reinforcement"}
_CHANGE_PHRASES = ("in recent days", "in recent weeks", "this week", "since monday", "over the past", "in the past")
_PLACE_PREPS = {"near", "in", "along", "on", "at", "around", "inside", "to", "into", "across"}


@dataclass(frozen=True)
class Measure:
    noun: str | None
    subject: str | None
    place: str | None
    change: bool


def describe(span: Span, about: str | None) -> Measure:
    """The measure of the number ``span`` whose counted phrase is ``about``."""
    doc = span.doc
    head = _counted_head(span, about)
    noun = NOUN_CLASSES.get(head.lemma_.lower(), head.lemma_.lower()) if head is not None else None
    subject = _subject(head) if head is not None else None
    place = _place(head, span) if head is not None else None
    last = head.i if head is not None else span.end - 1
    near = doc[span.start:min(len(doc), last + 6)].text.lower()  # "7,000 troops in recent days"
    change = bool(head is not None and any(c.lower_ in _CHANGE_WORDS for c in head.children if c.dep_ == "amod")) or any(
        phrase in near for phrase in _CHANGE_PHRASES)
    return Measure(noun, subject, place, change)


def _counted_head(span: Span, about: str | None) -> Token | None:
    doc = span.doc
    if not about:
        return None
    end = span.end
    for token in doc[span.start:min(len(doc), end + 12)]:
        if token.i >= span.end - 1 and token.pos_ in ("NOUN", "PROPN") and about.split()[-1].startswith(token.text[:4]):
            return token
    return None


def _country(token: Token) -> str | None:
    """The country a word names: a country, a demonym, a capital acting for its state."""
    text = token.text
    return country_name(text) or country_of(text) or capital_country(text) or _local_place(token)


def _whole(token: Token) -> str:
    """A multi-word place the token opens or belongs to ("United States")."""
    if token.ent_iob_ in ("B", "I") and token.ent_type_ in ("GPE", "NORP", "LOC"):
        start = token.i
        while start > 0 and token.doc[start].ent_iob_ == "I":
            start -= 1
        end = token.i + 1
        while end < len(token.doc) and token.doc[end].ent_iob_ == "I":
            end += 1
        return token.doc[start:end].text
    return token.text


def _subject(head: Token) -> str | None:
    """Whose the counted things are: a demonym or possessor on them, else the subject of the verb that has them."""
    for child in head.children:
        if child.dep_ in ("amod", "compound", "poss", "nmod"):
            found = country_name(_whole(child)) or _country(child)
            if found:
                return found
    verb = head.head if head.dep_ in ("dobj", "nsubjpass", "attr") else None
    if head.dep_ == "pobj" and head.head.dep_ == "prep" and head.head.head.pos_ in ("NOUN",):
        return _subject(head.head.head)  # "60% of Russia's forces"
    if verb is not None:
        for child in verb.children:
            if child.dep_ in ("nsubj",):
                found = country_name(_whole(child)) or _country(child)
                if found:
                    return found
    return None


def _place(head: Token, span: Span) -> str | None:
    """Where: a country in a ``near``/``in``/``along`` phrase on the counted noun, on a clause that
    describes it ("troops stationed near Ukraine"), or on the verb that has it or the number
    ("massed ... near Ukraine", "60% of its forces were concentrated near ...")."""
    candidates = [head] + [c for c in head.children if c.dep_ in ("acl", "relcl")]
    if head.dep_ in ("dobj", "nsubj", "nsubjpass", "attr", "appos") and head.head.i != head.i:
        candidates.append(head.head)
    number = span.root
    while number.dep_ in ("nummod", "quantmod", "compound") and number.head.i != number.i:
        number = number.head
    if number.head.pos_ in ("VERB", "AUX") and number.dep_ in ("nsubj", "nsubjpass", "dobj"):
        candidates.append(number.head)
    for token in candidates:
        for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ in _PLACE_PREPS):
            for place in prep.subtree:
                if place.i == prep.i:
                    continue
                found = country_name(_whole(place)) or country_of(place.text) or _local_place(place)
                if found and (place.ent_type_ in ("GPE", "NORP", "LOC") or place.pos_ in ("PROPN", "ADJ")):
                    return found
    return None
