"""Export the store to a folder: one file per table in JSON Lines, CSV or Parquet.

Field names are the export contract (``docs/schema.md``); later stages add
tables to :data:`TABLES`. Files are written to a temporary name and renamed,
so a failed export never leaves a half-written file under the final name.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import Code, WirewatchError
from ..store import Store
from .plover import PLOVER_FIELDS, plover_records
from .writers import WRITERS, write_jsonl

FORMATS = tuple(WRITERS) + ("plover",)


@dataclass(frozen=True)
class Table:
    """An exported table: its file stem, field names and types, and its rows."""

    name: str
    fields: dict[str, str]
    rows: Callable[[Store], Iterator[dict]]


def _documents(store: Store) -> Iterator[dict]:
    for row in store.iter_documents():
        yield {
            "id": row["id"], "source": row["source"], "title": row["title"], "url": row["url"],
            "published_at": row["published_at"], "date_precision": row["date_precision"],
            "kind": row["kind"], "text": row["text"],
            "removed": [item["text"] for item in json.loads(row["removed"])], "version": row["version"],
        }


def _entries(store: Store) -> Iterator[dict]:
    for row in store.iter_entries():
        yield {
            "id": row["id"], "document_id": row["document_id"], "index": row["idx"],
            "headline": row["headline"], "published_at": row["published_at"],
            "date_precision": row["date_precision"], "time_of_day": row["time_of_day"],
            "is_lead": bool(row["is_lead"]), "is_promo": bool(row["is_promo"]), "text": row["text"],
            "version": row["version"], "withdrawn_at": row["withdrawn_at"],
        }


def _entities(store: Store) -> Iterator[dict]:
    for row, mentions in store.iter_entities_with_mentions():
        yield {
            "id": row["id"], "name": row["name"], "type": row["type"],
            "aliases": json.loads(row["aliases"]), "country": row["country"],
            "mentions": [{"entry_id": m["entry_id"], "start": m["start"], "end": m["end"], "text": m["text"]} for m in mentions],
        }


def _quotes(store: Store) -> Iterator[dict]:
    for row in store.iter_table("quotes"):
        yield {k: row[k] for k in ("id", "entry_id", "text", "speaker", "speaker_entity_id", "cue")} | {"direct": bool(row["direct"])}


def _figures(store: Store) -> Iterator[dict]:
    for row in store.iter_table("figures"):
        yield {k: row[k] for k in ("id", "entry_id", "value", "unit", "qualifier", "text", "claimed_by", "about")}


_EVENT_FIELDS = ("id", "entry_id", "date", "date_precision", "type", "mode", "context", "source_actor", "source_country",
                 "target_actor", "target_country", "location", "sentence", "negated", "hypothetical", "score", "confidence")


def _events(store: Store) -> Iterator[dict]:
    for row in store.iter_events():
        yield {k: (bool(row[k]) if k in ("negated", "hypothetical") else row[k]) for k in _EVENT_FIELDS}


def _event_mentions(store: Store) -> Iterator[dict]:
    for row in store.iter_table("event_mentions"):
        yield {"event_id": row["event_id"], "entry_id": row["entry_id"], "start": row["start"], "end": row["end"],
               "trigger": row["trigger"], "claimed_by": row["claimed_by"]}


def _stories(store: Store) -> Iterator[dict]:
    for row, members, related in store.iter_stories():
        yield {
            "id": row["id"], "headline": row["headline"],
            "entry_ids": [m["entry_id"] for m in members],
            "document_ids": list(dict.fromkeys(m["document_id"] for m in members)),
            "sources": json.loads(row["sources"]),
            "first_published_at": row["first_published_at"], "last_published_at": row["last_published_at"],
            "summary": row["summary"],
            "copies": [f"{m['entry_id']}={m['copy_of']}" for m in members if m["copy_of"]],
            "related": related,
        }


def _claims(store: Store) -> Iterator[dict]:
    from ..claims import claim_series

    for one in claim_series(store):
        yield {"id": one.id, "label": one.label, "measure": one.measure, "unit": one.unit, "subject": one.subject,
               "place": one.place, "confidence": one.confidence, "claimants": one.claimants,
               "points": [dict(vars(p)) for p in one.points]}


def _disputes(store: Store) -> Iterator[dict]:
    from ..claims import disputes

    for one in disputes(store):
        yield {"id": one.id, "kind": one.kind, "subject": one.subject,
               "asserted": dict(vars(one.asserted)), "denied": dict(vars(one.denied))}


TABLES: list[Table] = [
    Table("documents", {
        "id": "string", "source": "string", "title": "string", "url": "string",
        "published_at": "string", "date_precision": "string", "kind": "string",
        "text": "string", "removed": "list<string>", "version": "int",
    }, _documents),
    Table("entries", {
        "id": "string", "document_id": "string", "index": "int", "headline": "string",
        "published_at": "string", "date_precision": "string", "time_of_day": "string",
        "is_lead": "bool", "is_promo": "bool", "text": "string", "version": "int", "withdrawn_at": "string",
    }, _entries),
    Table("entities", {
        "id": "string", "name": "string", "type": "string", "aliases": "list<string>",
        "country": "string", "mentions": "list<mention>",
    }, _entities),
    Table("quotes", {
        "id": "string", "entry_id": "string", "text": "string", "speaker": "string",
        "speaker_entity_id": "string", "cue": "string", "direct": "bool",
    }, _quotes),
    Table("events", {
        "id": "string", "entry_id": "string", "date": "string", "date_precision": "string", "type": "string",
        "mode": "string", "context": "string", "source_actor": "string", "source_country": "string",
        "target_actor": "string", "target_country": "string", "location": "string", "sentence": "string",
        "negated": "bool", "hypothetical": "bool", "score": "float", "confidence": "float",
    }, _events),
    Table("event_mentions", {
        "event_id": "string", "entry_id": "string", "start": "int", "end": "int", "trigger": "string", "claimed_by": "string",
    }, _event_mentions),
    Table("figures", {
        "id": "string", "entry_id": "string", "value": "float", "unit": "string", "qualifier": "string",
        "text": "string", "claimed_by": "string", "about": "string",
    }, _figures),
    Table("stories", {
        "id": "string", "headline": "string", "entry_ids": "list<string>", "document_ids": "list<string>",
        "sources": "list<string>", "first_published_at": "string", "last_published_at": "string",
        "summary": "string", "copies": "list<string>", "related": "list<string>",
    }, _stories),
    Table("claims", {
        "id": "string", "label": "string", "measure": "string", "unit": "string", "subject": "string", "place": "string",
        "confidence": "float", "claimants": "list<string>", "points": "list<point>",
    }, _claims),
    Table("disputes", {"id": "string", "kind": "string", "subject": "string", "asserted": "side", "denied": "side"}, _disputes),
]


def export_store(store: Store, out: str | Path, fmt: str = "jsonl") -> dict[str, int]:
    """Write every table to ``out`` (``plover``: the events as PLOVER records); return rows per file."""
    if fmt == "plover":
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / "events.plover.jsonl"
        return {target.name: write_jsonl(target, dict.fromkeys(PLOVER_FIELDS, "x"), plover_records(store))}
    if fmt not in WRITERS:
        raise WirewatchError(Code.EXPORT, f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    folder = Path(out)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WirewatchError(Code.EXPORT, f"cannot create the output folder ({exc.strerror})", str(folder)) from exc
    written: dict[str, int] = {}
    for table in TABLES:
        target = folder / f"{table.name}.{fmt}"
        written[target.name] = WRITERS[fmt](target, table.fields, table.rows(store))
    return written
