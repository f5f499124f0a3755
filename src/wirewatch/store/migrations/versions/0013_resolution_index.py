"""What the last full entity resolution found corpus-wide, and the entries whose mentions it relinked.

``resolution_keys``, ``resolution_roles`` and ``resolution_state`` let a run with
a few new documents link them to the stored entities instead of resolving the
whole corpus again (:mod:`wirewatch.extract.resolve_local`).
``relinked_entries`` tells the stories stage which stories' entity index to
rebuild, instead of rebuilding it for every story. Every entry already in a
story is marked once here, so the first stories run after the upgrade brings
the whole index up to date.

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "resolution_keys",
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("type", sa.Text, nullable=False),
        sa.Column("entity_id", sa.Text),
        sa.Column("surname", sa.Text),
    )
    op.create_index("ix_resolution_keys_surname", "resolution_keys", ["surname"])
    op.create_table(
        "resolution_roles",
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("country", sa.Text),
        sa.Column("entity_id", sa.Text, nullable=False),
    )
    op.create_index("ix_resolution_roles_role", "resolution_roles", ["kind", "role"])
    op.create_table(
        "resolution_state",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("version", sa.Text, nullable=False),
        sa.Column("full_mentions", sa.Integer, nullable=False),
        sa.Column("local_mentions", sa.Integer, nullable=False),
        sa.Column("resolved_at", sa.Text, nullable=False),
    )
    op.create_table("relinked_entries", sa.Column("entry_id", sa.Text, primary_key=True))
    op.execute("INSERT INTO relinked_entries (entry_id) SELECT entry_id FROM story_entries")


def downgrade() -> None:
    op.drop_table("relinked_entries")
    op.drop_table("resolution_state")
    op.drop_index("ix_resolution_roles_role", "resolution_roles")
    op.drop_table("resolution_roles")
    op.drop_index("ix_resolution_keys_surname", "resolution_keys")
    op.drop_table("resolution_keys")
