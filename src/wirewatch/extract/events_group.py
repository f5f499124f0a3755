"""One event per real-world happening: event mentions grouped across entries and outlets.

Mentions of one type, by the same source on the same target, on the same day,
with the same negation and modality are one event. Actors are the canonical
entities of the entity stage (so "Moscow" and "Russia" meet); the event keeps
the earliest mention's entry and sentence, the highest confidence, and the
number of mentions. Scores come from ``data/plover.yaml``.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict

from sqlalchemy import bindparam, delete, insert, select, update

from ..store.schema import event_mentions, events
from .gazetteer import fold
from .lexicon_plover import load_lexicon
from .resolve import Resolution


def group_events(conn, resolution: Resolution) -> int:
    """Link every event mention to its event and rewrite the events table; return the event count."""
    lexicon = load_lexicon()
    rows = [dict(r) for r in conn.execute(select(event_mentions).order_by(event_mentions.c.date.asc().nulls_first(), event_mentions.c.entry_id, event_mentions.c.start, event_mentions.c.id)).mappings()]
    buckets: dict[tuple, list[dict]] = defaultdict(list)
    actors: dict[str, tuple] = {}
    for row in rows:
        source = resolution.lookup(row["document_id"], row["source_text"], acting=True)
        target = resolution.lookup(row["document_id"], row["target_text"])
        key = (row["type"], _actor_key(source, row["source_text"]),
               row["date"] or f"undated:{row['document_id']}", bool(row["negated"]), bool(row["hypothetical"]))
        buckets[key].append(row)
        actors[row["id"]] = (source, target)
    groups: dict[tuple, list[dict]] = {}
    for key, members in buckets.items():
        for target_key, grouped in _by_target(members, actors).items():
            groups[key + (target_key,)] = grouped
    conn.execute(delete(events))
    event_rows, links = [], []
    for key, members in groups.items():
        event_id = "ev:" + hashlib.sha1(repr(key).encode("utf-8")).hexdigest()[:16]
        first = members[0]
        source, target = actors[first["id"]]
        mode = next((m["mode"] for m in members if m["mode"]), None)
        event_rows.append(dict(
            id=event_id, entry_id=first["entry_id"], date=first["date"], date_precision=first["date_precision"],
            type=first["type"], mode=mode, context=next((m["context"] for m in members if m["context"]), None),
            source_actor=source.name if source else first["source_text"], source_entity_id=source.id if source else None,
            source_country=_country(source), target_actor=target.name if target else first["target_text"],
            target_entity_id=target.id if target else None, target_country=_country(target),
            location=next((m["location"] for m in members if m["location"]), None), sentence=first["sentence"],
            negated=bool(first["negated"]), hypothetical=bool(first["hypothetical"]),
            score=lexicon.score(first["type"], mode), confidence=max(m["confidence"] for m in members),
            mentions=len(members),
        ))
        for member in members:
            s, t = actors[member["id"]]
            links.append({"mid": member["id"], "eid": event_id, "sid": s.id if s else None, "tid": t.id if t else None})
    if event_rows:
        conn.execute(insert(events), event_rows)
        conn.execute(update(event_mentions).where(event_mentions.c.id == bindparam("mid")).values(
            event_id=bindparam("eid"), source_entity_id=bindparam("sid"), target_entity_id=bindparam("tid")), links)
    return len(groups)


def _by_target(members: list[dict], actors: dict[str, tuple]) -> dict[str, list[dict]]:
    """Split one bucket by target; a mention that names no target joins the most reported one."""
    named: dict[str, list[dict]] = defaultdict(list)
    unnamed = []
    for member in members:
        target = actors[member["id"]][1]
        if target is None and not member["target_text"]:
            unnamed.append(member)
        else:
            named[_actor_key(target, member["target_text"])].append(member)
    if not named:
        return {"": unnamed}
    biggest = max(named, key=lambda k: len(named[k]))
    named[biggest] = sorted(named[biggest] + unnamed, key=lambda m: (m["date"] or "", m["entry_id"], m["start"]))
    return dict(named)


def _actor_key(entity, text: str | None) -> str:
    return entity.id if entity is not None else fold(text or "")


def _country(entity) -> str | None:
    if entity is None:
        return None
    return entity.country or (entity.name if entity.type == "PLACE" else None)
