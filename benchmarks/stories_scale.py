"""Runtime and memory of story clustering as the corpus grows.

    python benchmarks/stories_scale.py [--items 50000] [--block 5000]

Items are Timeline17 articles (all nine topics of ../shared/bench/t17, light
detokenising) cut into entry-sized pieces of three sentences, taken in
publication order: a stream of the kind the story stage sees. They go through
the story stage's own code (``stories.features.make_item``, then
``Clusterer.add`` with its time window and index, then the run's ``refine``
pass), without the store and without the NLP stages (no entity, quote or figure
features). Prints seconds per block of items — flat blocks mean the cost per
item does not grow with the corpus — and one JSON object on the last line.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import sys
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=50000)
    parser.add_argument("--block", type=int, default=5000)
    args = parser.parse_args()
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
