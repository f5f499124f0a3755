"""Reading and writing the story stage's state in the store.

The stage reads pending entries one chunk at a time (keyset pagination in time
order) and writes everything one chunk produces in one transaction, so an
interrupted run leaves complete chunks: the stories as an incremental run over
the entries before the failing chunk would have left them, and that chunk's
entries still pending. Every read is bounded by a chunk, the stories open in
its time window, or the terms it meets; none reads the whole corpus.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import Select, bindparam, case, delete, func, insert, literal, null, select, text, tuple_

from ..store import Store, dialects
from ..store.schema import (documents, entries, figures, mentions, quotes, relinked_entries, stories, story_entities, story_entries,
                            story_links, term_stats)
from .cluster import DocumentFrequencies, Story
from .features import parse_time

_TOTAL = ""  # the term_stats row that holds the number of items counted


#: Time order of pending entries (by day; a day's timed updates before its undated-time lead; undated
#: last), as a sort key of comparable columns, so that a chunk can start after the previous one's last entry.
_PENDING_ORDER = (
    case((entries.c.published_at.is_(None), 1), else_=0),
    func.coalesce(func.substr(entries.c.published_at, 1, 10), ""),
    -func.coalesce(func.length(entries.c.published_at), 0),
    func.coalesce(entries.c.published_at, ""),
    entries.c.document_id,
    entries.c.idx,
)


def _pending() -> Select:
    return (select(entries.c.id).join(documents, documents.c.id == entries.c.document_id)
            .outerjoin(story_entries, story_entries.c.entry_id == entries.c.id)
            .where(story_entries.c.entry_id.is_(None), entries.c.is_promo.is_(False), entries.c.withdrawn_at.is_(None)))


def pending_count(store: Store) -> int:
    """How many entries are in no story yet (promotional boxes and withdrawn entries left out)."""
    with store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(_pending().subquery())).scalar() or 0


def pending_entries(store: Store, after: tuple | None = None, limit: int | None = None) -> list[dict]:
    """Entries in no story yet, oldest first, undated last: the first ``limit`` of those after the
    sort key ``after`` (:func:`entry_key` of the previous chunk's last entry)."""
    query = (_pending().with_only_columns(entries.c.id, entries.c.document_id, entries.c.headline, entries.c.text,
                                          entries.c.published_at, entries.c.idx, documents.c.source)
             .order_by(*_PENDING_ORDER))
    if after is not None:
        query = query.where(tuple_(*_PENDING_ORDER) > tuple_(*(literal(v) for v in after)))
    if limit is not None:
        query = query.limit(limit)
    with store.engine.connect() as conn:
        return [dict(r) for r in conn.execute(query).mappings()]


def entry_key(entry: dict) -> tuple:
    """The sort key of a pending entry (as :func:`pending_entries` orders them)."""
    stamp = entry["published_at"]
    return (1 if stamp is None else 0, (stamp or "")[:10], -len(stamp or ""), stamp or "", entry["document_id"], entry["idx"])


def analysis_of(store: Store, entry_ids: list[str]) -> dict[str, dict]:
    """Per entry: canonical entity ids, quote texts and figures (value, unit), where those stages ran."""
    found: dict[str, dict] = {e: {"entities": [], "quotes": [], "figures": []} for e in entry_ids}
    with store.engine.connect() as conn:
        for chunk in _chunks(entry_ids, 500):
            for row in conn.execute(select(mentions.c.entry_id, mentions.c.entity_id).where(mentions.c.entry_id.in_(chunk), mentions.c.entity_id.is_not(None))):
                found[row.entry_id]["entities"].append(row.entity_id)
            for row in conn.execute(select(quotes.c.entry_id, quotes.c.text).where(quotes.c.entry_id.in_(chunk), quotes.c.direct.is_(True))):
                found[row.entry_id]["quotes"].append(row.text)
            for row in conn.execute(select(figures.c.entry_id, figures.c.value, figures.c.unit).where(figures.c.entry_id.in_(chunk))):
                found[row.entry_id]["figures"].append((row.value, row.unit))
    return found


def load_frequencies(store: Store) -> DocumentFrequencies:
    """The number of items counted; each term's count is read when the run first meets the term."""
    with store.engine.connect() as conn:
        total = conn.execute(select(term_stats.c.df).where(term_stats.c.term == _TOTAL)).scalar() or 0
    return DocumentFrequencies(Counter(), total, fetch=lambda terms: term_counts(store, terms))


def term_counts(store: Store, terms: list[str]) -> dict[str, int]:
    """Stored document frequencies of ``terms`` (absent terms left out)."""
    found = {}
    with store.engine.connect() as conn:
        for chunk in _chunks(terms, 500):
            found.update((r.term, r.df) for r in conn.execute(select(term_stats.c.term, term_stats.c.df).where(term_stats.c.term.in_(chunk))))
    return found


def latest_story_time(store: Store) -> str | None:
    """The latest ``last_published_at`` of any story."""
    with store.engine.connect() as conn:
        return conn.execute(select(func.max(stories.c.last_published_at))).scalar()


def open_stories(store: Store, since: datetime | None, rebuild: Iterable[str] = ()) -> list[tuple[Story, list[dict]]]:
    """Stories still open at ``since`` (active within the window before it; undated ones always;
    every story when ``since`` is None), and those in ``rebuild`` wherever they are, each with its
    members' stored state (entry id and MinHash signature; their features too for ``rebuild``)."""
    rebuild = set(rebuild)
    columns = (stories.c.id, stories.c.vector, stories.c.first_published_at, stories.c.last_published_at)
    rows: dict[str, dict] = {}
    with store.engine.connect() as conn:
        query = select(*columns)
        if since is not None:
            query = query.where((stories.c.last_published_at.is_(None)) | (stories.c.last_published_at >= since.isoformat()))
        rows.update((r["id"], dict(r)) for r in conn.execute(query).mappings())
        for chunk in _chunks(sorted(rebuild - set(rows)), 500):
            rows.update((r["id"], dict(r)) for r in conn.execute(select(*columns).where(stories.c.id.in_(chunk))).mappings())
        ids = sorted(rows)
        members: dict[str, list[dict]] = {i: [] for i in ids}
        for chunk in _chunks(ids, 500):
            wanted = [i for i in chunk if i in rebuild]
            features = case((story_entries.c.story_id.in_(wanted), story_entries.c.features), else_=None) if wanted else null()
            query = (select(story_entries.c.story_id, story_entries.c.entry_id, story_entries.c.signature, features.label("features"))
                     .where(story_entries.c.story_id.in_(chunk))
                     .order_by(story_entries.c.story_id, story_entries.c.published_at.asc().nulls_first(), story_entries.c.entry_id))
            for m in conn.execute(query).mappings():
                members[m["story_id"]].append(dict(m))
    found = []
    for story_id in ids:
        row, own = rows.pop(story_id), members.pop(story_id)
        story = Story(story_id, Counter(json.loads(row["vector"])), [m["entry_id"] for m in own],
                      parse_time(row["first_published_at"]), parse_time(row["last_published_at"]))
        found.append((story, own))
    return found


def next_story_number(store: Store) -> int:
    with store.engine.connect() as conn:
        last = conn.execute(select(func.max(stories.c.id))).scalar()
    return int(last[1:]) + 1 if last else 1


def members_of(store: Store, story_ids: list[str]) -> dict[str, list[dict]]:
    """Each story's member entries (headline, text, source, times), in publication order."""
    query = (select(story_entries.c.story_id, story_entries.c.entry_id, story_entries.c.source, story_entries.c.copy_of,
                    story_entries.c.document_id, story_entries.c.features, entries.c.published_at, entries.c.headline, entries.c.text)
             .join(entries, entries.c.id == story_entries.c.entry_id)
             .order_by(entries.c.published_at.is_(None), entries.c.published_at, story_entries.c.entry_id))
    grouped: dict[str, list[dict]] = {s: [] for s in story_ids}
    with store.engine.connect() as conn:
        for chunk in _chunks(story_ids, 500):
            for row in conn.execute(query.where(story_entries.c.story_id.in_(chunk))).mappings():
                grouped[row["story_id"]].append(dict(row))
    return grouped


def orphaned_stories(store: Store) -> list[str]:
    """Stories that lost members (their documents were replaced or removed) or all of them."""
    query = (select(stories.c.id).outerjoin(story_entries, story_entries.c.story_id == stories.c.id)
             .group_by(stories.c.id).having(func.count(story_entries.c.entry_id) != stories.c.size))
    with store.engine.connect() as conn:
        return [r.id for r in conn.execute(query)]


def clear(store: Store) -> None:
    with store.engine.begin() as conn:
        for table in (story_entities, story_links, story_entries, stories, term_stats, relinked_entries):
            conn.execute(delete(table))


def reindex_relinked(store: Store) -> int:
    """Rebuild ``story_entities`` for the stories holding entries whose mentions changed entity since
    the last run (``relinked_entries``, written by entity resolution), in one transaction; return how
    many stories. Every story's when they are over half of them."""
    with store.engine.begin() as conn:
        held = (select(story_entries.c.story_id).join(relinked_entries, relinked_entries.c.entry_id == story_entries.c.entry_id)
                .distinct())
        ids = conn.execute(held).scalars().all()
        if ids:
            everything = 2 * len(ids) > (conn.execute(select(func.count()).select_from(stories)).scalar() or 0)
            _index_entities(conn, None if everything else ids)
        conn.execute(delete(relinked_entries))
    return len(ids)


def write(store: Store, new_members: list[dict], story_rows: list[dict], links: list[dict], frequencies: DocumentFrequencies,
          changed_terms: set[str], emptied: list[str], entity_scope: list[str]) -> None:
    """Write one chunk's results in one transaction; ``story_entities`` is rebuilt for the stories in ``entity_scope``."""
    with store.engine.begin() as conn:
        if emptied:
            conn.execute(delete(stories).where(stories.c.id.in_(emptied)))
            conn.execute(delete(story_links).where(story_links.c.story_id.in_(emptied) | story_links.c.related_id.in_(emptied)))
        if story_rows:
            ids = [r["id"] for r in story_rows]
            for chunk in _chunks(ids, 500):
                conn.execute(delete(stories).where(stories.c.id.in_(chunk)))
            conn.execute(insert(stories), story_rows)
        if new_members:
            conn.execute(insert(story_entries), new_members)
        if links:
            dialects.upsert(conn, story_links, links, ["story_id", "related_id"])
        _index_entities(conn, entity_scope)
        rows = [{"term": t, "df": frequencies.counts[t]} for t in changed_terms] + [{"term": _TOTAL, "df": frequencies.total}]
        for chunk in _chunks([r["term"] for r in rows], 500):
            conn.execute(delete(term_stats).where(term_stats.c.term.in_(chunk)))
        conn.execute(insert(term_stats), rows)


_STORY_ENTITIES = (
    "INSERT INTO story_entities (entity_id, story_id, mentions, first_published_at) "
    "SELECT m.entity_id, se.story_id, count(*), s.first_published_at FROM story_entries se "
    "JOIN mentions m ON m.entry_id = se.entry_id JOIN stories s ON s.id = se.story_id "
    "WHERE m.entity_id IS NOT NULL{scope} GROUP BY m.entity_id, se.story_id, s.first_published_at")


def _index_entities(conn, story_ids: list[str] | None) -> None:
    """Rebuild ``story_entities`` from the members' mentions (one SQL aggregate, no parsing): for every
    story, or for the given stories (those a chunk touched, or those holding relinked entries)."""
    if story_ids is None:
        conn.execute(delete(story_entities))
        conn.execute(text(_STORY_ENTITIES.format(scope="")))
        return
    for chunk in _chunks(sorted(set(story_ids)), 500):
        conn.execute(delete(story_entities).where(story_entities.c.story_id.in_(chunk)))
        conn.execute(text(_STORY_ENTITIES.format(scope=" AND se.story_id IN :ids")).bindparams(bindparam("ids", expanding=True)),
                     {"ids": chunk})


def window_start(first: str | None, days: float) -> datetime | None:
    moment = parse_time(first)
    return moment - timedelta(days=days) if moment else None


def _chunks(values: list, size: int):
    for i in range(0, len(values), size):
        yield values[i:i + size]
