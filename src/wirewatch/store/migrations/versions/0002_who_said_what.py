"""Analysis state, entity mentions, canonical entities, quotes and figures.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _doc_fk() -> sa.Column:
    return sa.Column("document_id", sa.Text, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False)


def upgrade() -> None:
    op.create_table(
        "analysis_state",
        sa.Column("document_id", sa.Text, sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("stage", sa.Text, primary_key=True),
        sa.Column("content_hash", sa.Text, nullable=False),
    )
    op.create_table(
        "mentions",
        sa.Column("id", sa.Text, primary_key=True),
        _doc_fk(),
        sa.Column("entry_id", sa.Text, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("label", sa.Text, nullable=False),
        sa.Column("role", sa.Text),
        sa.Column("country", sa.Text),
        sa.Column("is_role", sa.Boolean, nullable=False),
        sa.Column("holder", sa.Integer),
        sa.Column("acts", sa.Boolean, nullable=False),
        sa.Column("entity_id", sa.Text),
    )
    op.create_table(
        "entities",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("type", sa.Text, nullable=False),
        sa.Column("country", sa.Text),
        sa.Column("aliases", sa.Text, nullable=False),
        sa.Column("mentions", sa.Integer, nullable=False),
    )
    op.create_table(
        "quotes",
        sa.Column("id", sa.Text, primary_key=True),
        _doc_fk(),
        sa.Column("entry_id", sa.Text, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("speaker", sa.Text),
        sa.Column("speaker_text", sa.Text),
        sa.Column("speaker_entity_id", sa.Text),
        sa.Column("cue", sa.Text),
        sa.Column("direct", sa.Boolean, nullable=False),
    )
    op.create_table(
        "figures",
        sa.Column("id", sa.Text, primary_key=True),
        _doc_fk(),
        sa.Column("entry_id", sa.Text, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("value", sa.Float),
        sa.Column("unit", sa.Text),
        sa.Column("qualifier", sa.Text),
        sa.Column("about", sa.Text),
        sa.Column("claimed_by", sa.Text),
        sa.Column("claimed_by_text", sa.Text),
        sa.Column("claimed_by_entity_id", sa.Text),
        sa.Column("claimant_kind", sa.Text, nullable=False),
    )
    op.create_index("ix_mentions_document", "mentions", ["document_id"])
    op.create_index("ix_quotes_entry", "quotes", ["entry_id"])
    op.create_index("ix_figures_entry", "figures", ["entry_id"])


def downgrade() -> None:
    for table in ("figures", "quotes", "entities", "mentions", "analysis_state"):
        op.drop_table(table)
