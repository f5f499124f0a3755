"""Server-rendered pages (Jinja2, autoescaped): timeline, story, entity, document, search, trends.

Pages work without JavaScript; ``static/app.js`` only adds conveniences. Article
text is always escaped; search matches are marked after escaping.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from .. import api
from ..limits import max_page
from ..query import Filters
from ..timeline import what_it_counts
from .charts import trend_chart

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
router = APIRouter(include_in_schema=False)


def _marked(snippet: str | None) -> Markup:
    """Escape a search snippet, then turn its match markers (U+0002 … U+0003) into <mark>."""
    return Markup(str(escape(snippet or "")).replace("\x02", "<mark>").replace("\x03", "</mark>"))


def _time(stamp: str | None) -> str:
    if not stamp:
        return "date unknown"
    return stamp.replace("T", " ").replace("Z", " UTC") if len(stamp) > 10 else stamp


TEMPLATES.env.filters["marked"] = _marked
TEMPLATES.env.filters["when"] = _time
TEMPLATES.env.globals["what_it_counts"] = what_it_counts


def _page(request: Request, template: str, code: int = 200, **context) -> HTMLResponse:
    return TEMPLATES.TemplateResponse(request, template, context, status_code=code)


def render_error(request: Request, status: int, message: str) -> HTMLResponse:
    return _page(request, "error.html", code=status, title=f"Error {status}", status=status, message=message)


@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/timeline", status_code=307)


@router.get("/timeline")
def timeline_page(request: Request, start: Annotated[str | None, Query(alias="from")] = None,
                  end: Annotated[str | None, Query(alias="to")] = None, entity: str | None = None, source: str | None = None):
    store = request.app.state.store
    start, end, entity, source = (v or None for v in (start, end, entity, source))
    days = api.timeline(start=start, end=end, entity=entity, source=source, per_day=20, max_days=7, store=store)
    following = api.next_timeline_day(days, end=end, store=store)
    return _page(request, "timeline.html", title="Timeline", days=days, following=following, live_since=api.live_cursor(store=store),
                 filters={"from": start or "", "to": end or "", "entity": entity or "", "source": source or ""})


@router.get("/stories/{story_id}")
def story_page(request: Request, story_id: str):
    store = request.app.state.store
    story = api.story(story_id, store=store)
    members = {m["entry_id"] for m in story["members"]}
    series = api.claims(store=store, entry_ids=members)
    disputed = api.disputes(store=store, entry_ids=members)
    return _page(request, "story.html", title=story["headline"] or story_id, story=story, series=series, disputed=disputed, members=members)


@router.get("/entities")
def entities_page(request: Request, name: str | None = None, cursor: str | None = None):
    page = api.browse_entities(name=name or None, cursor=cursor, limit=min(50, max_page()), store=request.app.state.store)
    return _page(request, "entities.html", title="Entities", page=page, name=name or "")


@router.get("/entities/{entity_id}")
def entity_page(request: Request, entity_id: str):
    store = request.app.state.store
    entity = api.entity(entity_id, store=store)
    series = api.claims(entity=entity["name"], store=store)
    return _page(request, "entity.html", title=entity["name"], entity=entity, series=series)


@router.get("/documents")
def documents_page(request: Request, source: str | None = None, cursor: str | None = None):
    page = api.browse("documents", filters=Filters(source=source or None), cursor=cursor, limit=min(50, max_page()), store=request.app.state.store)
    return _page(request, "documents.html", title="Documents", page=page, source=source or "")


@router.get("/documents/{document_id}")
def document_page(request: Request, document_id: str):
    document = api.document_detail(document_id, store=request.app.state.store)
    return _page(request, "document.html", title=document["title"] or document_id, document=document)


@router.get("/search")
def search_page(request: Request, q: str = "", cursor: str | None = None):
    page = api.search_page(q, cursor=cursor, limit=min(30, max_page()), store=request.app.state.store) if q.strip() else None
    return _page(request, "search.html", title=f"Search: {q}" if q else "Search", q=q, page=page)


@router.get("/trends")
def trends_page(request: Request, by: Annotated[str, Query(pattern="^(day|week)$")] = "day",
                start: Annotated[str | None, Query(alias="from")] = None, end: Annotated[str | None, Query(alias="to")] = None,
                entity: str | None = None):
    filters = Filters(start=start or None, end=end or None, entity=entity or None)
    report = api.trends(by=by, store=request.app.state.store, filters=filters, latest_days=90)
    return _page(request, "trends.html", title="Trends", report=report, periods=report.periods, chart=trend_chart(report.periods), by=by)
