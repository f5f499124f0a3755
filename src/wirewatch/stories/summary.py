"""A story's headline and summary, chosen from its members' own words.

The headline is the member headline closest to the story's vector (the
earliest on ties); the summary is up to three member sentences, the closest to
the story's vector that do not repeat one another, in publication order.
Nothing is written anew.
"""

from __future__ import annotations

import re
from collections import Counter

from .features import words

_SENTENCE_END = re.compile(r"(?<=[.!?’”\"])\s+(?=[“\"‘A-Z0-9])")


def sentences(text: str) -> list[str]:
    """Sentences of a text, split at end punctuation followed by a capital."""
    out = []
    for paragraph in text.split("\n"):
        out.extend(s.strip() for s in _SENTENCE_END.split(paragraph) if len(s.strip()) > 20)
    return out


def choose_headline(members: list[dict], similarity) -> str | None:
    """The member headline most similar to the story (``members`` in publication order)."""
    best, best_score = None, -1.0
    for member in members:
        headline = (member.get("headline") or "").strip()
        if headline:
            score = similarity(Counter(words(headline)))
            if score > best_score + 1e-9:
                best, best_score = headline, score
    if best is None and members:
        first = sentences(members[0].get("text") or "")
        best = first[0] if first else None
    return best


def summarize(members: list[dict], similarity, size: int = 3) -> list[str]:
    """Up to ``size`` member sentences that best represent the story, without repeats."""
    scored = []
    for order, member in enumerate(members):
        for position, sentence in enumerate(sentences(member.get("text") or "")):
            bag = Counter(words(sentence))
            if len(bag) >= 4:
                scored.append((similarity(bag) - 0.01 * position, order, position, sentence, set(bag)))
    chosen: list[tuple[int, int, str, set]] = []
    for _, order, position, sentence, bag in sorted(scored, key=lambda s: -s[0]):
        if any(len(bag & other) / max(1, len(bag | other)) > 0.5 for *_, other in chosen):
            continue
        chosen.append((order, position, sentence, bag))
        if len(chosen) == size:
            break
    return [sentence for _, _, sentence, _ in sorted(chosen)]
