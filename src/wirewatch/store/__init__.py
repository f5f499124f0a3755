"""The store: SQLite (default) or PostgreSQL through SQLAlchemy Core, schema managed by Alembic.

Every document is written in one transaction with its entries and their
full-text rows, so a crash never leaves half a document. SQLite runs in WAL
mode: readers (the CLI's ``show``, a server) proceed while one writer writes.
A ``postgresql://`` location stores everything in PostgreSQL (see :mod:`.dialects`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Literal

import threading
from functools import lru_cache

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, func, inspect, select, text
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from ..errors import Code, WirewatchError
from ..models import Document
from . import dialects
from .schema import documents, entries, metadata
from .timeouts import limit_statements

DEFAULT_DB = "wirewatch.db"
_MIGRATIONS = Path(__file__).parent / "migrations"
SaveResult = Literal["new", "updated", "unchanged"]


_MIGRATING = threading.Lock()


@lru_cache(maxsize=4)
def _head_revision(location: str) -> str | None:
    config = Config()
    config.set_main_option("script_location", location)
    return ScriptDirectory.from_config(config).get_current_head()


def _current_revision(conn) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None  # a new store: no version table yet
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA cache_size=-65536")  # 64 MiB page cache per connection
    cursor.execute("PRAGMA mmap_size=268435456")  # read through a 256 MiB memory map
    cursor.close()


class Store:
    """A wirewatch store at a SQLite path (or an SQLAlchemy URL)."""

    def __init__(self, location: str | Path = DEFAULT_DB, query_seconds: float | None = None) -> None:
        """Open (and migrate) the store; ``query_seconds`` stops any statement running longer (readers)."""
        self.location = str(location)
        url = dialects.engine_url(self.location)
        self.is_sqlite = url.startswith("sqlite")
        where = dialects.display(self.location)
        try:
            if self.is_sqlite and self.location != ":memory:":
                parent = Path(self.location).parent
                if not parent.exists():
                    raise WirewatchError(Code.STORE, f"folder {parent} does not exist; create it or choose another --db", self.location)
            self.engine: Engine = create_engine(url)
            if self.is_sqlite:
                event.listen(self.engine, "connect", _sqlite_pragmas)
            self._migrate()
            if query_seconds is not None:
                limit_statements(self.engine, query_seconds)
                self.engine.dispose()  # connections opened to migrate predate the limit
        except OperationalError as exc:
            if self.is_sqlite:
                raise WirewatchError(Code.STORE, f"cannot open the store ({_reason(exc)}); check the path and that it is a wirewatch database", where) from exc
            raise WirewatchError(Code.STORE_SERVER, f"cannot connect to PostgreSQL ({_reason(exc)}); check that the server runs, "
                                 "the host, port, user and password, and that the database exists (createdb)", where) from exc
        except SQLAlchemyError as exc:
            raise WirewatchError(Code.STORE, f"cannot open the store ({_reason(exc)}); check the path and that it is a wirewatch database", where) from exc

    def _migrate(self) -> None:
        """Bring the schema to the newest revision, all migrations in one transaction (a failure or a kill
        keeps none of them). A store already there is left alone; Alembic's
        migration context is process-global, so migrations in one process take turns (other
        processes wait on SQLite's write lock)."""
        config = Config()
        config.set_main_option("script_location", str(_MIGRATIONS))
        with _MIGRATING:
            with self.engine.begin() as conn:
                dialects.lock_in_transaction(conn, "migrate")  # PostgreSQL: one process migrates, the others wait
                if _current_revision(conn) == _head_revision(str(_MIGRATIONS)):
                    return
                if self.is_sqlite:  # the driver opens no transaction before DDL, so each CREATE TABLE would be its own
                    conn.exec_driver_sql("BEGIN IMMEDIATE")  # (a plain read above opened none either)
                    if _current_revision(conn) == _head_revision(str(_MIGRATIONS)):
                        return  # another process migrated it meanwhile
                config.attributes["connection"] = conn
                command.upgrade(config, "head")
                dialects.collate_bytewise(conn)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- writing -----------------------------------------------------------

    def content_hash(self, document_id: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(select(documents.c.content_hash).where(documents.c.id == document_id)).scalar()

    def save(self, doc: Document) -> SaveResult:
        """Write ``doc`` and its entries in one transaction; a changed document becomes its next version
        (entries matched, edited ones kept as history, missing ones withdrawn: :mod:`wirewatch.versions`)."""
        from .. import versions

        try:
            with self.engine.begin() as conn:
                dialects.lock_in_transaction(conn, f"document:{doc.id}")  # concurrent writers of one document take turns
                existing = conn.execute(select(documents.c.content_hash).where(documents.c.id == doc.id)).scalar()
                if existing == doc.content_hash:
                    return "unchanged"
                if existing is not None:
                    dialects.lock_in_transaction(conn, "analysis-results", shared=True)  # its results change too
                    versions.write_version(conn, doc, _document_row(doc))
                    return "updated"
                moment = versions.now()
                conn.execute(documents.insert().values(**_document_row(doc), version=1))
                rows = [versions.entry_row(doc, e, 1, moment) for e in doc.entries]
                if rows:
                    conn.execute(entries.insert(), rows)
                    dialects.index_entries(conn, rows)
                versions.record_version(conn, doc, 1, moment, len(rows), 0, 0)
                return "new"
        except SQLAlchemyError as exc:
            raise WirewatchError(Code.STORE, f"could not write document {doc.id} ({_reason(exc)}); nothing of it was stored", dialects.display(self.location)) from exc

    def version_target(self, document_id: str, url: str | None, content_hash: str) -> tuple[str, bool]:
        """The stored document a new save belongs to (same id, else same URL) and whether this exact
        content was already one of its versions (an older save read again is not a change)."""
        from .schema import document_versions

        with self.engine.connect() as conn:
            target = conn.execute(select(documents.c.id).where(documents.c.id == document_id)).scalar()
            if target is None and url:
                target = conn.execute(select(documents.c.id).where(documents.c.url == url).order_by(documents.c.id).limit(1)).scalar()
            if target is None:
                return document_id, False
            seen = conn.execute(select(document_versions.c.version).where(
                document_versions.c.document_id == target, document_versions.c.content_hash == content_hash).limit(1)).scalar()
        return target, seen is not None

    # -- reading -----------------------------------------------------------

    def count(self, table: Literal["documents", "entries"]) -> int:
        target = documents if table == "documents" else entries
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(target)).scalar_one()

    def count_rows(self, name: str) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(metadata.tables[name])).scalar_one()

    def iter_documents(self, limit: int | None = None, offset: int = 0) -> Iterator[dict]:
        query = select(documents).order_by(documents.c.published_at.is_(None), documents.c.published_at, documents.c.id)
        if limit is not None:
            query = query.limit(limit).offset(offset)
        yield from self._stream(query)

    def get_document(self, document_id: str) -> dict:
        with self.engine.connect() as conn:
            row = conn.execute(select(documents).where(documents.c.id == document_id)).mappings().first()
        if row is None:
            raise WirewatchError(Code.NOT_FOUND_IN_STORE, "no document with this id; list ids with `wirewatch show documents`", document_id)
        return dict(row)

    def iter_entries(self, document_id: str | None = None, day: str | None = None, limit: int | None = None, offset: int = 0) -> Iterator[dict]:
        query = select(entries)
        if document_id:
            query = query.where(entries.c.document_id == document_id).order_by(entries.c.idx)
        else:
            query = query.order_by(entries.c.document_id, entries.c.idx)
        if day:
            query = query.where(entries.c.published_at.like(f"{day}%"))
        if limit is not None:
            query = query.limit(limit).offset(offset)
        yield from self._stream(query)

    def day_counts(self) -> list[dict]:
        """Per day: entries, documents, sources; undated entries under ``None``, last."""
        day = func.substr(entries.c.published_at, 1, 10)
        query = (
            select(day.label("day"), func.count().label("entries"),
                   func.count(func.distinct(entries.c.document_id)).label("documents"))
            .where(entries.c.is_promo.is_(False), entries.c.withdrawn_at.is_(None))
            .group_by(day).order_by(day.is_(None), day)
        )
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(query).mappings()]

    def day_headlines(self, limit: int = 3) -> dict[str | None, list[str]]:
        """Per day (``None``: undated), the headlines of its first ``limit`` non-promotional entries
        that have one, in time order: one query for every day."""
        day = func.substr(entries.c.published_at, 1, 10)
        rank = func.row_number().over(partition_by=day, order_by=(entries.c.published_at.asc().nulls_first(), entries.c.document_id, entries.c.idx))
        ranked = (select(day.label("day"), entries.c.headline, rank.label("rank"), entries.c.published_at, entries.c.document_id, entries.c.idx)
                  .where(entries.c.is_promo.is_(False), entries.c.headline.is_not(None), entries.c.withdrawn_at.is_(None))
                  .subquery())
        query = select(ranked.c.day, ranked.c.headline).where(ranked.c.rank <= limit).order_by(ranked.c.day, ranked.c.rank)
        found: dict[str | None, list[str]] = {}
        with self.engine.connect() as conn:
            for row in conn.execute(query):
                found.setdefault(row.day, []).append(row.headline)
        return found

    def day_sources(self) -> dict[str | None, list[str]]:
        """Per day (``None``: undated), the distinct sources of the documents with entries on it, sorted."""
        day = func.substr(entries.c.published_at, 1, 10)
        query = (select(day.label("day"), documents.c.source).distinct().join(entries, entries.c.document_id == documents.c.id)
                 .where(entries.c.withdrawn_at.is_(None), documents.c.source.is_not(None)))
        found: dict[str | None, list[str]] = {}
        with self.engine.connect() as conn:
            for row in conn.execute(query):
                found.setdefault(row.day, []).append(row.source)
        return {key: sorted(values) for key, values in found.items()}

    def iter_table(self, name: str) -> Iterator[dict]:
        """Every row of an analysis table, in document and position order."""
        table = metadata.tables[name]
        yield from self._stream(select(table).order_by(table.c.document_id, table.c.start, table.c.end, table.c.id))

    def iter_entities_with_mentions(self) -> Iterator[tuple[dict, list[dict]]]:
        """Each entity with its mentions, streamed in entity order."""
        mentions = metadata.tables["mentions"]
        entities = metadata.tables["entities"]
        query = select(mentions).where(mentions.c.entity_id.is_not(None)).order_by(mentions.c.entity_id, mentions.c.document_id, mentions.c.start, mentions.c.end, mentions.c.id)
        grouped: dict[str, list[dict]] = {}
        with self.engine.connect() as conn:
            for row in conn.execute(query).mappings():
                grouped.setdefault(row["entity_id"], []).append(dict(row))
        for row in self._stream(select(entities).order_by(entities.c.id)):
            yield row, grouped.get(row["id"], [])

    def iter_events(self, with_details: bool = False) -> Iterator[dict]:
        """Events in date order; ``with_details`` adds the first mention's trigger and the outlet."""
        events = metadata.tables["events"]
        if not with_details:
            yield from self._stream(select(events).order_by(events.c.date.is_(None), events.c.date, events.c.id))
            return
        mentions = metadata.tables["event_mentions"]
        trigger = (select(mentions.c.trigger).where(mentions.c.event_id == events.c.id)
                   .order_by(mentions.c.start, mentions.c.id).limit(1).scalar_subquery())
        outlet = select(documents.c.source).join(entries, entries.c.document_id == documents.c.id).where(entries.c.id == events.c.entry_id).scalar_subquery()
        query = select(events, trigger.label("trigger"), outlet.label("publication")).order_by(events.c.date.is_(None), events.c.date, events.c.id)
        yield from self._stream(query)

    def iter_stories(self) -> Iterator[tuple[dict, list[dict], list[str]]]:
        """Each story (oldest first, undated last) with its members in publication order and its related stories."""
        stories, members_table, links = (metadata.tables[n] for n in ("stories", "story_entries", "story_links"))
        members: dict[str, list[dict]] = {}
        related: dict[str, list[str]] = {}
        with self.engine.connect() as conn:
            query = select(members_table.c.story_id, members_table.c.entry_id, members_table.c.document_id, members_table.c.copy_of).order_by(
                members_table.c.story_id, members_table.c.published_at.is_(None), members_table.c.published_at, members_table.c.entry_id)
            for row in conn.execute(query).mappings():
                members.setdefault(row["story_id"], []).append(dict(row))
            for row in conn.execute(select(links).order_by(links.c.score.desc(), links.c.story_id, links.c.related_id)).mappings():
                related.setdefault(row["story_id"], []).append(row["related_id"])
                related.setdefault(row["related_id"], []).append(row["story_id"])
        query = select(stories).order_by(stories.c.first_published_at.is_(None), stories.c.first_published_at, stories.c.id)
        for row in self._stream(query):
            yield row, members.get(row["id"], []), related.get(row["id"], [])

    def _stream(self, query) -> Iterator[dict]:
        with self.engine.connect() as conn:
            result = conn.execution_options(stream_results=True, yield_per=500).execute(query)
            for row in result.mappings():
                yield dict(row)


def _reason(exc: SQLAlchemyError) -> str:
    return str(getattr(exc, "orig", exc)).splitlines()[0]


def _document_row(doc: Document) -> dict:
    return {
        "id": doc.id, "source": doc.source, "title": doc.title, "url": doc.url,
        "published_at": doc.published.iso, "date_precision": doc.published.precision,
        "kind": doc.kind, "text": doc.text,
        "removed": json.dumps([{"text": r.text, "reason": r.reason} for r in doc.removed], ensure_ascii=False),
        "content_hash": doc.content_hash, "format": doc.format, "origin": doc.origin,
        "encoding": doc.encoding, "ingested_at": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "scraped_at": doc.scraped_at,
    }
