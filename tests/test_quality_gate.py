"""The quality gate: who.py's figures on the gold sets may not drop below the recorded floor.

The floor (benchmarks/who_floor.json) holds the figures recorded in
docs/benchmarks.md; raise it when the figures improve, never lower it to pass.
"""

from __future__ import annotations

import importlib.util
import json

import pytest
from conftest import ROOT

FLOOR = json.loads((ROOT / "benchmarks" / "who_floor.json").read_text(encoding="utf-8"))


def _who():
    spec = importlib.util.spec_from_file_location("who", ROOT / "benchmarks" / "who.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", ["seeds", "examples"])
def test_who_said_what_does_not_regress(name, request):
    if name == "seeds":
        request.getfixturevalue("seeds_dir")  # required under CI, skipped with a message elsewhere
    result = _who().evaluate(name)
    for stage, floor in FLOOR[name].items():
        for measure, minimum in floor.items():
            assert result[stage][measure] >= minimum, f"{name} {stage} {measure} {result[stage][measure]} < recorded {minimum}"
