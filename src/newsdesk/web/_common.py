"""What the route modules share: the per-request desk, lookups that 404, the CSRF token and page rendering."""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from newsdesk.desk import Desk
from newsdesk.errors import DeskError

CSRF_COOKIE = "newsdesk_csrf"


class PageError(Exception):
    """A request that cannot be answered with its page: an unknown id (404), a bad query or form (400), a refused
    edit (403). ``message`` is shown to the user as it is (escaped)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@contextmanager
def reading_desk(request: Request) -> Iterator[Desk]:
    """The desk, opened read-only for this request and closed after it; a missing or foreign file is a 503 page."""
    try:
        desk = Desk(request.app.state.db_path, read_only=True)
    except DeskError as error:
        raise PageError(503, str(error)) from error
    try:
        yield desk
    finally:
        desk.close()


def found(call: Any, *args: Any) -> Any:
    """``call(*args)`` for a lookup by id: a ``DeskError`` (no such story, event, article) becomes a 404."""
    try:
        return call(*args)
    except DeskError as error:
        raise PageError(404, str(error)) from error


def csrf_token(request: Request) -> str:
    """The process's CSRF token: an HMAC of a fixed label under the secret made at start, so it dies with it."""
    return hmac.new(request.app.state.csrf_secret, b"newsdesk edits", "sha256").hexdigest()


def page(request: Request, template: str, *, status: int = 200, **context: Any) -> HTMLResponse:
    """A rendered page. With edits allowed, the response sets the CSRF cookie (``SameSite=Strict``, HTTP only)
    that each POST must send back along with the same token in its form."""
    edits = bool(request.app.state.allow_edits)
    token = csrf_token(request) if edits else ""
    html = request.app.state.templates.get_template(template).render(
        allow_edits=edits, csrf_token=token, inline_css=None, path=request.url.path, **context)
    response = HTMLResponse(html, status_code=status)
    if edits:
        response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict", path="/")
    return response
