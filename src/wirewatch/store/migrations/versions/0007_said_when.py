"""When each quote was said and each figure claimed (the entry's time), indexed with the speaker.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("quotes", "figures"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("published_at", sa.Text))
        op.execute(f"UPDATE {table} SET published_at = (SELECT published_at FROM entries WHERE entries.id = {table}.entry_id)")
    op.create_index("ix_quotes_speaker_time", "quotes", ["speaker_entity_id", "published_at", "id"])
    op.create_index("ix_figures_claimant_time", "figures", ["claimed_by_entity_id", "published_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_figures_claimant_time", table_name="figures")
    op.drop_index("ix_quotes_speaker_time", table_name="quotes")
    for table in ("quotes", "figures"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("published_at")
