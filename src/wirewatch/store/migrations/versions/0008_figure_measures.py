"""What each figure measures (counted noun class, whose, where, a change or a level), for claim series.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

COLUMNS = [("measure", sa.Text), ("subject", sa.Text), ("place", sa.Text), ("is_change", sa.Boolean)]


def upgrade() -> None:
    with op.batch_alter_table("figures") as batch:
        for name, kind in COLUMNS:
            batch.add_column(sa.Column(name, kind))
    op.create_index("ix_figures_measure", "figures", ["measure", "subject", "place"])
    # figures stored before this revision get their measures when the figures stage runs again
    op.execute("DELETE FROM analysis_state WHERE stage = 'figures'")


def downgrade() -> None:
    op.drop_index("ix_figures_measure", table_name="figures")
    with op.batch_alter_table("figures") as batch:
        for name, _ in COLUMNS:
            batch.drop_column(name)
