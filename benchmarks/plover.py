"""PLOVER event coding against the PLOVER gold-standard records (../shared/bench/plover),
and against our own event gold on the seeds (tests/gold/seeds/events.jsonl).

    python benchmarks/plover.py [--split dev|test|all]

Each record's sentence is coded on its own; the prediction is the event with
the highest confidence (the first on ties). Older labels are mapped onto the
16 PLOVER types (docs/plover.md): DEMAND → REQUEST, DISAPPROVE → ACCUSE,
FIGHT → ASSAULT; records labelled INVESTIGATE or DOCUMENT have no PLOVER type
and are left out (their number is printed). Split: records at even positions
(after leaving those out) are "dev" (used to tune the lexicon), odd ones
"test"; report test.

Printed: event-type accuracy and macro-F1; actor match = the share of gold
source (target) actors whose text overlaps the predicted source (target) text,
over records with that gold actor and a predicted event. One JSON object last.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from wirewatch.extract import code_text  # noqa: E402
from wirewatch.extract.gazetteer import fold  # noqa: E402
from wirewatch.extract.lexicon_plover import PLOVER_TYPES  # noqa: E402

GOLD = ROOT.parent / "shared" / "bench" / "plover" / "PLOVER_GSR_CAMEO.json"
LABELS = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "FIGHT": "ASSAULT"}
NO_TYPE = {"INVESTIGATE", "DOCUMENT"}


def records() -> tuple[list[dict], Counter]:
    data = json.loads(GOLD.read_text(encoding="utf-8"))
    kept, left_out = [], Counter()
    for record in data:
        label = LABELS.get(record.get("event"), record.get("event"))
        if label in NO_TYPE or label not in PLOVER_TYPES or not record.get("text"):
            left_out[record.get("event")] += 1
            continue
        kept.append(record | {"label": label})
    return kept, left_out


def _actors(field) -> list[str]:
    return [a.get("actorText", "") for a in field] if isinstance(field, list) else []


def _overlap(gold: list[str], predicted: str | None) -> bool:
    if not predicted:
        return False
    p = set(fold(predicted).split())
    return any(p & set(fold(g).split()) for g in gold if g)


def evaluate(split: str = "test") -> dict:
    kept, left_out = records()
    chosen = [r for i, r in enumerate(kept) if split == "all" or (i % 2 == 0) == (split == "dev")]
    gold_types, predicted_types = [], []
    source_hits = source_total = target_hits = target_total = 0
    for record in chosen:
        events = code_text(record["text"])
        best = max(events, key=lambda e: e.confidence, default=None) if events else None
        gold_types.append(record["label"])
        predicted_types.append(best.type if best else None)
        if best is not None:
            if _actors(record.get("source")):
                source_total += 1
                source_hits += _overlap(_actors(record["source"]), best.source)
            if _actors(record.get("target")):
                target_total += 1
                target_hits += _overlap(_actors(record["target"]), best.target)
    correct = sum(g == p for g, p in zip(gold_types, predicted_types))
    f1s = []
    for label in sorted(set(gold_types)):
        tp = sum(g == p == label for g, p in zip(gold_types, predicted_types))
        fp = sum(p == label and g != label for g, p in zip(gold_types, predicted_types))
        fn = sum(g == label and p != label for g, p in zip(gold_types, predicted_types))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1s.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
    actor_hits, actor_total = source_hits + target_hits, source_total + target_total
    return {
        "split": split, "records": len(chosen), "left_out": dict(left_out),
        "type_accuracy": round(correct / len(chosen), 4) if chosen else 0.0,
        "type_macro_f1": round(sum(f1s) / len(f1s), 4) if f1s else 0.0,
        "no_event": sum(p is None for p in predicted_types),
        "source_match": round(source_hits / source_total, 4) if source_total else 0.0,
        "target_match": round(target_hits / target_total, 4) if target_total else 0.0,
        "actor_match": round(actor_hits / actor_total, 4) if actor_total else 0.0,
    }


def evaluate_seeds() -> dict:
    """Event mentions on the seeds: type P/R, source and flag agreement, de-duplication."""
    import sqlite3
    import tempfile
    from itertools import combinations

    from wirewatch import api

    seeds = ROOT.parent / "shared" / "samples" / "seeds"
    gold = [json.loads(line) for line in (ROOT / "tests" / "gold" / "seeds" / "events.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "events.db"
        api.run([str(seeds)], db=db)
        conn = sqlite3.connect(db)
        conn.row_factory = sqlite3.Row
        texts = {r["id"]: r["text"] for r in conn.execute("SELECT id, text FROM documents")}
        predicted = [dict(r) for r in conn.execute(
            "SELECT m.*, e.source_actor FROM event_mentions m JOIN events e ON e.id = m.event_id")]
        conn.close()
    matched, used = [], set()
    for item in gold:
        text = texts.get(item["doc"], "")
        at, seen = -1, 0
        while seen < item.get("occurrence", 1):
            at = text.find(item["anchor"], at + 1)
            if at < 0:
                break
            seen += 1
        if at < 0:
            continue
        end = at + len(item["anchor"])
        candidates = [p for p in predicted if p["document_id"] == item["doc"] and p["id"] not in used and p["start"] < end and at < p["end"]]
        if candidates:
            used.add(candidates[0]["id"])
            matched.append((item, candidates[0]))
    typed = [(g, p) for g, p in matched if g["type"] == p["type"]]
    names = lambda g: {fold(n) for n in [g.get("source")] + list(g.get("source_aliases") or []) if n}  # noqa: E731
    sources = sum(1 for g, p in typed if fold(p["source_actor"] or "") in names(g) or fold(p["source_text"] or "") in names(g))
    flags = sum(1 for g, p in typed if bool(p["negated"]) == g["negated"] and bool(p["hypothetical"]) == g["hypothetical"])
    same_gold = same_both = same_pred = 0
    for (g1, p1), (g2, p2) in combinations(matched, 2):
        a, b = g1.get("event_group") == g2.get("event_group"), p1["event_id"] == p2["event_id"]
        same_gold += a
        same_pred += b
        same_both += a and b
    precision = len(typed) / len(predicted) if predicted else 0.0
    recall = len(typed) / len(gold) if gold else 0.0
    return {
        "gold_mentions": len(gold), "predicted_mentions": len(predicted), "matched": len(matched),
        "type_precision": round(precision, 4), "type_recall": round(recall, 4),
        "source_match": round(sources / len(typed), 4) if typed else 0.0,
        "flags_match": round(flags / len(typed), 4) if typed else 0.0,
        "dedup_precision": round(same_both / same_pred, 4) if same_pred else 1.0,
        "dedup_recall": round(same_both / same_gold, 4) if same_gold else 1.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=["dev", "test", "all"], default="test")
    args = parser.parse_args()
    result = evaluate(args.split)
    if (ROOT.parent / "shared" / "samples" / "seeds").is_dir():
        result["seeds"] = evaluate_seeds()
        print(f"seeds: {json.dumps(result['seeds'])}", file=sys.stderr)
    print(f"{result['split']}: {result['records']} records, type accuracy {result['type_accuracy']:.3f}, "
          f"macro-F1 {result['type_macro_f1']:.3f}, actor match {result['actor_match']:.3f} "
          f"(source {result['source_match']:.3f}, target {result['target_match']:.3f}); left out {result['left_out']}", file=sys.stderr)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
