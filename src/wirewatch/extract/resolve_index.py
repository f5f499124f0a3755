"""The resolution index: what the last full entity resolution found corpus-wide, kept in the store.

Written by the full pass (:func:`~.resolve_paged.resolve_store`) and extended by
local linking (:mod:`.resolve_local`): each name key's voted type and entity, each
person's surname, the holders of each role and the named organisations of each
kind. ``resolution_state`` says how many mentions the full pass read and how many
were linked locally since; ``analysis_state`` rows of the stage ``resolution``
say which version of each document was resolved. ``relinked_entries`` lists the
entries whose mentions changed entity, for the stories stage's entity index.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import and_, bindparam, delete, func, insert, select, text

from ..store import dialects
from ..store.schema import analysis_state, mentions, relinked_entries, resolution_keys, resolution_roles, resolution_state
from ..versions import now

#: Bumped when the resolution rules change what the index means: a stale index is not used.
INDEX_VERSION = "3"  # 2: capitalised acronyms are places only as countries; 3: a name with a title beside it is a person
#: The ``analysis_state`` stage whose rows mark resolved documents.
RESOLVED = "resolution"
_ROWS_PER_INSERT = 5000


@dataclass
class Index:
    """The stored index, in memory (one entry per distinct name key, role holder and organisation)."""

    types: dict[str, str] = field(default_factory=dict)
    by_key: dict[str, str] = field(default_factory=dict)
    surname_keys: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    holders: dict[str, dict[tuple[str, str | None], None]] = field(default_factory=lambda: defaultdict(dict))
    kinds: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))


def write_index(conn, keys: list[dict], roles: list[dict]) -> None:
    """Replace the index with a full resolution's, and mark every analysed document resolved."""
    for table, rows in ((resolution_keys, keys), (resolution_roles, roles)):
        conn.execute(delete(table))
        for i in range(0, len(rows), _ROWS_PER_INSERT):
            conn.execute(insert(table), rows[i:i + _ROWS_PER_INSERT])
    conn.execute(delete(analysis_state).where(analysis_state.c.stage == RESOLVED))
    conn.execute(text("INSERT INTO analysis_state (document_id, stage, content_hash) "
                      "SELECT document_id, :resolved, content_hash FROM analysis_state WHERE stage = 'entities'"), {"resolved": RESOLVED})
    counted = conn.execute(select(func.count()).select_from(mentions)).scalar() or 0
    conn.execute(delete(resolution_state))
    conn.execute(insert(resolution_state).values(id=1, version=INDEX_VERSION, full_mentions=counted, local_mentions=0, resolved_at=now()))


def load_index(conn) -> Index:
    """The stored index (call only when :func:`state` says there is a current one)."""
    index = Index()
    for key, kind, entity_id, surname in conn.execute(select(resolution_keys.c.key, resolution_keys.c.type,
                                                             resolution_keys.c.entity_id, resolution_keys.c.surname)):
        index.types[key] = kind
        if entity_id:
            index.by_key[key] = entity_id
        if surname:
            index.surname_keys[surname].add(key)
    for kind, role, country, entity_id in conn.execute(select(resolution_roles.c.kind, resolution_roles.c.role,
                                                              resolution_roles.c.country, resolution_roles.c.entity_id)):
        if kind == "holder":
            index.holders[role][(entity_id, country)] = None
        else:
            index.kinds[role].add(entity_id)
    return index


def extend_index(conn, keys: list[dict], roles: list[dict], linked_mentions: int) -> None:
    """Add what local linking found (new keys; new role holders and organisations) and count its mentions."""
    if keys:
        dialects.upsert(conn, resolution_keys, keys, ["key"])
    if roles:
        conn.execute(insert(resolution_roles), roles)
    conn.execute(resolution_state.update().where(resolution_state.c.id == 1)
                 .values(local_mentions=resolution_state.c.local_mentions + linked_mentions))


def state(conn) -> dict | None:
    """The stored index's version and mention counts, or None when there is no index of this version."""
    row = conn.execute(select(resolution_state)).mappings().first()
    return dict(row) if row and row["version"] == INDEX_VERSION else None


def unresolved_documents(conn) -> tuple[list[str], bool]:
    """Documents whose current analysis is not resolved yet, in id order, and whether any of them was
    resolved in an earlier version (replaced documents need the full pass: their old mentions counted)."""
    resolved = analysis_state.alias("resolved")
    rows = conn.execute(
        select(analysis_state.c.document_id, resolved.c.content_hash)
        .select_from(analysis_state.outerjoin(resolved, and_(resolved.c.document_id == analysis_state.c.document_id,
                                                             resolved.c.stage == RESOLVED)))
        .where(analysis_state.c.stage == "entities",
               (resolved.c.content_hash.is_(None)) | (resolved.c.content_hash != analysis_state.c.content_hash))
        .order_by(analysis_state.c.document_id)).all()
    return [r[0] for r in rows], any(r[1] is not None for r in rows)


def mark_resolved(conn, document_ids: list[str]) -> None:
    """Record that these documents' current analysis is resolved."""
    for i in range(0, len(document_ids), 500):
        chunk = document_ids[i:i + 500]
        conn.execute(delete(analysis_state).where(and_(analysis_state.c.stage == RESOLVED, analysis_state.c.document_id.in_(chunk))))
        conn.execute(text("INSERT INTO analysis_state (document_id, stage, content_hash) SELECT document_id, :resolved, content_hash "
                          "FROM analysis_state WHERE stage = 'entities' AND document_id IN :ids")
                     .bindparams(bindparam("ids", expanding=True)), {"resolved": RESOLVED, "ids": chunk})


def mark_relinked(conn, entry_ids: set[str]) -> None:
    """Note entries whose mentions changed entity (the stories stage re-indexes their stories)."""
    rows = [{"entry_id": e} for e in sorted(entry_ids)]
    for i in range(0, len(rows), _ROWS_PER_INSERT):
        dialects.upsert(conn, relinked_entries, rows[i:i + _ROWS_PER_INSERT], ["entry_id"])

