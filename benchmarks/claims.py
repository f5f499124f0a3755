"""Precision and recall of claim series membership and of disputes against the hand-made gold set.

    python benchmarks/claims.py [--set seeds|examples|all]

Builds a temporary store from each set's documents (``wirewatch run``), then
scores against ``tests/gold/SET/claims.jsonl`` and ``disputes.jsonl``
(annotation by reading the texts; anchors are the figure's text or a phrase of
the disputed sentence, in the named document):

- series membership: pairwise over the gold points — a pair is predicted
  together when both points are in one predicted series (a gold point is found
  by its document and figure text);
- disputes: a predicted dispute matches a gold one when each side's sentence
  contains that side's anchor in that document (either order).

Prints one JSON object on its last line.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from wirewatch import api  # noqa: E402

SETS = {"seeds": ROOT.parent / "shared" / "samples" / "seeds", "examples": ROOT / "examples" / "corpus"}
GOLD = ROOT / "tests" / "gold"


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _prf(correct: int, predicted: int, gold: int) -> dict:
    p = correct / predicted if predicted else 0.0
    r = correct / gold if gold else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "gold": gold, "predicted": predicted, "correct": correct}


def score_series(gold: list[dict], series: list) -> dict:
    """Pairwise over gold points; each gold point takes one predicted point with its document and text."""
    available = Counter()
    where: dict[tuple[str, str], list[str]] = {}
    for one in series:
        for point in one.points:
            where.setdefault((point.document_id, point.text), []).append(one.id)
    assigned = []
    for g in gold:
        key = (g["doc"], g["anchor"])
        taken = available[key]
        found = where.get(key, [])
        assigned.append((g["series"], found[taken] if taken < len(found) else None))
        available[key] += 1
    truth = predicted = both = 0
    for (g1, p1), (g2, p2) in combinations(assigned, 2):
        same_gold, same_pred = g1 == g2, p1 is not None and p1 == p2
        truth += same_gold
        predicted += same_pred
        both += same_gold and same_pred
    return _prf(both, predicted, truth) | {"points_found": sum(1 for _, p in assigned if p)}


def score_disputes(gold: list[dict], found: list) -> dict:
    def holds(side, g):
        return side.document_id == g["doc"] and g["anchor"] in side.text

    matched = set()
    correct = 0
    for dispute in found:
        for n, g in enumerate(gold):
            if n in matched:
                continue
            if (holds(dispute.asserted, g["asserted"]) and holds(dispute.denied, g["denied"])) or (
                    holds(dispute.asserted, g["denied"]) and holds(dispute.denied, g["asserted"])):
                matched.add(n)
                correct += 1
                break
    return _prf(correct, len(found), len(gold))


def evaluate(name: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "claims.db"
        api.run([str(SETS[name])], db=db)
        series = api.claims(db=db)
        found = api.disputes(db=db)
    return {"series_membership": score_series(_jsonl(GOLD / name / "claims.jsonl"), series),
            "disputes": score_disputes(_jsonl(GOLD / name / "disputes.jsonl"), found),
            "series": len(series)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", choices=["seeds", "examples", "all"], default="all")
    args = parser.parse_args()
    names = ["seeds", "examples"] if args.set == "all" else [args.set]
    results = {name: evaluate(name) for name in names if SETS[name].is_dir()}
    for name, result in results.items():
        for part in ("series_membership", "disputes"):
            r = result[part]
            print(f"{name:9} {part:18} P={r['precision']:.3f} R={r['recall']:.3f} F1={r['f1']:.3f} (gold {r['gold']}, predicted {r['predicted']})", file=sys.stderr)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
