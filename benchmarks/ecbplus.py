"""Cross-source event clustering on ECB+ with the product's own story stage.

    python benchmarks/ecbplus.py --split test --out PRED.jsonl [--join X]

Writes each article of ``../shared/bench/ecbplus/SPLIT.jsonl`` as a JSON Lines
record (id, title, text; ECB+ dates are free text and mostly missing, so items
are undated), runs ``wirewatch run`` on them in a temporary store (cleaning,
entities, quotes, figures, events, stories), and writes one
``{"id", "cluster"}`` line per article: the story it joined. Then scores the
file with ``../shared/bench/ecbplus/score.py`` and prints its figures as one
JSON object on the last line. Settings were tuned on train and dev only
(docs/benchmarks.md); report test.
"""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from wirewatch import api  # noqa: E402
from wirewatch.stories import Settings, build_stories  # noqa: E402
from wirewatch.store import Store  # noqa: E402

BENCH = ROOT.parent / "shared" / "bench" / "ecbplus"


def detokenise(text: str) -> str:
    """ECB+ text is lightly tokenised ("Reid , 33 ."): join punctuation back to its word."""
    text = re.sub(r"\s+([.,;:!?%)\]'’”])", r"\1", text)
    return re.sub(r"([(\[“])\s+", r"\1", text).replace(" ''", "”").replace("`` ", "“")


def records(split: str) -> list[dict]:
    return [json.loads(line) for line in (BENCH / f"{split}.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]


def cluster(split: str, settings: Settings, db: Path | None = None) -> tuple[list[dict], float]:
    """Cluster one split; reuse an analysed store at ``db`` when given (only the story stage reruns)."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        store_path = db or Path(tmp) / "ecb.db"
        if db is None or not db.exists():
            corpus = Path(tmp) / f"ecbplus-{split}.jsonl"
            with corpus.open("w", encoding="utf-8") as handle:
                for row in records(split):
                    text = detokenise(row["text"] or "")
                    handle.write(json.dumps({"id": row["id"], "title": detokenise(row["title"]), "text": text or detokenise(row["title"])}) + "\n")
            api.run([str(corpus)], db=store_path)
        with Store(store_path) as store:
            build_stories(store, force=True, settings=settings)
        conn = sqlite3.connect(store_path)
        rows = conn.execute("SELECT e.document_id, se.story_id FROM story_entries se JOIN entries e ON e.id = se.entry_id "
                            "ORDER BY e.document_id, e.idx").fetchall()
        conn.close()
    first: dict[str, str] = {}
    for document_id, story_id in rows:
        first.setdefault(document_id, story_id)  # an article's story: the one its first entry joined
    return [{"id": doc, "cluster": story} for doc, story in first.items()], time.perf_counter() - started


def score(split: str, predictions: Path) -> dict:
    output = subprocess.run([sys.executable, str(BENCH / "score.py"), str(BENCH / f"{split}.jsonl"), str(predictions)],
                            capture_output=True, text=True, check=True).stdout
    figures = {}
    for name, key in (("pairwise", r"pairwise[^\n]*?P=([\d.]+) R=([\d.]+) F1=([\d.]+)"), ("bcubed", r"BCubed\s+P=([\d.]+) R=([\d.]+) F1=([\d.]+)")):
        found = re.search(key, output)
        if found:
            figures[name] = {"precision": float(found[1]), "recall": float(found[2]), "f1": float(found[3])}
    ari = re.search(r"ARI=([\d.]+)", output)
    figures["ari"] = float(ari[1]) if ari else None
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=["train", "dev", "test"], default="test")
    parser.add_argument("--out", default="ecbplus-pred.jsonl")
    parser.add_argument("--join", type=float, default=None, help="join threshold (default: the product's)")
    parser.add_argument("--db", default=None, help="keep the analysed store here and reuse it on later runs")
    args = parser.parse_args()
    settings = Settings() if args.join is None else Settings(join=args.join)
    predictions, seconds = cluster(args.split, settings, Path(args.db) if args.db else None)
    out = Path(args.out)
    out.write_text("".join(json.dumps(p) + "\n" for p in predictions), encoding="utf-8")
    result = {"split": args.split, "articles": len(predictions), "clusters": len({p["cluster"] for p in predictions}),
              "join": settings.join, "seconds": round(seconds, 1)} | score(args.split, out)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
