"""PLOVER event coding on our own invented sentences (tests/gold/plover_invented.jsonl).

    python benchmarks/plover_invented.py [--misses] [--gold FILE]

A CAMEO sweep: two short news-style sentences for each CAMEO sub-category
(020 ... 204) of the crosswalk quoted in ``extract/data/plover.yaml``, written
by hand (active, passive, reported speech, nominalisations, joint subjects),
each with the PLOVER type the crosswalk gives it and its source and target
actor text. CAMEO 01 (public statements) has no PLOVER type and is not in it.

Each sentence is coded the way ``benchmarks/plover.py`` codes a gold record:
on its own, the prediction being the event with the highest confidence (the
first on ties); actor match = the share of gold source (target) actors whose
words overlap the predicted source (target), over sentences with that gold
actor and a predicted event.

Printed: type accuracy, actor match and counts (one JSON object, last line);
with ``--misses`` also each wrong type and each missed actor.

``--gold tests/gold/plover_invented_holdout.jsonl``: a second, smaller set of
invented sentences written after the rules were fixed on the first and never
used to tune them: a check that the fixes generalise.

``--gold tests/gold/plover_wire.jsonl`` (160, tuned on) and
``--gold tests/gold/plover_wire_holdout.jsonl`` (50, never tuned on): long wire-service
sentences (datelines, trailing attributions, reporting verbs, two clauses, long names,
passives, numbers, acts named by nouns), written for round 3.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from plover import _overlap  # noqa: E402

from wirewatch.extract import code_text  # noqa: E402

GOLD = ROOT / "tests" / "gold" / "plover_invented.jsonl"


def items(path: Path = GOLD) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def evaluate(path: Path = GOLD, misses: list | None = None) -> dict:
    gold = items(path)
    correct = no_event = 0
    hits, totals = Counter(), Counter()
    wrong_by_type: Counter = Counter()
    for item in gold:
        events = code_text(item["sentence"])
        best = max(events, key=lambda e: e.confidence, default=None) if events else None
        predicted = best.type if best else None
        correct += predicted == item["type"]
        no_event += best is None
        if predicted != item["type"]:
            wrong_by_type[item["type"]] += 1
        actor_miss = []
        for role in ("source", "target") if best is not None else ():
            if item.get(role):
                totals[role] += 1
                hit = _overlap([item[role]], getattr(best, role))
                hits[role] += hit
                if not hit:
                    actor_miss.append(f"{role} {getattr(best, role)!r} (gold {item[role]!r})")
        if misses is not None and (predicted != item["type"] or actor_miss):
            misses.append({"cameo": item["cameo"], "gold": item["type"], "predicted": predicted,
                           "trigger": best.trigger if best else None, "actors": actor_miss,
                           "sentence": item["sentence"]})
    share = lambda h, t: round(h / t, 4) if t else 0.0  # noqa: E731
    return {
        "sentences": len(gold), "correct": correct, "no_event": no_event,
        "type_accuracy": round(correct / len(gold), 4) if gold else 0.0,
        "source_match": share(hits["source"], totals["source"]),
        "target_match": share(hits["target"], totals["target"]),
        "actor_match": share(sum(hits.values()), sum(totals.values())),
        "wrong_by_gold_type": dict(sorted(wrong_by_type.items())),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--misses", action="store_true", help="list wrong types and missed actors")
    parser.add_argument("--gold", type=Path, default=GOLD, help="a JSONL file of invented sentences (default: the CAMEO sweep)")
    args = parser.parse_args()
    misses: list | None = [] if args.misses else None
    result = evaluate(args.gold, misses=misses)
    for miss in misses or []:
        kind = "TYPE " if miss["gold"] != miss["predicted"] else "actor"
        print(f"{kind} {miss['cameo']} gold {miss['gold']:<9} got {str(miss['predicted']):<9} "
              f"[{miss['trigger']}] {'; '.join(miss['actors'])}\n      {miss['sentence']}", file=sys.stderr)
    print(f"invented: {result['sentences']} sentences, type accuracy {result['type_accuracy']:.3f}, "
          f"actor match {result['actor_match']:.3f} (source {result['source_match']:.3f}, "
          f"target {result['target_match']:.3f}); no event {result['no_event']}", file=sys.stderr)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
