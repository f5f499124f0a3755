"""The store, SQLite and PostgreSQL: idempotent re-ingest, versions replaced whole, WAL (SQLite), full-text search."""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

from conftest import EXAMPLES, ROOT, rows

from wirewatch import api
from wirewatch.store import Store


def _dump(db: Path | str) -> list[tuple]:
    """Every row of every table, in a stable order."""
    if "://" in str(db):
        from sqlalchemy import create_engine, inspect, text

        engine = create_engine(str(db).replace("postgresql://", "postgresql+psycopg://"))
        try:
            with engine.connect() as conn:
                found: list[tuple] = []
                for table in sorted(inspect(conn).get_table_names()):
                    found.extend((table, *r) for r in conn.execute(text(f"SELECT * FROM {table}")))  # noqa: S608 - names from the catalogue
                return sorted(found, key=repr)
        finally:
            engine.dispose()
    conn = sqlite3.connect(db)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'entries_fts_%' ORDER BY name")]
        rows: list[tuple] = []
        for table in tables:
            rows.extend((table, *r) for r in conn.execute(f"SELECT * FROM {table}"))  # noqa: S608 - names from sqlite_master
        return sorted(rows, key=repr)
    finally:
        conn.close()


def test_reingest_reports_unchanged_and_changes_nothing(store_url):
    db = store_url
    first = api.ingest([str(EXAMPLES)], db=db)
    assert first.exit_code == 0 and first.count("new") == len(first.saved) > 10
    before = _dump(db)
    second = api.ingest([str(EXAMPLES)], db=db)
    assert second.count("unchanged") == len(first.saved) and second.count("new") == 0
    assert _dump(db) == before


def test_changed_file_becomes_the_next_version(store_url, tmp_path):
    db = store_url
    corpus = tmp_path / "corpus"
    shutil.copytree(EXAMPLES, corpus)
    api.ingest([str(corpus)], db=db)
    blog = corpus / "liveblog-relative-age.txt"
    text = blog.read_text(encoding="utf-8")
    cut = text.index("1 hour ago (13:52 GMT)")
    blog.write_text(text[:cut], encoding="utf-8")
    report = api.ingest([str(corpus)], db=db)
    assert report.saved["liveblog-relative-age"] == "updated"
    assert report.count("updated") == 1
    with Store(db) as store:
        rows = list(store.iter_entries(document_id="liveblog-relative-age"))
        assert [e["time_of_day"] for e in rows if not e["withdrawn_at"]] == [None, "14:48", "14:11"]
        assert len([e for e in rows if e["withdrawn_at"]]) == len(rows) - 3, "cut entries are marked withdrawn, not deleted"
        hits = api.search_page("evacuation advisory", store=store).items
        assert all(h["document_id"] != "liveblog-relative-age" for h in hits), "withdrawn entries leave the search index"
        assert api.search_page("evacuation", store=store).items, "the other documents are still found"


def test_store_runs_in_wal_mode_with_migrations_applied(db):
    Store(db).close()
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    newest = max(p.name.split("_")[0] for p in (ROOT / "src/wirewatch/store/migrations/versions").glob("0*.py"))
    assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == newest
    conn.close()


def test_both_kinds_migrate_to_the_newest_revision(store_url):
    Store(store_url).close()
    Store(store_url).close()  # reopening a migrated store is a no-op
    newest = max(p.name.split("_")[0] for p in (ROOT / "src/wirewatch/store/migrations/versions").glob("0*.py"))
    assert rows(store_url, "SELECT version_num FROM alembic_version") == [{"version_num": newest}]


def test_reopening_an_existing_store_keeps_its_rows(store_url):
    db = store_url
    api.ingest([str(EXAMPLES / "wire-dateline.txt")], db=db)
    with Store(db) as store:
        assert store.count("documents") == 1 and store.count("entries") == 1


def test_full_text_search_finds_entries_and_survives_bad_syntax(examples_any):
    hits = api.search_page("evacuation", db=examples_any).items
    texts = {r["id"]: (r["headline"] or "") + r["text"] for r in rows(examples_any, "SELECT id, headline, text FROM entries")}
    assert hits and all("evacuation" in texts[h["id"]].lower() for h in hits)
    assert {h["id"] for h in hits} == {i for i, t in texts.items() if "evacuation" in re.findall(r"\w+", t.lower())}
    assert "\x02" in hits[0]["snippet"] and "\x03" in hits[0]["snippet"]
    assert isinstance(api.search_page('"unbalanced AND (', db=examples_any).items, list)
    both = api.search_page("talks Kestria", db=examples_any).items
    assert both and all("talks" in texts[h["id"]].lower() and "kestria" in texts[h["id"]].lower() for h in both)


def test_search_pages_through_every_match_once(examples_any):
    seen, cursor = [], None
    while True:
        page = api.search_page("the", db=examples_any, limit=5, cursor=cursor)
        seen += [h["id"] for h in page.items]
        cursor = page.next_cursor
        if not cursor:
            break
    assert len(seen) == len(set(seen)) > 5


def test_a_failed_write_leaves_no_half_document(store_url):
    """A document whose entries cannot be inserted leaves no trace (one transaction)."""
    db = store_url
    api.ingest([str(EXAMPLES / "wire-dateline.txt")], db=db)
    if "://" in db:
        import psycopg

        with psycopg.connect(db) as conn:
            conn.execute("CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS "
                         "$$ BEGIN IF NEW.document_id = 'liveblog-undated' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$")
            conn.execute("CREATE TRIGGER refuse BEFORE INSERT ON entries FOR EACH ROW EXECUTE FUNCTION refuse()")
    else:
        conn = sqlite3.connect(db)
        conn.execute("CREATE TRIGGER refuse BEFORE INSERT ON entries WHEN NEW.document_id = 'liveblog-undated' BEGIN SELECT RAISE(ABORT, 'refused'); END")
        conn.commit()
        conn.close()
    report = api.ingest([str(EXAMPLES / "liveblog-undated.txt"), str(EXAMPLES / "article-news.txt")], db=db)
    assert report.exit_code == 1
    assert [p.code.value for p in report.problems] == ["WW014"]
    with Store(db) as store:
        ids = {d["id"] for d in store.iter_documents()}
    assert ids == {"wire-dateline", "article-news"}


def test_a_migration_that_fails_leaves_the_store_as_it_was(tmp_path: Path):
    """Migrations run in one transaction on SQLite too: a failure (or a kill) in the middle keeps none of them."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine

    from wirewatch.errors import WirewatchError
    from wirewatch.store import _MIGRATIONS

    path = tmp_path / "old.db"
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0011")
    engine.dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE relinked_entries (entry_id TEXT)")  # in the way of the last table migration 0013 creates
    before = rows(path, "SELECT name FROM sqlite_master ORDER BY name")
    try:
        Store(path)
    except WirewatchError as exc:
        assert "relinked_entries" in str(exc)
    else:
        raise AssertionError("the migration should have failed")
    assert rows(path, "SELECT name FROM sqlite_master ORDER BY name") == before  # not input_files (0012), not resolution_keys (0013)
    assert rows(path, "SELECT version_num FROM alembic_version") == [{"version_num": "0011"}]
