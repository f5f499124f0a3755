"""Time and memory of corpus-level entity resolution alone, on a store's mentions.

    python benchmarks/resolve_scale.py --db STORE [--copies K]

Loads the store's mentions (``extract.storage.load_mentions``), optionally
repeats them K times as if K copies of every document were stored (document
and mention ids suffixed ``#i``, so names recur across K times as many
documents), and times ``extract.resolve.resolve`` on them. A store to use:
``python benchmarks/throughput.py --docs 1000 --workers 2 --keep DIR`` leaves
``DIR/bench.db``. Prints one JSON object on its last line: mentions, entities,
CPU seconds to load and to resolve, peak RSS of the process, and a digest of
the output (every entity and each mention's entity, in order) to compare
versions.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import resource
import sys
import time
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="a wirewatch store (SQLite path)")
    parser.add_argument("--copies", type=int, default=1, help="repeat the mentions this many times (default 1)")
    args = parser.parse_args()
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
