"""One event per real-world happening: event mentions grouped across entries and outlets.

Mentions of one type, by the same source on the same target, on the same day,
with the same negation and modality are one event. Actors are the canonical
entities of the entity stage (so "Oslo" and "Norway" meet); a part of a state
(its ministry, a minister) acting on a day the state itself does the same is
that state's event. A target that names no actor ("its presence", "military
exercises") neither splits an event nor stands as its target. The event keeps
the earliest mention's entry and sentence, the highest confidence, and the
number of mentions. Scores come from ``data/plover.yaml``.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterator
from itertools import groupby

from sqlalchemy import and_, bindparam, delete, func, insert, select, update

from ..store.schema import entities, event_mentions, events
from .gazetteer import fold
from .lexicon import ACTOR_NOUNS, GROUP_NOUNS, ORG_NOUNS, PEOPLE_NOUNS, ROLE_NOUNS
from .lexicon_plover import load_lexicon
from .resolve import Entity


def group_events(conn, found: dict[str, Entity], page: int = 64) -> int:
    """Link every event mention to its event and rewrite the events table; return the event count.

    Reads the actors' entity ids the entity stage stored on each mention (``found``: the entities by id)
    and one bucket date at a time (undated mentions one document at a time): only mentions of one day
    are in memory; undated mentions are read ``page`` documents at a time)."""
    lexicon = load_lexicon()
    conn.execute(delete(events))
    count = 0
    for rows in _segments(conn, page):
        count += _write_groups(conn, rows, found, lexicon)
    return count


_COLUMNS = list(event_mentions.c)
_ORDER = (event_mentions.c.entry_id, event_mentions.c.start, event_mentions.c.id)


def _segments(conn, page: int) -> Iterator[list[dict]]:
    """Event mentions in the order they are grouped, cut where no bucket can span: each undated
    document, then each date."""
    last = None
    while True:
        query = select(event_mentions.c.document_id).where(event_mentions.c.date.is_(None)).distinct().order_by(event_mentions.c.document_id).limit(page)
        ids = conn.execute(query if last is None else query.where(event_mentions.c.document_id > last)).scalars().all()
        if not ids:
            break
        rows = [dict(r) for r in conn.execute(select(*_COLUMNS).where(and_(
            event_mentions.c.date.is_(None), event_mentions.c.document_id >= ids[0], event_mentions.c.document_id <= ids[-1]))
            .order_by(event_mentions.c.document_id, *_ORDER)).mappings()]
        for _, members in groupby(rows, key=lambda r: r["document_id"]):
            yield list(members)
        last = ids[-1]
    day = None
    while True:
        query = select(func.min(event_mentions.c.date))
        day = conn.execute(query.where(event_mentions.c.date.is_not(None)) if day is None else query.where(event_mentions.c.date > day)).scalar()
        if day is None:
            return
        yield [dict(r) for r in conn.execute(select(*_COLUMNS).where(event_mentions.c.date == day).order_by(*_ORDER)).mappings()]


def _write_groups(conn, rows: list[dict], found: dict[str, Entity], lexicon) -> int:
    """Group one segment's mentions into events; write the events and the mentions' links."""
    buckets: dict[tuple, list[dict]] = defaultdict(list)
    actors: dict[str, tuple] = {}
    for row in rows:
        source, target = found.get(row["source_entity_id"] or ""), found.get(row["target_entity_id"] or "")
        key = (row["type"], _actor_key(source, row["source_text"]) if _is_actor(source, row["source_text"]) else "",
               row["date"] or f"undated:{row['document_id']}", bool(row["negated"]), bool(row["hypothetical"]))
        buckets[key].append(row)
        actors[row["id"]] = (source, target)
    _join_states(buckets, actors)
    groups: dict[tuple, list[dict]] = {}
    for key, members in buckets.items():
        for target_key, grouped in _by_target(members, actors).items():
            groups[key + (target_key,)] = grouped
    event_rows, links = [], []
    for key, members in groups.items():
        event_id = "ev:" + hashlib.sha1(repr(key).encode("utf-8")).hexdigest()[:16]
        first = members[0]
        source = next((actors[m["id"]][0] for m in members if _actor_key(actors[m["id"]][0], m["source_text"]) == key[1]),
                      actors[first["id"]][0])
        target_of = next((m for m in members if _names_target(actors[m["id"]][1], m["target_text"], m["type"])), None)
        target = actors[target_of["id"]][1] if target_of else None
        mode = next((m["mode"] for m in members if m["mode"]), None)
        event_rows.append(dict(
            id=event_id, entry_id=first["entry_id"], date=first["date"], date_precision=first["date_precision"],
            type=first["type"], mode=mode, context=next((m["context"] for m in members if m["context"]), None),
            source_actor=source.name if source else (first["source_text"] if key[1] else None),
            source_entity_id=source.id if source else None,
            source_country=_country(source),
            target_actor=target.name if target else (target_of["target_text"] if target_of else None),
            target_entity_id=target.id if target else None, target_country=_country(target),
            location=next((m["location"] for m in members if m["location"]), None), sentence=first["sentence"],
            negated=bool(first["negated"]), hypothetical=bool(first["hypothetical"]),
            score=lexicon.score(first["type"], mode), confidence=max(m["confidence"] for m in members),
            mentions=len(members),
        ))
        links.extend({"mid": member["id"], "eid": event_id} for member in members if member["event_id"] != event_id)
    if event_rows:
        conn.execute(insert(events), event_rows)
    if links:
        conn.execute(update(event_mentions).where(event_mentions.c.id == bindparam("mid")).values(event_id=bindparam("eid")), links)
    return len(groups)


def _by_target(members: list[dict], actors: dict[str, tuple]) -> dict[str, list[dict]]:
    """Split one bucket by target; a mention that names no actor as target joins the most reported one."""
    named: dict[str, list[dict]] = defaultdict(list)
    unnamed = []
    for member in members:
        target = actors[member["id"]][1]
        if _names_target(target, member["target_text"], member["type"]):
            named[_actor_key(target, member["target_text"])].append(member)
        else:
            unnamed.append(member)
    if not named:
        return {"": unnamed}
    biggest = max(named, key=lambda k: len(named[k]))
    named[biggest] = sorted(named[biggest] + unnamed, key=lambda m: (m["date"] or "", m["entry_id"], m["start"]))
    return dict(named)


def _join_states(buckets: dict[tuple, list[dict]], actors: dict[str, tuple]) -> None:
    """Move the mentions by a part of a state (its ministry, a minister, a city) into the bucket of the
    state itself, where the state does the same that day: "Norway accused Sweden" and "Norway's foreign
    ministry accused Sweden" are one event. Parts of a state whose state does not act stay their own."""
    states = {}
    for key, members in buckets.items():
        source = actors[members[0]["id"]][0]
        if source is not None and source.type == "PLACE" and fold(source.country or source.name) == fold(source.name):
            states[(key[0], fold(source.name), *key[2:])] = key
    for key in list(buckets):
        source = actors[buckets[key][0]["id"]][0]
        if source is None or not source.country or fold(source.country) == fold(source.name):
            continue
        state = states.get((key[0], fold(source.country), *key[2:]))
        if state is not None and state != key:
            buckets[state] = sorted(buckets[state] + buckets.pop(key), key=lambda m: (m["entry_id"], m["start"], m["id"]))


#: What a state moves when it mobilises or pulls back: never the target of those acts.
_UNITS = frozenset({"troop", "troops", "soldier", "soldiers", "force", "forces", "unit", "units", "personnel",
                    "battalion", "battalions", "division", "divisions", "brigade", "brigades", "army", "navy"})


def _names_target(entity, text: str | None, event_type: str) -> bool:
    """Whether a target is an actor: a canonical entity, or a description headed by a person, group or body
    ("US citizens", "the rebels"), or a name; not a thing ("its presence", "more than 1,000 troops"), nor
    the troops a state moves ("massed yet more troops", "sent more forces")."""
    head = _head(entity.name if entity is not None else text or "")
    if event_type in ("MOBILIZE", "RETREAT") and head.lower() in _UNITS:
        return False
    return _is_actor(entity, text)


def _is_actor(entity, text: str | None) -> bool:
    """A canonical entity, or a description headed by a person, group or body, or a name: not a thing
    ("shells", "its artillery", "a package of measures")."""
    if entity is not None:
        return True
    head = _head(text or "")
    if not head or any(ch.isdigit() for ch in text or ""):
        return False
    if head[:1].isupper():
        return True
    forms = _singulars(head.lower())
    return any(word in nouns for word in forms for nouns in (ACTOR_NOUNS, PEOPLE_NOUNS, ROLE_NOUNS, ORG_NOUNS, GROUP_NOUNS))


def _singulars(word: str) -> set[str]:
    """The word and the singulars it may be the plural of ("allies" → "ally", "women" → "woman")."""
    forms = {word}
    if word.endswith("men"):
        forms.add(word[:-3] + "man")
    if word.endswith("ren"):
        forms.add(word[:-3])           # children
    if word.endswith("ies"):
        forms.add(word[:-3] + "y")
    if word.endswith("s"):
        forms.add(word[:-1])
    return forms


def _head(text: str) -> str:
    """The last word before a preposition or relative ("members" in "members of the alliance"), possessive dropped."""
    words = text.split()
    if not words:
        return ""
    for i, word in enumerate(words[1:], start=1):
        if word in ("of", "in", "for", "to", "from", "on", "at", "with", "that", "which", "who", "it", "near", "along"):
            words = words[:i]
            break
    head = words[-1].strip(".,;:’'\"")
    return head[:-2] if head.endswith(("’s", "'s")) else head


def _actor_key(entity, text: str | None) -> str:
    return entity.id if entity is not None else fold(text or "")


def _country(entity) -> str | None:
    if entity is None:
        return None
    return entity.country or (entity.name if entity.type == "PLACE" else None)


def regroup_events(conn, dates: list[str], undated_documents: list[str]) -> int:
    """Regroup the events of some days and of some documents' undated mentions (after a few new documents:
    no other bucket changes); return the number of events written."""
    lexicon = load_lexicon()
    count = 0
    for rows in _cleared_segments(conn, dates, undated_documents):
        found = _entities_of(conn, {r[c] for r in rows for c in ("source_entity_id", "target_entity_id") if r[c]})
        count += _write_groups(conn, rows, found, lexicon)
    return count


def _cleared_segments(conn, dates: list[str], undated_documents: list[str]) -> Iterator[list[dict]]:
    """The mentions of each day, then of each document's undated mentions, each yielded after its events are deleted."""
    for day in dates:
        conn.execute(delete(events).where(events.c.date == day))
        yield [dict(r) for r in conn.execute(select(*_COLUMNS).where(event_mentions.c.date == day).order_by(*_ORDER)).mappings()]
    for document_id in undated_documents:
        undated = and_(event_mentions.c.document_id == document_id, event_mentions.c.date.is_(None))
        conn.execute(delete(events).where(events.c.date.is_(None), events.c.id.in_(select(event_mentions.c.event_id).where(undated))))
        yield [dict(r) for r in conn.execute(select(*_COLUMNS).where(undated).order_by(*_ORDER)).mappings()]


def _entities_of(conn, ids: set[str]) -> dict[str, Entity]:
    """The stored entities with these ids."""
    found: dict[str, Entity] = {}
    ordered = sorted(ids)
    for i in range(0, len(ordered), 500):
        for row in conn.execute(select(entities).where(entities.c.id.in_(ordered[i:i + 500]))).mappings():
            found[row["id"]] = Entity(row["id"], row["name"], row["type"], row["country"], json.loads(row["aliases"]), row["mentions"])
    return found
