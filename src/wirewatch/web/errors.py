"""One error shape for every endpoint: ``{"ok": false, "error": ..., "status": ...}`` (pages: an HTML page)."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from ..errors import Code, WirewatchError

STATUS = {Code.NOT_FOUND_IN_STORE: 404, Code.BAD_OPTION: 400, Code.BAD_DATE: 400, Code.BAD_STAGE: 400, Code.QUERY_TIMEOUT: 503}


def status_of(exc: WirewatchError) -> int:
    return STATUS.get(exc.code, 422 if exc.code.value < "WW014" else 500)


def error_response(request: Request, status: int, message: str):
    if request.url.path.startswith("/api"):
        return JSONResponse({"ok": False, "error": message, "status": status}, status_code=status)
    from .pages import render_error

    return render_error(request, status, message)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(WirewatchError)
    async def _library(request: Request, exc: WirewatchError):
        return error_response(request, status_of(exc), exc.line())

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException):
        message = exc.detail if isinstance(exc.detail, str) else "request refused"
        if exc.status_code == 404 and message == "Not Found":
            message = f"nothing at {request.url.path}"
        return error_response(request, exc.status_code, message)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p not in ("query", "body", "path"))
        return error_response(request, 400, f"{Code.BAD_OPTION.value} {where or 'request'}: {first.get('msg', 'invalid value')}")

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):  # pragma: no cover - last resort
        return error_response(request, 500, f"WW999 internal error: {type(exc).__name__}")
