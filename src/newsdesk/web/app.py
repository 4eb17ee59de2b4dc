"""The web app of ``newsdesk serve``: a FastAPI application over one desk file.

Reading never writes: each request opens the desk read-only in the thread that serves it (SQLite connections
belong to one thread) and closes it before answering. Only an app made with ``allow_edits=True`` accepts POST
requests, and each must carry the process's CSRF token. Every response carries a strict Content-Security-Policy:
the pages load only newsdesk's own stylesheet, no script at all, and draw their charts as inline SVG.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newsdesk import __version__
from newsdesk.web import api, edits, views
from newsdesk.web._common import PageError, page
from newsdesk.web.render import environment

#: Largest request body accepted (the edit forms are a few hundred bytes).
MAX_BODY_BYTES = 64 * 1024
SECURITY_HEADERS = {
    "content-security-policy": ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"),
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}
_READING_METHODS = {"GET", "HEAD"}


def create_app(db_path: str | Path, *, allow_edits: bool = False) -> FastAPI:
    """The app serving the desk at ``db_path``. ``allow_edits``: accept corrections (move, merge, split, rename) through
    POST forms with a CSRF token; without it every POST is refused (405) and the desk is never written."""
    app = FastAPI(title="newsdesk", version=__version__, docs_url=None, redoc_url=None, openapi_url="/openapi.json",
                  description="Stories, dossiers and articles of one newsdesk desk (read-only JSON API).")
    app.state.db_path = str(db_path)
    app.state.allow_edits = allow_edits
    app.state.csrf_secret = secrets.token_bytes(32)
    app.state.templates = environment()
    app.mount("/static", StaticFiles(packages=[("newsdesk.web", "static")]), name="static")

    app.include_router(views.router)
    app.include_router(api.router)
    if allow_edits:
        app.include_router(edits.router)
    app.add_exception_handler(PageError, _page_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_middleware(_Guard, allow_edits=allow_edits)
    return app


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


async def _page_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, PageError)
    if _wants_json(request):
        return JSONResponse({"ok": False, "error": error.message, "status": error.status}, status_code=error.status)
    return page(request, "error.html", status=error.status, status_code=error.status, message=error.message)


async def _http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, StarletteHTTPException)
    message = "no such page" if error.status_code == 404 else str(error.detail)
    return await _page_error(request, PageError(error.status_code, message))


class _Guard:
    """Pure ASGI middleware in front of every request: refuses writing methods unless edits are allowed (405),
    refuses bodies over ``MAX_BODY_BYTES`` (413, by their declared length; the form reader counts too), and adds
    the security headers to every response, error pages and static files included."""

    def __init__(self, app: ASGIApp, *, allow_edits: bool) -> None:
        self.app = app
        self.allow_edits = allow_edits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.decode().lower() not in SECURITY_HEADERS]
                headers += [(key.encode(), value.encode()) for key, value in SECURITY_HEADERS.items()]
                message = {**message, "headers": headers}
            await send(message)

        refusal = self._refusal(scope)
        if refusal is not None:
            await refusal(scope, receive, send_with_headers)
            return
        await self.app(scope, receive, send_with_headers)

    def _refusal(self, scope: Scope) -> Response | None:
        if scope["method"] not in _READING_METHODS and not self.allow_edits:
            return PlainTextResponse("this newsdesk server is read-only (start it with --allow-edits to correct)",
                                     status_code=405, headers={"allow": "GET, HEAD"})
        length = dict(scope.get("headers", [])).get(b"content-length", b"0")
        if not length.isdigit() or int(length) > MAX_BODY_BYTES:
            return PlainTextResponse(f"request body too large (at most {MAX_BODY_BYTES:,} bytes)", status_code=413)
        return None
