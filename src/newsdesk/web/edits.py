"""Corrections from the browser (move an article, merge events, split an event, rename a story), mounted only by
``create_app(..., allow_edits=True)``.

Each POST must carry the CSRF token twice: in a hidden form field and in the ``SameSite=Strict`` cookie the pages
set, both equal to the process's token (``_common.csrf_token``). A page on another site can neither read the token
nor make the browser send the cookie. The desk is opened for writing only here, for the one correction, and the
correction is the library's (``Desk.move``, ``merge``, ``split``, ``rename``): a stored decision that survives
re-runs.
"""

from __future__ import annotations

import hmac
from urllib.parse import parse_qs, urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from newsdesk.desk import Desk
from newsdesk.errors import DeskError
from newsdesk.model import StorySummary
from newsdesk.web._common import CSRF_COOKIE, PageError, csrf_token

router = APIRouter(include_in_schema=False)

#: Largest form body read (the guard middleware refuses larger declared lengths before this).
MAX_FORM_BYTES = 64 * 1024


async def _form(request: Request) -> dict[str, list[str]]:
    """The checked form: at most ``MAX_FORM_BYTES``, same origin when the browser says, the right CSRF token."""
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            raise PageError(413, f"the form is too large (at most {MAX_FORM_BYTES:,} bytes)")
    origin = request.headers.get("origin")
    if origin and origin != "null" and urlsplit(origin).netloc != request.headers.get("host"):
        raise PageError(403, "the form came from another site")
    fields = parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True)
    expected = csrf_token(request)
    given = (fields.get("csrf") or [""])[0]
    cookie = request.cookies.get(CSRF_COOKIE, "")
    if not (hmac.compare_digest(given, expected) and hmac.compare_digest(cookie, expected)):
        raise PageError(403, "the form's security token is missing or out of date: reload the page and try again")
    return fields


def _one(fields: dict[str, list[str]], name: str) -> str:
    value = " ".join(fields.get(name) or []).strip()
    if not value:
        raise PageError(400, f"the form lacks {name}")
    return value


def _correct(request: Request, action: str, *args: object) -> RedirectResponse:
    """Run one correction on a writable desk (in a worker thread: it may wait for another writer) and show what it
    changed (the event, or the renamed story); a refused one (unknown id, a copy, nothing to do) is a 400 page."""
    try:
        with Desk(request.app.state.db_path, create=False) as desk:
            summary = getattr(desk, action)(*args)
    except DeskError as error:
        raise PageError(400, str(error)) from error
    shown = "story" if isinstance(summary, StorySummary) else "event"
    return RedirectResponse(f"/{shown}/{summary.id}", status_code=303)


@router.post("/article/{article_id}/move")
async def move(request: Request, article_id: str) -> RedirectResponse:
    """Move an article (and its copies) into the event named in the form."""
    fields = await _form(request)
    return await run_in_threadpool(_correct, request, "move", article_id, _one(fields, "event"))


@router.post("/event/{event_id}/merge")
async def merge(request: Request, event_id: str) -> RedirectResponse:
    """Merge the events named in the form (space-separated ids) into this one."""
    fields = await _form(request)
    return await run_in_threadpool(_correct, request, "merge", event_id, _one(fields, "events").split())


@router.post("/event/{event_id}/split")
async def split(request: Request, event_id: str) -> RedirectResponse:
    """Split the ticked articles off into a new event of the same story."""
    fields = await _form(request)
    articles = [value for value in fields.get("article") or [] if value.strip()]
    if not articles:
        raise PageError(400, "tick at least one article to split off")
    return await run_in_threadpool(_correct, request, "split", event_id, articles)


@router.post("/story/{story_id}/rename")
async def rename(request: Request, story_id: str) -> RedirectResponse:
    """Give the story the title typed in the form."""
    fields = await _form(request)
    return await run_in_threadpool(_correct, request, "rename", story_id, _one(fields, "title"))
