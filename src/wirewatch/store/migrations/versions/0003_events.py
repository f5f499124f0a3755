"""PLOVER event mentions and de-duplicated events.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "event_mentions",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("document_id", sa.Text, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("entry_id", sa.Text, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("trigger", sa.Text, nullable=False),
        sa.Column("sentence", sa.Text, nullable=False),
        sa.Column("type", sa.Text, nullable=False),
        sa.Column("mode", sa.Text),
        sa.Column("context", sa.Text),
        sa.Column("source_text", sa.Text),
        sa.Column("target_text", sa.Text),
        sa.Column("location", sa.Text),
        sa.Column("negated", sa.Boolean, nullable=False),
        sa.Column("hypothetical", sa.Boolean, nullable=False),
        sa.Column("claimed_by", sa.Text),
        sa.Column("date", sa.Text),
        sa.Column("date_precision", sa.Text, nullable=False),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("source_entity_id", sa.Text),
        sa.Column("target_entity_id", sa.Text),
        sa.Column("event_id", sa.Text),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("entry_id", sa.Text, nullable=False),
        sa.Column("date", sa.Text),
        sa.Column("date_precision", sa.Text, nullable=False),
        sa.Column("type", sa.Text, nullable=False),
        sa.Column("mode", sa.Text),
        sa.Column("context", sa.Text),
        sa.Column("source_actor", sa.Text),
        sa.Column("source_entity_id", sa.Text),
        sa.Column("source_country", sa.Text),
        sa.Column("target_actor", sa.Text),
        sa.Column("target_entity_id", sa.Text),
        sa.Column("target_country", sa.Text),
        sa.Column("location", sa.Text),
        sa.Column("sentence", sa.Text, nullable=False),
        sa.Column("negated", sa.Boolean, nullable=False),
        sa.Column("hypothetical", sa.Boolean, nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("mentions", sa.Integer, nullable=False),
    )
    op.create_index("ix_event_mentions_document", "event_mentions", ["document_id"])
    op.create_index("ix_events_date", "events", ["date"])


def downgrade() -> None:
    op.drop_table("events")
    op.drop_table("event_mentions")
