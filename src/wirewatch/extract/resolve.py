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
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field

from .gazetteer import capital_city, capital_country, country_name, fold, is_place
from .lexicon import GROUP_NOUNS, ORG_NOUNS
from .mentions import GEO_NOUNS

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
        key = fold(capital_of) if capital_of else fold(_strip_honorific(name))
        entity_id = self._by_doc_key.get((document_id, key)) or self._by_key.get(key)
        if entity_id is None and " " not in key:
            entity_id = _unique(self._surnames_doc.get((document_id, key))) or _unique(self._surnames.get(key))
        return self.entities.get(entity_id) if entity_id else None


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
    """Entities for ``mentions`` (:class:`Mention` or rows with id, document_id, name, label, role, country, is_role).

    Each step is one pass over the mentions or over distinct keys, clusters and roles (a role
    mention costs the distinct people holding its role), so the time grows linearly with the
    mentions. ``Mention`` rows get their ``key`` and ``cluster`` filled in."""
    mentions = [m if isinstance(m, Mention) else Mention.of(m) for m in mentions]
    named = [m for m in mentions if not m.is_role]
    folded = _Memo(fold)
    acting = {(m.document_id, folded(m.name)) for m in named if m.acts and capital_country(m.name)}
    keys: dict[tuple, str] = {}
    for m in named:
        if acting and (m.document_id, folded(m.name)) in acting:
            m.acts = True  # one sense per document: a capital that speaks for its state once does so throughout
        facts = (m.name, m.label, m.role, m.country, m.acts)
        key = keys.get(facts)
        if key is None:
            key = keys[facts] = _key(m)
        m.key = key
    del keys
    full_persons = {m.key for m in named if m.label == "PERSON" and " " in m.key}
    surnames: dict[str, set[str]] = defaultdict(set)
    surnames_doc: dict[tuple[str, str], set[str]] = defaultdict(set)
    for m in named:
        if m.key in full_persons:
            last = m.key.split()[-1]
            surnames[last].add(m.key)
            surnames_doc[(m.document_id, last)].add(m.key)
    types = _vote_types(named, surnames)
    acronyms = _acronyms({m.key: m.name for m in named if types[m.key] == "ORG"})

    clusters: dict[str, str] = {}  # one string per cluster name
    for m in named:
        key, kind = m.key, types[m.key]
        if kind == "PERSON" and " " not in key:
            target = _unique(surnames_doc.get((m.document_id, key))) or _unique(surnames.get(key)) or key
        elif kind == "ORG":
            target = acronyms.get(key, key)
        else:
            target = key
        name = f"{kind}|{target}"
        m.cluster = clusters.setdefault(name, name)

    members: dict[str, list[Mention]] = defaultdict(list)
    for m in named:
        members[m.cluster].append(m)
    roles = _RoleRegistry(named)
    kinds, in_doc = _organisation_kinds(named)
    moved: dict[int, str] = {}  # an unnamed description moves to the end of the organisation it describes
    for m in named:
        cluster = _kind_holder(m, kinds, in_doc) if _is_unnamed_description(m) else None
        if cluster and cluster != m.cluster:
            moved[id(m)] = cluster
    if moved:
        arriving: dict[str, list[Mention]] = defaultdict(list)
        for m in named:
            if id(m) in moved:
                arriving[moved[id(m)]].append(m)
        for cluster in {m.cluster for m in named if id(m) in moved}:
            members[cluster] = [m for m in members[cluster] if id(m) not in moved]
        for m in named:
            if id(m) in moved:
                m.cluster = moved[id(m)]
        for cluster, rows in arriving.items():
            members[cluster].extend(rows)
    members = defaultdict(list, {k: v for k, v in members.items() if v})
    wanted = {(m.document_id, m.holder) for m in mentions if m.is_role and m.holder is not None}
    at = {}
    for m in named:
        if (m.document_id, m.start) in wanted:
            at[(m.document_id, m.start)] = m.cluster
    del wanted
    countries = _Countries(members)
    roles.note_absent(members)
    for m in mentions:
        if m.is_role:
            if m.holder is not None:
                cluster = at.get((m.document_id, m.holder))
            elif m.label == "ORG":
                cluster = _kind_holder(m, kinds, in_doc)
            else:
                cluster = roles.holder(m, countries)
            if cluster:
                m.cluster = cluster
                members[cluster].append(m)
                countries.add(cluster, m.country)

    result = Resolution()
    for cluster, rows in members.items():
        entity = _entity(cluster, rows)
        result.entities[entity.id] = entity
        for row in rows:
            result.of_mention[row.id] = entity.id
            if not row.is_role:
                result._by_doc_key[(row.document_id, row.key)] = entity.id
                result._by_key.setdefault(row.key, entity.id)
            else:
                result._by_doc_key.setdefault((row.document_id, folded(row.name)), entity.id)
    for last, keys in surnames.items():
        result._surnames[last] = {result._by_key[k] for k in keys if k in result._by_key}
    for doc_last, keys in surnames_doc.items():
        result._surnames_doc[doc_last] = {result._by_key[k] for k in keys if k in result._by_key}
    return result


class _Memo:
    """A pure function of one string, computed once per distinct string."""

    def __init__(self, function: Callable[[str], str]) -> None:
        self.function, self.done = function, {}

    def __call__(self, text: str) -> str:
        out = self.done.get(text)
        if out is None:
            out = self.done[text] = self.function(text)
        return out


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


def _strip_honorific(name: str) -> str:
    return _HONORIFIC.sub("", name.strip())


_HONORIFIC = re.compile(r"^(?:Mr|Mrs|Ms|Miss|Dr|Sir|Dame|Gen|Prof)\.?\s+")


def _unique(values: Collection[str] | None) -> str | None:
    return next(iter(values)) if values and len(values) == 1 else None


def _vote_types(named: list[Mention], surnames: dict[str, set[str]]) -> dict[str, str]:
    votes: dict[str, Counter] = defaultdict(Counter)
    shown: dict[str, str] = {}
    for m in named:
        votes[m.key][m.label] += 1
        shown.setdefault(m.key, m.name)
    described = {m.key for m in named if m.label == "PLACE" and m.name.split()[-1].lower() in GEO_NOUNS}
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


def _organisation_kinds(named: list[Mention]) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """What the text calls each named organisation (``the NATO military alliance`` → NATO is an alliance),
    and which organisations each document names."""
    kinds: dict[str, set[str]] = defaultdict(set)
    in_doc: dict[str, set[str]] = defaultdict(set)
    for m in named:
        if m.label == "ORG" and m.name[:1].isupper() and not _is_unnamed_description(m):
            in_doc[m.document_id].add(m.cluster)
            if m.role in ORG_NOUNS:
                kinds[m.role].add(m.cluster)
    return kinds, in_doc


def _kind_holder(m: Mention, kinds: dict[str, set[str]], in_doc: dict[str, set[str]]) -> str | None:
    """The one organisation of this kind the document names (``the alliance`` → NATO)."""
    head = (m.role or "").split()[-1:] or [""]
    return _unique(kinds.get(head[0], set()) & in_doc.get(m.document_id, set()))


class _Countries:
    """Each cluster's most stated country, counted once and then kept up to date as members
    are appended (recounting a holder's mentions for every role mention was quadratic)."""

    def __init__(self, members: dict[str, list[Mention]]) -> None:
        self.members, self.counts = members, {}

    def of(self, cluster: str) -> str | None:
        counted = self.counts.get(cluster)
        if counted is None:
            counted = self.counts[cluster] = Counter(r.country for r in self.members[cluster] if r.country)
        return max(counted, key=counted.__getitem__) if counted else None  # first most common, as Counter.most_common

    def add(self, cluster: str, country: str | None) -> None:
        if country and cluster in self.counts:
            self.counts[cluster][country] += 1


class _RoleRegistry:
    """Role → the people titles written beside names give it: distinct (cluster, stated country)
    pairs, in the corpus and per document. Relative roles (``his Russian counterpart``) name
    someone only beside a name."""

    def __init__(self, named: list[Mention]) -> None:
        self.pairs: dict[str, dict[tuple[str, str | None], None]] = defaultdict(dict)  # ordered sets
        self.in_doc: dict[tuple[str, str], dict[tuple[str, str | None], None]] = defaultdict(dict)
        for m in named:
            if m.role and m.cluster.startswith("PERSON|") and m.role.split()[-1] not in ("counterpart", "deputy", "aide"):
                pair = (m.cluster, m.country)
                self.pairs[m.role][pair] = None
                self.in_doc[(m.role, m.document_id)][pair] = None
        self.pairs, self.in_doc = dict(self.pairs), dict(self.in_doc)
        self._ending: dict[str, list[str]] = {}
        self.absent: set[str] = set()

    def note_absent(self, members: dict[str, list[Mention]]) -> None:
        """Holders whose cluster lost all its members (counting their country lists them again)."""
        self.absent = {cluster for pairs in self.pairs.values() for cluster, _ in pairs if cluster not in members}

    def holder(self, m: Mention, countries: _Countries) -> str | None:
        """The cluster of the one person the corpus names with ``m``'s role (same document first;
        the stated country must agree), else ``None``."""
        everywhere = self.pairs.get(m.role) if m.role else None
        here = self.in_doc.get((m.role, m.document_id)) if everywhere else None
        if not everywhere and m.role:
            # "Ukraine minister" for the one Ukrainian "foreign minister" named in the same document
            here = {}
            for role in self._roles_ending(m.role):
                here.update(self.in_doc.get((role, m.document_id), {}))
            everywhere = here
            if not m.country:
                return None
        everywhere, here = everywhere or {}, here or {}
        if m.country:  # the stated country must agree; holders of that country before holders of none known
            if self.absent:
                for cluster, _ in everywhere:
                    if cluster in self.absent:
                        countries.of(cluster)
                        self.absent.discard(cluster)
            agreeing = [p for p in everywhere if (p[1] or countries.of(p[0])) == m.country]
            kept = agreeing or [p for p in everywhere if (p[1] or countries.of(p[0])) is None]
            chosen = set(kept)
            everywhere, here = kept, [p for p in here if p in chosen]
        return _unique({cluster for cluster, _ in here}) or _unique({cluster for cluster, _ in everywhere})

    def _roles_ending(self, role: str) -> list[str]:
        found = self._ending.get(role)
        if found is None:
            found = self._ending[role] = [r for r in self.pairs if r.endswith(" " + role)]
        return found


def _country(rows: list[Mention]) -> str | None:
    counted = Counter(r.country for r in rows if r.country)
    return counted.most_common(1)[0][0] if counted else None


def _entity(cluster: str, rows: list[Mention]) -> Entity:
    kind, _ = cluster.split("|", 1)
    named = [r for r in rows if not r.is_role]
    proper = [r for r in named if r.name[:1].isupper()
              and not (r.role and r.role.split()[-1] in r.name.lower().split())]
    forms = Counter(_strip_honorific(r.name) for r in (proper or named))  # a name before a description
    if kind == "PERSON":
        full = Counter({f: c for f, c in forms.items() if " " in f})
        forms = full or forms
    name = max(forms, key=lambda f: (forms[f], len(f))) if forms else rows[0].name
    if kind == "PLACE":
        name = country_name(name) or name
    aliases = sorted({r.name for r in rows} - {name})
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", plain).strip("-") or "x"
    return Entity(f"{kind.lower()}:{slug}", name, kind, _country(rows), aliases, len(rows))
