"""The live timeline's event stream over HTTP: new and changed stories after a cursor."""

from __future__ import annotations

import http.client
import json
import threading
from urllib.parse import urlsplit

from wirewatch import api
from wirewatch.web import create_app

from conftest import EXAMPLES, serving


def _read_events(base: str, path: str, wanted: int, found: list, headers: dict | None = None) -> None:
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    conn.request("GET", path, headers=headers or {})
    response = conn.getresponse()
    found.append(("status", response.status, response.getheader("Content-Type")))
    event: dict = {}
    while sum(1 for f in found if f[0] == "story") < wanted:
        line = response.readline().decode("utf-8").rstrip("\n")
        if not line:
            if "data" in event:
                found.append(("story", event.get("id"), json.loads(event["data"])))
            event = {}
        elif not line.startswith(":"):
            key, _, value = line.partition(": ")
            event[key] = value
    conn.close()


def test_stream_sends_stories_written_after_the_cursor(store_url):
    db = store_url
    api.run([str(EXAMPLES / "wire-dateline.txt")], db=db)
    start = api.live_cursor(db=db)
    assert start
    assert api.live_changes(start, db=db) == ([], start)
    app = create_app(db)
    app.state.stream_poll = 0.2
    with serving(app) as base:
        found: list = []
        reader = threading.Thread(target=_read_events, args=(base, "/api/stream", 1, found), daemon=True)
        reader.start()
        api.run([str(EXAMPLES / "liveblog-sidecar.txt")], db=db)
        reader.join(timeout=60)
        assert found[0] == ("status", 200, "text/event-stream; charset=utf-8")
        stories = [f for f in found if f[0] == "story"]
        assert stories, "no story event arrived"
        _, cursor, story = stories[0]
        assert cursor > start and story["updated_at"] == cursor and story["sources"]
        expected, _ = api.live_changes(start, db=db)
        assert story["id"] in {s["id"] for s in expected}
        # resuming from the last event id sends only what came later (nothing yet)
        later, _ = api.live_changes(cursor, db=db)
        assert all(s["updated_at"] > cursor for s in later)
