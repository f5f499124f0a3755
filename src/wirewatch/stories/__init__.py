"""The ``stories`` stage: entries that report the same development, across outlets.

Consumes stored entries (and, when those stages ran, their canonical entities,
quotes and figures); produces stories with their member entries, near-copy
marks, related-story links, a headline and an extractive summary.

Incremental: a run assigns only entries that are in no story yet, against the
stories still open in their time window (:mod:`.cluster`); the stories touched
get a new headline and summary. ``force`` rebuilds every story from scratch.
Members lost when a document is replaced are dropped from their story, whose
vector is then rebuilt from the members that remain.

Entity index: ``story_entities`` (which entities each story mentions) is rebuilt
for the stories a chunk touches, and, first, for the stories holding entries
whose mentions entity resolution relinked since the last run.

Chunked: pending entries are taken in time order, ``CHUNK_ENTRIES`` at a time,
and each chunk is exactly one incremental run (its own open stories, its own
``refine``, one transaction), so memory holds one chunk and the stories open in
its window, never the corpus, and an interrupted run leaves complete chunks.
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

__all__ = ["build_stories", "Settings", "CHUNK_ENTRIES"]

#: Pending entries clustered (and written) together. Within a chunk, ``refine`` may move any of the
#: chunk's entries; across chunks, entries stay where their chunk put them (as across incremental runs).
CHUNK_ENTRIES = 2000


def build_stories(store: Store, names: Iterable[str] = ("stories",), force: bool = False,
                  progress: Callable[[int, int, str], None] | None = None, settings: Settings | None = None,
                  chunk_entries: int | None = None) -> dict:
    """Assign every entry not yet in a story, ``chunk_entries`` (default :data:`CHUNK_ENTRIES`) at a
    time; return counts of what changed. On PostgreSQL concurrent runs build stories one after the
    other (the second finds the first's stories and extends them)."""
    size = max(1, chunk_entries or CHUNK_ENTRIES)
    with dialects.corpus_lock(store.engine, "stories"):
        if force:
            storage.clear(store)
        return _build(store, progress, settings or Settings(), size)


def _build(store: Store, progress: Callable[[int, int, str], None] | None, settings: Settings, size: int) -> dict:
    """Chunk after chunk in time order (keyset pagination), each one incremental run of the stage."""
    reindexed = storage.reindex_relinked(store)
    total = storage.pending_count(store)
    done = written = chunks = 0
    after = None
    while True:
        chunk = storage.pending_entries(store, after, size)
        orphaned = storage.orphaned_stories(store)
        if not chunk and not orphaned:
            break
        tick = None
        if progress:
            tick = lambda n, offset=done: (offset + n) % 200 == 0 and progress(offset + n, total, "clustering stories")  # noqa: E731
        written += _build_chunk(store, chunk, orphaned, settings, tick=tick)
        chunks += 1
        done += len(chunk)
        if len(chunk) < size:
            break
        after = storage.entry_key(chunk[-1])
    return {"entries": done, "stories": store.count_rows("stories"), "touched": written, "chunks": chunks, "reindexed": reindexed}


def _build_chunk(store: Store, pending: list[dict], orphaned: list[str], settings: Settings,
                 tick: Callable[[int], object] | None) -> int:
    """One incremental run over ``pending`` (one chunk): open the stories of its window, assign,
    refine within the chunk, write in one transaction. Returns the number of story rows written."""
    analysis = storage.analysis_of(store, [p["id"] for p in pending])
    items = []
    for entry in pending:
        found = analysis.pop(entry["id"])
        items.append(make_item(entry, entry["source"], found["entities"], found["quotes"], found["figures"]))
    dated = [p["published_at"] for p in pending if p["published_at"]]
    # The window of the chunk's first entry; for undated entries alone, the window of the latest story.
    since = storage.window_start(min(dated) if dated else storage.latest_story_time(store), settings.window_days)
    opened = storage.open_stories(store, since, orphaned)
    frequencies = storage.load_frequencies(store)
    frequencies.ensure(term for item in items for term in item.terms)
    frequencies.ensure(term for story, _ in opened for term in story.vector)
    frequencies.ensure(term for _, members in opened for m in members if m["features"] for term in json.loads(m["features"]))
    clusterer = Clusterer(settings, frequencies, storage.next_story_number(store))
    touched: set[str] = set(orphaned)
    emptied: list[str] = []
    for story, members in opened:
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
    del opened
    changed_terms: set[str] = set()
    assignments = {}
    for done, item in enumerate(items, start=1):
        if item.published_at is not None:
            clusterer.close_idle(item.published_at)
        assignments[item.id] = clusterer.add(item)
        changed_terms.update(item.terms)
        if tick:
            tick(done)
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
    texts = {e["id"]: e for e in pending}
    story_rows = _story_rows(store, clusterer, touched - set(emptied), new_members, texts)
    storage.write(store, new_members, story_rows, links, clusterer.df, changed_terms, emptied, sorted(touched | set(emptied)))
    return len(story_rows)


def _story_rows(store: Store, clusterer: Clusterer, touched: set[str], new_members: list[dict], texts: dict[str, dict]) -> list[dict]:
    """Fresh rows for every story this chunk changed: members, sources, times, headline, summary
    (``texts``: the chunk's entries by id, for the headline and text of its new members)."""
    stored = storage.members_of(store, sorted(touched))
    clusterer.df.ensure(term for members in stored.values() for m in members if m.get("features") for term in json.loads(m["features"]))
    for member in new_members:
        text = texts.get(member["entry_id"], {})
        stored.setdefault(member["story_id"], []).append(member | {"headline": text.get("headline"), "text": text.get("text")})
    rows = []
    for story_id in sorted(touched):
        members = sorted(stored.get(story_id, []), key=lambda m: (m["published_at"] is None, m["published_at"] or "", m["entry_id"]))
        if not members:
            continue
        vector = _vector(clusterer, story_id, members)
        norm = clusterer.norm(vector)  # once per story, not once per member sentence
        similarity = lambda bag, v=vector, n=norm: clusterer.cosine(bag, v, n)  # noqa: E731
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
