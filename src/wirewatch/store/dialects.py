"""What differs between the SQLite and the PostgreSQL store, in one place.

SQLite keeps its full-text index in the FTS5 table ``entries_fts`` (rows written with each
document); PostgreSQL indexes the entries themselves (a GIN index on :data:`PG_VECTOR`), so
nothing extra is written. Writers on SQLite take turns on the database's write lock; on
PostgreSQL, several processes write at once and take advisory locks where they must not overlap.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, Table, text
from sqlalchemy.dialects import postgresql, sqlite

from ..errors import Code, WirewatchError

#: The text-search configuration of the PostgreSQL store: ``simple`` lowercases words and does
#: not stem, as SQLite's ``unicode61`` tokenizer does.
PG_CONFIG = "simple"
#: The indexed document of an entry (``e`` is the entries table); the GIN index is on exactly this expression.
PG_VECTOR = f"to_tsvector('{PG_CONFIG}', coalesce(e.headline, '') || ' ' || e.text)"


def engine_url(location: str | Path) -> str:
    """The SQLAlchemy URL of a ``--db`` value: a file path (SQLite) or a database URL."""
    location = str(location)
    if "://" not in location:
        return f"sqlite:///{location}"
    scheme, rest = location.split("://", 1)
    if scheme in ("postgresql", "postgres", "postgresql+psycopg"):
        return f"postgresql+psycopg://{rest}"
    if scheme.startswith("sqlite"):
        return location
    raise WirewatchError(Code.STORE_URL, f"unsupported store URL scheme {scheme!r}; use a file path (SQLite) or postgresql://user@host/database",
                         _safe(location))


def _safe(location: str) -> str:
    """A URL without its password, for messages."""
    scheme, _, rest = location.partition("://")
    if "@" in rest.split("/", 1)[0]:
        credentials, host = rest.split("@", 1)
        return f"{scheme}://{credentials.split(':', 1)[0]}@{host}"
    return location


def display(location: str) -> str:
    """How a store is named in messages: the path, or the URL without its password."""
    return _safe(location) if "://" in location else location


_XACT_LOCK = text("SELECT pg_advisory_xact_lock(:k)")
_XACT_LOCK_SHARED = text("SELECT pg_advisory_xact_lock_shared(:k)")


def _key(name: str) -> int:
    """A stable 63-bit advisory-lock key for a name."""
    return zlib.crc32(f"wirewatch:{name}".encode()) & 0x7FFFFFFF


def lock_in_transaction(conn, name: str, shared: bool = False) -> None:
    """On PostgreSQL, hold the lock ``name`` until the transaction ends (others wait; ``shared`` holders
    only wait for an exclusive one); SQLite: nothing to do, its write lock already serialises writers."""
    if conn.dialect.name == "postgresql":
        conn.execute(_XACT_LOCK_SHARED if shared else _XACT_LOCK, {"k": _key(name)})


@contextmanager
def corpus_lock(engine: Engine, name: str) -> Iterator[None]:
    """Hold the lock ``name`` across several transactions (a whole corpus stage) on PostgreSQL: a second
    process running the same stage waits, then sees the first one's results. Released if the process
    dies (the session ends). On SQLite a no-op."""
    if engine.dialect.name != "postgresql":
        yield
        return
    with engine.connect() as conn:
        conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _key(name)})
        conn.commit()
        try:
            yield
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _key(name)})
            conn.commit()


def collate_bytewise(conn) -> None:
    """PostgreSQL: make every text column of the store compare in byte order (``COLLATE "C"``), as SQLite's
    do, so that ordering and cursors agree whatever the database's locale. Run after each upgrade; columns
    already in "C" are left alone."""
    if conn.dialect.name != "postgresql":
        return
    conn.execute(text(  # names come from the catalogue, quoted by the server (%I)
        "DO $$ DECLARE c record; BEGIN "
        "FOR c IN SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND data_type = 'text' AND collation_name IS DISTINCT FROM 'C' AND table_name <> 'alembic_version' "
        "ORDER BY table_name, ordinal_position LOOP "
        "EXECUTE format('ALTER TABLE %I ALTER COLUMN %I TYPE text COLLATE \"C\"', c.table_name, c.column_name); "
        "END LOOP; END $$"))


def index_entries(conn, rows: list[dict]) -> None:
    """Add entries to the full-text index (SQLite's FTS5 table; PostgreSQL indexes the entries table itself)."""
    if conn.dialect.name == "sqlite" and rows:
        conn.execute(text("INSERT INTO entries_fts (entry_id, headline, text) VALUES (:id, :headline, :text)"),
                     [{"id": r["id"], "headline": r["headline"] or "", "text": r["text"]} for r in rows])


def unindex_entries(conn, entry_ids: list[str]) -> None:
    """Remove entries from the full-text index (before their text changes or they are withdrawn)."""
    if conn.dialect.name == "sqlite" and entry_ids:
        conn.execute(text("DELETE FROM entries_fts WHERE entry_id = :id"), [{"id": i} for i in entry_ids])


def upsert(conn, table: Table, rows: list[dict], keys: list[str]) -> None:
    """Insert ``rows``, replacing rows with the same ``keys`` (INSERT … ON CONFLICT DO UPDATE on both dialects)."""
    rows = list({tuple(r[k] for k in keys): r for r in rows}.values())  # the last of each key wins, as with REPLACE
    if not rows:
        return
    insert = (sqlite if conn.dialect.name == "sqlite" else postgresql).insert(table)
    others = [c for c in rows[0] if c not in keys]
    statement = (insert.on_conflict_do_update(index_elements=keys, set_={c: insert.excluded[c] for c in others}) if others
                 else insert.on_conflict_do_nothing(index_elements=keys))
    conn.execute(statement, rows)
