"""The FastAPI application: routers, one error handler for AppError, request-size guard."""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.routers import (
    admin,
    cases,
    documents,
    health,
    letter_pages,
    letters,
    pages,
    request_pages,
    requests,
)
from api.security import BodyLimit, SecurityHeaders
from api.state import AppState, build_state
from core.errors import AppError, NotAuthenticated
from core.settings import Settings

log = logging.getLogger(__name__)
STATIC_DIR = Path(__file__).resolve().parent / "pages" / "static"
# Multipart framing around the file: allow this much over the file-size limit.
UPLOAD_OVERHEAD = 64 * 1024
# Every router of the app, in one place (the route x role test walks these).
ROUTERS = (
    health.router,
    cases.router,
    documents.router,
    admin.router,
    letters.router,
    pages.router,
    letter_pages.router,
    requests.router,
    request_pages.router,
)


# The AppError code a framework HTTP error is answered with.
HTTP_CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_type",
}


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/health"


def create_app(settings: Settings, state: AppState | None = None) -> FastAPI:
    max_bytes = settings.max_upload_bytes
    limit = max_bytes + UPLOAD_OVERHEAD
    app = FastAPI(
        title="Casedesk",
        version="0.1.0",
        description="Complaints, facts, FOI redaction and letters for police-oversight bodies.",
    )
    app.state.casedesk = state or build_state(settings)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for router in ROUTERS:
        app.include_router(router)

    app.add_middleware(BodyLimit, max_bytes=max_bytes, limit=limit)
    # Added last, so outermost: the 413 above and every error page get the headers too.
    app.add_middleware(SecurityHeaders)

    @app.exception_handler(AppError)
    async def app_error(request: Request, exc: AppError) -> Response:
        if _wants_json(request):
            retry = exc.details.get("retry_after")
            headers = {"Retry-After": str(retry)} if isinstance(retry, int) else None
            return JSONResponse(
                {"error": exc.to_dict()}, status_code=exc.status_code, headers=headers
            )
        if isinstance(exc, NotAuthenticated):
            return RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303)
        from api.routers.pages import error_page

        return await error_page(request, exc.status_code, exc.message, exc.code)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        # Framework errors (a body that is not UTF-8 or not parseable, an unknown path, a wrong
        # method) answer in the same shape as every AppError, not FastAPI's {"detail": ...}.
        code = HTTP_CODES.get(exc.status_code, "http_error")
        message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
        if exc.status_code == 400 and "parsing the body" in message:
            message = "the request body could not be read: send UTF-8 JSON or a form"
        if _wants_json(request):
            return JSONResponse(
                {"error": {"code": code, "message": message}},
                status_code=exc.status_code,
                headers=exc.headers,
            )
        from api.routers.pages import error_page

        return await error_page(request, exc.status_code, message, code)

    @app.exception_handler(DataError)
    async def unstorable_value(request: Request, exc: DataError) -> JSONResponse:
        # A value the database refuses to bind (a NUL character in text on PostgreSQL, a number
        # beyond a column) is bad input, not a server fault. The message names no value: the
        # driver's text holds the statement's parameters.
        log.warning("database refused a request value: %s", type(exc.orig).__name__)
        return JSONResponse(
            {
                "error": {
                    "code": "invalid_input",
                    "message": "a value is out of range or holds a character that cannot be "
                    "stored (e.g. NUL)",
                }
            },
            status_code=422,
        )

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        fields = []
        for error in exc.errors():
            loc = [str(part) for part in error.get("loc", ())]
            parts = [part for part in loc[1:] if not part.isdigit()]
            field = ".".join(parts) if parts else (loc[0] if loc else "body")
            fields.append({"field": field, "problem": error.get("msg", "")})
        names = ", ".join(f["field"] for f in fields)
        return JSONResponse(
            {
                "error": {
                    "code": "invalid_input",
                    "message": f"invalid request: {names}",
                    "fields": fields,
                }
            },
            status_code=422,
        )

    return app
