"""Cost of a second ingest over a folder: unchanged files skipped by their recorded state, or all read again.

    python benchmarks/rescan.py [--docs 10000]

Writes ``--docs`` documents built from Timeline17 articles (as
benchmarks/throughput.py does, each with a sidecar), ingests them (ingest
only: no analysis), adds 1% new files, and times the second ingest twice on
copies of the store: as it runs by default (unchanged files skipped,
``wirewatch.ingest.manifest``) and with ``rescan=True`` (every file read,
decoded, cleaned, segmented and hashed, the behaviour before the manifest).
Both must store the same documents. Last line: one JSON object.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from throughput import write_corpus  # noqa: E402
from wirewatch import api  # noqa: E402
from wirewatch.store import Store  # noqa: E402


def timed_ingest(folder: Path, db: Path, rescan: bool) -> tuple[float, api.IngestReport]:
    started = time.perf_counter()
    report = api.ingest([str(folder)], db=db, rescan=rescan)
    return time.perf_counter() - started, report


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=10000, help="documents in the first ingest (default 10000)")
    a = ap.parse_args()
    new = max(1, a.docs // 100)
    with tempfile.TemporaryDirectory(prefix="ww-rescan-") as tmp:
        folder, first_db = Path(tmp) / "corpus", Path(tmp) / "first.db"
        folder.mkdir()
        write_corpus(folder, a.docs)
        time.sleep(2.5)  # past the manifest's racy window, as files saved before a run are
        first_s, first = timed_ingest(folder, first_db, rescan=False)
        write_corpus(folder, a.docs + new, start=a.docs)
        time.sleep(2.5)
        result = {"docs": a.docs, "new_docs": new, "first_ingest_s": round(first_s, 1), "first_new": first.count("new")}
        stored = {}
        for mode, rescan in (("skip", False), ("rescan", True)):
            db = Path(tmp) / f"{mode}.db"
            shutil.copy(first_db, db)
            seconds, report = timed_ingest(folder, db, rescan)
            with Store(db) as store:
                stored[mode] = sorted((d["id"], d["content_hash"]) for d in store.iter_documents())
            result[mode] = {"seconds": round(seconds, 2), "new": report.count("new"),
                            "unchanged": report.count("unchanged"), "problems": len(report.problems)}
        result["same_documents"] = stored["skip"] == stored["rescan"]
        result["speedup"] = round(result["rescan"]["seconds"] / result["skip"]["seconds"], 1)
        print(json.dumps(result))


if __name__ == "__main__":
    main()
