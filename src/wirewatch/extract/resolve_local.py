"""Entity resolution for a few new documents: linked to the stored entities, the corpus not resolved again.

Consumes the mentions of the documents analysed since the last resolution and
the resolution index (:mod:`.resolve_index`); produces their mentions' entities
(new entities for names the corpus had not seen), their quotes' speakers',
figures' claimants' and events' actors' entities, and the events of the days
their events fall on.

The full pass (:mod:`.resolve_paged`) votes over every stored mention, so its
time grows with the corpus. Local linking applies the same rules to each new
document, with the corpus-wide facts as the last full pass left them (and as
earlier local runs extended them):

- a known name keeps its voted type and entity; a new name's type is voted over the new documents;
- a surname is the one full name of its document with that surname, else the one the index knows;
- an acronym is the organisation the index links it to, else the one whose initials it spells;
- an unnamed description (``the alliance``) is the one organisation of that kind the document names;
- a role description (``NATO chief``) is the one holder of that role in its document, else in the index
  (the stated country must agree);
- a new entity gets the id a full pass would give its name; a known one keeps its name and id.

Until the next full pass, a known entity's type, name and country are not voted
again (a known entity with no country takes the one its new mentions state most), and a new full name does not change how older documents' surnames read.
Local linking runs only when every document waiting is new (a replaced document's
old mentions are counted in the stored entities) and the mentions linked locally
since the last full pass stay within :data:`LOCAL_SHARE` of those it read;
otherwise, or when forced, the full pass runs.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterator

from sqlalchemy import bindparam, func, insert, select, update

from ..store import Store, dialects
from ..store.schema import entities, event_mentions, mentions
from .events_group import regroup_events
from .gazetteer import fold
from .lexicon import ORG_NOUNS
from .resolve import (Mention, Resolver, _Stats, _acronyms, _entity_id, _holds_role, _is_unnamed_description, _kind_holder,
                      _lookup, _names_organisation, _unique, holder_of)
from .resolve_index import Index, extend_index, load_index, mark_resolved, state, unresolved_documents
from .resolve_paged import link_attributions, read_documents, show_entity_names

#: Local linking stops (and the full pass runs) once the mentions linked locally since the last full
#: pass would exceed this share of the mentions it read.
LOCAL_SHARE = 0.10
PAGE_DOCUMENTS = 64


def link_new_documents(store: Store) -> int | None:
    """Link the documents analysed since the last resolution to the stored entities, in one transaction;
    return the number of entities, or ``None`` (nothing written) when the full pass must run instead."""
    with store.engine.begin() as conn:
        dialects.lock_in_transaction(conn, "analysis-results")
        current = state(conn)
        if current is None:
            return None
        todo, replaced = unresolved_documents(conn)
        if replaced:
            return None
        if todo:
            waiting = sum(conn.execute(select(func.count()).where(mentions.c.document_id.in_(chunk))).scalar() or 0
                          for chunk in _chunks(todo, 500))
            if current["local_mentions"] + waiting > LOCAL_SHARE * current["full_mentions"]:
                return None
            _link(conn, todo, waiting)
            mark_resolved(conn, todo)
        return conn.execute(select(func.count()).select_from(entities)).scalar() or 0


def resolution_pending(store: Store) -> bool:
    """Whether some analysed document is not resolved yet (or the store has mentions but no index)."""
    with store.engine.connect() as conn:
        if state(conn) is None:
            return conn.execute(select(mentions.c.id).limit(1)).first() is not None
        return bool(unresolved_documents(conn)[0])


def _link(conn, todo: list[str], waiting: int) -> None:
    linker = _Linker(load_index(conn), dict(conn.execute(select(entities.c.id, entities.c.country)).all()))
    for step in (linker.count, linker.gather):
        for docs in _pages(conn, todo):
            for doc in docs:
                step(doc)
        linker.settle()
    for docs in _pages(conn, todo):
        names_of = {}
        links = []
        for doc in docs:
            names_of[doc[0].document_id] = names = linker.link(doc)
            links.extend({"mid": m.id, "eid": entity_id} for m, entity_id in names.links)
        if links:
            conn.execute(update(mentions).where(mentions.c.id == bindparam("mid")).values(entity_id=bindparam("eid")), links)
        ids = sorted(names_of)
        link_attributions(conn, lambda doc_id, name, acting=False: linker.lookup(names_of[doc_id], name, acting),
                          lambda table: table.c.document_id.in_(ids), event_mentions.c.document_id.in_(ids))
    _write_entities(conn, linker)
    for chunk in _chunks(todo, 500):
        show_entity_names(conn, lambda table, chunk=chunk: table.c.document_id.in_(chunk))
    dated, undated = set(), set()
    for chunk in _chunks(todo, 500):
        for doc_id, date in conn.execute(select(event_mentions.c.document_id, event_mentions.c.date)
                                         .where(event_mentions.c.document_id.in_(chunk)).distinct()):
            if date:
                dated.add(date)
            else:
                undated.add(doc_id)
    regroup_events(conn, sorted(dated), sorted(undated))
    extend_index(conn, *linker.index_rows(), waiting)


class _Names:
    """What one new document's names refer to (as :class:`~.resolve.DocumentNames`, with entity ids)."""

    def __init__(self) -> None:
        self.links: list[tuple[Mention, str]] = []
        self.by_key: dict[str, str] = {}
        self.surnames: dict[str, set[str]] = {}


class _Linker:
    """The local passes over the new documents: ``count`` (type votes of new names), ``gather`` (new
    entities' rows, new role holders and organisations), each followed by ``settle``; then ``link``."""

    def __init__(self, index: Index, countries: dict[str, str | None]) -> None:
        self.index, self.countries = index, countries
        self.resolver = Resolver()  # name keys, and the type votes of names the index does not know
        self.types: dict[str, str] = dict(index.types)
        self.acronyms: dict[str, str] = {}
        self.new_keys: dict[str, str] = {}
        self.full = {key for keys in index.surname_keys.values() for key in keys}
        self.stats: dict[str, _Stats] = {}  # new clusters ("KIND|key") by first mention
        self.ids: dict[str, str] = {}
        self.counts: Counter = Counter()
        self.names: dict[str, set[str]] = defaultdict(set)
        self.stated: dict[str, Counter] = defaultdict(Counter)  # countries the new rows state, per entity
        self.new_roles: list[dict] = []
        self._ending: dict[str, list[str]] = {}
        self.step = 0

    def count(self, doc: list[Mention]) -> None:
        self.resolver.count(doc)  # every name is counted; the votes of names the index knows are not used

    def gather(self, doc: list[Mention]) -> None:
        for m, ref in self._clustered(doc):
            if ref.startswith("|"):
                self._stats(ref).add(m)
            if _holds_role(_as_cluster(m, ref)):
                self.new_roles.append({"kind": "holder", "role": m.role, "country": m.country, "entity_id": ref})
            if _names_organisation(m) and m.role in ORG_NOUNS:
                self.new_roles.append({"kind": "organisation", "role": m.role, "country": None, "entity_id": ref})

    def settle(self) -> None:
        self.step += 1
        if self.step == 1:
            types, last, full = self.resolver.counted(self.index.surname_keys)
            self.new_keys = {key: kind for key, kind in types.items() if key not in self.types}
            self.types.update(self.new_keys)
            self.full |= full
            known = {key: key for key, kind in self.index.types.items() if kind == "ORG"}
            self.acronyms = _acronyms(known | {key: last[key] for key, kind in self.new_keys.items() if kind == "ORG"})
            return
        for ref, stats in self.stats.items():
            kind = ref[1:].split("|", 1)[0]
            self.ids[ref] = _entity_id(kind, stats.name(kind))
            self.countries.setdefault(self.ids[ref], stats.country())
        found, self.new_roles = self.new_roles, []
        for row in found:  # the index keeps each holder and organisation once
            row["entity_id"] = self._id(row["entity_id"])
            if row["kind"] == "holder":
                known = (row["entity_id"], row["country"]) in self.index.holders[row["role"]]
                self.index.holders[row["role"]][(row["entity_id"], row["country"])] = None
            else:
                known = row["entity_id"] in self.index.kinds[row["role"]]
                self.index.kinds[row["role"]].add(row["entity_id"])
            if not known:
                self.new_roles.append(row)
        for key in self.new_keys:
            entity = self._id(self._target(key, {}))
            if not entity.startswith("|"):
                self.index.by_key.setdefault(key, entity)
        for key in self.full:
            self.index.surname_keys[key.split()[-1]].add(key)

    def link(self, doc: list[Mention]) -> _Names:
        """Every mention's entity in one new document, and the document's name maps."""
        names = _Names()
        clustered = [(m, self._id(ref)) for m, ref in self._clustered(doc)]
        in_doc = {entity for m, entity in clustered if _names_organisation(m)}
        here: dict[str, dict[tuple[str, str | None], None]] = defaultdict(dict)
        for m, entity in clustered:
            if _holds_role(_as_cluster(m, entity)):
                here[m.role][(entity, m.country)] = None
        at = {m.start: entity for m, entity in clustered}
        for m, entity in clustered:
            if _is_unnamed_description(m):
                entity = _kind_holder(m, self.index.kinds, in_doc) or entity
            self._add(names, m, entity)
            names.by_key.setdefault(m.key, entity)
        named_keys = set(names.by_key)
        for m in doc:
            if not m.is_role:
                continue
            if m.holder is not None:
                entity = at.get(m.holder)
            elif m.label == "ORG":
                entity = _kind_holder(m, self.index.kinds, in_doc)
            else:
                entity = self._holder(m, here)
            if entity:
                self._add(names, m, entity)
                key = fold(m.name)
                if key not in named_keys:
                    names.by_key.setdefault(key, entity)
        for m, _ in clustered:
            if m.key in self.full:
                names.surnames.setdefault(m.key.split()[-1], set()).add(self.index.by_key.get(m.key) or names.by_key[m.key])
        return names

    def lookup(self, names: _Names, name: str | None, acting: bool = False) -> str | None:
        """The entity id a name refers to in a new document (as :meth:`~.resolve.Resolver.lookup`)."""
        if not name:
            return None
        return _lookup(self.resolver.lookup_key(name, acting), names.by_key, self.index.by_key, names.surnames, _Surnames(self.index))

    def index_rows(self) -> tuple[list[dict], list[dict]]:
        """The new keys (with their type, entity and surname) and the new role rows, for the stored index."""
        keys = [{"key": key, "type": kind, "entity_id": self.index.by_key.get(key),
                 "surname": key.split()[-1] if key in self.full and " " in key else None} for key, kind in self.new_keys.items()]
        return keys, [row for row in self.new_roles if row["entity_id"]]

    def _clustered(self, doc: list[Mention]) -> list[tuple[Mention, str]]:
        """Named mentions with a reference: a known entity id, or ``|KIND|key`` for a new entity."""
        named = self.resolver.named(doc)
        in_doc: dict[str, set[str]] = defaultdict(set)
        for m in named:
            if m.key in self.full:
                in_doc[m.key.split()[-1]].add(m.key)
        return [(m, self._target(m.key, in_doc)) for m in named]

    def _target(self, key: str, in_doc: dict[str, set[str]]) -> str:
        kind = self.types.get(key, "ORG")
        if kind == "PERSON" and " " not in key:
            target = _unique(in_doc.get(key)) or _unique(self.index.surname_keys.get(key)) or key
        elif kind == "ORG":
            target = self.acronyms.get(key, key)
        else:
            target = key
        known = self.index.by_key.get(target)
        return known if known else f"|{self.types.get(target, kind)}|{target}"

    def _stats(self, ref: str) -> _Stats:
        found = self.stats.get(ref)
        if found is None:
            found = self.stats[ref] = _Stats()
        return found

    def _id(self, ref: str) -> str:
        return self.ids.get(ref, ref) if ref.startswith("|") else ref

    def _add(self, names: _Names, m: Mention, entity: str) -> None:
        names.links.append((m, entity))
        self.counts[entity] += 1
        self.names[entity].add(m.name)
        if m.country:
            self.stated[entity][m.country] += 1

    def _holder(self, m: Mention, here: dict[str, dict[tuple[str, str | None], None]]) -> str | None:
        """The one person named with ``m``'s role: in the document, else in the index."""
        return holder_of(m, self.index.holders, here, self._roles_ending, self.countries.get)

    def _roles_ending(self, role: str) -> list[str]:
        found = self._ending.get(role)
        if found is None:
            found = self._ending[role] = [r for r in self.index.holders if r.endswith(" " + role)]
        return found


class _Surnames:
    """The index's surname map (last word → entity ids of the full names ending with it), read lazily."""

    def __init__(self, index: Index) -> None:
        self.index = index

    def get(self, last: str) -> set[str] | None:
        keys = self.index.surname_keys.get(last)
        return {self.index.by_key[k] for k in keys if k in self.index.by_key} if keys else None


def _as_cluster(m: Mention, ref: str) -> Mention:
    """``m`` with a cluster of its entity's kind (``PERSON|…``), as the role rules read it (an entity id
    begins with its kind)."""
    m.cluster = ref[1:] if ref.startswith("|") else f"{ref.split(':', 1)[0].upper()}|{ref}"
    return m


def _write_entities(conn, linker: _Linker) -> None:
    """Add the new documents' mentions to their entities; create the new entities."""
    ids = sorted(linker.counts)
    stored: dict[str, dict] = {}
    for chunk in _chunks(ids, 500):
        stored.update((r["id"], dict(r)) for r in conn.execute(select(entities).where(entities.c.id.in_(chunk))).mappings())
    refs = {entity_id: ref for ref, entity_id in linker.ids.items()}
    changed, created = [], {}
    for entity_id in ids:
        row = stored.get(entity_id)
        if row is not None:
            aliases = sorted(set(json.loads(row["aliases"])) | (linker.names[entity_id] - {row["name"]}))
            stated = linker.stated[entity_id]
            country = row["country"] or (max(stated, key=stated.__getitem__) if stated else None)
            changed.append({"eid": entity_id, "n": row["mentions"] + linker.counts[entity_id], "c": country,
                            "a": json.dumps(aliases, ensure_ascii=False)})
            continue
        ref = refs.get(entity_id)
        kind = ref[1:].split("|", 1)[0] if ref else entity_id.split(":", 1)[0].upper()
        stats = linker.stats.get(ref) if ref else None
        name = stats.name(kind) if stats and stats.rows else min(linker.names[entity_id])
        created[entity_id] = {"id": entity_id, "name": name, "type": kind, "country": stats.country() if stats else None,
                              "aliases": json.dumps(sorted(linker.names[entity_id] - {name}), ensure_ascii=False),
                              "mentions": linker.counts[entity_id]}
    if changed:
        conn.execute(update(entities).where(entities.c.id == bindparam("eid")).values(mentions=bindparam("n"), country=bindparam("c"), aliases=bindparam("a")), changed)
    if created:
        conn.execute(insert(entities), list(created.values()))


def _pages(conn, todo: list[str]) -> Iterator[list[list[Mention]]]:
    """The new documents' mentions, ``PAGE_DOCUMENTS`` documents at a time, each document's in text order."""
    for chunk in _chunks(todo, PAGE_DOCUMENTS):
        yield read_documents(conn, mentions.c.document_id.in_(chunk))[0]


def _chunks(values: list, size: int):
    for i in range(0, len(values), size):
        yield values[i:i + size]

