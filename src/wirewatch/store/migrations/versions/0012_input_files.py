"""Input files already read: size, modification time and the documents each gave.

A second ``wirewatch ingest``/``run`` over a folder skips files whose state is
unchanged instead of reading, decoding and hashing them again
(:mod:`wirewatch.ingest.manifest`).

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "input_files",
        sa.Column("path", sa.Text, primary_key=True),
        sa.Column("signature", sa.Text, nullable=False),
        sa.Column("documents", sa.Text, nullable=False),
        sa.Column("recorded_at", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("input_files")
