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


def resolve(mentions: list[dict]) -> Resolution:
    """Entities for ``mentions`` (rows with id, document_id, name, label, role, country, is_role)."""
    named = [m for m in mentions if not m["is_role"]]
    acting = {(m["document_id"], fold(m["name"])) for m in named if m.get("acts") and capital_country(m["name"])}
    for m in named:
        if (m["document_id"], fold(m["name"])) in acting:
            m["acts"] = True  # one sense per document: a capital that speaks for its state once does so throughout
        m["key"] = _key(m)
    full_persons = {m["key"] for m in named if m["label"] == "PERSON" and " " in m["key"]}
    surnames: dict[str, set[str]] = defaultdict(set)
    surnames_doc: dict[tuple[str, str], set[str]] = defaultdict(set)
    for m in named:
        if m["key"] in full_persons:
            last = m["key"].split()[-1]
            surnames[last].add(m["key"])
            surnames_doc[(m["document_id"], last)].add(m["key"])
    types = _vote_types(named, surnames)
    acronyms = _acronyms({m["key"]: m["name"] for m in named if types[m["key"]] == "ORG"})

    cluster_of: dict[str, str] = {}
    for m in named:
        key, kind = m["key"], types[m["key"]]
        if kind == "PERSON" and " " not in key:
            target = _unique(surnames_doc.get((m["document_id"], key))) or _unique(surnames.get(key)) or key
        elif kind == "ORG":
            target = acronyms.get(key, key)
        else:
            target = key
        cluster_of[m["id"]] = f"{kind}|{target}"

    members: dict[str, list[dict]] = defaultdict(list)
    for m in named:
        members[cluster_of[m["id"]]].append(m)
    roles = _role_registry(named, cluster_of)
    kinds, in_doc = _organisation_kinds(named, cluster_of)
    for m in named:
        cluster = _kind_holder(m, kinds, in_doc) if _is_unnamed_description(m) else None
        if cluster and cluster != cluster_of[m["id"]]:
            members[cluster_of[m["id"]]].remove(m)
            cluster_of[m["id"]] = cluster
            members[cluster].append(m)
    members = defaultdict(list, {k: v for k, v in members.items() if v})
    at = {(m["document_id"], m["start"]): cluster_of[m["id"]] for m in named}
    known: dict[str, tuple[int, str | None]] = {}  # a cluster's country while its member list keeps its length
    for m in mentions:
        if m["is_role"]:
            if m.get("holder") is not None:
                cluster = at.get((m["document_id"], m["holder"]))
            elif m["label"] == "ORG":
                cluster = _kind_holder(m, kinds, in_doc)
            else:
                cluster = _role_holder(m, roles, members, known)
            if cluster:
                cluster_of[m["id"]] = cluster
                members[cluster].append(m)

    result = Resolution()
    for cluster, rows in members.items():
        entity = _entity(cluster, rows)
        result.entities[entity.id] = entity
        for row in rows:
            result.of_mention[row["id"]] = entity.id
            if not row["is_role"]:
                result._by_doc_key[(row["document_id"], row["key"])] = entity.id
                result._by_key.setdefault(row["key"], entity.id)
            else:
                result._by_doc_key.setdefault((row["document_id"], fold(row["name"])), entity.id)
    for last, keys in surnames.items():
        result._surnames[last] = {result._by_key[k] for k in keys if k in result._by_key}
    for doc_last, keys in surnames_doc.items():
        result._surnames_doc[doc_last] = {result._by_key[k] for k in keys if k in result._by_key}
    return result


def _key(m: dict) -> str:
    """Comparison key: a country under any of its names; a described organisation by
    country and kind (``Russia's foreign ministry`` = ``Russian foreign ministry``);
    a capital acting as a subject is its country's government; else the folded name."""
    if m["label"] != "PERSON":
        country = country_name(m["name"])
        if country:
            return fold(country)
        if m["label"] == "ORG" and m.get("role") in GROUP_NOUNS:
            return fold(f"{m.get('country') or ''} {m['role']}")  # "Russian-backed separatists" = "separatists"
        if m["label"] == "ORG" and m.get("role") and m.get("country") and set(m["role"].split()) & ORG_NOUNS:
            if m["role"] == "government":
                return fold(m["country"])  # "the Dutch government" acts for the Netherlands
            return fold(f"{m['country']} {m['role']}")
        capital_of = capital_country(m["name"])
        if capital_of and m.get("acts"):
            return fold(capital_of)
        if m["label"] == "PLACE" and m.get("role") == "capital" and m.get("country"):
            city = capital_city(m["country"])
            if city:
                return city
        if m["label"] == "PLACE":
            words = m["name"].split()
            if len(words) == 2 and words[1].lower() in GEO_NOUNS and words[0].endswith(("n", "an")):
                return fold(words[0][:-1] if not words[0].endswith("ian") else words[0][:-2])  # "Crimean Peninsula" → Crimea
    return fold(_strip_honorific(m["name"]))


def _strip_honorific(name: str) -> str:
    return re.sub(r"^(?:Mr|Mrs|Ms|Miss|Dr|Sir|Dame|Gen|Prof)\.?\s+", "", name.strip())


def _unique(values: set[str] | None) -> str | None:
    return next(iter(values)) if values and len(values) == 1 else None


def _vote_types(named: list[dict], surnames: dict[str, set[str]]) -> dict[str, str]:
    votes: dict[str, Counter] = defaultdict(Counter)
    shown: dict[str, str] = {}
    for m in named:
        votes[m["key"]][m["label"]] += 1
        shown.setdefault(m["key"], m["name"])
    described = {m["key"] for m in named if m["label"] == "PLACE" and m["name"].split()[-1].lower() in GEO_NOUNS}
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


def _is_unnamed_description(m: dict) -> bool:
    """``the US-led alliance``: an organisation described, not named, with no country stated."""
    role = m.get("role") or ""
    head = role.split()[-1] if role else ""
    words = re.sub(r"\b\S+-(?:led|headed|backed|based|run|brokered)\b", "", m["name"]).split()
    return (m["label"] == "ORG" and head in ORG_NOUNS and not m.get("country") and head in m["name"].lower().split()
            and not any(w[:1].isupper() for w in words))


def _organisation_kinds(named: list[dict], cluster_of: dict[str, str]) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """What the text calls each named organisation (``the NATO military alliance`` → NATO is an alliance),
    and which organisations each document names."""
    kinds: dict[str, set[str]] = defaultdict(set)
    in_doc: dict[str, set[str]] = defaultdict(set)
    for m in named:
        cluster = cluster_of[m["id"]]
        if m["label"] == "ORG" and m["name"][:1].isupper() and not _is_unnamed_description(m):
            in_doc[m["document_id"]].add(cluster)
            if m.get("role") in ORG_NOUNS:
                kinds[m["role"]].add(cluster)
    return kinds, in_doc


def _kind_holder(m: dict, kinds: dict[str, set[str]], in_doc: dict[str, set[str]]) -> str | None:
    """The one organisation of this kind the document names (``the alliance`` → NATO)."""
    head = (m.get("role") or "").split()[-1:] or [""]
    return _unique(kinds.get(head[0], set()) & in_doc.get(m["document_id"], set()))


def _role_registry(named: list[dict], cluster_of: dict[str, str]) -> dict[str, list[tuple[str, str, str | None]]]:
    """Role → [(cluster, document, country)] from titles written beside names.

    Relative roles (``his Russian counterpart``) name someone only beside a name.
    """
    roles: dict[str, list[tuple[str, str, str | None]]] = defaultdict(list)
    for m in named:
        if m["role"] and cluster_of[m["id"]].startswith("PERSON|") and m["role"].split()[-1] not in ("counterpart", "deputy", "aide"):
            roles[m["role"]].append((cluster_of[m["id"]], m["document_id"], m["country"]))
    return roles


def _role_holder(m: dict, roles: dict, members: dict[str, list[dict]], known: dict[str, tuple[int, str | None]]) -> str | None:
    holders = roles.get(m["role"], [])
    if not holders and m["role"]:
        # "Ukraine minister" for the one Ukrainian "foreign minister" named in the same document
        holders = [h for role, found in roles.items() if role.endswith(" " + m["role"]) for h in found if h[1] == m["document_id"]]
        if not m["country"]:
            return None
    if m["country"]:  # the stated country must agree; holders of that country before holders of none known
        countries = {cluster: _country_of(cluster, members[cluster], known) for cluster, _, _ in holders}
        agreeing = [h for h in holders if (h[2] or countries[h[0]]) == m["country"]]
        holders = agreeing or [h for h in holders if (h[2] or countries[h[0]]) is None]
    in_doc = {cluster for cluster, doc, _ in holders if doc == m["document_id"]}
    return _unique(in_doc) or _unique({cluster for cluster, _, _ in holders})


def _country_of(cluster: str, rows: list[dict], known: dict[str, tuple[int, str | None]]) -> str | None:
    """``_country(rows)`` counted again only when the cluster gained members (the loop only appends):
    recounting every holder's mentions for every role mention was quadratic in the corpus."""
    hit = known.get(cluster)
    if hit is None or hit[0] != len(rows):
        hit = known[cluster] = (len(rows), _country(rows))
    return hit[1]


def _country(rows: list[dict]) -> str | None:
    counted = Counter(r["country"] for r in rows if r.get("country"))
    return counted.most_common(1)[0][0] if counted else None


def _entity(cluster: str, rows: list[dict]) -> Entity:
    kind, _ = cluster.split("|", 1)
    named = [r for r in rows if not r["is_role"]]
    proper = [r for r in named if r["name"][:1].isupper()
              and not (r.get("role") and r["role"].split()[-1] in r["name"].lower().split())]
    forms = Counter(_strip_honorific(r["name"]) for r in (proper or named))  # a name before a description
    if kind == "PERSON":
        full = Counter({f: c for f, c in forms.items() if " " in f})
        forms = full or forms
    name = max(forms, key=lambda f: (forms[f], len(f))) if forms else rows[0]["name"]
    if kind == "PLACE":
        name = country_name(name) or name
    aliases = sorted({r["name"] for r in rows} - {name})
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", plain).strip("-") or "x"
    return Entity(f"{kind.lower()}:{slug}", name, kind, _country(rows), aliases, len(rows))
