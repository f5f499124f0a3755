"""Time and memory of corpus-level entity resolution alone, on a store's mentions.

    python benchmarks/resolve_scale.py --db STORE [--copies K]
    python benchmarks/resolve_scale.py --db STORE --store --copies 1 4 16 [--keep DIR]

Loads the store's mentions (``extract.storage.load_mentions``), optionally
repeats them K times as if K copies of every document were stored (document
and mention ids suffixed ``#i``, so names recur across K times as many
documents), and times ``extract.resolve.resolve`` on them. A store to use:
``python benchmarks/throughput.py --docs 1000 --workers 2 --keep DIR`` leaves
``DIR/bench.db``. Prints one JSON object on its last line: mentions, entities,
CPU seconds to load and to resolve, peak RSS of the process, and a digest of
the output (every entity and each mention's entity, in order) to compare
versions.

``--store``: the store-backed resolution (``extract.resolve_store.resolve_store``,
what ``wirewatch run`` does) on a copy of the store whose documents are
replicated K times (rows of documents, entries, mentions, quotes, figures and
event mentions copied with ids suffixed ``#i``; copy i's event dates are i
years later, as a longer corpus spans more days), one child process per K.
Prints one JSON line per K (mentions, entities, seconds, peak RSS of the child,
peak anonymous RSS sampled every 20 ms: the process's own memory, without the
pages of the store file SQLite reads through its memory map; ``--tracemalloc``:
also the peak of Python's own allocations) and, last, one
JSON object with all of them.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import resource
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from wirewatch.extract.resolve import resolve  # noqa: E402
from wirewatch.extract.storage import load_mentions  # noqa: E402
from wirewatch.store import Store  # noqa: E402


def _copies(rows: list, k: int) -> list:
    if k == 1:
        return rows
    out = []
    for i in range(k):
        for row in rows:
            twin = copy.copy(row)
            if isinstance(twin, dict):  # earlier versions loaded rows as dicts
                twin["id"], twin["document_id"] = f"{twin['id']}#{i}", f"{twin['document_id']}#{i}"
            else:
                twin.id, twin.document_id = f"{twin.id}#{i}", f"{twin.document_id}#{i}"
            out.append(twin)
    return out


def _rss_mb() -> int:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


#: The tables resolution reads, and their columns that hold ids of documents, entries or rows.
REPLICATED = {"documents": ("id",), "entries": ("id", "document_id"), "mentions": ("id", "document_id", "entry_id"),
              "quotes": ("id", "document_id", "entry_id"), "figures": ("id", "document_id", "entry_id"),
              "event_mentions": ("id", "document_id", "entry_id")}


def replicate_store(source: Path, target: Path, copies: int) -> None:
    """A new store at ``target`` holding ``copies`` copies of ``source``'s documents and their analysis rows."""
    Store(target)  # the schema
    with sqlite3.connect(target) as conn:
        conn.execute("ATTACH DATABASE ? AS source", (str(source),))
        for i in range(copies):
            for table, ids in REPLICATED.items():
                columns = [row[1] for row in conn.execute(f"PRAGMA source.table_info({table})")]
                values = []
                for column in columns:
                    if column in ids:
                        values.append(f"{column} || '#{i}'")
                    elif table == "event_mentions" and column == "date" and i:
                        values.append(f"CAST(substr(date, 1, 4) + {i} AS TEXT) || substr(date, 5)")
                    else:
                        values.append(f'"{column}"')
                names = ", ".join(f'"{c}"' for c in columns)
                conn.execute(f"INSERT INTO main.{table} ({names}) SELECT {', '.join(values)} FROM source.{table}")
            conn.commit()


class AnonPeak:
    """The peak of the process's anonymous resident memory (``RssAnon``), sampled in a thread."""

    def __init__(self, every: float = 0.02) -> None:
        self.peak, self.every, self.done = 0, every, threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self.done.is_set():
            self.peak = max(self.peak, _anon_kb())
            time.sleep(self.every)

    def __enter__(self) -> "AnonPeak":
        self.thread.start()
        return self

    def __exit__(self, *_) -> None:
        self.done.set()
        self.thread.join()
        self.peak = max(self.peak, _anon_kb())


def _anon_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("RssAnon:"):
            return int(line.split()[1])
    return 0


def resolve_in_store(db: str, trace: bool = False) -> dict:
    """Run the store-backed resolution once; its figures (``trace``: also the peak of Python's own
    allocations, by ``tracemalloc``, which slows the run)."""
    from wirewatch.extract.resolve_paged import resolve_store

    store = Store(db)
    with store.engine.connect() as conn:
        mentions = conn.exec_driver_sql("SELECT count(*) FROM mentions").scalar()
    before = _rss_mb()
    if trace:
        tracemalloc.start()
    with AnonPeak() as anon:
        start, cpu = time.perf_counter(), time.process_time()
        found = resolve_store(store)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    out = {"mentions": mentions, "entities": found, "seconds": round(seconds, 2), "cpu_s": round(cpu, 2),
           "rss_start_mb": before, "peak_rss_mb": _rss_mb(), "peak_anon_rss_mb": round(anon.peak / 1024)}
    if trace:
        out["python_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
    return out


def store_mode(db: str, copies: list[int], keep: str | None, trace: bool) -> None:
    folder = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="ww-resolve-"))
    folder.mkdir(parents=True, exist_ok=True)
    results = []
    for k in copies:
        target = folder / f"x{k}.db"
        for stale in (target, Path(f"{target}-wal"), Path(f"{target}-shm")):
            stale.unlink(missing_ok=True)
        replicate_store(Path(db), target, k)
        child = [sys.executable, __file__, "--db", str(target), "--resolve-store"] + (["--tracemalloc"] if trace else [])
        out = subprocess.run(child, check=True,
                             capture_output=True, text=True).stdout.strip().splitlines()[-1]
        result = {"copies": k, **json.loads(out)}
        print(json.dumps(result), flush=True)
        results.append(result)
        if not keep:
            for path in folder.glob(f"x{k}.db*"):
                path.unlink()
    print(json.dumps({"store": db, "runs": results}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="a wirewatch store (SQLite path)")
    parser.add_argument("--copies", type=int, nargs="+", default=[1], help="repeat the mentions this many times (default 1)")
    parser.add_argument("--store", action="store_true", help="the store-backed resolution on stores replicated K times")
    parser.add_argument("--keep", help="with --store: keep the replicated stores in this folder")
    parser.add_argument("--tracemalloc", action="store_true", help="with --store: also the peak of Python's allocations (slower)")
    parser.add_argument("--resolve-store", action="store_true", help=argparse.SUPPRESS)  # the child of --store
    args = parser.parse_args()
    if args.resolve_store:
        print(json.dumps(resolve_in_store(args.db, args.tracemalloc)))
        return
    if args.store:
        store_mode(args.db, args.copies, args.keep, args.tracemalloc)
        return
    args.copies = args.copies[0]
    store = Store(args.db)
    before = _rss_mb()
    start = time.process_time()
    rows = load_mentions(store)
    loaded = time.process_time()
    rows = _copies(rows, args.copies)
    held = _rss_mb()
    begun = time.process_time()
    resolution = resolve(rows)
    done = time.process_time()
    digest = hashlib.sha256()
    for entity in resolution.entities.values():
        digest.update(json.dumps(vars(entity), sort_keys=True, ensure_ascii=False).encode())
    for mention_id, entity_id in resolution.of_mention.items():
        digest.update(f"{mention_id}\t{entity_id}\n".encode())
    print(json.dumps({"mentions": len(rows), "copies": args.copies, "entities": len(resolution.entities),
                      "load_cpu_s": round(loaded - start, 2), "resolve_cpu_s": round(done - begun, 2),
                      "rss_start_mb": before, "rss_mentions_held_mb": held, "peak_rss_mb": _rss_mb(),
                      "digest": digest.hexdigest()[:16]}))


if __name__ == "__main__":
    main()
