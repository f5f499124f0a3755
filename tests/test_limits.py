"""Limits (docs/limits.md): file size, entries per document, page size and query time,
each set through its environment variable and each reported by a numbered one-line error."""

from __future__ import annotations

import httpx
import pytest
from typer.testing import CliRunner

from conftest import rows, serving
from wirewatch import api
from wirewatch.cli import app
from wirewatch.errors import WirewatchError
from wirewatch.web import create_app


def _largest_seed(seeds_dir):
    return max(sorted(seeds_dir.iterdir()), key=lambda p: p.stat().st_size)


def test_file_size_limit_refuses_only_the_large_file(tmp_path, db, seeds_dir, monkeypatch):
    big = _largest_seed(seeds_dir)
    small = tmp_path / "note.txt"
    small.write_text("Kyiv, 12 February 2022. Officials met on Saturday to discuss the border.\n", encoding="utf-8")
    monkeypatch.setenv("WIREWATCH_MAX_FILE_BYTES", str(small.stat().st_size + 10))
    report = api.ingest([str(big), str(small)], db=db)
    lines = [p.line() for p in report.problems]
    assert len(lines) == 1 and lines[0].startswith(f"WW017 {big}:") and "WIREWATCH_MAX_FILE_BYTES" in lines[0], lines
    assert report.saved == {"note": "new"}


def test_entries_limit_refuses_a_document_whole_and_keeps_the_batch(tmp_path, store_url, seeds_dir, seeds_store, monkeypatch):
    db = store_url
    counts = {r["document_id"]: r["n"] for r in rows(seeds_store, "SELECT document_id, count(*) AS n FROM entries GROUP BY document_id")}
    blog_id = max(counts, key=counts.get)
    fewest = min(counts.values())
    assert counts[blog_id] > fewest  # the seeds hold a live blog with more entries than the shortest article
    monkeypatch.setenv("WIREWATCH_MAX_ENTRIES", str(counts[blog_id] - 1))
    report = api.ingest([str(seeds_dir)], db=db)
    lines = [p.line() for p in report.problems]
    assert len(lines) == 1 and lines[0].startswith("WW033 ") and blog_id in lines[0], lines
    assert f"splits into {counts[blog_id]} entries, over the limit of {counts[blog_id] - 1}" in lines[0]
    assert report.exit_code == 1
    stored = {r["id"] for r in rows(db, "SELECT id FROM documents")}
    assert stored == set(counts) - {blog_id}
    assert rows(db, "SELECT count(*) AS n FROM entries WHERE document_id = ?", blog_id)[0]["n"] == 0


def test_page_size_limit_over_http_and_in_the_cli(examples_any, monkeypatch):
    examples_store = examples_any
    monkeypatch.setenv("WIREWATCH_MAX_PAGE", "5")
    with serving(create_app(examples_store)) as base, httpx.Client(base_url=base, timeout=30) as http:
        ok = http.get("/api/entries", params={"limit": 5}).json()
        assert ok["ok"] is True and len(ok["items"]) == 5 and ok["next_cursor"]
        over = http.get("/api/entries", params={"limit": 6})
        assert over.status_code == 400
        assert over.json()["error"].startswith("WW021 limit 6 is over the page-size limit of 5")
    result = CliRunner().invoke(app, ["show", "entries", "--db", str(examples_store), "--limit", "6"])
    assert result.exit_code != 0 and "WW021" in result.output and "WIREWATCH_MAX_PAGE" in result.output


def test_query_time_limit_stops_slow_reads_with_one_error(examples_store, monkeypatch):
    # SQLite only: a 1-microsecond limit stops every read there, but PostgreSQL's statement_timeout counts whole
    # milliseconds and the example corpus's reads finish within one; its limit is tested below with a slow statement
    monkeypatch.setenv("WIREWATCH_QUERY_SECONDS", "0.000001")
    with serving(create_app(examples_store)) as base, httpx.Client(base_url=base, timeout=30) as http:
        for path in ("/api/timeline", "/api/search?q=border", "/api/stories"):
            reply = http.get(path)
            assert reply.status_code == 503, path
            body = reply.json()
            assert body["ok"] is False and body["error"].startswith("WW034 the query ran longer than the 1e-06-second limit"), body
    with pytest.raises(WirewatchError) as caught:
        api.search_page("border", db=examples_store)
    assert caught.value.code.value == "WW034"
    monkeypatch.setenv("WIREWATCH_QUERY_SECONDS", "30")
    assert api.search_page("border", db=examples_store).items  # the same read passes under a usable limit


@pytest.mark.parametrize("value", ["abc", "0", "-3"])
def test_a_bad_limit_value_names_the_variable(db, seeds_dir, monkeypatch, value):
    monkeypatch.setenv("WIREWATCH_MAX_ENTRIES", value)
    report = api.ingest([str(seeds_dir)], db=db)
    assert report.problems and all(p.line().startswith("WW021") and "WIREWATCH_MAX_ENTRIES" in p.line() for p in report.problems)


def test_both_stores_stop_a_slow_statement_and_stay_usable(store_url):
    """The statement limit on each kind of store: SQLite's progress handler, PostgreSQL's statement_timeout."""
    import time

    from sqlalchemy import text

    from wirewatch.store import Store

    slow = ("SELECT pg_sleep(5)" if store_url.startswith("postgresql") else
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000000) SELECT count(*) FROM c")
    with Store(store_url, query_seconds=0.2) as store:
        started = time.monotonic()
        with pytest.raises(WirewatchError) as caught, store.engine.connect() as conn:
            conn.execute(text(slow)).all()
        assert caught.value.code.value == "WW034" and time.monotonic() - started < 3
        assert store.count("documents") == 0  # the next statement runs normally
