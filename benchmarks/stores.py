"""`wirewatch run` on SQLite and on PostgreSQL: wall time, and whether the exports are identical.

    WIREWATCH_TEST_PG=postgresql://postgres@127.0.0.1:5432/postgres python benchmarks/stores.py [PATH...]

Runs the main job (ingest, every analysis stage, day summary) on the given inputs (default: the
example corpus and ../shared/samples/seeds) into a new SQLite file and into a new PostgreSQL
database created on the server named by ``WIREWATCH_TEST_PG`` (dropped afterwards), exports both
as JSON Lines and compares them file by file. The spaCy model is loaded before either run. Prints one JSON object on the last line.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import psycopg  # noqa: E402

from wirewatch import api  # noqa: E402
from wirewatch.nlp import parse  # noqa: E402


def _timed_run(paths: list[str], db: str, out: Path) -> tuple[float, dict[str, str]]:
    started = time.perf_counter()
    report = api.run(paths, db=db)
    seconds = time.perf_counter() - started
    assert report.ingest.exit_code == 0, [p.line() for p in report.ingest.problems]
    api.export(db=db, out=out, fmt="jsonl")
    return seconds, {p.name: p.read_text(encoding="utf-8") for p in sorted(out.iterdir())}


def main() -> None:
    admin = os.environ.get("WIREWATCH_TEST_PG")
    if not admin:
        sys.exit("set WIREWATCH_TEST_PG to a postgresql:// URL of a server where a database may be created")
    paths = sys.argv[1:] or [str(ROOT / "examples" / "corpus"), str(ROOT.parent / "shared" / "samples" / "seeds")]
    list(parse(["Officials in Lenz said talks would continue."]))  # load the spaCy model before timing either store
    name = f"ww_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            lite_s, lite = _timed_run(paths, str(folder / "bench.db"), folder / "sqlite")
            pg_s, pg = _timed_run(paths, f"{admin.rpartition('/')[0]}/{name}", folder / "pg")
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    differing = sorted(n for n in lite if pg.get(n) != lite[n]) + sorted(set(pg) - set(lite))
    rows = {n: lite[n].count("\n") for n in lite}
    for n in sorted(lite):
        print(f"{n}: {rows[n]} rows, {'identical' if n not in differing else 'DIFFERENT'}")
    print(json.dumps({"inputs": paths, "sqlite_seconds": round(lite_s, 2), "postgresql_seconds": round(pg_s, 2),
                      "files": len(lite), "rows": sum(rows.values()), "differing_files": differing}))


if __name__ == "__main__":
    main()
