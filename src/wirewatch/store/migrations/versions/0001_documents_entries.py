"""Documents, entries and the entry full-text index.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("source", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("published_at", sa.Text),
        sa.Column("date_precision", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("removed", sa.Text, nullable=False),
        sa.Column("content_hash", sa.Text, nullable=False),
        sa.Column("format", sa.Text, nullable=False),
        sa.Column("origin", sa.Text, nullable=False),
        sa.Column("encoding", sa.Text, nullable=False),
        sa.Column("ingested_at", sa.Text, nullable=False),
    )
    op.create_table(
        "entries",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("document_id", sa.Text, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("idx", sa.Integer, nullable=False),
        sa.Column("headline", sa.Text),
        sa.Column("published_at", sa.Text),
        sa.Column("date_precision", sa.Text, nullable=False),
        sa.Column("time_of_day", sa.Text),
        sa.Column("is_lead", sa.Boolean, nullable=False),
        sa.Column("is_promo", sa.Boolean, nullable=False),
        sa.Column("is_key", sa.Boolean, nullable=False),
        sa.Column("marker", sa.Text),
        sa.Column("char_start", sa.Integer, nullable=False),
        sa.Column("char_end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
    )
    op.create_index("ix_entries_document", "entries", ["document_id", "idx"])
    op.create_index("ix_entries_published", "entries", ["published_at"])
    op.create_index("ix_documents_published", "documents", ["published_at"])
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE entries_fts USING fts5("
            "entry_id UNINDEXED, headline, text, tokenize='unicode61 remove_diacritics 2')"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE entries_fts")
    op.drop_table("entries")
    op.drop_table("documents")
