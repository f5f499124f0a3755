"""Export contract: exact field names, three formats, atomic files."""

from __future__ import annotations

import csv
import json

import pyarrow.parquet as pq
import pytest

from wirewatch import api
from wirewatch.errors import WirewatchError

DOCUMENT_FIELDS = ["id", "source", "title", "url", "published_at", "date_precision", "kind", "text", "removed", "version"]
ENTRY_FIELDS = ["id", "document_id", "index", "headline", "published_at", "date_precision", "time_of_day", "is_lead", "is_promo", "text", "version", "withdrawn_at"]


def test_jsonl_export_follows_the_contract(examples_any, tmp_path):
    written = api.export(db=examples_any, out=tmp_path, fmt="jsonl")
    docs = [json.loads(line) for line in (tmp_path / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    entries = [json.loads(line) for line in (tmp_path / "entries.jsonl").read_text(encoding="utf-8").splitlines()]
    assert written["documents.jsonl"] == len(docs) and written["entries.jsonl"] == len(entries)
    assert all(list(d) == DOCUMENT_FIELDS for d in docs)
    assert all(list(e) == ENTRY_FIELDS for e in entries)
    undated = next(d for d in docs if d["id"] == "liveblog-undated")
    assert undated["published_at"] is None and undated["date_precision"] == "unknown" and undated["kind"] == "liveblog"
    assert "Read Entire Article" in undated["removed"]
    timed = next(e for e in entries if e["id"] == "liveblog-relative-age#1")
    assert (timed["published_at"], timed["time_of_day"], timed["is_lead"]) == ("2025-02-11T14:48:00Z", "14:48", False)
    assert {e["document_id"] for e in entries} <= {d["id"] for d in docs}


def test_csv_and_parquet_hold_the_same_rows(examples_any, tmp_path):
    api.export(db=examples_any, out=tmp_path / "csv", fmt="csv")
    api.export(db=examples_any, out=tmp_path / "pq", fmt="parquet")
    api.export(db=examples_any, out=tmp_path / "jl", fmt="jsonl")
    with open(tmp_path / "csv" / "entries.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    table = pq.read_table(tmp_path / "pq" / "entries.parquet")
    jsonl = [json.loads(line) for line in (tmp_path / "jl" / "entries.jsonl").read_text(encoding="utf-8").splitlines()]
    assert list(rows[0]) == ENTRY_FIELDS and table.column_names == ENTRY_FIELDS
    assert [r["id"] for r in rows] == table.column("id").to_pylist() == [e["id"] for e in jsonl]
    assert table.column("is_promo").to_pylist() == [e["is_promo"] for e in jsonl]
    assert [r["is_lead"] for r in rows] == ["true" if e["is_lead"] else "false" for e in jsonl]
    docs = pq.read_table(tmp_path / "pq" / "documents.parquet")
    assert docs.column_names == DOCUMENT_FIELDS
    assert isinstance(docs.column("removed").to_pylist()[0], list)


def test_export_of_an_empty_store_writes_empty_files(store_url, tmp_path):
    assert set(api.export(db=store_url, out=tmp_path, fmt="parquet").values()) == {0}
    assert pq.read_table(tmp_path / "entries.parquet").num_rows == 0


def test_unknown_format_is_a_clear_error(examples_any, tmp_path):
    with pytest.raises(WirewatchError, match="WW015.*unknown format 'xml'"):
        api.export(db=examples_any, out=tmp_path, fmt="xml")
    assert not list(tmp_path.iterdir())
