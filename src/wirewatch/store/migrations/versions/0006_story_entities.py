"""Which entities each story involves, and events by actor and date: for reading by entity quickly.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "story_entities",
        sa.Column("entity_id", sa.Text, primary_key=True),
        sa.Column("story_id", sa.Text, primary_key=True),
        sa.Column("mentions", sa.Integer, nullable=False),
        sa.Column("first_published_at", sa.Text),
    )
    op.create_index("ix_story_entities_time", "story_entities", ["entity_id", "first_published_at", "story_id"])
    op.create_index("ix_story_entities_story", "story_entities", ["story_id"])
    op.create_index("ix_events_source_date", "events", ["source_entity_id", "date", "id"])
    op.create_index("ix_events_target_date", "events", ["target_entity_id", "date", "id"])


def downgrade() -> None:
    op.drop_index("ix_events_target_date", table_name="events")
    op.drop_index("ix_events_source_date", table_name="events")
    op.drop_table("story_entities")
