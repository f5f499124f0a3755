"""Fuzz the ingest path for a while and report what broke.

    python benchmarks/fuzz.py --minutes M [--seed N]

Two loops share the time:

1. **Mutation fuzzing** of real inputs: each round takes a file of the example
   corpus (text, HTML, JSON Lines, RSS, Atom), mutates its bytes (flips,
   deletions, duplications, truncation, inserted markup, markers, quotes,
   numbers and invalid UTF-8), writes it to a temporary file with the same
   suffix and runs the whole per-document path on it (``read_input``: decoding,
   format detection, reader; then cleaning and segmenting). A
   :class:`~wirewatch.errors.WirewatchError` or a reported problem is the
   documented answer to bad input; any other exception is a failure.
2. **The property tests** of ``tests/test_properties.py`` run once at the start
   (hypothesis), so the fuzz run also checks the invariants.

Prints failures as they happen (with the seed of the round, to replay it) and
one JSON object on its last line: inputs tried, failures, seconds.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from wirewatch.errors import WirewatchError  # noqa: E402
from wirewatch.ingest import read_input  # noqa: E402
from wirewatch.models import RawDocument  # noqa: E402
from wirewatch.pipeline import process  # noqa: E402

CORPUS = sorted(p for p in (ROOT / "examples" / "corpus").iterdir() if p.is_file() and not p.name.endswith(".meta.json"))
INSERTS = [b"<script>alert(1)</script>", b"<div><div><div>", b"</p>", b"\n\n12:05 GMT\n", b"\n\n21 mins ago\n", b"\xe2\x80\x9c",
           b"\xe2\x80\x9d", b"\"", b"\xff\xfe", b"\x00", b"more than 100,000", b"150 000", b"&amp;", b"&#x0;", b"]]>",
           b"<!ENTITY x \"y\">", b"{\"id\": ", b"\r\n", b"\r", b"\t", b"Updated", b" date 2025-02-31\n", b"\xed\xa0\x80"]


def mutate(data: bytes, rng: random.Random) -> bytes:
    """A few random byte-level edits of ``data``."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        choice = rng.random()
        position = rng.randrange(len(out) + 1)
        if choice < 0.25 and out:
            out[min(position, len(out) - 1)] = rng.randrange(256)
        elif choice < 0.45:
            out[position:position] = rng.choice(INSERTS)
        elif choice < 0.6 and out:
            del out[position:position + rng.randint(1, 200)]
        elif choice < 0.75 and out:
            size = rng.randint(1, 400)
            out[position:position] = out[position:position + size] * rng.randint(1, 4)
        elif choice < 0.85:
            out = out[:position]
        else:
            out[position:position] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 40)))
    return bytes(out)


def run_one(path: Path) -> None:
    for produced in read_input(path):
        if isinstance(produced, RawDocument):
            try:
                process(produced)
            except WirewatchError:
                pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--skip-properties", action="store_true")
    args = parser.parse_args()
    started = time.perf_counter()
    properties = "skipped"
    if not args.skip_properties:
        done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(ROOT / "tests" / "test_properties.py")],
                              capture_output=True, text=True, cwd=ROOT)
        properties = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else "no output"
        print(f"property tests: {properties}", file=sys.stderr)
    deadline = started + args.minutes * 60
    tried = failures = 0
    seen: set[str] = set()
    with tempfile.TemporaryDirectory() as tmp:
        while time.perf_counter() < deadline:
            seed = args.seed * 10_000_000 + tried
            rng = random.Random(seed)
            source = rng.choice(CORPUS)
            target = Path(tmp) / f"fuzz{source.suffix}"
            target.write_bytes(mutate(source.read_bytes(), rng))
            tried += 1
            try:
                run_one(target)
            except WirewatchError:
                pass
            except Exception as exc:  # noqa: BLE001 - what the fuzzer looks for
                failures += 1
                key = f"{type(exc).__name__}: {exc}"[:160]
                if key not in seen:
                    seen.add(key)
                    print(f"FAILURE seed={seed} source={source.name}: {key}\n{traceback.format_exc(limit=4)}", file=sys.stderr)
    seconds = time.perf_counter() - started
    print(json.dumps({"minutes": args.minutes, "inputs_tried": tried, "failures": failures, "distinct_failures": len(seen),
                      "property_tests": properties, "seconds": round(seconds, 1)}))


if __name__ == "__main__":
    main()
