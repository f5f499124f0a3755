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


#: The store kinds a test parametrized with :func:`store_url` runs on.
STORE_KINDS = ["sqlite", "postgresql"]


def postgres_admin_url() -> str:
    """The PostgreSQL server the tests may create databases on (``WIREWATCH_TEST_PG``, set by
    ``.ci/run``); skipped when unset, but a failure under CI, which must test both stores."""
    url = os.environ.get("WIREWATCH_TEST_PG")
    if url:
        return url
    if os.environ.get("CI"):
        pytest.fail("WIREWATCH_TEST_PG is not set: CI must test the PostgreSQL store (.ci/run starts a server)")
    pytest.skip("WIREWATCH_TEST_PG is not set (a postgresql:// URL of a server where tests may create databases)")


def new_postgres_database(request: pytest.FixtureRequest) -> str:
    """A fresh, empty database on the test server, dropped when the requesting fixture or test ends."""
    import uuid

    import psycopg

    admin = postgres_admin_url()
    name = f"ww_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")

    def drop() -> None:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    request.addfinalizer(drop)
    base, _, _ = admin.rpartition("/")
    return f"{base}/{name}"


def store_location(request: pytest.FixtureRequest, kind: str, folder: Path, name: str = "store") -> str:
    """A new, empty store of ``kind``: a SQLite file in ``folder`` or a PostgreSQL database."""
    return str(folder / f"{name}.db") if kind == "sqlite" else new_postgres_database(request)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "store.db"


@pytest.fixture(params=STORE_KINDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty store of each kind: a SQLite path, then a PostgreSQL URL (its own database)."""
    return store_location(request, request.param, tmp_path)


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
def seeds_postgres(request: pytest.FixtureRequest, seeds_dir: Path) -> str:
    """A PostgreSQL store with the seeds ingested once for the session."""
    url = new_postgres_database(request)
    report = api.run([str(seeds_dir)], db=url)
    assert report.ingest.exit_code == 0, [p.line() for p in report.ingest.problems]
    return url


@pytest.fixture(params=STORE_KINDS)
def seeds_any(request: pytest.FixtureRequest) -> str | Path:
    """The seeds store of each kind."""
    return request.getfixturevalue("seeds_store" if request.param == "sqlite" else "seeds_postgres")


@pytest.fixture(scope="session")
def examples_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with the bundled example corpus ingested once for the session."""
    path = tmp_path_factory.mktemp("examples") / "examples.db"
    report = api.run([str(EXAMPLES)], db=path)
    assert report.ingest.exit_code == 0, [p.line() for p in report.ingest.problems]
    return path


@pytest.fixture(scope="session")
def examples_postgres(request: pytest.FixtureRequest) -> str:
    """A PostgreSQL store with the bundled example corpus ingested once for the session."""
    url = new_postgres_database(request)
    report = api.run([str(EXAMPLES)], db=url)
    assert report.ingest.exit_code == 0, [p.line() for p in report.ingest.problems]
    return url


@pytest.fixture(params=STORE_KINDS)
def examples_any(request: pytest.FixtureRequest) -> str | Path:
    """The example-corpus store of each kind."""
    return request.getfixturevalue("examples_store" if request.param == "sqlite" else "examples_postgres")


def entries_of(db_path: Path, document_id: str) -> list[dict]:
    with Store(db_path) as store:
        return list(store.iter_entries(document_id=document_id))


def document_of(db_path: Path, document_id: str) -> dict:
    with Store(db_path) as store:
        return store.get_document(document_id)


def rows(db_path: Path | str, sql: str, *args) -> list[dict]:
    """Rows of a query on a store, as dicts, through the plain driver (what a user's tools see):
    sqlite3 on a file, psycopg on a ``postgresql://`` URL (``?`` placeholders on both)."""
    if "://" in str(db_path):
        import psycopg
        from psycopg.rows import dict_row

        with psycopg.connect(str(db_path), row_factory=dict_row) as pg:
            return list(pg.execute(sql.replace("?", "%s"), args))
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
def served(served_sqlite):
    """The served application over the SQLite store (test_web.py runs it over both kinds)."""
    return served_sqlite


@pytest.fixture(scope="session")
def served_sqlite(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path):
    """The web application over a store of the example corpus, the seeds and one hostile record,
    served by uvicorn on a free loopback port (write token ``secret-token``); yields its base URL and store path."""
    yield from _served(tmp_path_factory.mktemp("served") / "served.db", seeds_dir)


@pytest.fixture(scope="session")
def served_postgresql(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path):
    """The same served application over a PostgreSQL store."""
    url = new_postgres_database(request)
    yield from _served(url, seeds_dir, tmp_path_factory.mktemp("served-pg"))


def _served(path, seeds_dir: Path, folder: Path | None = None):
    import json

    from wirewatch.web import create_app

    folder = folder or path.parent
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
