"""Online story clustering: each new item joins the most similar open story or starts one.

Single pass in time order, incremental across runs. An item is compared only
with *candidate* stories: those that share one of its most distinctive terms
(an inverted index from term to story) and were active within the time window
(stories idle longer are closed and leave the index). The cost of one item
therefore depends on the stories of its window, not on the corpus.

Similarity is the cosine of TF-IDF vectors (item against the story's summed
member vector), with document frequencies counted over every item seen so far,
damped by the time between the item and the story's latest member. Near-copies
(syndicated wire text) are found with MinHash LSH on word 3-shingles and join
their original's story as copies.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from datasketch import MinHash, MinHashLSH

from .features import Item

#: The MinHash scheme stored signatures were made with (datasketch 2 names it).
MINHASH_SCHEME = "affine32"

#: Terms kept per story vector (the heaviest); bounds the cost of one comparison.
CENTROID_TERMS = 400


@dataclass
class Settings:
    """Clustering thresholds (tuned on ECB+ train/dev and the seeds; see docs/stories.md)."""

    join: float = 0.34          # cosine at or above which an item joins a story
    related: float = 0.15       # relatedness (similarity without the next-day halving) at or above which a story
                                # whose similarity stays below `join` is linked to the one the item joins
    window_days: float = 3.0    # stories idle longer than this are closed
    half_life_hours: float = 24.0  # similarity halves for every this many hours between item and story
    index_terms: int = 12       # distinctive terms per item used to find candidate stories
    max_candidates: int = 50    # stories compared with one item (those sharing most of its terms)
    copy_jaccard: float = 0.8   # estimated shingle Jaccard of a near-copy
    next_day: float = 0.5       # similarity kept for an item on another calendar day than the story ...
    next_day_hours: float = 6.0  # ... and this many hours or more from it (a late-night follow-up still joins)
    undated_factor: float = 0.6  # similarity kept between an undated item and a dated story (or the reverse)


@dataclass
class Story:
    id: str
    vector: Counter = field(default_factory=Counter)
    members: list[str] = field(default_factory=list)
    first: datetime | None = None
    last: datetime | None = None
    norm: float | None = field(default=None, repr=False)  # cached vector norm, valid for norm_epoch
    norm_epoch: int = field(default=-1, repr=False)


@dataclass
class Assignment:
    """Where an item went: its story, the similarity that put it there, the original it copies."""

    item_id: str
    story_id: str
    score: float
    new_story: bool
    copy_of: str | None = None
    related: list[tuple[str, float]] = field(default_factory=list)


class DocumentFrequencies:
    """How many items contain each term; the IDF of a term for the items seen so far.

    ``fetch`` (optional) reads stored counts of the terms given: counts are then loaded only for
    the terms a run meets (``ensure`` in bulk, else one by one on first use), never the whole
    vocabulary. Without it, ``counts`` holds every term.
    """

    def __init__(self, counts: Counter | None = None, total: int = 0,
                 fetch: Callable[[list[str]], dict[str, int]] | None = None) -> None:
        self.counts = counts or Counter()
        self.total = total
        self.epoch = 0  # bumped whenever cached IDF values are dropped
        self._cache: dict[str, float] = {}
        self._cached_total = total
        self._fetch = fetch
        self._known: set[str] = set()  # terms whose stored count was fetched (found or not)

    def ensure(self, terms) -> None:
        """Load the stored counts of those ``terms`` not loaded yet (a no-op without ``fetch``)."""
        if self._fetch is None:
            return
        missing = [t for t in dict.fromkeys(terms) if t not in self._known]
        if missing:
            self.counts.update(self._fetch(missing))
            self._known.update(missing)
            for term in missing:
                self._cache.pop(term, None)

    def add(self, terms) -> None:
        present = set(terms)
        self.ensure(present)
        self.counts.update(present)
        self.total += 1
        if self.total > self._cached_total * 1.01 + 1:
            self._cache.clear()  # the item count moved by 1 %: every IDF is recomputed
            self._cached_total = self.total
            self.epoch += 1
        else:
            for term in present:
                self._cache.pop(term, None)

    def idf(self, term: str) -> float:
        found = self._cache.get(term)
        if found is None:
            if self._fetch is not None and term not in self._known:
                self.ensure((term,))
            found = self._cache[term] = math.log((1 + self.total) / (1 + self.counts.get(term, 0))) + 1.0
        return found


class Clusterer:
    """The open stories, their index, and the rule that assigns a new item."""

    def __init__(self, settings: Settings | None = None, frequencies: DocumentFrequencies | None = None,
                 next_number: int = 1) -> None:
        self.settings = settings or Settings()
        self.df = frequencies or DocumentFrequencies()
        self.stories: dict[str, Story] = {}
        self.postings: dict[str, set[str]] = {}
        self.lsh = MinHashLSH(threshold=self.settings.copy_jaccard, num_perm=64)
        self.hashes: dict[str, MinHash] = {}
        self.story_of: dict[str, str] = {}
        self.dropped: set[str] = set()  # stories of this run left empty by :meth:`refine`
        self.next_number = next_number

    # -- state ---------------------------------------------------------------

    def open_story(self, story: Story, top_terms: list[str] = ()) -> None:
        """Register an existing story (loaded from the store) as open."""
        self.stories[story.id] = story
        for term in top_terms or self._top_terms(story.vector):
            self.postings.setdefault(term, set()).add(story.id)
        for member in story.members:
            self.story_of[member] = story.id

    def close_idle(self, now: datetime) -> list[str]:
        """Close stories idle for longer than the window; return their ids."""
        limit = now - timedelta(days=self.settings.window_days)
        idle = [s.id for s in self.stories.values() if s.last is not None and s.last < limit]
        for story_id in idle:
            for member in self.stories.pop(story_id).members:  # closed for good: forget its members
                self.story_of.pop(member, None)
                if self.hashes.pop(member, None) is not None:
                    self.lsh.remove(member)
        if idle:
            gone = set(idle)
            for term in list(self.postings):
                self.postings[term] -= gone
                if not self.postings[term]:
                    del self.postings[term]
        return idle

    # -- assignment ----------------------------------------------------------

    def add(self, item: Item) -> Assignment:
        """Assign ``item`` to a story (joining, copying or starting one) and update the index."""
        self.df.add(item.terms)
        copy_of = self._near_copy(item)
        if copy_of is not None and self.story_of.get(copy_of) in self.stories:
            story = self.stories[self.story_of[copy_of]]
            self._join(story, item)
            return Assignment(item.id, story.id, 1.0, False, copy_of=copy_of)
        scored = sorted(((*self._scores(item, s), s.id) for s in self._candidates(item)), reverse=True)
        if scored and scored[0][0] >= self.settings.join:
            score, _, story_id = scored[0]
            story = self.stories[story_id]
            new = False
        else:
            score, story = 1.0, self._new_story()
            new = True
        self._join(story, item)
        linked = sorted(((r, sid) for s, r, sid in scored if sid != story.id and s < self.settings.join and r >= self.settings.related),
                        reverse=True)
        related = [(sid, round(r, 4)) for r, sid in linked[:3]]
        return Assignment(item.id, story.id, round(score, 4), new, related=related)

    def refine(self, items: list[Item], assignments: dict[str, Assignment], rounds: int = 4) -> None:
        """Reconsider this run's items once the run's stories have formed (a k-means step).

        An item first met a story when it held only the items before it; each
        item moves to the candidate story now most similar to it (its own story
        counted without it) when that beats staying. Copies stay with their
        originals. Only this run's items move, so the cost stays per item.
        """
        for _ in range(rounds):
            moved = 0
            for item in items:
                current = assignments[item.id]
                if current.copy_of is not None:
                    continue
                own = self.stories.get(current.story_id)
                if own is None:
                    continue  # its story closed during the run: settled
                without = own.vector.copy()
                without.subtract(item.terms)
                without = +without
                stay = self._similarity(item, Story(own.id, without, first=own.first, last=own.last)) if without else 0.0
                best = max(((self._similarity(item, s), s.id) for s in self._candidates(item) if s.id != own.id), default=(0.0, None))
                if best[1] is not None and best[0] >= self.settings.join and best[0] > stay + 0.02:
                    self._leave(own, item)
                    self._join(self.stories[best[1]], item)
                    assignments[item.id] = Assignment(item.id, best[1], round(best[0], 4), False, related=current.related)
                    moved += 1
            if not moved:
                break

    def _leave(self, story: Story, item: Item) -> None:
        story.norm = None
        story.vector.subtract(item.terms)
        story.vector = +story.vector
        story.members.remove(item.id)
        if not story.members:
            del self.stories[story.id]
            self.dropped.add(story.id)

    def _new_story(self) -> Story:
        story = Story(f"s{self.next_number:06d}")
        self.next_number += 1
        self.stories[story.id] = story
        return story

    def _join(self, story: Story, item: Item) -> None:
        story.norm = None
        story.vector.update(item.terms)
        if len(story.vector) > 2 * CENTROID_TERMS:
            story.vector = Counter(dict(story.vector.most_common(CENTROID_TERMS)))
        story.members.append(item.id)
        self.story_of[item.id] = story.id
        if item.published_at is not None:
            story.first = min(filter(None, (story.first, item.published_at)))
            story.last = max(filter(None, (story.last, item.published_at)))
        for term in self._top_terms(item.terms):
            self.postings.setdefault(term, set()).add(story.id)

    def _candidates(self, item: Item) -> list[Story]:
        """Open stories sharing the item's distinctive terms, the most shared first, at most ``max_candidates``."""
        shared: Counter = Counter()
        for term in self._top_terms(item.terms):
            shared.update(self.postings.get(term, ()))
        ranked = sorted(shared.items(), key=lambda kv: (-kv[1], kv[0]))  # ties by id: the same result in every process
        return [self.stories[s] for s, _ in ranked[: self.settings.max_candidates] if s in self.stories]

    def _top_terms(self, terms: Counter) -> list[str]:
        ranked = sorted(terms, key=lambda t: terms[t] * self.df.idf(t), reverse=True)
        return ranked[: self.settings.index_terms]

    def _similarity(self, item: Item, story: Story) -> float:
        return self._scores(item, story)[0]

    def _scores(self, item: Item, story: Story) -> tuple[float, float]:
        """(similarity, relatedness) of an item and a story: their cosine damped by the time
        between them; the similarity (whether the item joins) also halved when the item is of
        another calendar day, the relatedness (whether the two are linked) not, since the
        same meeting's second day is a development of its own but a related one."""
        cosine = self.cosine(item.terms, story.vector, self._story_norm(story))
        if item.published_at is not None and story.last is not None:
            gap = min(abs((item.published_at - story.last).total_seconds()),
                      abs((item.published_at - (story.first or story.last)).total_seconds())) / 3600
            cosine *= 0.5 ** (gap / self.settings.half_life_hours)
            days = {d.date() for d in (story.first, story.last) if d is not None}
            if item.published_at.date() not in days and gap >= self.settings.next_day_hours:
                return cosine * self.settings.next_day, cosine
        elif (item.published_at is None) != (story.last is None):
            cosine *= self.settings.undated_factor  # time cannot confirm an undated item belongs with a dated story
        return cosine, cosine

    def cosine(self, a: Counter, b: Counter, b_norm: float | None = None) -> float:
        """Cosine of two bags under the current IDF (``b_norm``: the second bag's norm, if known)."""
        idf = self.df.idf
        wa = {t: v * idf(t) for t, v in a.items()}
        dot = sum(wa[t] * b[t] * idf(t) for t in wa if t in b)
        if dot == 0:
            return 0.0
        na = math.sqrt(sum(v * v for v in wa.values()))
        nb = b_norm if b_norm is not None else self.norm(b)
        return dot / (na * nb)

    def norm(self, bag: Counter) -> float:
        idf = self.df.idf
        return math.sqrt(sum((v * idf(t)) ** 2 for t, v in bag.items()))

    def _story_norm(self, story: Story) -> float:
        if story.norm is None or story.norm_epoch != self.df.epoch:
            story.norm = self.norm(story.vector)
            story.norm_epoch = self.df.epoch
        return story.norm

    def remember_signature(self, item_id: str, values: list[int]) -> None:
        """Register a stored item's MinHash so later near-copies of it are found."""
        if item_id not in self.hashes:
            signature = MinHash(num_perm=64, hashvalues=values, scheme=MINHASH_SCHEME)
            self.lsh.insert(item_id, signature)
            self.hashes[item_id] = signature

    def signature(self, item_id: str) -> list[int] | None:
        found = self.hashes.get(item_id)
        return [int(v) for v in found.hashvalues] if found is not None else None

    def _near_copy(self, item: Item) -> str | None:
        if len(item.shingles) < 8:
            return None
        signature = MinHash(num_perm=64, scheme=MINHASH_SCHEME)
        signature.update_batch([s.encode("utf-8") for s in item.shingles])
        matches = sorted(m for m in self.lsh.query(signature) if m in self.story_of)
        if item.id not in self.hashes:
            self.lsh.insert(item.id, signature)
            self.hashes[item.id] = signature
        return matches[0] if matches else None

