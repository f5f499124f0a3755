"""Shared fixtures: real files, real SQLite stores in temporary folders."""

from __future__ import annotations

import os
import sqlite3
from contextlib import contextmanager
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


HOSTILE = (
    "The council met on Monday. <script>window.__pwned = 'script'; alert(1)</script> Officials spoke.\n\n"
    "<img src=x onerror=\"window.__pwned='img'\"> <iframe src=\"javascript:window.__pwned='iframe'\"></iframe> "
    "<a href=\"javascript:window.__pwned='link'\">click</a> <svg onload=\"window.__pwned='svg'\"></svg> "
    "<style>body{display:none}</style> <div style=\"background:url(javascript:alert(1))\">styled</div>\n\n"
    "“We will not allow <b onmouseover=\"window.__pwned='quote'\">this</b>,” the mayor said."
)


@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path):
    """The web application over a store of the example corpus, the seeds and one hostile record,
    served by uvicorn on a free loopback port (write token ``secret-token``); yields its base URL and store path."""
    import json

    from wirewatch.web import create_app

    folder = tmp_path_factory.mktemp("served")
    path = folder / "served.db"
    hostile = folder / "hostile.jsonl"
    hostile.write_text(json.dumps({"id": "hostile", "source": "Hostile Gazette", "title": "<script>window.__pwned='title'</script>Council meets",
                                   "url": "javascript:window.__pwned='url'", "published_at": "2025-02-14T10:00:00Z", "text": HOSTILE}) + "\n", encoding="utf-8")
    report = api.run([str(EXAMPLES), str(seeds_dir), str(hostile)], db=path)
    assert report.ingest.exit_code == 0, [p.line() for p in report.ingest.problems]
    with serving(create_app(path, write_token="secret-token")) as base:
        yield base, path


@contextmanager
def serving(app):
    """Run an ASGI app with uvicorn on a free loopback port in a thread; yield its base URL."""
    import socket
    import threading
    import time

    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
