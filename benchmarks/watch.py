"""Watch mode: delay from a file appearing to its alert; cost of re-ingesting a changed live blog.

    python benchmarks/watch.py [--interval 0.5] [--files 8] [--entries 200] [--repeat 3]

1. **Alert delay.** Starts the real CLI, ``wirewatch watch INBOX --interval I --alerts RULES``,
   with one rule (a figure about troops above 1,000) that POSTs to a receiver on loopback.
   After a warm-up file (spaCy loads once), writes copies of an example live blog (53 lines,
   8 entries, a "more than 40,000 troops" figure) under new names into the folder one at a
   time, and measures from the moment each file is written to the moment its first alert is
   received (each copy is a new document, so its figure is a new fact).
2. **Re-ingest cost.** Builds a live blog of ``--entries`` updates from the example corpus's
   updates (each with its own time and number), saves it, then a second save with ten new
   updates and one edited update. Measures ingesting (read, clean, segment, store) and running
   (ingest plus every analysis stage) the second save into a store that holds the first
   (a new version: entries matched) against the same into an empty store (fresh). The version
   is timed in the process that stored the first save, as in ``wirewatch watch``, so unchanged
   entries reuse their parses (:func:`wirewatch.nlp.parse_cached`); the fresh run starts with
   that cache cleared.

Prints one JSON object on its last line.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from wirewatch import api  # noqa: E402
from wirewatch import nlp  # noqa: E402
from wirewatch.store import Store  # noqa: E402

EXAMPLES = ROOT / "examples" / "corpus"
DROP = "liveblog-relative-age.txt"
_MARKER = re.compile(r"^(Updated )?\d{2}[:.]\d{2} GMT$")


def alert_delay(interval: float, files: int) -> dict:
    received: list[tuple[float, dict]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            received.append((time.monotonic(), body))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        inbox = folder / "inbox"
        inbox.mkdir()
        rules = folder / "rules.toml"
        rules.write_text(f'[delivery]\npost = "http://127.0.0.1:{server.server_port}/"\n\n'
                         '[[rule]]\nname = "troops"\nkind = "figure"\nabout = "troops"\nabove = 1000\n', encoding="utf-8")
        env = dict(os.environ, PYTHONPATH=str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""))
        proc = subprocess.Popen([sys.executable, "-c", "from wirewatch.cli import main; main()", "watch", str(inbox),
                                 "--db", str(folder / "w.db"), "--interval", str(interval), "--alerts", str(rules)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
        delays = []
        try:
            for number in range(files + 1):
                name = f"drop-{number}.txt"
                seen = len(received)
                written = time.monotonic()
                shutil.copy(EXAMPLES / DROP, inbox / name)
                deadline = written + 300
                while len(received) == seen and time.monotonic() < deadline:
                    time.sleep(0.01)
                if len(received) == seen:
                    raise SystemExit(f"no alert for {name} within 300 s")
                if number:  # the first file is the warm-up (process start, model load)
                    delays.append(received[seen][0] - written)
                time.sleep(interval * 2)  # let the cycle finish its other alerts
        finally:
            proc.terminate()
            proc.wait(timeout=60)
            server.shutdown()
    return {"interval_s": interval, "files": len(delays), "median_s": round(statistics.median(delays), 3),
            "max_s": round(max(delays), 3), "min_s": round(min(delays), 3)}


def blog(entries: int, new: int = 0, edit: bool = False) -> str:
    """A reverse-chronological blog of ``entries`` (+ ``new``) updates built from the corpus's updates."""
    bodies = []
    for name in ("liveblog-bare-gmt.txt",):
        lines = (EXAMPLES / name).read_text(encoding="utf-8").split("\n")
        starts = [i for i, line in enumerate(lines) if _MARKER.match(line.strip())]
        for a, b in zip(starts, starts[1:] + [len(lines)]):
            block = [l for l in lines[a + 1:b] if l.strip() and l.strip() != "Key event"]
            bodies.append((block[0], "\n\n".join(block[1:])))
    updates = []
    total = entries + new
    for n in range(total):  # n = 0 is the oldest
        headline, body = bodies[n % len(bodies)]
        minutes = n * 5
        clock = f"{(minutes // 60) % 24:02d}:{minutes % 60:02d}"
        day = 10 + minutes // (24 * 60)
        body = "\n\n".join(f"{paragraph} [{n + 1}]" for paragraph in body.split("\n\n"))  # no repeats: the cleaner drops those
        if edit and n == 3:
            body = body.replace(".", ", officials said.", 1)
        updates.append(f"2025-02-{day:02d} {clock} GMT\n{headline} (update {n + 1})\n\n{body}\n")
    header = "Valdoria-Kestria crisis: live\n\nThe latest on the border crisis.\n"
    return header + "\n" + "\n".join(reversed(updates))


def reingest_cost(entries: int, repeat: int) -> dict:
    first, second = blog(entries), blog(entries, new=10, edit=True)
    results: dict[str, list[float]] = {k: [] for k in ("fresh_ingest", "version_ingest", "fresh_run", "version_run")}
    counts = {}
    for _ in range(repeat):
        for job in ("ingest", "run"):
            with tempfile.TemporaryDirectory() as tmp:
                folder = Path(tmp)
                path = folder / "blog.txt"
                fresh_db, version_db = folder / "fresh.db", folder / "version.db"
                path.write_text(first, encoding="utf-8")
                getattr(api, job)([str(path)], db=version_db)
                Store(fresh_db).close()  # both stores exist and are migrated before timing
                path.write_text(second, encoding="utf-8")
                started = time.perf_counter()
                getattr(api, job)([str(path)], db=version_db)
                results[f"version_{job}"].append(time.perf_counter() - started)
                nlp.clear_cache()  # a fresh store in a fresh process: nothing parsed before
                started = time.perf_counter()
                getattr(api, job)([str(path)], db=fresh_db)
                results[f"fresh_{job}"].append(time.perf_counter() - started)
                with Store(version_db) as store:
                    counts = {"entries_first_save": entries + 1, "entries_stored": store.count("entries"),
                              "history_rows": store.count_rows("entry_history")}
    medians = {k: round(statistics.median(v), 3) for k, v in results.items()}
    return medians | counts | {"entries": entries, "repeat": repeat,
                               "ingest_ratio": round(medians["version_ingest"] / medians["fresh_ingest"], 2),
                               "run_ratio": round(medians["version_run"] / medians["fresh_run"], 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--interval", type=float, default=0.5)
    parser.add_argument("--files", type=int, default=8)
    parser.add_argument("--entries", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:  # load the model before timing
        api.run([str(EXAMPLES / "wire-dateline.txt")], db=Path(tmp) / "warm.db")
    cost = reingest_cost(args.entries, args.repeat)
    print(f"re-ingest: {cost}", file=sys.stderr)
    delay = alert_delay(args.interval, args.files)
    print(json.dumps({"alert_delay": delay, "reingest": cost}))


if __name__ == "__main__":
    main()
