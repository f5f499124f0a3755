"""One SQLite store, several users at once: reads during an ingest (WAL), two ingests at the same time."""

from __future__ import annotations

import json
import threading

import httpx

from conftest import EXAMPLES, rows, serving
from wirewatch import api
from wirewatch.web import create_app


def _records(folder, prefix: str, count: int) -> None:
    folder.mkdir()
    lines = [json.dumps({"id": f"{prefix}-{n}", "source": f"Wire {prefix}", "title": f"Report {n} from {prefix}",
                         "published_at": f"2025-03-{1 + n % 28:02d}T10:00:00Z",
                         "text": f"Officials in Lenz said on day {n} that talks with Kestria would continue. " * 3}) for n in range(count)]
    (folder / f"{prefix}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_the_server_answers_reads_while_an_ingest_writes(tmp_path):
    db = tmp_path / "w.db"
    api.run([str(EXAMPLES)], db=db)
    _records(tmp_path / "more", "more", 40)
    with serving(create_app(db)) as base:
        writer = threading.Thread(target=api.run, args=([str(tmp_path / "more")],), kwargs={"db": db})
        statuses = []
        writer.start()
        with httpx.Client(base_url=base, timeout=30) as client:
            while writer.is_alive() or len(statuses) < 20:
                statuses.append(client.get("/api/stories", params={"limit": 5}).status_code)
                statuses.append(client.get("/timeline").status_code)
        writer.join()
    assert set(statuses) == {200}
    assert rows(db, "SELECT count(*) AS n FROM documents WHERE id LIKE 'more-%'") == [{"n": 40}]


def test_two_ingests_into_one_store_serialise(tmp_path):
    db = tmp_path / "w.db"
    api.ingest([str(EXAMPLES / "wire-dateline.txt")], db=db)  # the store exists, migrated, before both start
    _records(tmp_path / "a", "a", 60)
    _records(tmp_path / "b", "b", 60)
    reports = {}

    def ingest(name):
        reports[name] = api.ingest([str(tmp_path / name)], db=db)

    threads = [threading.Thread(target=ingest, args=(name,)) for name in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(report.exit_code == 0 for report in reports.values()), {k: [p.line() for p in r.problems] for k, r in reports.items()}
    assert rows(db, "SELECT count(*) AS n FROM documents") == [{"n": 121}]
    assert rows(db, "SELECT count(*) AS n FROM entries_fts") == rows(db, "SELECT count(*) AS n FROM entries")
    assert rows(db, "PRAGMA integrity_check") == [{"integrity_check": "ok"}]


def test_concurrent_runs_on_postgresql_duplicate_nothing(request, tmp_path, examples_store):
    """Three `wirewatch run` processes on one PostgreSQL store at once, with overlapping inputs: every
    document stored once, every entry in exactly one story, the analysis complete."""
    import os
    import subprocess
    import sys

    from conftest import new_postgres_database

    url = new_postgres_database(request)
    _records(tmp_path / "a", "a", 30)
    _records(tmp_path / "b", "b", 30)
    _records(tmp_path / "shared", "shared", 30)
    cli = [sys.executable, "-c", "from wirewatch.cli import main; main()", "run", "--quiet", "--db", url]
    inputs = [[tmp_path / "a", tmp_path / "shared"], [tmp_path / "b", tmp_path / "shared"], [tmp_path / "shared", EXAMPLES]]
    workers = [subprocess.Popen([*cli, *map(str, paths)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=os.environ.copy())
               for paths in inputs]
    outputs = [w.communicate(timeout=600)[0] for w in workers]
    assert [w.returncode for w in workers] == [0, 0, 0], outputs
    documents = rows(url, "SELECT count(*) AS n, count(DISTINCT id) AS d FROM documents")[0]
    assert documents["n"] == documents["d"] == 90 + rows(examples_store, "SELECT count(*) AS n FROM documents")[0]["n"]
    entries = rows(url, "SELECT count(*) AS n FROM entries WHERE NOT is_promo")[0]["n"]  # promotional boxes join no story
    assert rows(url, "SELECT count(*) AS n, count(DISTINCT entry_id) AS d FROM story_entries") == [{"n": entries, "d": entries}]
    assert rows(url, "SELECT sum(size) AS n FROM stories")[0]["n"] == entries
    assert rows(url, "SELECT count(*) AS n FROM stories s WHERE NOT EXISTS (SELECT 1 FROM story_entries e WHERE e.story_id = s.id)") == [{"n": 0}]
    stages = rows(url, "SELECT stage, count(*) AS n FROM analysis_state GROUP BY stage ORDER BY stage")
    assert stages == [{"stage": s, "n": documents["n"]} for s in ("entities", "events", "figures", "quotes", "resolution")]
    assert rows(url, "SELECT count(*) AS n FROM mentions m WHERE m.entity_id IS NOT NULL AND m.entity_id NOT IN (SELECT id FROM entities)") == [{"n": 0}]
    assert rows(url, "SELECT count(*) AS n FROM entities")[0]["n"] > 0
