"""Latency of the HTTP API on a 100,000-entry store, under load from a second process.

    python benchmarks/api.py [--entries 100000] [--requests 300] [--clients 4] [--keep FILE]

1. Builds a store: the example corpus and the seeds run through ``wirewatch
   run``, then every analysed row (documents, entries and their full-text
   index, mentions, quotes, figures, events, stories and links) copied with new
   ids and dates shifted by whole days until the store holds ``--entries``
   entries — real text and real analysis at the size of a season of crisis news.
2. Starts ``wirewatch serve`` on it (its own process, loopback), then this
   process sends ``--requests`` requests per endpoint from ``--clients``
   threads: timeline pages from random days, searches for random words of the
   corpus, entity pages of random entities, story lists filtered by entity.
3. Prints p50/p95/max per endpoint in milliseconds; one JSON object last.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from wirewatch import api  # noqa: E402

SEEDS = ROOT.parent / "shared" / "samples" / "seeds"
APPENDED = {"id", "document_id", "story_id", "related_id", "event_id"}
ENTRY_IDS = {"entry_id", "copy_of"}
DATES = {"published_at", "first_published_at", "last_published_at", "date"}
TABLES = {  # table: columns whose values are ids of copied rows (entries' own id is an entry id)
    "documents": None, "entries": None, "analysis_state": None, "mentions": None, "quotes": None, "figures": None,
    "event_mentions": None, "events": None, "stories": None, "story_entries": None, "story_links": None, "story_entities": None,
}


def _expression(table: str, column: str, suffix: str, days: int) -> str:
    if column in ENTRY_IDS or (table == "entries" and column == "id"):
        return f"replace({column}, '#', '{suffix}#')"
    if column in APPENDED:
        return f"{column} || '{suffix}'"
    if column in DATES:
        return (f"CASE WHEN {column} IS NULL THEN NULL WHEN length({column}) > 10 "
                f"THEN strftime('%Y-%m-%dT%H:%M:%SZ', {column}, '+{days} days') ELSE date({column}, '+{days} days') END")
    return column


def build(path: Path, wanted: int) -> int:
    """A store of at least ``wanted`` entries; returns the number of entries."""
    api.run([str(ROOT / "examples" / "corpus"), str(SEEDS)], db=path)
    conn = sqlite3.connect(path)
    base = conn.execute("SELECT count(*) FROM entries").fetchone()[0]
    columns = {t: [r[1] for r in conn.execute(f"PRAGMA table_info({t})")] for t in TABLES}
    copies = -(-wanted // base) - 1
    for table in columns:
        conn.execute(f"CREATE TEMP TABLE base_{table} AS SELECT * FROM {table}")
    for k in range(1, copies + 1):
        suffix, days = f"~{k}", 7 * k
        for table, cols in columns.items():
            select = ", ".join(_expression(table, c, suffix, days) for c in cols)
            conn.execute(f"INSERT INTO {table} ({', '.join(cols)}) SELECT {select} FROM base_{table}")
        conn.execute(f"INSERT INTO entries_fts (entry_id, headline, text) SELECT replace(id, '#', '{suffix}#'), coalesce(headline, ''), text FROM base_entries")
        if k % 50 == 0:
            conn.commit()
    conn.commit()
    conn.execute("ANALYZE")
    total = conn.execute("SELECT count(*) FROM entries").fetchone()[0]
    conn.close()
    return total


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def measure(base: str, path: Path, requests: int, clients: int) -> dict:
    conn = sqlite3.connect(path)
    days = [r[0] for r in conn.execute("SELECT DISTINCT substr(first_published_at, 1, 10) FROM stories WHERE first_published_at IS NOT NULL")]
    entities = [r[0] for r in conn.execute("SELECT id FROM entities ORDER BY mentions DESC LIMIT 200")]
    stories = [r[0] for r in conn.execute("SELECT id FROM stories ORDER BY random() LIMIT 500")]
    words = [w for (t,) in conn.execute("SELECT headline FROM entries WHERE headline IS NOT NULL LIMIT 400") for w in t.split() if w.isalpha() and len(w) > 4]
    conn.close()
    rng = random.Random(7)
    plans = {
        "timeline": lambda: ("/api/timeline", {"from": rng.choice(days), "days": 7}),
        "timeline page": lambda: ("/timeline", {"from": rng.choice(days)}),
        "search": lambda: ("/api/search", {"q": rng.choice(words)}),
        "entity": lambda: (f"/api/entities/{rng.choice(entities)}", {}),
        "stories by entity": lambda: ("/api/stories", {"entity": rng.choice(entities[:50]), "limit": 50}),
        "trends page": lambda: ("/trends", {}),
        "story page": lambda: (f"/stories/{rng.choice(stories)}", {}),
    }
    results = {}
    with httpx.Client(base_url=base, timeout=60) as client:
        for name, plan in plans.items():
            calls = [plan() for _ in range(requests)]

            def one(call):
                started = time.perf_counter()
                reply = client.get(call[0], params=call[1])
                assert reply.status_code == 200, (call, reply.status_code, reply.text[:200])
                return (time.perf_counter() - started) * 1000

            with ThreadPoolExecutor(clients) as pool:
                latencies = list(pool.map(one, calls))
            results[name] = {"p50_ms": round(statistics.median(latencies), 1), "p95_ms": round(_percentile(latencies, 0.95), 1),
                             "max_ms": round(max(latencies), 1), "requests": len(latencies)}
            print(f"{name:18} p50 {results[name]['p50_ms']:7.1f} ms  p95 {results[name]['p95_ms']:7.1f} ms", file=sys.stderr)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--keep", default=None, help="build the store here (reused when it exists)")
    parser.add_argument("--port", type=int, default=8931)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(args.keep) if args.keep else Path(tmp) / "big.db"
        started = time.perf_counter()
        total = build(path, args.entries) if not path.exists() else sqlite3.connect(path).execute("SELECT count(*) FROM entries").fetchone()[0]
        built = time.perf_counter() - started
        print(f"store: {total} entries ({built:.0f} s)", file=sys.stderr)
        server = subprocess.Popen([str(Path(sys.executable).parent / "wirewatch"), "serve", "--db", str(path), "--port", str(args.port)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        base = f"http://127.0.0.1:{args.port}"
        try:
            for _ in range(200):
                try:
                    httpx.get(base + "/api/stories", params={"limit": 1}, timeout=2)
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            results = measure(base, path, args.requests, args.clients)
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(json.dumps({"entries": total, "build_seconds": round(built, 1), "clients": args.clients, "endpoints": results}))


if __name__ == "__main__":
    main()
