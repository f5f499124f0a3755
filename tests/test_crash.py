"""Crash safety: `wirewatch run` killed with SIGKILL at random points of a large ingest, then run again.

After every kill and after the final run, on SQLite and on PostgreSQL: the store is intact
(SQLite's ``PRAGMA integrity_check``), every document is there at most (finally: exactly) once
with all its entries, no document's analysis is half-written (a document has rows in an analysis
table only with that stage's ``analysis_state`` row, and then all of them), no story is
half-written; and the final exports equal those of a run that was never interrupted.
The kill points come from a seeded random generator; the seed is printed (set
``WIREWATCH_CRASH_SEED`` to replay one).
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import EXAMPLES, STORE_KINDS, rows, store_location
from wirewatch import api

DOCUMENTS = 150
KILLS = 3
CLI = [sys.executable, "-c", "from wirewatch.cli import main; main()"]
#: analysis table → the stage whose analysis_state row must accompany its rows
ANALYSIS = {"mentions": "entities", "quotes": "quotes", "figures": "figures", "event_mentions": "events"}


@pytest.fixture(scope="module")
def big_input(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A few hundred distinct short documents (JSON Lines) built from the example corpus's paragraphs."""
    paragraphs = [p.strip() for f in sorted(EXAMPLES.glob("*.txt")) for p in f.read_text(encoding="utf-8").split("\n\n") if len(p.strip()) > 80]
    folder = tmp_path_factory.mktemp("crash-input")
    records = [{"id": f"crash-{n:03d}", "source": f"Wire {n % 7}", "title": f"Report {n}",
                "published_at": f"2025-02-{10 + n % 10:02d}T{n % 24:02d}:{n % 60:02d}:00Z",
                "text": paragraphs[n % len(paragraphs)] + f"\n\nFiled as report {n}."} for n in range(DOCUMENTS)]
    (folder / "records.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return folder


def _run(db: str, folder: Path) -> subprocess.Popen:
    return subprocess.Popen([*CLI, "run", str(folder), "--db", db, "--quiet"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env=os.environ.copy())


def _per_document(db: str, table: str) -> dict[str, int]:
    return {r["document_id"]: r["n"] for r in rows(db, f"SELECT document_id, count(*) AS n FROM {table} GROUP BY document_id")}  # noqa: S608


def _check_consistent(db: str, reference: dict[str, dict[str, int]]) -> tuple[int, int]:
    """The crash invariants; returns the numbers of documents stored and analysed."""
    if "://" not in db:
        assert rows(db, "PRAGMA integrity_check") == [{"integrity_check": "ok"}]
    migrated = (rows(db, "SELECT to_regclass('documents') IS NOT NULL AS t") if "://" in db
                else rows(db, "SELECT count(*) = 1 AS t FROM sqlite_master WHERE name = 'documents'"))
    if not migrated[0]["t"]:
        return 0, 0  # killed before the schema was committed: nothing at all is visible
    if "://" not in db:
        assert rows(db, "SELECT count(*) AS n FROM entries_fts") == rows(db, "SELECT count(*) AS n FROM entries")
    ids = [r["id"] for r in rows(db, "SELECT id FROM documents")]
    assert len(ids) == len(set(ids)) and set(ids) <= set(reference["entries"])
    assert _per_document(db, "entries") == {i: reference["entries"][i] for i in ids if i in reference["entries"]}
    for table, stage in ANALYSIS.items():
        done = {r["document_id"] for r in rows(db, "SELECT a.document_id FROM analysis_state a JOIN documents d ON d.id = a.document_id "
                                                   "AND d.content_hash = a.content_hash WHERE a.stage = ?", stage)}
        found = _per_document(db, table)
        assert set(found) <= done, f"{table} rows without their {stage} state: {sorted(set(found) - done)[:5]}"
        assert found == {i: n for i, n in reference[table].items() if i in done}, f"{table}: a document's results are incomplete"
    sizes = rows(db, "SELECT s.id, s.size, count(e.entry_id) AS members FROM stories s LEFT JOIN story_entries e ON e.story_id = s.id GROUP BY s.id, s.size")
    assert all(r["size"] == r["members"] for r in sizes), "a story was half-written"
    return len(ids), rows(db, "SELECT count(DISTINCT document_id) AS n FROM analysis_state")[0]["n"]


def _export(db: str, out: Path) -> dict[str, str]:
    api.export(db=db, out=out, fmt="jsonl")
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(out.iterdir())}


@pytest.mark.parametrize("kind", STORE_KINDS)
def test_killed_runs_leave_a_consistent_store_and_finish_the_same(request, tmp_path, big_input, kind):
    clean = store_location(request, kind, tmp_path, "clean")
    started = time.monotonic()
    worker = _run(clean, big_input)
    assert worker.wait(timeout=600) == 0, worker.stderr.read()
    duration = time.monotonic() - started
    reference = {table: _per_document(clean, table) for table in ("entries", *ANALYSIS)}
    assert len(reference["entries"]) == DOCUMENTS and all(reference[t] for t in ANALYSIS)

    seed = int(os.environ.get("WIREWATCH_CRASH_SEED", random.randrange(1 << 30)))
    print(f"crash seed {seed} (replay with WIREWATCH_CRASH_SEED={seed}); a clean run took {duration:.1f} s")
    rng = random.Random(seed)
    crashed = store_location(request, kind, tmp_path, "crashed")
    stored = []
    for _ in range(KILLS):
        worker = _run(crashed, big_input)
        time.sleep(rng.uniform(0.05, 0.8) * duration)  # from reading the input to building stories
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=60)
        stored.append(_check_consistent(crashed, reference))
    print(f"(documents stored, documents analysed) after each kill: {stored}")
    worker = _run(crashed, big_input)
    assert worker.wait(timeout=600) == 0, worker.stderr.read()
    assert _check_consistent(crashed, reference) == (DOCUMENTS, DOCUMENTS)
    assert _per_document(crashed, "entries") == reference["entries"]
    assert _export(crashed, tmp_path / "crashed-export") == _export(clean, tmp_path / "clean-export")
