"""What changed since a cursor, for the live timeline (server-sent events).

The cursor is the ``updated_at`` time of the last story the reader has seen: the stories
stage stamps every story it writes, so a story that is new or gained members since the
cursor is returned, oldest change first, with the next cursor.
"""

from __future__ import annotations

import json

from sqlalchemy import func, select

from .store import Store
from .store.schema import stories, story_entries

def cursor(store: Store) -> str:
    """The cursor as of now: changes after it are new to a reader who starts here."""
    with store.engine.connect() as conn:
        return conn.execute(select(func.max(stories.c.updated_at))).scalar() or ""


def changes(store: Store, since: str) -> tuple[list[dict], str]:
    """Stories written after ``since`` (new ones, and ones that gained or lost members), and the next cursor.
    All of them: a run stamps its stories with one time, so a page cut inside it would lose the rest."""
    query = (select(stories.c.id, stories.c.headline, stories.c.summary, stories.c.first_published_at, stories.c.last_published_at,
                    stories.c.sources, stories.c.size, stories.c.updated_at)
             .where(stories.c.updated_at > since).order_by(stories.c.updated_at, stories.c.id))
    with store.engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(query).mappings()]
        if not rows:
            return [], since
        counts = dict(conn.execute(select(story_entries.c.story_id, func.count(func.distinct(story_entries.c.document_id)))
                                   .where(story_entries.c.story_id.in_([r["id"] for r in rows])).group_by(story_entries.c.story_id)).all())
    for row in rows:
        row["sources"] = json.loads(row["sources"])
        row["documents"] = counts.get(row["id"], 0)
    return rows, rows[-1]["updated_at"]
