"""Indexes for reading: filters by entity, entry and date used by the API and the pages.

Revision ID: 0005
Revises: 0004
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

INDEXES = [
    ("ix_mentions_entry", "mentions", ["entry_id"]),
    ("ix_mentions_entity", "mentions", ["entity_id"]),
    ("ix_event_mentions_entry", "event_mentions", ["entry_id"]),
    ("ix_event_mentions_date", "event_mentions", ["date"]),
    ("ix_quotes_speaker", "quotes", ["speaker_entity_id"]),
    ("ix_figures_claimant", "figures", ["claimed_by_entity_id"]),
    ("ix_events_source", "events", ["source_entity_id"]),
    ("ix_events_target", "events", ["target_entity_id"]),
    ("ix_story_links_related", "story_links", ["related_id"]),
    ("ix_entities_mentions", "entities", ["mentions"]),
]


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _ in INDEXES:
        op.drop_index(name, table_name=table)
