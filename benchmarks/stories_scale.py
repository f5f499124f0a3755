"""Runtime and memory of story clustering as the corpus grows.

    python benchmarks/stories_scale.py [--items 50000] [--block 5000]
    python benchmarks/stories_scale.py --store --items 20000 [--src SRC] [--chunk N]

Items are Timeline17 articles (all nine topics of ../shared/bench/t17, light
detokenising) cut into entry-sized pieces of three sentences, taken in
publication order: a stream of the kind the story stage sees. They go through
the story stage's own code (``stories.features.make_item``, then
``Clusterer.add`` with its time window and index, then the run's ``refine``
pass), without the store and without the NLP stages (no entity, quote or figure
features). Prints seconds per block of items — flat blocks mean the cost per
item does not grow with the corpus — and one JSON object on the last line.

``--store``: the whole stage (``stories.build_stories``) on a fresh SQLite store
holding the items as entries (one document per article, written directly, no
NLP), run in a child process whose peak resident memory (``VmHWM``) is reported
with its resident memory before the stage (imports, open store) and its
anonymous and file-backed resident memory at the end.
``--src`` runs the stage with another checkout's code (e.g. ``../main/src``,
to compare before and after); ``--chunk`` passes ``chunk_entries``. The store
gives each SQLite connection a 64 MiB page cache and a 256 MiB memory map,
which fill as the database grows (bounded, but part of RSS);
``--small-sqlite-cache`` shrinks them to 2 MB and none, so that the peak shows
the stage's own memory.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from wirewatch.stories.cluster import Clusterer  # noqa: E402
from wirewatch.stories.features import make_item  # noqa: E402

T17 = ROOT.parent / "shared" / "bench" / "t17"


def detokenise(line: str) -> str:
    line = line.replace("-LRB-", "(").replace("-RRB-", ")").replace("``", "“").replace("''", "”")
    return re.sub(r"\s+([.,;:!?%)'’”]|n't|'s)", r"\1", line)


def pieces(limit: int) -> list[dict]:
    """Entry-sized items (three sentences) from every T17 article, oldest first."""
    items = []
    for path in sorted(T17.glob("*/articles.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            article = json.loads(line)
            sentences = [detokenise(s) for s in article["text"].split("\n") if s.strip()]
            for n in range(0, len(sentences), 3):
                items.append({"id": f"{article['id']}#{n // 3}", "document_id": article["id"], "headline": "",
                              "text": " ".join(sentences[n:n + 3]), "published_at": article["time"], "source": article["source"]})
    items.sort(key=lambda i: (i["published_at"], i["id"]))
    return items[:limit]


#: Runs in the child process: the stage alone on the store, its memory and time as JSON.
STAGE = """
import json, sys, time
from sqlalchemy import event
from sqlalchemy.engine import Engine
from wirewatch.store import Store
from wirewatch.stories import build_stories
if sys.argv[3] == "small":
    @event.listens_for(Engine, "checkout")
    def small_cache(connection, record, proxy):  # after the store's own pragmas, on every checkout
        connection.execute("PRAGMA cache_size=-2000")
        connection.execute("PRAGMA mmap_size=0")
def status(key):
    for line in open("/proc/self/status"):
        if line.startswith(key + ":"):
            return round(int(line.split()[1]) / 1024)
with Store(sys.argv[1]) as store:
    before, started = status("VmRSS"), time.perf_counter()
    options = {"chunk_entries": int(sys.argv[2])} if sys.argv[2] != "0" else {}
    report = build_stories(store, **options)
    seconds = time.perf_counter() - started
print(json.dumps({"rss_before_mb": before, "peak_rss_mb": status("VmHWM"),  # ru_maxrss would include the parent's, from before exec
                  "end_anon_mb": status("RssAnon"), "end_file_mb": status("RssFile"), "seconds": round(seconds, 1), "report": report}))
"""


def build_store(path: Path, stream: list[dict]) -> None:
    """The items as stored entries: one document per article, its pieces in order (no analysis)."""
    from sqlalchemy import insert

    from wirewatch.store import Store
    from wirewatch.store.schema import documents, entries

    articles: dict[str, list[dict]] = {}
    for item in stream:
        articles.setdefault(item["document_id"], []).append(item)
    with Store(path) as store:
        ids = list(articles)
        for start in range(0, len(ids), 1000):
            docs, rows = [], []
            for doc_id in ids[start:start + 1000]:
                pieces_of = articles[doc_id]
                text, offset = "", 0
                for n, piece in enumerate(pieces_of):
                    rows.append({"id": piece["id"], "document_id": doc_id, "idx": n, "headline": None, "published_at": piece["published_at"],
                                 "date_precision": "day", "is_lead": n == 0, "is_promo": False, "is_key": False,
                                 "char_start": offset, "char_end": offset + len(piece["text"]), "text": piece["text"]})
                    text += piece["text"] + "\n\n"
                    offset = len(text)
                docs.append({"id": doc_id, "source": pieces_of[0]["source"], "published_at": pieces_of[0]["published_at"],
                             "date_precision": "day", "kind": "article", "text": text, "removed": "[]", "content_hash": doc_id,
                             "format": "text", "origin": doc_id, "encoding": "utf-8", "ingested_at": "2026-11-22T00:00:00Z"})
            with store.engine.begin() as conn:
                conn.execute(insert(documents), docs)
                conn.execute(insert(entries), rows)


def store_mode(args: argparse.Namespace, stream: list[dict]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "scale.db"
        started = time.perf_counter()
        build_store(db, stream)
        print(f"store of {len(stream)} entries built in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        env = os.environ | {"PYTHONPATH": str(Path(args.src).resolve())}
        cache = "small" if args.small_sqlite_cache else "default"
        child = subprocess.run([sys.executable, "-c", STAGE, str(db), str(args.chunk), cache], env=env, capture_output=True, text=True, check=False)
        if child.returncode != 0:
            sys.exit(child.stderr)
        found = json.loads(child.stdout.strip().splitlines()[-1])
    print(json.dumps({"mode": "store", "items": len(stream), "src": args.src, "chunk": args.chunk or "default",
                      "sqlite_cache": "2 MB, no mmap" if args.small_sqlite_cache else "store default", **found,
                      "stage_mb": found["peak_rss_mb"] - found["rss_before_mb"]}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=50000)
    parser.add_argument("--block", type=int, default=5000)
    parser.add_argument("--store", action="store_true", help="the whole stage on a SQLite store, in a child process")
    parser.add_argument("--src", default=str(ROOT / "src"), help="with --store: the wirewatch sources the stage runs with")
    parser.add_argument("--chunk", type=int, default=0, help="with --store: chunk_entries (0: the stage's default)")
    parser.add_argument("--small-sqlite-cache", action="store_true",
                        help="with --store: SQLite page cache 2 MB and no memory map (the store's are 64 MiB and 256 MiB), "
                             "so that RSS shows the stage's own memory")
    args = parser.parse_args()
    if args.store:
        store_mode(args, pieces(args.items))
        return
    stream = pieces(args.items)
    clusterer = Clusterer()
    blocks, built, assignments = [], [], {}
    started = block_started = time.perf_counter()
    for n, entry in enumerate(stream, start=1):
        item = make_item(entry, entry["source"])
        clusterer.close_idle(datetime.fromisoformat(entry["published_at"]))
        assignments[item.id] = clusterer.add(item)
        built.append(item)
        if n % args.block == 0 or n == len(stream):
            now = time.perf_counter()
            blocks.append({"items": n, "seconds": round(now - block_started, 2), "open_stories": len(clusterer.stories)})
            print(f"{n:>7} items  block {now - block_started:6.2f} s  open stories {len(clusterer.stories)}", file=sys.stderr)
            block_started = now
    assign_seconds = time.perf_counter() - started
    refine_started = time.perf_counter()
    clusterer.refine(built, assignments)
    refine_seconds = time.perf_counter() - refine_started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({
        "items": len(stream), "stories": len({a.story_id for a in assignments.values()}),
        "assign_seconds": round(assign_seconds, 1), "refine_seconds": round(refine_seconds, 1),
        "items_per_second": round(len(stream) / (assign_seconds + refine_seconds), 1),
        "peak_rss_mb": round(peak_mb), "blocks": blocks,
    }))


if __name__ == "__main__":
    main()
