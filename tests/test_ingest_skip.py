"""A second ingest skips files unchanged since they were last read (wirewatch.ingest.manifest).

The proof that a file was not read: its content is changed behind the store's back
with its size and modification time kept, so only a read could see the change.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from pathlib import Path

from typer.testing import CliRunner

from wirewatch import api
from wirewatch.cli import app
from wirewatch.errors import Code
from wirewatch.ingest import manifest
from wirewatch.store import Store
from wirewatch.store.schema import input_files

from conftest import rows

A = "Kyiv, 11 February 2022. The defence ministers met in Moscow on Friday. They spoke for two hours.\n"
B = "Kyiv, 11 February 2022. The defence ministers met in Moscow on Friday. They spoke for six hours.\n"  # same length


def _aged(path: Path, seconds: float = 300) -> int:
    """Set the file's modification time into the past (a file modified just now is not recorded); return it."""
    moment = int((time.time() - seconds) * 1e9)
    os.utime(path, ns=(moment, moment))
    return moment


def _swap_quietly(path: Path, text: str) -> None:
    """Change the content, keeping size and modification time (invisible without reading)."""
    mtime = path.stat().st_mtime_ns
    assert len(text.encode()) == path.stat().st_size
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(mtime, mtime))


def _text(db, document_id: str) -> str:
    return rows(db, "SELECT text FROM documents WHERE id = ?", document_id)[0]["text"]


def test_unchanged_file_is_not_read_again_and_rescan_reads_it(tmp_path: Path, store_url: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    note = folder / "note.txt"
    note.write_text(A, encoding="utf-8")
    _aged(note)
    assert api.ingest([str(folder)], db=store_url).saved == {"note": "new"}
    assert len(rows(store_url, "SELECT path FROM input_files")) == 1

    _swap_quietly(note, B)
    second = api.ingest([str(folder)], db=store_url)
    assert second.saved == {"note": "unchanged"} and not second.problems and second.skipped == 1
    assert "two hours" in _text(store_url, "note")  # the file was not read

    third = api.ingest([str(folder)], db=store_url, rescan=True)
    assert third.saved == {"note": "updated"}
    assert "six hours" in _text(store_url, "note")


def test_a_touched_file_is_read_again(tmp_path: Path, db: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text(A, encoding="utf-8")
    moment = _aged(note)
    api.ingest([str(note)], db=db)
    note.write_text(B, encoding="utf-8")
    os.utime(note, ns=(moment + 10**9, moment + 10**9))  # same size, one second newer
    assert api.ingest([str(note)], db=db).saved == {"note": "updated"}
    assert "six hours" in _text(db, "note")


def test_sidecar_and_options_are_part_of_the_state(tmp_path: Path, db: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text(A, encoding="utf-8")
    _aged(note)
    api.ingest([str(note)], db=db)
    sidecar = tmp_path / "note.txt.meta.json"
    sidecar.write_text(json.dumps({"source": "Wire One"}), encoding="utf-8")
    _aged(sidecar)
    assert api.ingest([str(note)], db=db).saved == {"note": "updated"}
    assert rows(db, "SELECT source FROM documents")[0]["source"] == "Wire One"
    assert api.ingest([str(note)], db=db).saved == {"note": "unchanged"}
    assert api.ingest([str(note)], db=db, source="Wire Two").saved == {"note": "updated"}
    assert rows(db, "SELECT source FROM documents")[0]["source"] == "Wire Two"


def test_a_record_is_not_trusted_once_the_store_lost_the_document(tmp_path: Path, db: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text(A, encoding="utf-8")
    _aged(note)
    api.ingest([str(note)], db=db)
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("DELETE FROM documents WHERE id = 'note'")
    assert api.ingest([str(note)], db=db).saved == {"note": "new"}


def test_files_with_problems_and_files_just_written_are_read_every_time(tmp_path: Path, db: Path) -> None:
    records = tmp_path / "wire.jsonl"
    records.write_text(json.dumps({"id": "w1", "text": A, "date": "2022-02-11"}) + "\n{not json\n", encoding="utf-8")
    _aged(records)
    fresh = tmp_path / "fresh.txt"
    fresh.write_text(A, encoding="utf-8")  # modified just now: a same-tick change would keep its signature
    first = api.ingest([str(tmp_path)], db=db)
    again = api.ingest([str(tmp_path)], db=db)
    assert len(first.problems) == len(again.problems) == 1 and "wire.jsonl" in again.problems[0].where
    assert [r["path"] for r in rows(db, "SELECT path FROM input_files")] == []
    assert again.saved == {"fresh": "unchanged", "w1": "unchanged"}


def test_a_skipped_file_still_clashes_with_a_repeated_id(tmp_path: Path, db: Path) -> None:
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "note.txt").write_text(A if name == "a" else B, encoding="utf-8")
        _aged(tmp_path / name / "note.txt")
    api.ingest([str(tmp_path / "a")], db=db)
    report = api.ingest([str(tmp_path / "a"), str(tmp_path / "b")], db=db)
    assert report.saved == {"note": "unchanged"}
    assert [p.code for p in report.problems] == [Code.DUPLICATE_ID]
    report = api.ingest([str(tmp_path / "b"), str(tmp_path / "a")], db=db)
    assert [p.code for p in report.problems] == [Code.DUPLICATE_ID]


def test_cli_rescan_flag(tmp_path: Path, db: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text(A, encoding="utf-8")
    _aged(note)
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(note), "--db", str(db), "--quiet"]).exit_code == 0
    _swap_quietly(note, B)
    out = runner.invoke(app, ["ingest", str(note), "--db", str(db), "--quiet"])
    assert "1 unchanged" in out.output and "1 file not read again: unchanged since last read" in out.output
    out = runner.invoke(app, ["ingest", str(note), "--db", str(db), "--quiet", "--rescan"])
    assert out.exit_code == 0 and "1 updated" in out.output and "not read again" not in out.output


def test_a_damaged_record_means_the_file_is_read(tmp_path: Path, db: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text(A, encoding="utf-8")
    _aged(note)
    api.ingest([str(note)], db=db)
    _swap_quietly(note, B)
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE input_files SET documents = '{not json'")
    report = api.ingest([str(note)], db=db)
    assert report.saved == {"note": "updated"} and not report.problems and report.skipped == 0
    assert "six hours" in _text(db, "note")


def test_records_are_checked_a_chunk_at_a_time(tmp_path: Path, store_url: str, monkeypatch) -> None:
    """Across chunk boundaries, each file's record is judged on its own: quietly swapped files stay
    unread, a touched file and a file whose document the store lost are read, in one batch."""
    monkeypatch.setattr(manifest, "CHUNK", 3)
    folder = tmp_path / "in"
    folder.mkdir()
    notes = [folder / f"note{i}.txt" for i in range(6)]
    for note in notes:
        note.write_text(A, encoding="utf-8")
        _aged(note)
    wire = folder / "wire.jsonl"
    wire.write_text("".join(json.dumps({"id": f"w{i}", "text": A.replace("two", str(i)), "date": "2022-02-11"}) + "\n"
                            for i in range(3)), encoding="utf-8")
    _aged(wire)
    assert len(api.ingest([str(folder)], db=store_url).saved) == 9

    for note in notes:
        _swap_quietly(note, B)
    os.utime(notes[4], ns=(_aged(notes[4]) + 10**9,) * 2)  # touched: one second newer
    with Store(store_url) as store, store.engine.begin() as conn:
        conn.execute(input_files.update().where(input_files.c.path == os.path.abspath(notes[1]))
                     .values(documents=json.dumps([["note1", "gone", "0"]])))
    report = api.ingest([str(folder)], db=store_url)
    assert report.skipped == 5 and not report.problems
    assert {k: v for k, v in report.saved.items() if v != "unchanged"} == {"note1": "updated", "note4": "updated"}
    assert [("six" in _text(store_url, f"note{i}")) for i in range(6)] == [False, True, False, False, True, False]
    with Store(store_url) as store:
        assert manifest.unchanged_many(store, []) == {}
