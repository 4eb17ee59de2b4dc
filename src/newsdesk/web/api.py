"""The JSON API, read-only, in the shapes of the export contract (``docs/export-format.md``) plus the dossier.

FastAPI describes it at ``/openapi.json``; the interactive docs pages are off because they load their scripts from
a CDN, and newsdesk serves every asset itself.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Query, Request

from newsdesk.errors import DeskError
from newsdesk.export import event_record
from newsdesk.web._common import found, reading_desk

router = APIRouter(prefix="/api", tags=["desk"])

#: Stories per page of ``/api/stories``.
API_PAGE = 100


@router.get("/stories")
def stories(request: Request, page: int = Query(1, ge=1)) -> dict[str, Any]:
    """The stories, newest first, ``API_PAGE`` a page: id, title, counts and date span of each."""
    with reading_desk(request) as desk:
        every = desk.stories()
    return {"page": page, "pages": max(1, -(-len(every) // API_PAGE)), "total": len(every),
            "stories": [asdict(story) for story in every[(page - 1) * API_PAGE:page * API_PAGE]]}


@router.get("/stories/{story_id}")
def story(request: Request, story_id: str) -> dict[str, Any]:
    """One story: its counts, its events (export records) and its dossier."""
    with reading_desk(request) as desk:
        detail = found(desk.story, story_id)
        dossier = desk.dossier(detail.story.id)
    return {"story": asdict(detail.story), "events": [event_record(event) for event in detail.events],
            "dossier": dossier.to_dict()}


@router.get("/articles/{article_id}")
def article(request: Request, article_id: str) -> dict[str, Any]:
    """One article as the export has it: metadata, clean text, removed lines, event, story and analysis."""
    with reading_desk(request) as desk:
        item = found(desk.article, article_id)
        try:
            placed = desk.explain(item.id)
            event, story = placed.event, placed.story or None
        except DeskError:
            event, story = None, None
        return {**item.to_dict(), "event": event, "story": story, "analysis": desk.analysis(item.id)}
