"""The HTTP layer: a FastAPI application over one store (JSON API and server-rendered pages).

Both halves call the library (:mod:`wirewatch.api`) with the application's open
store, the same functions the CLI calls. Read-only unless started with a write
token, which ``POST /api/documents`` must carry. Every response carries a
strict Content-Security-Policy; every page asset is served by the app itself.
"""

from __future__ import annotations

from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from ..limits import query_seconds
from ..store import Store
from .errors import install_error_handlers
from .pages import router as page_router
from .routes import router as api_router
from .security import SecurityHeaders

STATIC = Path(__file__).parent / "static"


def create_app(db: str | Path, write_token: str | None = None) -> FastAPI:
    """The application for the store at ``db``."""
    from .. import __version__

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        app.state.store.close()

    # no Swagger UI or ReDoc page: both load from a CDN; the OpenAPI schema itself is served
    app = FastAPI(lifespan=lifespan, title="wirewatch", version=__version__, docs_url=None, redoc_url=None, openapi_url="/api/openapi.json",
                  description="Source-attributed crisis news: documents, entries, stories, entities, quotes, figures, "
                              "PLOVER events, the timeline and trends. Lists are paged with `cursor`; errors are "
                              "`{\"ok\": false, \"error\": ..., \"status\": ...}`.")
    app.state.store = Store(db, query_seconds=query_seconds())
    app.state.db = str(db)
    app.state.write_token = write_token
    app.add_middleware(SecurityHeaders)
    install_error_handlers(app)
    app.include_router(api_router)
    app.include_router(page_router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    return app
