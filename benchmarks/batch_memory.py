"""Peak memory of parsing long entries: 64 texts per batch against ``wirewatch.nlp.parse`` (batches also bounded by characters).

    python benchmarks/batch_memory.py [--docs 6000] [--texts 150]

Takes the last ``--texts`` of the throughput benchmark's first ``--docs`` documents,
each cut to ``extract.PIECE_CHARS`` (the longest piece an entry is parsed in), and
parses them in a fresh child process each way: spaCy's ``nlp.pipe`` with 64 texts per
batch (before), and ``nlp.parse`` (at most ``BATCH_SIZE`` texts and ``BATCH_CHARS``
characters per batch). Prints each way's seconds, peak RSS of the child, and a digest
of every token's tag, POS, dependency, head, entity, lemma, morphology and sentence
start (equal digests: the same annotations). The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = """
import hashlib, json, resource, sys, time
sys.path.insert(0, sys.argv[1] + "/benchmarks")
from throughput import documents
from wirewatch import nlp
from wirewatch.extract import PIECE_CHARS
texts = [t[:PIECE_CHARS] for _, t, _ in documents(int(sys.argv[3]))][-int(sys.argv[4]):]
model = nlp.load()
started = time.perf_counter()
docs = list(model.pipe(texts, batch_size=64)) if sys.argv[2] == "before" else list(nlp.parse(texts))
seconds = time.perf_counter() - started
key = [[(t.tag_, t.pos_, t.dep_, t.head.i, t.ent_iob_, t.ent_type_, t.lemma_, str(t.morph), t.is_sent_start) for t in d] for d in docs]
print(json.dumps({"chars": sum(map(len, texts)), "seconds": round(seconds, 1),
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
                  "digest": hashlib.sha1(repr(key).encode()).hexdigest()[:16]}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=6000)
    parser.add_argument("--texts", type=int, default=150)
    args = parser.parse_args()
    result = {}
    for way in ("before", "after"):
        out = subprocess.run([sys.executable, "-c", CHILD, str(ROOT), way, str(args.docs), str(args.texts)],
                             capture_output=True, text=True, check=True)
        result[way] = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{way}: {result[way]}", file=sys.stderr)
    result["same_annotations"] = result["before"]["digest"] == result["after"]["digest"]
    print(json.dumps(result))


if __name__ == "__main__":
    main()
