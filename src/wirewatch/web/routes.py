"""JSON endpoints under ``/api``: lists with filters and cursors, single items, timeline, trends, search, ingest."""

from __future__ import annotations

import asyncio
import hmac
import json
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Body, Header, Query, Request
from fastapi.responses import JSONResponse, StreamingResponse
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from .. import api
from ..query import Filters, Page

router = APIRouter(prefix="/api", tags=["api"])

From = Annotated[str | None, Query(alias="from", description="First day, YYYY-MM-DD.")]
To = Annotated[str | None, Query(alias="to", description="Last day, YYYY-MM-DD.")]
EntityQ = Annotated[str | None, Query(description="Entity id, name or alias.")]
SourceQ = Annotated[str | None, Query(description="Outlet name.")]
Cursor = Annotated[str | None, Query(description="`next_cursor` of the previous page.")]
Limit = Annotated[int | None, Query(ge=1, description="Page size, at most 200 unless WIREWATCH_MAX_PAGE says otherwise.")]


def _store(request: Request):
    return request.app.state.store


def _json(content: dict[str, Any], status: int = 200) -> JSONResponse:
    """Encode plain JSON data directly (the library returns only JSON types), skipping FastAPI's slower generic encoder."""
    return JSONResponse(content, status_code=status)


def _page(page: Page) -> JSONResponse:
    return _json({"ok": True, "items": page.items, "next_cursor": page.next_cursor})


def _list(kind: str):
    def endpoint(request: Request, start: From = None, end: To = None, entity: EntityQ = None, source: SourceQ = None,
                 document: Annotated[str | None, Query(description="Document id.")] = None,
                 type: Annotated[str | None, Query(description="PLOVER event type (events only).")] = None,
                 cursor: Cursor = None, limit: Limit = None) -> JSONResponse:
        filters = Filters(start=start, end=end, entity=entity, source=source, event_type=type, document_id=document)
        return _page(api.browse(kind, filters=filters, cursor=cursor, limit=limit, store=_store(request)))

    endpoint.__name__ = f"list_{kind}"
    endpoint.__doc__ = f"A page of {kind}, filtered by day range, entity, source (and event type)."
    return endpoint


for _kind in ("documents", "entries", "stories", "quotes", "figures", "events"):
    router.add_api_route(f"/{_kind}", _list(_kind), methods=["GET"])


@router.get("/entities")
def list_entities(request: Request, name: Annotated[str | None, Query(description="Part of a name or alias.")] = None,
                  type: Annotated[str | None, Query(description="PERSON, ORG or PLACE.")] = None,
                  cursor: Cursor = None, limit: Limit = None) -> JSONResponse:
    """A page of canonical entities, most mentioned first."""
    return _page(api.browse_entities(name=name, kind=type, cursor=cursor, limit=limit, store=_store(request)))


@router.get("/documents/{document_id}")
def get_document(request: Request, document_id: str) -> JSONResponse:
    """One document: cleaned text, entries (with their stories) and removed debris."""
    return _json({"ok": True, "item": api.document_detail(document_id, store=_store(request))})


@router.get("/stories/{story_id}")
def get_story(request: Request, story_id: str) -> JSONResponse:
    """One story: each outlet's version with its time, quotes and figures; related stories."""
    return _json({"ok": True, "item": api.story(story_id, store=_store(request))})


@router.get("/entities/{entity_id}")
def get_entity(request: Request, entity_id: str) -> JSONResponse:
    """One entity: aliases, country, quotes over time, events as actor or target, figures claimed."""
    return _json({"ok": True, "item": api.entity(entity_id, store=_store(request))})


@router.get("/timeline")
def get_timeline(request: Request, start: From = None, end: To = None, entity: EntityQ = None, source: SourceQ = None,
                 days: Annotated[int, Query(ge=1, le=60, description="Days per page.")] = 7,
                 per_day: Annotated[int, Query(ge=1, le=100, description="Developments per day.")] = 20) -> JSONResponse:
    """Day by day from ``from``, the developments that matter; ``next_from`` starts the next page."""
    found = api.timeline(start=start, end=end, entity=entity, source=source, per_day=per_day, max_days=days, store=_store(request))
    following = api.next_timeline_day(found, end=end, store=_store(request))
    return _json({"ok": True, "items": [d.to_dict() for d in found], "next_from": following})


@router.get("/timeline/summary")
def get_timeline_summary(request: Request, dates: Annotated[int, Query(ge=1, le=365)], sentences: Annotated[int, Query(ge=1, le=20)],
                         start: From = None, end: To = None, entity: EntityQ = None, source: SourceQ = None) -> JSONResponse:
    """The timeline-summary task: exactly ``dates`` dates with up to ``sentences`` sentences each."""
    found = api.timeline_summary(dates, sentences, start=start, end=end, entity=entity, source=source, store=_store(request))
    return _json({"ok": True, "items": [{"date": d, "sentences": s} for d, s in found]})


@router.get("/trends")
def get_trends(request: Request, by: Annotated[str, Query(pattern="^(day|week)$")] = "day",
               dyad: Annotated[str | None, Query(description="Two actors: A,B.")] = None,
               include_uncertain: bool = False, start: From = None, end: To = None, entity: EntityQ = None, source: SourceQ = None,
               type: Annotated[str | None, Query(description="PLOVER event type.")] = None) -> JSONResponse:
    """Event counts by type, dyad scores and the escalation index per period; without ``from``, the last 90 days of events."""
    filters = Filters(start=start, end=end, entity=entity, source=source, event_type=type)
    report = api.trends(by=by, dyad=dyad, include_uncertain=include_uncertain, store=_store(request), filters=filters, latest_days=90)
    items = [{"start": p.start, "counts": dict(p.counts), "score": p.score, "escalation": p.escalation, "dyads": dict(p.dyads)}
             for p in report.periods]
    return _json({"ok": True, "items": items, "left_out": report.left_out, "undated": report.undated})


@router.get("/claims")
def get_claims(request: Request, subject: Annotated[str | None, Query(description="Text in the series label.")] = None,
               entity: EntityQ = None) -> JSONResponse:
    """Claim series: one quantity claimed across outlets and days, each point with value, qualifier, claimant, date, source."""
    found = api.claims(subject=subject, entity=entity, store=_store(request))
    return _json({"ok": True, "items": [asdict(s) | {"claimants": s.claimants} for s in found]})


@router.get("/disputes")
def get_disputes(request: Request) -> JSONResponse:
    """Contradictions, each with both claimants and their sources."""
    return _json({"ok": True, "items": [asdict(d) for d in api.disputes(store=_store(request))]})


@router.get("/search")
def get_search(request: Request, q: Annotated[str, Query(min_length=1, description="Words (FTS5 syntax).")],
               start: From = None, end: To = None, entity: EntityQ = None, source: SourceQ = None,
               cursor: Cursor = None, limit: Limit = None) -> JSONResponse:
    """Entries matching ``q``, best first; ``snippet`` marks matches with U+0002 … U+0003."""
    filters = Filters(start=start, end=end, entity=entity, source=source)
    return _page(api.search_page(q, cursor=cursor, limit=limit, store=_store(request), filters=filters))


@router.post("/documents", status_code=201)
def post_documents(request: Request, records: Annotated[list[dict] | dict, Body(description="One JSON Lines record or a list of them.")],
                   authorization: Annotated[str | None, Header()] = None) -> JSONResponse:
    """Ingest records and analyse them, as ``wirewatch run`` does; needs the server's write token."""
    token = request.app.state.write_token
    if not token:
        raise HTTPException(status_code=403, detail="this server is read-only; start it with --write-token to accept documents")
    given = (authorization or "").removeprefix("Bearer ").strip()
    if not hmac.compare_digest(given.encode(), token.encode()):
        raise HTTPException(status_code=401, detail="missing or wrong write token (send Authorization: Bearer TOKEN)")
    rows = records if isinstance(records, list) else [records]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "posted.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        report = api.run([str(path)], db=request.app.state.db)
    problems = [p.line().replace(str(path), "request") for p in report.ingest.problems]
    return _json({"ok": report.ingest.exit_code == 0, "saved": report.ingest.saved, "problems": problems}, status=201)


STREAM_POLL = 1.0
STREAM_KEEPALIVE = 15.0


@router.get("/stream")
async def stream(request: Request, since: Annotated[str | None, Query(description="Cursor: the `id` of the last event seen.")] = None,
                 last_event_id: Annotated[str | None, Header()] = None) -> StreamingResponse:
    """Server-sent events: one `story` event per story that is new or changed after the cursor (its `id` is the
    next cursor); without a cursor, from now. A comment line every 15 s keeps the connection open."""
    store = _store(request)
    poll = getattr(request.app.state, "stream_poll", STREAM_POLL)
    start = last_event_id or since
    if start is None:
        start = await run_in_threadpool(api.live_cursor, store=store)

    async def events():
        cursor, quiet = start, 0.0
        yield "retry: 2000\n\n"
        while not await request.is_disconnected():
            found, cursor = await run_in_threadpool(api.live_changes, cursor, store=store)
            for item in found:
                yield f"event: story\nid: {item['updated_at']}\ndata: {json.dumps(item, ensure_ascii=False)}\n\n"
            quiet = 0.0 if found else quiet + poll
            if quiet >= STREAM_KEEPALIVE:
                quiet = 0.0
                yield ": keep-alive\n\n"
            await asyncio.sleep(poll)

    return StreamingResponse(events(), media_type="text/event-stream", headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})
