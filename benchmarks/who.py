"""Precision and recall of the "who said what" stages against the hand-made gold set.

    python benchmarks/who.py [--set seeds|examples|all] [--misses]

``--misses`` prints, on standard error, each wrong speaker or claimant, each
gold quote or figure no prediction covers, and each gold entity split over
several predicted ones.

Builds a temporary store from each set's documents (the seeds in
../shared/samples/seeds, the example corpus in examples/corpus), runs the
entity, quote and figure stages, and scores them against tests/gold/SET/:

- quotes: a predicted quote matches a gold quote when it covers the gold
  anchor's first character (the one starting nearest to it when several do); it is *correct* when its speaker is the gold
  speaker or one of its aliases (both unknown counts as correct).
- figures: matched the same way; correct when the value agrees (both vague
  counts agree) and the claimant is right (gold "outlet" = claimed in the
  outlet's own voice).
- entity merges: pairwise over the gold forms; a pair is predicted merged when
  both forms' mentions carry the same entity id.

Prints one JSON object on its last line.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
import json
import sqlite3
import sys
import tempfile
import time
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from wirewatch import api  # noqa: E402
from wirewatch.extract.gazetteer import fold  # noqa: E402

SETS = {
    "seeds": ROOT.parent / "shared" / "samples" / "seeds",
    "examples": ROOT / "examples" / "corpus",
}
GOLD = ROOT / "tests" / "gold"


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _anchor_at(text: str, anchor: str, occurrence: int) -> int | None:
    """Offset of the n-th occurrence of ``anchor`` in ``text`` (spacing-insensitive fallback)."""
    positions = []
    start = text.find(anchor)
    while start != -1:
        positions.append(start)
        start = text.find(anchor, start + 1)
    if not positions:
        squeezed = " ".join(anchor.split())
        start = text.find(squeezed)
        return start if start != -1 else None
    return positions[min(occurrence, len(positions)) - 1]


def _names(gold: dict, key: str) -> set[str]:
    names = {gold.get(key)} | set(gold.get(f"{key}_aliases", []) or [])
    return {fold(n) for n in names if n}


def _ratio(a: int, b: int) -> float:
    return round(a / b, 4) if b else 1.0


def _prf(correct: int, predicted: int, gold: int) -> dict:
    p, r = _ratio(correct, predicted), _ratio(correct, gold)
    return {"precision": p, "recall": r, "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0, "gold": gold, "predicted": predicted, "correct": correct}


def _match(golds: list[dict], preds: list[dict], texts: dict[str, str]) -> tuple[list[tuple[dict, dict]], list[dict]]:
    """Pairs (gold, prediction) where the prediction covers the gold anchor; unfound anchors."""
    used: set[str] = set()
    pairs, missing = [], []
    for gold in golds:
        text = texts.get(gold["doc"])
        at = _anchor_at(text, gold["anchor"], gold.get("occurrence", 1)) if text else None
        if at is None:
            missing.append(gold)
            continue
        covering = [p for p in preds if p["document_id"] == gold["doc"] and p["id"] not in used and p["start"] - 2 <= at < p["end"]]
        if covering:
            pred = max(covering, key=lambda p: (p["start"], -p["end"]))  # the tightest: a quote inside a reported clause
            used.add(pred["id"])
            pairs.append((gold, pred))
    return pairs, missing


def score_quotes(golds: list[dict], preds: list[dict], texts: dict[str, str], verbose: bool = False) -> dict:
    pairs, missing = _match(golds, preds, texts)
    correct = 0
    for gold, pred in pairs:
        names = _names(gold, "speaker")
        said = {fold(n) for n in (pred["speaker"], pred["speaker_text"]) if n}
        if (not names and not said) or (names & said):
            correct += 1
        elif verbose:
            print(f"speaker  {gold['doc'][:24]}: {gold['anchor'][:50]!r} gold {gold.get('speaker')!r}, got {pred['speaker']!r}", file=sys.stderr)
    if verbose:
        found = {id(g) for g, _ in pairs}
        for gold in golds:
            if id(gold) not in found and gold not in missing:
                print(f"no quote {gold['doc'][:24]}: {gold['anchor'][:50]!r} (gold {gold.get('speaker')!r})", file=sys.stderr)
    result = _prf(correct, len(preds), len(golds))
    result["span"] = _prf(len(pairs), len(preds), len(golds))
    result["anchors_not_found"] = len(missing)
    return result


def score_figures(golds: list[dict], preds: list[dict], texts: dict[str, str], verbose: bool = False) -> dict:
    pairs, missing = _match(golds, preds, texts)
    correct = 0
    if verbose:
        found = {id(g) for g, _ in pairs}
        for gold in golds:
            if id(gold) not in found and gold not in missing:
                print(f"no figure {gold['doc'][:24]}: {gold['anchor']!r}", file=sys.stderr)
    for gold, pred in pairs:
        value_ok = (gold["value"] is None and pred["value"] is None) or (
            gold["value"] is not None and pred["value"] is not None and abs(float(gold["value"]) - pred["value"]) < 1e-6)
        if gold["claimed_by"] == "outlet":
            claimant_ok = pred["claimant_kind"] == "outlet"
        else:
            said = {fold(n) for n in (pred["claimed_by"], pred["claimed_by_text"]) if n}
            claimant_ok = bool(_names(gold, "claimed_by") & said)
        correct += value_ok and claimant_ok
        if verbose and not (value_ok and claimant_ok):
            print(f"figure   {gold['doc'][:24]}: {gold['anchor']!r} gold {gold['value']} by {gold['claimed_by']!r}, "
                  f"got {pred['value']} by {pred['claimed_by'] or pred['claimant_kind']!r}", file=sys.stderr)
    result = _prf(correct, len(preds), len(golds))
    result["span"] = _prf(len(pairs), len(preds), len(golds))
    result["anchors_not_found"] = len(missing)
    return result


def score_merges(golds: list[dict], mentions: list[dict], verbose: bool = False) -> dict:
    """Pairwise precision and recall of entity merges over the gold forms."""
    forms = []
    for index, gold in enumerate(golds):
        for doc, form in gold["forms"]:
            forms.append((index, _entity_of(doc, form, mentions)))
    truth = predicted = both = 0
    for (g1, e1), (g2, e2) in combinations(forms, 2):
        same_gold = g1 == g2
        same_pred = e1 is not None and e1 == e2
        truth += same_gold
        predicted += same_pred
        both += same_gold and same_pred
    result = _prf(both, predicted, truth)
    if verbose:
        _print_split_entities(golds, mentions)
    result["forms"] = len(forms)
    result["forms_without_mention"] = sum(1 for _, e in forms if e is None)
    return result


def _print_split_entities(golds: list[dict], mentions: list[dict]) -> None:
    """Print, per gold entity split over several predicted entities, its forms grouped by prediction."""
    for gold in golds:
        groups: dict[str | None, list[str]] = {}
        for doc, form in gold["forms"]:
            groups.setdefault(_entity_of(doc, form, mentions), []).append(f"{doc[:3]}:{form}")
        if len(groups) > 1:
            print(f"split  {gold['name']}: " + " | ".join(f"{key}={forms}" for key, forms in groups.items()), file=sys.stderr)


def _entity_of(doc: str, form: str, mentions: list[dict]) -> str | None:
    """The entity most mentions of ``form`` in ``doc`` carry (honorifics and articles ignored)."""
    key = fold(re.sub(r"^(?:the|Mr|Mrs|Ms|Dr|Gen|Sir|Prof)\.?\s+", "", form.strip(), flags=re.I))
    votes = Counter(m["entity_id"] for m in mentions if m["document_id"] == doc and m["entity_id"]
                    and (fold(m["text"]) == key or fold(m["name"]) == key))
    return votes.most_common(1)[0][0] if votes else None


def evaluate(name: str, verbose: bool = False) -> dict:
    """Ingest, analyse and score one gold set; return its figures."""
    folder = SETS[name]
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "who.db"
        started = time.perf_counter()
        report = api.run([str(folder)], db=db)
        seconds = time.perf_counter() - started
        conn = sqlite3.connect(db)
        conn.row_factory = sqlite3.Row
        texts = {r["id"]: r["text"] for r in conn.execute("SELECT id, text FROM documents")}
        quotes = [dict(r) for r in conn.execute("SELECT * FROM quotes")]
        figures = [dict(r) for r in conn.execute("SELECT * FROM figures")]
        mentions = [dict(r) for r in conn.execute("SELECT * FROM mentions")]
        conn.close()
    gold = GOLD / name
    return {
        "documents": len(texts),
        "ingest_exit_code": report.ingest.exit_code,
        "seconds": round(seconds, 2),
        "quotes": score_quotes(_jsonl(gold / "quotes.jsonl"), quotes, texts, verbose),
        "figures": score_figures(_jsonl(gold / "figures.jsonl"), figures, texts, verbose),
        "entity_merges": score_merges(_jsonl(gold / "entities.jsonl"), mentions, verbose),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", choices=["seeds", "examples", "all"], default="all")
    parser.add_argument("--misses", action="store_true",
                        help="print wrong speakers and claimants, gold items not found, and gold entities split over several predicted ones")
    args = parser.parse_args()
    names = ["seeds", "examples"] if args.set == "all" else [args.set]
    results = {name: evaluate(name, args.misses) for name in names if SETS[name].is_dir()}
    for name, result in results.items():
        for stage in ("quotes", "figures", "entity_merges"):
            r = result[stage]
            print(f"{name:9} {stage:14} P={r['precision']:.3f} R={r['recall']:.3f} F1={r['f1']:.3f} (gold {r['gold']}, predicted {r['predicted']})", file=sys.stderr)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
