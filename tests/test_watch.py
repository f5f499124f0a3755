"""Watch mode and alerts: the real CLI polling a folder, files dropped in, alerts to a file and a loopback receiver."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlalchemy import select

from wirewatch import api
from wirewatch.alerts import load_rules
from wirewatch.errors import WirewatchError
from wirewatch.store import Store
from wirewatch.store.schema import alerts, stories

from conftest import EXAMPLES, ROOT


class Receiver:
    """A real HTTP server on loopback that keeps the JSON bodies POSTed to it."""

    def __init__(self, status: int = 200) -> None:
        received = self.received = []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers["Content-Length"]))
                received.append((self.headers["Content-Type"], json.loads(body)))
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.close()


def _rules(path: Path, post: str, alerts_file: str = "alerts.jsonl") -> Path:
    path.write_text(f"""
[delivery]
file = "{alerts_file}"
post = "{post}"
timeout = 3

[[rule]]
name = "kestria-mobilizes"
kind = "event"
type = "MOBILIZE"
actor = "Kestria"

[[rule]]
name = "two-outlets"
kind = "story"
min_sources = 2
""", encoding="utf-8")
    return path


def _wait(condition, seconds: float = 120.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def _watch(folder: Path, db: str | Path, rules: Path, *extra: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.Popen([sys.executable, "-c", "from wirewatch.cli import main; main()", "watch", str(folder), "--db", str(db), "--interval", "0.3",
                             "--alerts", str(rules), *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


@pytest.fixture
def db(store_url: str) -> str:
    """The tests here that use a store run on both stores: a SQLite file, then a PostgreSQL database."""
    return store_url


def test_watch_processes_dropped_files_and_fires_alerts(tmp_path: Path, db: str, receiver: Receiver) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    rules = _rules(tmp_path / "rules.toml", receiver.url)
    alerts_file = tmp_path / "alerts.jsonl"
    proc = _watch(inbox, db, rules)
    try:
        (inbox / "broken.txt").write_bytes(b"")  # unreadable input: one error line, the watch goes on
        shutil.copy(EXAMPLES / "liveblog-relative-age.txt", inbox)
        assert _wait(lambda: any(a["rule"] == "kestria-mobilizes" for a in _lines(alerts_file))), "no event alert"
        shutil.copy(EXAMPLES / "liveblog-sidecar.txt", inbox)
        shutil.copy(EXAMPLES / "liveblog-sidecar.txt.meta.json", inbox)
        (inbox / "later").mkdir()
        shutil.copy(EXAMPLES / "feed.rss", inbox / "later")
        assert _wait(lambda: any(a["rule"] == "two-outlets" for a in _lines(alerts_file))), "no story alert"
        assert _wait(lambda: len(receiver.received) == len(_lines(alerts_file)))
    finally:
        proc.send_signal(signal.SIGTERM)
        stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 0, stderr
    assert stderr.count("WW003") == 1 and "broken.txt" in stderr  # reported once, not every poll
    fired = _lines(alerts_file)
    assert sorted(stdout.count(f"ALERT [{a}]") for a in {x["rule"] for x in fired}) == sorted(
        sum(1 for x in fired if x["rule"] == r) for r in {x["rule"] for x in fired})
    assert [body for _, body in receiver.received] == fired  # every alert POSTed, as JSON, once
    assert {kind for kind, _ in receiver.received} == {"application/json"}
    for alert in fired:
        assert alert["sources"] and all(s["link"].startswith("/documents/") for s in alert["sources"])
    event = next(a for a in fired if a["rule"] == "kestria-mobilizes")
    assert "MOBILIZE by Kestria" in event["message"]
    assert any(s["document_id"] == "liveblog-relative-age" for s in event["sources"])
    with Store(db) as store:
        assert store.count("documents") == 5  # two live blogs, three feed items
        with store.engine.connect() as conn:
            wide = {r.id for r in conn.execute(select(stories.c.id, stories.c.sources)) if len(json.loads(r.sources)) >= 2}
            recorded = {(r.rule, r.fact) for r in conn.execute(select(alerts.c.rule, alerts.c.fact))}
    assert wide and {a["fact"] for a in fired if a["rule"] == "two-outlets"} == wide
    assert recorded == {(a["rule"], a["fact"]) for a in fired}

    # a restart reprocesses nothing and fires nothing again
    again = _watch(inbox, db, rules, "--once")
    stdout, stderr = again.communicate(timeout=300)
    assert again.returncode == 0, stderr
    assert "ALERT" not in stdout and "new:" not in stdout and "updated:" not in stdout
    assert len(_lines(alerts_file)) == len(fired) and len(receiver.received) == len(fired)


def test_alerts_fire_once_per_fact_and_report_a_refused_post(tmp_path: Path, db: str) -> None:
    api.run([str(EXAMPLES / "liveblog-relative-age.txt")], db=db)
    refused = Receiver(status=500)
    try:
        rules = _rules(tmp_path / "rules.toml", refused.url)
        fired, problems = api.check_alerts(rules, db=db)
        assert fired and len(refused.received) == len(fired)
        assert len(problems) == len(fired) and all(p.startswith("WW030") and "HTTP 500" in p for p in problems)
        again, problems = api.check_alerts(rules, db=db)
        assert again == [] and problems == []
    finally:
        refused.close()


def test_a_figure_rule_fires_over_its_threshold_only(tmp_path: Path, db: str) -> None:
    api.run([str(EXAMPLES / "liveblog-relative-age.txt")], db=db)
    (tmp_path / "rules.toml").write_text('[[rule]]\nname = "big"\nkind = "figure"\nabout = "troops"\nabove = 30000\n'
                                         '[[rule]]\nname = "huge"\nkind = "figure"\nabout = "troops"\nabove = 1000000\n', encoding="utf-8")
    fired, _ = api.check_alerts(tmp_path / "rules.toml", db=db)
    assert fired and {a.rule for a in fired} == {"big"}
    assert all("40,000" in a.message for a in fired)


@pytest.mark.parametrize("text, problem", [
    ("[[rule]]\nkind = 'weather'\n", "kind 'weather'"),
    ("[[rule]]\nkind = 'figure'\nabout = 'x'\n", "'above' or 'below'"),
    ("[[rule]]\nkind = 'story'\nmin_sources = 2\ncolour = 'red'\n", "unknown key 'colour'"),
    ("[[rule]\n", "not valid TOML"),
    ("[delivery]\npost = 'ftp://x'\n[[rule]]\nkind = 'story'\nmin_sources = 2\n", "http:// or https://"),
])
def test_bad_rules_files_are_refused_with_one_line(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "rules.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(WirewatchError) as info:
        load_rules(path)
    assert info.value.code.value == "WW029" and problem in str(info.value) and "rules.toml" in str(info.value)


def test_every_kind_of_rule_fires_the_same_alerts_on_both_stores(tmp_path: Path, request: pytest.FixtureRequest, seeds_dir: Path) -> None:
    """The same input and rules give the same alerts (facts, messages, sources in order) on SQLite and PostgreSQL."""
    from conftest import new_postgres_database

    rules = tmp_path / "rules.toml"
    rules.write_text('[[rule]]\nname = "rise"\nkind = "escalation"\nrise = 0\n'
                     '[[rule]]\nname = "wide"\nkind = "story"\nmin_sources = 2\n'
                     '[[rule]]\nname = "troops"\nkind = "figure"\nabout = "troops"\nabove = 1000\n'
                     '[[rule]]\nname = "any-event"\nkind = "event"\ntype = "MOBILIZE"\n', encoding="utf-8")
    fired = {}
    for kind, db in (("sqlite", str(tmp_path / "store.db")), ("postgresql", new_postgres_database(request))):
        api.run([str(seeds_dir), str(EXAMPLES)], db=db)
        alerts_fired, problems = api.check_alerts(rules, db=db)
        assert not problems
        fired[kind] = sorted(((a.rule, a.fact, a.message, [(s["entry_id"], s["document_id"]) for s in a.sources]) for a in alerts_fired))
    assert {rule for rule, *_ in fired["sqlite"]} == {"rise", "wide", "troops", "any-event"}
    assert max(len(sources) for rule, _, _, sources in fired["sqlite"] if rule == "rise") > 1
    assert fired["postgresql"] == fired["sqlite"]
