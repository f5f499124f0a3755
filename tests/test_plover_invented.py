"""PLOVER coding of our own invented sentences (benchmarks/plover_invented.py) may not regress.

The CAMEO sweep (tests/gold/plover_invented.jsonl, two sentences per CAMEO sub-category)
was used to find and fix rules, so its floor guards those fixes; the hold-out set
(tests/gold/plover_invented_holdout.jsonl) was written afterwards and never tuned on.
Round 3 added long wire-service sentences (tests/gold/plover_wire.jsonl, tuned on) and a
wire hold-out (tests/gold/plover_wire_holdout.jsonl, written before any fix, never tuned on).
Floors sit a little below the figures recorded in docs/benchmarks.md; raise them when
the figures improve, never lower them to pass. Needs no ../shared data.
"""

from __future__ import annotations

import importlib.util

import pytest
from conftest import ROOT

FLOORS = {
    "plover_invented.jsonl": {"type_accuracy": 0.97, "actor_match": 0.87},
    "plover_invented_holdout.jsonl": {"type_accuracy": 0.92, "actor_match": 0.85},
    "plover_wire.jsonl": {"type_accuracy": 0.91, "actor_match": 0.83},
    "plover_wire_holdout.jsonl": {"type_accuracy": 0.88, "actor_match": 0.81},
}


def _benchmark():
    spec = importlib.util.spec_from_file_location("plover_invented", ROOT / "benchmarks" / "plover_invented.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_sentence_has_a_plover_type_and_a_cameo_code():
    from wirewatch.extract.lexicon_plover import PLOVER_TYPES

    bench = _benchmark()
    sweep = bench.items(ROOT / "tests" / "gold" / "plover_invented.jsonl")
    assert all(item["type"] in PLOVER_TYPES and item["sentence"] and item["cameo"].isdigit() for item in sweep)
    codes = {item["cameo"] for item in sweep}
    assert len(sweep) == 2 * len(codes)  # two sentences per sub-category
    assert {code[:2] for code in codes} == {f"{n:02d}" for n in range(2, 21)}  # every family but 01 (no PLOVER type)


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_invented_sentences_do_not_regress(name):
    result = _benchmark().evaluate(ROOT / "tests" / "gold" / name)
    for measure, minimum in FLOORS[name].items():
        assert result[measure] >= minimum, f"{name} {measure} {result[measure]} < floor {minimum}"
