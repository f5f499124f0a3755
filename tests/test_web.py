"""The HTTP API over a real server and a real store: lists, filters, cursors, items, errors, ingest, headers."""

from __future__ import annotations

import json

import httpx
import pytest

from conftest import STORE_KINDS, rows, serving

LISTS = ["documents", "entries", "stories", "entities", "quotes", "figures", "events"]


@pytest.fixture(scope="module", params=STORE_KINDS)
def served(request):
    """The served application over each store kind ."""
    return request.getfixturevalue(f"served_{request.param}")


@pytest.fixture(scope="module")
def client(served):
    base, _ = served
    with httpx.Client(base_url=base, timeout=30) as http:
        yield http


def every_page(client, path: str, **params) -> list[dict]:
    items, cursor = [], None
    while True:
        reply = client.get(path, params=params | ({"cursor": cursor} if cursor else {})).json()
        assert reply["ok"] is True
        items += reply["items"]
        cursor = reply["next_cursor"]
        if not cursor:
            return items


@pytest.mark.parametrize("kind", LISTS)
def test_each_list_pages_through_every_row_once(client, served, kind):
    _, path = served
    table = {"quotes": "quotes", "figures": "figures", "events": "events"}.get(kind, kind)
    paged = every_page(client, f"/api/{kind}", limit=7)
    assert len(paged) == len({item["id"] for item in paged}) == len(rows(path, f"SELECT id FROM {table}"))


@pytest.mark.parametrize("kind", LISTS)
def test_each_list_has_the_error_shape(client, kind):
    bad_cursor = client.get(f"/api/{kind}", params={"cursor": "not-a-cursor"})
    assert bad_cursor.status_code == 400
    assert bad_cursor.json() == {"ok": False, "error": bad_cursor.json()["error"], "status": 400}
    assert "cursor" in bad_cursor.json()["error"]
    too_many = client.get(f"/api/{kind}", params={"limit": 1000})
    assert too_many.status_code == 400 and too_many.json()["ok"] is False and "limit" in too_many.json()["error"]


@pytest.mark.parametrize("kind", ["documents", "stories", "entities"])
def test_each_item_endpoint_answers_404_in_the_error_shape(client, kind):
    reply = client.get(f"/api/{kind}/no-such-thing")
    assert reply.status_code == 404
    assert reply.json()["ok"] is False and reply.json()["status"] == 404 and "WW018" in reply.json()["error"]


def test_unknown_paths_and_bad_dates_use_the_error_shape(client):
    assert client.get("/api/nothing-here").json() == {"ok": False, "error": "nothing at /api/nothing-here", "status": 404}
    for endpoint in ("/api/stories", "/api/events", "/api/quotes", "/api/timeline"):
        reply = client.get(endpoint, params={"from": "2022-13-40"})
        assert reply.status_code == 400 and reply.json()["ok"] is False and "WW011" in reply.json()["error"], endpoint
    unknown = client.get("/api/stories", params={"entity": "Nobody Atall"})
    assert unknown.status_code == 404 and "WW018" in unknown.json()["error"]
    assert client.get("/api/search").status_code == 400
    assert client.get("/api/timeline/summary", params={"dates": 0, "sentences": 1}).json()["status"] == 400
    assert client.get("/api/trends", params={"by": "year"}).json()["status"] == 400


def test_filters_by_day_entity_source_and_event_type(client):
    day = every_page(client, "/api/stories", **{"from": "2022-02-11", "to": "2022-02-11"})
    assert day and all(s["first_published_at"].startswith("2022-02-11") for s in day)
    blinken = every_page(client, "/api/quotes", entity="Antony Blinken")
    assert blinken and {q["speaker_entity_id"] for q in blinken} == {"person:antony-blinken"}
    dpa = every_page(client, "/api/entries", source="dpa/MIA")
    assert dpa and {e["source"] for e in dpa} == {"dpa/MIA"}
    consult = every_page(client, "/api/events", type="consult")
    assert consult and {e["type"] for e in consult} == {"CONSULT"}
    involving = every_page(client, "/api/events", entity="person:antony-blinken")
    assert involving and all("person:antony-blinken" in (e["source_entity_id"], e["target_entity_id"]) for e in involving)


def test_story_entity_and_document_items(client):
    blinken = client.get("/api/entities/person:antony-blinken").json()["item"]
    assert blinken["name"] == "Antony Blinken" and blinken["quotes"] and blinken["stories"]
    story = client.get(f"/api/stories/{blinken['stories'][0]['id']}").json()["item"]
    assert story["members"] and all("text" in m and "quotes" in m for m in story["members"])
    document = client.get(f"/api/documents/{story['members'][0]['document_id']}").json()["item"]
    assert document["entries"] and isinstance(document["removed"], list)


def test_timeline_pages_by_day_and_summary(client):
    first = client.get("/api/timeline", params={"days": 1}).json()
    assert len(first["items"]) == 1 and first["next_from"] > first["items"][0]["day"]
    second = client.get("/api/timeline", params={"days": 1, "from": first["next_from"]}).json()
    assert second["items"][0]["day"] == first["next_from"]
    summary = client.get("/api/timeline/summary", params={"dates": 4, "sentences": 2}).json()["items"]
    assert len(summary) == 4 and all(1 <= len(d["sentences"]) <= 2 for d in summary)


def test_search_and_trends(client):
    hits = client.get("/api/search", params={"q": "Blinken", "limit": 3}).json()
    assert hits["items"] and "\x02Blinken\x03" in hits["items"][0]["snippet"] and hits["next_cursor"]
    periods = client.get("/api/trends").json()["items"]
    assert periods and {"start", "counts", "escalation"} <= set(periods[0])


def test_ingest_needs_the_write_token_and_takes_the_cli_path(client, served):
    _, path = served
    record = {"id": "posted-1", "source": "Posted Wire", "title": "Ceasefire talks resume in Lenz",
              "published_at": "2025-02-20T08:00:00Z", "text": "Negotiators from Valdoria and Kestria met in Lenz on Thursday to resume ceasefire talks."}
    assert client.post("/api/documents", json=record).status_code == 401
    wrong = client.post("/api/documents", json=record, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and wrong.json()["ok"] is False
    done = client.post("/api/documents", json=record, headers={"Authorization": "Bearer secret-token"})
    assert done.status_code == 201 and done.json()["saved"] == {"posted-1": "new"}
    assert rows(path, "SELECT source FROM documents WHERE id = 'posted-1'") == [{"source": "Posted Wire"}]
    assert rows(path, "SELECT count(*) AS n FROM story_entries WHERE document_id = 'posted-1'") == [{"n": 1}]  # analysed, as `run` does
    broken = client.post("/api/documents", json={"id": "posted-2"}, headers={"Authorization": "Bearer secret-token"})
    assert broken.json()["ok"] is False and broken.json()["problems"]


def test_a_read_only_server_refuses_writes(tmp_path):
    from wirewatch.web import create_app

    with serving(create_app(tmp_path / "empty.db")) as base:
        reply = httpx.post(base + "/api/documents", json={"id": "x", "text": "y"}, headers={"Authorization": "Bearer anything"})
    assert reply.status_code == 403 and reply.json()["ok"] is False and "read-only" in reply.json()["error"]


def test_every_response_carries_the_security_headers(client):
    for path in ("/api/stories", "/timeline", "/documents/hostile", "/api/nothing"):
        headers = client.get(path).headers
        assert "script-src 'self'" in headers["content-security-policy"] and "'unsafe-inline'" not in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"


def test_openapi_documents_the_endpoints(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in ("/api/stories", "/api/stories/{story_id}", "/api/entities/{entity_id}", "/api/timeline", "/api/search", "/api/trends", "/api/documents"):
        assert path in paths


def test_hostile_text_is_escaped_in_pages(client):
    page = client.get("/documents/hostile").text
    assert "<script>window.__pwned" not in page and "&lt;script&gt;window.__pwned" in page
    assert "onerror=\"window" not in page and 'href="javascript:' not in page


def test_the_cli_and_the_api_give_the_same_pages(client, served):
    from typer.testing import CliRunner

    from wirewatch.cli import app

    _, path = served
    api_page = client.get("/api/events", params={"type": "accuse", "limit": 4}).json()
    result = CliRunner().invoke(app, ["show", "events", "--db", str(path), "--type", "accuse", "--limit", "4", "--json"])
    assert result.exit_code == 0, result.output
    cli_ids = [json.loads(line)["id"] for line in result.stdout.splitlines() if line.startswith("{")]
    assert cli_ids == [e["id"] for e in api_page["items"]]
    assert f"more: --cursor {api_page['next_cursor']}" in result.output
    entity = CliRunner().invoke(app, ["show", "entity", "Antony Blinken", "--db", str(path), "--json"])
    assert json.loads(entity.stdout)["id"] == client.get("/api/entities/person:antony-blinken").json()["item"]["id"]


def test_search_and_trends_take_the_filters(client):
    dpa = every_page(client, "/api/search", q="NATO", source="dpa/MIA")
    assert dpa and {hit["source"] for hit in dpa} == {"dpa/MIA"}
    day = every_page(client, "/api/search", q="troops", **{"from": "2022-02-11", "to": "2022-02-11"})
    assert day and all(hit["published_at"].startswith("2022-02-11") for hit in day)
    everywhere = every_page(client, "/api/search", q="troops")
    assert len(everywhere) > len(day)
    consult = client.get("/api/trends", params={"from": "2022-02-01", "to": "2022-02-28", "type": "consult"}).json()["items"]
    assert consult and all(p["start"].startswith("2022-02") and set(p["counts"]) == {"CONSULT"} for p in consult)


def test_static_files_cannot_be_left_by_path_traversal(client):
    for path in ("/static/../../pyproject.toml", "/static/%2e%2e/%2e%2e/pyproject.toml", "/static/..%2F..%2Fpyproject.toml",
                 "/static/....//....//pyproject.toml", "/static/%252e%252e/pyproject.toml"):
        reply = client.get(path)
        assert reply.status_code in (404, 400), (path, reply.status_code)
        assert "[project]" not in reply.text
    assert client.get("/static/app.css").status_code == 200


def test_no_page_loads_anything_from_elsewhere(client):
    import re

    assert client.get("/api/docs").status_code == 404  # Swagger UI would load from a CDN
    for path in ("/timeline", "/stories/s000001", "/entities", "/documents", "/search?q=troops", "/trends", "/documents/hostile"):
        page = client.get(path).text
        assets = re.findall(r'<(?:script|img|iframe)[^>]*\ssrc="([^"]*)"', page) + re.findall(r'<link[^>]*\shref="([^"]*)"', page)
        assert assets and all(a.startswith("/static/") for a in assets), (path, assets)


HOSTILE_VALUES = ["x' OR '1'='1", "'; DROP TABLE documents; --", "\" OR 1=1 --", "%' UNION SELECT id, text FROM documents --", "Blinken)) OR ((1"]


@pytest.mark.parametrize("path, param", [
    ("/api/search", "q"), ("/api/entries", "entity"), ("/api/stories", "source"), ("/api/events", "type"),
    ("/api/quotes", "document"), ("/api/entities", "name"), ("/api/timeline", "entity"), ("/api/trends", "entity"),
    ("/search", "q"), ("/entities", "name"),
])
def test_sql_in_any_parameter_is_only_ever_a_value(client, served, path, param):
    """Parameterised SQL everywhere: hostile values match nothing (or are refused) and change nothing."""
    _, store_path = served
    before = rows(store_path, "SELECT count(*) AS n FROM documents")[0]["n"]
    for value in HOSTILE_VALUES:
        reply = client.get(path, params={param: value})
        assert reply.status_code in (200, 400, 404), (path, value, reply.status_code, reply.text[:200])
        if path.startswith("/api") and reply.status_code == 200 and "items" in reply.json():
            items = reply.json()["items"]
            assert not items or path in ("/api/search", "/api/trends"), (path, value, items[:1])
    assert rows(store_path, "SELECT count(*) AS n FROM documents")[0]["n"] == before


def test_no_sql_is_built_from_values_in_the_source():
    """Every f-string handed to text()/execute() interpolates only table names of our own schema or numbers."""
    import ast
    from pathlib import Path

    import wirewatch

    allowed = {"table.name", "table", "max(1, int(seconds * 1000))"}
    for file in Path(wirewatch.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in ("text", "execute") and node.args:
                first = node.args[0]
                if isinstance(first, ast.JoinedStr):
                    used = {ast.unparse(v.value) for v in first.values if isinstance(v, ast.FormattedValue)}
                    assert used <= allowed, (file.name, node.lineno, used - allowed)


def test_figures_read_with_what_they_count_as_in_the_cli(client):
    """The page and `wirewatch timeline` word a figure alike (timeline.what_it_counts)."""
    page = client.get("/timeline", params={"days": 31}).text
    assert "nearly 60%</strong> of Russia’s land combat forces" in page
