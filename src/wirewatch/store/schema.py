"""Tables of the store (SQLAlchemy Core). Changes go through an Alembic migration."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, ForeignKey, Index, Integer, MetaData, Table, Text

metadata = MetaData()

documents = Table(
    "documents",
    metadata,
    Column("id", Text, primary_key=True),
    Column("source", Text),
    Column("title", Text),
    Column("url", Text),
    Column("published_at", Text, doc="UTC ISO 8601 at date_precision, or NULL"),
    Column("date_precision", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("removed", Text, nullable=False, doc="JSON list of {text, reason}"),
    Column("content_hash", Text, nullable=False),
    Column("format", Text, nullable=False),
    Column("origin", Text, nullable=False),
    Column("encoding", Text, nullable=False),
    Column("ingested_at", Text, nullable=False),
)

entries = Table(
    "entries",
    metadata,
    Column("id", Text, primary_key=True),
    Column("document_id", Text, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("idx", Integer, nullable=False),
    Column("headline", Text),
    Column("published_at", Text),
    Column("date_precision", Text, nullable=False),
    Column("time_of_day", Text),
    Column("is_lead", Boolean, nullable=False),
    Column("is_promo", Boolean, nullable=False),
    Column("is_key", Boolean, nullable=False),
    Column("marker", Text),
    Column("char_start", Integer, nullable=False),
    Column("char_end", Integer, nullable=False),
    Column("text", Text, nullable=False),
)

Index("ix_entries_document", entries.c.document_id, entries.c.idx)
Index("ix_entries_published", entries.c.published_at)
Index("ix_documents_published", documents.c.published_at)
