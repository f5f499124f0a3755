"""The CLI calls the library and reports in the documented shape."""

from __future__ import annotations

import json

from conftest import EXAMPLES
from typer.testing import CliRunner

from wirewatch.cli import app

runner = CliRunner()


def invoke(*args: str, **kwargs):
    return runner.invoke(app, list(args), **kwargs)


def test_run_prints_a_day_by_day_summary_and_exits_0(tmp_path):
    result = invoke("run", str(EXAMPLES), "--db", str(tmp_path / "w.db"), "--quiet")
    assert result.exit_code == 0, result.output
    assert "0 failed" in result.stdout
    assert "2025-02-12  7 items from 2 documents (Kestria Today)" in result.stdout
    assert result.stdout.index("2025-02-11") < result.stdout.index("2025-02-21") < result.stdout.index("date unknown")


def test_show_commands_read_the_store(examples_store):
    db = str(examples_store)
    listing = invoke("show", "documents", "--db", db, "--json", "--limit", "100")
    ids = [json.loads(line)["id"] for line in listing.stdout.splitlines()]
    assert "liveblog-bare-gmt" in ids and "text" not in json.loads(listing.stdout.splitlines()[0])
    entries = invoke("show", "entries", "--db", db, "--document", "liveblog-bare-gmt", "--json")
    rows = [json.loads(line) for line in entries.stdout.splitlines()]
    assert rows[0]["is_lead"] and rows[1]["published_at"] == "2025-02-12T16:05:00Z"
    day = invoke("show", "entries", "--db", db, "--day", "2025-02-11", "--json")
    assert all(json.loads(line)["published_at"].startswith("2025-02-11") for line in day.stdout.splitlines())
    text = invoke("show", "document", "wire-dateline", "--db", db, "--removed")
    assert "removed (dateline)" in text.stdout and text.exit_code == 0
    found = invoke("show", "search", "evacuation", "--db", db)
    assert found.exit_code == 0 and "[evacuation]" in found.stdout.lower()


def test_unknown_document_is_one_line_and_exit_2(examples_store):
    result = invoke("show", "document", "nope", "--db", str(examples_store))
    assert result.exit_code == 2
    assert result.stderr.strip() == "WW018 nope: no document with this id; list ids with `wirewatch show documents`"


def test_export_command_writes_files(examples_store, tmp_path):
    result = invoke("export", "--db", str(examples_store), "--out", str(tmp_path), "--format", "csv")
    assert result.exit_code == 0
    assert (tmp_path / "documents.csv").exists() and (tmp_path / "entries.csv").exists()
    assert "entries.csv:" in result.stdout


def test_usage_errors_exit_2(tmp_path):
    assert invoke("export", "--db", str(tmp_path / "w.db"), "--out", str(tmp_path), "--format", "xml").exit_code == 2
    assert invoke("ingest").exit_code == 2


def test_nothing_found_exits_2_with_one_line(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = invoke("ingest", str(empty), "--db", str(tmp_path / "w.db"), "--quiet")
    assert result.exit_code == 2
    assert result.stderr.startswith("WW016 ")


def test_store_in_a_missing_folder_is_a_clear_error(tmp_path):
    result = invoke("ingest", str(EXAMPLES), "--db", str(tmp_path / "no" / "w.db"), "--quiet")
    assert result.exit_code == 2
    assert "WW014" in result.stderr and "does not exist" in result.stderr
    assert "Traceback" not in result.output
