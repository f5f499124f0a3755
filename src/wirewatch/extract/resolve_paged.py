"""Entity resolution on a store, a page of documents at a time, in bounded memory.

The passes of :class:`~.resolve.Resolver` each read the mentions page by page
(documents in id order, each document's mentions in text order); only the
aggregates per name key, cluster and role stay in memory between pages. The
last pass links each page's mentions (only those whose entity changed), and
looks up its quotes' speakers, figures' claimants and event mentions' actors
while the page's name maps are at hand. Entities are then written, speakers and
claimants get their entities' names, and events are grouped one date at a time
(:func:`~.events_group.group_events`). All of it is one transaction holding the
``analysis-results`` lock, as the per-document writers take it shared.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

from sqlalchemy import ColumnElement, and_, bindparam, delete, func, insert, select, update

from ..store import Store, dialects
from ..store.schema import documents, entities, entries, event_mentions, figures, mentions, quotes
from .events_group import group_events
from .resolve import DocumentNames, Mention, Resolver
from .resolve_index import mark_relinked, write_index

#: Documents read per query: memory holds one page's rows at a time.
PAGE_DOCUMENTS = 64
_NO_NAMES = DocumentNames([], {}, {})


def resolve_store(store: Store) -> int:
    """Rewrite the entity table from every stored mention; link mentions (those whose entity changed),
    speakers, claimants and event actors to entities; regroup events. Returns the number of entities."""
    with store.engine.begin() as conn:
        dialects.lock_in_transaction(conn, "analysis-results")  # PostgreSQL: no document's results change meanwhile
        conn.execute(delete(entities))  # SQLite: the write begins the transaction, so every pass reads the same rows
        resolver = Resolver()
        for step in (resolver.count, resolver.cluster, resolver.gather):
            for first, last in _pages(conn):
                for doc in read_documents(conn, _in_page(first, last))[0]:
                    step(doc)
            resolver.settle()
        relinked: set[str] = set()
        for first, last in _pages(conn):
            relinked |= _link_page(conn, resolver, first, last)
        found = resolver.entities()
        if found:
            conn.execute(insert(entities), [
                {"id": e.id, "name": e.name, "type": e.type, "country": e.country,
                 "aliases": json.dumps(e.aliases, ensure_ascii=False), "mentions": e.mentions} for e in found.values()])
        show_entity_names(conn)
        group_events(conn, found, PAGE_DOCUMENTS)
        mark_relinked(conn, relinked)
        write_index(conn, *resolver.index())
    return len(found)


def _pages(conn) -> Iterator[tuple[str, str]]:
    """First and last id of each page of ``PAGE_DOCUMENTS`` documents, in id order."""
    last = None
    while True:
        query = select(documents.c.id).order_by(documents.c.id).limit(PAGE_DOCUMENTS)
        if last is not None:
            query = query.where(documents.c.id > last)
        ids = conn.execute(query).scalars().all()
        if not ids:
            return
        yield ids[0], ids[-1]
        last = ids[-1]


def _in_page(first: str, last: str) -> ColumnElement:
    return and_(mentions.c.document_id >= first, mentions.c.document_id <= last)


def read_documents(conn, where: ColumnElement, linked: bool = False) -> tuple[list[list[Mention]], dict[str, tuple[str | None, str]]]:
    """The mentions ``where`` selects, one list per document (in id order) in text order; with ``linked``,
    each mention's stored entity and its entry."""
    columns = [mentions.c[name] for name in Mention.COLUMNS] + ([mentions.c.entity_id, mentions.c.entry_id] if linked else [])
    query = (select(*columns).where(where)
             .order_by(mentions.c.document_id, mentions.c.start, mentions.c.end, mentions.c.id))
    docs: list[list[Mention]] = []
    stored: dict[str, tuple[str | None, str]] = {}
    result = conn.execute(query)
    fetched = result.cursor.fetchall()  # plain tuples: texts, integers and flags need no conversion
    result.close()
    for row in fetched:
        mid, doc, start, name, label, role, country, is_role, holder, acts = row[:10]
        if not docs or docs[-1][0].document_id != doc:
            docs.append([])
        docs[-1].append(Mention(mid, doc, start, name, label, role, country, bool(is_role), holder, bool(acts)))
        if linked:
            stored[mid] = (row[10], row[11])
    return docs, stored


def _link_page(conn, resolver: Resolver, first: str, last: str) -> set[str]:
    """The last pass on one page: mention links, speakers, claimants, event actors. Returns the entries
    whose mentions changed entity."""
    docs, stored = read_documents(conn, _in_page(first, last), linked=True)
    names_of: dict[str, DocumentNames] = {}
    links = []
    relinked = set()
    for doc in docs:
        names = names_of[doc[0].document_id] = resolver.assign(doc)
        linked_to = {m.id: entity_id for m, entity_id, _ in names.links}
        for m in doc:
            was, entry_id = stored[m.id]
            now = linked_to.get(m.id)
            if was != now:  # a role description no holder is found for any more is unlinked
                relinked.add(entry_id)
                links.append({"mid": m.id, "eid": now})
    if links:
        conn.execute(update(mentions).where(mentions.c.id == bindparam("mid")).values(entity_id=bindparam("eid")), links)

    def lookup(document_id: str, name: str | None, acting: bool = False) -> str | None:
        return resolver.lookup(names_of.get(document_id, _NO_NAMES), name, acting)

    in_page = and_(entries.c.document_id >= first, entries.c.document_id <= last)
    page_entries = select(entries.c.id).where(in_page)
    link_attributions(conn, lookup, lambda table: table.c.entry_id.in_(page_entries),
                      and_(event_mentions.c.document_id >= first, event_mentions.c.document_id <= last))
    return relinked


def link_attributions(conn, lookup: Callable[..., str | None], said: Callable, acted: ColumnElement) -> None:
    """Link the speakers of the quotes and the claimants of the figures ``said(table)`` selects, and the
    actors of the event mentions ``acted`` selects, through ``lookup(document id, name, acting)``;
    write only the links that changed. Speakers, claimants and sources act: a capital that speaks is its
    state (``Moscow says`` is Russia), as in the mentions (:func:`resolve._key`)."""
    speakers = [{"qid": qid, "eid": eid} for qid, doc, said_by, stored_id in conn.execute(
        select(quotes.c.id, quotes.c.document_id, quotes.c.speaker_text, quotes.c.speaker_entity_id).where(said(quotes)))
        if (eid := lookup(doc, said_by, acting=True)) != stored_id]
    if speakers:
        conn.execute(update(quotes).where(quotes.c.id == bindparam("qid")).values(speaker_entity_id=bindparam("eid")), speakers)
    claimants = [{"fid": fid, "eid": eid} for fid, doc, claimed_by, kind, stored_id in conn.execute(
        select(figures.c.id, figures.c.document_id, figures.c.claimed_by_text, figures.c.claimant_kind, figures.c.claimed_by_entity_id)
        .where(said(figures)))
        if (eid := lookup(doc, claimed_by, acting=True) if kind != "outlet" else None) != stored_id]
    if claimants:
        conn.execute(update(figures).where(figures.c.id == bindparam("fid")).values(claimed_by_entity_id=bindparam("eid")), claimants)
    actors = []
    for mid, doc, source, target, stored_source, stored_target in conn.execute(
            select(event_mentions.c.id, event_mentions.c.document_id, event_mentions.c.source_text, event_mentions.c.target_text,
                   event_mentions.c.source_entity_id, event_mentions.c.target_entity_id).where(acted)):
        found = {"mid": mid, "sid": lookup(doc, source, acting=True), "tid": lookup(doc, target)}
        if (found["sid"], found["tid"]) != (stored_source, stored_target):
            actors.append(found)
    if actors:
        conn.execute(update(event_mentions).where(event_mentions.c.id == bindparam("mid")).values(
            source_entity_id=bindparam("sid"), target_entity_id=bindparam("tid")), actors)


def show_entity_names(conn, where: Callable | None = None) -> None:
    """A linked speaker or claimant is shown by its entity's name, else as written (only rows that change;
    ``where(table)`` narrows the rows)."""
    for table, shown, written, linked in ((quotes, "speaker", "speaker_text", "speaker_entity_id"),
                                          (figures, "claimed_by", "claimed_by_text", "claimed_by_entity_id")):
        name = func.coalesce(select(entities.c.name).where(entities.c.id == table.c[linked]).scalar_subquery(), table.c[written])
        changed = table.c[shown].is_distinct_from(name)
        conn.execute(update(table).where(changed if where is None else and_(where(table), changed)).values({shown: name}))
