"""PostgreSQL: full-text search index on entries, and byte-order text comparison (as SQLite's).

On PostgreSQL the entries are indexed for text search by a GIN index on their ``tsvector``
(headline and text, ``simple`` configuration); every text column compares in byte order
(``COLLATE "C"``, applied by the store after each upgrade), so ordering and paging match
SQLite's whatever the database's locale.
Nothing changes on SQLite, whose full-text index is the FTS5 table of revision 0001.

Revision ID: 0009
Revises: 0008
"""

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

VECTOR = "to_tsvector('simple', coalesce(headline, '') || ' ' || text)"


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    # text columns are made COLLATE "C" after every upgrade (wirewatch.store.dialects.collate_bytewise),
    # so that columns of later revisions are too
    op.execute("CREATE INDEX ix_entries_fts ON entries USING gin (" + VECTOR + ")")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX ix_entries_fts")
