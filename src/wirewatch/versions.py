"""Document versions: a document saved again with new content updates the stored one.

Entries of the new save are matched to the stored entries (:func:`match_entries`):
first by timestamp and headline, then by content. A matched entry keeps its id
(``DOCUMENT#INDEX``), so quotes, figures, events and story memberships that point
at it stay valid; an edited one keeps its previous text in ``entry_history``; new
entries get new, unused indexes; stored entries the new save no longer has are
marked withdrawn (``withdrawn_at``), never deleted. :func:`write_version` applies
a match inside the store's transaction (SQLAlchemy Core only).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone

from sqlalchemy import bindparam, delete, insert, select, update

from .models import Document, Entry
from .store import dialects
from .store.schema import document_versions, documents, entries, entry_history, story_entries

#: Word overlap (Jaccard) above which two entries with the same time are one edited entry,
#: and above which two entries whose times differ still are (a relative age drifted).
SAME_TIME_OVERLAP = 0.3
ANY_TIME_OVERLAP = 0.6
_WORD = re.compile(r"\w+")


@dataclass
class Match:
    """How a new save's entries relate to the stored ones."""

    kept: list[tuple[dict, Entry]] = field(default_factory=list)     # (stored row, entry), same text
    edited: list[tuple[dict, Entry]] = field(default_factory=list)   # (stored row, entry), text changed
    added: list[Entry] = field(default_factory=list)
    withdrawn: list[dict] = field(default_factory=list)


def _norm(value: str | None) -> str:
    return " ".join(_WORD.findall((value or "").lower()))


def _words(row_headline: str | None, row_text: str) -> set[str]:
    return set(_WORD.findall(f"{row_headline or ''} {row_text}".lower()))


def _overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def _time(stamp_iso: str | None, time_of_day: str | None) -> str | None:
    return stamp_iso or time_of_day


def match_entries(stored: list[dict], new: list[Entry]) -> Match:
    """Pair stored entry rows with the entries of a new save (see the module docstring)."""
    match = Match()
    free = list(stored)
    pairs: dict[int, dict] = {}

    def take(i: int, row: dict) -> None:
        pairs[i] = row
        free.remove(row)

    # 1. the lead is the lead
    for i, entry in enumerate(new):
        if entry.is_lead:
            lead = next((r for r in free if r["is_lead"]), None)
            if lead is not None:
                take(i, lead)
            break
    # 2. same time and same headline (a headline is needed: many updates share a time)
    for i, entry in enumerate(new):
        if i in pairs or not entry.headline:
            continue
        key = (_time(entry.stamp.iso, entry.stamp.time_of_day), _norm(entry.headline))
        row = next((r for r in free if (_time(r["published_at"], r["time_of_day"]), _norm(r["headline"])) == key), None)
        if row is not None:
            take(i, row)
    # 3. same words, wherever they moved (also when a save splits headline and body differently)
    for i, entry in enumerate(new):
        if i in pairs:
            continue
        key = _norm(f"{entry.headline or ''} {entry.text}")
        row = next((r for r in free if _norm(f"{r['headline'] or ''} {r['text']}") == key), None)
        if row is not None:
            take(i, row)
    # 4. similar content: first at the same time with some overlap, then much overlap at any time
    for same_time in (True, False):
        for i, entry in enumerate(new):
            if i in pairs or not free:
                continue
            words = _words(entry.headline, entry.text)
            when = _time(entry.stamp.iso, entry.stamp.time_of_day)
            scored = []
            for row in free:
                at_time = when is not None and when == _time(row["published_at"], row["time_of_day"])
                if same_time and not at_time:
                    continue
                overlap = _overlap(words, _words(row["headline"], row["text"]))
                if overlap >= (SAME_TIME_OVERLAP if same_time else ANY_TIME_OVERLAP):
                    scored.append((overlap, row))
            if scored:
                take(i, max(scored, key=lambda s: s[0])[1])
    for i, entry in enumerate(new):
        row = pairs.get(i)
        if row is None:
            match.added.append(entry)
        elif (row["headline"] or None, row["text"]) == (entry.headline or None, entry.text) and not row["withdrawn_at"]:
            match.kept.append((row, entry))
        else:
            match.edited.append((row, entry))
    match.withdrawn = [r for r in free if not r["withdrawn_at"]]
    return match


def now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def write_version(conn, doc: Document, document_row: dict) -> Match:
    """Apply ``doc`` as the next version of the stored document of the same id; return the match."""
    version = conn.execute(select(documents.c.version).where(documents.c.id == doc.id)).scalar_one() + 1
    stored = [dict(r) for r in conn.execute(select(entries).where(entries.c.document_id == doc.id).order_by(entries.c.idx)).mappings()]
    match = match_entries(stored, doc.entries)
    moment = now()
    next_index = max((r["idx"] for r in stored), default=-1) + 1
    for entry in match.added:  # new entries get new, unused indexes
        entry.index, next_index = next_index, next_index + 1
    for row, entry in match.kept + match.edited:
        entry.index = row["idx"]
    conn.execute(update(documents).where(documents.c.id == doc.id).values(**document_row, version=version))
    history = [{"entry_id": row["id"], "document_id": doc.id, "version": row["version"], "headline": row["headline"],
                "text": row["text"], "published_at": row["published_at"], "replaced_at": moment}
               for row, _ in match.edited if not row["withdrawn_at"]]
    if history:
        conn.execute(insert(entry_history), history)
    placed = [{"eid": row["id"], **_placement(entry)} for row, entry in match.kept]  # same text: only its place moved
    if placed:
        conn.execute(update(entries).where(entries.c.id == bindparam("eid")).values({k: bindparam(k) for k in placed[0] if k != "eid"}), placed)
    changed = [{"eid": row["id"], **_placement(entry), "headline": entry.headline, "text": entry.text, "version": version, "withdrawn_at": None}
               for row, entry in match.edited]
    if changed:
        conn.execute(update(entries).where(entries.c.id == bindparam("eid")).values({k: bindparam(k) for k in changed[0] if k != "eid"}), changed)
    if match.withdrawn:
        conn.execute(update(entries).where(entries.c.id.in_([r["id"] for r in match.withdrawn])).values(withdrawn_at=moment))
    added = [entry_row(doc, e, version, moment) for e in match.added]
    if added:
        conn.execute(insert(entries), added)
    # an edited entry is clustered again; a withdrawn one leaves its story (the stage rebuilds what it left)
    gone = [row["id"] for row, _ in match.edited] + [r["id"] for r in match.withdrawn]
    if gone:
        conn.execute(delete(story_entries).where(story_entries.c.entry_id.in_(gone)))
    # the full-text index follows (SQLite's FTS5 table; PostgreSQL indexes the entries themselves)
    dialects.unindex_entries(conn, gone + [r["id"] for r in added])
    dialects.index_entries(conn, [{"id": doc.entry_id(e.index), "headline": e.headline, "text": e.text} for _, e in match.edited] + added)
    record_version(conn, doc, version, moment, len(match.added), len(match.edited), len(match.withdrawn))
    return match


def record_version(conn, doc: Document, version: int, moment: str, added: int, edited: int, withdrawn: int) -> None:
    conn.execute(insert(document_versions).values(
        document_id=doc.id, version=version, content_hash=doc.content_hash, origin=doc.origin, scraped_at=doc.scraped_at,
        ingested_at=moment, added=added, edited=edited, withdrawn=withdrawn))


def _placement(entry: Entry) -> dict:
    return {"published_at": entry.stamp.iso, "date_precision": entry.stamp.precision, "time_of_day": entry.stamp.time_of_day,
            "is_lead": entry.is_lead, "is_promo": entry.is_promo, "is_key": entry.is_key, "marker": entry.marker,
            "char_start": entry.start, "char_end": entry.end}


def entry_row(doc: Document, entry: Entry, version: int = 1, added_at: str | None = None) -> dict:
    return {
        "id": doc.entry_id(entry.index), "document_id": doc.id, "idx": entry.index,
        "headline": entry.headline, "text": entry.text, "version": version, "added_at": added_at or now(),
        "withdrawn_at": None, **_placement(entry),
    }
