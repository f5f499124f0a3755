"""Cross-source stories: stories, their member entries, related stories, term statistics.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stories",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("headline", sa.Text),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("first_published_at", sa.Text),
        sa.Column("last_published_at", sa.Text),
        sa.Column("sources", sa.Text, nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("vector", sa.Text, nullable=False),
    )
    op.create_table(
        "story_entries",
        sa.Column("entry_id", sa.Text, primary_key=True),
        sa.Column("story_id", sa.Text, nullable=False),
        sa.Column("document_id", sa.Text, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("source", sa.Text),
        sa.Column("published_at", sa.Text),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("copy_of", sa.Text),
        sa.Column("features", sa.Text, nullable=False),
        sa.Column("signature", sa.Text),
    )
    op.create_table(
        "story_links",
        sa.Column("story_id", sa.Text, primary_key=True),
        sa.Column("related_id", sa.Text, primary_key=True),
        sa.Column("score", sa.Float, nullable=False),
    )
    op.create_table(
        "term_stats",
        sa.Column("term", sa.Text, primary_key=True),
        sa.Column("df", sa.Integer, nullable=False),
    )
    op.create_index("ix_story_entries_story", "story_entries", ["story_id"])
    op.create_index("ix_stories_last", "stories", ["last_published_at"])
    op.create_index("ix_stories_first", "stories", ["first_published_at"])


def downgrade() -> None:
    for name in ("term_stats", "story_links", "story_entries", "stories"):
        op.drop_table(name)
