"""The ``stories`` stage: entries that report the same development, across outlets.

Consumes stored entries (and, when those stages ran, their canonical entities,
quotes and figures); produces stories with their member entries, near-copy
marks, related-story links, a headline and an extractive summary.

Incremental: a run assigns only entries that are in no story yet, against the
stories still open in their time window (:mod:`.cluster`); the stories touched
get a new headline and summary. ``force`` rebuilds every story from scratch.
Members lost when a document is replaced are dropped from their story, whose
vector is then rebuilt from the members that remain.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable

from ..store import Store, dialects
from ..versions import now
from . import storage
from .cluster import Clusterer, Settings
from .features import make_item
from .summary import choose_headline, summarize

__all__ = ["build_stories", "Settings"]


def build_stories(store: Store, names: Iterable[str] = ("stories",), force: bool = False,
                  progress: Callable[[int, int, str], None] | None = None, settings: Settings | None = None) -> dict:
    """Assign every entry not yet in a story; return counts of what changed. On PostgreSQL concurrent
    runs build stories one after the other (the second finds the first's stories and extends them)."""
    with dialects.corpus_lock(store.engine, "stories"):
        return _build(store, force, progress, settings or Settings())


def _build(store: Store, force: bool, progress: Callable[[int, int, str], None] | None, settings: Settings) -> dict:
    if force:
        storage.clear(store)
    pending = storage.pending_entries(store)
    orphaned = storage.orphaned_stories(store)
    if not pending and not orphaned:
        return {"entries": 0, "stories": store.count_rows("stories")}
    frequencies = storage.load_frequencies(store)
    clusterer = Clusterer(settings, frequencies, storage.next_story_number(store))
    dated = [p["published_at"] for p in pending if p["published_at"]]
    since = storage.window_start(min(dated), settings.window_days) if dated else None
    touched: set[str] = set(orphaned)
    emptied: list[str] = []
    for story, members in storage.open_stories(store, since if len(dated) == len(pending) else None):
        if story.id in touched:
            story.vector = Counter()
            for member in members:
                story.vector.update(json.loads(member["features"]))
            story.members = [m["entry_id"] for m in members]
            if not members:
                emptied.append(story.id)
                continue
        clusterer.open_story(story)
        for member in members:
            if member["signature"]:
                clusterer.remember_signature(member["entry_id"], json.loads(member["signature"]))
    analysis = storage.analysis_of(store, [p["id"] for p in pending])
    changed_terms: set[str] = set()
    items, assignments = [], {}
    for done, entry in enumerate(pending, start=1):
        found = analysis[entry["id"]]
        item = make_item(entry, entry["source"], found["entities"], found["quotes"], found["figures"])
        if item.published_at is not None:
            clusterer.close_idle(item.published_at)
        assignments[item.id] = clusterer.add(item)
        items.append(item)
        changed_terms.update(item.terms)
        if progress and done % 200 == 0:
            progress(done, len(pending), "clustering stories")
    clusterer.refine(items, assignments)
    new_members, links = [], []
    for entry, item in zip(pending, items):
        assignment = assignments[item.id]
        touched.add(assignment.story_id)
        signature = clusterer.signature(item.id)
        new_members.append({
            "entry_id": item.id, "story_id": assignment.story_id, "document_id": entry["document_id"],
            "source": entry["source"], "published_at": entry["published_at"], "score": assignment.score,
            "copy_of": assignment.copy_of, "features": json.dumps(dict(item.terms)),
            "signature": json.dumps(signature) if signature else None,
        })
        links.extend({"story_id": min(assignment.story_id, other), "related_id": max(assignment.story_id, other), "score": score}
                     for other, score in assignment.related if other not in clusterer.dropped and other != assignment.story_id)
    story_rows = _story_rows(store, clusterer, touched - set(emptied), new_members)
    storage.write(store, new_members, story_rows, links, clusterer.df, changed_terms, emptied)
    return {"entries": len(pending), "stories": store.count_rows("stories"), "touched": len(story_rows)}


def _story_rows(store: Store, clusterer: Clusterer, touched: set[str], new_members: list[dict]) -> list[dict]:
    """Fresh rows for every story this run changed: members, sources, times, headline, summary."""
    stored = storage.members_of(store, sorted(touched))
    pending_text = {}
    if new_members:
        for row in storage.pending_text(store, [m["entry_id"] for m in new_members]):
            pending_text[row["id"]] = row
    for member in new_members:
        text = pending_text.get(member["entry_id"], {})
        stored.setdefault(member["story_id"], []).append(member | {"headline": text.get("headline"), "text": text.get("text")})
    rows = []
    for story_id in sorted(touched):
        members = sorted(stored.get(story_id, []), key=lambda m: (m["published_at"] is None, m["published_at"] or "", m["entry_id"]))
        if not members:
            continue
        vector = _vector(clusterer, story_id, members)
        similarity = lambda bag, v=vector: clusterer.cosine(bag, v)  # noqa: E731
        times = [m["published_at"] for m in members if m["published_at"]]
        sources = sorted({m["source"] for m in members if m["source"]})
        rows.append({
            "id": story_id, "headline": choose_headline(members, similarity),
            "summary": " ".join(summarize(members, similarity)),
            "first_published_at": min(times, key=_precise_first) if times else None,
            "last_published_at": max(times, key=_precise_last) if times else None,
            "sources": json.dumps(sources), "size": len(members),
            "vector": json.dumps(dict(Counter(vector).most_common(400))), "updated_at": now(),
        })
    return rows


def _vector(clusterer: Clusterer, story_id: str, members: list[dict]) -> Counter:
    story = clusterer.stories.get(story_id)
    if story is not None:
        return story.vector
    vector: Counter = Counter()
    for member in members:
        vector.update(json.loads(member["features"]) if member.get("features") else {})
    return vector


def _precise_first(stamp: str) -> tuple[str, bool, str]:
    """Sort key: by day, a stamp with a time of day before one with the day alone."""
    return stamp[:10], len(stamp) <= 10, stamp


def _precise_last(stamp: str) -> tuple[str, bool, str]:
    return stamp[:10], len(stamp) > 10, stamp
