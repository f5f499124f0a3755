"""A further `wirewatch run` on a corpus kept by benchmarks/throughput.py --keep DIR: N new files.

    python benchmarks/second_run.py --keep DIR [--new N] [--workers 2]

Adds N documents (default 1% of those in DIR/corpus) after the highest
``t17-NNNNNN`` id, as throughput.py writes them, and runs ``api.run`` (what
``wirewatch run`` calls) on the whole folder against DIR/bench.db in a child
process. Prints the run's seconds per stage, splitting the analysis stage
into the per-document work (parse and extraction of the new documents: up to
the last batch's progress report) and what follows it (entity resolution over
the stored mentions and event grouping), the files not read again, and the
child's peak RSS. Last line: one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from throughput import write_corpus  # noqa: E402

CHILD = """
import json, resource, sys, time
from wirewatch import api
marks = {}
def progress(done, total, where):
    if where == "analyzing":
        marks["parsed"] = time.perf_counter()
started = time.perf_counter()
report = api.run([sys.argv[1]], db=sys.argv[2], workers=int(sys.argv[3]), progress=progress)
total = time.perf_counter() - started
print(json.dumps({"seconds": total, "stages": report.seconds, "parsed_at": marks.get("parsed", started) - started,
                  "new": report.ingest.count("new"), "unchanged": report.ingest.count("unchanged"),
                  "files_not_read": report.ingest.skipped,
                  "analyzed": report.stages.get("entities, quotes, figures, events", {}).get("documents"),
                  "writer_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "worker_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--keep", type=Path, required=True, help="folder kept by throughput.py --keep (corpus/ and bench.db)")
    ap.add_argument("--new", type=int, help="documents to add (default: 1%% of the corpus)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    a = ap.parse_args()
    corpus, db = a.keep / "corpus", a.keep / "bench.db"
    numbers = [int(m.group(1)) for p in corpus.glob("t17-*.txt") if (m := re.match(r"t17-(\d+)\.txt$", p.name))]
    have = max(numbers) + 1 if numbers else 0
    new = a.new or max(1, have // 100)
    write_corpus(corpus, have + new, start=have)
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    done = subprocess.run([sys.executable, "-c", CHILD, str(corpus), str(db), str(a.workers)],
                          env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"wirewatch run failed ({done.returncode}):\n{done.stderr[-3000:]}")
    run = json.loads(done.stdout.strip().splitlines()[-1])
    stages = {k: round(v, 1) for k, v in run["stages"].items()}
    analysis = run["stages"].get("entities, quotes, figures, events", 0.0)
    ingest = run["stages"].get("ingest", 0.0)
    per_document = max(0.0, run["parsed_at"] - ingest)
    print(json.dumps({
        "corpus_before": have, "new_docs": new, "seconds": round(run["seconds"], 1), "stage_seconds": stages,
        "analysis_per_document_s": round(per_document, 1), "analysis_after_s": round(analysis - per_document, 1),
        "new": run["new"], "unchanged": run["unchanged"], "files_not_read": run["files_not_read"], "analyzed": run["analyzed"],
        "writer_peak_rss_mb": round(run["writer_rss_mb"]), "worker_peak_rss_mb": round(run["worker_rss_mb"]),
    }))


if __name__ == "__main__":
    main()
