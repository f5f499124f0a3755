"""The stories stage in chunks: a run over many chunks equals one incremental run per chunk, and a
chunk that fails leaves the chunks before it complete and its own entries pending.

The input is the seed live blogs' updates, one JSON record per update (their own headlines, texts,
outlets and times; five undated, two dated by the day alone, three days), so that chunks of three
entries cut through developments two outlets reported and through the undated tail.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from conftest import STORE_KINDS, rows, store_location
from wirewatch import api
from wirewatch.store import Store
from wirewatch.stories import build_stories, storage

CHUNK = 3
#: Tables the stage writes, each with the columns that order it (``updated_at`` is a clock, left out).
TABLES = {"stories": "id", "story_entries": "entry_id", "story_links": "story_id, related_id",
          "story_entities": "entity_id, story_id", "term_stats": "term"}


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> list[dict]:
    """The seeds' non-promotional updates as records, in the stage's time order (a record's id gives ties the same order)."""
    db = tmp_path_factory.mktemp("seed-entries") / "seeds.db"
    api.ingest([str(seeds_dir)], db=db)
    with Store(db) as store:
        pending = storage.pending_entries(store)
    out = []
    for n, entry in enumerate(pending):
        record = {"id": f"u{n:03d}", "source": entry["source"] or "Unknown outlet", "title": entry["headline"] or "", "text": entry["text"]}
        if entry["published_at"]:
            record["published_at"] = entry["published_at"]
        out.append(record)
    return out


@pytest.fixture(params=STORE_KINDS)
def new_store(request: pytest.FixtureRequest, tmp_path: Path):
    """A maker of empty stores of one kind (SQLite files, or PostgreSQL databases)."""
    return lambda name: store_location(request, request.param, tmp_path, name)


def _ingest(db: str, folder: Path, name: str, records: list[dict]) -> None:
    path = folder / f"{name}.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    report = api.ingest([str(path)], db=db)
    assert report.exit_code == 0, [p.line() for p in report.problems]


def _tables(db: str) -> dict[str, list[dict]]:
    return {t: [{k: v for k, v in r.items() if k != "updated_at"} for r in rows(db, f"SELECT * FROM {t} ORDER BY {key}")]  # noqa: S608
            for t, key in TABLES.items()}


def _steps(db: str, folder: Path, records: list[dict], steps: int) -> None:
    """Ingest ``records`` CHUNK at a time, running the stage (one chunk each time) after each step."""
    for step in range(steps):
        _ingest(db, folder, f"step{step}", records[step * CHUNK:(step + 1) * CHUNK])
        with Store(db) as store:
            report = build_stories(store)
        assert report["entries"] == len(records[step * CHUNK:(step + 1) * CHUNK]) and report["chunks"] == 1


def _build(db: str, **options) -> dict:
    with Store(db) as store:
        return build_stories(store, chunk_entries=CHUNK, **options)


def test_the_stage_reads_pending_entries_in_time_order_chunk_by_chunk(new_store, tmp_path, records):
    db = new_store("pages")
    _ingest(db, tmp_path, "all", records)
    with Store(db) as store:
        whole = storage.pending_entries(store)
        pages, after = [], None
        while page := storage.pending_entries(store, after, 4):
            pages.append(page)
            after = storage.entry_key(page[-1])
        assert storage.pending_count(store) == len(whole) == len(records)
    assert [e["id"] for p in pages for e in p] == [e["id"] for e in whole]
    assert [e["document_id"] for e in whole] == [r["id"] for r in records]  # the order the records were made in
    assert all(len(p) == 4 for p in pages[:-1])
    stamps = [e["published_at"] for e in whole]
    assert stamps[0] is not None and stamps[-1] is None
    assert stamps.index("2022-02-11") > stamps.index("2022-02-11T14:48:00Z")  # a day's lead after its timed updates


def test_a_chunked_run_equals_one_incremental_run_per_chunk(new_store, tmp_path, records):
    chunked = new_store("chunked")
    _ingest(chunked, tmp_path, "all", records)
    report = _build(chunked)
    chunks = -(-len(records) // CHUNK)
    assert report["entries"] == len(records) and report["chunks"] == chunks
    stepwise = new_store("stepwise")
    _steps(stepwise, tmp_path, records, chunks)
    got, expected = _tables(chunked), _tables(stepwise)
    for table in TABLES:
        assert got[table] == expected[table], table
    chunk_of = {f"u{n:03d}#0": n // CHUNK for n in range(len(records))}
    spans: dict[str, set[int]] = {}
    for member in got["story_entries"]:
        spans.setdefault(member["story_id"], set()).add(chunk_of[member["entry_id"]])
    assert any(len(s) > 1 for s in spans.values())  # a later chunk's entries joined an earlier chunk's story
    assert all(s["size"] == sum(m["story_id"] == s["id"] for m in got["story_entries"]) for s in got["stories"])
    # Term counts, read chunk by chunk for the terms each chunk met, still count every item that has the term.
    counted: dict[str, int] = {}
    for member in got["story_entries"]:
        for term in json.loads(member["features"]):
            counted[term] = counted.get(term, 0) + 1
    assert {r["term"]: r["df"] for r in got["term_stats"]} == counted | {"": len(records)}


def test_a_failing_chunk_leaves_earlier_chunks_complete_and_its_entries_pending(new_store, tmp_path, records):
    db = new_store("failing")
    _ingest(db, tmp_path, "all", records)
    failing = 4  # the fifth chunk: its write fails half-way (its stories rows written, then a member refused)
    with Store(db) as store, store.engine.begin() as conn:
        for statement in _failing_trigger(conn.dialect.name, f"u{failing * CHUNK + 1:03d}#0"):
            conn.execute(text(statement))
    with pytest.raises(DBAPIError, match="injected failure"):
        _build(db)
    done = {f"u{n:03d}#0" for n in range(failing * CHUNK)}
    assert {r["entry_id"] for r in rows(db, "SELECT entry_id FROM story_entries")} == done
    with Store(db) as store:
        assert {e["id"] for e in storage.pending_entries(store)} == {f"u{n:03d}#0" for n in range(len(records))} - done
    before = new_store("before")
    _steps(before, tmp_path, records, failing)
    assert _tables(db) == _tables(before)  # what the first four chunks leave, as four incremental runs would

    with Store(db) as store, store.engine.begin() as conn:
        conn.execute(text("DROP TRIGGER fail_chunk" + (" ON story_entries" if conn.dialect.name == "postgresql" else "")))
    report = _build(db)
    assert report["entries"] == len(records) - len(done)
    whole = new_store("whole")
    _steps(whole, tmp_path, records, -(-len(records) // CHUNK))
    assert _tables(db) == _tables(whole)


def _failing_trigger(dialect: str, entry_id: str) -> list[str]:
    """A trigger that refuses ``entry_id`` as a story member: the chunk holding it fails in its write."""
    if dialect == "postgresql":
        return ["CREATE FUNCTION fail_chunk() RETURNS trigger AS $$ BEGIN "
                f"IF NEW.entry_id = '{entry_id}' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql",
                "CREATE TRIGGER fail_chunk BEFORE INSERT ON story_entries FOR EACH ROW EXECUTE FUNCTION fail_chunk()"]
    return [f"CREATE TRIGGER fail_chunk BEFORE INSERT ON story_entries WHEN NEW.entry_id = '{entry_id}' "
            "BEGIN SELECT RAISE(ABORT, 'injected failure'); END"]
