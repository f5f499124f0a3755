"""Reading and writing the story stage's state in the store.

Everything one run of the stage produces is written in one transaction, so an
interrupted run leaves the stories exactly as they were before it.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime, timedelta

from sqlalchemy import delete, func, insert, select, text

from ..store import Store, dialects
from ..store.schema import documents, entries, figures, mentions, quotes, stories, story_entities, story_entries, story_links, term_stats
from .cluster import DocumentFrequencies, Story
from .features import parse_time

_TOTAL = ""  # the term_stats row that holds the number of items counted


def pending_entries(store: Store) -> list[dict]:
    """Entries in no story yet (promotional boxes left out), oldest first, undated last."""
    query = (select(entries.c.id, entries.c.document_id, entries.c.headline, entries.c.text, entries.c.published_at,
                    entries.c.idx, documents.c.source)
             .join(documents, documents.c.id == entries.c.document_id)
             .outerjoin(story_entries, story_entries.c.entry_id == entries.c.id)
             .where(story_entries.c.entry_id.is_(None), entries.c.is_promo.is_(False), entries.c.withdrawn_at.is_(None))
             .order_by(entries.c.published_at.is_(None), func.substr(entries.c.published_at, 1, 10),
                       func.length(entries.c.published_at).desc(),  # a day's timed updates before its undated-time lead
                       entries.c.published_at, entries.c.document_id, entries.c.idx))
    with store.engine.connect() as conn:
        return [dict(r) for r in conn.execute(query).mappings()]


def pending_text(store: Store, entry_ids: list[str]) -> list[dict]:
    """Headline and text of the given entries."""
    found = []
    with store.engine.connect() as conn:
        for chunk in _chunks(entry_ids, 500):
            found.extend(dict(r) for r in conn.execute(select(entries.c.id, entries.c.headline, entries.c.text).where(entries.c.id.in_(chunk))).mappings())
    return found


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
    with store.engine.connect() as conn:
        counts = Counter({r.term: r.df for r in conn.execute(select(term_stats))})
    total = counts.pop(_TOTAL, 0)
    return DocumentFrequencies(counts, total)


def open_stories(store: Store, since: datetime | None) -> list[tuple[Story, list[dict]]]:
    """Stories still open at ``since`` (active within the window before it; undated ones always),
    each with its members' stored state."""
    query = select(stories)
    if since is not None:
        query = query.where((stories.c.last_published_at.is_(None)) | (stories.c.last_published_at >= since.isoformat()))
    found = []
    with store.engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(query).mappings()]
        for row in rows:
            members = [dict(m) for m in conn.execute(select(story_entries).where(story_entries.c.story_id == row["id"])
                                                      .order_by(story_entries.c.published_at.asc().nulls_first(), story_entries.c.entry_id)).mappings()]
            story = Story(row["id"], Counter(json.loads(row["vector"])), [m["entry_id"] for m in members],
                          parse_time(row["first_published_at"]), parse_time(row["last_published_at"]))
            found.append((story, members))
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
             .where(story_entries.c.story_id.in_(story_ids))
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
        for table in (story_entities, story_links, story_entries, stories, term_stats):
            conn.execute(delete(table))


def write(store: Store, new_members: list[dict], story_rows: list[dict], links: list[dict], frequencies: DocumentFrequencies,
          changed_terms: set[str], emptied: list[str]) -> None:
    """Write one run's results in one transaction."""
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
        _index_entities(conn)
        rows = [{"term": t, "df": frequencies.counts[t]} for t in changed_terms] + [{"term": _TOTAL, "df": frequencies.total}]
        for chunk in _chunks([r["term"] for r in rows], 500):
            conn.execute(delete(term_stats).where(term_stats.c.term.in_(chunk)))
        conn.execute(insert(term_stats), rows)


def _index_entities(conn) -> None:
    """Rebuild ``story_entities`` from the members' mentions: entity ids can change whenever the
    corpus is re-resolved, so the whole table is recomputed (one SQL aggregate, no parsing)."""
    conn.execute(delete(story_entities))
    conn.execute(text(
        "INSERT INTO story_entities (entity_id, story_id, mentions, first_published_at) "
        "SELECT m.entity_id, se.story_id, count(*), s.first_published_at FROM story_entries se "
        "JOIN mentions m ON m.entry_id = se.entry_id JOIN stories s ON s.id = se.story_id "
        "WHERE m.entity_id IS NOT NULL GROUP BY m.entity_id, se.story_id, s.first_published_at"))


def window_start(first: str | None, days: float) -> datetime | None:
    moment = parse_time(first)
    return moment - timedelta(days=days) if moment else None


def _chunks(values: list, size: int):
    for i in range(0, len(values), size):
        yield values[i:i + size]
