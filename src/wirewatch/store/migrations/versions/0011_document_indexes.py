"""Quotes and figures indexed by document: a document's results are replaced by ``document_id``.

Without these, writing one document's quotes and figures scanned both tables, so a
fresh run's writes grew with the square of the corpus.

Revision ID: 0011
Revises: 0010
"""

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

INDEXES = [
    ("ix_quotes_document", "quotes", ["document_id"]),
    ("ix_figures_document", "figures", ["document_id"]),
]


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _ in INDEXES:
        op.drop_index(name, table_name=table)
