"""Document versions, entry history and withdrawn marks; story write times; fired alerts.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"  # 0009 (PostgreSQL only) was written beside it; on SQLite it changes nothing
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("version", sa.Integer, nullable=False, server_default="1"))
        batch.add_column(sa.Column("scraped_at", sa.Text))
    with op.batch_alter_table("entries") as batch:
        batch.add_column(sa.Column("added_at", sa.Text))
        batch.add_column(sa.Column("version", sa.Integer, nullable=False, server_default="1"))
        batch.add_column(sa.Column("withdrawn_at", sa.Text))
    op.execute("UPDATE entries SET added_at = (SELECT ingested_at FROM documents WHERE documents.id = entries.document_id)")
    with op.batch_alter_table("stories") as batch:
        batch.add_column(sa.Column("updated_at", sa.Text))
    op.create_index("ix_stories_updated", "stories", ["updated_at"])
    op.create_index("ix_documents_url", "documents", ["url"])  # a new save is matched to its document by URL
    op.create_table(
        "document_versions",
        sa.Column("document_id", sa.Text, sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("version", sa.Integer, primary_key=True),
        sa.Column("content_hash", sa.Text, nullable=False),
        sa.Column("origin", sa.Text, nullable=False),
        sa.Column("scraped_at", sa.Text),
        sa.Column("ingested_at", sa.Text, nullable=False),
        sa.Column("added", sa.Integer, nullable=False),
        sa.Column("edited", sa.Integer, nullable=False),
        sa.Column("withdrawn", sa.Integer, nullable=False),
    )
    op.create_index("ix_document_versions_hash", "document_versions", ["document_id", "content_hash"])
    op.execute("INSERT INTO document_versions (document_id, version, content_hash, origin, scraped_at, ingested_at, added, edited, withdrawn) "
               "SELECT id, 1, content_hash, origin, NULL, ingested_at, (SELECT count(*) FROM entries WHERE entries.document_id = documents.id), 0, 0 "
               "FROM documents")
    op.create_table(
        "entry_history",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("entry_id", sa.Text, nullable=False),
        sa.Column("document_id", sa.Text, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("headline", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("published_at", sa.Text),
        sa.Column("replaced_at", sa.Text, nullable=False),
    )
    op.create_index("ix_entry_history_entry", "entry_history", ["entry_id"])
    op.create_table(
        "alerts",
        sa.Column("rule", sa.Text, primary_key=True),
        sa.Column("fact", sa.Text, primary_key=True),
        sa.Column("fired_at", sa.Text, nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("alerts")
    op.drop_index("ix_entry_history_entry", table_name="entry_history")
    op.drop_table("entry_history")
    op.drop_index("ix_document_versions_hash", table_name="document_versions")
    op.drop_table("document_versions")
    op.drop_index("ix_stories_updated", table_name="stories")
    op.drop_index("ix_documents_url", table_name="documents")
    with op.batch_alter_table("stories") as batch:
        batch.drop_column("updated_at")
    with op.batch_alter_table("entries") as batch:
        for name in ("withdrawn_at", "version", "added_at"):
            batch.drop_column(name)
    with op.batch_alter_table("documents") as batch:
        for name in ("scraped_at", "version"):
            batch.drop_column(name)
