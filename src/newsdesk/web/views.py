"""The HTML pages: the story river, a story's dossier, an event, an article, full-text search.

Each view opens the desk read-only, asks the library (``Desk``, ``web.render``) for what it shows and renders one
template; none holds pipeline logic.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from newsdesk.errors import DeskError
from newsdesk.web._common import PageError, found, page, reading_desk
from newsdesk.web.render import PART_PAGE_ITEMS, STORY_PARTS, article_paragraphs, story_sparkline, story_view

router = APIRouter(include_in_schema=False)
T = TypeVar("T")

#: Stories per page of the river, hits per search page.
RIVER_PAGE = 25
SEARCH_LIMIT = 50


def _page_number(value: str | None) -> int:
    try:
        return max(1, int(value or 1))
    except ValueError as error:
        raise PageError(400, f"the page number {value!r} is not a number") from error


def _cut_to_page(items: Sequence[T], number: int, size: int, what: str) -> tuple[Sequence[T], int]:
    """Page ``number`` of ``items`` (``size`` a page) and how many pages there are; a page past the last is a 404
    that names ``what`` was paged."""
    pages = max(1, -(-len(items) // size))
    if number > pages:
        raise PageError(404, f"there is no page {number}: {what} has {pages}")
    return items[(number - 1) * size:number * size], pages


@router.get("/", response_class=HTMLResponse)
def river(request: Request) -> HTMLResponse:
    """The stories, newest first, a page at a time, each with its counts, date span and articles per day."""
    number = _page_number(request.query_params.get("page"))
    with reading_desk(request) as desk:
        stories = desk.stories()
        shown, pages = _cut_to_page(stories, number, RIVER_PAGE, "the river")
        sparks = {story.id: story_sparkline(desk, story.id) for story in shown}
        summary = desk.summary()
    return page(request, "river.html", stories=shown, sparks=sparks, page_number=number, pages=pages,
                total=len(stories), summary=summary)


@router.get("/story/{story_id}", response_class=HTMLResponse)
def story(request: Request, story_id: str) -> HTMLResponse:
    """The dossier of one story, with its events and articles; each list cut to its first items, the rest on the
    part's own pages."""
    with reading_desk(request) as desk:
        view = found(lambda: story_view(desk, story_id, bounded=True))
    return page(request, "story.html", view=view, dossier=view.dossier, members=view.members, link=True)


@router.get("/story/{story_id}/{part}", response_class=HTMLResponse)
def story_part(request: Request, story_id: str, part: str) -> HTMLResponse:
    """One part of a story's dossier (its timeline, speakers, sources, …), a page at a time."""
    if part not in STORY_PARTS:
        raise PageError(404, f"a story has no part {part!r} (it has {', '.join(STORY_PARTS)})")
    number = _page_number(request.query_params.get("page"))
    with reading_desk(request) as desk:
        view = found(lambda: story_view(desk, story_id, part=part, page=number, bounded=True))
    if number > view.pages(part):
        raise PageError(404, f"there is no page {number}: the {part} of this story have {view.pages(part)}")
    return page(request, "story.html", view=view, dossier=view.dossier, members=view.members, link=True)


@router.get("/event/{event_id}", response_class=HTMLResponse)
def event(request: Request, event_id: str) -> HTMLResponse:
    """One event: its articles, copies under their originals, a page at a time (an event may hold 500 reports),
    and (with edits allowed) merge and split forms; the split form ticks articles of the page shown."""
    number = _page_number(request.query_params.get("page"))
    with reading_desk(request) as desk:
        detail = found(desk.event, event_id)
        siblings = [other for other in desk.events(story=detail.event.story) if other.id != detail.event.id]
    shown, pages = _cut_to_page(detail.members, number, PART_PAGE_ITEMS, "the article list of this event")
    return page(request, "event.html", detail=detail, siblings=siblings, members=shown, page_number=number,
                pages=pages, first=(number - 1) * PART_PAGE_ITEMS)


@router.get("/article/{article_id}", response_class=HTMLResponse)
def article(request: Request, article_id: str) -> HTMLResponse:
    """One article: metadata, the clean text in numbered sentences with its findings marked, the removed lines."""
    with reading_desk(request) as desk:
        item = found(desk.article, article_id)
        analysis = desk.analysis(item.id)
        try:
            placed = desk.explain(item.id)
        except DeskError:
            placed = None  # not placed in an event yet: the page shows the article without one
        siblings = desk.events(story=placed.story) if placed and placed.story else []
    return page(request, "article.html", article=item, analysis=analysis, placed=placed, siblings=siblings,
                paragraphs=article_paragraphs(item.text, analysis))


@router.get("/search", response_class=HTMLResponse)
def search(request: Request) -> HTMLResponse:
    """Full-text search; a query FTS5 cannot read is a 400 page that says why, never a server error."""
    query = request.query_params.get("q", "")
    if not query.strip():
        return page(request, "search.html", query="", hits=[])
    with reading_desk(request) as desk:
        try:
            hits = desk.search(query, limit=SEARCH_LIMIT)
        except DeskError as error:
            return page(request, "search.html", status=400, query=query, hits=[], problem=str(error))
    return page(request, "search.html", query=query, hits=hits)
