"""Shared fixtures: real files, real SQLite stores in temporary folders."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from wirewatch import api
from wirewatch.store import Store

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "corpus"
SEEDS = ROOT.parent / "shared" / "samples" / "seeds"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "store.db"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The five seed documents; required under CI=true, skipped elsewhere when absent."""
    if SEEDS.is_dir() and any(SEEDS.iterdir()):
        return SEEDS
    if os.environ.get("CI") == "true":
        pytest.fail(f"seed documents not found at {SEEDS}; CI must run with shared/ beside the checkout")
    pytest.skip(f"seed documents not found at {SEEDS} (they are in ../shared/samples/seeds beside the checkout)")


@pytest.fixture(scope="session")
def seeds_store(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Path:
    """A store with the seeds ingested once for the session."""
    path = tmp_path_factory.mktemp("seeds") / "seeds.db"
    report = api.run([str(seeds_dir)], db=path)
    assert report.ingest.exit_code == 0, [p.line() for p in report.ingest.problems]
    return path


@pytest.fixture(scope="session")
def examples_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with the bundled example corpus ingested once for the session."""
    path = tmp_path_factory.mktemp("examples") / "examples.db"
    report = api.run([str(EXAMPLES)], db=path)
    assert report.ingest.exit_code == 0, [p.line() for p in report.ingest.problems]
    return path


def entries_of(db_path: Path, document_id: str) -> list[dict]:
    with Store(db_path) as store:
        return list(store.iter_entries(document_id=document_id))


def document_of(db_path: Path, document_id: str) -> dict:
    with Store(db_path) as store:
        return store.get_document(document_id)


def rows(db_path: Path, sql: str, *args) -> list[dict]:
    """Rows of a query on a store file, as dicts (plain sqlite3: what a user's tools see)."""
    conn = sqlite3.connect(db_path)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql, args)]
    finally:
        conn.close()
