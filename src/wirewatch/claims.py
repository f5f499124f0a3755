"""Claim series and disputes: how a claimed number moved, and who says otherwise.

Consumes stored figures (with what they measure, :mod:`.extract.measures`) and
event mentions (with negation, :mod:`.extract.events`); produces

- **series**: figures measuring the same quantity — the same class of counted
  thing, unit, whose (subject) and where (place) — across outlets and days,
  each point with its value, qualifier, claimant, date and source. A change
  ("4,000 new troops", "7,000 troops in recent days") is not a level and joins
  no series. Confidence: 1.0 when both whose and where are known, 0.6 with one;
  figures with neither form no series.
- **disputes**: (a) the same PLOVER event type by the same actor, asserted by
  one claimant and negated by another within a week ("Moscow said it was
  withdrawing forces" / "we have not seen any withdrawal"); (b) two points of a
  series within two days whose ranges, read with their qualifiers, do not
  overlap ("more than 100,000" does not contradict "150,000").
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select, tuple_

from .extract.gazetteer import fold
from .store import Store
from .store.schema import documents, entities, event_mentions, figures

_AT_LEAST = {"more than", "over", "at least", "upwards of", "in excess of", "well over", "just over", "or more", "plus", "and more"}
_AT_MOST = {"as many as", "up to", "at most", "fewer than", "less than", "under", "or fewer", "or less", "at a maximum of"}
_NEARLY = {"nearly", "almost", "close to", "just under", "closer to"}
_ABOUT = {"about", "around", "approximately", "some", "roughly", "an estimated", "estimated", "or so", "within"}


@dataclass
class Point:
    value: float
    qualifier: str | None
    text: str
    claimant: str
    date: str | None
    source: str | None
    document_id: str
    entry_id: str

    def range(self) -> tuple[float, float]:
        """The values the claim allows, read with its qualifier (a bare number allows rounding, ±5 %)."""
        v, q = self.value, (self.qualifier or "").lower()
        if q in _AT_LEAST:
            return v, float("inf")
        if q in _AT_MOST:
            return 0.0, v
        if q in _NEARLY:
            return 0.85 * v, v
        if q in _ABOUT:
            return 0.85 * v, 1.15 * v
        return 0.95 * v, 1.05 * v


@dataclass
class Series:
    id: str
    label: str
    measure: str
    unit: str | None
    subject: str | None
    place: str | None
    confidence: float
    points: list[Point] = field(default_factory=list)

    @property
    def claimants(self) -> list[str]:
        return list(dict.fromkeys(p.claimant for p in self.points))


@dataclass
class Side:
    claimant: str
    text: str
    date: str | None
    source: str | None
    document_id: str
    entry_id: str


@dataclass
class Dispute:
    id: str
    kind: str  # "event" or "figure"
    subject: str
    asserted: Side
    denied: Side


def claim_series(store: Store, subject: str | None = None, entity: str | None = None, min_points: int = 2,
                 entry_ids: set[str] | None = None) -> list[Series]:
    """Series of at least ``min_points`` figures; ``subject`` filters on the label, ``entity`` on whose or where,
    ``entry_ids`` to the series with a point in those entries."""
    groups: dict[tuple, list[Point]] = defaultdict(list)
    query = (select(figures, documents.c.source.label("outlet")).join(documents, documents.c.id == figures.c.document_id)
             .where(figures.c.value.is_not(None), figures.c.measure.is_not(None), figures.c.is_change.is_not(True))
             .order_by(figures.c.published_at.asc().nulls_first(), figures.c.id))
    if entry_ids is not None:
        with store.engine.connect() as conn:
            measures = {m for (m,) in conn.execute(select(figures.c.measure).where(figures.c.entry_id.in_(sorted(entry_ids))))}
        query = query.where(figures.c.measure.in_(measures))
    with store.engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
        places = {name for (name,) in conn.execute(select(entities.c.name).where(entities.c.type == "PLACE"))}
    rows = [dict(row) for row in rows]
    for row in rows:
        row["subject"] = row["subject"] or _place_named(row["about"], places)  # "Kestrian troops", Kestria named elsewhere
    _owners_from_document(rows)
    for row in rows:
        if not (row["subject"] or row["place"]):
            continue
        claimant = row["claimed_by"] if row["claimant_kind"] != "outlet" else (row["outlet"] or "the outlet")
        groups[(row["measure"], row["unit"], row["subject"], row["place"])].append(Point(
            row["value"], row["qualifier"], row["text"], claimant or "the outlet", row["published_at"], row["outlet"],
            row["document_id"], row["entry_id"]))
    found = []
    for (measure, unit, whose, where), points in groups.items():
        if len(points) < min_points:
            continue
        label = " ".join(p for p in (whose, measure, f"({unit})" if unit else None, f"in or near {where}" if where else None) if p)
        slug = re.sub(r"[^a-z0-9]+", "-", "-".join(str(p).lower() for p in (measure, unit, whose, where) if p)).strip("-")
        found.append(Series(f"claim:{slug}", label, measure, unit, whose, where, 1.0 if whose and where else 0.6, points))
    if entry_ids is not None:
        found = [s for s in found if any(p.entry_id in entry_ids for p in s.points)]
    if subject:
        found = [s for s in found if subject.casefold() in s.label.casefold()]
    if entity:
        found = [s for s in found if entity.casefold() in ((s.subject or "").casefold(), (s.place or "").casefold())]
    return sorted(found, key=lambda s: (-len(s.points), s.id))


def disputes(store: Store, entry_ids: set[str] | None = None) -> list[Dispute]:
    """Contradictions: an event asserted and denied by different claimants, or series points that cannot both be true.

    ``entry_ids``: only disputes one of whose sides is in these entries (a story's), read from the
    events and figures around them rather than the whole corpus."""
    found = _event_disputes(store, entry_ids) + _figure_disputes(claim_series(store, entry_ids=entry_ids))
    if entry_ids is not None:
        found = [d for d in found if d.asserted.entry_id in entry_ids or d.denied.entry_id in entry_ids]
    return sorted(found, key=lambda d: (d.asserted.date or "9999", d.id))


def _event_disputes(store: Store, entry_ids: set[str] | None = None) -> list[Dispute]:
    conditions = [event_mentions.c.source_entity_id.is_not(None), event_mentions.c.hypothetical.is_(False)]
    with store.engine.connect() as conn:
        if entry_ids is not None:  # only the kinds of event these entries report, in the weeks around them
            near = conn.execute(select(event_mentions.c.type, event_mentions.c.source_entity_id, event_mentions.c.date)
                                .where(event_mentions.c.entry_id.in_(sorted(entry_ids)), *conditions)).all()
            dates = sorted(d[:10] for _, _, d in near if d)
            if not near or not dates:
                return []
            first, last = date.fromisoformat(dates[0]) - timedelta(days=7), date.fromisoformat(dates[-1]) + timedelta(days=7)
            conditions += [tuple_(event_mentions.c.type, event_mentions.c.source_entity_id).in_({(t, a) for t, a, _ in near}),
                           event_mentions.c.date >= first.isoformat(), event_mentions.c.date < last.isoformat() + "~"]
        query = (select(event_mentions, documents.c.source.label("outlet")).join(documents, documents.c.id == event_mentions.c.document_id)
                 .where(*conditions).order_by(event_mentions.c.date.asc().nulls_first(), event_mentions.c.id))
        groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
        for row in conn.execute(query).mappings():
            groups[(row["type"], row["source_entity_id"])].append(dict(row))
    found = []
    for (kind, actor), rows in groups.items():
        said: dict[str, list[dict]] = defaultdict(list)
        denied: dict[str, list[dict]] = defaultdict(list)
        for row in rows:  # by claimant, in date order: each pair of claimants is compared once
            (denied if row["negated"] else said)[_claimant(row)].append(row)
        for a, yeses in said.items():
            for b, noes in denied.items():
                if _same_claimant(a, b):
                    continue
                pair = next(((y, n) for y in yeses for n in noes if _within(y["date"], n["date"], 7)), None)
                if pair is not None:
                    yes, no = pair
                    found.append(Dispute(f"dispute:{yes['id']}|{no['id']}", "event", f"{kind} by {yes['source_text'] or actor}",
                                         _side(yes, a), _side(no, b)))
    return found


def _figure_disputes(series: list[Series]) -> list[Dispute]:
    """One dispute per series and pair of claimants (their earliest conflicting points)."""
    found = []
    for one in series:
        seen: set[frozenset[str]] = set()
        for i, a in enumerate(one.points):
            for b in one.points[i + 1:]:
                (a_low, a_high), (b_low, b_high) = a.range(), b.range()
                pair = frozenset((a.claimant, b.claimant))
                if a.claimant != b.claimant and pair not in seen and _within(a.date, b.date, 2) and (a_high < b_low or b_high < a_low):
                    seen.add(pair)
                    found.append(Dispute(f"dispute:{one.id}:{a.entry_id}|{b.entry_id}", "figure", one.label,
                                         Side(a.claimant, a.text, a.date, a.source, a.document_id, a.entry_id),
                                         Side(b.claimant, b.text, b.date, b.source, b.document_id, b.entry_id)))
    return found


#: How far (as a factor) an unowned count may be from its document's owned counts to be taken as theirs.
_NEAR = 2.0


def _owners_from_document(rows: list[dict]) -> None:
    """A count with no owner or place stated (``45 000 soldiers``) is taken as that of the one owner
    (and place) whose count of the same thing in the same unit the same document states (``more than 40,000
    Ruritanian troops``) and within a factor of ``_NEAR`` of one of them; where the document counts
    several owners' troops, or the number is far from theirs (``the 5,000 troops whose withdrawal
    ...`` beside ``40,000 Ruritanian troops``: a part, not the whole), it stays unowned."""
    owners: dict[tuple, dict[tuple, list[float]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        if row["subject"]:
            owners[(row["document_id"], row["measure"], row["unit"])][(row["subject"], row["place"])].append(row["value"])
    for row in rows:
        if not (row["subject"] or row["place"]):
            found = owners.get((row["document_id"], row["measure"], row["unit"]), {})
            if len(found) == 1:
                (owner, place), values = next(iter(found.items()))
                if any(v / _NEAR <= row["value"] <= v * _NEAR for v in values):
                    row["subject"], row["place"] = owner, place


def _place_named(about: str | None, places: set[str]) -> str | None:
    """The corpus place a capitalised adjective in ``about`` is the demonym of (``Kestrian`` → Kestria)."""
    for word in (about or "").replace("’s", " ").replace("'s", " ").split():
        if not word[:1].isupper():
            continue
        if word in places:
            return word
        for suffix in ("ian", "an", "n"):
            stem = word[: -len(suffix)] if word.endswith(suffix) else None
            if stem:
                for candidate in (stem, stem + "a", stem + "e", stem + "ia"):
                    if candidate in places:
                        return candidate
    return None


def _claimant(row: dict) -> str:
    """Who claims an event: whoever the text says reported it, else its actor speaking for itself."""
    return row["claimed_by"] or row["source_text"] or row["outlet"] or "the outlet"


def _same_claimant(first: str, second: str) -> bool:
    """"Sergei Lavrov" and "Lavrov" are one claimant: the same name, or one is the other's surname."""
    a, b = fold(first).split(), fold(second).split()
    return a == b or (bool(a) and bool(b) and (a[-1:] == b or b[-1:] == a))


def _side(row: dict, claimant: str) -> Side:
    return Side(claimant, row["sentence"], row["date"], row["outlet"], row["document_id"], row["entry_id"])


def _within(first: str | None, second: str | None, days: int) -> bool:
    if not first or not second:
        return False
    return abs((date.fromisoformat(first[:10]) - date.fromisoformat(second[:10])).days) <= days
