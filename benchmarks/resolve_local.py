"""How local entity linking agrees with the full resolution: leave one document out, then add it.

    python benchmarks/resolve_local.py [--seeds ../shared/samples/seeds]

For each document file of the example corpus and the seeds: a store is built
by ``api.run`` from all the other files, then ``api.run`` adds the held-out
file (linked locally when its mentions are within ``LOCAL_SHARE`` of the
corpus's, else by the full pass), and its links are compared with those of one
store built from every file at once (the full resolution). Counted over the
held-out documents: mentions with the same entity, quotes with the same
speaker entity, figures with the same claimant entity, event mentions with the
same source and target entities, over the additions that were linked locally;
and how many additions were local. Parses are
cached within the process, so the run takes about a minute. Last line: one
JSON object.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from wirewatch import api  # noqa: E402

_LINKS = {
    "mentions": "SELECT id, entity_id FROM mentions WHERE document_id = ?",
    "speakers": "SELECT id, speaker_entity_id FROM quotes WHERE document_id = ?",
    "claimants": "SELECT id, claimed_by_entity_id FROM figures WHERE document_id = ?",
    "actors": "SELECT id, source_entity_id || '>' || coalesce(target_entity_id, '') FROM event_mentions WHERE document_id = ?",
}


def _links(db: Path, sql: str, document_id: str) -> dict[str, str | None]:
    with sqlite3.connect(db) as conn:
        return dict(conn.execute(sql, (document_id,)).fetchall())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--examples", type=Path, default=ROOT / "examples" / "corpus")
    ap.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "samples" / "seeds")
    a = ap.parse_args()
    files = sorted(str(p) for folder in (a.examples, a.seeds) if folder.is_dir()
                   for p in folder.iterdir() if not p.name.endswith(".meta.json"))
    work = Path(tempfile.mkdtemp(prefix="resolve-local-"))
    started = time.perf_counter()
    full = work / "full.db"
    api.run(files, db=full)
    totals = {name: [0, 0] for name in _LINKS}
    modes = {"local": 0, "full": 0}
    differing: list[str] = []
    for number, held in enumerate(files):
        db = work / f"held-{number}.db"
        api.run([f for f in files if f != held], db=db)
        report = api.run([held], db=db)
        mode = report.stages["entities, quotes, figures, events"]["resolution"]
        modes[mode] += 1
        for document_id in report.ingest.saved if mode == "local" else ():
            for name, sql in _LINKS.items():
                mine, theirs = _links(db, sql, document_id), _links(full, sql, document_id)
                totals[name][0] += len(mine)
                totals[name][1] += sum(mine[k] == theirs.get(k) for k in mine)
                differing += [f"{k}: {mine[k]} (full: {theirs.get(k)})" for k in mine if name == "mentions" and mine[k] != theirs.get(k)]
        db.unlink()
    for line in differing:
        print("differs", line)
    figures = {"files": len(files), "additions_local": modes["local"], "additions_full": modes["full"],
               "seconds": round(time.perf_counter() - started, 1)}
    for name, (count, same) in totals.items():
        figures[name] = count
        figures[f"{name}_agreement"] = round(same / count, 4) if count else None
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
