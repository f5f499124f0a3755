"""The PostgreSQL store gives what the SQLite store gives: the same exports on the examples and the seeds,
through the CLI with a ``postgresql://`` URL; clear errors for URLs it cannot use."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES, new_postgres_database
from wirewatch import api
from wirewatch.errors import WirewatchError
from wirewatch.store import Store

CLI = [sys.executable, "-c", "from wirewatch.cli import main; main()"]


def _cli(*args: str) -> subprocess.CompletedProcess:
    done = subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=600, env=os.environ.copy())
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def _files(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("corpus", ["examples", "seeds"])
def test_postgresql_exports_equal_sqlite_exports(request, tmp_path, corpus):
    sqlite_store = request.getfixturevalue(f"{corpus}_store")
    folder = EXAMPLES if corpus == "examples" else request.getfixturevalue("seeds_dir")
    url = new_postgres_database(request)
    _cli("run", str(folder), "--db", url, "--quiet")
    _cli("export", "--db", url, "--out", str(tmp_path / "pg"))
    api.export(db=sqlite_store, out=tmp_path / "sqlite", fmt="jsonl")
    pg, lite = _files(tmp_path / "pg"), _files(tmp_path / "sqlite")
    assert sorted(pg) == sorted(lite) and len(pg) >= 8
    assert all(lite[name].strip() for name in ("documents.jsonl", "entries.jsonl", "entities.jsonl", "stories.jsonl"))
    for name in lite:
        assert pg[name] == lite[name], f"{name} differs between PostgreSQL and SQLite"


def test_the_cli_reads_a_postgresql_store(examples_postgres):
    shown = [json.loads(line) for line in _cli("show", "documents", "--db", examples_postgres, "--json").stdout.splitlines()]
    assert "liveblog-undated" in {d["id"] for d in shown}
    hits = [json.loads(line) for line in _cli("show", "search", "evacuation", "--db", examples_postgres, "--json").stdout.splitlines()]
    assert hits and all("evacuation" in (h["headline"] or "").lower() + h["snippet"].lower() for h in hits)


def test_an_unsupported_url_is_a_clear_error():
    with pytest.raises(WirewatchError, match=r"WW023 mysql://wire@db/news: unsupported store URL scheme 'mysql'"):
        Store("mysql://wire:secret@db/news")


def test_an_unreachable_server_is_a_clear_error_without_the_password():
    with pytest.raises(WirewatchError) as caught:
        Store("postgresql://wire:secret@127.0.0.1:1/news")
    assert caught.value.code.value == "WW024" and "secret" not in str(caught.value)
    assert "postgresql://wire@127.0.0.1:1/news" in str(caught.value)
