"""Read the store page by page, with filters: the functions behind ``wirewatch show`` and the HTTP API.

Every list is ordered by a key that ends in the row's id and is paged by an
opaque cursor holding the last key seen (keyset pagination: a page costs the
same deep in a 100,000-entry store as on its first page). Undated rows sort
last. Page sizes are capped by :func:`wirewatch.limits.max_page` (``WIREWATCH_MAX_PAGE``).
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field

from sqlalchemy import bindparam, func, literal, or_, select, text, tuple_
from sqlalchemy.exc import OperationalError

from .errors import Code, WirewatchError
from .limits import PAGE, max_page
from .store import Store, dialects
from .store.schema import (documents, entities, entries, events, figures, mentions, quotes, stories, story_entities,
                           story_entries, story_links)
from .timeparse import parse_date

DEFAULT_PAGE = 50
_LAST = "9999"  # sorts after every ISO date: undated rows come last
RANK_WINDOW = 5000  # search ranks at most this many of a query's most recently stored matches


@dataclass
class Filters:
    """What a list may be narrowed to. Dates are days (YYYY-MM-DD), inclusive."""

    start: str | None = None
    end: str | None = None
    entity: str | None = None
    source: str | None = None
    event_type: str | None = None
    document_id: str | None = None

    def check(self) -> None:
        for name, value in (("from", self.start), ("to", self.end)):
            if value is not None and (len(value) != 10 or parse_date(value) is None):
                raise WirewatchError(Code.BAD_DATE, f"{name} {value!r} is not a day; use YYYY-MM-DD")


@dataclass
class Page:
    items: list[dict]
    next_cursor: str | None = None
    extra: dict = field(default_factory=dict)


def _limit(limit: int | None) -> int:
    if limit is None:
        return DEFAULT_PAGE
    cap = max_page()
    if limit < 1:
        raise WirewatchError(Code.BAD_OPTION, f"limit {limit}: give 1 or more (at most {cap})")
    if limit > cap:
        raise WirewatchError(Code.BAD_OPTION, f"limit {limit} is over the page-size limit of {cap}; page on with the cursor, or raise {PAGE.env}")
    return limit


def _encode(values: list) -> str:
    return base64.urlsafe_b64encode(json.dumps(values, separators=(",", ":")).encode()).decode().rstrip("=")


def _decode(cursor: str, size: int) -> list:
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        values = None
    if not isinstance(values, list) or len(values) != size:
        raise WirewatchError(Code.BAD_OPTION, "cursor is not one this list gave out; start again without it")
    return values


def _paged(store: Store, query, keys: list, cursor: str | None, limit: int | None) -> Page:
    """Run ``query`` ordered by ``keys`` (labelled expressions ending in a unique id) from ``cursor``."""
    size = _limit(limit)
    if cursor:
        query = query.where(tuple_(*keys) > tuple_(*[literal(v) for v in _decode(cursor, len(keys))]))
    query = query.add_columns(*[k.label(f"_k{i}") for i, k in enumerate(keys)]).order_by(*keys).limit(size + 1)
    with store.engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(query).mappings()]
    more = len(rows) > size
    rows = rows[:size]
    next_cursor = _encode([rows[-1][f"_k{i}"] for i in range(len(keys))]) if more and rows else None
    for row in rows:
        for i in range(len(keys)):
            row.pop(f"_k{i}", None)
    return Page(rows, next_cursor)


def _day_range(column, filters: Filters) -> list:
    conditions = []
    if filters.start:
        conditions.append(column >= filters.start)
    if filters.end:
        conditions.append(column < filters.end + "~")  # "~" sorts after any time of that day; keeps the index usable
    return conditions


def entity_ids(store: Store, name: str) -> list[str]:
    """Entities whose id, name or one of whose aliases is ``name`` (case-insensitive)."""
    wanted = name.casefold()
    with store.engine.connect() as conn:
        exact = conn.execute(select(entities.c.id).where(or_(entities.c.id == name, func.lower(entities.c.name) == wanted))).scalars().all()
        if exact:
            return list(exact)
        rows = conn.execute(select(entities.c.id, entities.c.aliases).where(entities.c.aliases.like(f"%{_like(name)}%", escape="\\")))
        return [r.id for r in rows if any(a.casefold() == wanted for a in json.loads(r.aliases))]


def _like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _required_entities(store: Store, name: str) -> list[str]:
    found = entity_ids(store, name)
    if not found:
        raise WirewatchError(Code.NOT_FOUND_IN_STORE, f"no entity named {name!r}; list them with `wirewatch show entities`")
    return found


def _entry_filter(store: Store, filters: Filters, entry_id_column) -> list:
    """Conditions on an entry id column: the entity mentioned, the outlet, the document."""
    conditions = []
    if filters.entity:
        ids = _required_entities(store, filters.entity)
        conditions.append(entry_id_column.in_(select(mentions.c.entry_id).where(mentions.c.entity_id.in_(ids))))
    if filters.source:
        conditions.append(entry_id_column.in_(select(entries.c.id).join(documents, documents.c.id == entries.c.document_id)
                                              .where(func.lower(documents.c.source) == filters.source.casefold())))
    if filters.document_id:
        conditions.append(entry_id_column.like(_like(filters.document_id) + "#%", escape="\\"))
    return conditions


# -- lists ---------------------------------------------------------------------


def list_documents(store: Store, filters: Filters = Filters(), cursor: str | None = None, limit: int | None = None) -> Page:
    filters.check()
    query = select(*[c for c in documents.c if c.name not in ("text", "removed")]).where(*_day_range(documents.c.published_at, filters))
    if filters.source:
        query = query.where(func.lower(documents.c.source) == filters.source.casefold())
    if filters.entity:
        ids = _required_entities(store, filters.entity)
        query = query.where(documents.c.id.in_(select(mentions.c.document_id).where(mentions.c.entity_id.in_(ids))))
    return _paged(store, query, [func.coalesce(documents.c.published_at, _LAST), documents.c.id], cursor, limit)


def list_entries(store: Store, filters: Filters = Filters(), cursor: str | None = None, limit: int | None = None) -> Page:
    filters.check()
    query = (select(entries, documents.c.source).join(documents, documents.c.id == entries.c.document_id)
             .where(*_day_range(entries.c.published_at, filters), *_entry_filter(store, filters, entries.c.id)))
    if filters.document_id:  # one document's entries in their order on the page
        return _paged(store, query.where(entries.c.document_id == filters.document_id), [entries.c.idx, entries.c.id], cursor, limit)
    return _paged(store, query, [func.coalesce(entries.c.published_at, _LAST), entries.c.id], cursor, limit)


def list_stories(store: Store, filters: Filters = Filters(), cursor: str | None = None, limit: int | None = None) -> Page:
    filters.check()
    columns = [c for c in stories.c if c.name != "vector"]
    member = _entry_filter(store, Filters(source=filters.source, document_id=filters.document_id), story_entries.c.entry_id)
    if filters.entity:  # through story_entities: the stories of a frequent actor without scanning its mentions
        ids = _required_entities(store, filters.entity)
        query = (select(*columns).join(story_entities, story_entities.c.story_id == stories.c.id)
                 .where(story_entities.c.entity_id.in_(ids), *_day_range(story_entities.c.first_published_at, filters)))
        keys = [func.coalesce(story_entities.c.first_published_at, _LAST), stories.c.id]
        if len(ids) > 1:
            query = query.distinct()
    else:
        query = select(*columns).where(*_day_range(stories.c.first_published_at, filters))
        keys = [func.coalesce(stories.c.first_published_at, _LAST), stories.c.id]
    if member:
        query = query.where(stories.c.id.in_(select(story_entries.c.story_id).where(*member)))
    page = _paged(store, query, keys, cursor, limit)
    for row in page.items:
        row["sources"] = json.loads(row["sources"])
    return page


def list_entities(store: Store, name: str | None = None, kind: str | None = None, cursor: str | None = None, limit: int | None = None) -> Page:
    """Entities, most mentioned first; ``name`` matches a part of the name, ``kind`` the type."""
    query = select(entities)
    if name:
        query = query.where(or_(entities.c.name.like(f"%{_like(name)}%", escape="\\"), entities.c.aliases.like(f"%{_like(name)}%", escape="\\")))
    if kind:
        query = query.where(entities.c.type == kind.upper())
    page = _paged(store, query, [-entities.c.mentions, entities.c.id], cursor, limit)
    for row in page.items:
        row["aliases"] = json.loads(row["aliases"])
    return page


def _said(store: Store, table, who, filters: Filters, cursor: str | None, limit: int | None) -> Page:
    """Quotes or figures (``who``: the speaker's or claimant's entity column), in time order."""
    filters.check()
    query = (select(table, documents.c.source).join(documents, documents.c.id == table.c.document_id)
             .where(*_day_range(table.c.published_at, filters)))
    if filters.entity:
        query = query.where(who.in_(_required_entities(store, filters.entity)))
    query = query.where(*_entry_filter(store, Filters(source=filters.source, document_id=filters.document_id), table.c.entry_id))
    return _paged(store, query, [func.coalesce(table.c.published_at, _LAST), table.c.id], cursor, limit)


def list_quotes(store: Store, filters: Filters = Filters(), cursor: str | None = None, limit: int | None = None) -> Page:
    return _said(store, quotes, quotes.c.speaker_entity_id, filters, cursor, limit)


def list_figures(store: Store, filters: Filters = Filters(), cursor: str | None = None, limit: int | None = None) -> Page:
    return _said(store, figures, figures.c.claimed_by_entity_id, filters, cursor, limit)


def event_conditions(store: Store, filters: Filters) -> list:
    """Conditions on ``events`` for a day range (the event's date), entity (actor or target), outlet, type."""
    filters.check()
    conditions = _day_range(events.c.date, filters)
    if filters.event_type:
        conditions.append(events.c.type == filters.event_type.upper())
    if filters.entity:
        ids = _required_entities(store, filters.entity)
        conditions.append(or_(events.c.source_entity_id.in_(ids), events.c.target_entity_id.in_(ids)))
    return conditions + _entry_filter(store, Filters(source=filters.source, document_id=filters.document_id), events.c.entry_id)


def list_events(store: Store, filters: Filters = Filters(), cursor: str | None = None, limit: int | None = None) -> Page:
    query = select(events).where(*event_conditions(store, filters))
    return _paged(store, query, [func.coalesce(events.c.date, _LAST), events.c.id], cursor, limit)


def search(store: Store, words: str, cursor: str | None = None, limit: int | None = None, filters: Filters | None = None) -> Page:
    """Entries matching ``words`` (plain words are ANDed), best first, with a marked snippet;
    ``filters``: a day range, an outlet, an entity mentioned. SQLite: FTS5 syntax, bm25;
    PostgreSQL: see :func:`_search_postgres`.

    A query matching more than :data:`RANK_WINDOW` entries is ranked among its most recently
    stored matches, so that a common word costs what a rare one does."""
    if not words.strip():
        raise WirewatchError(Code.BAD_OPTION, "search needs some words")
    filters = filters or Filters()
    filters.check()
    size = _limit(limit)
    offset = _decode(cursor, 1)[0] if cursor else 0
    if not isinstance(offset, int) or offset < 0:
        raise WirewatchError(Code.BAD_OPTION, "cursor is not one this list gave out; start again without it")
    where, params = _search_conditions(store, filters)
    if not store.is_sqlite:
        return _search_postgres(store, words, where, params, size, offset)
    # ranked by FTS5 (bm25) among the window; without filters FTS5 pages it itself, with them the join filters first
    inner = ("SELECT rowid, entry_id, rank FROM entries_fts WHERE entries_fts MATCH :q AND rowid >= :cut"
             + ("" if params else " ORDER BY rank LIMIT :n OFFSET :o"))
    ranked = text("SELECT f.rowid AS fts_rowid, e.id, e.document_id, e.headline, e.published_at, e.date_precision, d.source "
                  f"FROM ({inner}) f JOIN entries e ON e.id = f.entry_id JOIN documents d ON d.id = e.document_id "
                  f"WHERE {where} ORDER BY f.rank, e.id" + (" LIMIT :n OFFSET :o" if params else ""))
    if "ids" in params:
        ranked = ranked.bindparams(bindparam("ids", expanding=True))
    window = text("SELECT rowid FROM entries_fts WHERE entries_fts MATCH :q ORDER BY rowid DESC LIMIT 1 OFFSET :w")
    snippets = text("SELECT rowid, snippet(entries_fts, 2, char(2), char(3), ' … ', 16) AS snippet FROM entries_fts "
                    "WHERE entries_fts MATCH :q AND rowid IN :rowids").bindparams(bindparam("rowids", expanding=True))
    params |= {"q": words, "n": size + 1, "o": offset, "w": RANK_WINDOW - 1}
    for attempt in (1, 2):
        try:
            with store.engine.connect() as conn:
                params["cut"] = conn.execute(window, params).scalar() or 0  # a very common word: rank its newest matches
                rows = [dict(r) for r in conn.execute(ranked, params).mappings()]
                marked = dict(conn.execute(snippets, {"q": params["q"], "rowids": [r["fts_rowid"] for r in rows[:size]] or [-1]}).all())
            break
        except OperationalError:  # FTS syntax in plain words ("Mr. O'Brien"): search them as phrases
            if attempt == 2:
                raise
            params["q"] = " ".join('"' + w.replace('"', '""') + '"' for w in words.split())
    for row in rows:
        row["snippet"] = marked.get(row.pop("fts_rowid"), "")
    more = len(rows) > size
    return Page(rows[:size], _encode([offset + size]) if more else None)


_PG_SEARCH = ("SELECT e.id, e.document_id, e.headline, e.published_at, e.date_precision, d.source, "
              "ts_headline('" + dialects.PG_CONFIG + "', e.text, q.q, 'StartSel=' || chr(2) || ', StopSel=' || chr(3) || "
              "', MaxWords=16, MinWords=4, MaxFragments=1, FragmentDelimiter=\" … \"') AS snippet "
              "FROM entries e JOIN documents d ON d.id = e.document_id, websearch_to_tsquery('" + dialects.PG_CONFIG + "', :q) AS q(q) "
              "WHERE " + dialects.PG_VECTOR + " @@ q.q AND e.withdrawn_at IS NULL AND ")
_PG_ORDER = " ORDER BY ts_rank(" + dialects.PG_VECTOR + ", q.q) DESC, e.id LIMIT :n OFFSET :o"


def _search_postgres(store: Store, words: str, where: str, params: dict, size: int, offset: int) -> Page:
    """PostgreSQL's own text search: ``websearch_to_tsquery`` (plain words ANDed, "a phrase", or, -word),
    ranked by ``ts_rank`` over the GIN-indexed entry vector, snippets by ``ts_headline``."""
    ranked = text(_PG_SEARCH + where + _PG_ORDER)  # ``where``: fixed conditions with bound parameters
    if "ids" in params:
        ranked = ranked.bindparams(bindparam("ids", expanding=True))
    with store.engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(ranked, params | {"q": words, "n": size + 1, "o": offset}).mappings()]
    more = len(rows) > size
    return Page(rows[:size], _encode([offset + size]) if more else None)


def _search_conditions(store: Store, filters: Filters) -> tuple[str, dict]:
    """SQL conditions on ``e`` (entries) and ``d`` (documents) for the search filters, with their parameters."""
    where, params = ["1 = 1"], {}
    if filters.start:
        where.append("e.published_at >= :start")
        params["start"] = filters.start
    if filters.end:
        where.append("e.published_at < :end")
        params["end"] = filters.end + "~"
    if filters.source:
        where.append("lower(d.source) = :source")
        params["source"] = filters.source.casefold()
    if filters.entity:
        where.append("EXISTS (SELECT 1 FROM mentions m WHERE m.entry_id = e.id AND m.entity_id IN :ids)")
        params["ids"] = _required_entities(store, filters.entity)
    return " AND ".join(where), params


# -- single items --------------------------------------------------------------


def get_story(store: Store, story_id: str) -> dict:
    """A story with each member entry (text, outlet, time, copy mark), its quotes and figures, and related stories."""
    with store.engine.connect() as conn:
        row = conn.execute(select(*[c for c in stories.c if c.name != "vector"]).where(stories.c.id == story_id)).mappings().first()
        if row is None:
            raise WirewatchError(Code.NOT_FOUND_IN_STORE, f"no story {story_id!r}")
        story = dict(row) | {"sources": json.loads(row["sources"])}
        member_rows = conn.execute(
            select(story_entries.c.entry_id, story_entries.c.copy_of, story_entries.c.score, entries.c.document_id, entries.c.headline,
                   entries.c.text, entries.c.published_at, entries.c.date_precision, documents.c.source, documents.c.title, documents.c.url)
            .join(entries, entries.c.id == story_entries.c.entry_id).join(documents, documents.c.id == entries.c.document_id)
            .where(story_entries.c.story_id == story_id)
            .order_by(func.coalesce(entries.c.published_at, _LAST), entries.c.id)).mappings().all()
        members = [dict(m) for m in member_rows]
        ids = [m["entry_id"] for m in members]
        said = [dict(q) for q in conn.execute(select(quotes).where(quotes.c.entry_id.in_(ids)).order_by(quotes.c.entry_id, quotes.c.start, quotes.c.end, quotes.c.id)).mappings()]
        claimed = [dict(f) for f in conn.execute(select(figures).where(figures.c.entry_id.in_(ids)).order_by(figures.c.entry_id, figures.c.start, figures.c.end, figures.c.id)).mappings()]
        links = conn.execute(select(story_links).where(or_(story_links.c.story_id == story_id, story_links.c.related_id == story_id))
                             .order_by(story_links.c.score.desc(), story_links.c.story_id, story_links.c.related_id)).mappings().all()
        related_ids = [l["related_id"] if l["story_id"] == story_id else l["story_id"] for l in links]
        headlines = dict(conn.execute(select(stories.c.id, stories.c.headline).where(stories.c.id.in_(related_ids))).all())
    for member in members:
        member["quotes"] = [q for q in said if q["entry_id"] == member["entry_id"]]
        member["figures"] = [f for f in claimed if f["entry_id"] == member["entry_id"]]
    story["members"] = members
    story["related"] = [{"id": r, "headline": headlines.get(r)} for r in related_ids]
    return story


def get_entity(store: Store, entity_id: str, limit: int = 100) -> dict:
    """An entity with its latest quotes (shown oldest first, over time), the events it is actor or target
    of, the stories it appears in and the figures it claimed (newest first); at most ``limit`` of each."""
    with store.engine.connect() as conn:
        row = conn.execute(select(entities).where(entities.c.id == entity_id)).mappings().first()
        if row is None:
            found = entity_ids(store, entity_id)
            if len(found) != 1:
                raise WirewatchError(Code.NOT_FOUND_IN_STORE, f"no entity {entity_id!r}")
            row = conn.execute(select(entities).where(entities.c.id == found[0])).mappings().first()
        entity = dict(row) | {"aliases": json.loads(row["aliases"])}
        key = entity["id"]
        latest = (select(quotes).where(quotes.c.speaker_entity_id == key)  # the newest ``limit``, by index, shown oldest first
                  .order_by(quotes.c.published_at.desc().nulls_last(), quotes.c.id.desc()).limit(limit).subquery())
        entity["quotes"] = [dict(q) for q in conn.execute(
            select(latest, documents.c.source).join(documents, documents.c.id == latest.c.document_id)
            .order_by(latest.c.published_at.is_(None), latest.c.published_at, latest.c.id)).mappings()]
        found: dict[str, dict] = {}
        for column in (events.c.source_entity_id, events.c.target_entity_id):  # one index walk each, newest first
            for event in conn.execute(select(events).where(column == key).order_by(events.c.date.desc().nulls_last(), events.c.id.desc()).limit(limit)).mappings():
                found[event["id"]] = dict(event)
        entity["events"] = sorted(found.values(), key=lambda e: (e["date"] or "", e["id"]), reverse=True)[:limit]
        entity["figures"] = [dict(f) for f in conn.execute(
            select(figures).where(figures.c.claimed_by_entity_id == key)
            .order_by(figures.c.published_at.desc().nulls_last(), figures.c.id.desc()).limit(limit)).mappings()]
        entity["stories"] = [dict(s) for s in conn.execute(
            select(stories.c.id, stories.c.headline, stories.c.first_published_at)
            .join(story_entities, story_entities.c.story_id == stories.c.id).where(story_entities.c.entity_id == key)
            .order_by(story_entities.c.first_published_at.desc().nulls_last(), story_entities.c.story_id.desc()).limit(limit)).mappings()]
    return entity


def get_document(store: Store, document_id: str) -> dict:
    """A document with its entries (and each entry's story) and the debris removed from it."""
    document = store.get_document(document_id)
    document["removed"] = json.loads(document["removed"])
    with store.engine.connect() as conn:
        document["entries"] = [dict(e) for e in conn.execute(
            select(entries, story_entries.c.story_id).outerjoin(story_entries, story_entries.c.entry_id == entries.c.id)
            .where(entries.c.document_id == document_id).order_by(entries.c.idx)).mappings()]
    return document

