"""Canonical entities for the whole corpus: one per real-world actor.

Consumes every stored mention; produces entities and the entity of each
mention. Rules, in order:

1. names are compared by a spelling-insensitive key (:func:`~.gazetteer.fold`):
   ``Sergey``/``Sergei Lavrov``, ``NATO``/``Nato``;
2. a one-word name that is the surname of exactly one full name (in its
   document, else in the corpus) is that person: ``Peskov``, ``Mr Blinken``;
3. types are voted over all mentions of a key; a surname is a person; a name
   in the place gazetteer that is not a surname is a place (``Kyiv`` tagged
   PERSON);
4. an acronym whose letters are the initials of a longer organisation name is
   that organisation (``OSCE``);
5. a role description (``NATO chief``, ``the Russian foreign minister``) is the
   person the corpus names with that role, when exactly one fits (same
   document first, then corpus; the stated country must agree);
6. a person's ``country`` is the affiliation most of its mentions state.

The rules run as four passes over the mentions grouped by document
(:class:`Resolver`): keys and type votes; clusters, organisation kinds and
role holders; unnamed descriptions moved and each cluster's named rows
counted; role descriptions resolved in corpus order, every mention's entity
and each document's name maps. Between documents only aggregates per name key,
cluster and role are kept, so the store-backed run
(:mod:`.resolve_paged`) holds one page of documents at a time; :func:`resolve`
feeds the same passes from a list.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field

from .gazetteer import capital_city, capital_country, country_name, fold, is_place
from .lexicon import GROUP_NOUNS, ORG_NOUNS
from .mentions import GEO_NOUNS, titled_people

_STOP = {"of", "for", "and", "in", "the", "on", "to", "de", "du", "la"}


@dataclass
class Entity:
    id: str
    name: str
    type: str
    country: str | None
    aliases: list[str]
    mentions: int


@dataclass
class Resolution:
    """The corpus's entities and how to find the entity of a name in a document."""

    entities: dict[str, Entity] = field(default_factory=dict)
    of_mention: dict[str, str] = field(default_factory=dict)
    _by_doc_key: dict[tuple[str, str], str] = field(default_factory=dict)
    _by_key: dict[str, str] = field(default_factory=dict)
    _surnames_doc: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    _surnames: dict[str, set[str]] = field(default_factory=dict)

    def lookup(self, document_id: str, name: str | None, acting: bool = False) -> Entity | None:
        """The entity a name refers to in a document (exact key, then surname), else ``None``.

        ``acting``: the name is the subject of what it does, so a capital is its state.
        """
        if not name:
            return None
        capital_of = capital_country(name) if acting else None
        key = fold(capital_of) if capital_of else _name_key(name)
        entity_id = _lookup(key, _InDocument(self._by_doc_key, document_id), self._by_key,
                            _InDocument(self._surnames_doc, document_id), self._surnames)
        return self.entities.get(entity_id) if entity_id else None


class _InDocument:
    """One document's part of a map keyed by (document, key), read as a map keyed by key."""

    def __init__(self, by_doc: dict, document_id: str) -> None:
        self.by_doc, self.document_id = by_doc, document_id

    def get(self, key: str):
        return self.by_doc.get((self.document_id, key))


class Mention:
    """A stored mention as resolution reads it: the columns it needs, in slots (a corpus holds
    hundreds of thousands). ``key`` and ``cluster`` are filled in by :func:`resolve`."""

    __slots__ = ("id", "document_id", "start", "name", "label", "role", "country", "is_role", "holder", "acts", "key", "cluster")
    COLUMNS = ("id", "document_id", "start", "name", "label", "role", "country", "is_role", "holder", "acts")

    def __init__(self, id: str, document_id: str, start: int, name: str, label: str, role: str | None,
                 country: str | None, is_role: bool, holder: int | None, acts: bool) -> None:
        self.id, self.document_id, self.start, self.name, self.label = id, document_id, start, name, label
        self.role, self.country, self.is_role, self.holder, self.acts = role, country, is_role, holder, acts
        self.key = self.cluster = ""

    @classmethod
    def of(cls, row: dict) -> "Mention":
        """From a row with the :attr:`COLUMNS` (``holder``/``acts``/``role``/``country`` optional)."""
        return cls(row["id"], row["document_id"], row.get("start", 0), row["name"], row["label"], row.get("role"),
                   row.get("country"), bool(row["is_role"]), row.get("holder"), bool(row.get("acts")))


def resolve(mentions: Iterable[Mention | dict]) -> Resolution:
    """Entities for ``mentions`` (:class:`Mention` or rows with id, document_id, name, label, role, country, is_role),
    given grouped by document in text order (as :func:`~.storage.load_mentions` reads them).

    The same passes as the store-backed :func:`~.resolve_paged.resolve_store`, fed from a list (one
    implementation of the rules). ``Mention`` rows get their ``key`` and ``cluster`` filled in."""
    mentions = [m if isinstance(m, Mention) else Mention.of(m) for m in mentions]
    grouped: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        grouped[m.document_id].append(m)
    docs = list(grouped.values())
    resolver = Resolver()
    for step in (resolver.count, resolver.cluster, resolver.gather):
        for doc in docs:
            step(doc)
        resolver.settle()
    result = Resolution()
    order = []
    for doc in docs:
        names = resolver.assign(doc)
        for m, entity_id, group in names.links:
            order.append((resolver.position(m.cluster), group, len(order), m.id, entity_id))
        result._by_doc_key.update({(doc[0].document_id, key): e for key, e in names.by_key.items()})
        result._surnames_doc.update({(doc[0].document_id, last): e for last, e in names.surnames.items()})
    result.entities = resolver.entities()
    result.of_mention = {mention_id: entity_id for *_, mention_id, entity_id in sorted(order)}  # as the entities list their rows
    result._by_key, result._surnames = resolver.by_key, resolver.surnames
    return result


@dataclass
class DocumentNames:
    """What one document's names refer to: the entity of each resolved mention (with its place among its
    entity's rows: 0 named, 1 moved there, 2 role), and the document's own name and surname maps."""

    links: list[tuple[Mention, str, int]]
    by_key: dict[str, str]
    surnames: dict[str, set[str]]


class _Stats:
    """What an entity needs of its rows, counted as they arrive (in the order the rows would be listed)."""

    __slots__ = ("rows", "names", "countries", "forms", "proper", "first")

    def __init__(self) -> None:
        self.rows, self.names, self.countries = 0, set(), Counter()
        self.forms, self.proper, self.first = Counter(), Counter(), None

    def add(self, m: Mention) -> None:
        self.rows += 1
        self.names.add(m.name)
        if m.country:
            self.countries[m.country] += 1
        if self.first is None:
            self.first = m.name
        if not m.is_role:
            form = _strip_honorific(m.name)
            self.forms[form] += 1
            if m.name[:1].isupper() and not (m.role and m.role.split()[-1] in m.name.lower().split()):
                self.proper[form] += 1

    def merge(self, other: "_Stats") -> None:
        """``other``'s rows listed after this one's."""
        self.rows += other.rows
        self.names |= other.names
        self.countries.update(other.countries)
        self.forms.update(other.forms)
        self.proper.update(other.proper)
        self.first = self.first if self.first is not None else other.first

    def country(self) -> str | None:
        counted = self.countries
        return max(counted, key=counted.__getitem__) if counted else None  # first most common, as Counter.most_common

    def name(self, kind: str) -> str:
        forms = self.proper or self.forms  # a name before a description
        if kind == "PERSON":
            full = Counter({f: c for f, c in forms.items() if " " in f})
            forms = full or forms
        name = max(forms, key=lambda f: (forms[f], len(f))) if forms else self.first
        return (country_name(name) or name) if kind == "PLACE" else name


def _stats_of(stats: dict[str, _Stats], cluster: str) -> _Stats:
    found = stats.get(cluster)
    if found is None:
        found = stats[cluster] = _Stats()
    return found


class Resolver:
    """Resolution as passes over the mentions one document at a time (documents in order, each
    document's mentions in text order). Between documents it keeps only aggregates: per distinct name
    key, per cluster and per role, never per mention.

    ``count``, ``cluster`` and ``gather`` each see every document once, followed by ``settle``; then
    ``assign`` sees every document once more (in the same order: role descriptions are resolved in
    corpus order) and returns what the document's names refer to; ``entities`` comes last."""

    def __init__(self) -> None:
        self.step = 0
        self._folded = _Memo(fold)
        self._capital = _Memo(capital_country)
        self._name_key = _Memo(_name_key)
        self._keys: dict[tuple, str] = {}  # (name, label, role, country, acts) → key
        self._votes: dict[str, Counter] = defaultdict(Counter)
        self._shown: dict[str, str] = {}
        self._last: dict[str, str] = {}
        self._described: set[str] = set()
        self._full: set[str] = set()
        self._surname_keys: dict[str, set[str]] = defaultdict(set)
        self._types: dict[str, str] = {}
        self._acronyms: dict[str, str] = {}
        self._clusters: dict[str, int] = {}  # cluster → place of its first mention
        self._kinds: dict[str, set[str]] = defaultdict(set)
        self._pairs: dict[str, dict[tuple[str, str | None], None]] = defaultdict(dict)  # ordered sets
        self._ending: dict[str, list[str]] = {}
        self._stats: dict[str, _Stats] = {}
        self._arrived: dict[str, _Stats] = {}
        self._key_clusters: dict[str, set[str]] = defaultdict(set)
        self._ids: dict[str, str] = {}
        self._absent: set[str] = set()
        self._next = 0
        self.by_key: dict[str, str] = {}
        self.surnames: dict[str, set[str]] = {}

    # pass 1: keys, type votes, full names
    def count(self, doc: list[Mention]) -> None:
        titled = titled_people(doc)
        for m in self._named(doc):
            label = "PERSON" if m.start in titled else m.label
            self._votes[m.key][label] += 1
            self._shown.setdefault(m.key, m.name)
            self._last[m.key] = m.name
            if label == "PLACE" and m.name.split()[-1].lower() in GEO_NOUNS:
                self._described.add(m.key)
            if label == "PERSON" and " " in m.key:
                self._full.add(m.key)

    # pass 2: clusters, in order of first mention; organisation kinds; role holders
    def cluster(self, doc: list[Mention]) -> None:
        for m in self._clustered(doc):
            self._clusters.setdefault(m.cluster, len(self._clusters))
            if _names_organisation(m) and m.role in ORG_NOUNS:
                self._kinds[m.role].add(m.cluster)
            if _holds_role(m):
                self._pairs[m.role][(m.cluster, m.country)] = None

    # pass 3: unnamed descriptions moved to their organisation; each entity's named rows
    def gather(self, doc: list[Mention]) -> None:
        named = self._clustered(doc)
        for m in self._moved(named):
            self._key_clusters[m.key].add(m.cluster)

    def settle(self) -> None:
        """The aggregates of the pass that just ended."""
        self.step += 1
        if self.step == 1:
            for key in self._full:
                self._surname_keys[key.split()[-1]].add(key)
            self._types = _vote_types(self._votes, self._shown, self._described, self._surname_keys)
            self._acronyms = _acronyms({key: self._last[key] for key in self._votes if self._types[key] == "ORG"})
            self._votes, self._shown, self._last, self._described = defaultdict(Counter), {}, {}, set()
        elif self.step == 2:
            self._pairs = dict(self._pairs)
        elif self.step == 3:
            for cluster, arrived in self._arrived.items():
                _stats_of(self._stats, cluster).merge(arrived)
            self._arrived = {}
            # named rows listed by the place of their cluster's first mention; a cluster that lost them all is gone
            self._stats = dict(sorted(self._stats.items(), key=lambda item: self._clusters[item[0]]))
            self._clusters = {cluster: self._clusters[cluster] for cluster in self._stats}
            self._next = max(self._clusters.values(), default=-1) + 1
            self._ids = {cluster: self._entity_id(cluster) for cluster in self._stats}
            self.by_key = {key: self._ids[min(clusters, key=self._clusters.__getitem__)] for key, clusters in self._key_clusters.items()}
            self._key_clusters = defaultdict(set)
            self.surnames = {last: {self.by_key[k] for k in keys if k in self.by_key} for last, keys in self._surname_keys.items()}
            self._absent = {cluster for pairs in self._pairs.values() for cluster, _ in pairs if cluster not in self._stats}

    # pass 4: role descriptions, in corpus order; every resolved mention's entity; the document's names
    def assign(self, doc: list[Mention]) -> DocumentNames:
        named = self._clustered(doc)
        here: dict[str, dict[tuple[str, str | None], None]] = defaultdict(dict)
        for m in named:
            if _holds_role(m):
                here[m.role][(m.cluster, m.country)] = None
        in_doc = {m.cluster for m in named if _names_organisation(m)}
        moved = {id(m) for m in self._moved(named, count=False)}
        wanted = {m.holder for m in doc if m.is_role and m.holder is not None}
        at = {m.start: m.cluster for m in named if m.start in wanted}
        links, by_key, positions = [], {}, {}
        for m in named:
            links.append((m, self._ids[m.cluster], 1 if id(m) in moved else 0))
            if positions.get(m.key, -1) <= self._clusters[m.cluster]:  # the last entity listing this name
                by_key[m.key], positions[m.key] = self._ids[m.cluster], self._clusters[m.cluster]
        named_keys = set(by_key)
        for m in doc:
            if not m.is_role:
                continue
            if m.holder is not None:
                cluster = at.get(m.holder)
            elif m.label == "ORG":
                cluster = _kind_holder(m, self._kinds, in_doc)
            else:
                cluster = self._holder(m, here)
            if not cluster:
                continue
            m.cluster = cluster
            stats = self._stats.get(cluster)
            if stats is None:
                self._touch(cluster)
                stats = self._stats[cluster]
            stats.add(m)
            if cluster not in self._ids:
                self._ids[cluster] = self._entity_id(cluster)
            links.append((m, self._ids[cluster], 2))
            key = self._folded(m.name)
            if key not in named_keys and positions.get(key, _LAST) > self._clusters[cluster]:
                by_key[key], positions[key] = self._ids[cluster], self._clusters[cluster]  # the first entity listing it
        surnames = {last: {self.by_key[k] for k in keys if k in self.by_key} for last, keys in self._surnames_in(named).items()}
        return DocumentNames(links, by_key, surnames)

    def lookup(self, names: DocumentNames, name: str | None, acting: bool = False) -> str | None:
        """The entity id a name refers to in the document of ``names`` (see :meth:`Resolution.lookup`)."""
        if not name:
            return None
        return _lookup(self.lookup_key(name, acting), names.by_key, self.by_key, names.surnames, self.surnames)

    def lookup_key(self, name: str, acting: bool = False) -> str:
        """The key a written name is looked up by (``acting``: a capital is its state)."""
        capital_of = self._capital(name) if acting else None
        return self._folded(capital_of) if capital_of else self._name_key(name)

    def entities(self) -> dict[str, Entity]:
        """The entities, after the last :meth:`assign` (a cluster whose entity id an earlier one has replaces it)."""
        out: dict[str, Entity] = {}
        merged: dict[str, _Stats] = {}
        for cluster, stats in self._stats.items():
            if not stats.rows:
                continue
            kind = cluster.split("|", 1)[0]
            name = stats.name(kind)
            entity_id = self._ids.get(cluster) or self._entity_id(cluster)
            if entity_id in merged:  # both clusters' mentions link to this id: it counts them all
                earlier = merged[entity_id]
                earlier.merge(stats)
                stats = earlier
            else:
                merged[entity_id] = stats
            out[entity_id] = Entity(entity_id, name, kind, stats.country(), sorted(stats.names - {name}), stats.rows)
        return out

    def index(self) -> tuple[list[dict], list[dict]]:
        """What a later local linking needs of this resolution (after the last :meth:`assign`): each name
        key's type, entity and (for a person's full name) surname; the holders of each role and the
        named organisations of each kind, as entity ids. Rows of ``resolution_keys`` and ``resolution_roles``."""
        keys = [{"key": key, "type": kind, "entity_id": self.by_key.get(key),
                 "surname": key.split()[-1] if key in self._full else None} for key, kind in self._types.items()]
        roles = [{"kind": "holder", "role": role, "country": country, "entity_id": self._ids[cluster]}
                 for role, pairs in self._pairs.items() for cluster, country in pairs if cluster in self._ids]
        roles += [{"kind": "organisation", "role": role, "country": None, "entity_id": self._ids[cluster]}
                  for role, clusters in self._kinds.items() for cluster in sorted(clusters) if cluster in self._ids]
        return keys, roles

    def counted(self, surname_keys: dict[str, set[str]]) -> tuple[dict[str, str], dict[str, str], set[str]]:
        """After :meth:`count` alone over some documents (no :meth:`settle`): each counted key's voted type
        (``surname_keys``: full-name keys by last word known besides those counted), the last name written
        with each key, and the full-name keys counted."""
        merged: dict[str, set[str]] = defaultdict(set)
        for last, keys in surname_keys.items():
            merged[last] |= keys
        for key in self._full:
            merged[key.split()[-1]].add(key)
        return _vote_types(self._votes, self._shown, self._described, merged), dict(self._last), set(self._full)

    def named(self, doc: list[Mention]) -> list[Mention]:
        """The document's named mentions, each with its comparison key (see :func:`_key`)."""
        return self._named(doc)

    def position(self, cluster: str) -> int:
        return self._clusters[cluster]

    def _named(self, doc: list[Mention]) -> list[Mention]:
        """The document's named mentions with their keys (a capital that speaks for its state once does so throughout)."""
        named = [m for m in doc if not m.is_role]
        acting = {self._folded(m.name) for m in named if m.acts and self._capital(m.name)}
        for m in named:
            if acting and self._folded(m.name) in acting:
                m.acts = True
            facts = (m.name, m.label, m.role, m.country, m.acts)
            key = self._keys.get(facts)
            if key is None:
                key = self._keys[facts] = _key(m)
            m.key = key
        return named

    def _surnames_in(self, named: list[Mention]) -> dict[str, set[str]]:
        found: dict[str, set[str]] = defaultdict(set)
        for m in named:
            if m.key in self._full:
                found[m.key.split()[-1]].add(m.key)
        return found

    def _clustered(self, doc: list[Mention]) -> list[Mention]:
        """Named mentions with their clusters, before unnamed descriptions move."""
        named = self._named(doc)
        in_doc = self._surnames_in(named)
        for m in named:
            key, kind = m.key, self._types[m.key]
            if kind == "PERSON" and " " not in key:
                target = _unique(in_doc.get(key)) or _unique(self._surname_keys.get(key)) or key
            elif kind == "ORG":
                target = self._acronyms.get(key, key)
            else:
                target = key
            m.cluster = f"{kind}|{target}"
        return named

    def _moved(self, named: list[Mention], count: bool = True) -> list[Mention]:
        """Move unnamed descriptions (``the alliance``) to the one organisation of that kind the document
        names; count each cluster's rows (``count``); return the moved ones, or every mention when counting."""
        in_doc = {m.cluster for m in named if _names_organisation(m)}
        moved = []
        for m in named:
            cluster = _kind_holder(m, self._kinds, in_doc) if _is_unnamed_description(m) else None
            if cluster and cluster != m.cluster:
                m.cluster = cluster
                moved.append(m)
                if count:
                    _stats_of(self._arrived, cluster).add(m)
            elif count:
                _stats_of(self._stats, m.cluster).add(m)
        return named if count else moved

    def _touch(self, cluster: str) -> None:
        """A holder whose cluster lost all its rows is listed again, last."""
        if cluster not in self._stats:
            self._stats[cluster] = _Stats()
            self._clusters[cluster] = self._next
            self._next += 1

    def _entity_id(self, cluster: str) -> str:
        kind = cluster.split("|", 1)[0]
        return _entity_id(kind, self._stats[cluster].name(kind))

    def _holder(self, m: Mention, here: dict[str, dict[tuple[str, str | None], None]]) -> str | None:
        """The cluster of the one person the corpus names with ``m``'s role (see :func:`holder_of`)."""
        return holder_of(m, self._pairs, here, self._roles_ending, self._country, self._revive)

    def _revive(self, pairs) -> None:
        """Holders whose clusters lost all their rows are listed again when a role description needs them."""
        if self._absent:
            for cluster, _ in pairs:
                if cluster in self._absent:
                    self._touch(cluster)
                    self._absent.discard(cluster)

    def _country(self, cluster: str) -> str | None:
        """A cluster's most stated country over the rows it has so far."""
        stats = self._stats.get(cluster)
        return stats.country() if stats else None

    def _roles_ending(self, role: str) -> list[str]:
        found = self._ending.get(role)
        if found is None:
            found = self._ending[role] = [r for r in self._pairs if r.endswith(" " + role)]
        return found


def holder_of(m: Mention, pairs: dict[str, dict[tuple[str, str | None], None]], here: dict[str, dict[tuple[str, str | None], None]],
              roles_ending: Callable[[str], list[str]], country_of: Callable[[str], str | None],
              considered: Callable[[Collection[tuple[str, str | None]]], None] | None = None) -> str | None:
    """The one holder (cluster or entity) of ``m``'s role: among the holders the document names
    (``here``), else among all (``pairs``: role → (holder, stated country)); the stated country must
    agree (holders of that country before holders of none known). A role the corpus does not have
    (``Ukraine minister``) is a longer role ending with it (``foreign minister``) held in the same
    document, when a country is stated. ``considered`` sees the candidates before the country check."""
    everywhere = pairs.get(m.role) if m.role else None
    in_doc = here.get(m.role) if everywhere else None
    if not everywhere and m.role:
        in_doc = {}
        for role in roles_ending(m.role):
            in_doc.update(here.get(role, {}))
        everywhere = in_doc
        if not m.country:
            return None
    everywhere, in_doc = everywhere or {}, in_doc or {}
    if m.country:
        if considered:
            considered(everywhere)
        agreeing = [p for p in everywhere if (p[1] or country_of(p[0])) == m.country]
        kept = agreeing or [p for p in everywhere if (p[1] or country_of(p[0])) is None]
        chosen = set(kept)
        everywhere, in_doc = kept, [p for p in in_doc if p in chosen]
    return _unique({holder for holder, _ in in_doc}) or _unique({holder for holder, _ in everywhere})


def _lookup(key: str, by_doc, by_key: dict[str, str], surnames_doc, surnames: dict[str, set[str]]) -> str | None:
    """The entity id of a name's key: in the document, else in the corpus; a surname of one full name."""
    entity_id = by_doc.get(key) or by_key.get(key)
    if entity_id is None and " " not in key:
        entity_id = _unique(surnames_doc.get(key)) or _unique(surnames.get(key))
    return entity_id


class _Memo:
    """A pure function of one string, computed once per distinct string."""

    def __init__(self, function: Callable[[str], str | None]) -> None:
        self.function, self.done = function, {}

    def __call__(self, text: str):
        out = self.done.get(text, _MISSING)
        if out is _MISSING:
            out = self.done[text] = self.function(text)
        return out


_MISSING = object()


def _key(m: Mention) -> str:
    """Comparison key: a country under any of its names; a described organisation by
    country and kind (``Russia's foreign ministry`` = ``Russian foreign ministry``);
    a capital acting as a subject is its country's government; else the folded name."""
    if m.label != "PERSON":
        country = country_name(m.name)
        if country:
            return fold(country)
        if m.label == "ORG" and m.role in GROUP_NOUNS:
            return fold(f"{m.country or ''} {m.role}")  # "Russian-backed separatists" = "separatists"
        if m.label == "ORG" and m.role and m.country and set(m.role.split()) & ORG_NOUNS:
            if m.role == "government":
                return fold(m.country)  # "the Dutch government" acts for the Netherlands
            return fold(f"{m.country} {m.role}")
        capital_of = capital_country(m.name)
        if capital_of and m.acts:
            return fold(capital_of)
        if m.label == "PLACE" and m.role == "capital" and m.country:
            city = capital_city(m.country)
            if city:
                return city
        if m.label == "PLACE":
            words = m.name.split()
            if len(words) == 2 and words[1].lower() in GEO_NOUNS and words[0].endswith(("n", "an")):
                return fold(words[0][:-1] if not words[0].endswith("ian") else words[0][:-2])  # "Crimean Peninsula" → Crimea
    return fold(_strip_honorific(m.name))


def _name_key(name: str) -> str:
    """The key a name is looked up by."""
    return fold(_strip_honorific(name))


def _strip_honorific(name: str) -> str:
    return _HONORIFIC.sub("", name.strip())


_HONORIFIC = re.compile(r"^(?:Mr|Mrs|Ms|Miss|Dr|Sir|Dame|Gen|Prof)\.?\s+")


def _unique(values: Collection[str] | None) -> str | None:
    return next(iter(values)) if values and len(values) == 1 else None


def _vote_types(votes: dict[str, Counter], shown: dict[str, str], described: set[str],
                surnames: dict[str, set[str]]) -> dict[str, str]:
    """Each key's type from its label votes (``shown``: its first name; ``described``: keys written as
    ``the Crimean peninsula``)."""
    types = {}
    for key, counter in votes.items():
        if " " not in key and key in surnames:
            types[key] = "PERSON"
        elif key in described and " " not in key:
            types[key] = "PLACE"  # "the Crimean peninsula" says what Crimea is, whatever the model tags it
        elif is_place(shown[key]) and counter["PERSON"] + counter["ORG"] + counter["PLACE"] > 0 and not (" " in key and counter["PERSON"] > counter["PLACE"]):
            types[key] = "PLACE"
        else:
            types[key] = max(("PERSON", "ORG", "PLACE"), key=lambda t: (counter[t], t == "PERSON"))
    return types


def _acronyms(orgs: dict[str, str]) -> dict[str, str]:
    """Acronym key → key of the one longer name whose initials it spells."""
    initials: dict[str, set[str]] = defaultdict(set)
    for key, name in orgs.items():
        for split in (r"[\s-]+", r"\s+"):  # "Co-operation" is one word or two
            words = [w for w in re.split(split, name) if w and w.lower() not in _STOP]
            if len(words) >= 2:
                initials["".join(w[0] for w in words).lower()].add(key)
    found = {}
    for key, name in orgs.items():
        if " " not in key and name.isupper() and 2 <= len(name) <= 6:
            target = _unique(initials.get(name.lower()))
            if target:
                found[key] = target
    return found


_LED = re.compile(r"\b\S+-(?:led|headed|backed|based|run|brokered)\b")


def _is_unnamed_description(m: Mention) -> bool:
    """``the US-led alliance``: an organisation described, not named, with no country stated."""
    if m.label != "ORG" or m.country or not m.role:
        return False
    head = m.role.split()[-1]
    words = _LED.sub("", m.name).split()
    return head in ORG_NOUNS and head in m.name.lower().split() and not any(w[:1].isupper() for w in words)


def _names_organisation(m: Mention) -> bool:
    """A named organisation (``the NATO military alliance``): what the text calls it is its kind."""
    return m.label == "ORG" and m.name[:1].isupper() and not _is_unnamed_description(m)


def _holds_role(m: Mention) -> bool:
    """A person named with a title (``Foreign Minister Sergei Lavrov``). Relative roles (``his Russian
    counterpart``) name someone only beside a name."""
    return bool(m.role) and m.cluster.startswith("PERSON|") and m.role.split()[-1] not in ("counterpart", "deputy", "aide")


def _kind_holder(m: Mention, kinds: dict[str, set[str]], in_doc: set[str]) -> str | None:
    """The one organisation of this kind the document names (``the alliance`` → NATO)."""
    head = (m.role or "").split()[-1:] or [""]
    return _unique(kinds.get(head[0], set()) & in_doc)


def _entity_id(kind: str, name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", plain).strip("-") or "x"
    return f"{kind.lower()}:{slug}"


_LAST = float("inf")
