"""Throughput of ``wirewatch run`` (every stage) against the naive spaCy baseline.

    python benchmarks/throughput.py [--docs 1000] [--workers 2] [--baseline-docs 200] [--keep DIR]

Documents are Timeline17 articles (all nine topics of ../shared/bench/t17,
detokenised, three sentences a paragraph), written as ``.txt`` files with a
``.meta.json`` sidecar (date, outlet) into a temporary folder; past the 4,625
articles they repeat under distinct ids. ``wirewatch run`` then runs in a child
process on that folder (a fresh store) — ingest and every analysis stage — and
the benchmark prints documents per second, seconds per stage and the peak
resident memory of the run (the child and its worker processes, from
``getrusage(RUSAGE_CHILDREN)``: the largest single process; also the writer's
and the largest worker's apart), and the CPU
seconds per document the run used (all its processes: a figure that, unlike
documents per second, does not depend on what else the machine is doing).

The baseline, in the same run: spaCy's full English pipeline (the same model,
every component) applied with ``nlp.pipe`` to each document's whole text, on the
``--baseline-docs`` documents spread evenly over the run's (every N/200-th), single process; our speed is printed as a
multiple of it. The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
T17 = ROOT.parent / "shared" / "bench" / "t17"

#: The child: one ``api.run`` (what ``wirewatch run`` calls), its timings as JSON.
CHILD = """
import json, resource, sys, time
from wirewatch import api
started = time.perf_counter()
report = api.run([sys.argv[1]], db=sys.argv[2], workers=int(sys.argv[3]))
total = time.perf_counter() - started
print(json.dumps({"seconds": total, "stages": report.seconds, "saved": len(report.ingest.saved),
                  "new": report.ingest.count("new"), "analyzed": report.stages.get("entities, quotes, figures, events", {}).get("documents"),
                  "writer_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "worker_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def detokenise(line: str) -> str:
    line = line.replace("-LRB-", "(").replace("-RRB-", ")").replace("``", "“").replace("''", "”").replace("\\/", "/")
    return re.sub(r"\s+([.,;:!?%)'’”]|n't|'s)", r"\1", line).replace("( ", "(").replace("“ ", "“")


def articles() -> Iterator[dict]:
    """Every T17 article, topic by topic, in file order (streamed)."""
    for path in sorted(T17.glob("*/articles.jsonl")):
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                yield json.loads(line)


def documents(count: int) -> Iterator[tuple[str, str, dict]]:
    """(id, text, sidecar) for ``count`` documents; articles repeat under new ids past the corpus."""
    made = 0
    while made < count:
        for article in articles():
            if made >= count:
                return
            sentences = [detokenise(s) for s in article["text"].split("\n") if s.strip()]
            text = "\n\n".join(" ".join(sentences[n:n + 3]) for n in range(0, len(sentences), 3))
            yield f"t17-{made:06d}", text + "\n", {"date": article["time"], "source": article["source"].split("_")[-1]}
            made += 1


def write_corpus(folder: Path, count: int, start: int = 0) -> int:
    """Documents ``start`` .. ``count - 1`` as files in ``folder``; returns their characters."""
    chars = 0
    for n, (doc_id, text, meta) in enumerate(documents(count)):
        if n < start:
            continue
        (folder / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        (folder / f"{doc_id}.txt.meta.json").write_text(json.dumps(meta), encoding="utf-8")
        chars += len(text)
    return chars


def run_pipeline(folder: Path, db: Path, workers: int) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    done = subprocess.run([sys.executable, "-c", CHILD, str(folder), str(db), str(workers)],
                          env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"wirewatch run failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def baseline(count: int, total: int) -> dict:
    """spaCy's full pipeline over whole texts with ``nlp.pipe``: documents per second, on ``count``
    documents whose lengths are spread like the run's: the run's distinct documents (past the T17
    articles it repeats them) ordered by length and cut into ``count`` equal strata, and from
    each the document nearest its stratum's mean length. Lengths are heavy-tailed, so every k-th
    document by position gave samples averaging 4,153 or 9,935 characters where the run
    averaged 6,574."""
    import spacy

    from wirewatch.nlp import MODEL

    nlp = spacy.load(MODEL)
    distinct = min(total, sum(1 for _ in articles()))
    by_length = sorted(text for _, text, _ in documents(distinct))
    by_length.sort(key=len)
    strata = [by_length[i * len(by_length) // count:(i + 1) * len(by_length) // count] for i in range(count)]
    texts = [min(s, key=lambda t, m=sum(map(len, s)) / len(s): abs(len(t) - m)) for s in strata if s]
    started, cpu = time.perf_counter(), time.process_time()
    for _ in nlp.pipe(texts, batch_size=64):
        pass
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {"docs": count, "chars_per_doc": round(sum(map(len, texts)) / len(texts)), "seconds": round(seconds, 2), "docs_per_second": round(count / seconds, 2),
            "cpu_seconds_per_doc": round(cpu / count, 3), "components": nlp.pipe_names}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=1000, help="documents to run (default 1000)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="wirewatch run --workers (default: CPU count)")
    parser.add_argument("--baseline-docs", type=int, default=200, help="documents for the spaCy baseline (0: skip)")
    parser.add_argument("--keep", help="keep the generated corpus and store in this folder")
    parser.add_argument("--no-incremental", action="store_true", help="skip the second run with 1%% new files")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="ww-throughput-"))
    corpus = work / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    db = work / "bench.db"
    for stale in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        stale.unlink(missing_ok=True)
    load_before = os.getloadavg()[0]
    try:
        chars = write_corpus(corpus, args.docs)
        print(f"{args.docs} documents, {chars / args.docs:.0f} characters each on average, in {corpus}", file=sys.stderr)
        ours = run_pipeline(corpus, db, args.workers)
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        peak_mb, cpu = usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime
        rate = args.docs / ours["seconds"]
        print(f"wirewatch run: {ours['seconds']:.1f} s, {rate:.1f} documents/s, peak RSS {peak_mb:.0f} MB", file=sys.stderr)
        again = None
        if not args.no_incremental:
            extra = max(1, args.docs // 100)
            write_corpus(corpus, args.docs + extra, start=args.docs)
            second = run_pipeline(corpus, db, args.workers)
            again = {"new_docs": extra, "seconds": round(second["seconds"], 1), "new": second["new"], "analyzed": second["analyzed"],
                     "stage_seconds": {k: round(v, 1) for k, v in second["stages"].items()}}
            print(f"second run, {extra} new files: {second['seconds']:.1f} s, {second['analyzed']} documents analysed", file=sys.stderr)
        base = baseline(min(args.baseline_docs, args.docs), args.docs) if args.baseline_docs else None
        if base:
            print(f"baseline (spaCy {'+'.join(base['components'])}, nlp.pipe): {base['docs_per_second']:.2f} documents/s", file=sys.stderr)
        print(json.dumps({
            "docs": args.docs, "workers": args.workers, "chars_per_doc": round(chars / args.docs),
            "seconds": round(ours["seconds"], 1), "docs_per_second": round(rate, 2),
            "stage_seconds": {k: round(v, 1) for k, v in ours["stages"].items()},
            "cpu_seconds_per_doc": round(cpu / args.docs, 3), "peak_rss_mb": round(peak_mb),
            "writer_peak_rss_mb": round(ours["writer_rss_mb"]), "worker_peak_rss_mb": round(ours["worker_rss_mb"]),
            "documents_stored": ours["saved"], "documents_analyzed": ours["analyzed"],
            "baseline_docs_per_second": base["docs_per_second"] if base else None,
            "speedup_vs_baseline": round(rate / base["docs_per_second"], 2) if base else None,
            "baseline_cpu_seconds_per_doc": base["cpu_seconds_per_doc"] if base else None,
            "baseline_chars_per_doc": base["chars_per_doc"] if base else None,
            "incremental": again, "cpus": os.cpu_count(), "load_before": round(load_before, 2),
        }))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
