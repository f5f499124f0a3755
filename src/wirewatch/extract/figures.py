"""Stage ``figures``: numbers claimed in the news, with what they count and who claims them.

Consumes a parsed entry and its quotes; produces :class:`Figure` items.
Candidates are spaCy's CARDINAL, PERCENT, MONEY and QUANTITY entities plus
numbers written with space separators (``150 000``) and vague counts
(``dozens of``); a share in words (``about a third``) has the unit
``fraction`` and a value between 0 and 1. Dates, times, durations, ordinals,
years and identifiers (``Rule 50``, ``F-35``) are not figures. The claimant is the speaker of the
quote or reported clause holding the number, else ``according to X``, else
the outlet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from .lexicon import FRACTIONS, QUALIFIERS_AFTER, QUALIFIERS_BEFORE
from .measures import Measure, describe
from .quotes import Quote
from ..nlp import text_of

_LABELS = {"CARDINAL", "PERCENT", "MONEY", "QUANTITY"}
_DURATION_NOUNS = {"second", "minute", "hour", "day", "week", "month", "year", "decade", "century", "night", "weekend", "time", "times"}
_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "a": 1, "an": 1,
}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000, "trillion": 10**12, "m": 1_000_000, "bn": 1_000_000_000, "k": 1000}
_WORDS_ALT = "|".join(m for m in ("dollar", "euro", "pound", "ruble", "rouble", "hryvnia"))
_CURRENCY_WORD_IN = re.compile(rf"\b({_WORDS_ALT})s?\b", re.I)
_CURRENCY_WORD_AFTER = re.compile(rf"\s*({_WORDS_ALT})s?\b", re.I)
_VAGUE = re.compile(r"\b(dozens|scores|hundreds|thousands|millions|billions|tens of thousands|hundreds of thousands)\s+of\b"
                    r"|\b(multi-?(?:billion|million)|several (?:hundred|thousand|million|billion))(?=[\s-]+\w)", re.I)
_SPACED = re.compile(r"(?<![\d.,])\d{1,3}(?:[ \u202f\u00a0]\d{3})+(?![\d])")
_FRACTION = re.compile(rf"(?:(a|one|two|three|four|nine)[\s-]+)?({'|'.join(FRACTIONS)})", re.I)
_PERCENT_WORDS = re.compile(r"^\s*(?:%|per ?cent\b|percent\b)", re.I)
_CURRENCY = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "dollar": "USD", "euro": "EUR", "pound": "GBP",
             "ruble": "RUB", "rouble": "RUB", "hryvnia": "UAH"}


@dataclass
class Figure:
    entry_id: str
    start: int
    end: int
    text: str
    value: float | None
    unit: str | None
    qualifier: str | None
    about: str | None
    claimed_by: str | None
    claimant_kind: str
    measure: Measure = Measure(None, None, None, False)
    sentence: int = -1  # token index where its sentence starts


def parse_number(text: str) -> float | None:
    """``100,000`` → 100000; ``150 000`` → 150000; ``three million`` → 3000000; ``2.5bn`` → 2.5e9."""
    cleaned = text.lower().replace("\u202f", " ").replace("\u00a0", " ").strip()
    cleaned = re.sub(r"[%$€£¥]", "", cleaned)
    cleaned = re.sub(r"\b(?:per ?cent|percent)\b", "", cleaned)
    cleaned = _CURRENCY_WORD_IN.sub("", cleaned).strip()
    digits = re.fullmatch(r"(\d{1,3}(?:[, ]\d{3})+|\d+)(?:\.(\d+))?\s*([a-z]+)?", cleaned)
    if digits:
        whole = float(re.sub(r"[, ]", "", digits[1]) + ("." + digits[2] if digits[2] else ""))
        scale = digits[3]
        if scale is None:
            return whole
        return whole * _SCALES[scale] if scale in _SCALES else None
    total, current = 0.0, 0.0
    words = re.split(r"[\s-]+", cleaned)
    if not words or not all(w in _WORDS or w in _SCALES or w == "and" or re.fullmatch(r"\d+(?:\.\d+)?", w) for w in words):
        return None
    for word in words:
        if word == "and":
            continue
        if word in _SCALES:
            current = (current or 1) * _SCALES[word]
            if _SCALES[word] >= 1000:
                total, current = total + current, 0.0
        else:
            current += float(word) if word[0].isdigit() else _WORDS[word]
    return total + current


def parse_fraction(text: str) -> float | None:
    """``a third`` → 0.333; ``two-thirds`` → 0.667; ``half`` → 0.5 (three decimals); else None."""
    match = _FRACTION.fullmatch(text.strip())
    if not match:
        return None
    numerator = _WORDS[match[1].lower()] if match[1] else 1
    return round(numerator / FRACTIONS[match[2].lower()], 3)


def find_figures(doc: Doc, entry_id: str, base: int, body_start: int, quotes: list[Quote],
                 attributions: list[tuple[int, int, str, str]], outlet: str | None) -> list[Figure]:
    """Figures of one entry's body with value, unit, qualifier, what they count and claimant."""
    spans = _candidates(doc, body_start)
    found = []
    for span in spans:
        if _excluded(span):
            continue
        span, measure = _numeric_part(span)
        value_text, qualifier, lead = _split_qualifier(span)
        vague = _VAGUE.search(span.text) or _VAGUE.match(text_of(doc)[span.start_char:span.end_char + 4])
        value = None if vague else parse_number(value_text)
        share = None if vague or value is not None else parse_fraction(value_text)
        if value is None and share is None and not vague:
            continue
        unit = "fraction" if share is not None else _unit(span) or measure
        value = share if share is not None else value
        if vague:
            qualifier = (vague.group(1) or vague.group(2)).lower()
        start, end = base + span.start_char - lead, base + span.end_char
        claimant, kind = _claimant(start, end, quotes, attributions, outlet)
        about = _about(span, unit)
        measure = describe(span, about)
        if about is None and unit is None and found and found[-1].sentence == span.sent.start:
            # "nearly 60% of Russia's forces ..., 150,000 or more in real terms": the same forces, counted
            about, measure = found[-1].about, replace(found[-1].measure, change=measure.change)
        found.append(Figure(entry_id, start, end, text_of(doc)[span.start_char - lead:span.end_char], value, unit, qualifier, about,
                            claimant, kind, measure, span.sent.start))
    return found


def _candidates(doc: Doc, body_start: int) -> list[Span]:
    spans = [e for e in doc.ents if e.label_ in _LABELS and e.start_char >= body_start]
    taken = [(s.start_char, s.end_char) for s in spans]
    for pattern in (_SPACED, _VAGUE):
        for match in pattern.finditer(text_of(doc)):
            if match.start() < body_start or any(a < match.end() and match.start() < b for a, b in taken):
                continue
            span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
            if span is not None:
                spans.append(span)
                taken.append((span.start_char, span.end_char))
    merged = []
    for span in sorted(spans, key=lambda s: s.start_char):
        spaced = _SPACED.search(text_of(doc), span.start_char)
        if spaced and spaced.start() < span.end_char and spaced.end() > span.end_char:
            span = doc.char_span(span.start_char, spaced.end(), alignment_mode="expand") or span
        if merged and span.start_char < merged[-1].end_char:
            continue
        merged.append(span)
    return merged


def _numeric_part(span: Span) -> tuple[Span, str | None]:
    """``some 30 000 tonnes`` → (``some 30 000``, ``tonnes``): a quantity's number and its measure."""
    if span.label_ != "QUANTITY":
        return span, None
    end = span.end
    while end > span.start and not (span.doc[end - 1].like_num or span.doc[end - 1].lower_ in _SCALES):
        end -= 1
    if end == span.start or end == span.end:
        return span, None
    return span.doc[span.start:end], span.doc[end:span.end].text


def _excluded(span: Span) -> bool:
    """Durations, identifiers, years, 'one of', ordinals and numbers fused to names."""
    doc = span.doc
    nxt = doc[span.end] if span.end < len(doc) else None
    prev = doc[span.start - 1] if span.start > 0 else None
    if nxt is not None and (nxt.lemma_.lower() in _DURATION_NOUNS or nxt.lower_.rstrip("s") in _DURATION_NOUNS):
        return True
    if nxt is not None and nxt.lower_ == "of" and span.text.lower() in ("one", "two", "some"):
        return True
    if prev is not None and prev.text in ("-", "–"):
        return True  # "F-35"
    if prev is not None and prev.pos_ in ("NOUN", "PROPN") and not prev.like_num and (nxt is None or nxt.pos_ not in ("NOUN", "PROPN", "ADJ")):
        return True  # a label after a noun: "Rule 50", "berth 12", "Flight 370"
    if re.fullmatch(r"(?:1[89]|20)\d\d", span.text.strip()):
        return True
    first = span[0]
    if first.is_alpha and first.is_title and prev is not None and prev.pos_ == "PROPN":
        return True  # "Normandy Four": a number word inside a name
    if span.text.lower() in ("one", "a", "an") and nxt is not None and nxt.tag_ in ("NN", "NNP"):
        return True  # "one diplomat said": a person, not a count
    small = parse_number(span.text)
    if prev is not None and prev.lower_ in ("the", "these", "those", "its", "their", "both") and small is not None and small <= 10:
        return True  # "the two blocs": a reference back, not a claim
    if nxt is not None and nxt.text in ("-", "–") and nxt.i + 1 < len(doc) and doc[nxt.i + 1].lower_.rstrip("s") in ("year", "way", "day", "hour", "minute", "week", "month"):
        return True
    if any(t.like_num is False and t.is_alpha and t.is_title and t.ent_type_ in ("PERSON", "ORG", "GPE") for t in span):
        return True
    return False


def _split_qualifier(span: Span) -> tuple[str, str | None, int]:
    """The number's text, its qualifier, and how many characters before the span the qualifier starts."""
    text = span.text
    lower = text.lower()
    qualifier, lead = None, 0
    for q in QUALIFIERS_BEFORE:
        if lower.startswith(q + " "):
            qualifier, text = q, text[len(q) + 1:]
            break
    if qualifier is None:
        window = text_of(span.doc)[max(0, span.start_char - 20):span.start_char]
        before = window.lower().rstrip()
        for q in QUALIFIERS_BEFORE:
            if before.endswith(" " + q) or before == q:
                qualifier = q
                lead = len(window) - before.rfind(q)
                break
    after = text_of(span.doc)[span.end_char:span.end_char + 12].lower()
    for q in QUALIFIERS_AFTER:
        if after.lstrip().startswith(q) and re.match(r"\s*" + q + r"\b", after):
            qualifier = q if qualifier is None else qualifier
    text = re.sub(r"\s*(?:%|per ?cent|percent)\s*$", "", text, flags=re.I)
    return text, qualifier, lead


def _unit(span: Span) -> str | None:
    text = span.text
    after = text_of(span.doc)[span.end_char:span.end_char + 10]
    if "%" in text or re.search(r"per ?cent|percent", text, re.I) or _PERCENT_WORDS.match(after):
        return "percent"
    word = _CURRENCY_WORD_IN.search(text) or _CURRENCY_WORD_AFTER.match(after)
    if word:
        return _CURRENCY[word.group(1).lower()]
    for mark, code in _CURRENCY.items():
        if not mark.isalpha() and (mark in text or after.lstrip().startswith(mark) or text_of(span.doc)[span.start_char - 1:span.start_char] == mark):
            return code
    return None


def _about(span: Span, unit: str | None) -> str | None:
    """What the number counts: the noun it modifies, or for a share the noun after ``of``."""
    doc = span.doc
    last = span[-1]
    if unit in ("percent", "fraction") or (span.end < len(doc) and doc[span.end].lower_ == "of"):
        i = span.end
        while i < len(doc) and doc[i].lower_ in ("%", "per", "cent", "percent"):
            i += 1
        if i < len(doc) and doc[i].lower_ == "of":
            objects = [c for c in doc[i].children if c.dep_ == "pobj"]
            if objects:
                return _noun_phrase(objects[0])
        return None
    head = last.head if last.dep_ in ("nummod", "quantmod", "compound") and last.head.pos_ in ("NOUN", "PROPN") else None
    if head is None:
        nxt = doc[span.end] if span.end < len(doc) else None
        if nxt is not None and nxt.pos_ in ("NOUN", "PROPN", "ADJ"):
            head = nxt if nxt.pos_ != "ADJ" else nxt.head
    if head is None or head.i < span.end or head.i - span.end > 6:
        return None
    return doc[span.end : head.i + 1].text


def _noun_phrase(head: Token) -> str:
    tokens = [t for t in head.subtree if t.i <= head.i and t.dep_ in ("compound", "amod", "poss", "case", "punct", "nmod") or t is head]
    tokens = [t for t in tokens if not t.like_num and t.lower_ not in ("the", "a", "an")]
    while tokens and (tokens[0].is_punct or tokens[0].dep_ == "case"):
        tokens = tokens[1:]
    text = "".join(t.text_with_ws for t in sorted(tokens, key=lambda t: t.i)).strip()
    return text or head.text


def _claimant(start: int, end: int, quotes: list[Quote], attributions: list[tuple[int, int, str, str]], outlet: str | None) -> tuple[str | None, str]:
    """Who holds a number: the quote or reported clause around it, ``according to X``, else the outlet."""
    for quote in quotes:
        if quote.start <= start and end <= quote.end and quote.speaker:
            return quote.speaker, "person" if quote.speaker_kind == "PERSON" else "organisation"
    for a, b, speaker, kind in attributions:
        if a <= start and end <= b:
            return speaker, "person" if kind == "PERSON" else "organisation"
    return outlet, "outlet"
